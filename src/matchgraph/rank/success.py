"""The observed success rate of reported outcomes, as every payload shows it (standard library only, so the
fast ``show`` path can use it)."""

from __future__ import annotations


def success_rate(successes: int, failures: int) -> float | None:
    """Share of reported outcomes that succeeded, to 4 places; None when none were reported."""
    outcomes = successes + failures
    return round(successes / outcomes, 4) if outcomes else None
