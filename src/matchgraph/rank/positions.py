"""Where an artifact stands among its peers on one board, with its uncertainty, in plain words.

A position is computed by :mod:`matchgraph.rank.quality` (rank among the peers rated on the same
metric, and a rank interval from the 95% intervals where the source gives them); this module names
the board and states it: ``#3 of 147 on LMArena text, style-controlled; rank interval 2–5`` or
``#4 of 52 on Aider polyglot (pass rate, 2 tries): 88.0%, run of 2025-08``. Self-reported figures say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchgraph.rank.quality import QualityEntry

_ARENA = "arena_rating:"
_STYLE = ":style"


def board_label(metric: str) -> str:
    """A reader's name for the board or benchmark a metric belongs to."""
    if metric.startswith(_ARENA):
        rest = metric.removeprefix(_ARENA)
        style = rest.endswith(_STYLE)
        board, _, category = rest.removesuffix(_STYLE).partition("/")
        label = f"LMArena {board}" + ("" if category in ("", "full") else f" ({category.replace('_', ' ')})")
        return label + (", style-controlled" if style else "")
    if metric == "aider:polyglot:pass_rate_2":
        return "Aider polyglot (pass rate, 2 tries)"
    if metric.startswith("mteb:eng-v2-retrieval:mean_ndcg_at_10"):
        tail = metric.removeprefix("mteb:eng-v2-retrieval:mean_ndcg_at_10").lstrip(":")
        count = f", {tail.replace('_', ' ')}" if tail else ""
        return f"MTEB(eng, v2) retrieval (mean nDCG@10{count})"
    if metric.startswith("mteb:retrieval:"):
        return f"MTEB {metric.split(':')[2]} (nDCG@10)"
    if metric.startswith("llmstats:"):
        return f"{metric.removeprefix('llmstats:')} (as collected by llm-stats)"
    return metric


def format_value(metric: str, value: float) -> str:
    """The figure as the board states it (a rating, a percent, a 0–1 score)."""
    if metric.startswith(_ARENA):
        return f"{value:.0f}"
    if metric.startswith("aider:"):
        return f"{value:.1f}%"
    return f"{value:.3f}" if value <= 1 else f"{value:.1f}"


def position(entry: QualityEntry, *, self_reported: bool | None = None) -> dict[str, Any]:
    """The position of one quality entry: board, rank, peers, rank interval, and one sentence."""
    if self_reported is None:
        self_reported = entry.self_reported
    label = board_label(entry.metric)
    text = f"#{entry.rank} of {entry.peers} on {label}"
    has_interval = entry.rank_best is not None and entry.rank_worst is not None
    if has_interval and (entry.rank_best, entry.rank_worst) != (entry.rank, entry.rank):
        text += f"; rank interval {entry.rank_best}–{entry.rank_worst}"
    if not entry.metric.startswith(_ARENA):
        text += f": {format_value(entry.metric, entry.value)}"
        if entry.observed_at:
            text += f", run of {entry.observed_at[:7]}" if entry.metric.startswith("aider:") else \
                f", observed {entry.observed_at[:10]}"
    measured_on = getattr(entry, "measured_on", None)
    if measured_on and measured_on != entry.slug:
        text += f", measured on {measured_on.split('/', 1)[-1]}"
    if self_reported:
        text += " (reported by the model's maker)"
    return {
        "board": label,
        "metric": entry.metric,
        "rank": entry.rank,
        "peers": entry.peers,
        "rank_best": entry.rank_best,
        "rank_worst": entry.rank_worst,
        "value": entry.value,
        "observed_at": entry.observed_at,
        "self_reported": self_reported,
        "measured_on": measured_on or entry.slug,
        "text": text,
    }
