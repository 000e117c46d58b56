"""Comparisons with the pinned LMArena files ingested: ratings with intervals, fair wins, and positions that
agree with the passports (one peer set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rank_helpers import arena_catalog_file

from matchgraph.service.compare import compare, passports
from matchgraph.service.context import Services
from matchgraph.settings import Settings
from matchgraph.store import open_store

RATED_PAIR = ("openai/gpt-4o-2024-05-13", "openai/gpt-4o-2024-08-06")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=f"sqlite:///{arena_catalog_file(tmp_path_factory, catalog_db)}"))
    yield Services(engine)
    engine.dispose()


def _positions(passport: dict) -> dict[str, dict]:
    return {p["metric"]: p for p in passport["positions"]}


def test_arena_rows_win_only_when_intervals_separate(services: Services) -> None:
    doc = compare(services, *RATED_PAIR)
    pa, pb = passports(services, list(RATED_PAIR))
    ra, rb = _positions(pa), _positions(pb)
    arena_rows = [r for r in doc["table"] if r["row"].startswith("LMArena ")]
    assert len(arena_rows) >= 10
    for row in arena_rows:
        # The rating shown is the row the passport's position rests on.
        a, b = ra[row["a"]["metric"]], rb[row["b"]["metric"]]
        assert row["a"]["rating"] == pytest.approx(a["value"], abs=0.05)
        expected = "a" if a["ci_low"] > b["ci_high"] else "b" if b["ci_low"] > a["ci_high"] else "tie"
        assert row["winner"] == expected, row
    v = doc["verdict"]
    assert v["different_jobs"] is False
    counted = [c for c in v["comparable_categories"] if c["key"].startswith("arena:")]
    assert len(counted) == len(arena_rows)
    assert v["wins"] == {side: sum(c["winner"] == side for c in v["comparable_categories"])
                         for side in ("a", "b", "tie")}
    # Style-controlled duplicates are not counted twice.
    assert not any(":style" in r["a"]["metric"] for r in arena_rows)


def test_benchmark_faq_states_the_passport_positions(services: Services) -> None:
    doc = compare(services, *RATED_PAIR)
    answer = next(f["a"] for f in doc["faq"] if "benchmarks" in f["q"])
    for passport in passports(services, list(RATED_PAIR)):
        overall = _positions(passport)["arena_rating:text/full:style"]
        # The FAQ states the position in the passport's own words: rank, peers, interval, kind and date.
        assert overall["text"] in answer
        assert f"of {overall['peers']} on LMArena text, style-controlled" in overall["text"]
        assert "independent" in overall["text"] and "read " in overall["text"]


def test_compare_ranks_are_the_passport_ranks(services: Services) -> None:
    doc = compare(services, *RATED_PAIR)
    pa, pb = passports(services, list(RATED_PAIR))
    for side, passport in (("a", pa), ("b", pb)):
        pos = _positions(passport)
        for row in (r for r in doc["table"] if r["row"].startswith("LMArena ")):
            p = pos[row[side]["metric"]]
            best, worst, n = row[side]["rank"]
            assert (best, worst, n) == (p["rank_best"], p["rank_worst"], p["peers"])
            assert 1 <= best <= p["rank"] <= worst <= n
            assert row[side]["position"] == p["text"]


def test_a_family_counts_once_among_its_peers(services: Services) -> None:
    # GPT-4o's head stands on its dated versions' rows: the head and the version it is measured on have
    # the same rank among the same number of peers (a peer set that counted versions separately would
    # hold more peers for the same board).
    head, version = passports(services, ["openai/gpt-4o", "openai/gpt-4o-2024-05-13"])
    metric = "arena_rating:text/full:style"
    ph, pv = _positions(head)[metric], _positions(version)[metric]
    assert ph["measured_on"] == "openai/gpt-4o-2024-05-13"
    assert (ph["rank"], ph["peers"], ph["value"]) == (pv["rank"], pv["peers"], pv["value"])


def test_ratings_on_different_boards_do_not_compare(services: Services) -> None:
    doc = compare(services, "flux-1.1-pro", "gpt-4o")
    assert doc["verdict"]["different_jobs"] is True
    # No rating row compares them; the rank row states where each stands on its own board, naming no leader.
    assert not [r for r in doc["table"] if r["row"].startswith("LMArena ") and r["row"].endswith(" rating")]
    rank = next(r for r in doc["table"] if r["row"] == "Arena rank (overall, own board)")
    assert rank["winner"] is None
    assert rank["a"]["metric"].startswith("arena_rating:image/full") and rank["a"]["rank"]
    assert rank["b"]["metric"].startswith("arena_rating:text/full") and rank["b"]["rank"]
    best, worst, n = rank["b"]["rank"]
    assert 1 <= best <= worst <= n
    flux, gpt = passports(services, ["flux-1.1-pro", "gpt-4o"])
    assert any(e["metric"].startswith("arena_rating:image/") for e in flux["evidence"])
    # Seed 003's "Arena rank" row: each stands where its passport says, among its own kind.
    assert rank["b"]["position"] == _positions(gpt)[rank["b"]["metric"]]["text"]
    assert rank["a"]["position"] == _positions(flux)[rank["a"]["metric"]]["text"]
    answer = next(f["a"] for f in doc["faq"] if "benchmarks" in f["q"])
    assert "LMArena image" in answer and _positions(gpt)[rank["b"]["metric"]]["text"] in answer


def test_image_generators_compare_on_the_image_board(services: Services) -> None:
    doc = compare(services, "flux-1.1-pro", "openai/gpt-image-1")
    rows = [r for r in doc["table"] if r["row"].startswith("LMArena image")]
    assert rows and doc["verdict"]["different_jobs"] is False
    assert all(r["winner"] in ("a", "b", "tie") for r in rows)


def test_comparing_does_not_write_to_the_store(services: Services) -> None:
    # The shared arena file is read-only for every test: a comparison only reads.
    path = Path(str(services.engine.url.database))
    before = path.stat().st_mtime_ns
    compare(services, *RATED_PAIR)
    assert path.stat().st_mtime_ns == before
