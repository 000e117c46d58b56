"""The store on SQLite and PostgreSQL: migrations, schema parity, raw-record round trips."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from matchgraph.catalog.domain import SourceRecord
from matchgraph.settings import Settings
from matchgraph.store import catalog_repo, open_store
from matchgraph.store.migrate import current_revision, head_revision, plain_head, upgrade
from matchgraph.store.schema import metadata


def test_migrations_create_every_table(fresh_engine: sa.Engine) -> None:
    names = set(sa.inspect(fresh_engine).get_table_names())
    assert set(metadata.tables) <= names
    assert current_revision(fresh_engine) == head_revision()


def test_migrations_match_the_schema_module(fresh_engine: sa.Engine) -> None:
    # A migration that forgets a column (or the schema module that drifts from it) shows up here.
    with fresh_engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_upgrade_is_idempotent(fresh_engine: sa.Engine) -> None:
    upgrade(fresh_engine)
    upgrade(fresh_engine)
    assert current_revision(fresh_engine) == head_revision()


def test_plain_head_agrees_with_alembic() -> None:
    # The check that skips Alembic on an up-to-date store must name the head Alembic would.
    assert plain_head() in (None, head_revision())
    assert plain_head() is not None  # the shipped migrations are one chain


def test_upgrade_from_an_older_revision_still_migrates(fresh_engine: sa.Engine) -> None:
    # A store behind the head is not mistaken for a current one by the fast check.
    from alembic import command

    from matchgraph.store.migrate import _config

    cfg = _config()
    with fresh_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert current_revision(fresh_engine) == "0002"
    upgrade(fresh_engine)
    assert current_revision(fresh_engine) == head_revision()
    with fresh_engine.connect() as conn:
        assert set(metadata.tables) <= set(sa.inspect(conn).get_table_names())


def _records(n: int, source: str = "litellm") -> list[SourceRecord]:
    return [
        SourceRecord(source=source, key=f"model-{i}", url="file:///x.json", fetched_at="2026-11-21",
                     payload={"i": i, "nested": {"price": 0.15, "none": None}, "text": "ünïcode"})
        for i in range(n)
    ]


def test_source_records_round_trip(fresh_engine: sa.Engine) -> None:
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, _records(2500))
    with fresh_engine.connect() as conn:
        back = catalog_repo.get_source_records(conn)
    assert len(back) == 2500
    first = next(r for r in back if r.key == "model-7")
    assert first.payload == {"i": 7, "nested": {"price": 0.15, "none": None}, "text": "ünïcode"}
    assert first.content_hash == _records(8)[7].content_hash


def test_replace_source_keeps_other_sources(fresh_engine: sa.Engine) -> None:
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, _records(5) + _records(3, "manifest"))
        catalog_repo.put_source_records(conn, _records(2), replace_source="litellm")
    with fresh_engine.connect() as conn:
        assert len(catalog_repo.get_source_records(conn, ["litellm"])) == 2
        assert len(catalog_repo.get_source_records(conn, ["manifest"])) == 3


def test_upsert_by_key_replaces_only_those_keys(fresh_engine: sa.Engine) -> None:
    changed = SourceRecord(source="manifest", key="model-1", url=None, fetched_at="2026-11-22",
                           payload={"changed": True})
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, _records(3, "manifest"))
        catalog_repo.put_source_records(conn, [changed])
    with fresh_engine.connect() as conn:
        back = {r.key: r for r in catalog_repo.get_source_records(conn, ["manifest"])}
    assert set(back) == {"model-0", "model-1", "model-2"}
    assert back["model-1"].payload == {"changed": True}


def test_failed_transaction_leaves_records_unchanged(fresh_engine: sa.Engine) -> None:
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, _records(4))
    try:
        with fresh_engine.begin() as conn:
            catalog_repo.put_source_records(conn, _records(1), replace_source="litellm")
            # A duplicate (source, key) violates the unique constraint on both backends.
            catalog_repo.put_source_records(conn, _records(1) + _records(1), replace_source="litellm")
    except sa.exc.IntegrityError:
        pass
    with fresh_engine.connect() as conn:
        assert len(catalog_repo.get_source_records(conn)) == 4


def test_meta_upsert(fresh_engine: sa.Engine) -> None:
    with fresh_engine.begin() as conn:
        catalog_repo.set_meta(conn, {"a": "1", "b": "2"})
        catalog_repo.set_meta(conn, {"a": "3"})
    with fresh_engine.connect() as conn:
        assert catalog_repo.get_meta(conn) == {"a": "3", "b": "2"}


def test_sqlite_uses_wal(tmp_path) -> None:
    engine = open_store(Settings(db_url=f"sqlite:///{tmp_path / 'w.db'}"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# Non-finite floats in JSON columns. Sources carry them (MTEB's ``max_tokens: Infinity``), and the
# finite payloads above never exercised them: SQLite stores any text, PostgreSQL's json type refuses
# the bare ``Infinity`` Python writes, so a bundled ``init`` failed there alone.
_NON_FINITE = {"inf": float("inf"), "ninf": float("-inf"), "nan": float("nan"),
               "nested": [1.5, {"deep": float("inf")}], "plain": 2.0, "text": "Infinity"}


def _same(a: object, b: object) -> bool:
    """Equality that counts NaN equal to NaN (and floats of the same value and sign)."""
    import math

    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_non_finite_floats_round_trip_in_json_columns(fresh_engine: sa.Engine) -> None:
    from matchgraph.store.schema import ingest_runs

    record = SourceRecord(source="mteb", key="m", url=None, fetched_at="2026-11-21", payload=_NON_FINITE)
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, [record])
        catalog_repo.record_ingest_run(conn, {"source": "mteb", "location": "x", "started_at": "a",
                                              "finished_at": "b", "records": 1, "report": _NON_FINITE})
    with fresh_engine.connect() as conn:
        back = catalog_repo.get_source_records(conn)[0].payload
        report = conn.execute(sa.select(ingest_runs.c.report)).scalar_one()
    assert _same(back, _NON_FINITE) and _same(report, _NON_FINITE)
    assert _same(back, {**_NON_FINITE, "nan": 0.0}) is False  # the comparison can fail


def test_finite_json_is_stored_as_json_dumps_writes_it(fresh_engine: sa.Engine) -> None:
    # The text of every value without a non-finite float is what it was before the codec.
    import json

    payload = {"i": 7, "nested": {"price": 0.15, "none": None}, "text": "ünïcode"}
    with fresh_engine.begin() as conn:
        catalog_repo.put_source_records(conn, [SourceRecord(source="s", key="k", url=None,
                                                            fetched_at="2026-11-21", payload=payload)])
    with fresh_engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT CAST(payload AS TEXT) FROM source_records")).scalar_one()
    assert stored == json.dumps(payload)


def test_sqlite_text_written_before_the_codec_still_reads(tmp_path) -> None:
    # Older SQLite stores hold Python's bare Infinity/NaN words; they read as the same floats.
    engine = open_store(Settings(db_url=f"sqlite:///{tmp_path / 'old.db'}"))
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO source_records (source, key, fetched_at, content_hash, payload) "
                             "VALUES ('mteb', 'm', 'x', 'h', :p)"),
                     {"p": '{"inf": Infinity, "ninf": -Infinity, "nan": NaN, "nested": [1.5, {"deep": Infinity}], '
                           '"plain": 2.0, "text": "Infinity"}'})
    with engine.connect() as conn:
        assert _same(catalog_repo.get_source_records(conn)[0].payload, _NON_FINITE)
    engine.dispose()


# Indexes the read paths need (migrations alias_artifact and event_client).
_INDEXED_QUERIES = {
    "ix_aliases_artifact_id": "SELECT alias FROM aliases WHERE artifact_id = 7 ORDER BY id",
    "ix_match_events_client": {
        "sqlite": "SELECT count(*), max(created_at) FROM match_events WHERE client >= 'key:' AND client < 'key;'",
        "postgresql": "SELECT count(*), max(created_at) FROM match_events WHERE client LIKE 'key:%%'",
    },
}


def _plan(conn: sa.Connection, sql: str) -> str:
    if conn.dialect.name == "sqlite":
        return " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # an empty table: ask whether the index can serve
    return " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))


def test_migrations_index_aliases_by_artifact_and_events_by_client(fresh_engine: sa.Engine) -> None:
    from alembic import command

    from matchgraph.store.migrate import _config

    def indexes() -> set[str]:
        inspector = sa.inspect(fresh_engine)
        return {i["name"] for t in ("aliases", "match_events") for i in inspector.get_indexes(t)}

    assert set(_INDEXED_QUERIES) <= indexes()
    with fresh_engine.begin() as conn:
        for name, sql in _INDEXED_QUERIES.items():
            query = sql if isinstance(sql, str) else sql[conn.dialect.name]
            assert name in _plan(conn, query), (name, _plan(conn, query))
    cfg = _config()
    with fresh_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "offer_sources")
    assert not set(_INDEXED_QUERIES) & indexes()
    fresh_engine.dispose()  # SQLite keeps prepared statements (and their plans) per connection
    with fresh_engine.begin() as conn:
        assert "ix_match_events_client" not in _plan(conn, _INDEXED_QUERIES["ix_match_events_client"][
            conn.dialect.name])  # the plan check can fail
    upgrade(fresh_engine)
    assert set(_INDEXED_QUERIES) <= indexes()


def test_keyed_event_filter_is_the_keyed_prefix(fresh_engine: sa.Engine) -> None:
    # The index-friendly filter counts exactly the clients rank.clients.is_keyed counts, on both backends.
    from matchgraph.rank.clients import is_keyed
    from matchgraph.service.rankings import events_fingerprint, load_match_inputs
    from matchgraph.store.schema import match_events

    clients = ["key:a", "key:", "KEY:b", "key;x", "kex:z", "ip:1.2.3.4", "cli", None, "key:zz\u00e9", "keyx"]
    with fresh_engine.begin() as conn:
        conn.execute(sa.insert(match_events), [
            {"id": f"e{i}", "query": "q", "constraints": {}, "results": [{"slug": "a/b", "rank": 1}],
             "created_at": f"2026-01-01T00:00:{i:02d}+00:00", "client": c} for i, c in enumerate(clients)])
    with fresh_engine.connect() as conn:
        inputs = load_match_inputs(conn)
        fingerprint = events_fingerprint(conn)
    assert inputs is not None
    assert sorted(e.client for e in inputs.events) == sorted(c for c in clients if is_keyed(c))
    assert fingerprint.startswith(f"{sum(1 for c in clients if is_keyed(c))}:")
