"""The bundled catalog loaded into PostgreSQL with the real ``matchgraph init``, then read back as on SQLite.

The store tests on both backends write small synthetic rows; only this runs every source record and
every derived row of the bundled snapshot through PostgreSQL (its json type refused a non-finite
float that SQLite had stored without complaint)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"


def _run(db: str, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHGRAPH_DB": db, "MATCHGRAPH_CACHE_DIR": str(cache)}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def pg_init(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A PostgreSQL schema initialised by the command line from the bundled snapshot, and the cache
    directory that ``init`` wrote for it."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_server else "?"
    url = f"{pg_server}{sep}options=-csearch_path%3D{schema}"
    cache = tmp_path_factory.mktemp("pg-cache")
    try:
        done = _run(url, cache, "init")
        assert done.returncode == 0, done.stderr
        yield url, cache
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def pg_catalog(pg_init: tuple[str, Path]) -> str:
    return pg_init[0]


@pytest.mark.slow
def test_bundled_init_on_postgresql_reads_as_on_sqlite(pg_catalog: str, catalog_db: str, tmp_path: Path) -> None:
    from web_helpers import sqlite_copy

    sqlite = sqlite_copy(catalog_db, tmp_path / "copy.db")  # a search logs an event: not on the shared one

    def out(db: str, *args: str) -> dict:
        done = _run(db, tmp_path / db.split(":", 1)[0], *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    stats = out(pg_catalog, "stats", "--json")
    assert stats == out(sqlite, "stats", "--json")
    assert stats["source_records"] >= 4000
    shown = out(pg_catalog, "show", "gpt-4o-mini", "--json")
    assert shown["slug"] == "openai/gpt-4o-mini" and shown["matchrank"] is not None
    assert shown == out(sqlite, "show", "gpt-4o-mini", "--json")
    compared = out(pg_catalog, "compare", "gpt-4o-mini", "claude-3-5-haiku", "--format", "json")
    assert compared == out(sqlite, "compare", "gpt-4o-mini", "claude-3-5-haiku", "--format", "json")
    found = out(pg_catalog, "search", "cheap vision model", "--json")
    assert found["constraints"]["input_modalities"] == ["image"] and found["results"]
    on_sqlite = out(sqlite, "search", "cheap vision model", "--json")
    assert [(r["slug"], r["score"]) for r in found["results"]] == [
        (r["slug"], r["score"]) for r in on_sqlite["results"]]


@pytest.mark.slow
def test_non_finite_source_values_survive_postgresql(pg_catalog: str) -> None:
    # MTEB states an unlimited max_tokens as Infinity: it reads back as that float, not as text.
    from matchgraph.settings import Settings
    from matchgraph.store import catalog_repo, open_store

    engine = open_store(Settings(db_url=pg_catalog))
    try:
        with engine.connect() as conn:
            records = catalog_repo.get_source_records(conn, ["mteb"])
    finally:
        engine.dispose()
    unlimited = [r for r in records if (r.payload.get("meta") or {}).get("max_tokens") == float("inf")]
    assert unlimited, "the bundled MTEB results name models without a token limit"


# The next two run last in this module: they log searches and outcomes on the shared schema.
@pytest.mark.slow
def test_show_on_postgresql_is_served_from_the_cache_init_wrote(pg_init: tuple[str, Path], tmp_path: Path) -> None:
    """``init`` on PostgreSQL writes every artifact's passport as on SQLite; the first ``show`` reads it
    (no passport built), prints what a process without any cache prints, and the next one replays."""
    from show_helpers import KEY, outputs, run

    url, init_cache = pg_init
    cache = tmp_path / "cache"
    shutil.copytree(init_cache, cache)
    assert list((cache / "catalog").rglob("*.idx"))
    for extra in ([], ["--json"]):
        first = run(["--db", url, "show", KEY, *extra], cache)
        assert not (cache / "passports").exists()  # from init's index: nothing built and kept
        assert first == run(["--db", url, "show", KEY, *extra], tmp_path / f"none{len(extra)}")
        recorded = outputs(cache)
        assert run(["--db", url, "show", KEY, *extra], cache) == first
        assert outputs(cache) == recorded  # replayed
    assert "MatchRank" in first.replace('"matchrank"', "MatchRank")


@pytest.mark.slow
def test_the_postgresql_cache_never_serves_an_earlier_state(pg_init: tuple[str, Path], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from show_helpers import KEY, NEED, SLUG, fresh, keyed_outcome, plant, run

    from matchgraph.cli import passport_cache

    url, init_cache = pg_init
    cache = tmp_path / "cache"
    shutil.copytree(init_cache, cache)
    plant(url, cache, monkeypatch)
    event = json.loads(run(["--db", url, "search", NEED, "--json"], cache))["event_id"]
    # An anonymous search moves counters only: the text (which prints none) is still the replay, the
    # JSON (which prints them) is not.
    assert run(["--db", url, "show", KEY], cache) == '"PLANTED"\n'
    assert "PLANTED" not in run(["--db", url, "show", KEY, "--json"], cache)
    run(["--db", url, "outcome", event, SLUG, "success"], cache)  # anonymous: stored, not counted
    shown = fresh(url, cache, tmp_path, "outcome")
    assert not any(c["successes"] for c in shown["capabilities"])
    plant(url, cache, monkeypatch)
    keyed_outcome(url, cache)
    shown = fresh(url, cache, tmp_path, "keyed")
    assert any(c["successes"] == 1 and c["success_rate"] == 1.0 for c in shown["capabilities"])
    plant(url, cache, monkeypatch)
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:  # what a derivation writes last (service.catalog.rebuild)
            conn.execute(sa.text("UPDATE catalog_meta SET value = 'another' WHERE key = 'derivation'"))
    finally:
        engine.dispose()
    assert passport_cache.load(url, KEY) is None
    fresh(url, cache, tmp_path, "derivation")
