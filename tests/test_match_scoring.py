"""Scoring on real data: arena quality for the matched capability, price fit, learned success."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from match_helpers import index_for
from rank_helpers import arena_catalog_file, private_copy

from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.service.context import Services
from matchgraph.service.events import record_outcome
from matchgraph.service.search import resolve, search
from matchgraph.settings import Settings
from matchgraph.store import open_store

CODING = "arena_rating:text/coding"


@pytest.fixture(scope="module")
def arena_ix(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> MatchIndex:
    return index_for(f"sqlite:///{arena_catalog_file(tmp_path_factory, catalog_db)}")


@pytest.fixture
def writable(tmp_path: Path, catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=private_copy(Path(catalog_db.removeprefix("sqlite:///")), tmp_path)))
    yield Services(engine)
    engine.dispose()


def _family_evidence(ix: MatchIndex, i: int) -> list:
    """Evidence of artifact ``i`` and of every version of its family (a head is rated on its versions)."""
    fam = ix.family_codes[i]
    return [e for j, a in enumerate(ix.artifacts) if ix.family_codes[j] == fam for e in a.evidence]


def _coding_percentile(ix: MatchIndex, slug: str) -> float:
    """The family's plain arena coding rating ranked among every family rated on it (0..1)."""
    best: dict[int, float] = {}
    for j, a in enumerate(ix.artifacts):
        values = [e.value for e in a.evidence if e.metric == CODING]
        if values:
            f = int(ix.family_codes[j])
            best[f] = max(best.get(f, float("-inf")), *values)
    mine = best[int(ix.family_codes[ix.position[slug]])]
    below = sum(v < mine for v in best.values())
    equal = sum(v == mine for v in best.values())
    return (below + (equal - 1) / 2) / (len(best) - 1)


def test_quality_is_the_arena_rating_for_the_asked_capability(arena_ix: MatchIndex) -> None:
    out = run_match(arena_ix, "best model for writing python code", limit=10)
    assert "capability://text.coding" in out.need.preferences
    rated = [r for r in out.results if r.components["quality"] is not None]
    assert len(rated) >= 5
    measured = arena_ix.taxonomy.get("capability://text.coding").measured_by
    arena_rated = 0
    for r in rated:
        evidence = _family_evidence(arena_ix, r.position)
        if any(e.metric == CODING for e in evidence):
            # An arena rating is the taxonomy's first metric for coding: it decides when present.
            arena_rated += 1
            assert r.components["quality"] == pytest.approx(_coding_percentile(arena_ix, r.slug), abs=1e-4)
            figure = next(x for x in r.reasons if x.startswith("LMArena text: coding "))
            value = max(e.value for e in evidence if e.metric == CODING)
            assert figure.startswith(f"LMArena text: coding {value:.0f} ± ")
            # Its place is a rank among the rated artifacts, never a share ("higher than 100% of").
            assert re.search(r"; (tied )?#\d+ of \d+ among the artifacts rated on it for coding", figure), figure
            assert "higher than" not in figure
            own = any(e.metric == CODING for e in arena_ix.artifacts[r.position].evidence)
            # A figure measured on another version of the family says which one.
            assert own or "(measured on " in figure
        else:
            # Otherwise another metric the taxonomy names for coding (Aider, SWE-bench...) is said.
            figure = arena_ix.quality.figure["capability://text.coding"][r.position]
            assert figure.metric in measured and figure.metric != CODING
            assert any("artifacts rated on it for coding" in x for x in r.reasons)
    assert arena_rated >= 1


def test_quality_follows_the_modality_of_the_need(arena_ix: MatchIndex) -> None:
    out = run_match(arena_ix, "text to image generator", limit=10)
    assert any(r.startswith("LMArena image ") for res in out.results for r in res.reasons)
    audio = run_match(arena_ix, "transcribe my meetings", limit=10)
    assert all(r.components["quality"] is None for r in audio.results)


def test_price_fit_orders_by_price(arena_ix: MatchIndex) -> None:
    out = run_match(arena_ix, "image generator under 10 cents per image", limit=40)
    pairs = [(r.prices["per_image"], r.components["price_fit"]) for r in out.results]
    assert len(pairs) >= 10
    for (p1, f1) in pairs:
        for (p2, f2) in pairs:
            if p1 < p2:
                assert f1 > f2


def test_outcomes_move_later_scores(writable: Services) -> None:
    need = "cheap model with tool calling and json mode"
    first = search(writable, need, limit=8)
    up, down = first["results"][4]["slug"], first["results"][5]["slug"]
    before = {r["slug"]: r for r in first["results"]}
    # Anonymous reports are stored but move nothing; a keyed client's report counts.
    other = search(writable, need, limit=8)
    record_outcome(writable, other["event_id"], up, "failure", client="cli")
    record_outcome(writable, other["event_id"], down, "success", client="ip:203.0.113.9")
    unmoved = {r["slug"]: r for r in search(writable, need, limit=50)["results"]}
    assert unmoved[up]["score"] == before[up]["score"] and unmoved[down]["score"] == before[down]["score"]
    record_outcome(writable, first["event_id"], up, "success", client="key:tester")
    record_outcome(writable, first["event_id"], down, "failure", client="key:tester")
    after = {r["slug"]: r for r in search(writable, need, limit=50)["results"]}
    assert after[up]["components"]["learned_success"] == pytest.approx(2 / 3, abs=1e-4)
    assert after[down]["components"]["learned_success"] == pytest.approx(1 / 3, abs=1e-4)
    assert after[up]["score"] > before[up]["score"]
    assert after[down]["score"] < before[down]["score"]
    assert any("1 success" in x for x in after[up]["reasons"])


def test_strict_resolve_drops_a_failure_majority(writable: Services) -> None:
    uri = "capability://text.structured-output.json-schema"
    target = resolve(writable, uri, risk="strict", limit=3)["results"][0]["slug"]
    # One key's repeated failures count once: the artifact stays in.
    for _ in range(3):
        doc = resolve(writable, uri, risk="strict", limit=100)
        record_outcome(writable, doc["event_id"], target, "failure", client="key:same")
    assert target in [r["slug"] for r in resolve(writable, uri, risk="strict", limit=100, log=False)["results"]]
    for n in range(2):
        doc = resolve(writable, uri, risk="strict", limit=100)
        assert target in [r["slug"] for r in doc["results"]]
        record_outcome(writable, doc["event_id"], target, "failure", client=f"key:other-{n}")
    strict = resolve(writable, uri, risk="strict", limit=100, log=False)
    assert target not in [r["slug"] for r in strict["results"]]
    step = next(s for s in strict["explanation"]["steps"] if s["constraint"] == "risk:outcomes")
    assert step["alone"] == strict["explanation"]["candidates"] - 1  # only the failing artifact is dropped
    default = resolve(writable, uri, risk="default", limit=100, log=False)
    assert default["explanation"]["after_filters"] > strict["explanation"]["after_filters"]
    assert target not in [r["slug"] for r in default["results"][:3]]


@given(st.data())
def test_cheapest_offer_per_candidate_is_the_sorted_choice(data) -> None:
    """The linear pass over offers grouped by artifact picks what sorting every offer picks: the lowest
    price, unpriced last, ties to the lowest offer index, -1 for a candidate without offers."""
    from types import SimpleNamespace

    import numpy as np

    from matchgraph.match.scoring import _cheapest

    n = data.draw(st.integers(1, 12))
    owners = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=40)))
    m = len(owners)
    price = np.array(data.draw(st.lists(st.sampled_from([float("nan"), 0.0, 0.5, 1.0, 2.0]),
                                        min_size=m, max_size=m)))
    sel = np.array(sorted(data.draw(st.sets(st.integers(0, m - 1)))), dtype=np.int64)
    cands = np.array(sorted(data.draw(st.sets(st.integers(0, n + 1), min_size=1))), dtype=np.int64)
    art = np.array(owners, dtype=np.int64)
    index = SimpleNamespace(offers=SimpleNamespace(artifact=art))
    want = np.full(len(cands), -1, dtype=np.int64)
    for j, c in enumerate(cands):
        mine = [o for o in sel if art[o] == c]
        if mine:
            want[j] = min(mine, key=lambda o: (np.inf if np.isnan(price[o]) else price[o], o))
    assert _cheapest(index, cands, sel, price).tolist() == want.tolist()
