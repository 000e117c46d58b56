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
from matchgraph.rank.quality import best_row, peer_group
from matchgraph.service.context import Services
from matchgraph.service.events import record_outcome
from matchgraph.service.search import resolve, search
from matchgraph.settings import Settings
from matchgraph.store import open_store


@pytest.fixture(scope="module")
def arena_ix(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> MatchIndex:
    return index_for(f"sqlite:///{arena_catalog_file(tmp_path_factory, catalog_db)}")


@pytest.fixture
def writable(tmp_path: Path, catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=private_copy(Path(catalog_db.removeprefix("sqlite:///")), tmp_path)))
    yield Services(engine)
    engine.dispose()


def _peers_on(ix: MatchIndex, metric: str, group: str) -> dict[str, float]:
    """Each family (head slug, or the slug itself) rated on ``metric`` in peer group ``group``: the value of
    the row it is placed by (its latest row, :func:`best_row`)."""
    slugs = {a.slug for a in ix.artifacts}
    rows: dict[str, list] = {}
    for a in ix.artifacts:
        head = a.family_head if a.family_head in slugs else a.slug
        if peer_group(ix.artifacts[ix.position[head]]) == group:
            rows.setdefault(head, []).extend(e for e in a.evidence if e.metric == metric)
    return {head: best_row(found).value for head, found in rows.items() if found}


def test_quality_is_the_position_on_the_board_for_the_asked_capability(arena_ix: MatchIndex) -> None:
    """The quality score and the reason place a result among every family rated on the same board in its
    peer group (the set the artifact's page uses), not only among those whose chosen figure it is."""
    out = run_match(arena_ix, "best model for writing python code", limit=10)
    assert "capability://text.coding" in out.need.preferences
    rated = [r for r in out.results if r.components["quality"] is not None]
    assert len(rated) >= 5
    for r in rated:
        entry = arena_ix.quality.entry["capability://text.coding"][r.position]
        peers = _peers_on(arena_ix, entry.metric, entry.peer_group)
        assert entry.peers == len(peers)
        above = sum(v > entry.value for v in peers.values())
        assert entry.rank == above + 1
        below = sum(v < entry.value for v in peers.values())
        equal = sum(v == entry.value for v in peers.values()) - 1
        pct = (below + 0.5 * equal) / (len(peers) - 1)
        if entry.self_reported:
            pct = 0.5 + (pct - 0.5) * 0.5
        assert r.components["quality"] == pytest.approx(pct, abs=1e-4)
        reason = next(x for x in r.reasons if x.endswith(", for coding."))
        assert re.match(rf"(Tied )?#{entry.rank} of {len(peers)} on ", reason), reason
        assert "higher than" not in reason
        own = any(e.metric == entry.metric and e.value == entry.value for e in arena_ix.artifacts[r.position].evidence)
        # A figure measured on another version of the family says which one.
        assert own or "measured on " in reason


def test_quality_follows_the_modality_of_the_need(arena_ix: MatchIndex) -> None:
    out = run_match(arena_ix, "text to image generator", limit=10)
    assert any(re.search(r"#\d+ of \d+ on LMArena image", r) for res in out.results for r in res.reasons)
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
