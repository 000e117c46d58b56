"""The comparison as the JSON document of the ``compare --format json`` contract (DESIGN.md)."""

from __future__ import annotations

from typing import Any

from matchgraph.compare.model import Comparison


def to_dict(c: Comparison) -> dict[str, Any]:
    """Plain JSON-ready dict; unknown facts are ``None`` (null), never 0."""
    return {
        "a": c.a,
        "b": c.b,
        "headline": c.headline,
        "table": [{"row": r.label, "a": r.a, "b": r.b, "winner": r.winner} for r in c.table],
        "capabilities": c.capabilities,
        "key_differences": c.key_differences,
        "when_to_use": c.when_to_use,
        "verdict": c.verdict,
        "faq": c.faq,
        "cost": c.cost,
        "sources": c.sources,
        "sources_by_source": c.source_summary,
    }
