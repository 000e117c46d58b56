"""The catalog commands run as a user runs them: the installed console script, a real database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"


def run(args: list[str], db: str, **kw) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHGRAPH_DB": db}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120, **kw)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    done = run(["init"], url)
    assert done.returncode == 0, done.stderr
    return url


def show(key: str, db: str) -> dict:
    done = run(["show", key, "--json"], db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_show_gpt_4o_mini_acceptance(db: str) -> None:
    p = show("gpt-4o-mini", db)
    assert p["slug"] == "openai/gpt-4o-mini"
    # The creator's own price; the starting price is the cheapest api offer of any host (models.dev
    # lists resellers a little below it), never above it.
    creator = next(o for o in p["offers"] if o["host"] == "openai" and o["key"] == "gpt-4o-mini")
    assert (creator["prices"]["input_per_mtok"], creator["prices"]["output_per_mtok"]) == (0.15, 0.6)
    assert 0 < p["prices"]["input_per_mtok"] <= 0.15 and 0 < p["prices"]["output_per_mtok"] <= 0.6
    assert p["context_window"] == 128000
    uris = {c["uri"] for c in p["capabilities"]}
    assert {
        "capability://vision.image-understanding",
        "capability://tools.function-calling",
        "capability://text.structured-output.json-schema",
    } <= uris
    litellm_keys = {s["key"] for s in p["sources"] if s["source"] == "litellm"}
    assert {"gpt-4o-mini", "azure/gpt-4o-mini"} <= litellm_keys
    assert all(s["fetched_at"] for s in p["sources"])


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("gpt-4o", "openai/gpt-4o"),
        ("black_forest_labs/flux-pro", "black-forest-labs/flux-pro"),
        ("black_forest_labs/flux-pro-1.1", "black-forest-labs/flux-1.1-pro"),
        ("mistral/ministral-3-8b-2512", "mistralai/ministral-3-8b-2512"),
        ("openai/gpt-5-image-mini", "openai/gpt-5-image-mini"),
        ("openai/gpt-5.4-image-2", "openai/gpt-5.4-image-2"),
        ("GPT-4o Mini", "openai/gpt-4o-mini"),  # exact name, any case
    ],
)
def test_show_answers_for_the_seed_models(db: str, key: str, slug: str) -> None:
    p = show(key, db)
    assert p["slug"] == slug
    assert p["sources"], "every artifact names its source records"


def test_flux_has_per_image_prices_and_no_token_prices(db: str) -> None:
    for key in ("black_forest_labs/flux-pro", "black_forest_labs/flux-pro-1.1"):
        p = show(key, db)
        assert p["prices"]["per_image"] > 0
        assert p["prices"]["input_per_mtok"] is None  # unknown, not 0
        assert p["modalities"]["output"] == ["image"]
        assert "capability://image.generation.text-to-image" in {c["uri"] for c in p["capabilities"]}


def test_manifest_models_cite_their_page(db: str) -> None:
    p = show("openai/gpt-5-image-mini", db)
    assert p["prices"]["input_per_mtok"] == 2.5
    # The manifest states no output price; any shown comes from another source's offer.
    own = next(o for o in p["offers"] if o["source"] == "manifest")
    assert own["prices"] == {"input_per_mtok": 2.5}
    assert p["prices"]["output_per_mtok"] is None or p["prices"]["offer"]["source"] != "manifest"
    # Nor a context window: one, if shown, is another source's claim.
    assert own["context_window"] is None
    if p["context_window"] is not None:
        assert any(o["context_window"] == p["context_window"] for o in p["offers"] if o["source"] != "manifest")
    assert p["sources"][0]["source"] == "manifest"
    assert p["sources"][0]["url"].startswith("https://")


def test_stats_acceptance(db: str) -> None:
    done = run(["stats", "--json"], db)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert sum(stats["artifacts"].values()) >= 1500
    assert stats["source_records"] >= 4000
    assert stats["unsourced_artifacts"] == 0
    assert set(stats) >= {"artifacts", "offers", "source_records", "capabilities", "evidence", "unsourced_artifacts"}


def test_unknown_key_suggests_names(db: str) -> None:
    done = run(["show", "gpt-4o-minni", "--json"], db)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "gpt-4o-mini" in done.stderr.lower()


def test_unknown_source_and_missing_file(db: str, tmp_path: Path) -> None:
    before = json.loads(run(["stats", "--json"], db).stdout)
    bad = run(["ingest", "nosuch", "x"], db)
    assert bad.returncode != 0 and "unknown source" in bad.stderr
    missing = run(["ingest", "litellm", str(tmp_path / "none.json")], db)
    assert missing.returncode != 0 and "none.json" in missing.stderr
    assert json.loads(run(["stats", "--json"], db).stdout) == before


def test_validate_reports_errors_with_lines(tmp_path: Path) -> None:
    bad = next((ROOT / "data" / "manifests").glob("bad*.yml"))
    done = run(["validate", str(bad), "--json"], "sqlite://")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["valid"] is False
    assert result["errors"] and all(e["path"] and e["line"] for e in result["errors"])
    good = next((ROOT / "data" / "manifests").glob("good*.yml"))
    ok = run(["validate", str(good)], "sqlite://")
    assert ok.returncode == 0, ok.stderr
    assert "valid" in ok.stderr


def test_init_twice_needs_force(db: str) -> None:
    again = run(["init"], db)
    assert again.returncode == 1 and "--force" in again.stderr


def test_first_use_initialises_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'auto.db'}"
    assert show("gpt-4o-mini", url)["slug"] == "openai/gpt-4o-mini"


def test_db_flag_and_bad_url(tmp_path: Path) -> None:
    done = subprocess.run([EXE, "--db", "mysql://nowhere/x", "stats"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "unsupported database" in done.stderr
    down = subprocess.run(
        [EXE, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "stats"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert down.returncode != 0 and "cannot open database" in down.stderr


def test_an_ingest_never_leaves_show_help_or_search_stale(db: str, tmp_path: Path) -> None:
    """`show` and `--help` are replayed from the disk cache; an ingest that changes the catalog makes
    `show` print the new passport (MatchRank included), the same one a process without caches builds,
    and `search` read the new catalog."""
    from web_helpers import sqlite_copy

    from matchgraph.service.passport import passport
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    url = sqlite_copy(db, tmp_path / "copy.db")
    env = {**os.environ, "MATCHGRAPH_DB": url, "MATCHGRAPH_CACHE_DIR": str(tmp_path / "cache")}

    def go(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    def found_in(result: dict) -> dict:
        return next(r for r in result["results"] if r["slug"] == "openai/gpt-4o-mini")

    need = "gpt-4o-mini vision model with function calling"
    before = json.loads(go("show", "gpt-4o-mini", "--json").stdout)
    assert json.loads(go("show", "gpt-4o-mini", "--json").stdout) == before  # replayed
    searched = found_in(json.loads(go("search", need, "--json", "--limit", "50").stdout))
    helped = go("--help").stdout
    go("ingest", "manifest", str(ROOT / "data" / "manifests" / "good.yml"))
    resought = found_in(json.loads(go("search", need, "--json", "--limit", "50").stdout))
    assert "manifest" in {s["source"] for s in resought["sources"]} - {s["source"] for s in searched["sources"]}
    after = json.loads(go("show", "gpt-4o-mini", "--json").stdout)
    assert "manifest" in {o["source"] for o in after["offers"]} - {o["source"] for o in before["offers"]}
    engine = open_store(Settings(db_url=url))
    try:
        fresh = json.loads(json.dumps(passport(engine, "gpt-4o-mini"), default=str))
    finally:
        engine.dispose()
    assert after == fresh
    assert go("--help").stdout == helped


def test_the_stored_matchrank_table_follows_the_catalog(db: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-disk MatchRank table is read for the catalog state it was written for, and never once
    the catalog has changed (a planted entry shows which one is served)."""
    from web_helpers import sqlite_copy

    from matchgraph.cli import disk_cache, rank_cache
    from matchgraph.service.catalog import ingest
    from matchgraph.service.rankings import all_standings
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    url = sqlite_copy(db, tmp_path / "copy.db")
    engine = open_store(Settings(db_url=url))
    try:
        slug = "openai/gpt-4o-mini"
        assert rank_cache.write_all(engine)
        assert rank_cache.lookup(engine)(slug) == all_standings(engine)[slug]
        stamp = rank_cache._stamp(engine)
        assert stamp is not None
        planted = {"score": -1.0, "planted": True}
        disk_cache.write(rank_cache._file(stamp), rank_cache.encode({slug: planted}))
        assert rank_cache.lookup(engine)(slug) == planted  # the stored table is what is served
        ingest(engine, "manifest", str(ROOT / "data" / "manifests" / "good.yml"), max_bytes=10_000_000)
        assert rank_cache._stamp(engine) != stamp
        served = rank_cache.lookup(engine)(slug)
        assert served != planted and served is not None
        engine.dispose()
        engine = open_store(Settings(db_url=url))  # a new process's view: no in-memory state
        assert served == all_standings(engine)[slug]
    finally:
        engine.dispose()


def test_init_writes_the_review_report(db: str, tmp_path: Path) -> None:
    out = tmp_path / "init.md"
    done = run(["init", "--force", "--report", str(out)], db)
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    for heading in ("## Merged groups", "## modelsdev ids no other source names",
                    "## Artifacts known only from identity records", "## Unmatched mteb names"):
        assert heading in text
    assert "- `openai/gpt-4o-mini` ← " in text
