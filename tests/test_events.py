"""Events and outcomes on both stores: counters, validation, export and replay of the same state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from matchgraph.service.context import Services
from matchgraph.service.errors import ConflictError, NotFoundError, ServiceError
from matchgraph.service.events import export_events, learned_table, log_search, record_outcome, replay_events
from matchgraph.store.schema import capability_stats, match_events, outcome_credits, outcomes

OCR = "capability://vision.ocr"
JSON_MODE = "capability://text.structured-output.json-mode"
SHOWN = [
    {"slug": "mistralai/mistral-ocr", "rank": 1, "score": 0.81, "matched": [OCR]},
    {"slug": "openai/gpt-4o-mini", "rank": 2, "score": 0.77, "matched": [OCR, JSON_MODE]},
    {"slug": "cohere/rerank-v3.5", "rank": 3, "score": 0.5, "matched": []},
]


@pytest.fixture
def services(fresh_engine: sa.Engine) -> Services:
    return Services(fresh_engine)


def _stats(services: Services) -> dict[tuple[str, str], tuple[int, int, int]]:
    with services.engine.connect() as conn:
        return {(r.slug, r.capability_uri): (r.times_matched, r.successes, r.failures)
                for r in conn.execute(sa.select(capability_stats))}


def _state(services: Services) -> dict[str, Any]:
    with services.engine.connect() as conn:
        events = sorted((e.id, e.query, json.dumps(e.constraints, sort_keys=True),
                         json.dumps(e.results, sort_keys=True), e.created_at, e.client)
                        for e in conn.execute(sa.select(match_events)))
        outs = sorted((o.event_id, o.slug, o.outcome, o.created_at, o.client, o.counted)
                      for o in conn.execute(sa.select(outcomes)))
    return {"events": events, "outcomes": outs, "stats": _stats(services)}


def test_logging_counts_each_shown_match(services: Services) -> None:
    log_search(services, "reads invoices", {"capabilities": [OCR]}, SHOWN, client="test")
    log_search(services, "reads invoices again", {"capabilities": [OCR]}, SHOWN[:2])
    stats = _stats(services)
    assert stats[("openai/gpt-4o-mini", OCR)] == (2, 0, 0)
    assert stats[("openai/gpt-4o-mini", JSON_MODE)] == (2, 0, 0)
    assert stats[("mistralai/mistral-ocr", OCR)] == (2, 0, 0)
    assert not any(slug == "cohere/rerank-v3.5" for slug, _ in stats)


def test_outcomes_update_counters_and_the_learned_table(services: Services) -> None:
    event = log_search(services, "reads invoices", {}, SHOWN)
    assert learned_table(services) == {}
    anonymous = record_outcome(services, event, "cohere/rerank-v3.5", "success")
    assert anonymous["counted"] is False and "API key" in anonymous["note"]
    done = record_outcome(services, event, "openai/gpt-4o-mini", "success", client="key:tester")
    assert done["counted"] is True
    assert {c["uri"]: (c["successes"], c["failures"]) for c in done["capabilities"]} == {OCR: (1, 0), JSON_MODE: (1, 0)}
    assert done["capabilities"][0]["posterior_mean"] == pytest.approx(2 / 3, abs=1e-4)
    record_outcome(services, event, "MistralAI/Mistral-OCR", "Failure", client="key:tester")
    table = learned_table(services)
    assert table["openai/gpt-4o-mini"][OCR] == (1, 0)
    assert table["mistralai/mistral-ocr"][OCR] == (0, 1)
    # The same key's second outcome for an artifact (on another event) is stored but not counted.
    later = log_search(services, "reads invoices again", {}, SHOWN)
    repeat = record_outcome(services, later, "openai/gpt-4o-mini", "failure", client="key:tester")
    assert repeat["counted"] is False and learned_table(services)["openai/gpt-4o-mini"][OCR] == (1, 0)
    none_matched = record_outcome(services, later, "cohere/rerank-v3.5", "success", client="key:other")
    assert none_matched["capabilities"] == [] and none_matched["note"]


def test_outcome_errors_are_clear(services: Services) -> None:
    event = log_search(services, "q", {}, SHOWN)
    with pytest.raises(NotFoundError, match="no search event has id 'nope'"):
        record_outcome(services, "nope", "openai/gpt-4o-mini", "success")
    with pytest.raises(ServiceError, match="was not among the results"):
        record_outcome(services, event, "openai/gpt-4o", "success")
    with pytest.raises(ServiceError, match="outcome must be 'success' or 'failure', not 'great'"):
        record_outcome(services, event, "openai/gpt-4o-mini", "great")
    record_outcome(services, event, "openai/gpt-4o-mini", "success", client="key:k")
    with pytest.raises(ConflictError, match="already recorded"):
        record_outcome(services, event, "openai/gpt-4o-mini", "failure")
    assert _stats(services)[("openai/gpt-4o-mini", OCR)] == (1, 1, 0)


def test_export_then_replay_reproduces_the_state(services: Services, tmp_path: Path) -> None:
    first = log_search(services, "reads invoices, 中文 ✓", {"capabilities": [OCR]}, SHOWN, client="a")
    second = log_search(services, "json", {"capabilities": [JSON_MODE]}, SHOWN[1:2], client="b")
    record_outcome(services, first, "openai/gpt-4o-mini", "failure", client="key:a")
    record_outcome(services, second, "openai/gpt-4o-mini", "success", client="key:b")
    record_outcome(services, first, "mistralai/mistral-ocr", "success")
    before = _state(services)
    path = tmp_path / "events.jsonl"
    assert export_events(services, path) == {"events": 2, "outcomes": 3}
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "header" and len(lines) == 6
    with services.engine.begin() as conn:
        for table in (outcomes, outcome_credits, match_events, capability_stats):
            conn.execute(table.delete())
    assert _state(services)["stats"] == {}
    counts = replay_events(services, path)
    assert counts == {"events": 2, "outcomes": 3, "skipped_events": 0, "skipped_outcomes": 0}
    assert _state(services) == before
    # A second import of the same file changes nothing.
    again = replay_events(services, path)
    assert again == {"events": 0, "outcomes": 0, "skipped_events": 2, "skipped_outcomes": 3}
    assert _state(services) == before


def test_bad_events_file_writes_nothing(services: Services, tmp_path: Path) -> None:
    good = {"type": "search", "id": "e1", "query": "q", "constraints": {}, "created_at": "2026-01-01T00:00:00",
            "results": [{"slug": "openai/gpt-4o-mini", "rank": 1, "score": 0.5, "matched": [OCR]}]}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"bad.jsonl:2: not valid JSON"):
        replay_events(services, path)
    outcome = {"type": "outcome", "event_id": "missing", "slug": "x/y", "outcome": "success",
               "created_at": "2026-01-01T00:00:01"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(outcome) + "\n", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"bad.jsonl:2: no search event has id 'missing'"):
        replay_events(services, path)
    assert _state(services) == {"events": [], "outcomes": [], "stats": {}}
    with pytest.raises(ServiceError, match="not found"):
        replay_events(services, tmp_path / "absent.jsonl")


def test_any_text_is_logged_on_an_empty_store(services: Services) -> None:
    from matchgraph.service.search import search

    nasty = "vision\x00 model \ud800 中文 😀 " + "x" * 10_000
    doc = search(services, nasty)
    assert doc["results"] == [] and "catalog is empty" in doc["explanation"]["message"]
    with services.engine.connect() as conn:
        stored = conn.execute(sa.select(match_events.c.query)).scalar_one()
    assert "\x00" not in stored and stored.startswith("vision model ? 中文 😀")
