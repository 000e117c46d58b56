"""Where an artifact stands among its peers on one board, with its uncertainty, in plain words.

A position is computed by :mod:`matchgraph.rank.quality` (rank among the peers rated on the same
metric, one per family and modality group, and a rank interval from the 95% intervals where the source
gives them); this module states it: ``#3 of 147 on LMArena text, style-controlled: 1400; rank interval
2–5 (independent; undated, read 2025-08-01)`` or ``#4 of 52 on Aider polyglot (pass rate, 2 tries): 88.0%
(independent; run of 2025-08)``. Equal figures share a rank and say so ("tied #4 of 52"); a board with
no other peer says the artifact is the only one rated on it. Figures the maker reported say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matchgraph.catalog.metric_names import format_value, kind_label, metric_label, observed_phrase

if TYPE_CHECKING:
    from matchgraph.rank.quality import QualityEntry


def board_label(metric: str) -> str:
    """A reader's name for the board or benchmark a metric belongs to."""
    return metric_label(metric)


def rank_phrase(rank: int, peers: int, ties: int = 0) -> str:
    """"#3 of 147", "tied #3 of 147" when others share the figure, or "the only one rated" alone."""
    if peers <= 1:
        return "the only one rated"
    return f"{'tied ' if ties else ''}#{rank} of {peers}"


def short_rank(pos: dict[str, Any]) -> str:
    """A position's rank and interval only: "#68 of 153, rank interval 61–78" (for table cells)."""
    text = rank_phrase(pos["rank"], pos["peers"], pos.get("ties") or 0)
    best, worst = pos.get("rank_best"), pos.get("rank_worst")
    if pos["peers"] > 1 and best is not None and worst is not None and (best, worst) != (pos["rank"], pos["rank"]):
        text += f", rank interval {best}–{worst}"
    return text


def position(entry: QualityEntry, *, self_reported: bool | None = None) -> dict[str, Any]:
    """The position of one quality entry: board, rank, peers, rank interval, the row, and one sentence."""
    if self_reported is None:
        self_reported = entry.self_reported
    label = getattr(entry, "board", None) or board_label(entry.metric)
    ties = getattr(entry, "ties", 0)
    text = f"{rank_phrase(entry.rank, entry.peers, ties)} on {label}"
    text += f": {format_value(entry.metric, entry.value)}"
    has_interval = entry.rank_best is not None and entry.rank_worst is not None
    if entry.peers > 1 and has_interval and (entry.rank_best, entry.rank_worst) != (entry.rank, entry.rank):
        text += f"; rank interval {entry.rank_best}–{entry.rank_worst}"
    measured_on = getattr(entry, "measured_on", None)
    notes = []
    if measured_on and measured_on != entry.slug:
        notes.append(f"measured on {measured_on.split('/', 1)[-1]}")
    notes.append(kind_label("self_reported" if self_reported else "independent"))
    when = observed_phrase(entry.metric, entry.observed_at,
                           is_fetch_date=getattr(entry, "observed_is_fetch", False))
    if when:
        notes.append(when)
    summary = text
    text += f" ({'; '.join(notes)})"
    return {
        "board": label,
        "metric": entry.metric,
        "capability": entry.capability_uri or None,
        "rank": entry.rank,
        "peers": entry.peers,
        "ties": ties,
        "rank_best": entry.rank_best,
        "rank_worst": entry.rank_worst,
        "value": entry.value,
        "ci_low": entry.ci_low,
        "ci_high": entry.ci_high,
        "sample_size": entry.sample_size,
        "source": entry.source,
        "key": entry.source_key,
        "observed_at": entry.observed_at,
        "self_reported": self_reported,
        "kind": "self_reported" if self_reported else "independent",
        "measured_on": measured_on or entry.slug,
        "text": text,
        "summary": summary,  # the sentence without its notes (who measured it, on what, when)
        "notes": notes,
    }
