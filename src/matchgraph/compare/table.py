"""The feature table: one row per fact, both values, and a winner only where the row compares.

A row compares when both values are known, measure the same thing in the same unit, and the artifacts
share a job (a context window decides nothing between a chat model and an image generator, and MatchRank
scores each artifact among its own kind). Token limits compare only when both generate text. Arena
ratings compare only on the same metric; overlapping 95% intervals are a tie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_rating, fmt_tokens
from matchgraph.catalog.metric_names import arena_category, parse_arena
from matchgraph.catalog.metric_names import metric_label as _metric_label
from matchgraph.compare.model import Row
from matchgraph.compare.profile import COMPONENTS, Profile, Rating, per_artifact, pricing_model
from matchgraph.rank.positions import short_rank


def category_name(category: str) -> str:
    """Readable name of an arena category key (one table for every page: catalog.metric_names)."""
    return arena_category(category)


def metric_label(r: Rating) -> str:
    """"LMArena text: coding" for ``arena_rating:text/coding``."""
    return _metric_label(r.metric)


def _has_range(rs: dict[str, Any]) -> bool:
    return rs.get("lower") is not None and rs.get("upper") is not None and rs["lower"] != rs["upper"]


def rank_winner(ra: dict[str, Any] | None, rb: dict[str, Any] | None) -> str | None:
    """Higher MatchRank wins only when the two ranges do not overlap. When one side has a range and the
    other's is unknown the difference cannot be weighed, so neither leads (a tie); None when either is unknown."""
    if ra is None or rb is None or ra.get("score") is None or rb.get("score") is None:
        return None
    if _has_range(ra) or _has_range(rb):
        if not (_has_range(ra) and _has_range(rb)):
            return "tie"
        if ra["lower"] <= rb["upper"] and rb["lower"] <= ra["upper"]:
            return "tie"
    return _higher(ra["score"], rb["score"])


def fmt_rank(rs: dict[str, Any] | None) -> str:
    """"58/100 (2 of 4 components known)" or "unknown"."""
    if not rs or rs.get("score") is None:
        return UNKNOWN
    text = f"{rs['score']:.0f}/100"
    if _has_range(rs):
        text += f" (range {rs['lower']:.0f}–{rs['upper']:.0f})"
    return f"{text}, {rs['known']} of {rs['total']} components known"


def _higher(a: float | None, b: float | None) -> str | None:
    if a is None or b is None:
        return None
    return "tie" if a == b else ("a" if a > b else "b")


_FLIP = {"a": "b", "b": "a"}


def _lower(a: float | None, b: float | None) -> str | None:
    w = _higher(a, b)
    return _FLIP.get(w, w) if w else None


def _fmt_value(value: Any) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else UNKNOWN
    return str(value)


@per_artifact
def starting_price(p: Profile) -> dict[str, Any] | None:
    """The starting offer's headline price in its own unit."""
    prices = p.prices
    offer = prices.get("offer") or {}
    for field, unit in (("input_per_mtok", "per 1M input tokens"), ("per_image", "per image"),
                        ("output_per_mtok", "per 1M output tokens"), ("per_second", "per second"),
                        ("per_character", "per character"), ("per_query", "per query"), ("per_page", "per page")):
        if prices.get(field) is not None:
            return {"usd": prices[field], "unit": unit, "host": offer.get("host")}
    return None


# What a cell shows for a model no source offers (a benchmark's model page): not "unknown hosts".
NO_OFFER = "no hosted offer known"


def _fmt_hosts(p: Profile, n: int | None) -> str:
    if n is None and not p.passport.get("offers"):
        return NO_OFFER
    return UNKNOWN if n is None else str(n)


def _fmt_start(s: dict[str, Any] | None) -> str:
    if s is None:
        return UNKNOWN
    return f"{fmt_money(s['usd'])} {s['unit']}" + (f" ({s['host']})" if s.get("host") else "")


def fmt_arena(p: Profile, r: Rating | None) -> str:
    """Rating with interval and, when known, where it stands among its peers on the board."""
    if r is None:
        return UNKNOWN
    text = fmt_rating(r.value, r.ci_low, r.ci_high)
    pos = p.positions.get(r.metric)
    return f"{text}, {short_rank(pos)}" if pos else text


@per_artifact
def overall_rating(p: Profile) -> Rating | None:
    """The artifact's overall arena rating, style-controlled when rated so (the board's default view)."""
    overall = [r for r in p.ratings.values() if r.category == "full"]
    if not overall:
        return None
    return sorted(overall, key=lambda r: (not r.style, r.board))[0]


def board_position(p: Profile, r: Rating | None) -> str:
    """Where the artifact stands on the rating's board, as its passport states it ("#68 of 153 on LMArena
    text, style-controlled: 1346; rank interval 61–78 (…)"), or the rating alone without a position."""
    if r is None:
        return UNKNOWN
    pos = p.positions.get(r.metric)
    if pos is None:
        return f"{fmt_rating(r.value, r.ci_low, r.ci_high)} on {_metric_label(r.metric)}"
    return pos["text"]


def arena_winner(ra: Rating, rb: Rating) -> str:
    """A side wins only when its 95% interval lies entirely above the other's."""
    if ra.low > rb.high:
        return "a"
    if rb.low > ra.high:
        return "b"
    return "tie"


@per_artifact
def best_for(p: Profile) -> list[str]:
    """What the artifact stands out for, from facts: top arena ranks, then capability notes, then jobs."""
    out: list[str] = []
    for r in p.main_ratings():
        ranked, pos = p.arena_ranks.get(r.metric), p.positions.get(r.metric)
        # Small boards say little: a top rank counts only among at least ten rated artifacts.
        if ranked and pos and ranked[2] >= 10 and ranked[1] <= max(3, ranked[2] // 10):
            out.append(f"{category_name(r.category)} on LMArena {r.board} ({short_rank(pos)})")
    for c in p.passport.get("capabilities") or []:
        for note in c.get("best_for") or []:
            if note not in out:
                out.append(note)
    if not out:
        out = list(p.jobs)
    return out[:4]


def shared_ratings(a: Profile, b: Profile) -> list[tuple[Rating, Rating]]:
    """Ratings on the same metric (no style-control duplicates; only categories that measure a capability)."""
    pairs = []
    for ra in a.main_ratings():
        rb = b.ratings.get(ra.metric)
        if rb is not None and (ra.category == "full" or ra.capability):
            pairs.append((ra, rb))
    return pairs


def _ranked_dict(p: Profile, r: Rating) -> dict[str, Any]:
    pos = p.positions.get(r.metric) or {}
    return {**r.as_dict(), "rank": p.arena_ranks.get(r.metric), "position": pos.get("text")}


def _rating_cell(p: Profile, r: Rating) -> tuple[dict[str, Any], str]:
    """A rating row's value and text for one side: the same for every pair that shares the rating, so made
    once per profile and metric (and read, never changed)."""
    key = ("rating cell", r.metric)
    hit = p.memo.get(key)
    if hit is None or hit[0] is not r:
        hit = p.memo[key] = (r, (_ranked_dict(p, r), fmt_arena(p, r)))
    return hit[1]


@functools.cache
def _rating_row(metric: str) -> tuple[str, str]:
    """A rating row's key and label (one per board and category)."""
    board, category, _ = parse_arena(metric)
    return f"arena:{board}/{category}", f"{_metric_label(metric)} rating"


def _score(rs: dict[str, Any] | None) -> float | None:
    return None if rs is None else rs.get("score")


def _fmt_parameters(v: Any) -> str:
    return UNKNOWN if v is None else f"{v / 1e9:.1f}B".replace(".0B", "B")


def _limit(field: str) -> Callable[[Profile], Any]:
    return lambda p: (p.passport.get("limits") or {}).get(field)


def _price(field: str) -> Callable[[Profile], Any]:
    return lambda p: p.prices.get(field)


# The rows whose cell is one fact of one artifact: key -> (how to read it, how it reads).
_FACTS: dict[str, tuple[Callable[[Profile], Any], Callable[[Any], str]]] = {
    "type": (lambda p: p.passport.get("kind"), _fmt_value),
    "jobs": (lambda p: p.jobs or None, _fmt_value),
    "modalities": (lambda p: f"{', '.join(p.inputs) or UNKNOWN} → {', '.join(p.outputs) or UNKNOWN}", _fmt_value),
    "organization": (lambda p: p.passport.get("organization"), _fmt_value),
    "pricing_model": (lambda p: pricing_model(p.prices), _fmt_value),
    "input_price": (_price("input_per_mtok"), fmt_money),
    "output_price": (_price("output_per_mtok"), fmt_money),
    "per_image": (_price("per_image"), fmt_money),
    "context_window": (_limit("context_window"), fmt_tokens),
    "max_output": (_limit("max_output"), fmt_tokens),
    "parameters": (lambda p: p.passport.get("parameters"), _fmt_parameters),
    "open_weights": (lambda p: p.passport.get("open_weights"), _fmt_value),
    "release_date": (lambda p: p.passport.get("release_date"), _fmt_value),
    "status": (lambda p: p.passport.get("status"), _fmt_value),
    "best_for": (best_for, _fmt_value),
    "capabilities": (lambda p: len(p.capability_uris), _fmt_value),
    "times_matched": (lambda p: p.times_matched, _fmt_value),
}


@per_artifact
def _facts(p: Profile) -> dict[str, tuple[Any, str]]:
    """Each one-artifact row's value and how it reads: the same in every pair, so made once per profile.
    Besides the facts above: MatchRank and its components, the starting price and the host count."""
    out = {key: (value, fmt(value)) for key, (get, fmt) in _FACTS.items() for value in (get(p),)}
    rs = p.rank
    out["matchrank"] = (_score(rs), fmt_rank(rs))
    for name, key in _COMPONENT_KEYS:
        v = None if rs is None else rs["components"].get(name)
        out[key] = (v, UNKNOWN if v is None else f"{v:.0f}")
    s = starting_price(p)
    out["starting_price"] = (s, _fmt_start(s) if s or p.passport.get("offers") else NO_OFFER)
    n = len(p.passport.get("hosts") or []) or None
    out["hosts"] = (n, _fmt_hosts(p, n))
    return out


# Rows made from their eight fields at once, past the named tuple's keyword-aware constructor.
new_row = tuple.__new__
_COMPONENT_KEYS = tuple((name, f"matchrank_{name.lower().replace(' ', '_')}") for name in COMPONENTS)
_ROUNDED = "equal as shown (rounded)"


# The rows before the arena rows and after them, in display order: (key, label, how a side leads, basis
# of a tie, basis of a lead). How: None when the row states facts and compares nothing, a function of the
# two values, or "tokens" (the larger leads, when both generate text), "rank" (MatchRank, by its ranges)
# and "start" (the cheaper starting price, in the same unit).
_HEAD: tuple[tuple[str, str, Any, str | None, str | None], ...] = (
    ("type", "Type", None, None, None),
    ("jobs", "What it does", None, None, None),
    ("modalities", "Input → output", None, None, None),
    ("organization", "Organization", None, None, None),
    ("matchrank", "MatchRank (0–100)", "rank", "equal scores or overlapping ranges", "higher score"),
    *((key, f"MatchRank: {name}", _higher, "equal scores", "higher component score") for name, key in _COMPONENT_KEYS),
    ("pricing_model", "Pricing model", None, None, None),
    ("starting_price", "Starting price (cheapest active offer, USD)", "start", None, None),
    ("input_price", "Input price (USD per 1M tokens)", _lower, "equal values", "lower price per 1M input tokens"),
    ("output_price", "Output price (USD per 1M tokens)", _lower, "equal values", "lower price per 1M output tokens"),
    ("per_image", "Price per image (USD)", _lower, "equal values", "lower price per image"),
    ("context_window", "Context window (tokens)", "tokens", "equal values",
     "larger context window (both generate text)"),
    ("max_output", "Max output (tokens)", "tokens", "equal values",
     "more output tokens per request (both generate text)"),
    ("parameters", "Parameters", None, None, None),
    ("open_weights", "Open weights", None, None, None),
    # No offer recorded means the host count is unknown, not zero; the cell says no hosted offer is known.
    ("hosts", "Hosts offering it", _higher, "equal values", "more hosts to choose from"),
)
_TAIL = (("release_date", "Release date"), ("status", "Status"), ("best_for", "Best for"),
         ("capabilities", "Capabilities"), ("times_matched", "Times matched"))


@per_artifact
def _cells(p: Profile) -> tuple[tuple[tuple[Any, str], ...], tuple[tuple[Any, str], ...]]:
    """The artifact's (value, how it reads) for each row of ``_HEAD`` and of ``_TAIL``, in display order, so
    a pair walks both sides' rows side by side instead of looking each one up by key."""
    facts = _facts(p)
    return tuple(facts[row[0]] for row in _HEAD), tuple(facts[key] for key, _ in _TAIL)


def _stated_rows(keys: Iterable[tuple[str, str]], cells_a: Iterable[tuple[Any, str]],
                 cells_b: Iterable[tuple[Any, str]]) -> list[Row]:
    """Rows that state both facts and name no leader."""
    return [new_row(Row, (key, label, va, vb, ta, tb, None, None))
            for (key, label), (va, ta), (vb, tb) in zip(keys, cells_a, cells_b, strict=True)]


_HEAD_KEYS = tuple(row[:2] for row in _HEAD)


# A head row's winner and the basis of it: None when the two share no job (no row decides anything).
HeadWinners = tuple[tuple[str | None, str | None], ...] | None


def table_winners(a: Profile, b: Profile) -> tuple[HeadWinners, list[Row]]:
    """What the feature table decides for the pair: the winner and basis of each ``_HEAD`` row (None when
    the two share no job), and the rows between the head and the tail (the arena rows), whole. The rest of
    the table is each side's own cells (``_cells``), so a renderer that keeps those per artifact needs no
    more than this for a pair; :func:`build_table` makes the full rows from it."""
    same_job = any(j in b.jobs for j in a.jobs)
    head = _head_winners(a, b) if same_job else None
    return head, _middle_rows(a, b, same_job)


@per_artifact
def _compared(p: Profile) -> frozenset[int]:
    """The positions of the ``_HEAD`` rows that compare and of which the artifact's value is known: a row
    names no winner unless both sides' values are known, so a pair weighs only the rows in both sets (about
    half of the head)."""
    return frozenset(i for i, (row, (value, _text)) in enumerate(zip(_HEAD, _cells(p)[0], strict=True))
                     if row[2] is not None and value is not None)


def _head_winners(a: Profile, b: Profile) -> tuple[tuple[str | None, str | None], ...]:
    both_text = "text generation" in a.jobs and "text generation" in b.jobs
    out = list(_NO_WINNERS)
    head_a, head_b = _cells(a)[0], _cells(b)[0]
    for i in _compared(a) & _compared(b):
        _key, _label, how, tie, lead = _HEAD[i]
        if how == "tokens" and not both_text:
            continue
        (va, ta), (vb, tb) = head_a[i], head_b[i]
        if type(how) is not str or how == "tokens":
            w = (_higher if how == "tokens" else how)(va, vb)
        elif how == "rank":
            w = rank_winner(a.rank, b.rank)
        else:  # the starting price: compared in one unit only, and a tie says so in that unit
            w = _lower(va["usd"], vb["usd"]) if va and vb and va["unit"] == vb["unit"] else None
            tie = lead = f"lower price {va['unit']}" if w else None
        if w is None:
            continue
        if w == "tie":
            out[i] = ("tie", tie)
        elif ta == tb:
            out[i] = _ROUNDED_TIE
        else:
            out[i] = (w, lead)
    return tuple(out)


_NO_WINNER = (None, None)
_NO_WINNERS = (_NO_WINNER,) * len(_HEAD)
_ROUNDED_TIE = ("tie", _ROUNDED)


def _middle_rows(a: Profile, b: Profile, same_job: bool) -> list[Row]:
    rows: list[Row] = []
    add = rows.append
    # Where each stands on its own arena board (the overall category) when the two were not rated on one
    # board (rated on the same one, the rating rows below compare them and show the ranks). No leader:
    # positions on different boards do not compare.
    oa, ob = overall_rating(a), overall_rating(b)
    shared = shared_ratings(a, b) if a.ratings and b.ratings else []
    if (oa is not None or ob is not None) and not (oa is not None and ob is not None and oa.board == ob.board
                                                   and shared):
        add(Row("arena_rank", "Arena rank (overall, own board)",
                None if oa is None else _ranked_dict(a, oa), None if ob is None else _ranked_dict(b, ob),
                board_position(a, oa), board_position(b, ob), None,
                "different boards" if oa is not None and ob is not None and same_job else None))
    for r_a, r_b in shared:
        (va, ta), (vb, tb) = _rating_cell(a, r_a), _rating_cell(b, r_b)
        w = arena_winner(r_a, r_b) if same_job else None
        why = None if w is None else ("95% intervals do not overlap" if w != "tie" else "95% intervals overlap")
        if (w == "a" or w == "b") and ta == tb:
            w, why = "tie", _ROUNDED
        key, label = _rating_row(r_a.metric)
        add(new_row(Row, (key, label, va, vb, ta, tb, w, why)))
    return rows


#: Each row label of the head and of the tail, in display order (the rows each side fills from ``own_cells``).
HEAD_LABELS = tuple(label for _key, label in _HEAD_KEYS)
TAIL_LABELS = tuple(label for _key, label in _TAIL)


def own_cells(p: Profile) -> tuple[tuple[tuple[Any, str], ...], tuple[tuple[Any, str], ...]]:
    """The artifact's (value, how it reads) for each head row and each tail row (the same tuple for every
    pair it is in)."""
    return _cells(p)


def head_rows(a: Profile, b: Profile, head: HeadWinners, keys: frozenset[str] | None = None) -> list[Row]:
    """The ``_HEAD`` rows of the pair's table with the winners ``head`` (from :func:`table_winners`); only
    those whose key is in ``keys`` when given."""
    head_a, head_b = _cells(a)[0], _cells(b)[0]
    if head is None:
        head = _NO_WINNERS
    if keys is None:
        return [new_row(Row, (key, label, va, vb, ta, tb, w, why))
                for (key, label), (va, ta), (vb, tb), (w, why) in zip(_HEAD_KEYS, head_a, head_b, head, strict=True)]
    out = []
    for i in _indices(keys):
        (key, label), (va, ta), (vb, tb), (w, why) = _HEAD_KEYS[i], head_a[i], head_b[i], head[i]
        out.append(new_row(Row, (key, label, va, vb, ta, tb, w, why)))
    return out


@functools.cache
def _indices(keys: frozenset[str]) -> tuple[int, ...]:
    """The positions of the head rows whose key is in ``keys``."""
    return tuple(i for i, (key, _label) in enumerate(_HEAD_KEYS) if key in keys)


def build_table(a: Profile, b: Profile) -> list[Row]:
    """Every row of the feature table, in display order. With no job in common no row decides anything,
    even one in a shared unit (an embedder and a chat model are both priced per input token); a difference
    that disappears in the shown figures (a rounded tie) names no leader."""
    head, middle = table_winners(a, b)
    rows = head_rows(a, b, head)
    rows += middle
    rows += _stated_rows(_TAIL, _cells(a)[1], _cells(b)[1])
    return rows
