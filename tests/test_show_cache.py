"""``show`` after a search, an outcome, a re-derivation or an ingest: the text a replay or the passport
index serves is the text a full render from the store prints (at 80 columns, piped and on a terminal),
a logged search does not make the text render again, and nothing cached for an earlier catalog state
is ever served after it changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import LMARENA_DIR, require_shared
from show_helpers import KEY, NEED, SLUG, STORE_RANKS, env_for, fresh, keyed_outcome, outputs, plant, run

from matchgraph.cli import passport_cache


@pytest.fixture(scope="module")
def stored(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A copy of the session catalog and the cache ``init`` leaves for it."""
    from web_helpers import sqlite_copy

    base = tmp_path_factory.mktemp("show-cache")
    url = sqlite_copy(catalog_db, base / "catalog.db")
    cache = base / "cache"
    subprocess.run([sys.executable, "-c", STORE_RANKS, url], check=True, timeout=600, env=env_for(cache))
    return url, cache


@pytest.fixture
def mine(stored: tuple[str, Path], tmp_path: Path) -> tuple[str, Path]:
    """A catalog and cache this test may change: a copy of both (the database's path keys the cache,
    so init's cache is written again for the copy)."""
    from web_helpers import sqlite_copy

    url = sqlite_copy(stored[0], tmp_path / "mine.db")
    cache = tmp_path / "cache"
    subprocess.run([sys.executable, "-c", STORE_RANKS, url], check=True, timeout=600, env=env_for(cache))
    return url, cache


@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
def test_a_search_does_not_render_the_text_again(mine: tuple[str, Path], tmp_path: Path, tty: bool) -> None:
    url, cache = mine
    first = run(["--db", url, "show", KEY], cache, tty)
    assert "MatchRank" in first and ("\x1b[" in first) == tty  # styled on a terminal only
    before = json.loads(run(["--db", url, "show", KEY, "--json"], cache))
    found = json.loads(run(["--db", url, "search", NEED, "--json"], cache))
    assert SLUG in {r["slug"] for r in found["results"]}
    recorded = outputs(cache)
    again = run(["--db", url, "show", KEY], cache, tty)
    assert outputs(cache) == recorded  # replayed: nothing rendered or recorded
    full = run(["--db", url, "show", KEY], tmp_path / "no-cache", tty)  # the store read, the passport built
    assert again == first == full
    after = json.loads(run(["--db", url, "show", KEY, "--json"], cache))
    assert after == json.loads(run(["--db", url, "show", KEY, "--json"], tmp_path / "no-cache-json"))
    assert sum(c["times_matched"] for c in after["capabilities"]) > sum(
        c["times_matched"] for c in before["capabilities"])  # the JSON prints the live counters


def test_the_text_of_a_passport_reads_no_counter(catalog_engine, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """What lets the text replay ignore the counters (fast.cache_file keys ``show KEY`` without them):
    render_passport prints the same text whatever the times matched, successes and failures."""
    from matchgraph.cli.render import render_passport
    from matchgraph.service.passport import passport

    monkeypatch.setenv("COLUMNS", "80")
    texts = []
    for counters in ((0, 0, 0), (12345, 678, 9), (1, 0, 1)):
        data = json.loads(json.dumps(passport(catalog_engine, KEY), default=str))
        assert data["capabilities"]
        passport_cache.with_counters(data, {c["uri"]: counters for c in data["capabilities"]})
        render_passport(data)
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1] == texts[2] and "Capabilities" in texts[0]


def test_an_outcome_shows_up_in_the_next_show(mine: tuple[str, Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    url, cache = mine
    before = json.loads(run(["--db", url, "show", KEY, "--json"], cache))
    plant(url, cache, monkeypatch)
    keyed_outcome(url, cache)
    after = fresh(url, cache, tmp_path, "outcome")
    assert sum(c["successes"] for c in after["capabilities"]) > sum(c["successes"] for c in before["capabilities"])
    assert any(c["success_rate"] == 1.0 for c in after["capabilities"])


@pytest.mark.slow
def test_a_re_derivation_shows_up_in_the_next_show(mine: tuple[str, Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from matchgraph.service.catalog import rebuild
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    url, cache = mine
    plant(url, cache, monkeypatch)
    engine = open_store(Settings(db_url=url))
    try:
        with engine.begin() as conn:
            rebuild(conn)  # the same records derived again: a new derivation id, the same passport
    finally:
        engine.dispose()
    assert fresh(url, cache, tmp_path, "rederive")["slug"] == SLUG


@pytest.mark.slow
def test_an_ingest_shows_up_in_the_next_show(mine: tuple[str, Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    url, cache = mine
    plant(url, cache, monkeypatch)
    manifest = Path(__file__).parent / "data" / "manifests" / "good.yml"
    run(["--db", url, "ingest", "manifest", str(manifest)], cache)  # writes init's cache for the new state
    assert fresh(url, cache, tmp_path, "ingest")["slug"] == SLUG


@pytest.mark.slow
@pytest.mark.needs_shared
def test_a_new_arena_rating_shows_up_in_the_next_show(mine: tuple[str, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An arena leaderboard naming the model (its real row in the pinned text board) adds a rating."""
    url, cache = mine
    board = require_shared(LMARENA_DIR / "lmarena_text.csv").read_text(encoding="utf-8").splitlines()
    rows = [board[0]] + [line for line in board[1:] if ",GPT-4o-mini-2024-07-18," in line]
    assert len(rows) == 2
    folder = tmp_path / "arena"
    folder.mkdir()
    (folder / "lmarena_text.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = json.loads(run(["--db", url, "show", KEY, "--json"], cache))
    assert not any(e["metric"].startswith("arena") for e in before["evidence"])
    plant(url, cache, monkeypatch)
    run(["--db", url, "ingest", "lmarena", str(folder)], cache)
    after = fresh(url, cache, tmp_path, "arena")
    rated = [e for e in after["evidence"] if e["metric"].startswith("arena")]
    assert rated and rated[0]["value"] == 1288
