"""FAQ answered from the data: price, context, free use, benchmarks, fit for coding, vision and images."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from matchgraph.catalog.facts import fmt_money, fmt_tokens
from matchgraph.compare.profile import Profile, parse_metric, per_artifact
from matchgraph.compare.sections import and_list, io_phrase, price_difference
from matchgraph.compare.table import arena_winner, starting_price


@dataclass(frozen=True)
class Task:
    """A kind of work people ask about and the facts that speak to it."""

    question: str
    verb: str
    needs_input: str | None
    needs_output: str | None
    capability_prefixes: tuple[str, ...]
    metrics: tuple[str, ...]


# Metrics that speak to each task, most direct first; the style-controlled rating of an arena metric is
# used when the artifact has one (LMArena's default view).
TASKS = (
    Task("Which is better for coding?", "write code", None, "text", ("capability://text.coding",
         "capability://tools.code-execution", "capability://text.domain.software"),
         ("arena_rating:text/coding", "aider:polyglot:pass_rate_2",
          "arena_rating:text/industry_software_and_it_services")),
    Task("Which is better for reading images (vision)?", "read images", "image", None, ("capability://vision.",),
         ("arena_rating:vision/full", "arena_rating:vision/ocr", "arena_rating:vision/diagram")),
    Task("Which is better for generating images?", "generate images", None, "image",
         ("capability://image.",), ("arena_rating:image/full",)),
)
#: How many positions a benchmarks answer states per artifact before counting the rest.
SHOWN_POSITIONS = 4


@per_artifact
def _prices_text(p: Profile) -> str:
    pr = p.prices
    bits = []
    if pr.get("input_per_mtok") is not None:
        bits.append(f"{fmt_money(pr['input_per_mtok'])} per 1M input tokens")
    if pr.get("output_per_mtok") is not None:
        bits.append(f"{fmt_money(pr['output_per_mtok'])} per 1M output tokens")
    if pr.get("per_image") is not None:
        bits.append(f"{fmt_money(pr['per_image'])} per image")
    if not bits:
        return f"{p.name}: prices unknown."
    host = (pr.get("offer") or {}).get("host")
    return f"{p.name}: {', '.join(bits)}" + (f" on its cheapest active offer ({host})." if host else ".")


@per_artifact
def _free_text(p: Profile) -> str:
    found = []
    if p.has("capability://pricing.free-tier"):
        found.append("a free tier is declared for it")
    zero = [o for o in p.passport.get("offers") or []
            if o.get("prices") and all(v == 0 for v in o["prices"].values())]
    if zero:
        found.append(f"{len(zero)} offer{'s' if len(zero) != 1 else ''} state a price of $0 "
                     f"({', '.join(sorted({o['host'] for o in zero}))})")
    if p.passport.get("open_weights"):
        found.append("its weights are open, so it can run on your own hardware (compute is yours to pay)")
    if found:
        return f"{p.name}: {'; '.join(found)}."
    s = starting_price(p)
    paid = f"its cheapest offer starts at {fmt_money(s['usd'])} {s['unit']}" if s else "its prices are unknown"
    return f"{p.name}: no free tier, $0 offer or open weights are recorded; {paid}."


@per_artifact
def _context_text(p: Profile) -> str:
    limits = p.passport.get("limits") or {}
    cw, mo = limits.get("context_window"), limits.get("max_output")
    text = f"{p.name}: context window {fmt_tokens(cw)}" + ("" if cw is None else " tokens")
    text += f", max output {fmt_tokens(mo)}" + ("" if mo is None else " tokens")
    if "text generation" not in p.jobs and cw is not None:
        text += " (it does not generate text; the limit bounds its input)"
    return text + "."


def _variants(metric: str) -> tuple[str, ...]:
    return (metric + ":style", metric) if metric.startswith("arena_rating:") else (metric,)


@per_artifact
def _headline_positions(p: Profile) -> list[dict[str, Any]]:
    """The positions a summary states: each board's overall rating (style-controlled when rated so) and
    each benchmark's main figure, independent ones first, as the passport orders them."""
    chosen: list[dict[str, Any]] = []
    boards: set[str] = set()
    for pos in p.positions.values():
        parsed = parse_metric(pos["metric"])
        if parsed is not None:
            board, category, _ = parsed
            if category != "full" or board in boards:
                continue
            boards.add(board)
        elif not pos["metric"].startswith(("aider:polyglot:pass_rate_2", "mteb:eng-v2-retrieval:mean_ndcg_at_10")):
            continue
        chosen.append(pos)
    return chosen


@per_artifact
def _benchmarks_line(p: Profile) -> str:
    if not p.positions:
        return f"{p.name}: no arena rating or benchmark result is recorded."
    shown = _headline_positions(p)[:SHOWN_POSITIONS] or list(p.positions.values())[:1]
    rest = len(p.positions) - len(shown)
    own = sum(1 for pos in p.positions.values() if pos.get("self_reported"))
    tail = f" It is placed on {len(p.positions)} boards and benchmarks in all" if rest > 0 else ""
    if tail and own:
        tail += f", {own} of them from figures its maker reported"
    return f"{p.name}: " + "; ".join(pos["text"] for pos in shown) + "." + (tail + "." if tail else "")


def _benchmarks_text(a: Profile, b: Profile) -> str:
    lines = [_benchmarks_line(a), _benchmarks_line(b)]
    shared = [m for m in a.ratings if m in b.ratings and not a.ratings[m].style] if a.ratings and b.ratings else []
    if shared:
        apart = sum(1 for m in shared if arena_winner(a.ratings[m], b.ratings[m]) != "tie")
        lines.append(f"They share {len(shared)} rated arena categories; their 95% intervals separate on {apart}.")
    elif a.ratings and b.ratings:
        lines.append("They are rated on different arena boards, which do not compare.")
    return " ".join(lines)


def _task_position(t: Task, p: Profile) -> dict[str, Any] | None:
    for metric in t.metrics:
        for m in _variants(metric):
            if m in p.positions:
                return p.positions[m]
    return None


def _fit_side(t: Task, p: Profile) -> tuple[bool, str]:
    """Whether ``p`` can do the task by its modalities, and its line of the answer (a fact of ``p`` alone)."""
    if (t.needs_output and t.needs_output not in p.outputs) or (t.needs_input and t.needs_input not in p.inputs):
        return False, f"{p.name} {io_phrase(p)}, so it does not {t.verb}."
    caps = [c.get("name") or c["uri"] for c in p.passport.get("capabilities") or []
            if c["uri"].startswith(t.capability_prefixes)]
    text = f"{p.name} {io_phrase(p)}; " + (f"recorded capabilities: {and_list(caps[:4])}" if caps
                                           else "no specific capability is recorded for it")
    pos = _task_position(t, p)
    text += f"; {pos['text']}" if pos else "; no rating or benchmark result for this work"
    return True, text + "."


@per_artifact
def _fit_sides(p: Profile) -> tuple[tuple[bool, str], ...]:
    """:func:`_fit_side` of each task in ``TASKS``, made once per profile."""
    return tuple(_fit_side(t, p) for t in TASKS)


def _fit_text(t: Task, a: Profile, b: Profile, side_a: tuple[bool, str], side_b: tuple[bool, str]) -> str:
    """The answer to the task's question: each side's line (``_fit_side``), then what a rating both have
    says, or that neither can do the work."""
    (usable_a, line_a), (usable_b, line_b) = side_a, side_b
    lines = [line_a, line_b]
    if usable_a and usable_b:
        # Most pairs have no rating in common at all: the metrics are walked only when both are rated.
        for metric in t.metrics if a.ratings and b.ratings else ():
            m = next((v for v in _variants(metric) if v in a.ratings and v in b.ratings), None)
            if m is not None:
                w = arena_winner(a.ratings[m], b.ratings[m])
                lines.append("Their 95% intervals overlap, so the arena does not separate them." if w == "tie" else
                             f"{(a if w == 'a' else b).name} rates higher with non-overlapping 95% intervals.")
                break
    elif not usable_a and not usable_b:
        lines.append(f"By their recorded modalities, neither can {t.verb}.")
    return " ".join(lines)


def _cost_text(cost: dict[str, Any], a: Profile, b: Profile) -> str:
    w = cost["workload"]
    head = f"For {w['description']}" + (" (an assumed workload; the cost section prices yours)" if w["assumed"] else "")
    lines = [f"{head}: {a.name}: {cost['a']['note']} {b.name}: {cost['b']['note']}", *cost["notes"]]
    if cost.get("cheaper") in ("a", "b"):
        lines.append(f"{(a if cost['cheaper'] == 'a' else b).name} is cheaper for this workload.")
    elif cost.get("cheaper") is None:
        lines.append("The two totals are not compared: one is unknown or they price different parts of the work.")
    return " ".join(lines)


# The questions, each a function of the two names (as given: plain or escaped), in the order they are asked
# after the one on the verdict; the tasks' questions follow them and the cost question ends the list.
def _q_better(an: str, bn: str) -> str:
    return f"Which is better, {an} or {bn}?"


def _q_price(an: str, bn: str) -> str:
    return f"How do {an} and {bn} compare on price?"


def _q_context(an: str, bn: str) -> str:
    return f"What context window do {an} and {bn} have?"


def _q_free(an: str, bn: str) -> str:
    return f"Can I use {an} or {bn} for free?"


def _q_benchmarks(an: str, bn: str) -> str:
    return f"How do {an} and {bn} score on benchmarks?"


COST_QUESTION = "What would a month of use cost on each?"


def build_faq(a: Profile, b: Profile, verdict: dict[str, Any], cost: dict[str, Any],
              price: str | None = None) -> list[dict[str, str]]:
    """Questions people ask about a pair, each answered from recorded facts (unknowns said so); ``price``,
    when given, is :func:`price_difference` of the two."""
    if price is None:
        price = price_difference(a, b)
    an, bn = a.name, b.name
    faq = [
        {"q": _q_better(an, bn), "a": verdict["text"]},
        {"q": _q_price(an, bn), "a": f"{_prices_text(a)} {_prices_text(b)} {price or ''}".strip()},
        {"q": _q_context(an, bn), "a": f"{_context_text(a)} {_context_text(b)}"},
        {"q": _q_free(an, bn), "a": f"{_free_text(a)} {_free_text(b)}"},
        {"q": _q_benchmarks(an, bn), "a": _benchmarks_text(a, b)},
    ]
    faq += [{"q": t.question, "a": _fit_text(t, a, b, side_a, side_b)}
            for t, side_a, side_b in zip(TASKS, _fit_sides(a), _fit_sides(b), strict=True)]
    faq.append({"q": COST_QUESTION, "a": _cost_text(cost, a, b)})
    return faq


def _html(text: str) -> str:
    """``text`` escaped for HTML (as the page renderer escapes it); text with nothing to escape as it is."""
    if "&" not in text and "<" not in text and ">" not in text and "'" not in text and '"' not in text:
        return text
    return str(escape(text))


def _details(q: str, a: str) -> str:
    return f"<details open><summary><strong>{q}</strong></summary><p>{a}</p></details>"


@per_artifact
def _html_parts(p: Profile) -> tuple[str, str, str, str]:
    """The artifact's escaped name and its own price, context and free-use answers, escaped once for all
    of its pairs (escaping text piece by piece gives what escaping it joined gives)."""
    return _html(p.name), _html(_prices_text(p)), _html(_context_text(p)), _html(_free_text(p))


_TASK_QUESTIONS = tuple(_html(t.question) for t in TASKS)
_COST_QUESTION = _html(COST_QUESTION)


def faq_html(a: Profile, b: Profile, verdict: dict[str, Any], cost: dict[str, Any],
             price: str | None = None) -> list[str]:
    """The questions of :func:`build_faq` as the comparison page shows them, one escaped ``<details>``
    block each, made without the list of question dicts and with what belongs to one artifact (its name,
    its price, context and free-use answers) escaped once per artifact rather than once per pair: for a
    static export, whose pages show the questions and nothing else reads them. The page test checks that
    the blocks are those rendered from :func:`build_faq` on thousands of pairs."""
    if price is None:
        price = price_difference(a, b)
    an, prices_a, context_a, free_a = _html_parts(a)
    bn, prices_b, context_b, free_b = _html_parts(b)
    out = [
        _details(_q_better(an, bn), _html(verdict["text"])),
        _details(_q_price(an, bn), f"{prices_a} {prices_b} {_html(price) if price else ''}".strip()),
        _details(_q_context(an, bn), f"{context_a} {context_b}"),
        _details(_q_free(an, bn), f"{free_a} {free_b}"),
        _details(_q_benchmarks(an, bn), _html(_benchmarks_text(a, b))),
    ]
    out += [_details(q, _html(_fit_text(t, a, b, side_a, side_b)))
            for q, t, side_a, side_b in zip(_TASK_QUESTIONS, TASKS, _fit_sides(a), _fit_sides(b), strict=True)]
    out.append(_details(_COST_QUESTION, _html(_cost_text(cost, a, b))))
    return out
