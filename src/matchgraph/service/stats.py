"""Catalog counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from matchgraph.store import queries
from matchgraph.store.schema import artifacts, offers, source_records


def fact_stats(conn: Connection) -> dict[str, Any]:
    """Disputed facts, offers by kind, records by source, $0 starting prices (with their offer kinds)
    and artifacts without offers."""
    by_kind = dict(conn.execute(select(offers.c.kind, func.count()).group_by(offers.c.kind)).all())
    by_source = dict(conn.execute(
        select(source_records.c.source, func.count()).group_by(source_records.c.source)).all())
    disputed: Counter[str] = Counter()
    disputed_artifacts = 0
    for (facts,) in conn.execute(select(artifacts.c.facts)):
        names = [n for n, f in (facts or {}).items() if f.get("status") == "disputed"]
        disputed_artifacts += bool(names)
        for name in names:
            disputed[name.split(":", 1)[0] if not name.startswith("capability://") else "capability"] += 1
    zero = conn.execute(
        select(offers.c.kind, func.count())
        .select_from(artifacts.join(offers, offers.c.id == artifacts.c.starting_offer_id))
        .where((artifacts.c.input_per_mtok == 0) | (artifacts.c.per_image == 0)
               | (artifacts.c.input_per_mtok.is_(None) & (artifacts.c.output_per_mtok == 0)))
        .group_by(offers.c.kind)
    ).all()
    zero_by_kind = dict(zero)
    offerless = conn.execute(select(func.count()).select_from(artifacts).where(artifacts.c.hosts_count == 0)
                             ).scalar_one()
    return {
        # Models a source documents (a benchmark's model page) but no source offers.
        "artifacts_without_offers": offerless,
        "disputed_facts": sum(disputed.values()),
        "disputed_facts_by_field": dict(sorted(disputed.items())),
        "artifacts_with_disputed_facts": disputed_artifacts,
        "offers_by_kind": {k: by_kind[k] for k in sorted(by_kind)},
        "records_by_source": {k: by_source[k] for k in sorted(by_source)},
        "zero_starting_prices": sum(zero_by_kind.values()),
        "zero_starting_prices_by_kind": {k: zero_by_kind[k] for k in sorted(zero_by_kind)},
    }


def catalog_stats(engine: Engine) -> dict[str, Any]:
    """The ``stats --json`` contract: artifacts by kind, offers, source records, capabilities, evidence,
    plus the fact counts of :func:`fact_stats`."""
    with engine.connect() as conn:
        out = queries.stats(conn)
        out.update(fact_stats(conn))
        return out
