"""OpenRouter models API adapter (``GET /api/v1/models``).

The API returns ``{"data": [model, ...]}``. Each model becomes one :class:`SourceRecord` keyed by its
OpenRouter id, and one :class:`ModelRecord` offer hosted by ``openrouter``. Prices arrive as USD per
token in strings; they are converted to USD per million tokens. A stated ``"0"`` stays 0 (free), a
missing price stays ``None`` and ``"-1"`` (OpenRouter's marker for a router whose price depends on the
model it picks) is treated as unknown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from matchgraph.catalog.domain import MODALITIES, ModelRecord, Prices, SourceRecord, mode_from_outputs
from matchgraph.catalog.names import is_valid_slug, make_slug
from matchgraph.sources.base import ReadResult, SourceAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import read_path, read_url
from matchgraph.sources.hosts import namespace_org

SOURCE = "openrouter"
HOST = "openrouter"
DEFAULT_URL = "https://openrouter.ai/api/v1/models"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30.0


# supported_parameters entry -> capability it declares.
PARAMETER_CAPABILITIES: dict[str, str] = {
    "tools": "capability://tools.function-calling",
    "tool_choice": "capability://tools.function-calling.forced",
    "structured_outputs": "capability://text.structured-output.json-schema",
    "response_format": "capability://text.structured-output.json-mode",
    "reasoning": "capability://text.reasoning.extended-thinking",
    "include_reasoning": "capability://text.reasoning.extended-thinking",
    "seed": "capability://api.seed",
    "web_search_options": "capability://tools.web-search",
}
INPUT_MODALITY_CAPABILITIES: dict[str, str] = {
    "image": "capability://vision.image-understanding",
    "file": "capability://vision.pdf",
    "audio": "capability://audio.understanding",
}
OUTPUT_MODALITY_CAPABILITIES: dict[str, str] = {
    "image": "capability://image.generation.text-to-image",
}
FREE_TIER = "capability://pricing.free-tier"
OPEN_WEIGHTS = "capability://deployment.open-weights"

# pricing key -> Prices field. Per-token prices are scaled to per 1M tokens; "image" is charged per
# input image. Other keys (request, web_search, internal_reasoning, ...) have no Prices field; they are
# kept in ModelRecord.extra["other_prices"] as stated (USD per the key's own unit, not rescaled).
_TOKEN_PRICES = {
    "prompt": "input_per_mtok",
    "completion": "output_per_mtok",
    "input_cache_read": "cached_input_per_mtok",
}
_UNIT_PRICES = {"image": "input_per_image"}
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
# OpenRouter spellings of modalities that differ from the catalog's.
_MODALITY_SPELLINGS = {"embeddings": "embedding"}


@dataclass(frozen=True)
class SkippedEntry:
    """A model entry that could not be used, with its position in ``data`` and the reason."""

    index: int
    key: str | None
    reason: str

    def __str__(self) -> str:
        return f"data[{self.index}]" + (f" ({self.key})" if self.key else "") + f": {self.reason}"


@dataclass
class OpenRouterBatch:
    """Source records parsed from one models response, and the entries that were skipped."""

    records: list[SourceRecord] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)


def _split_id(model_id: str) -> tuple[str, str, str | None] | None:
    """``"meta-llama/llama-3.3-70b-instruct:free"`` -> (namespace, model, "free"); None if malformed.

    A ``:variant`` suffix (``:free``, ``:beta``, ``:extended``...) is another route to the same model,
    so it is left out of the slug and kept only in the host key.
    """
    base, _, variant = model_id.partition(":")
    namespace, sep, model = base.partition("/")
    if not sep or not namespace or not model or "/" in model:
        return None
    return namespace, model, (variant or None)


def _slug_for(model_id: str) -> str | None:
    parts = _split_id(model_id)
    if parts is None:
        return None
    namespace, model, _ = parts
    try:
        # The same namespace table as the LiteLLM resolver, so both sources give one model one slug
        # (``thudm`` -> ``z-ai``); namespaces it does not know are kept as they are.
        slug = make_slug(namespace_org(namespace) or namespace, model)
    except ValueError:
        return None
    return slug if is_valid_slug(slug) else None


def _entry_problem(entry: Any) -> str | None:
    """Why an entry cannot become a source record, or None when it can."""
    if not isinstance(entry, dict):
        return f"entry is a {type(entry).__name__}, not an object"
    model_id = entry.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        return "missing or empty 'id'"
    if _slug_for(model_id.strip()) is None:
        return f"id {model_id!r} is not of the form 'organization/model'"
    return None


def parse_openrouter(data: dict[str, Any], url: str | None, fetched_at: str) -> OpenRouterBatch:
    """Turn a models response into source records; malformed entries are skipped and listed.

    Raises :class:`SourceError` when ``data`` is not ``{"data": [...]}``.
    """
    entries = _data_list(data)
    batch = OpenRouterBatch()
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        problem = _entry_problem(entry)
        key = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
        if problem is None and key is not None and key.strip() in seen:
            problem = f"duplicate id {key!r}"
        if problem is not None:
            batch.skipped.append(SkippedEntry(index=index, key=key, reason=problem))
            continue
        assert key is not None
        seen.add(key.strip())
        batch.records.append(
            SourceRecord(source=SOURCE, key=key.strip(), url=url, fetched_at=fetched_at, payload=entry)
        )
    return batch


def openrouter_source_records(data: dict[str, Any], url: str | None, fetched_at: str) -> list[SourceRecord]:
    """Source records (source ``openrouter``, key = model id) for every well-formed model entry.

    Use :func:`parse_openrouter` to also get the skipped entries.
    """
    return parse_openrouter(data, url, fetched_at).records


def _data_list(data: Any) -> list[Any]:
    if not isinstance(data, dict):
        raise SourceError(f"OpenRouter response must be a JSON object, got {type(data).__name__}")
    entries = data.get("data")
    if not isinstance(entries, list):
        raise SourceError("OpenRouter response has no 'data' list")
    return entries


def price_per_million(value: Any) -> float | None:
    """USD per token (string or number) -> USD per 1M tokens, rounded to 10 decimals.

    ``"0"`` is a stated zero; missing, negative (``"-1"``), non-numeric or non-finite values are None.
    """
    amount = _decimal(value)
    return None if amount is None else round(float(amount * 1_000_000), 10)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None


def _modalities(arch: dict[str, Any], side: str) -> tuple[list[str], list[str]]:
    """(known modalities, unknown ones) for ``side`` "input" or "output"."""
    raw = arch.get(f"{side}_modalities")
    if not isinstance(raw, list):
        # Older responses only carry "text+image->text".
        modality = arch.get("modality")
        if not isinstance(modality, str) or "->" not in modality:
            return [], []
        left, _, right = modality.partition("->")
        raw = (left if side == "input" else right).split("+")
    known: list[str] = []
    unknown: list[str] = []
    for item in raw:
        if not isinstance(item, str) or not item.strip():
            continue
        name = item.strip().lower()
        name = _MODALITY_SPELLINGS.get(name, name)
        target = known if name in MODALITIES else unknown
        if name not in target:
            target.append(name)
    return known, unknown


def _prices(pricing: Any, inputs: list[str]) -> tuple[Prices, dict[str, float | None], bool]:
    """(Prices, other parsed prices, all stated prices are zero).

    OpenRouter lists an ``image`` price even for text-only models; it becomes the per-input-image
    price only when the model accepts images, otherwise it stays among the other prices.
    """
    prices = Prices()
    other: dict[str, float | None] = {}
    if not isinstance(pricing, dict):
        return prices, other, False
    stated: list[Decimal] = []
    for key, value in pricing.items():
        amount = _decimal(value)
        if amount is not None:
            stated.append(amount)
        if key in _TOKEN_PRICES:
            setattr(prices, _TOKEN_PRICES[key], price_per_million(value))
        elif key in _UNIT_PRICES and key in inputs:
            setattr(prices, _UNIT_PRICES[key], None if amount is None else float(amount))
        else:
            other[key] = None if amount is None else float(amount)
    # Free only when both token prices are stated and every stated price is zero.
    both_token_prices = prices.input_per_mtok is not None and prices.output_per_mtok is not None
    all_zero = both_token_prices and all(a == 0 for a in stated)
    return prices, other, all_zero


def _release_date(created: Any) -> str | None:
    if isinstance(created, bool) or not isinstance(created, int | float) or created <= 0:
        return None
    try:
        return datetime.fromtimestamp(created, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _display_name(entry: dict[str, Any], model: str, variant: str | None) -> str:
    """The model name without OpenRouter's "Org: " prefix.

    For a variant route the trailing parenthesis ("(free)", "(self-moderated)") names the route, not
    the model, so it is dropped; other parentheses ("(Nano Banana)") are part of the name.
    """
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        return model
    name = name.strip()
    if ": " in name:
        name = name.split(": ", 1)[1]
    if variant:
        name = _TRAILING_PAREN.sub("", name)
    return name.strip() or model


def to_model_record(sr: SourceRecord) -> ModelRecord | None:
    """Normalise one OpenRouter source record into an offer; None if the record has no usable id."""
    entry = sr.payload
    if not isinstance(entry, dict) or _entry_problem(entry) is not None:
        return None
    model_id = str(entry["id"]).strip()
    parts = _split_id(model_id)
    slug = _slug_for(model_id)
    if parts is None or slug is None:
        return None
    _, model, variant = parts

    arch = entry.get("architecture") if isinstance(entry.get("architecture"), dict) else {}
    inputs, unknown_in = _modalities(arch, "input")
    outputs, unknown_out = _modalities(arch, "output")
    top = entry.get("top_provider") if isinstance(entry.get("top_provider"), dict) else {}
    prices, other_prices, free = _prices(entry.get("pricing"), inputs)

    declared: dict[str, str] = {}
    params = entry.get("supported_parameters")
    for param in params if isinstance(params, list) else []:
        uri = PARAMETER_CAPABILITIES.get(param) if isinstance(param, str) else None
        if uri is not None:
            declared.setdefault(uri, f"supported_parameters.{param}")
    for modality in inputs:
        if modality in INPUT_MODALITY_CAPABILITIES:
            declared.setdefault(INPUT_MODALITY_CAPABILITIES[modality], f"input_modalities.{modality}")
    for modality in outputs:
        if modality in OUTPUT_MODALITY_CAPABILITIES:
            declared.setdefault(OUTPUT_MODALITY_CAPABILITIES[modality], f"output_modalities.{modality}")
    if free:
        declared[FREE_TIER] = "pricing (all stated prices are 0)"

    hf_id = entry.get("hugging_face_id")
    open_weights: bool | None = None
    if isinstance(hf_id, str) and hf_id.strip():
        # A published Hugging Face repository means the weights are downloadable. An empty id says
        # nothing either way, so open_weights stays unknown rather than False.
        open_weights = True
        declared[OPEN_WEIGHTS] = "hugging_face_id"

    extra: dict[str, Any] = {"openrouter_name": entry.get("name")}
    if variant:
        extra["variant"] = variant
    if isinstance(hf_id, str) and hf_id.strip():
        extra["hugging_face_id"] = hf_id.strip()
    if isinstance(entry.get("canonical_slug"), str):
        extra["canonical_slug"] = entry["canonical_slug"]
    if isinstance(arch.get("tokenizer"), str):
        extra["tokenizer"] = arch["tokenizer"]
    if isinstance(top.get("is_moderated"), bool):
        extra["is_moderated"] = top["is_moderated"]
    if other_prices:
        extra["other_prices"] = other_prices
    if unknown_in or unknown_out:
        extra["unknown_modalities"] = {"input": unknown_in, "output": unknown_out}
    if isinstance(params, list):
        extra["supported_parameters"] = [p for p in params if isinstance(p, str)]

    description = entry.get("description")
    return ModelRecord(
        source=SOURCE,
        source_key=sr.key,
        slug=slug,
        name=_display_name(entry, model, variant),
        organization=slug.split("/", 1)[0],
        host=HOST,
        host_key=model_id,
        mode=mode_from_outputs(outputs),
        input_modalities=inputs,
        output_modalities=outputs,
        context_window=_positive_int(entry.get("context_length")) or _positive_int(top.get("context_length")),
        max_output=_positive_int(top.get("max_completion_tokens")),
        prices=prices,
        declared=declared,
        release_date=_release_date(entry.get("created")),
        open_weights=open_weights,
        url=sr.url,
        description=description.strip() if isinstance(description, str) and description.strip() else None,
        extra=extra,
    )


def load_openrouter(location: str | Path, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Read a models response from a file path or an http(s) URL (20 MB cap, 30 s timeout).

    Raises :class:`SourceError` when the input is unreadable, not JSON or not ``{"data": [...]}``.
    """
    text = str(location)
    if text.startswith(("http://", "https://")):
        body = read_url(text, max_bytes)
    else:
        body = read_path(Path(location), max_bytes)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{text} is not valid JSON: {exc}") from exc
    _data_list(data)
    return data


class OpenRouterAdapter(SourceAdapter):
    """Reads an OpenRouter models response (a saved file or the API URL) into offers."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "catalog"
    description: ClassVar[str] = (
        "OpenRouter models API: ids, modalities, per-token prices, supported parameters"
    )

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int) -> ReadResult:
        """Read ``location`` (path or URL); nothing is fetched unless a URL is given explicitly."""
        if not location:
            raise SourceError(f"openrouter needs a saved models file or a URL such as {DEFAULT_URL}")
        data = load_openrouter(location, max_bytes)
        url = location if location.startswith(("http://", "https://")) else None
        batch = parse_openrouter(data, url, fetched_at)
        # One response lists every model OpenRouter serves, so it replaces the previous read.
        return ReadResult(
            records=batch.records,
            location=location,
            skipped=[str(s) for s in batch.skipped],
            replaces_source=True,
        )

    def model_record(self, record: SourceRecord) -> ModelRecord | None:
        """The OpenRouter offer a raw record describes."""
        return to_model_record(record)
