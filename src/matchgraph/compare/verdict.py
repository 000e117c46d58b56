"""The verdict: category wins counted only where both artifacts can be compared.

Two artifacts with no job in common (a chat model and an image generator) get no score at all: the
verdict says what each does and how their inputs and outputs chain together.
"""

from __future__ import annotations

from typing import Any

from matchgraph.catalog.facts import join_names
from matchgraph.compare.model import Row
from matchgraph.compare.profile import Profile
from matchgraph.compare.sections import and_list, io_phrase, jobs_phrase

# Rows that count towards wins. The starting price is left out: it repeats the input or per-image price.
VERDICT_ROWS = frozenset({"input_price", "output_price", "per_image", "context_window", "max_output", "hosts"})


def _row_kind(key: str) -> str:
    """How a feature-table row counts: "arena" (a rating row), "other" (a row of ``VERDICT_ROWS``) or ""
    (not at all)."""
    if key.startswith("arena:"):
        return "arena"
    return "other" if key in VERDICT_ROWS else ""


# Each row key's kind, worked out once: a verdict reads some 30 rows, and the keys are few (the table's
# rows and one per arena board and category).
_ROW_KINDS: dict[str, str] = {}


def _feeds(src: Profile, dst: Profile) -> str | None:
    """How ``src``'s output can become ``dst``'s input, from their modalities."""
    shared = [m for m in src.outputs if m in dst.inputs]
    if not shared:
        return None
    if "text" in shared:
        job = dst.primary_job or ""
        if job in ("image generation", "video generation"):
            return f"{src.name} can write or refine the text prompts that {dst.name} renders"
        if job == "speech generation":
            return f"{src.name} can write the text that {dst.name} speaks"
        if job == "embeddings":
            return f"{src.name} can produce text that {dst.name} turns into embeddings"
        return f"{src.name}'s text output can be passed to {dst.name} as input"
    if "image" in shared:
        return f"{src.name} produces images that {dst.name} can read, for example to caption or check them"
    if "audio" in shared:
        return f"{src.name} produces audio that {dst.name} accepts as input"
    return f"{src.name} produces {and_list(shared)}, which {dst.name} accepts as input"


def combine_text(a: Profile, b: Profile) -> str:
    """How two artifacts with different jobs work together (or that they do not chain)."""
    links = [t for t in (_feeds(a, b), _feeds(b, a)) if t]
    if not links:
        return "The catalog records no output of one that the other takes as input, so they do not chain directly."
    return "Used together: " + "; ".join(links) + "."


def _family_text(label: str, cats: list[dict[str, Any]], a: Profile, b: Profile) -> str:
    """"On price, limits and hosts (5): A leads on 2 (…), B on 1 (…), 2 even." or ''."""
    if not cats:
        return ""
    won: dict[str, list[str]] = {"a": [], "b": [], "tie": []}
    for c in cats:
        side = won.get(c["winner"])
        if side is not None:
            side.append(c["category"])
    bits = [f"{p.name} leads on {len(won[side])} ({join_names(won[side], 3)})"
            for side, p in (("a", a), ("b", b)) if won[side]]
    even = len(won["tie"])
    if even:
        bits.append(f"{even} even (equal values or overlapping 95% intervals)")
    return f"On {label}, {len(cats)} categor{'y' if len(cats) == 1 else 'ies'}: {'; '.join(bits)}."


def build_verdict(a: Profile, b: Profile, table: list[Row], same: bool) -> dict[str, Any]:
    """{"text", "different_jobs", "comparable_categories", "wins"} per the compare contract."""
    if same:
        return {"text": f"Both keys name the same artifact, {a.name}; there is nothing to weigh against it.",
                "different_jobs": False, "comparable_categories": [], "wins": {}}
    shared_jobs = [j for j in a.jobs if j in b.jobs]
    if not shared_jobs:
        text = (f"{a.name} and {b.name} do different jobs: {a.name} does {jobs_phrase(a)} ({io_phrase(a)}); "
                f"{b.name} does {jobs_phrase(b)} ({io_phrase(b)}). Neither replaces the other, so no category "
                f"is scored. {combine_text(a, b)}")
        return {"text": text, "different_jobs": True, "comparable_categories": [], "wins": {}}
    # One pass over the rows: those that count, with a winner (arena rows and the others apart, for the
    # two sentences), and those not counted because only one side has a value.
    categories: list[dict[str, Any]] = []
    arena: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    unknown: list[str] = []
    wins = {"a": 0, "b": 0, "tie": 0}
    kinds = _ROW_KINDS
    for key, label, va, vb, _ta, _tb, winner, basis in table:
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = _row_kind(key)
        if not kind:
            continue
        if winner is None:
            if (va is None) != (vb is None):
                unknown.append(label)
            continue
        cat = {"category": label, "key": key, "winner": winner, "basis": basis}
        categories.append(cat)
        (arena if kind == "arena" else others).append(cat)
        if winner in wins:
            wins[winner] += 1
    scope = f"Both do {and_list(shared_jobs)}"
    extra = [f"{p.name} also does {and_list([j for j in p.jobs if j not in shared_jobs])}"
             for p in (a, b) if any(j not in shared_jobs for j in p.jobs)]
    scope += ("; " + "; ".join(extra) if extra else "") + "."
    if not categories:
        text = f"{scope} No category has a sourced value for both, so no winner is declared."
    else:
        n = len(categories)
        parts = [_family_text("measured quality (arena)", arena, a, b),
                 _family_text("price, limits and hosts", others, a, b)]
        lead = ("Neither leads on more categories." if wins["a"] == wins["b"] else
                f"{(a if wins['a'] > wins['b'] else b).name} leads on more of them.")
        text = (f"{scope} {n} categor{'y' if n == 1 else 'ies'} can be compared on sourced values for both. "
                f"{' '.join(p for p in parts if p)} {lead}")
    if unknown:
        text += f" Not counted because only one side has a value: {join_names(unknown, 4)}."
    return {"text": text, "different_jobs": False, "comparable_categories": categories, "wins": wins}
