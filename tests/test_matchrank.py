"""MatchRank and quality per capability on the real catalog with the pinned LMArena files ingested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from rank_helpers import arena_catalog_file, check_matchrank, private_copy

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.rank.matchrank import MatchRank, compute_matchrank, wilson_interval
from matchgraph.rank.quality import (
    GROUP_BOARDS,
    QualityTable,
    compute_quality,
    evidence_date,
    is_rating_metric,
    measures_group,
    metric_board,
    metric_preference,
    peer_group,
)
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.passport import passport
from matchgraph.service.rankings import matchrank_for, ranking_state, rankings
from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.store.read_model import CatalogView
from matchgraph.store.schema import match_events, outcomes


@pytest.fixture(scope="module")
def arena_file(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> Path:
    return arena_catalog_file(tmp_path_factory, catalog_db)


@pytest.fixture(scope="module")
def services(arena_file: Path) -> Iterator[Services]:
    engine = open_store(Settings(db_url=f"sqlite:///{arena_file}"))
    yield Services(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def view(services: Services) -> CatalogView:
    return services.view()


@pytest.fixture(scope="module")
def quality(view: CatalogView) -> QualityTable:
    return compute_quality(view)


@pytest.fixture(scope="module")
def ranks(view: CatalogView, quality: QualityTable) -> dict[str, MatchRank]:
    return compute_matchrank(view, None, quality)


def test_a_license_flag_alone_is_no_rank(view, ranks) -> None:
    """Artifacts whose only known component is the ecosystem (open weights, no offer, no rating) have no
    MatchRank, so none of them can lead the leaderboard at 100/100."""
    only_ecosystem = [mr for mr in ranks.values()
                      if {n for n, c in mr.components.items() if c.score is not None} == {"ecosystem"}]
    assert only_ecosystem, "the bundled catalog has offerless open-weights models"
    assert all(mr.score is None for mr in only_ecosystem)
    ranked = sorted((mr for mr in ranks.values() if mr.score is not None), key=lambda mr: -mr.score)
    top = ranked[0].components
    assert top["adoption"].score is not None or top["quality"].score is not None


def test_every_component_is_evidence_or_null_over_the_whole_catalog(view, ranks) -> None:
    assert len(ranks) == len(view.artifacts) > 1500
    zeros = 0
    for mr in ranks.values():
        d = mr.to_dict()
        check_matchrank(d)
        assert d["version"] == "matchrank-2"
        assert d["components"]["match_graph"]["score"] is None  # no search logged in this store
        zeros += sum(c["score"] == 0 for c in d["components"].values())
    # The catalog has real zeros (e.g. models served only by their creator): they must be explained.
    assert zeros > 0
    assert sum(mr.components["quality"].score is not None for mr in ranks.values()) > 150


def test_quality_entries_carry_intervals_dates_and_consistent_bounds(quality, view) -> None:
    n = 0
    for a in view.artifacts:
        for e in quality.for_artifact(a.slug).values():
            n += 1
            assert e.fetched_at or e.observed_at
            if not is_rating_metric(e.metric):
                # Benchmark figures (Aider, MTEB, llm-stats) come without intervals: a rank, no bounds.
                assert e.ci_low is None and e.rank_best is None and 1 <= e.rank <= e.peers
                continue
            assert e.ci_low is not None and e.ci_high is not None and e.ci_low <= e.value <= e.ci_high
            assert e.rank_best <= e.rank <= e.rank_worst <= e.peers
            if e.percentile is not None:
                assert e.lower <= e.percentile <= e.upper
            else:
                assert e.peers == 1
    assert n > 3000


def test_image_generator_quality_is_among_image_generators_only(view, quality, ranks) -> None:
    flux = view.get("black-forest-labs/flux-1.1-pro")
    assert peer_group(flux) == "image-generation"
    entries = quality.for_artifact(flux.slug)
    assert "capability://image.generation.text-to-image" in entries
    image_gen = [a for a in view.artifacts if peer_group(a) == "image-generation"]
    for e in entries.values():
        assert e.peer_group == "image-generation" and metric_board(e.metric) == "image"
        # One peer per family: a head with its versions' rows (versions have no entry of their own).
        slugs = {a.slug for a in view.artifacts}
        rows: dict[str, set[str]] = {}
        for a in view.artifacts:
            head = a.family_head if a.family_head in slugs else a.slug
            rows.setdefault(head, set()).update(x.metric for x in a.evidence)
        peers = [a for a in image_gen if a.slug in rows and e.metric in rows[a.slug]
                 and not (a.family_head != a.slug and a.family_head in slugs)]
        assert e.peers == len(peers)
        # Its percentile recomputed from the image generators' own ratings on that metric.
        values = [quality.get(a.slug, e.capability_uri) for a in peers]
        values = [v.value for v in values if v is not None and v.metric == e.metric]
        others = [v for v in values if v != e.value]
        assert len(others) == len(values) - 1
        assert e.percentile == pytest.approx(100 * sum(v < e.value for v in others) / len(others))
    q = ranks[flux.slug].components["quality"]
    assert q.score is not None and q.evidence["peer_group"] == "image-generation"
    # No text model is ever a peer on an image metric, and no image generator on a text metric.
    for a in view.artifacts:
        for e in quality.for_artifact(a.slug).values():
            assert measures_group(e.metric, e.peer_group)
            if is_rating_metric(e.metric):
                assert metric_board(e.metric) in GROUP_BOARDS[e.peer_group]


def test_chat_model_listing_image_output_stays_with_text_models(view, quality) -> None:
    gpt51 = view.get("openai/gpt-5.1")
    assert "image" in gpt51.output_modalities
    assert peer_group(gpt51) == "text"
    chat = quality.get(gpt51.slug, "capability://text.chat")
    assert chat is not None and chat.percentile is not None and quality.ignored_rows(gpt51.slug) == 0


def test_chosen_evidence_follows_the_documented_preference(view, quality) -> None:
    taxonomy = load_taxonomy()
    opus = quality.get(view.get("anthropic/claude-opus-4-20250514").family_head, "capability://text.chat")
    assert opus.metric == "arena_rating:text/full:style"
    checked = 0
    for a in view.artifacts:
        for uri, e in quality.for_artifact(a.slug).items():
            rows = [x for x in a.evidence if x.capability_uri == uri and measures_group(x.metric, peer_group(a))]
            if not is_rating_metric(e.metric):
                # A benchmark figure: independent before self-reported, then the taxonomy's order.
                pref = metric_preference(uri, taxonomy)

                def key(m: str, pref: list[str] = pref) -> tuple[int, int]:
                    return (0 if m in pref else 1, pref.index(m) if m in pref else 0)

                independent = [x for x in rows if x.kind != "self_reported"]
                assert not independent or not e.self_reported, (a.slug, uri)
                pool = independent or rows
                if pool:  # (empty when every row was measured on a version of the family)
                    assert key(e.metric) == min(key(x.metric) for x in pool), (a.slug, uri)
                continue
            # Arena ratings are independent; a self-reported figure never displaces one.
            rows = [x for x in rows if is_rating_metric(x.metric)]
            have = {x.metric for x in rows}
            pref = metric_preference(uri, taxonomy)
            # No better-preferred metric was available.
            if e.metric in pref:
                assert not have & set(pref[: pref.index(e.metric)]), (a.slug, uri)
            else:
                assert not have & set(pref), (a.slug, uri)
            if not e.metric.endswith(":style"):
                assert e.metric + ":style" not in have, (a.slug, uri)
            # Within the metric: the latest row, then the narrowest interval.
            same = [x for x in rows if x.metric == e.metric]
            assert e.alternatives >= len(rows) - 1
            width = e.ci_high - e.ci_low
            for x in same:
                assert evidence_date(x) <= (e.observed_at or e.fetched_at)
                if evidence_date(x) == (e.observed_at or e.fetched_at):
                    assert x.ci_high - x.ci_low >= width - 1e-9
            checked += 1
    assert checked > 3000


def test_rankings_order_and_filters(services, ranks) -> None:
    data = rankings(services, limit=30)
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 30
    assert data["order"] == "matchrank" and data["version"] == "matchrank-2"
    for r in data["results"]:
        assert r["score"] == round(ranks[r["slug"]].score, 1)
        check_matchrank(r)
    known3 = rankings(services, min_known=3, limit=10)["results"]
    assert known3 and all(r["known"] >= 3 for r in known3)
    only_api = rankings(services, kind="api", limit=100)
    assert only_api["matched"] > 0 and {r["kind"] for r in only_api["results"]} == {"api"}
    with pytest.raises(ServiceError, match="kind"):
        rankings(services, kind="nonsense")
    with pytest.raises(ServiceError, match="unknown capability"):
        rankings(services, capability="capability://text.codign")
    with pytest.raises(ServiceError, match="limit"):
        rankings(services, limit=0)


def test_rank_by_capability_uses_quality_on_it(services) -> None:
    data = rankings(services, capability="text.coding", limit=200)
    assert data["capability"] == "capability://text.coding" and data["order"] == "quality"
    rated = [r for r in data["results"] if r["quality"] is not None]
    pcts = [r["quality"]["percentile"] for r in rated]
    assert len(rated) > 100
    independent = [r["quality"]["percentile"] for r in rated if not r["quality"]["self_reported"]]
    assert independent == sorted(independent, reverse=True)
    assert pcts == sorted(pcts, reverse=True) or any(r["quality"]["self_reported"] for r in rated)
    top = rated[0]["quality"]["measured_on"][0]
    # Independent figures rank before self-reported ones; the top one is measured on coding itself.
    assert not top["self_reported"]
    assert top["metric"] in metric_preference("capability://text.coding", load_taxonomy())
    if top["metric"].startswith("arena_rating:"):
        assert top["ci_low"] <= top["value"] <= top["ci_high"] and top["fetched_at"]
    # A capability measured only below it (image generation -> text-to-image) ranks image generators.
    img = rankings(services, capability="capability://image.generation", limit=5)
    assert img["results"] and all(r["peer_group"] == "image-generation" for r in img["results"])
    first = img["results"][0]["quality"]
    assert first["measured_on"][0]["capability"] == "capability://image.generation.text-to-image"


def test_passport_shows_matchrank(services) -> None:
    p = passport(services.engine, "black-forest-labs/flux-1.1-pro")
    mr = p["matchrank"]
    assert mr == matchrank_for(services, "black-forest-labs/flux-1.1-pro")
    check_matchrank(mr)
    q = mr["components"]["quality"]
    assert q["score"] is not None and q["lower"] <= q["score"] <= q["upper"]
    entry = q["evidence"]["capabilities"][0]
    assert entry["ci_low"] is not None and entry["fetched_at"] and entry["peer_group"] == "image-generation"
    assert matchrank_for(services, "no-such/slug") is None


# --------------------------------------------------------------------------- match graph


def test_wilson_interval_known_answer() -> None:
    # Wilson 95% interval for 2 successes in 3 trials: (0.2077, 0.9385).
    low, high = wilson_interval(2, 3)
    assert low == pytest.approx(20.77, abs=0.01) and high == pytest.approx(93.85, abs=0.01)


def _log_events(url: str, events: list[tuple[str, list[str], str | None]],
                results: list[tuple[str, str, str, str | None]]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for i, (event_id, slugs, client) in enumerate(events):
            conn.execute(match_events.insert().values(
                id=event_id, query=f"need {i}", constraints={}, created_at=f"2026-01-01T00:00:{i:02d}+00:00",
                results=[{"slug": s, "score": 1.0 - k / 10, "rank": k + 1} for k, s in enumerate(slugs)],
                client=client))
        credited = {(r.client, r.slug) for r in conn.execute(sa.select(outcomes.c.client, outcomes.c.slug)
                                                                  .where(outcomes.c.counted))}
        for j, (event_id, slug, outcome, client) in enumerate(results):
            # As the store decides: a keyed client's first outcome for the slug is the credited one.
            counted = bool(client and client.startswith("key:")) and (client, slug) not in credited
            credited.add((client, slug))
            conn.execute(outcomes.insert().values(event_id=event_id, slug=slug, outcome=outcome, client=client,
                                                  created_at=f"2026-01-09T00:00:{j:02d}+00:00", counted=counted))
    engine.dispose()


def test_match_graph_counts_distinct_keyed_clients_only(arena_file: Path, tmp_path: Path) -> None:
    url = private_copy(arena_file, tmp_path)
    a, b, c = "openai/gpt-4o-mini", "anthropic/claude-opus-4-20250514", "google/gemini-2.5-pro"
    # 12 keys see a and b together; 9 of them also see c (below the 10-client minimum); many anonymous
    # searches and repeated searches by one key show c as well.
    events = [(f"k{i}", [a, b] + ([c] if i < 9 else []), f"key:k{i}") for i in range(12)]
    events += [(f"r{i}", [c], "key:k0") for i in range(20)]
    events += [(f"anon{i}", [c, a], f"ip:10.0.0.{i}") for i in range(30)]
    results = [("k0", a, "success", "key:k0"), ("k1", a, "success", "key:k1"), ("k2", a, "failure", "key:k2"),
               ("r0", c, "success", "key:k0"),
               ("anon0", a, "failure", "ip:10.0.0.0"), ("anon1", a, "failure", None)]
    # One key reporting on several events counts once per artifact: its first outcome.
    results += [(f"r{i}", c, "failure", "key:k0") for i in range(1, 5)]
    _log_events(url, events, results)
    engine = open_store(Settings(db_url=url))
    services = Services(engine, Settings(db_url=url, rankings_refresh_seconds=0))
    throttled = Services(engine, Settings(db_url=url, rankings_refresh_seconds=3600))
    state = ranking_state(services)
    assert state.events == 32  # keyed searches only
    assert ranking_state(throttled).events == 32
    mg = {s: state.matchrank[s].components["match_graph"] for s in (a, b, c)}
    pa = mg[a].evidence["parts"]
    assert pa["reach"]["keyed_clients"] == 12 and pa["reach"]["score"] == pytest.approx(100 * 12 / 22, abs=0.05)
    assert (pa["success_rate"]["successes"], pa["success_rate"]["failures"]) == (2, 1)
    assert pa["success_rate"]["score"] == pytest.approx(100 * 7 / 13, abs=0.05)
    assert mg[a].evidence["weight"] == pytest.approx(3 / 20)
    assert mg[b].evidence["parts"]["success_rate"]["successes"] == 0
    # c: 9 keys plus the repeat key k0 (already counted) -> below the minimum, so null, never 0.
    assert mg[c].score is None and mg[c].evidence["keyed_clients"] == 9 and mg[c].evidence["successes"] == 1
    assert mg[c].evidence["failures"] == 0
    never = state.matchrank["openai/gpt-4.1"].components["match_graph"]
    assert never.score is None and never.evidence["keyed_clients"] == 0
    for mr in state.matchrank.values():
        check_matchrank(mr.to_dict())
    # A new keyed outcome changes the rankings without a catalog change (the cache keys on the event log).
    _log_events(url, [], [("k3", a, "failure", "key:k3")])
    after = ranking_state(services).matchrank[a].components["match_graph"].evidence["parts"]["success_rate"]
    assert after["failures"] == 2
    # Within the refresh window the event log is not re-read: the earlier rankings are served.
    stale = ranking_state(throttled).matchrank[a].components["match_graph"].evidence["parts"]["success_rate"]
    assert stale["failures"] == 1
    engine.dispose()
