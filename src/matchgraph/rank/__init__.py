"""Ratings from pairwise votes: vote parsing and aggregation, Bradley–Terry fitting with intervals.

The names below load on first use, so importing a sibling module (e.g. ``matchgraph.rank.quality``)
does not pay for SciPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchgraph.rank.bradley_terry import Rating, Ratings, fit_ratings
    from matchgraph.rank.votes import AggregatedVotes, VoteError, aggregate_votes, load_votes, parse_votes

_EXPORTS = {
    "AggregatedVotes": "matchgraph.rank.votes",
    "VoteError": "matchgraph.rank.votes",
    "aggregate_votes": "matchgraph.rank.votes",
    "load_votes": "matchgraph.rank.votes",
    "parse_votes": "matchgraph.rank.votes",
    "Rating": "matchgraph.rank.bradley_terry",
    "Ratings": "matchgraph.rank.bradley_terry",
    "fit_ratings": "matchgraph.rank.bradley_terry",
}
__all__ = [
    "AggregatedVotes",
    "Rating",
    "Ratings",
    "VoteError",
    "aggregate_votes",
    "fit_ratings",
    "load_votes",
    "parse_votes",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
