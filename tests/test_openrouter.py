"""OpenRouter adapter: fixtures written from the documented /api/v1/models schema."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchgraph.catalog.domain import ModelRecord
from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.sources.errors import SourceError
from matchgraph.sources.openrouter import (
    OpenRouterAdapter,
    load_openrouter,
    openrouter_source_records,
    parse_openrouter,
    price_per_million,
    to_model_record,
)

DATA = Path(__file__).parent / "data" / "openrouter"
URL = "https://openrouter.ai/api/v1/models"
FETCHED = "2026-11-20"


def _records(name: str) -> dict[str, ModelRecord]:
    records = openrouter_source_records(load_openrouter(DATA / name), URL, FETCHED)
    out: dict[str, ModelRecord] = {}
    for sr in records:
        model = to_model_record(sr)
        assert model is not None, sr.key
        out[sr.key] = model
    return out


@pytest.fixture(scope="module")
def models() -> dict[str, ModelRecord]:
    return _records("models.json")


@pytest.fixture(scope="module")
def more() -> dict[str, ModelRecord]:
    return _records("models_more.json")


def test_source_records_keep_raw_entries_and_skip_malformed_ones() -> None:
    data = load_openrouter(DATA / "models.json")
    batch = parse_openrouter(data, URL, FETCHED)
    assert [r.key for r in batch.records] == [
        "openai/gpt-4o-mini",
        "meta-llama/llama-3.3-70b-instruct:free",
        "meta-llama/llama-3.3-70b-instruct",
        "google/gemini-2.5-flash-image",
        "mistralai/mistral-small-3.2-24b-instruct",
        "x-ai/grok-4",
    ]
    assert [(s.index, s.key) for s in batch.skipped] == [(6, None), (7, None)]
    assert "id" in batch.skipped[0].reason and "str" in batch.skipped[1].reason
    first = batch.records[0]
    assert (first.source, first.url, first.fetched_at) == ("openrouter", URL, FETCHED)
    assert first.payload is data["data"][0]
    # The content hash is stable for the same payload and differs between entries.
    again = parse_openrouter(load_openrouter(DATA / "models.json"), URL, FETCHED).records[0]
    assert first.content_hash == again.content_hash != batch.records[1].content_hash


def test_duplicate_and_namespace_less_ids_are_skipped_with_reasons() -> None:
    batch = parse_openrouter(load_openrouter(DATA / "models_more.json"), URL, FETCHED)
    reasons = {s.index: s.reason for s in batch.skipped}
    assert set(reasons) == {4, 5}
    assert "organization/model" in reasons[4]
    assert "duplicate" in reasons[5]
    assert len(batch.records) == 4


def test_paid_model_prices_limits_and_declared_capabilities(models: dict[str, ModelRecord]) -> None:
    m = models["openai/gpt-4o-mini"]
    assert (m.slug, m.host, m.host_key, m.name, m.organization) == (
        "openai/gpt-4o-mini",
        "openrouter",
        "openai/gpt-4o-mini",
        "GPT-4o-mini",
        "openai",
    )
    assert (m.prices.input_per_mtok, m.prices.output_per_mtok) == (0.15, 0.6)
    assert m.prices.cached_input_per_mtok == 0.075
    assert m.prices.input_per_image == 0.000217
    assert m.prices.per_image is None  # OpenRouter's image price is for input images
    assert (m.context_window, m.max_output) == (128000, 16384)
    assert m.input_modalities == ["text", "image", "file"] and m.output_modalities == ["text"]
    assert m.mode == "chat"
    assert m.release_date == "2024-07-18"
    assert m.open_weights is None  # an empty hugging_face_id says nothing either way
    assert set(m.declared) == {
        "capability://tools.function-calling",
        "capability://tools.function-calling.forced",
        "capability://text.structured-output.json-schema",
        "capability://text.structured-output.json-mode",
        "capability://api.seed",
        "capability://tools.web-search",
        "capability://vision.image-understanding",
        "capability://vision.pdf",
    }
    assert m.declared["capability://tools.function-calling"] == "supported_parameters.tools"
    assert m.declared["capability://vision.pdf"] == "input_modalities.file"


def test_free_variant_shares_the_slug_and_states_zero_prices(models: dict[str, ModelRecord]) -> None:
    free = models["meta-llama/llama-3.3-70b-instruct:free"]
    paid = models["meta-llama/llama-3.3-70b-instruct"]
    assert free.slug == paid.slug == "meta-llama/llama-3.3-70b-instruct"
    assert free.host_key == "meta-llama/llama-3.3-70b-instruct:free"
    assert free.extra["variant"] == "free" and "variant" not in paid.extra
    assert free.name == paid.name == "Llama 3.3 70B Instruct"
    # "0" is a stated price of zero, not unknown.
    assert (free.prices.input_per_mtok, free.prices.output_per_mtok) == (0.0, 0.0)
    assert "capability://pricing.free-tier" in free.declared
    assert "capability://pricing.free-tier" not in paid.declared
    assert (paid.prices.input_per_mtok, paid.prices.output_per_mtok) == (0.13, 0.39)
    # A text-only model's "image": "0" is not an image price.
    assert paid.prices.input_per_image is None and paid.extra["other_prices"]["image"] == 0.0
    assert free.open_weights is paid.open_weights is True
    assert free.declared["capability://deployment.open-weights"] == "hugging_face_id"
    assert (free.context_window, free.max_output) == (65536, None)


def test_image_output_model_declares_text_to_image(models: dict[str, ModelRecord]) -> None:
    m = models["google/gemini-2.5-flash-image"]
    assert m.output_modalities == ["image", "text"]
    assert m.mode == "image_generation"
    assert m.declared["capability://image.generation.text-to-image"] == "output_modalities.image"
    assert m.name == "Gemini 2.5 Flash Image (Nano Banana)"  # a parenthesis that is part of the name


def test_missing_prices_stay_unknown_and_unknown_keys_are_tolerated(models: dict[str, ModelRecord]) -> None:
    m = models["mistralai/mistral-small-3.2-24b-instruct"]
    assert m.prices.input_per_mtok == 0.05
    assert m.prices.output_per_mtok is None
    assert "capability://pricing.free-tier" not in m.declared
    assert m.max_output is None
    assert m.open_weights is True


def test_reasoning_model(models: dict[str, ModelRecord]) -> None:
    m = models["x-ai/grok-4"]
    assert m.slug == "x-ai/grok-4"
    assert (m.prices.input_per_mtok, m.prices.output_per_mtok, m.prices.cached_input_per_mtok) == (
        3.0,
        15.0,
        0.75,
    )
    assert "capability://text.reasoning.extended-thinking" in m.declared
    assert m.context_window == 256000


def test_router_beta_audio_and_embedding_entries(more: dict[str, ModelRecord]) -> None:
    auto = more["openrouter/auto"]
    # "-1" marks a price that depends on the routed model: unknown, never free.
    assert auto.prices.known() == {}
    assert "capability://pricing.free-tier" not in auto.declared

    beta = more["anthropic/claude-3.7-sonnet:beta"]
    assert beta.slug == "anthropic/claude-3.7-sonnet" and beta.extra["variant"] == "beta"
    assert beta.name == "Claude 3.7 Sonnet"
    # Only the older "modality" string is present; modalities come from it.
    assert (beta.input_modalities, beta.output_modalities) == (["text", "image"], ["text"])
    assert beta.extra["other_prices"] == {"input_cache_write": 3.75e-06}

    audio = more["openai/gpt-4o-audio-preview"]
    assert "capability://audio.understanding" in audio.declared
    assert audio.context_window == 128000  # a string context_length falls back to top_provider

    emb = more["qwen/qwen3-embedding-8b"]
    assert emb.output_modalities == ["embedding"] and emb.mode == "embedding"
    assert emb.release_date is None  # "created": "yesterday" is not a timestamp
    assert emb.prices.output_per_mtok is None  # "free" is not a number


def test_every_declared_capability_is_in_the_taxonomy(
    models: dict[str, ModelRecord], more: dict[str, ModelRecord]
) -> None:
    taxonomy = load_taxonomy()
    declared = {uri for m in [*models.values(), *more.values()] for uri in m.declared}
    assert len(declared) >= 12
    assert [uri for uri in sorted(declared) if uri not in taxonomy] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.00000015", 0.15),
        ("0.0000006", 0.6),
        ("0", 0.0),
        (3e-06, 3.0),
        ("-1", None),
        ("n/a", None),
        ("NaN", None),
        (None, None),
        (True, None),
    ],
)
def test_price_per_million(value: object, expected: float | None) -> None:
    assert price_per_million(value) == expected


def test_bad_inputs_raise_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="'data' list"):
        load_openrouter(DATA / "not_models.json")
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xffnot json")
    with pytest.raises(SourceError, match="not valid JSON"):
        load_openrouter(garbage)
    with pytest.raises(SourceError, match="cannot read"):
        load_openrouter(tmp_path / "missing.json")
    with pytest.raises(SourceError, match="larger than"):
        load_openrouter(DATA / "models.json", max_bytes=100)
    with pytest.raises(SourceError, match="JSON object"):
        parse_openrouter([], URL, FETCHED)  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/api/v1/models":
            body = (DATA / "models.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_api() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_load_from_url_and_adapter_read(local_api: str) -> None:
    url = f"{local_api}/api/v1/models"
    data = load_openrouter(url)
    assert len(data["data"]) == 8
    with pytest.raises(SourceError, match="cannot fetch"):
        load_openrouter(f"{local_api}/nothing-here")

    adapter = OpenRouterAdapter()
    result = adapter.read(url, fetched_at=FETCHED, max_bytes=1_000_000)
    assert len(result.records) == 6 and len(result.skipped) == 2
    assert result.replaces_source is True
    assert all(r.url == url for r in result.records)
    offer = adapter.model_record(result.records[0])
    assert offer is not None and offer.slug == "openai/gpt-4o-mini"
    local = adapter.read(str(DATA / "models.json"), fetched_at=FETCHED, max_bytes=1_000_000)
    assert local.records[0].url is None  # a local file has no public URL
    with pytest.raises(SourceError):
        adapter.read(None, fetched_at=FETCHED, max_bytes=1_000_000)
