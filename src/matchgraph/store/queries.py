"""Read queries for the service layer, built as SQLAlchemy Core statements apart from running them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.engine import Connection

from matchgraph.catalog.names import normalize_alias
from matchgraph.store.schema import (
    aliases,
    artifact_capabilities,
    artifacts,
    capabilities,
    capability_stats,
    evidence,
    offers,
    source_records,
)


def artifact_by_slug_sql(slug: str) -> Select:
    return select(artifacts).where(artifacts.c.slug == slug)


def artifacts_by_alias_sql(key: str) -> Select:
    """Artifacts any of whose aliases (slug, name, source key…) folds to the same text as ``key``."""
    # A subquery rather than JOIN + DISTINCT: PostgreSQL cannot compare JSON columns for DISTINCT.
    ids = select(aliases.c.artifact_id).where(aliases.c.alias_norm == normalize_alias(key))
    return (
        select(artifacts)
        .where(artifacts.c.id.in_(ids))
        .order_by(artifacts.c.hosts_count.desc(), artifacts.c.slug)
    )


def find_artifact(conn: Connection, key: str) -> tuple[Any | None, list[Any]]:
    """Resolve a key to (best artifact row, other candidates). Slug beats alias; ties go to the
    artifact offered by more hosts, then to the alphabetically first slug."""
    row = conn.execute(artifact_by_slug_sql(key.strip().lower())).first()
    if row is not None:
        return row, []
    rows = conn.execute(artifacts_by_alias_sql(key)).all()
    if not rows:
        return None, []
    return rows[0], rows[1:]


def all_alias_names(conn: Connection) -> list[str]:
    """Every alias and slug, for nearest-name suggestions."""
    return [r[0] for r in conn.execute(select(aliases.c.alias).distinct())]


def offers_of(conn: Connection, artifact_id: int) -> list[Any]:
    return conn.execute(select(offers).where(offers.c.artifact_id == artifact_id).order_by(offers.c.id)).all()


def aliases_of(conn: Connection, artifact_id: int) -> list[str]:
    return [r[0] for r in conn.execute(
        select(aliases.c.alias).where(aliases.c.artifact_id == artifact_id).order_by(aliases.c.id))]


def aliases_by_artifact(conn: Connection) -> dict[int, list[str]]:
    """Every artifact's aliases as :func:`aliases_of` lists them, in one query (for a whole export)."""
    out: dict[int, list[str]] = {}
    for artifact_id, alias in conn.execute(select(aliases.c.artifact_id, aliases.c.alias).order_by(aliases.c.id)):
        out.setdefault(artifact_id, []).append(alias)
    return out


def _capabilities_select(slug: Any) -> Select:
    return (
        select(artifact_capabilities, capabilities.c.name,
               func.coalesce(capability_stats.c.times_matched, 0).label("times_matched"),
               func.coalesce(capability_stats.c.successes, 0).label("successes"),
               func.coalesce(capability_stats.c.failures, 0).label("failures"))
        .join(capabilities, capabilities.c.uri == artifact_capabilities.c.capability_uri)
        .outerjoin(capability_stats, and_(capability_stats.c.slug == slug,
                                          capability_stats.c.capability_uri == artifact_capabilities.c.capability_uri))
    )


def capabilities_of(conn: Connection, artifact_id: int, slug: str) -> list[Any]:
    """Artifact capabilities joined with their taxonomy names and learned counters."""
    query = (_capabilities_select(slug).where(artifact_capabilities.c.artifact_id == artifact_id)
             .order_by(artifact_capabilities.c.capability_uri))
    return conn.execute(query).all()


def all_capabilities(conn: Connection) -> list[Any]:
    """Every artifact's rows of :func:`capabilities_of`, ordered by artifact id, then as there."""
    slug = select(artifacts.c.slug).where(artifacts.c.id == artifact_capabilities.c.artifact_id).scalar_subquery()
    query = _capabilities_select(slug).order_by(artifact_capabilities.c.artifact_id,
                                                artifact_capabilities.c.capability_uri)
    return conn.execute(query).all()


def evidence_of(conn: Connection, artifact_id: int) -> list[Any]:
    return conn.execute(
        select(evidence).where(evidence.c.artifact_id == artifact_id).order_by(evidence.c.metric, evidence.c.id)
    ).all()


def all_evidence(conn: Connection) -> list[Any]:
    """Every artifact's rows of :func:`evidence_of`, ordered by artifact id, then as there."""
    return conn.execute(select(evidence).order_by(evidence.c.artifact_id, evidence.c.metric, evidence.c.id)).all()


def source_records_for(conn: Connection, pairs: list[tuple[str, str]]) -> list[Any]:
    """Raw-record provenance (source, key, url, fetched_at) for the given (source, key) pairs."""
    out = []
    by_source: dict[str, list[str]] = {}
    for source, key in pairs:
        by_source.setdefault(source, []).append(key)
    for source, keys in sorted(by_source.items()):
        out += conn.execute(
            select(source_records.c.source, source_records.c.key, source_records.c.url,
                   source_records.c.fetched_at)
            .where(source_records.c.source == source, source_records.c.key.in_(keys))
            .order_by(source_records.c.key)
        ).all()
    return out


def unsourced_artifacts_sql() -> Select:
    """Artifacts none of whose offers traces back to a stored raw record: their ids and facts."""
    sourced = exists().where(
        offers.c.artifact_id == artifacts.c.id,
        source_records.c.source == offers.c.source,
        source_records.c.key == offers.c.source_key,
    )
    return select(artifacts.c.id, artifacts.c.facts).where(~sourced)


def unsourced_artifacts(conn: Connection) -> int:
    """Artifacts that trace back to no stored raw record: neither an offer nor a record their facts
    cite (an artifact without offers rests on the identity records its facts name)."""
    keys: set[tuple[str, str]] | None = None
    count = 0
    for _id, facts in conn.execute(unsourced_artifacts_sql()):
        cited = {(str(r.get("source")), str(r.get("key"))) for f in (facts or {}).values()
                 for r in f.get("records") or []}
        if cited and keys is None:
            keys = {(src, key) for src, key in conn.execute(select(source_records.c.source, source_records.c.key))}
        count += not (cited & (keys or set()))
    return count


def stats(conn: Connection) -> dict[str, Any]:
    """The counts behind ``matchgraph stats``."""
    kinds = dict(conn.execute(select(artifacts.c.kind, func.count()).group_by(artifacts.c.kind)).all())

    def count(table: Any) -> int:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()

    return {
        "artifacts": {k: kinds[k] for k in sorted(kinds)},
        "offers": count(offers),
        "source_records": count(source_records),
        "capabilities": count(capabilities),
        "artifact_capabilities": count(artifact_capabilities),
        "evidence": count(evidence),
        "unsourced_artifacts": unsourced_artifacts(conn),
    }
