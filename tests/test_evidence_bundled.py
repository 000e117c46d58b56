"""After ``init`` alone, the bundled snapshot carries quality evidence with kinds and observed dates."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from matchgraph.catalog.domain import EVIDENCE_KINDS
from matchgraph.rank.positions import board_label, position
from matchgraph.rank.quality import QualityEntry
from matchgraph.service.passport import build_passport
from matchgraph.service.snapshot import read_snapshot
from matchgraph.store.schema import artifacts, evidence


def _passport(engine: sa.Engine, key: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return build_passport(conn, key)


def _family_evidence(engine: sa.Engine, head: str, source: str) -> list[dict[str, Any]]:
    """Evidence of ``source`` on the head's passport, or on versions of it (dated or preview slugs)."""
    rows = [e for e in _passport(engine, head)["evidence"] if e["source"] == source]
    if rows:
        return rows
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(evidence.c.metric, evidence.c.source, evidence.c.kind, evidence.c.observed_at,
                      evidence.c.value, artifacts.c.slug)
            .join(artifacts, artifacts.c.id == evidence.c.artifact_id)
            .where(artifacts.c.slug.like(f"{head}-%"), evidence.c.source == source)
        ).mappings().all()
    return [dict(r) for r in found]


def test_snapshot_names_every_bundled_source() -> None:
    header, records = read_snapshot()
    assert set(header["inputs"]) >= {"litellm", "modelsdev", "llmstats", "aider", "mteb", "manifest"}
    bundled = ("litellm", "llmstats", "aider", "mteb")
    assert all(header["inputs"][s] for s in (*bundled, "manifest"))
    by_source = Counter(r.source for r in records)
    assert min(by_source[s] for s in bundled) > 50
    # models.dev (``--modelsdev package``) is not bundled yet: its resellers' prices move starting
    # prices that other parts still check against LiteLLM's; ``inputs`` names it either way.
    assert "modelsdev" in header["inputs"]
    # llm-stats prose is never bundled.
    assert not any("description" in r.payload.get("model", {}) for r in records if r.source == "llmstats")
    assert not any(str(r.url or "").startswith(("/", "file:")) for r in records)


def test_every_evidence_row_has_a_kind_and_an_observed_date(catalog_engine: sa.Engine) -> None:
    with catalog_engine.connect() as conn:
        rows = conn.execute(sa.select(evidence.c.source, evidence.c.kind, evidence.c.observed_at)).all()
    counts = Counter((r.source, r.kind) for r in rows)
    assert {s for s, _ in counts} >= {"aider", "mteb", "llmstats"}
    assert all(r.kind in EVIDENCE_KINDS and r.observed_at for r in rows)
    assert counts[("llmstats", "self_reported")] > 0 and counts[("aider", "independent")] > 40
    assert counts[("aider", "self_reported")] == 0 and counts[("mteb", "self_reported")] == 0


@pytest.mark.parametrize("head", ["google/gemini-2.5-pro", "anthropic/claude-sonnet-4"])
def test_frontier_models_carry_aider_evidence(catalog_engine: sa.Engine, head: str) -> None:
    rows = _family_evidence(catalog_engine, head, "aider")
    assert rows, f"no Aider run on {head} or its versions"
    assert all(r["metric"] == "aider:polyglot:pass_rate_2" and r["observed_at"] for r in rows)
    assert all(0 < r["value"] <= 100 for r in rows)


def test_gpt_4o_mini_carries_bundled_evidence(catalog_engine: sa.Engine) -> None:
    rows = _family_evidence(catalog_engine, "openai/gpt-4o-mini", "aider") + \
        _family_evidence(catalog_engine, "openai/gpt-4o-mini", "llmstats")
    sources = {r["source"] for r in rows}
    assert sources == {"aider", "llmstats"}
    kinds = {(r["source"], r["kind"]) for r in rows}
    assert ("llmstats", "self_reported") in kinds and ("aider", "independent") in kinds


def test_text_embedding_3_large_carries_mteb_evidence(catalog_engine: sa.Engine) -> None:
    passport = _passport(catalog_engine, "openai/text-embedding-3-large")
    rows = [e for e in passport["evidence"] if e["source"] == "mteb"]
    metrics = {e["metric"] for e in rows}
    assert "mteb:eng-v2-retrieval:mean_ndcg_at_10" in metrics
    assert "mteb:retrieval:ArguAna:ndcg_at_10" in metrics
    assert all(e["kind"] == "independent" and e["observed_at"] for e in rows)
    assert all(e["capability"] == "capability://embeddings.text" for e in rows)


def _entry(**kw: Any) -> QualityEntry:
    base = dict(slug="a/b", capability_uri="capability://text.chat", peer_group="text",
                metric="arena_rating:text/full:style", value=1400.0, ci_low=1395.0, ci_high=1405.0,
                sample_size=1000, source="lmarena", source_key="k", source_url=None, observed_at="2025-08-01",
                fetched_at=None, peers=147, percentile=98.6, lower=97.0, upper=99.0, rank=3, rank_best=2,
                rank_worst=5, alternatives=0)
    return QualityEntry(**{**base, **kw})


def test_position_states_rank_peers_and_interval() -> None:
    assert position(_entry())["text"] == ("#3 of 147 on LMArena text, style-controlled: 1400; rank interval 2–5 "
                                          "(independent; observed 2025-08-01)")
    undated = position(_entry(observed_is_fetch=True))["text"]
    assert undated.endswith("(independent; undated, read 2025-08-01)")
    aider = position(_entry(metric="aider:polyglot:pass_rate_2", value=88.0, ci_low=None, ci_high=None,
                            rank=4, peers=52, rank_best=None, rank_worst=None))
    assert aider["text"] == "#4 of 52 on Aider polyglot (pass rate, 2 tries): 88.0% (independent; run of 2025-08)"
    own = position(_entry(metric="llmstats:gpqa", value=0.402, rank=9, peers=60, rank_best=None, rank_worst=None,
                          self_reported=True))
    assert own["self_reported"] and "reported by the maker" in own["text"] and ": 0.402" in own["text"]
    assert board_label("arena_rating:vision/ocr") == "LMArena vision: text recognition (OCR)"
    assert board_label("mteb:eng-v2-retrieval:mean_ndcg_at_10:4_of_10_tasks") == \
        "MTEB English v2 retrieval (mean nDCG@10, 4 of 10 tasks)"
    # A rank with no interval (or a point interval) states no interval.
    assert "interval" not in position(_entry(rank_best=3, rank_worst=3))["text"]


def test_position_wording_at_the_edges() -> None:
    # The top place is "#1 of N", never a percentage; equal figures share a rank and say so; a board
    # with no other peer says so instead of "#1 of 1".
    top = position(_entry(rank=1, rank_best=1, rank_worst=1))["text"]
    assert top.startswith("#1 of 147 on ") and "%" not in top.split(":")[0]
    assert position(_entry(rank=4, ties=2))["text"].startswith("tied #4 of 147 on ")
    alone = position(_entry(rank=1, peers=1, rank_best=1, rank_worst=1))["text"]
    assert alone.startswith("the only one rated on LMArena text") and "#1" not in alone


def test_self_reported_counts_less_in_the_quality_mean() -> None:
    assert _entry(self_reported=True).weight < _entry().weight == 1.0


def test_family_head_is_rated_on_its_versions_once(catalog_engine: sa.Engine) -> None:
    from matchgraph.rank.quality import compute_quality
    from matchgraph.store.read_model import load_catalog_view

    with catalog_engine.connect() as conn:
        view = load_catalog_view(conn)
    quality = compute_quality(view)
    head = view.get("anthropic/claude-sonnet-4-20250514").family_head
    assert head == "anthropic/claude-sonnet-4"
    coding = quality.get(head, "capability://text.coding")
    # Aider ran the dated version: the head is rated on it (independent, preferred over the
    # self-reported figures), labelled with the version it was measured on.
    assert coding is not None and coding.metric == "aider:polyglot:pass_rate_2" and not coding.self_reported
    assert coding.measured_on == "anthropic/claude-sonnet-4-20250514"
    assert "measured on claude-sonnet-4-20250514" in coding.to_dict()["position"]
    slugs = {a.slug for a in view.artifacts}
    for a in view.artifacts:
        if a.family_head and a.family_head != a.slug and a.family_head in slugs:
            assert quality.for_artifact(a.slug) == {}, a.slug


def test_positions_count_ranks_ties_and_peers_on_real_data(catalog_engine: sa.Engine) -> None:
    """On every metric, an artifact's rank is one more than the peers with a higher figure, equal figures
    share it and are counted as ties, and every peer of a board sees the same number of peers."""
    from collections import defaultdict

    from matchgraph.rank.quality import compute_quality
    from matchgraph.store.read_model import load_catalog_view

    with catalog_engine.connect() as conn:
        view = load_catalog_view(conn)
    quality = compute_quality(view)
    heads = [a.slug for a in view.artifacts if not a.family_head or a.family_head == a.slug
             or a.family_head not in {x.slug for x in view.artifacts}]
    boards: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for slug in heads:
        for e in quality.positions(slug):
            boards[(e.peer_group, e.metric)].append(e)
    assert len(boards) > 50
    tied = 0
    for entries in boards.values():
        values = [e.value for e in entries]
        for e in entries:
            assert e.peers == len(entries)
            assert e.rank == 1 + sum(v > e.value for v in values)
            assert e.ties == sum(v == e.value for v in values) - 1
            tied += e.ties > 0
            if e.rank_best is not None:
                assert 1 <= e.rank_best <= e.rank <= e.rank_worst <= e.peers
            if e.peers > 1:
                top = 100.0 * (sum(v < e.value for v in values) + 0.5 * e.ties) / (e.peers - 1)
                assert e.percentile == pytest.approx(top)
    assert tied > 0  # llm-stats scores repeat: ties are exercised


def test_capability_texts_name_the_board_they_rank_on(catalog_engine: sa.Engine) -> None:
    """A capability's sentences name who measured it; figures from Aider, MTEB or llm-stats are never
    called LMArena ratings (the bundled catalog has no arena data at all), and host counts, which are
    the same for every capability, are not repeated in every block."""
    from matchgraph.store.schema import artifact_capabilities

    with catalog_engine.connect() as conn:
        rows = conn.execute(
            sa.select(artifacts.c.slug, artifact_capabilities.c.capability_uri, artifact_capabilities.c.how_known,
                      artifact_capabilities.c.description, artifact_capabilities.c.unique_aspect,
                      artifact_capabilities.c.vs_alternatives)
            .join(artifacts, artifacts.c.id == artifact_capabilities.c.artifact_id)
        ).mappings().all()
    measured = [r for r in rows if r["how_known"] == "measured"]
    assert len(measured) > 100
    for r in rows:
        text = " ".join(filter(None, (r["description"], r["unique_aspect"], r["vs_alternatives"])))
        assert "LMArena" not in text, (r["slug"], r["capability_uri"], text)
        assert "by host count" not in text and "hosts vs median" not in text, text
    coding = next(r for r in rows if r["slug"] == "openai/gpt-5" and r["capability_uri"] == "capability://text.coding")
    assert coding["how_known"] == "measured"
    if coding["description"].startswith("Coding: measured by"):
        assert "aider (independent)" in coding["description"].split(".")[0]
