"""LiteLLM adapter on the pinned database: loading (path, URL, package), records, normalisation."""

from __future__ import annotations

import importlib.util
import json
import shutil
import threading
from collections.abc import Iterator
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from shared_data import LITELLM_JSON

from matchgraph.catalog.domain import MODALITIES, ModelRecord, SourceRecord
from matchgraph.catalog.names import is_valid_slug
from matchgraph.sources.errors import SourceError
from matchgraph.sources.litellm import (
    CONTEXT_TIERS,
    LiteLLMAdapter,
    litellm_source_records,
    load_litellm_database,
    to_model_record,
)
from matchgraph.sources.litellm_identity import grouping_report, skip_reason

# Every test here reads the pinned LiteLLM database.
pytestmark = pytest.mark.needs_shared
FETCHED = "2025-06-01T00:00:00Z"


@cache
def database() -> dict[str, Any]:
    return json.loads(LITELLM_JSON.read_text(encoding="utf-8"))


@cache
def source_records() -> dict[str, SourceRecord]:
    return {sr.key: sr for sr in litellm_source_records(database(), str(LITELLM_JSON), FETCHED)}


def model(key: str) -> ModelRecord:
    mr = to_model_record(source_records()[key])
    assert mr is not None, key
    return mr


# --- normalisation of real records --------------------------------------------------------------


def test_gpt_4o_mini() -> None:
    mr = model("gpt-4o-mini")
    assert mr.slug == "openai/gpt-4o-mini"
    assert mr.prices.input_per_mtok == 0.15  # exact: 1.5e-07 * 1e6 would be 0.15000000000000002
    assert mr.prices.output_per_mtok == 0.6
    assert mr.context_window == 128000
    assert mr.declared["capability://vision.image-understanding"] == "supports_vision"
    assert mr.declared["capability://tools.function-calling"] == "supports_function_calling"
    assert mr.declared["capability://text.structured-output.json-schema"] == "supports_response_schema"
    assert mr.declared["capability://text.structured-output.json-mode"] == "supports_response_schema"
    assert mr.declared["capability://text.chat"] == "mode"
    assert mr.declared["capability://api.batch"].endswith("_batches")
    assert mr.declared["capability://text.long-context.128k"] == "max_input_tokens"
    assert "capability://text.long-context.200k" not in mr.declared
    assert mr.input_modalities[0] == "text" and "image" in mr.input_modalities
    assert mr.output_modalities == ["text"]
    assert (mr.host, mr.host_key, mr.source_key) == ("openai", "gpt-4o-mini", "gpt-4o-mini")
    raw = database()["gpt-4o-mini"]
    assert mr.max_output == raw["max_output_tokens"]
    assert mr.url == raw["source"]
    assert mr.prices.cached_input_per_mtok == round(raw["cache_read_input_token_cost"] * 1e6, 10)
    assert mr.prices.batch_output_per_mtok == round(raw["output_cost_per_token_batches"] * 1e6, 10)


def test_flux_image_generation_offer() -> None:
    raw = database()["black_forest_labs/flux-pro-1.1"]
    mr = model("black_forest_labs/flux-pro-1.1")
    assert mr.slug == "black-forest-labs/flux-1.1-pro"
    assert mr.prices.per_image == raw["output_cost_per_image"]
    assert mr.output_modalities == ["image"]
    assert mr.input_modalities == ["text"]
    assert mr.declared == {"capability://image.generation.text-to-image": "mode"}
    # Not stated for an image model: unknown, never 0.
    assert mr.prices.input_per_mtok is None and mr.prices.output_per_mtok is None
    assert mr.context_window is None


def test_pixel_prices_kept_as_stated() -> None:
    raw = database()["azure/hd/1024-x-1024/dall-e-3"]
    mr = model("azure/hd/1024-x-1024/dall-e-3")
    assert mr.extra["other_prices"]["input_cost_per_pixel"] == raw["input_cost_per_pixel"]
    assert mr.prices.per_image is None


def test_embedding_offer_and_stated_zero() -> None:
    raw = database()["text-embedding-3-small"]
    mr = model("text-embedding-3-small")
    assert mr.mode == "embedding"
    assert mr.output_modalities == ["embedding"]
    assert mr.declared["capability://embeddings.text"] == "mode"
    assert mr.prices.input_per_mtok == round(raw["input_cost_per_token"] * 1e6, 10)
    assert raw["output_cost_per_token"] == 0
    assert mr.prices.output_per_mtok == 0.0  # the source states 0: it stays 0, not None
    assert mr.extra["output_vector_size"] == raw["output_vector_size"]


def test_multimodal_embedding_declared_only_when_flagged() -> None:
    flagged = [
        k for k, r in database().items()
        if isinstance(r, dict) and r.get("mode") == "embedding" and r.get("supports_embedding_image_input")
    ]  # fmt: skip
    assert flagged
    for key in flagged:
        mr = model(key)
        assert mr.declared["capability://embeddings.multimodal"] == "supports_embedding_image_input"
        assert "image" in mr.input_modalities
    assert "capability://embeddings.multimodal" not in model("text-embedding-3-small").declared


def test_transcription_is_priced_on_input_seconds() -> None:
    raw = database()["deepgram/nova-3"]
    mr = model("deepgram/nova-3")
    assert raw["output_cost_per_second"] == 0
    assert mr.prices.per_second == raw["input_cost_per_second"]
    assert mr.input_modalities == ["audio"] and mr.output_modalities == ["text"]
    assert mr.declared["capability://audio.transcription"] == "mode"


def test_speech_video_ocr_search_rerank() -> None:
    db = database()
    tts = model("tts-1")
    assert tts.prices.per_character == db["tts-1"]["input_cost_per_character"]
    assert tts.output_modalities == ["audio"]
    sora = model("sora-2")
    assert sora.prices.per_second == db["sora-2"]["output_cost_per_video_per_second"]
    assert sora.declared["capability://video.generation.text-to-video"] == "mode"
    assert sora.deprecation_date == db["sora-2"]["deprecation_date"]
    ocr = model("mistral/mistral-ocr-2512")
    assert ocr.prices.per_page == db["mistral/mistral-ocr-2512"]["ocr_cost_per_page"]
    assert {"capability://vision.ocr", "capability://vision.pdf"} <= set(ocr.declared)
    search = model("tavily/search")
    assert search.kind == "api"
    assert search.prices.per_query == db["tavily/search"]["input_cost_per_query"]
    assert search.declared["capability://retrieval.web-search-api"] == "mode"
    rerank = model("rerank-v3.5")
    assert rerank.prices.per_query == db["rerank-v3.5"]["input_cost_per_query"]
    assert rerank.declared["capability://retrieval.reranking"] == "mode"


def test_long_context_tiers_follow_max_input_tokens() -> None:
    for key, raw in database().items():
        if skip_reason(key, raw) is not None or not isinstance(raw.get("max_input_tokens"), int):
            continue
        declared = model(key).declared
        for threshold, uri in CONTEXT_TIERS:
            assert (uri in declared) == (raw["max_input_tokens"] >= threshold), (key, uri)


def test_only_true_flags_declare() -> None:
    for key, raw in database().items():
        if skip_reason(key, raw) is not None:
            continue
        mr = model(key)
        for uri, flag in mr.declared.items():
            if flag.startswith("supports_"):
                assert raw.get(flag) is True, (key, uri, flag)


def test_unknown_keys_tolerated() -> None:
    raw = dict(database()["gpt-4o-mini"])
    raw["supports_teleportation"] = True
    raw["brand_new_field"] = {"nested": [1, 2, 3]}
    raw["output_cost_per_dream"] = 0.5
    sr = SourceRecord(source="litellm", key="gpt-4o-mini", url=None, fetched_at=FETCHED, payload=raw)
    mr = to_model_record(sr)
    assert mr is not None
    assert mr.declared == model("gpt-4o-mini").declared
    assert mr.extra["other_prices"]["output_cost_per_dream"] == 0.5


def test_every_kept_record_converts_and_skipped_ones_do_not() -> None:
    db = database()
    converted = 0
    for key, sr in source_records().items():
        mr = to_model_record(sr)
        if skip_reason(key, db[key]) is not None:
            assert mr is None, key
            continue
        assert mr is not None and is_valid_slug(mr.slug), key
        assert set(mr.input_modalities) <= set(MODALITIES) and set(mr.output_modalities) <= set(MODALITIES)
        for value in mr.prices.known().values():
            assert isinstance(value, float)
        converted += 1
    assert converted == grouping_report(db).kept


def test_source_records_keep_key_url_and_hash() -> None:
    records = source_records()
    assert "sample_spec" not in records
    flux = records["black_forest_labs/flux-pro-1.1"]
    assert flux.url == database()["black_forest_labs/flux-pro-1.1"]["source"]
    no_source = next(k for k, sr in records.items() if "source" not in sr.payload)
    assert records[no_source].url == str(LITELLM_JSON)
    again = litellm_source_records(database(), str(LITELLM_JSON), FETCHED)
    assert {sr.key: sr.content_hash for sr in again} == {k: sr.content_hash for k, sr in records.items()}


# --- loading ------------------------------------------------------------------------------------


def test_load_from_path_and_adapter_read() -> None:
    data, where = load_litellm_database(str(LITELLM_JSON))
    assert where == str(LITELLM_JSON) and data == database()
    result = LiteLLMAdapter().read(str(LITELLM_JSON), fetched_at=FETCHED, max_bytes=50 * 1024 * 1024)
    assert len(result.records) + len(result.skipped) == len(data)
    assert any(line.startswith("sample_spec:") for line in result.skipped)
    assert result.replaces_source and result.location == str(LITELLM_JSON)
    assert LiteLLMAdapter().model_record(result.records[0]) is not None


def test_load_errors_from_paths(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load_litellm_database(str(tmp_path / "missing.json"))
    (tmp_path / "list.json").write_text("[1, 2]")
    with pytest.raises(SourceError, match="expected a JSON object"):
        load_litellm_database(str(tmp_path / "list.json"))
    (tmp_path / "other.json").write_text('{"a": {"b": 1}}')
    with pytest.raises(SourceError, match="not a LiteLLM model database"):
        load_litellm_database(str(tmp_path / "other.json"))
    with pytest.raises(SourceError, match="larger than"):
        load_litellm_database(str(LITELLM_JSON), max_bytes=1000)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the pinned file and some bad files."""
    shutil.copy(LITELLM_JSON, tmp_path / "db.json")
    (tmp_path / "garbage.json").write_bytes(b"{not json at all \x00\x01")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_load_from_url(http_root: str) -> None:
    data, where = load_litellm_database(f"{http_root}/db.json")
    assert where == f"{http_root}/db.json"
    assert data == database()
    records = litellm_source_records(data, where, FETCHED)
    no_source = next(sr for sr in records if "source" not in sr.payload)
    assert no_source.url == where


def test_url_errors_are_source_errors(http_root: str) -> None:
    with pytest.raises(SourceError, match="HTTP 404"):
        load_litellm_database(f"{http_root}/missing.json")
    with pytest.raises(SourceError, match="larger than 4096 bytes"):
        load_litellm_database(f"{http_root}/db.json", max_bytes=4096)
    with pytest.raises(SourceError, match="not"):
        load_litellm_database(f"{http_root}/garbage.json")
    with pytest.raises(SourceError, match="cannot fetch"):
        load_litellm_database("http://127.0.0.1:9/nothing-listens-here.json")


def test_package_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("litellm") is None:
        with pytest.raises(SourceError, match="litellm package is not installed"):
            load_litellm_database(None)
    # A package named litellm on the import path, laid out as the wheel ships its copy.
    package = tmp_path / "site" / "litellm"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    shutil.copy(LITELLM_JSON, package / "model_prices_and_context_window_backup.json")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for location in (None, "package"):
        data, where = load_litellm_database(location)
        assert data == database()
        assert where == str(package / "model_prices_and_context_window_backup.json")


def test_local_runtime_records_state_open_weights() -> None:
    records = source_records()
    local = [to_model_record(sr) for key, sr in records.items() if key.startswith(("ollama/", "lemonade/"))]
    local = [m for m in local if m is not None]
    assert local and all(m.open_weights is True for m in local)
    assert all(m.declared["capability://deployment.open-weights"].startswith("served by") for m in local)
    hosted = to_model_record(records["gpt-4o-mini"])
    assert hosted is not None and hosted.open_weights is None  # unknown, not False
