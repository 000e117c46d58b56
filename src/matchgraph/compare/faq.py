"""FAQ answered from the data: price, context, free use, benchmarks, fit for coding, vision and images."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def build_faq(a: Profile, b: Profile, verdict: dict[str, Any], cost: dict[str, Any],
              price: str | None = None) -> list[dict[str, str]]:
    """Questions people ask about a pair, each answered from recorded facts (unknowns said so); ``price``,
    when given, is :func:`price_difference` of the two."""
    if price is None:
        price = price_difference(a, b)
    faq = [
        {"q": f"Which is better, {a.name} or {b.name}?", "a": verdict["text"]},
        {"q": f"How do {a.name} and {b.name} compare on price?",
         "a": f"{_prices_text(a)} {_prices_text(b)} {price or ''}".strip()},
        {"q": f"What context window do {a.name} and {b.name} have?", "a": f"{_context_text(a)} {_context_text(b)}"},
        {"q": f"Can I use {a.name} or {b.name} for free?", "a": f"{_free_text(a)} {_free_text(b)}"},
        {"q": f"How do {a.name} and {b.name} score on benchmarks?", "a": _benchmarks_text(a, b)},
    ]
    faq += [{"q": t.question, "a": _fit_text(t, a, b, side_a, side_b)}
            for t, side_a, side_b in zip(TASKS, _fit_sides(a), _fit_sides(b), strict=True)]
    faq.append({"q": "What would a month of use cost on each?", "a": _cost_text(cost, a, b)})
    return faq
