"""MTEB adapter: nDCG@10 per retrieval task and their mean per model revision, bad trees."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from shared_data import SHARED_DATA, require_shared

from matchgraph.catalog.domain import SourceRecord
from matchgraph.sources.errors import SourceError
from matchgraph.sources.mteb import MEAN_METRIC, RETRIEVAL_TASKS, MTEBAdapter, to_evidence, to_model_record

RESULTS = SHARED_DATA / "mteb" / "results"
FETCHED = "2026-12-01T00:00:00+00:00"


@cache
def records() -> dict[str, SourceRecord]:
    result = MTEBAdapter().read(str(require_shared(RESULTS)), fetched_at=FETCHED)
    return {r.key: r for r in result.records}


@pytest.mark.needs_shared
def test_text_embedding_3_large_tasks_per_revision_and_combined_mean() -> None:
    # The tree files six tasks under revision 1 and four under revision 2.
    rows = {e.metric: e for rev in ("1", "2") for e in to_evidence(records()[f"openai__text-embedding-3-large/{rev}"])}
    assert rows[f"{MEAN_METRIC}:6_of_10_tasks"].details["revision"] == "1"
    assert rows[f"{MEAN_METRIC}:4_of_10_tasks"].details["revision"] == "2"
    tasks = [rows[f"mteb:retrieval:{t}:ndcg_at_10"].value for t in RETRIEVAL_TASKS]
    assert rows["mteb:retrieval:ArguAna:ndcg_at_10"].value == pytest.approx(0.57992)
    (mean,) = to_evidence(records()["openai__text-embedding-3-large/all-revisions"])
    assert mean.metric == MEAN_METRIC
    assert mean.value == pytest.approx(sum(tasks) / 10, abs=1e-6)
    assert mean.sample_size == 10 and mean.details["task_revisions"]["ArguAna"] == "1"
    assert all(e.kind == "independent" and e.observed_at for e in [*rows.values(), mean])
    assert mean.match_key == "openai/text-embedding-3-large"
    sr = records()["openai__text-embedding-3-large/2"]
    mr = to_model_record(sr)
    assert mr is not None and mr.is_offer is False and mr.slug == "openai/text-embedding-3-large"
    assert (mr.release_date, mr.open_weights, mr.context_window) == ("2024-01-25", False, 8191)
    assert mr.extra["output_vector_size"] == 3072


@pytest.mark.needs_shared
def test_fewer_tasks_are_labelled_with_the_count() -> None:
    partial = [e for sr in records().values() for e in to_evidence(sr)
               if e.metric.startswith(MEAN_METRIC) and e.sample_size != 10]
    assert partial, "the pinned tree has revisions with fewer than ten tasks"
    for e in partial:
        assert e.metric == f"{MEAN_METRIC}:{e.sample_size}_of_10_tasks"
    assert all(0 <= e.value <= 1 for sr in records().values() for e in to_evidence(sr))


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "results"
    rev = root / "acme__embed-1" / "abc"
    rev.mkdir(parents=True)
    (rev / "model_meta.json").write_text(json.dumps({"name": "acme/embed-1", "revision": "abc", "embed_dim": 8,
                                                     "max_tokens": float("inf"), "future": True}))
    (rev / "ArguAna.json").write_text(json.dumps({"scores": {"test": [{"main_score": 0.4, "hf_subset": "default"}]}}))
    (rev / "SCIDOCS.json").write_text(json.dumps({"scores": {"test": [{"main_score": 4.2}]}}))
    (rev / "FiQA2018.json").write_text("{truncated")
    (rev / "TRECCOVID.json").write_text(json.dumps({"scores": {}}))
    (rev / "SomethingElse.json").write_text("{}")
    (root / "acme__embed-2" / "r").mkdir(parents=True)
    return root


def test_bad_files_are_listed_and_the_mean_says_how_many_tasks(tmp_path: Path) -> None:
    result = MTEBAdapter().read(str(_tree(tmp_path)), fetched_at=FETCHED)
    assert [r.key for r in result.records] == ["acme__embed-1/abc"]
    text = "\n".join(result.skipped)
    assert "SCIDOCS.json: nDCG@10 4.2 is outside 0-1" in text
    assert "FiQA2018.json: not valid JSON" in text
    assert "TRECCOVID.json: no scores.test" in text
    assert "acme__embed-2/r: no model_meta.json" in text
    rows = to_evidence(result.records[0])
    assert {e.metric for e in rows} == {"mteb:retrieval:ArguAna:ndcg_at_10", f"{MEAN_METRIC}:1_of_10_tasks"}
    mr = to_model_record(result.records[0])
    assert mr is not None and mr.context_window is None  # an infinite limit is no limit we can state


def test_wrong_locations_raise(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a directory"):
        MTEBAdapter().read(str(tmp_path / "absent"), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="no <org__model>"):
        MTEBAdapter().read(str(tmp_path), fetched_at=FETCHED)
    root = _tree(tmp_path)
    shutil.rmtree(root / "acme__embed-1")
    with pytest.raises(SourceError, match="no <org__model>"):
        MTEBAdapter().read(str(root), fetched_at=FETCHED)


def test_a_hugging_face_id_never_lands_on_another_makers_artifact() -> None:
    from matchgraph.sources.mteb import _identity

    # Meta's SONAR encoder shares its last segment with Perplexity's Sonar chat models.
    sonar = _identity({"meta": {"name": "facebook/SONAR"}}, frozenset({"perplexity/sonar"}))
    assert sonar.slug == "facebook/sonar" and sonar.organization == "facebook"
    same = _identity({"meta": {"name": "openai/text-embedding-3-large"}},
                     frozenset({"openai/text-embedding-3-large"}))
    assert same.slug == "openai/text-embedding-3-large"
