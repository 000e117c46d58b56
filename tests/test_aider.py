"""Aider polyglot adapter: runs as evidence rows, model keys from the command, bad input."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import SHARED_DATA, require_shared

from matchgraph.catalog.domain import EvidenceRecord
from matchgraph.sources.aider import (
    METRIC,
    AiderAdapter,
    check_run,
    command_model,
    run_evidence,
    run_match_key,
    source_records,
    summary_run,
)
from matchgraph.sources.errors import SourceError

BOARD = SHARED_DATA / "aider" / "polyglot_leaderboard.yml"
FETCHED = "2026-12-01T00:00:00+00:00"


@cache
def evidence() -> list[EvidenceRecord]:
    result = AiderAdapter().read(str(require_shared(BOARD)), fetched_at=FETCHED)
    assert result.skipped == []
    return [ev for r in result.records for ev in run_evidence(r)]


@pytest.mark.needs_shared
def test_one_row_per_run_with_details_and_run_date() -> None:
    rows = evidence()
    assert len(rows) == 69
    mini = [e for e in rows if e.match_key == "gpt-4o-mini-2024-07-18"]
    assert len(mini) == 1
    e = mini[0]
    assert (e.metric, e.value, e.kind, e.observed_at) == (METRIC, 3.6, "independent", "2024-12-21")
    assert e.capability_uri == "capability://text.coding"
    assert e.details["edit_format"] == "whole"
    assert e.details["pass_rate_1"] == 0.9
    assert e.details["percent_cases_well_formed"] == 100.0
    assert e.details["total_cost"] == pytest.approx(0.3236)
    assert e.details["test_cases"] == e.sample_size == 225
    assert all(r.observed_at and r.kind == "independent" for r in rows)


@pytest.mark.needs_shared
def test_reasoning_settings_keep_runs_apart() -> None:
    sonnet4 = [e for e in evidence() if e.match_key == "claude-sonnet-4-20250514"]
    assert {e.details.get("reasoning") for e in sonnet4} == {None, "32000 thinking tokens"}
    gpt5 = {e.details["reasoning"]: e.value for e in evidence() if e.match_key == "openai/gpt-5"}
    assert set(gpt5) == {"reasoning effort high", "reasoning effort medium", "reasoning effort low"}
    assert gpt5["reasoning effort high"] > gpt5["reasoning effort low"]


@pytest.mark.needs_shared
def test_summary_rule_picks_highest_pass_rate_then_latest() -> None:
    gpt5 = [{"value": e.value, "observed_at": e.observed_at, "source_key": e.source_key}
            for e in evidence() if e.match_key == "openai/gpt-5"]
    best = summary_run(gpt5)
    assert best is not None and best["value"] == max(r["value"] for r in gpt5)
    tie = [{"value": 50.0, "observed_at": "2025-01-01"}, {"value": 50.0, "observed_at": "2025-02-01"}]
    assert summary_run(tie)["observed_at"] == "2025-02-01"  # type: ignore[index]
    assert summary_run([]) is None


def test_match_key_from_command() -> None:
    assert command_model("aider --model gemini/gemini-2.5-pro-preview-06-05 --thinking-tokens 32k") == \
        "gemini/gemini-2.5-pro-preview-06-05"
    assert run_match_key({"command": "aider --model openai/Qwen/Qwen2.5-Coder-32B-Instruct # via hyperbolic",
                          "model": "x"}) == "Qwen/Qwen2.5-Coder-32B-Instruct"
    assert run_match_key({"command": "OPENAI_API_BASE=https://x aider --model openai/qwen-max-2025-01-25",
                          "model": "x"}) == "qwen-max-2025-01-25"
    assert run_match_key({"command": "aider --model openai/gpt-5", "model": "x"}) == "openai/gpt-5"
    # "sonnet" moved between Claude versions: the run's own model name says which one ran.
    assert run_match_key({"command": "aider --model sonnet",
                          "model": "claude-3-7-sonnet-20250219 (no thinking)"}) == "claude-3-7-sonnet-20250219"
    assert run_match_key({"command": "aider --architect --model r1 --editor-model sonnet", "model": "x"}) == \
        "deepseek/deepseek-reasoner"


# --- bad input ----------------------------------------------------------------------------------


def _good() -> dict:
    return {"dirname": "run-1", "model": "m", "command": "aider --model openai/gpt-4o", "pass_rate_2": 50.0,
            "pass_rate_1": 20.0, "test_cases": 225, "date": "2025-01-01", "edit_format": "diff"}


@pytest.mark.parametrize("change, reason", [
    ({"pass_rate_2": 140.0}, "outside 0-100"),
    ({"pass_rate_2": -1}, "outside 0-100"),
    ({"pass_rate_1": "high"}, "not a number"),
    ({"pass_rate_2": None}, "missing pass_rate_2"),
    ({"command": "aider --yes"}, "names no --model"),
    ({"total_cost": -3}, "non-negative"),
])
def test_bad_runs_are_listed_skips(change: dict, reason: str) -> None:
    records, skipped = source_records([{**_good(), **change}, {**_good(), "dirname": "run-2"}], "u", FETCHED)
    assert [r.key for r in records] == ["run-2"]
    assert len(skipped) == 1 and reason in skipped[0]


def test_wrong_shapes_raise(tmp_path: Path) -> None:
    for body, message in (("a: 1\n", "expected a YAML list"), ("- [unclosed\n", "not valid YAML"),
                          ("- 1\n- 2\n", "no usable runs")):
        path = tmp_path / "board.yml"
        path.write_text(body)
        with pytest.raises(SourceError, match=message):
            AiderAdapter().read(str(path), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="no such file"):
        AiderAdapter().read(str(tmp_path / "nope.yml"), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="larger than"):
        AiderAdapter().read(str(path), fetched_at=FETCHED, max_bytes=3)


def test_unknown_keys_are_kept_and_duplicates_skipped(tmp_path: Path) -> None:
    path = tmp_path / "board.yml"
    path.write_text(yaml.safe_dump([{**_good(), "new_field": {"x": 1}}, _good()]))
    result = AiderAdapter().read(str(path), fetched_at=FETCHED)
    assert len(result.records) == 1 and result.records[0].payload["new_field"] == {"x": 1}
    assert result.skipped == ["run-1: duplicate run"]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["model", "command", "pass_rate_1", "pass_rate_2", "date", "test_cases",
                                        "percent_cases_well_formed", "total_cost", "reasoning_effort",
                                        "thinking_tokens", "dirname"]),
                       st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30), max_size=11))
def test_any_run_is_usable_evidence_or_a_listed_skip(run: dict) -> None:
    records, skipped = source_records([run], "u", FETCHED)
    assert len(records) + len(skipped) == 1
    for r in records:
        (ev,) = run_evidence(r)
        assert 0 <= ev.value <= 100 and ev.match_key
    assert check_run(run) is None or skipped


def test_failed_ingest_leaves_the_store_unchanged(fresh_engine, tmp_path: Path) -> None:
    from matchgraph.service.catalog import ingest
    from matchgraph.store import catalog_repo

    good = tmp_path / "board.yml"
    good.write_text(yaml.safe_dump([_good()]))
    result = ingest(fresh_engine, "aider", str(good), max_bytes=10**6)
    assert result.records_read == 1
    # The run names openai/gpt-4o, which an empty catalog lacks: listed, never guessed.
    assert result.derive.evidence_unmatched["aider"] == ["openai/gpt-4o"]
    with fresh_engine.connect() as conn:
        before = catalog_repo.get_source_records(conn)
    for body in ("a: 1\n", "- {model: x, pass_rate_2: 400, command: aider --model m}\n"):
        bad = tmp_path / "bad.yml"
        bad.write_text(body)
        with pytest.raises(SourceError):
            ingest(fresh_engine, "aider", str(bad), max_bytes=10**6)
        with fresh_engine.connect() as conn:
            assert catalog_repo.get_source_records(conn) == before


def test_keys_match_through_identity_alias_and_pre_release() -> None:
    from matchgraph.catalog.evidence_match import match_key

    index = {"gemini-2.5-pro": "google/gemini-2.5-pro", "claude-3-7-sonnet-20250219": "anthropic/claude-3.7"}
    slugs = {"google/gemini-2.5-pro", "openai/gpt-4o", "anthropic/claude-3.7"}
    assert match_key("openai/gpt-4o", "x", index, slugs) == ("openai/gpt-4o", "identity")
    assert match_key("openrouter/anthropic/claude-3-7-sonnet-20250219", "x", index, slugs) == \
        ("anthropic/claude-3.7", "alias-last-segment")
    assert match_key("gemini/gemini-2.5-pro-preview-06-05", "x", index, slugs) == \
        ("google/gemini-2.5-pro", "pre-release")
    assert match_key("gemini/gemini-2.5-flash-preview-04-17", "x", index, slugs) is None
    assert match_key("  ", "x", index, slugs) is None
