"""What ``init`` and ``ingest`` leave in the command line's disk cache (every artifact's passport, the
top-level help at every width) is what the uncached path prints, byte for byte, and is never served
for another catalog state, database or width."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from matchgraph.cli import disk_cache, passport_cache
from matchgraph.service.passport import all_passports, build_passport

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"
# A slug, its alias typed another way, a source key, a head with versions, a version, an embedder.
KEYS = ("openai/gpt-4o-mini", "GPT 4o Mini", "gpt-4o-mini", "claude-3-5-sonnet", "text-embedding-3-small")


@pytest.fixture(scope="module")
def stored(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A copy of the session catalog and a cache directory holding what ``init`` writes for it, written
    by a process of its own as ``init``'s is (the application built first, every command registered
    in the order a command line registers them)."""
    import sys

    from web_helpers import sqlite_copy

    base = tmp_path_factory.mktemp("cli-cache")
    url = sqlite_copy(catalog_db, base / "copy.db")
    cache = base / "cache"
    code = ("import sys, matchgraph.cli as cli; cli._app(); from matchgraph.settings import Settings; "
            "from matchgraph.store import open_store; from matchgraph.cli.catalog_commands import store_ranks; "
            "store_ranks(open_store(Settings(db_url=sys.argv[1])))")
    subprocess.run([sys.executable, "-c", code, url], check=True, timeout=600,
                   env={**os.environ, disk_cache.ENV_CACHE_DIR: str(cache)})
    assert list((cache / "catalog").rglob("*.idx")) and list((cache / "matchrank").rglob("*.idx"))
    return url, cache


def go(args: list[str], cache: Path, columns: str = "80") -> subprocess.CompletedProcess[str]:
    """The console script, output piped, with ``cache`` as its disk cache."""
    env = {**os.environ, "COLUMNS": columns, "TERM": "dumb", "MATCHGRAPH_CACHE_DIR": str(cache)}
    done = subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    return done


def files(cache: Path, area: str) -> set[Path]:
    return set((cache / area).rglob("*")) if (cache / area).exists() else set()


def working_copy(stored: tuple[str, Path], tmp_path: Path) -> tuple[str, Path]:
    """The stored cache copied, so a test may spend or change it."""
    url, cache = stored
    mine = tmp_path / "cache"
    shutil.copytree(cache, mine)
    return url, mine  # the database's path is part of the key: tests that change it restore it


def test_the_first_show_after_init_prints_what_the_uncached_path_prints(stored: tuple[str, Path],
                                                                        tmp_path: Path) -> None:
    url, cache = working_copy(stored, tmp_path)
    for key in KEYS:
        for extra in ([], ["--json"]):
            first = go(["--db", url, "show", key, *extra], cache).stdout
            bare = go(["--db", url, "show", key, *extra], tmp_path / f"empty-{KEYS.index(key)}-{len(extra)}").stdout
            assert first == bare, key
            assert ("MatchRank" in first) if not extra else json.loads(first)["matchrank"] is not None
    # Every one came from init's index: no passport was built and kept by a show.
    assert not files(cache, "passports")


def test_the_index_holds_what_build_passport_makes(catalog_engine) -> None:
    """The bulk build of every passport equals the one-artifact build, for heads with versions,
    versions, artifacts with and without offers, evidence or capabilities."""
    with catalog_engine.connect() as conn:
        bulk = dict(all_passports(conn, lambda slug: None))
        heads = [s for s, p in bulk.items() if p["versions"]][:15]
        versions = [p["versions"][0]["slug"] for p in bulk.values() if p["versions"]][:10]
        bare = [s for s, p in bulk.items() if not p["offers"]][:10]
        rated = [s for s, p in bulk.items() if len(p["evidence"]) > 3][:10]
        sample = sorted(set(heads + versions + bare + rated + list(bulk)[::300]))
        assert len(sample) > 40
        for slug in sample:
            one = build_passport(conn, slug, matchrank=lambda s: None, positions=lambda s: [])
            assert json.dumps(one, default=str) == json.dumps(bulk[slug], default=str), slug


def test_the_index_is_served_for_its_catalog_state_only(stored: tuple[str, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted index entry is what is served while the catalog is the one it was written for; a new
    derivation (even within the same second), a keyed search or another database file never reads it
    (an anonymous search does not change what the entry holds: its counters are read live)."""
    from web_helpers import sqlite_copy

    url, cache = working_copy(stored, tmp_path)
    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(cache))
    slug = "openai/gpt-4o-mini"
    planted = {"slug": slug, "planted": True}
    assert passport_cache.write_index(url, [(slug, planted)])
    assert passport_cache.load(url, "GPT-4o mini") == planted  # resolved through its alias, as the store does
    assert passport_cache.load(url, "no-such-model-xyz") is None  # the slow path says "did you mean"
    other = sqlite_copy(url, tmp_path / "other.db")
    assert passport_cache.load(other, slug) is None
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO match_events (id, query, constraints, results, created_at, client) "
                     "VALUES ('e-0', 'q', '{}', '[]', '2026-01-01T00:00:00Z', 'cli')")
        conn.execute("INSERT INTO match_events (id, query, constraints, results, created_at, client) "
                     "VALUES ('e-1', 'q', '{}', '[]', '2026-01-01T00:00:00Z', 'key:someone')")
    try:
        assert passport_cache.load(url, slug) is None
    finally:
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM match_events WHERE id = 'e-1'")
    assert passport_cache.load(url, slug) == planted  # the anonymous one is still there
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM match_events WHERE id = 'e-0'")
        derivation = conn.execute("SELECT value FROM catalog_meta WHERE key = 'derivation'").fetchone()[0]
        conn.execute("UPDATE catalog_meta SET value = 'another' WHERE key = 'derivation'")
    try:
        assert passport_cache.load(url, slug) is None  # a second derivation within the same second
    finally:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'derivation'", (derivation,))
    assert passport_cache.load(url, slug) == planted
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT value FROM catalog_meta WHERE key = 'derived_at'").fetchone()[0]
        conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'derived_at'", (before + "0",))
    try:
        assert passport_cache.load(url, slug) is None
        shown = go(["--db", url, "show", slug, "--json"], cache).stdout
        assert "planted" not in json.loads(shown) and json.loads(shown)["slug"] == slug
    finally:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'derived_at'", (before,))


def test_a_logged_search_is_shown_without_rebuilding_the_passport(stored: tuple[str, Path],
                                                                  tmp_path: Path) -> None:
    """After a search that matched the artifact, ``show`` prints its new counters, the same passport a
    process without caches builds, from init's index: no passport is rebuilt and kept."""
    from web_helpers import sqlite_copy

    from matchgraph.service.passport import passport
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    url, cache = working_copy(stored, tmp_path)
    mine = sqlite_copy(url, tmp_path / "mine.db")  # a new file: init's index is written for it first
    code = ("import sys; from matchgraph.settings import Settings; from matchgraph.store import open_store; "
            "from matchgraph.cli.catalog_commands import store_ranks; "
            "store_ranks(open_store(Settings(db_url=sys.argv[1])))")
    subprocess.run([os.sys.executable, "-c", code, mine], check=True, timeout=600,
                   env={**os.environ, disk_cache.ENV_CACHE_DIR: str(cache)})
    before = json.loads(go(["--db", mine, "show", "gpt-4o-mini", "--json"], cache).stdout)
    text_before = go(["--db", mine, "show", "gpt-4o-mini"], cache).stdout
    found = json.loads(go(["--db", mine, "search", "gpt-4o-mini vision model with function calling", "--json"],
                          cache).stdout)
    assert "openai/gpt-4o-mini" in {r["slug"] for r in found["results"]}
    after = json.loads(go(["--db", mine, "show", "gpt-4o-mini", "--json"], cache).stdout)
    text_after = go(["--db", mine, "show", "gpt-4o-mini"], cache).stdout
    assert not files(cache, "passports")  # served from the index, not rebuilt
    moved = [c["uri"] for c, b in zip(after["capabilities"], before["capabilities"], strict=True)
             if c["times_matched"] == b["times_matched"] + 1]
    assert moved, "the search counted as a match of at least one capability"
    engine = open_store(Settings(db_url=mine))
    try:
        fresh = json.loads(json.dumps(passport(engine, "gpt-4o-mini"), default=str))
    finally:
        engine.dispose()
    assert after == fresh
    assert text_after != text_before or "times matched" not in text_before.lower()
    assert go(["--db", mine, "show", "gpt-4o-mini"], tmp_path / "empty").stdout == text_after


@pytest.mark.parametrize("columns", ["80", "60", "51", "200"])
def test_the_help_init_stores_is_the_help_typer_prints(stored: tuple[str, Path], tmp_path: Path,
                                                       columns: str) -> None:
    _url, cache = working_copy(stored, tmp_path)
    before = files(cache, "output")
    first = go(["--help"], cache, columns).stdout
    assert files(cache, "output") == before  # replayed from what init stored, nothing recorded
    bare = go(["--help"], tmp_path / "empty", columns).stdout
    assert first == bare and "Usage: matchgraph" in first
    assert max(len(line) for line in first.splitlines()) <= max(min(int(columns), 80) - 2, 50)
