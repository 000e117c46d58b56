"""Comparisons with the pinned LMArena files ingested: ratings with intervals, fair wins, rank intervals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rank_helpers import arena_catalog_file

from matchgraph.compare.profile import choose_ratings
from matchgraph.service.compare import arena_boards, compare, passports
from matchgraph.service.context import Services
from matchgraph.settings import Settings
from matchgraph.store import open_store

RATED_PAIR = ("openai/gpt-4o-2024-05-13", "openai/gpt-4o-2024-08-06")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=f"sqlite:///{arena_catalog_file(tmp_path_factory, catalog_db)}"))
    yield Services(engine)
    engine.dispose()


def test_arena_rows_win_only_when_intervals_separate(services: Services) -> None:
    doc = compare(services, *RATED_PAIR)
    pa, pb = passports(services, list(RATED_PAIR))
    ra, rb = choose_ratings(pa["evidence"]), choose_ratings(pb["evidence"])
    arena_rows = [r for r in doc["table"] if r["row"].startswith("Arena ")]
    assert len(arena_rows) >= 10
    for row in arena_rows:
        a, b = ra[row["a"]["metric"]], rb[row["b"]["metric"]]
        assert row["a"]["rating"] == pytest.approx(a.value, abs=0.05)
        expected = "a" if a.ci_low > b.ci_high else "b" if b.ci_low > a.ci_high else "tie"
        assert row["winner"] == expected, row
    v = doc["verdict"]
    assert v["different_jobs"] is False
    counted = [c for c in v["comparable_categories"] if c["key"].startswith("arena:")]
    assert len(counted) == len(arena_rows)
    assert v["wins"] == {side: sum(c["winner"] == side for c in v["comparable_categories"])
                         for side in ("a", "b", "tie")}
    # Style-controlled duplicates are not counted twice.
    assert not any(":style" in r["a"]["metric"] for r in arena_rows)


def test_benchmark_faq_states_intervals(services: Services) -> None:
    doc = compare(services, *RATED_PAIR)
    pa, _ = passports(services, list(RATED_PAIR))
    full = choose_ratings(pa["evidence"])["arena_rating:text/full"]
    answer = next(f["a"] for f in doc["faq"] if "benchmarks" in f["q"])
    assert f"95% CI {full.ci_low:.0f}–{full.ci_high:.0f}" in answer


def test_rank_intervals_are_consistent(services: Services) -> None:
    boards = arena_boards(services)
    doc = compare(services, *RATED_PAIR)
    for row in (r for r in doc["table"] if r["row"].startswith("Arena ")):
        metric = row["a"]["metric"]
        best, worst, n = boards.rank_interval(metric, row["a"]["ci_low"], row["a"]["ci_high"])
        assert 1 <= best <= worst <= n == boards.size(metric)


def test_ratings_on_different_boards_do_not_compare(services: Services) -> None:
    doc = compare(services, "flux-1.1-pro", "gpt-4o")
    assert doc["verdict"]["different_jobs"] is True
    # No rating row compares them; the rank row states where each stands on its own board, naming no leader.
    assert not [r for r in doc["table"] if r["row"].startswith("Arena ") and r["row"].endswith(" rating")]
    rank = next(r for r in doc["table"] if r["row"] == "Arena rank (overall, own board)")
    assert rank["winner"] is None
    assert rank["a"]["metric"].startswith("arena_rating:image/full") and rank["a"]["rank"]
    assert rank["b"]["metric"].startswith("arena_rating:text/full") and rank["b"]["rank"]
    best, worst, n = rank["b"]["rank"]
    assert 1 <= best <= worst <= n
    flux = passports(services, ["flux-1.1-pro"])[0]
    assert any(e["metric"].startswith("arena_rating:image/") for e in flux["evidence"])
    answer = next(f["a"] for f in doc["faq"] if "benchmarks" in f["q"])
    assert "arena image" in answer


def test_image_generators_compare_on_the_image_board(services: Services) -> None:
    doc = compare(services, "flux-1.1-pro", "openai/gpt-image-1")
    rows = [r for r in doc["table"] if r["row"].startswith("Arena image")]
    assert rows and doc["verdict"]["different_jobs"] is False
    assert all(r["winner"] in ("a", "b", "tie") for r in rows)


def test_comparing_does_not_write_to_the_store(services: Services) -> None:
    # The shared arena file is read-only for every test: a comparison only reads.
    path = Path(str(services.engine.url.database))
    before = path.stat().st_mtime_ns
    compare(services, *RATED_PAIR)
    assert path.stat().st_mtime_ns == before
