"""llm-stats adapter: identity claims (never offers, never its prose) and benchmark evidence."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from shared_data import SHARED_DATA, require_shared

from matchgraph.catalog.domain import SourceRecord
from matchgraph.sources.errors import SourceError
from matchgraph.sources.llmstats import LLMStatsAdapter, check_score, to_evidence, to_model_record

DATA = SHARED_DATA / "llm-stats" / "data"
FETCHED = "2026-12-01T00:00:00+00:00"


@cache
def records() -> dict[str, SourceRecord]:
    result = LLMStatsAdapter().read(str(require_shared(DATA)), fetched_at=FETCHED)
    return {r.key: r for r in result.records}


@pytest.mark.needs_shared
def test_identity_claims_are_not_an_offer_and_carry_no_prose() -> None:
    sr = records()["openai/gpt-4o-mini-2024-07-18"]
    assert "description" not in json.dumps(sr.payload)
    mr = to_model_record(sr)
    assert mr is not None and mr.is_offer is False and mr.source == "llmstats"
    assert mr.slug == "openai/gpt-4o-mini-2024-07-18"
    assert (mr.release_date, mr.knowledge_cutoff) == ("2024-07-18", "2023-10-01")
    assert mr.parameters is None  # llm-stats states none for it: unknown, not 0
    assert mr.extra["attribution"].startswith("llm-stats")
    assert mr.description is None


@pytest.mark.needs_shared
def test_open_model_has_parameters_license_and_weights() -> None:
    mr = to_model_record(records()["openai/gpt-oss-120b"])
    assert mr is not None
    assert mr.parameters and mr.parameters > 100_000_000_000
    assert mr.license and mr.license.lower().startswith("apache")
    assert mr.open_weights is True


@pytest.mark.needs_shared
def test_benchmark_scores_are_evidence_with_kind_and_link() -> None:
    rows = {e.metric: e for e in to_evidence(records()["openai/gpt-4o-mini-2024-07-18"])}
    gpqa = rows["llmstats:gpqa"]
    assert gpqa.value == pytest.approx(0.402)
    assert gpqa.kind == "self_reported"
    assert gpqa.details["verified_by_llmstats"] is False
    assert gpqa.source_url == "https://openai.com/blog/gpt-4o-mini-announcement"
    assert gpqa.capability_uri == "capability://text.reasoning"
    assert gpqa.observed_at == "2024-07-18"
    assert rows["llmstats:humaneval"].capability_uri == "capability://text.coding"
    assert rows["llmstats:math"].capability_uri == "capability://text.math"
    assert rows["llmstats:mmlu"].capability_uri == "capability://text.expert-knowledge"


@pytest.mark.needs_shared
def test_whole_tree_kinds() -> None:
    rows = [e for sr in records().values() for e in to_evidence(sr)]
    kinds = {e.kind for e in rows}
    assert kinds == {"self_reported", "independent"}
    assert sum(e.kind == "self_reported" for e in rows) > 10 * sum(e.kind == "independent" for e in rows)
    assert all(e.observed_at for e in rows)
    assert len(records()) == 169


# --- bad input ----------------------------------------------------------------------------------


def test_check_score() -> None:
    meta = {"gpqa": {"max_score": 1.0}}
    assert check_score({"benchmark_id": "gpqa", "score": 0.5}, meta) is None
    assert "outside" in check_score({"benchmark_id": "gpqa", "score": 1.7}, meta)  # type: ignore[operator]
    assert "outside" in check_score({"benchmark_id": "x", "score": -0.1}, meta)  # type: ignore[operator]
    assert "not a number" in check_score({"benchmark_id": "gpqa", "score": "90%"}, meta)  # type: ignore[operator]
    assert check_score([], meta) == "entry is not an object"


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "benchmarks").mkdir(parents=True)
    (root / "benchmarks" / "gpqa.json").write_text(json.dumps({"benchmark_id": "gpqa", "max_score": 1.0}))
    model = root / "organizations" / "acme" / "models" / "m-1"
    model.mkdir(parents=True)
    (model / "model.json").write_text(json.dumps({"model_id": "m-1", "name": "M 1", "description": "prose",
                                                  "new_key": 3}))
    (model / "benchmarks.json").write_text(json.dumps([
        {"benchmark_id": "gpqa", "score": 0.5, "is_self_reported": False, "verified_by_llmstats": True},
        {"benchmark_id": "gpqa", "score": 5.0},
        "junk",
    ]))
    broken = root / "organizations" / "acme" / "models" / "m-2"
    broken.mkdir()
    (broken / "model.json").write_text("{oops")
    (root / "organizations" / "acme" / "models" / "m-3").mkdir()
    return root


def test_missing_and_broken_files_are_listed_and_good_ones_kept(tmp_path: Path) -> None:
    result = LLMStatsAdapter().read(str(_tree(tmp_path)), fetched_at=FETCHED)
    assert [r.key for r in result.records] == ["acme/m-1"]
    assert "prose" not in json.dumps(result.records[0].payload)
    text = "\n".join(result.skipped)
    assert "outside 0-1.0" in text and "entry is not an object" in text
    assert "m-2/model.json: not valid JSON" in text and "acme/m-3: no model.json" in text
    (ev,) = to_evidence(result.records[0])
    assert ev.kind == "independent" and ev.details["verified_by_llmstats"] is True


def test_wrong_locations_raise(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a directory"):
        LLMStatsAdapter().read(str(tmp_path / "absent"), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="no organizations/"):
        LLMStatsAdapter().read(str(tmp_path), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="not a URL"):
        LLMStatsAdapter().read("https://example.org/data", fetched_at=FETCHED)
    root = _tree(tmp_path)
    shutil.rmtree(root / "organizations" / "acme" / "models")
    (root / "organizations" / "acme" / "models").mkdir()
    with pytest.raises(SourceError, match=r"no model\.json found"):
        LLMStatsAdapter().read(str(root), fetched_at=FETCHED)
