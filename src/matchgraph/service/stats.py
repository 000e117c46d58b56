"""Catalog counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from matchgraph.store import queries


def catalog_stats(engine: Engine) -> dict[str, Any]:
    """The ``stats --json`` contract: artifacts by kind, offers, source records, capabilities, evidence."""
    with engine.connect() as conn:
        return queries.stats(conn)
