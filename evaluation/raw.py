"""Hard constraints checked against the raw source records a result cites, not against derived facts.

A result passes a constraint when the records it cites (``sources`` of the ``search --json``
result, looked up in ``source_records``) state it, read straight from each source's own fields:

- LiteLLM records: ``mode`` (the kind of endpoint; without one, a per-character price with a note naming
  text-to-speech), ``supports_*`` flags, ``supported_modalities`` /
  ``supported_output_modalities``, ``max_input_tokens``, ``*_cost_per_*`` prices (an image generator's
  ``input_cost_per_image`` and per-pixel prices at the size its key names, 1024x1024 when none),
  ``litellm_provider`` (host), ``deprecation_date``.
- Manifests: ``modalities``, ``capabilities[].uri``, ``pricing``, ``identity``.
- models.dev records (``payload.model`` of one provider's entry): ``modalities``, the ``tool_call`` /
  ``reasoning`` / ``structured_output`` flags, ``limit.context``, ``cost`` (USD per 1M tokens),
  ``open_weights``, ``status`` (deprecated) and the provider id (host); a chat product's or
  subscription plan's costs (``poe``, ``*-coding-plan``) meet no price bound.
- llm-stats identity records (``payload.model``): a ``source_weights_link`` means open weights.
- OpenRouter records (when present): their modality lists, context limit and costs.

Artifact-level constraints (modalities, capabilities, context, open weights) hold when any cited
record states them; offer-level constraints (price bounds, hosts, free) must hold together on one
cited record that is not past its deprecation date. A price of 0 counts only in a record's own
billing unit (a per-image generator's zero token price says nothing). Organizations are compared
on the slug's organization part, which is the artifact's identity rather than a claim.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

Record = tuple[str, dict[str, Any]]  # (source, payload)

TOKEN_MODES = frozenset({"chat", "completion", "responses", "embedding", "rerank", "moderation", "realtime"})
# Hosts that run weights on the user's machine: an offer there means the weights are downloadable.
LOCAL_RUNTIMES = frozenset({"ollama", "ollama_chat", "lemonade", "llamafile", "lm_studio", "vllm", "hosted_vllm"})

_MODE_IN = {"image_edit": {"text", "image"}, "ocr": {"image"}, "audio_transcription": {"audio"},
            "realtime": {"text", "audio"}}
_MODE_OUT = {"chat": {"text"}, "completion": {"text"}, "responses": {"text"}, "embedding": {"embedding"},
             "image_generation": {"image"}, "image_edit": {"image"}, "video_generation": {"video"},
             "audio_speech": {"audio"}, "audio_transcription": {"text"}, "realtime": {"text", "audio"},
             "ocr": {"text"}, "search": {"text"}, "rerank": {"text"}}
_IN_FLAGS = {"supports_vision": "image", "supports_image_input": "image", "supports_audio_input": "audio",
             "supports_video_input": "video", "supports_pdf_input": "file", "supports_embedding_image_input": "image"}

# Typed price unit (the ``Prices`` field names) -> LiteLLM fields and the factor to that unit.
PRICE_FIELDS: dict[str, tuple[tuple[str, float], ...]] = {
    "input_per_mtok": (("input_cost_per_token", 1e6),),
    "output_per_mtok": (("output_cost_per_token", 1e6),),
    "per_image": (("output_cost_per_image", 1.0),),
    "input_per_image": (("input_cost_per_image", 1.0),),
    "per_second": (("output_cost_per_second", 1.0), ("input_cost_per_second", 1.0),
                   ("input_cost_per_audio_per_second", 1.0), ("output_cost_per_video_per_second", 1.0)),
    "per_character": (("input_cost_per_character", 1.0), ("output_cost_per_character", 1.0)),
    "per_query": (("input_cost_per_query", 1.0), ("input_cost_per_request", 1.0)),
    "per_page": (("ocr_cost_per_page", 1.0),),
}
# Units whose input and output fields price the same thing (a second, a character), not two sides.
_ONE_CHARGE = frozenset({"per_second", "per_character"})
# Which typed units a mode bills in: a 0 there is a real price, elsewhere it is unknown.
_BILLING = {"image_generation": {"per_image"}, "image_edit": {"per_image"}, "video_generation": {"per_second"},
            "audio_speech": {"per_character", "per_second"}, "audio_transcription": {"per_second"},
            "search": {"per_query"}, "ocr": {"per_page"}}


def _md(r: dict[str, Any]) -> dict[str, Any]:
    """The model object of a models.dev record (its payload also carries the provider)."""
    m = r.get("model")
    return m if isinstance(m, dict) else {}


# models.dev spells a document input "pdf"; the typed modality is "file".
_MD_SPELLING = {"pdf": "file"}


def _md_caps(r: dict[str, Any], uri: str) -> bool:
    """Whether a models.dev record states capability ``uri`` in its own fields."""
    m = _md(r)
    ins, outs = record_inputs("modelsdev", r), record_outputs("modelsdev", r)
    mid = str(r.get("model_id") or m.get("id") or "").lower()
    cost = m.get("cost") if isinstance(m.get("cost"), dict) else {}
    checks: dict[str, Callable[[], bool]] = {
        "capability://tools.function-calling": lambda: m.get("tool_call") is True,
        "capability://text.reasoning.extended-thinking": lambda: m.get("reasoning") is True,
        "capability://text.structured-output": lambda: m.get("structured_output") is True,
        "capability://text.structured-output.json-mode": lambda: m.get("structured_output") is True,
        "capability://text.structured-output.json-schema": lambda: m.get("structured_output") is True,
        "capability://vision.image-understanding": lambda: "image" in ins and "text" in outs,
        "capability://vision.ocr": lambda: "image" in ins and "text" in outs,
        "capability://vision.pdf": lambda: "file" in ins,
        "capability://vision.video-understanding": lambda: "video" in ins,
        "capability://api.prompt-caching": lambda: isinstance(cost.get("cache_read"), int | float),
        "capability://image.generation": lambda: "image" in outs and "text" not in outs,
        "capability://image.generation.text-to-image": lambda: "image" in outs and "text" not in outs,
        "capability://audio.speech-synthesis": lambda: "audio" in outs and "text" not in outs,
        "capability://audio.transcription": lambda: ins == {"audio"} and outs == {"text"},
        "capability://video.generation": lambda: "video" in outs,
        "capability://embeddings": lambda: "embed" in mid,
        "capability://embeddings.text": lambda: "embed" in mid,
        "capability://safety.moderation": lambda: _names_safety_classifier(mid),
    }
    check = checks.get(uri)
    return bool(check and check())


def _md_host(r: dict[str, Any]) -> str | None:
    """The host a models.dev record is an offer on: its provider id, spelled as LiteLLM spells it."""
    from matchgraph.sources.modelsdev import PROVIDER_TO_LITELLM

    pid = r.get("provider")
    return PROVIDER_TO_LITELLM.get(pid, pid.replace("-", "_")) if isinstance(pid, str) and pid else None


def _md_plan(r: dict[str, Any]) -> bool:
    """Whether the models.dev provider is a chat product or subscription plan (``poe``, ``*-coding-plan``)."""
    from matchgraph.sources.modelsdev import is_subscription_provider

    pid = r.get("provider")
    return isinstance(pid, str) and is_subscription_provider(pid)


def _md_price(r: dict[str, Any], unit: str) -> float | None:
    """A models.dev price in a typed unit: ``cost.input`` / ``cost.output`` are USD per 1M tokens."""
    m = _md(r)
    cost = m.get("cost") if isinstance(m.get("cost"), dict) else {}
    name = {"input_per_mtok": "input", "output_per_mtok": "output"}.get(unit)
    v = cost.get(name) if name else None
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def _mode(r: dict[str, Any]) -> Any:
    """A LiteLLM record's ``mode``; a record without one that bills per input character and whose own
    note calls it text-to-speech (Deepgram's Aura voices) states speech output."""
    mode = r.get("mode")
    if mode or not isinstance(r.get("input_cost_per_character"), int | float):
        return mode
    meta = r.get("metadata") if isinstance(r.get("metadata"), dict) else {}
    note = str(meta.get("note") or "")
    return "audio_speech" if re.search(r"text[\s-]to[\s-]speech", note, re.IGNORECASE) else mode


def _flag(r: dict[str, Any], name: str) -> bool:
    return r.get(name) is True


def _litellm_inputs(r: dict[str, Any]) -> set[str]:
    mode = _mode(r)
    out = set(_MODE_IN.get(mode, {"text"}))
    out |= {m for f, m in _IN_FLAGS.items() if _flag(r, f)}
    out |= {str(m) for m in r.get("supported_modalities") or () if isinstance(m, str)}
    return out


def _litellm_outputs(r: dict[str, Any]) -> set[str]:
    out = set(_MODE_OUT.get(_mode(r), set()))
    out |= {str(m) for m in r.get("supported_output_modalities") or () if isinstance(m, str)}
    if _flag(r, "supports_audio_output"):
        out.add("audio")
    return out


# Names of models their makers publish as content-safety classifiers (Llama Guard, Granite Guardian, ...):
# hosts file them under chat, so the record's name is what states the task, as "lyria" does for music.
SAFETY_CLASSIFIER_NAMES = ("llama-guard", "llamaguard", "granite-guardian", "safety-guard", "gpt-oss-safeguard",
                           "qwen3guard")


def _names_safety_classifier(key: str) -> bool:
    key = key.lower()
    return "prompt-guard" not in key and any(n in key for n in SAFETY_CLASSIFIER_NAMES)


def _mode_is(*modes: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: _mode(r) in modes


def _any_flag(*flags: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: any(_flag(r, f) for f in flags)


# Capability URI -> the LiteLLM record fields that state it. Labels may only use these.
LITELLM_CAPS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "capability://tools.function-calling": _any_flag("supports_function_calling"),
    "capability://tools.function-calling.parallel": _any_flag("supports_parallel_function_calling"),
    "capability://text.structured-output": _any_flag("supports_response_schema", "supports_native_structured_output"),
    "capability://text.structured-output.json-mode": _any_flag("supports_response_schema",
                                                               "supports_native_structured_output"),
    "capability://text.structured-output.json-schema": _any_flag("supports_response_schema",
                                                                 "supports_native_structured_output"),
    "capability://text.reasoning.extended-thinking": _any_flag("supports_reasoning"),
    "capability://vision.pdf": lambda r: _flag(r, "supports_pdf_input") or _mode(r) == "ocr",
    "capability://vision.image-understanding": lambda r: "image" in _litellm_inputs(r) and "text" in
    _litellm_outputs(r),
    "capability://vision.ocr": lambda r: _mode(r) == "ocr" or (
        "image" in _litellm_inputs(r) and "text" in _litellm_outputs(r)),
    "capability://vision.video-understanding": _any_flag("supports_video_input"),
    "capability://tools.web-search": lambda r: _flag(r, "supports_web_search") or _mode(r) == "search",
    "capability://tools.computer-use": _any_flag("supports_computer_use"),
    "capability://api.prompt-caching": lambda r: _flag(r, "supports_prompt_caching") or bool(
        r.get("cache_read_input_token_cost")),
    "capability://api.batch": lambda r: r.get("input_cost_per_token_batches") is not None,
    "capability://image.generation": _mode_is("image_generation"),
    "capability://image.generation.text-to-image": _mode_is("image_generation"),
    "capability://image.editing": _mode_is("image_edit"),
    "capability://video.generation": _mode_is("video_generation"),
    "capability://audio.speech-synthesis": lambda r: _mode(r) == "audio_speech",
    "capability://audio.transcription": _mode_is("audio_transcription"),
    "capability://audio.realtime": _mode_is("realtime"),
    "capability://embeddings": _mode_is("embedding"),
    "capability://embeddings.text": _mode_is("embedding"),
    "capability://embeddings.multimodal": lambda r: _mode(r) == "embedding" and "image" in _litellm_inputs(r),
    "capability://retrieval.reranking": _mode_is("rerank"),
    "capability://safety.moderation": lambda r: _mode(r) == "moderation" or _names_safety_classifier(
        str(r.get("_key", ""))),
    "capability://retrieval.web-search-api": _mode_is("search"),
    "capability://audio.music-generation": lambda r: "lyria" in str(r.get("_key", "")).lower(),
}
CHECKABLE_CAPABILITIES = frozenset(LITELLM_CAPS)


def _is_active(src: str, r: dict[str, Any], today: str) -> bool:
    if src in ("llmstats", "mteb"):
        return False  # identity claims and benchmark results, not a way to use the model
    if src == "modelsdev":
        return _md(r).get("status") != "deprecated"
    d = r.get("deprecation_date") if src == "litellm" else None
    return not (isinstance(d, str) and d[:10] < today)


def _stated_modalities(src: str, r: dict[str, Any], side: str) -> set[str]:
    """Modalities the record states on one side ("input" or "output"), in its own source's fields."""
    if src == "litellm":
        return _litellm_inputs(r) if side == "input" else _litellm_outputs(r)
    if src == "manifest":
        return set((r.get("manifest", {}).get("modalities") or {}).get(side) or ())
    if src == "modelsdev":
        mods = _md(r).get("modalities")
        stated = (mods.get(side) if isinstance(mods, dict) else None) or ()
        return {_MD_SPELLING.get(str(m).lower(), str(m).lower()) for m in stated if isinstance(m, str)}
    if src == "openrouter":
        return set((r.get("architecture") or {}).get(f"{side}_modalities") or ())
    if src == "mteb":  # an MTEB result is an embedding model's: it reads its modalities, returns vectors
        return _mteb_modalities(r) if side == "input" else {"embedding"}
    return set()


def _mteb_meta(r: dict[str, Any]) -> dict[str, Any]:
    """An MTEB record's ``model_meta.json`` (empty when the record has none)."""
    return r["meta"] if isinstance(r.get("meta"), dict) else {}


def _mteb_modalities(r: dict[str, Any]) -> set[str]:
    return {str(m).lower() for m in _mteb_meta(r).get("modalities") or () if isinstance(m, str)}


def record_inputs(src: str, r: dict[str, Any]) -> set[str]:
    """Input modalities the record states."""
    return _stated_modalities(src, r, "input")


def record_outputs(src: str, r: dict[str, Any]) -> set[str]:
    """Output modalities the record states."""
    return _stated_modalities(src, r, "output")


def record_has(src: str, r: dict[str, Any], uri: str) -> bool:
    """Whether the record states capability ``uri`` (or a narrower one, for manifests)."""
    if src == "litellm":
        return LITELLM_CAPS[uri](r)
    if src == "manifest":
        return any(str(c.get("uri", "")).startswith(uri) for c in r.get("manifest", {}).get("capabilities") or ())
    if src == "modelsdev":
        return _md_caps(r, uri)
    if src == "mteb":  # MTEB benchmarks embedding models; their model_meta states what they read
        mods = _mteb_modalities(r)
        return {"capability://embeddings": bool(mods), "capability://embeddings.text": "text" in mods,
                "capability://embeddings.multimodal": "text" in mods and len(mods) > 1}.get(uri, False)
    return False


def record_context(src: str, r: dict[str, Any]) -> int | None:
    """The input context the record states, in tokens."""
    if src == "litellm":
        v = r.get("max_input_tokens") or r.get("max_tokens")
    elif src == "modelsdev":
        lim = _md(r).get("limit")
        v = lim.get("context") if isinstance(lim, dict) else None
    elif src == "openrouter":
        v = r.get("context_length")
    elif src == "mteb":  # an embedding model's model_meta states the longest input it reads
        v = _mteb_meta(r).get("max_tokens")
    else:
        v = None
    return int(v) if isinstance(v, int | float) and 0 < v < float("inf") else None


def record_price(src: str, r: dict[str, Any], unit: str) -> float | None:
    """The record's lowest stated price in a typed unit (USD per that unit); None when not stated."""
    if src == "manifest":
        v = (r.get("manifest", {}).get("pricing") or {}).get(unit)
        return float(v) if isinstance(v, int | float) else None
    if src == "modelsdev":
        return _md_price(r, unit)
    if src != "litellm":
        return None
    values = []
    for name, factor in PRICE_FIELDS.get(unit, ()):
        v = r.get(name)
        if isinstance(v, int | float):
            values.append(float(v) * factor)
    if unit in _ONE_CHARGE and any(v > 0 for v in values):
        # A second of audio or a character is one charge, stated on the side it is billed on: a
        # transcriber's 0 per output second beside its price per input second is not a price of 0.
        values = [max(values)]
    for tier in r.get("tiered_pricing") or ():
        for name, factor in PRICE_FIELDS.get(unit, ()):
            v = tier.get(name) if isinstance(tier, dict) else None
            if isinstance(v, int | float):
                values.append(float(v) * factor)
    mode = _mode(r)
    if unit == "per_image" and mode == "image_generation":
        values.extend(_litellm_image_prices(r))
    if not values:
        return None
    low = min(values)
    billed = unit in _BILLING.get(mode, set()) or (unit.endswith("_per_mtok") and mode in TOKEN_MODES)
    return low if low > 0 or billed else None


_SIZE = re.compile(r"(\d{2,5})-x-(\d{2,5})")
# LiteLLM prices an image at 1024x1024 when its key names no size.
DEFAULT_PIXELS = 1024 * 1024


def _litellm_image_prices(r: dict[str, Any]) -> list[float]:
    """Per generated image, as LiteLLM bills an image generator: ``input_cost_per_image`` when the record
    states no ``output_cost_per_image`` (older records put the generated image's price there), or the
    per-pixel prices times the size in the record's key (``.../1024-x-1024/...``). Beside an output
    price, ``input_cost_per_image`` is what a reference image given as input costs (gemini-3-pro-image:
    $0.0011 in, $0.134 out), not the price of a generated one."""
    out = []
    v = r.get("input_cost_per_image")
    if isinstance(v, int | float) and not isinstance(v, bool) and r.get("output_cost_per_image") is None:
        out.append(float(v))
    per_pixel = [r.get(f) for f in ("input_cost_per_pixel", "output_cost_per_pixel")]
    per_pixel = [float(x) for x in per_pixel if isinstance(x, int | float) and not isinstance(x, bool)]
    if per_pixel:
        m = _SIZE.search(str(r.get("_key") or ""))
        pixels = int(m.group(1)) * int(m.group(2)) if m else DEFAULT_PIXELS
        out.append(sum(per_pixel) * pixels)
    return out


def _host(src: str, r: dict[str, Any]) -> str | None:
    if src == "modelsdev":
        return _md_host(r)
    return str(r.get("litellm_provider")) if src == "litellm" and r.get("litellm_provider") else None


def record_open_weights(src: str, r: dict[str, Any]) -> bool:
    """Whether the record says the weights are downloadable."""
    if src == "litellm":
        return r.get("litellm_provider") in LOCAL_RUNTIMES
    if src == "manifest":
        ident = r.get("manifest", {}).get("identity") or {}
        return ident.get("open_weights") is True
    if src == "modelsdev":
        return _md(r).get("open_weights") is True
    if src == "llmstats":
        link = (r.get("model") or {}).get("source_weights_link") if isinstance(r.get("model"), dict) else None
        return isinstance(link, str) and bool(link.strip())
    if src == "mteb":
        return _mteb_meta(r).get("open_weights") is True
    return r.get("open_weights") is True


def _offer_ok(src: str, r: dict[str, Any], hard: dict[str, Any], fold: Callable[[str], str]) -> bool:
    host = _host(src, r)
    if hard.get("include_hosts") and (host is None or fold(host) not in {fold(h) for h in hard["include_hosts"]}):
        return False
    if hard.get("exclude_hosts") and host is not None and fold(host) in {fold(h) for h in hard["exclude_hosts"]}:
        return False
    if src == "modelsdev" and (hard.get("max_price") or hard.get("free")) and _md_plan(r):
        return False  # a chat product's or plan's per-token costs stand for a quota, not a price
    for unit, bound in (hard.get("max_price") or {}).items():
        p = record_price(src, r, unit)
        if p is None or p > bound:
            return False
    if hard.get("free"):
        mode = _mode(r) if src == "litellm" else None
        units = _BILLING.get(mode, set()) or {"input_per_mtok", "output_per_mtok"}
        stated = [record_price(src, r, u) for u in units]
        return any(p is not None for p in stated) and all(p in (None, 0.0) for p in stated)
    return True


OFFER_KEYS = ("max_price", "include_hosts", "exclude_hosts", "free")


def violations(slug: str, records: Iterable[Record], hard: dict[str, Any], *, fold_host: Callable[[str], str],
               fold_org: Callable[[str], str], today: str | None = None) -> list[str]:
    """The hard constraints that the cited records do not support (empty = the result is correct)."""
    today = today or dt.date.today().isoformat()
    recs = list(records)
    bad: list[str] = []
    ins = set().union(*(record_inputs(s, r) for s, r in recs)) if recs else set()
    outs = set().union(*(record_outputs(s, r) for s, r in recs)) if recs else set()
    for m in hard.get("input", ()):
        if m not in ins:
            bad.append(f"input:{m}")
    for m in hard.get("output", ()):
        if m not in outs:
            bad.append(f"output:{m}")
    for m in hard.get("not_output", ()):
        if m in outs:
            bad.append(f"not_output:{m}")
    for uri in hard.get("capabilities", ()):
        if not any(record_has(s, r, uri) for s, r in recs):
            bad.append(f"capability:{uri}")
    if "min_context" in hard:
        ctx = [c for c in (record_context(s, r) for s, r in recs) if c is not None]
        if not ctx or max(ctx) < hard["min_context"]:
            bad.append("min_context")
    if hard.get("open_weights") is True and not any(record_open_weights(s, r) for s, r in recs):
        bad.append("open_weights")
    org = fold_org(slug.split("/", 1)[0])
    if hard.get("include_organizations") and org not in {fold_org(o) for o in hard["include_organizations"]}:
        bad.append("include_organizations")
    if hard.get("exclude_organizations") and org in {fold_org(o) for o in hard["exclude_organizations"]}:
        bad.append("exclude_organizations")
    if any(k in hard for k in OFFER_KEYS):
        live = [(s, r) for s, r in recs if _is_active(s, r, today)]
        if not any(_offer_ok(s, r, hard, fold_host) for s, r in live):
            bad.append("offer:" + ",".join(k for k in OFFER_KEYS if k in hard))
    return bad
