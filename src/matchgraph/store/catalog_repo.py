"""Writes and reads of the catalog tables. Callers pass a connection inside their transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from matchgraph.catalog.domain import SourceRecord
from matchgraph.store.schema import (
    DERIVED_TABLES,
    capabilities,
    catalog_meta,
    ingest_runs,
    source_records,
)

BATCH = 2000
Progress = Callable[[str, int, int], None]


def _batched(rows: Sequence[dict[str, Any]], size: int = BATCH) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(conn: Connection, table: Any, rows: Sequence[dict[str, Any]],
                progress: Progress | None = None) -> None:
    """Bulk insert in batches (executemany), reporting progress per batch."""
    done = 0
    for chunk in _batched(rows):
        conn.execute(insert(table), list(chunk))
        done += len(chunk)
        if progress:
            progress(table.name, done, len(rows))


def put_source_records(conn: Connection, records: Sequence[SourceRecord], *,
                       replace_source: str | None = None) -> int:
    """Store raw records. With ``replace_source`` every older record of that source goes first;
    otherwise records with the same (source, key) are replaced and others kept."""
    if replace_source is not None:
        conn.execute(delete(source_records).where(source_records.c.source == replace_source))
    else:
        by_source: dict[str, list[str]] = {}
        for r in records:
            by_source.setdefault(r.source, []).append(r.key)
        for source, keys in by_source.items():
            for chunk in _batched([{"k": k} for k in keys], 500):
                conn.execute(
                    delete(source_records).where(
                        source_records.c.source == source, source_records.c.key.in_([c["k"] for c in chunk])
                    )
                )
    rows = [
        {"source": r.source, "key": r.key, "url": r.url, "fetched_at": r.fetched_at,
         "content_hash": r.content_hash, "payload": r.payload}
        for r in records
    ]
    insert_rows(conn, source_records, rows)
    return len(rows)


def get_source_records(conn: Connection, sources: Iterable[str] | None = None) -> list[SourceRecord]:
    """All raw records (optionally of some sources), in a stable order."""
    query = select(source_records).order_by(source_records.c.source, source_records.c.key)
    if sources is not None:
        query = query.where(source_records.c.source.in_(list(sources)))
    return [
        SourceRecord(source=r.source, key=r.key, url=r.url, fetched_at=r.fetched_at,
                     payload=r.payload, content_hash=r.content_hash)
        for r in conn.execute(query)
    ]


def replace_derived(conn: Connection, tables: dict[str, list[dict[str, Any]]],
                    capability_rows: list[dict[str, Any]], progress: Progress | None = None) -> None:
    """Swap every derived row for a freshly derived set (same transaction as the caller)."""
    for table in reversed(DERIVED_TABLES):
        conn.execute(delete(table))
    conn.execute(delete(capabilities))
    insert_rows(conn, capabilities, capability_rows, progress)
    for table in DERIVED_TABLES:
        insert_rows(conn, table, tables.get(table.name, []), progress)


def set_meta(conn: Connection, values: dict[str, str]) -> None:
    """Upsert catalog metadata (delete + insert keeps it portable across backends)."""
    conn.execute(delete(catalog_meta).where(catalog_meta.c.key.in_(list(values))))
    conn.execute(insert(catalog_meta), [{"key": k, "value": v} for k, v in values.items()])


def get_meta(conn: Connection) -> dict[str, str]:
    """All catalog metadata."""
    return {r.key: r.value for r in conn.execute(select(catalog_meta))}


def record_ingest_run(conn: Connection, row: dict[str, Any]) -> None:
    """Keep what an ingest did (counts, grouping and matching reports)."""
    conn.execute(insert(ingest_runs), [row])


def count_source_records(conn: Connection) -> int:
    """How many raw records the store holds."""
    return conn.execute(select(func.count()).select_from(source_records)).scalar_one()
