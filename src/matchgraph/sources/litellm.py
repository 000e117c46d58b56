"""LiteLLM model database adapter (``model_prices_and_context_window.json``).

The database maps a LiteLLM key (``azure/gpt-4o-mini``) to one record: host, mode, limits, prices
per token/image/second and ``supports_*`` capability flags. Each key becomes one
:class:`SourceRecord`; :func:`to_model_record` turns it into one offer whose artifact identity comes
from :func:`~matchgraph.sources.litellm_identity.resolve_identity`. Prices are converted to USD per
million tokens; a price the database states as 0 stays 0 and a missing price stays ``None``.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import re
from pathlib import Path
from typing import Any, ClassVar

from matchgraph.catalog.domain import CONTEXT_TIERS, MODALITIES, ModelRecord, Prices, SourceRecord
from matchgraph.sources.base import ReadResult, SourceAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import read_path, read_url
from matchgraph.sources.litellm_identity import record_mode, resolve_identity, skip_reason

SOURCE = "litellm"
MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 30.0
PACKAGE_FILE = "model_prices_and_context_window_backup.json"

# supports_* flag -> capability URIs it declares.
FLAG_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "supports_vision": ("capability://vision.image-understanding",),
    "supports_pdf_input": ("capability://vision.pdf",),
    "supports_video_input": ("capability://vision.video-understanding",),
    "supports_audio_input": ("capability://audio.understanding",),
    "supports_audio_output": ("capability://audio.chat-output",),
    "supports_function_calling": ("capability://tools.function-calling",),
    "supports_parallel_function_calling": ("capability://tools.function-calling.parallel",),
    "supports_tool_choice": ("capability://tools.function-calling.forced",),
    "supports_response_schema": (
        "capability://text.structured-output.json-schema",
        "capability://text.structured-output.json-mode",
    ),
    "supports_prompt_caching": ("capability://api.prompt-caching",),
    "supports_web_search": ("capability://tools.web-search",),
    "supports_computer_use": ("capability://tools.computer-use",),
    "supports_url_context": ("capability://tools.url-context",),
    "supports_reasoning": ("capability://text.reasoning.extended-thinking",),
    "supports_assistant_prefill": ("capability://api.assistant-prefill",),
    "supports_system_messages": ("capability://api.system-messages",),
    "supports_native_streaming": ("capability://api.streaming",),
}

# mode -> capability URIs the mode itself declares.
MODE_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "chat": ("capability://text.chat",),
    "responses": ("capability://text.chat",),
    "completion": ("capability://text.completion",),
    "embedding": ("capability://embeddings.text",),
    "image_generation": ("capability://image.generation.text-to-image",),
    "image_edit": ("capability://image.editing",),
    "video_generation": ("capability://video.generation.text-to-video",),
    "audio_transcription": ("capability://audio.transcription",),
    "audio_speech": ("capability://audio.speech-synthesis",),
    "realtime": ("capability://audio.realtime",),
    "rerank": ("capability://retrieval.reranking",),
    "moderation": ("capability://safety.moderation",),
    "ocr": ("capability://vision.ocr", "capability://vision.pdf"),
    "search": ("capability://retrieval.web-search-api",),
}

BATCH_CAPABILITY = "capability://api.batch"
MULTIMODAL_EMBEDDING = "capability://embeddings.multimodal"

# Modalities each mode takes in and gives out, before per-record flags add to them.
_MODE_INPUTS: dict[str, tuple[str, ...]] = {
    "chat": ("text",), "completion": ("text",), "responses": ("text",), "embedding": ("text",),
    "image_generation": ("text",), "image_edit": ("text", "image"), "video_generation": ("text",),
    "audio_transcription": ("audio",), "audio_speech": ("text",), "realtime": ("text", "audio"),
    "rerank": ("text",), "moderation": ("text",), "ocr": ("image", "file"), "search": ("text",),
}  # fmt: skip
_MODE_OUTPUTS: dict[str, tuple[str, ...]] = {
    "chat": ("text",), "completion": ("text",), "responses": ("text",), "embedding": ("embedding",),
    "image_generation": ("image",), "image_edit": ("image",), "video_generation": ("video",),
    "audio_transcription": ("text",), "audio_speech": ("audio",), "realtime": ("text", "audio"),
    "ocr": ("text",), "search": ("text",),
}  # fmt: skip
_INPUT_FLAGS = {
    "supports_vision": "image",
    "supports_image_input": "image",
    "supports_pdf_input": "file",
    "supports_audio_input": "audio",
    "supports_video_input": "video",
    "supports_embedding_image_input": "image",
}
_MODALITY_SPELLINGS = {"code": "text", "pdf": "file"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# LiteLLM cost field -> Prices field, for per-token prices (scaled to per 1M tokens).
_TOKEN_PRICES = {
    "input_cost_per_token": "input_per_mtok",
    "output_cost_per_token": "output_per_mtok",
    "cache_read_input_token_cost": "cached_input_per_mtok",
    "input_cost_per_token_batches": "batch_input_per_mtok",
    "output_cost_per_token_batches": "batch_output_per_mtok",
}
# LiteLLM cost field -> Prices field, for prices per unit (kept in USD per unit).
_UNIT_PRICES = {
    "output_cost_per_image": "per_image",
    "input_cost_per_image": "input_per_image",
    "input_cost_per_query": "per_query",
    "ocr_cost_per_page": "per_page",
}


# ---------------------------------------------------------------------------------------------
# Reading


def _package_file() -> Path:
    """Locate the database copy shipped in the ``litellm`` wheel without importing the package."""
    spec = importlib.util.find_spec("litellm")
    if spec is None:
        raise SourceError(
            "the litellm package is not installed; install it (pip install litellm) "
            "or pass a path or URL to model_prices_and_context_window.json"
        )
    for folder in spec.submodule_search_locations or ():
        candidate = Path(folder) / PACKAGE_FILE
        if candidate.is_file():
            return candidate
    # Not on a plain filesystem (zip import): fall back to the resources API.
    with importlib.resources.as_file(importlib.resources.files("litellm") / PACKAGE_FILE) as found:
        if found.is_file():
            return Path(found)
    raise SourceError(f"the installed litellm package has no {PACKAGE_FILE}")


def load_litellm_database(location: str | None, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Any], str]:
    """Read the LiteLLM database from a path, an http(s) URL, or the installed ``litellm`` package.

    ``location`` None or ``"package"`` reads ``litellm/model_prices_and_context_window_backup.json``.
    Returns ``(data, url_or_path)``; raises :class:`SourceError` for missing files, HTTP errors,
    bodies over ``max_bytes`` and anything that is not a JSON object.
    """
    if location is None or location.strip() == "package":
        path = _package_file()
        body, where = read_path(path, max_bytes), str(path)
    elif re.match(r"^https?://", location.strip(), re.IGNORECASE):
        where = location.strip()
        body = read_url(where, max_bytes)
    else:
        path = Path(location).expanduser()
        body, where = read_path(path, max_bytes), str(path)
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: not UTF-8 text ({exc})") from exc
    except json.JSONDecodeError as exc:
        where_in_file = f"line {exc.lineno}, column {exc.colno}"
        raise SourceError(f"{where}: not valid JSON ({where_in_file}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{where}: expected a JSON object of model records, got {type(data).__name__}")
    if not any(isinstance(v, dict) and "litellm_provider" in v for v in data.values()):
        raise SourceError(f"{where}: no record has a litellm_provider; not a LiteLLM model database")
    return data, where


def litellm_source_records(data: dict[str, Any], url: str | None, fetched_at: str) -> list[SourceRecord]:
    """One raw record per database entry that is an object (``sample_spec`` documents the schema)."""
    out: list[SourceRecord] = []
    for key, record in data.items():
        if key == "sample_spec" or not isinstance(record, dict):
            continue
        own = record.get("source")
        out.append(
            SourceRecord(
                source=SOURCE,
                key=key,
                url=own if isinstance(own, str) and own.strip() else url,
                fetched_at=fetched_at,
                payload=record,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Normalising


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _per_million(value: Any) -> float | None:
    """USD per token → USD per 1M tokens, rounded to hide binary float noise (0.15e-6 → 0.15)."""
    number = _number(value)
    return None if number is None else round(number * 1_000_000, 10)


def _positive_int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number > 0 and number == int(number) else None


def _prices(rec: dict[str, Any], mode: str) -> tuple[Prices, dict[str, float]]:
    prices = Prices()
    used: set[str] = set()
    for field_name, attr in _TOKEN_PRICES.items():
        value = _per_million(rec.get(field_name))
        if value is not None:
            setattr(prices, attr, value)
            used.add(field_name)
    for field_name, attr in _UNIT_PRICES.items():
        value = _number(rec.get(field_name))
        if value is not None:
            setattr(prices, attr, value)
            used.add(field_name)
    # Transcription is charged on the audio going in; speech and video on what comes out.
    order = (
        ("input_cost_per_second", "output_cost_per_second")
        if mode == "audio_transcription"
        else ("output_cost_per_second", "output_cost_per_video_per_second")
    )
    for field_name in order:
        value = _number(rec.get(field_name))
        if value is not None:
            prices.per_second = value
            used.add(field_name)
            break
    for field_name in ("input_cost_per_character", "output_cost_per_character"):
        value = _number(rec.get(field_name))
        if value is not None:
            prices.per_character = value
            used.add(field_name)
            break
    # Everything else priced (per pixel, priority/flex tiers, long-context tiers...) stays as stated.
    other = {
        k: float(v)
        for k, v in rec.items()
        if ("cost" in k or "price" in k) and k not in used and _number(v) is not None
    }
    return prices, other


def _modality(name: Any) -> str | None:
    if not isinstance(name, str):
        return None
    low = _MODALITY_SPELLINGS.get(name.strip().lower(), name.strip().lower())
    return low if low in MODALITIES else None


def _add(seq: list[str], item: str | None) -> None:
    if item and item not in seq:
        seq.append(item)


def _modalities(rec: dict[str, Any], mode: str) -> tuple[list[str], list[str]]:
    inputs: list[str] = list(_MODE_INPUTS.get(mode, ()))
    outputs: list[str] = list(_MODE_OUTPUTS.get(mode, ()))
    for flag, modality in _INPUT_FLAGS.items():
        if rec.get(flag) is True:
            _add(inputs, modality)
    for name in rec.get("supported_modalities") or ():
        _add(inputs, _modality(name))
    stated_out = rec.get("supported_output_modalities")
    if isinstance(stated_out, list) and mode in ("chat", "responses", "completion", "realtime"):
        for name in stated_out:
            _add(outputs, _modality(name))
    if rec.get("supports_audio_output") is True:
        _add(outputs, "audio")
    return inputs, outputs


def _denied(rec: dict[str, Any]) -> dict[str, str]:
    """Claims against: a ``supports_*`` flag stated as false denies its capability and modality."""
    denied: dict[str, str] = {}
    for flag, uris in FLAG_CAPABILITIES.items():
        if rec.get(flag) is False:
            # A flag naming several capabilities denies only its own (the first) one.
            denied[uris[0]] = flag
    for flag, modality in _INPUT_FLAGS.items():
        if rec.get(flag) is False and flag != "supports_embedding_image_input":
            denied.setdefault(f"modality:in:{modality}", flag)
    if rec.get("supports_audio_output") is False:
        denied["modality:out:audio"] = "supports_audio_output"
    return denied


def _declared(rec: dict[str, Any], mode: str) -> dict[str, str]:
    declared: dict[str, str] = {}
    for uri in MODE_CAPABILITIES.get(mode, ()):
        declared.setdefault(uri, "mode")
    if mode == "embedding" and rec.get("supports_embedding_image_input") is True:
        declared.setdefault(MULTIMODAL_EMBEDDING, "supports_embedding_image_input")
    for flag, uris in FLAG_CAPABILITIES.items():
        if rec.get(flag) is True:
            for uri in uris:
                declared.setdefault(uri, flag)
    for flag in ("input_cost_per_token_batches", "output_cost_per_token_batches"):
        if _number(rec.get(flag)) is not None:
            declared.setdefault(BATCH_CAPABILITY, flag)
            break
    max_input = _positive_int(rec.get("max_input_tokens"))
    if max_input is not None:
        for threshold, uri in CONTEXT_TIERS:
            if max_input >= threshold:
                declared.setdefault(uri, "max_input_tokens")
    return declared


# Hosts that run model weights on the user's own machine: a model they serve has downloadable weights.
LOCAL_RUNTIME_HOSTS = frozenset({"ollama", "lemonade"})


def _open_weights(host: str, declared: dict[str, str]) -> bool | None:
    """True when a local runtime serves the model (its weights are downloadable); otherwise unknown."""
    if host not in LOCAL_RUNTIME_HOSTS:
        return None
    flag = f"served by the local runtime {host}"
    declared["capability://deployment.open-weights"] = flag
    declared["capability://deployment.self-hosting"] = flag
    return True


def to_model_record(sr: SourceRecord) -> ModelRecord | None:
    """Normalise one LiteLLM raw record into an offer; None for records that are not models."""
    rec = sr.payload
    if skip_reason(sr.key, rec) is not None:
        return None
    mode = str(record_mode(sr.key, rec))
    identity = resolve_identity(sr.key, rec)
    inputs, outputs = _modalities(rec, mode)
    prices, other_prices = _prices(rec, mode)
    max_input = _positive_int(rec.get("max_input_tokens"))
    max_tokens = _positive_int(rec.get("max_tokens"))
    deprecation = rec.get("deprecation_date")
    own_url = rec.get("source")
    extra: dict[str, Any] = {"litellm_provider": rec.get("litellm_provider")}
    if other_prices:
        extra["other_prices"] = other_prices
    for key in ("supported_endpoints", "output_vector_size", "supported_regions", "tiered_pricing"):
        if key in rec:
            extra[key] = rec[key]
    declared = _declared(rec, mode)
    open_weights = _open_weights(identity.host, declared)
    return ModelRecord(
        source=SOURCE,
        source_key=sr.key,
        slug=identity.slug,
        name=identity.name,
        organization=identity.organization,
        host=identity.host,
        host_key=identity.host_key,
        kind="api" if mode == "search" else "model",
        mode=mode,
        family=identity.family,
        input_modalities=inputs,
        output_modalities=outputs,
        # max_tokens is the only limit in some older records; it then stands for the context window.
        context_window=max_input if max_input is not None else max_tokens,
        max_output=_positive_int(rec.get("max_output_tokens")),
        prices=prices,
        declared=declared,
        denied={k: v for k, v in _denied(rec).items()
                if k not in declared and k not in {f"modality:in:{m}" for m in inputs}
                and k not in {f"modality:out:{m}" for m in outputs}},
        open_weights=open_weights,
        deprecation_date=deprecation if isinstance(deprecation, str) and _DATE.match(deprecation) else None,
        url=own_url if isinstance(own_url, str) and own_url.strip() else sr.url,
        extra=extra,
    )


class LiteLLMAdapter(SourceAdapter):
    """The LiteLLM model database: the main catalog source (artifacts, offers, prices, flags)."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "catalog"
    description: ClassVar[str] = (
        "LiteLLM model database (model_prices_and_context_window.json): hosts, limits, prices, flags"
    )

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int = MAX_BYTES) -> ReadResult:
        """Read the database; records that are not models are listed in ``skipped`` with the reason."""
        data, where = load_litellm_database(location, max_bytes)
        raw = {sr.key: sr for sr in litellm_source_records(data, where, fetched_at)}
        kept: list[SourceRecord] = []
        skipped: list[str] = []
        for key, record in data.items():
            reason = skip_reason(key, record)
            if reason is not None:
                skipped.append(f"{key}: {reason}")
            elif key in raw:
                kept.append(raw[key])
        return ReadResult(records=kept, location=where, skipped=skipped, replaces_source=True)

    def model_record(self, record: SourceRecord) -> ModelRecord | None:
        """See :func:`to_model_record`."""
        return to_model_record(record)
