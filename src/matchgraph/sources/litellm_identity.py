"""Entity resolution for the LiteLLM model database: one key → one artifact identity.

The same model appears under many keys (``gpt-4o-mini``, ``azure/eu/gpt-4o-mini``,
``openrouter/openai/gpt-4o-mini``). :func:`resolve_identity` strips what belongs to the host (host
prefixes, regions, deployment tiers, quantisation tags, Bedrock revision suffixes, image
quality/size tiers) and keeps what belongs to the model (size, version, date, ``-mini``,
instruct vs base), then names the creator. Dated snapshots stay separate artifacts; moving aliases
(``-latest``, ``@default``) join the undated name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from matchgraph.catalog.names import is_valid_slug, slug_part
from matchgraph.sources.hosts import (
    BEDROCK_REGION_PREFIXES,
    DOTTED_NAMESPACES,
    HF_STYLE_HOSTS,
    host_creator,
    namespace_org,
    normalize_host,
)


@dataclass(frozen=True)
class Identity:
    """Who made a model, what it is called, and who serves it under which key."""

    slug: str
    name: str
    organization: str | None
    host: str
    host_key: str
    family: str | None


# Modes that describe a model (or a model-backed API) and are kept.
KEPT_MODES = frozenset(
    {
        "chat", "completion", "responses", "embedding", "image_generation", "image_edit",
        "video_generation", "audio_transcription", "audio_speech", "realtime", "rerank",
        "moderation", "ocr", "search",
    }
)  # fmt: skip

# Modes that are skipped, with the reason. They price a service around models, not a model.
SKIPPED_MODES: dict[str, str] = {
    "evaluation": "evaluation service (grading runs), not a model",
    "guardrail": "guardrail service priced per unit, not a model",
    "vector_store": "vector store / retrieval storage, not a model",
    "decisions": "routing/decision service, not a model",
    "extraction": "document extraction pipeline, not a model",
}

# LiteLLM size-bracket price rows (``together-ai-up-to-4b``, ``fireworks-ai-default``): they price
# "any model of this size", so they are not an artifact.
_PRICE_TIER_KEY = re.compile(r"^(fireworks-ai|together-ai)-")

# Price fields of a feature used alongside a model (a code-interpreter container session), not of a
# model. A record priced only by such fields is the feature's price row.
_ADD_ON_PRICE_FIELDS = frozenset({"code_interpreter_cost_per_session", "file_search_cost_per_gb_per_day"})
_MODEL_PRICE_FIELD = re.compile(r"^(input|output)_cost_per_|_cost_per_(image|second|query|character|page)")

# Hosts whose records price a text-processing service (compression, extraction, classification
# endpoints), not a model.
SERVICE_HOSTS: dict[str, str] = {
    "scaledown": "prompt compression and extraction service endpoints",
}


def record_mode(key: str, record: Any) -> str | None:
    """The record's mode, or the mode its prices state when the record names none.

    A record without ``mode`` priced per input character only, by a host that makes speech models
    (Deepgram's Aura voices), is text-to-speech.
    """
    if not isinstance(record, dict):
        return None
    mode = record.get("mode")
    if isinstance(mode, str) and mode.strip():
        return mode
    priced = {f for f, v in record.items() if f.endswith(("_cost_per_token", "_cost_per_character"))
              and isinstance(v, (int, float))}  # fmt: skip
    host = normalize_host(record.get("litellm_provider") if isinstance(record.get("litellm_provider"), str) else "")
    if priced == {"input_cost_per_character"} and host_creator(host) is not None and not _PRICE_TIER_KEY.match(key):
        return "audio_speech"
    return None


def skip_reason(key: str, record: Any) -> str | None:
    """Why a LiteLLM record is not a model offer, or None when it is kept."""
    if key == "sample_spec":
        return "sample_spec: schema example"
    if not isinstance(record, dict):
        return "record is not an object"
    provider = record.get("litellm_provider")
    if not isinstance(provider, str) or not provider.strip():
        return "no litellm_provider"
    mode = record_mode(key, record)
    if mode is None:
        return "no mode"
    if key.lower().startswith("ft:"):
        return "fine-tuned-model price row: the fine-tuning feature of the base model, not a model"
    host = normalize_host(provider)
    if host in SERVICE_HOSTS:
        return f"host {host}: {SERVICE_HOSTS[host]}, not a model"
    if any(f in record for f in _ADD_ON_PRICE_FIELDS) and not any(_MODEL_PRICE_FIELD.search(f) for f in record):
        return "add-on feature price row (priced per session or storage), not a model"
    if mode in SKIPPED_MODES:
        return f"mode {mode}: {SKIPPED_MODES[mode]}"
    if mode not in KEPT_MODES:
        return f"mode {mode}: not a model mode"
    if _PRICE_TIER_KEY.match(key):
        return "size-bracket price row, not a model"
    return None


# ---------------------------------------------------------------------------------------------
# Path segments that belong to the host, not the model.

_REGION_SEGMENT = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d+$")  # us-east-1, us-gov-west-1
_COMMITMENT_SEGMENT = re.compile(r"^\d+-months?-commitment$")
_SIZE_SEGMENT = re.compile(r"^(\d+|max)-x-(\d+|max)$")  # 1024-x-1024, max-x-max
_STEPS_SEGMENT = re.compile(r"^(\d+|max)-steps$")
_QUALITY_WORDS = frozenset({"hd", "standard", "low", "medium", "high", "max", "xhigh"})
_AZURE_REGIONS = frozenset({"eu", "us", "us-gov", "global", "global-standard", "apac"})
# ``workers-ai`` is Cloudflare's product segment in its AI Gateway ids (workers-ai/@cf/baai/...).
_ALWAYS_DROP = frozenset({"*", "invoke", "claude_platform", "fal-ai", "@cf", "@hf", "@oi", "speech", "workers-ai"})
_TASK_SEGMENTS = frozenset(
    {"text-to-image", "image-to-image", "edit", "text-to-video", "image-to-video", "reference-to-video",
     "query"}
)  # fmt: skip
_HOST_SEGMENTS = {
    "fireworks": frozenset({"accounts", "fireworks", "models", "routers"}),
    "novita": frozenset({"community"}),
    "deepgram": frozenset({"streaming"}),
    "nvidia-nim": frozenset({"ranking"}),
    "pinstripes": frozenset({"ps"}),
}

# Host-side name decorations: quantisation and weight-format tags.
_QUANT_TOKENS = frozenset(
    {"fp8", "fp16", "bf16", "fp4", "int8", "int4", "awq", "gguf", "nvfp4", "mxfp4", "mxfp", "mtp", "hf",
     "maas"}
)  # fmt: skip
# Prefixes hosts put before the model name, with the creator namespace the prefix names (if any).
_NAME_PREFIXES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^databricks-"), None),
    (re.compile(r"^fw-"), None),  # Fireworks deployments in Azure AI Foundry
    (re.compile(r"^openai-(?=(gpt|o\d))"), "openai"),
    (re.compile(r"^anthropic-(?=claude)"), "anthropic"),
    (re.compile(r"^alibaba-(?=qwen)"), "qwen"),
    (re.compile(r"^cohere-"), "cohere"),
    (re.compile(r"^zai-(?=glm)"), "zai"),
    (re.compile(r"^meta-textgeneration-(?=llama)"), "meta-llama"),
    (re.compile(r"^meta-(?=llama)"), "meta-llama"),
    (re.compile(r"^nvidia-(?=nemotron)"), "nvidia"),
    (re.compile(r"^gemini-(?=gemma)"), "google"),
    (re.compile(r"^xiaomi-(?=mimo)"), "xiaomi"),
)
# Tags showing a path namespace is whoever quantised the weights, not who made the model.
_QUANT_MARK = re.compile(r"(^|[-_.])(fp8|fp16|bf16|fp4|int8|int4|awq|gguf|nvfp4|mxfp4|mxfp|mtp)([-_.]|$)")
# Derivatives made by someone else from a creator's weights.
_DERIVATIVE_MARK = re.compile(r"abliterated|uncensored")

# Creator inferred from the model name. Order matters: the first match wins.
_NAME_ORGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), org)
    for p, org in (
        (r"nemotron|(^|-)nv-|^nvidia-", "nvidia"),
        (r"sea-lion", "aisingapore"),
        (r"^(hermes|nous-)", "nousresearch"),
        (r"^deepseek", "deepseek"),
        (r"^(gpt-|o\d(-|$)|chatgpt|dall-e|whisper|tts-1|text-embedding-(3|ada)|davinci|babbage|sora-"
         r"|omni-moderation|codex|computer-use|chat-latest$)", "openai"),
        (r"^claude", "anthropic"),
        (r"^(gemini|gemma|codegemma|paligemma|imagen|veo-?\d|lyria|chirp|learnlm|medlm|nano-banana"
         r"|text-embedding-0|text-multilingual-embedding|multimodalembedding|text-unicorn|text-bison"
         r"|chat-bison|semantic-ranker|deep-research|virtual-try-on)", "google"),
        (r"^(llama|codellama|code-llama|llamaguard)", "meta-llama"),
        (r"^(muse-|sam-\d)", "meta"),
        (r"^(mistral|mixtral|ministral|codestral|devstral|magistral|pixtral|voxtral|open-mistral"
         r"|open-mixtral|mathstral|labs-leanstral|mamba-codestral)", "mistralai"),
        (r"^(qwen|qwq|qvq)", "qwen"),
        (r"^wan\d", "wan-ai"),
        (r"^(kimi|moonshot)", "moonshotai"),
        (r"^(glm|chatglm|autoglm|codegeex|cogview|cogvideo)", "z-ai"),
        (r"^(minimax|abab|hailuo)", "minimax"),
        (r"^grok", "x-ai"),
        (r"^(command|c4ai|aya-|embed-(english|multilingual|v[3-9])|rerank-(english|multilingual|v[3-9]))",
         "cohere"),
        (r"^(jamba|j2-)", "ai21"),
        (r"^(phi-|mai-|wizardlm|azure-|doc-intelligence|model-router|trellis)", "microsoft"),
        (r"^jais-", "core42"),
        (r"^granite", "ibm"),
        (r"^(sonar|pplx-|r1-1776)", "perplexity"),
        (r"^voyage", "voyage"),
        (r"^jina", "jina"),
        (r"^(nova-(micro|lite|pro|premier|canvas|reel|sonic|\d[.-]?\d?-?(lite|pro|sonic|omni|multimodal))"
         r"|titan-|polly-)", "amazon"),
        (r"^(stable-|sd3|sdxl|stablecode|japanese-stable)", "stability-ai"),
        (r"^flux[-.](?!realism)", "black-forest-labs"),
        (r"^ideogram", "ideogram"),
        (r"^recraft", "recraft"),
        (r"^(seedream|seedance|doubao|dreamina|seed-\d)", "bytedance"),
        (r"^mimo-", "xiaomi"),
        (r"^ernie", "baidu"),
        (r"^(hunyuan|hy\d)", "tencent"),
        (r"^step-\d", "stepfun"),
        (r"^longcat", "meituan"),
        (r"^ling-", "inclusionai"),
        (r"^kat-", "kwaipilot"),
        (r"^yi-", "01-ai"),
        (r"^olmo", "allenai"),
        (r"^palmyra", "writer"),
        (r"^(pegasus|marengo)", "twelvelabs"),
        (r"^reka-", "reka"),
        (r"^(snowflake-arctic|arctic)", "snowflake"),
        (r"^lfm", "liquid"),
        (r"^(eleven-|scribe-)", "elevenlabs"),
        (r"^bge-", "baai"),
        (r"^(all-mini-?lm|all-mpnet|multi-qa-mini-?lm|multi-qa-mpnet|paraphrase-(multilingual-)?mini-?lm)",
         "sentence-transformers"),
        (r"^e5-", "intfloat"),
        (r"^nomic-", "nomic-ai"),
        (r"^mercury", "inception"),
        (r"^swe-\d", "cognition"),
        (r"^inkling", "thinkingmachines"),
        (r"^beam", "reflection"),
        (r"^cogito", "deepcogito"),
        (r"^dolphin[-\d]", "cognitivecomputations"),  # not NLP Cloud's own "dolphin"
        (r"^chronos-hermes", "austism"),
        (r"^code-?qwen", "qwen"),
        (r"^dobby-", "sentientagi"),
        (r"^openchat", "openchat"),
        (r"^openhermes", "teknium"),
        (r"^phind-", "phind"),
        (r"^pythia-", "eleutherai"),
        (r"^rolm-?ocr", "reducto"),
        (r"^snorkel-", "snorkelai"),
        (r"^toppy-", "undi95"),
        (r"^ssd-1b", "segmind"),
        (r"^openthinker", "open-thoughts"),
        (r"^vicuna", "lmsys"),
        (r"^orca-mini", "pankajmathur"),
        (r"^llava-", "liuhaotian"),
        (r"^gte-", "alibaba-nlp"),
        (r"^dbrx", "databricks"),
        (r"^starcoder", "bigcode"),
        (r"^mythomax", "gryphe"),
        (r"^zephyr", "huggingfaceh4"),
        (r"^internvl", "opengvlab"),
        (r"^internlm", "internlm"),
        (r"^gigachat", "sber"),
        (r"^orpheus", "canopylabs"),
        (r"^(firefunction|fireworks-asr|firesearch)", "fireworks"),
        (r"^v0-", "vercel"),
        (r"^bria-", "bria"),
        (r"^playground-v", "playgroundai"),
    )
)

_DATE8 = re.compile(r"\d{8}")
# A key that names an API operation (``StartTranscriptionJob``) instead of a model.
_API_OPERATION = re.compile(r"^(Start|Create|Invoke|Run|Submit)[A-Z][A-Za-z]*$")
_SHORT_NAME = re.compile(r"^v?\d[\w.]*$")
# First path segments that are part of the product name, not a creator namespace.
_NOT_NAMESPACES = frozenset({"preset", "doc-intelligence"})


@dataclass(frozen=True)
class _Parsed:
    namespace: str | None  # creator namespace named in the key, if any
    model: str  # cleaned, lowercase model id (before org-specific rules)
    bedrock_revision: bool  # the key carried a Bedrock ``:N`` revision suffix
    fine_tuned: bool  # OpenAI ``ft:`` pricing row


def _host_prefix(segment: str, provider: str, host: str) -> bool:
    low = segment.lower()
    return low == provider.lower() or normalize_host(low) == host


def is_host_segment(segment: str) -> bool:
    """True for a path segment that belongs to every host's routing, never to a model (``@cf``, ``workers-ai``)."""
    return segment.strip().lower() in _ALWAYS_DROP


def _drop_segment(seg: str, host: str, next_seg: str | None) -> bool:
    if seg in _ALWAYS_DROP or _REGION_SEGMENT.match(seg) or _COMMITMENT_SEGMENT.match(seg):
        return True
    if _SIZE_SEGMENT.match(seg) or _STEPS_SEGMENT.match(seg):
        return True
    if seg in _QUALITY_WORDS and next_seg is not None and _SIZE_SEGMENT.match(next_seg):
        return True
    if host in ("azure", "azure-ai") and seg in _AZURE_REGIONS and next_seg is not None:
        return True
    return seg in _HOST_SEGMENTS.get(host, frozenset())


def _split_key(key: str, provider: str, host: str) -> _Parsed:
    """Separate host path decorations from the model path; return namespace and model id."""
    text = key.strip()
    fine_tuned = text.lower().startswith("ft:")
    if fine_tuned:
        text = text[3:]
    segments = [s for s in text.split("/") if s.strip()]
    while len(segments) > 1 and _host_prefix(segments[0], provider, host):
        segments = segments[1:]
    kept: list[str] = []
    for i, seg in enumerate(segments):
        low = seg.lower()
        nxt = segments[i + 1].lower() if i + 1 < len(segments) else None
        is_last = i == len(segments) - 1
        if not is_last and _host_prefix(seg, provider, host):
            continue
        if _drop_segment(low, host, nxt) and not (is_last and not kept):
            continue
        if low in _TASK_SEGMENTS and kept:
            continue
        kept.append(seg)
    if not kept:
        kept = segments[-1:] or [text]
    if _API_OPERATION.match(kept[-1]):
        kept = [host]  # transcribe/StartTranscriptionJob prices the host's service itself

    namespace: str | None = None
    if len(kept) >= 2:
        first = kept[0].lower()
        if first not in _NOT_NAMESPACES and (namespace_org(first) is not None or host in HF_STYLE_HOSTS):
            namespace, kept = first, kept[1:]
    model = "-".join(kept).lower()

    # Bedrock / OCI style ``[region.]namespace.model``.
    parts = model.split(".")
    if len(parts) >= 3 and parts[0] in BEDROCK_REGION_PREFIXES and parts[1] in DOTTED_NAMESPACES:
        parts = parts[1:]
    if len(parts) >= 2 and parts[0] in DOTTED_NAMESPACES:
        namespace = namespace or parts[0]
        model = ".".join(parts[1:])
        if parts[0] == "deepseek" and not model.startswith("deepseek"):
            model = "deepseek-" + model
    if model.startswith("system.ai."):  # Databricks system catalog
        model = model[len("system.ai.") :]

    bedrock_revision = False
    model = re.sub(r"^claude-v(\d):(\d)$", r"claude-\1.\2", model)
    if re.search(r"-v0:\d$", model) and (namespace in ("mistral", "mistralai") or "mistral" in model):
        model = re.sub(r"-v0:(\d)$", r"-v0.\1", model)  # Mistral's own v0.2, not a Bedrock revision
    elif re.search(r":\d+$", model):
        bedrock_revision = True
        model = re.sub(r"(?<=\db)-\d+:\d+$", "", model)  # openai.gpt-oss-120b-1:0
        model = re.sub(r":\d+$", "", model)
    elif ":" in model:  # Ollama ``name:tag``
        name, _, tag = model.partition(":")
        tag = re.sub(r"-?cloud$", "", tag)
        model = f"{name}-{tag}" if tag and tag != "latest" else name
    return _Parsed(namespace, model, bedrock_revision, fine_tuned)


# A reseller's own prefix before another creator's model: a plan (``coding-glm-5.3``) or the
# reseller's name (``morph-kimik3``). It is dropped only when what follows names a known creator.
_RESELLER_PLAN_PREFIXES = ("coding-",)
# Squashed spellings resellers use for other creators' models, expanded to the creators' own.
_SQUASHED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ds-?v?(\d)"), r"deepseek-v\1"),
    (re.compile(r"^kimik(\d)"), r"kimi-k\1"),
    (re.compile(r"^glm(\d)(\d)(?!\d)"), r"glm-\1.\2"),
    (re.compile(r"^glm(\d)(?!\d)"), r"glm-\1"),
    (re.compile(r"(?<=-v)(\d)(\d)(?=[a-z-]|$)"), r"\1.\2"),  # v41 → v4.1
    (re.compile(r"(?<=\d)(flash|pro|lite|mini|air|fast|max|turbo)\b"), r"-\1"),  # 5.3flash → 5.3-flash
)


def _names_creator(model: str) -> bool:
    return any(p.search(model) for p, _ in _NAME_ORGS) or any(p.search(model) for p, _ in _NAME_PREFIXES)


def _strip_reseller(s: str, host: str) -> str:
    """Drop a plan prefix before a known creator's model, or the host's own name before a squashed one.

    ``snowflake-llama-3.3-70b`` keeps its prefix: a host's name before a model spelled in full names
    the host's own derivative, not a resale.
    """
    for prefix in _RESELLER_PLAN_PREFIXES:
        if s.startswith(prefix) and _names_creator(s[len(prefix) :]):
            return s[len(prefix) :]
    prefix = f"{host}-"
    if s.startswith(prefix) and len(s) > len(prefix):
        rest = s[len(prefix) :]
        expanded = rest
        for pattern, repl in _SQUASHED:
            expanded = pattern.sub(repl, expanded)
        if expanded != rest and _names_creator(expanded):
            return expanded
    return s


def _generic_clean(model: str, host: str) -> tuple[str, str | None]:
    """Normalisations that hold for every creator; returns the model and a namespace hint."""
    s = model
    hint: str | None = None
    s = re.sub(r"@(\d{8})$", r"-\1", s)  # vertex claude@20240620
    s = re.sub(r"@(\d{4})(?:-\d{3})?$", r"-\1", s)  # vertex mistral-large@2411-001
    s = re.sub(r"@(\d{3}|latest|default)$", "", s)
    s = s.replace("@", "-")
    s = re.sub(r"(\d)_(\d)", r"\1.\2", s)  # Llama-3_1, eleven_v2_5
    s = s.replace("_", "-").replace(" ", "-")
    if host == "fireworks":
        s = re.sub(r"(\d)p(\d)", r"\1.\2", s)  # llama-v3p1 → llama-v3.1
        s = re.sub(r"^spot-", "", s)
        s = re.sub(r"-(us|spot)$", "", s)  # region / spot capacity tiers of one deployment
    s = re.sub(r"-v-(\d)", r"-v\1", s)
    s = re.sub(r"(?<![\d.])(\d)-(\d{1,2})(?![\da-z.])", r"\1.\2", s)  # gpt-5-4-mini → gpt-5.4-mini
    s = re.sub(r"(?<![\d.])(\d)-(\d{1,2})(?![\da-z.])", r"\1.\2", s)
    s = re.sub(r"-0-(\d+b)\b", r"-0.\1", s)  # qwen3-embedding-0-6b
    s = re.sub(r"(?<![\d.])(\d)\.(\d{1,2})-(\d)(?=-[a-z])", r"\1.\2.\3", s)  # dolphin-2-9-2-qwen2 → 2.9.2
    s = _strip_reseller(s, host)
    for pattern, namespace in _NAME_PREFIXES:
        if pattern.search(s):
            s = pattern.sub("", s)
            hint = hint or namespace
    tokens = [t for t in s.split("-") if t]
    if len(tokens) >= 3 and tokens[-2:] == ["fp8", "fast"]:
        tokens = tokens[:-2]
    while len(tokens) > 1 and (tokens[-1] in _QUANT_TOKENS or re.fullmatch(r"q\d(\.\d)?", tokens[-1])):
        tokens.pop()
    while len(tokens) > 1 and tokens[-1] == "dynamic" and tokens[-2] in _QUANT_TOKENS:
        tokens = tokens[:-2]
    if len(tokens) > 1 and tokens[-2:] == ["instruct", "turbo"]:
        tokens.pop()  # together/deepinfra quantised serving of the instruct model
    kept = [t for t in tokens if t != "latest"]
    if kept and kept != ["chat"] and kept != ["gpt", "chat"]:
        tokens = kept
    return "-".join(tokens), hint


# ---------------------------------------------------------------------------------------------
# Creator-specific spellings.

_CLAUDE_TIER = re.compile(r"^claude-(\d+(?:[.-]\d+)?)-(opus|sonnet|haiku|fable|mythos)(.*)$")
_CLAUDE_TIER_FIRST = re.compile(r"^claude-(opus|sonnet|haiku|fable|mythos)-(\d+(?:[.-]\d+)?)(.*)$")


def _canon_anthropic(s: str, revision: bool) -> str:
    s = re.sub(r"^claude-instant-v(\d)$", r"claude-instant-\1", s)
    s = re.sub(r"^claude-v(\d)$", r"claude-\1", s)
    m = _CLAUDE_TIER.match(s) or _CLAUDE_TIER_FIRST.match(s)
    if m:
        if _CLAUDE_TIER.match(s):
            ver, tier, rest = m.group(1), m.group(2), m.group(3)
        else:
            tier, ver, rest = m.group(1), m.group(2), m.group(3)
        ver = ver.replace(".", "-")
        # Anthropic names 4.x and later tier-first (claude-sonnet-4-5), 3.x version-first.
        s = f"claude-{tier}-{ver}{rest}" if int(ver.split("-")[0]) >= 4 else f"claude-{ver}-{tier}{rest}"
        s = re.sub(r"-v\d+$", "", s)  # Bedrock revision (…-20240620-v1, claude-opus-4-6-v1)
    return s


def _canon_openai(s: str) -> str:
    s = re.sub(r"^gpt-4-o(?=-|$)", "gpt-4o", s)  # GitHub Copilot's gpt-4-o-preview
    s = re.sub(r"^gpt-35-", "gpt-3.5-", s)
    s = re.sub(r"^gpt-35$", "gpt-3.5", s)
    s = re.sub(r"^(sora-\d+(?:-pro)?)-high-res$", r"\1", s)  # resolution tier of one model
    return s


def _canon_google(s: str) -> str:
    s = re.sub(r"^(gemma|codegemma)(\d)", r"\1-\2", s)
    s = re.sub(r"^veo(\d)", r"veo-\1", s)
    s = re.sub(r"^gemini-(\d)(\d)-", r"gemini-\1.\2-", s)  # fal: gemini-25-flash-image
    return s


# Releases published only as an instruction-tuned model, under their full names (total and active
# parameters, ``-instruct``). A host id that drops the suffix or the active-parameter count
# (``qwen3-coder:480b``, ``meta/llama-3.3-70b``) names the same release; no base model exists to
# confuse it with. Qwen's 2507 updates were published as an Instruct and a Thinking model only, so an
# id naming neither (Bedrock's ``qwen3-235b-a22b-2507``) is the Instruct one; Qwen3-Next also has a
# Base release, which is not served for chat, so a host's unsuffixed ``qwen3-next-80b-a3b`` chat
# model is the Instruct one too. Source: the creators' model cards (Meta Llama 3.3, Qwen3-Coder, Qwen3-2507,
# Qwen3-Next, Kimi K2 0905).
_INSTRUCT_ONLY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^llama-3\.3-70b(-instruct)?$"), "llama-3.3-70b-instruct"),
    (re.compile(r"^qwen3-coder-480b(-a35b)?(-instruct)?$"), "qwen3-coder-480b-a35b-instruct"),
    (re.compile(r"^qwen3-coder-30b(-a3b)?(-instruct)?$"), "qwen3-coder-30b-a3b-instruct"),
    (re.compile(r"^kimi-k2(-instruct)?-0905$"), "kimi-k2-instruct-0905"),
    (re.compile(r"^(qwen3-\d+b-a\d+b)(-instruct)?-2507$"), r"\1-instruct-2507"),
    (re.compile(r"^qwen3-next-80b-a3b(-instruct)?$"), "qwen3-next-80b-a3b-instruct"),
)


def _instruct_only(s: str) -> str:
    for pattern, full in _INSTRUCT_ONLY:
        if pattern.match(s):
            return pattern.sub(full, s)
    return s


# Creators that publish open weights under their release names and sell no "-fast" model of their
# own: a host's ``-fast`` after such a model (Baseten's DeepSeek-V4.1-Flash-1017-Fast, Fireworks'
# glm-5p1-fast) is its faster serving tier of the same weights. Creators that do name models
# "fast" (xAI's grok-3-fast, Cohere's rerank-v4.0-fast, Google's imagen fast) are not listed.
_SERVING_TIER_ORGS = frozenset({"deepseek", "z-ai", "moonshotai", "meta-llama", "qwen", "inclusionai"})
_SERVING_TIER = re.compile(r"-fast$")


def _serving_tier(org: str, s: str, host: str) -> str:
    if org in _SERVING_TIER_ORGS and host_creator(host) != org and _SERVING_TIER.search(s):
        return _SERVING_TIER.sub("", s)
    return s


# An image or video host that puts the output word and a "v" between the brand and the version
# (Tencent's ``seedream-image-v5.0-pro`` for ByteDance's Seedream 5.0 Pro): the word repeats the
# record's mode and the "v" is the host's, so both go. Embedding ids (``titan-embed-image-v1``) keep
# theirs: there the word says what is embedded.
_MODE_WORD = {"image_generation": "image", "image_edit": "image", "video_generation": "video"}


def _mode_word(s: str, mode: str | None) -> str:
    word = _MODE_WORD.get(mode or "")
    if word is None:
        return s
    return re.sub(rf"^([a-z][a-z0-9]*)-{word}-v(\d)", r"\1-\2", s)


_MAVERICK = re.compile(r"^llama-?4-maverick")
_SCOUT = re.compile(r"^llama-?4-scout")


def _canon_llama(s: str) -> str:
    s = re.sub(r"^code-llama", "codellama", s)
    s = re.sub(r"^llamaguard", "llama-guard", s)
    s = re.sub(r"^llama-?v?(\d)", r"llama-\1", s)
    # Meta released one Llama 4 Maverick (17B, 128 experts) and one Scout (17B, 16 experts).
    if _MAVERICK.match(s) and not re.search(r"-base$", s):
        return "llama-4-maverick-17b-128e-instruct"
    if _SCOUT.match(s) and not re.search(r"-base$", s):
        return "llama-4-scout-17b-16e-instruct"
    # Llama 3.2 ships 11B and 90B only as vision models; 405B exists only from Llama 3.1 on.
    s = re.sub(r"^llama-3\.2-(11b|90b)-instruct$", r"llama-3.2-\1-vision-instruct", s)
    return _instruct_only(re.sub(r"^llama-3-405b", "llama-3.1-405b", s))


def _canon_mistral(s: str, revision: bool) -> str:
    if s in ("mistral-nemo", "open-mistral-nemo", "mistral-nemo-2407", "mistral-nemo-instruct-2407"):
        return "mistral-nemo"  # one Mistral NeMo instruct release, many spellings
    s = re.sub(r"-(\d{4})-00\d$", r"-\1", s)  # vertex revision after the date
    s = re.sub(r"-instruct-(\d{4})$", r"-\1", s)  # HF name of the API model
    s = re.sub(r"-(\d{4})-v\d+$", r"-\1", s)  # Bedrock revision after the date
    s = re.sub(r"-(\d+)\.0$", r"-\1", s)  # mistral-ocr-3-0 == mistral-ocr-3
    return s


_KEEP_V_SUFFIX = re.compile(
    r"(titan-embed-text|titan-embed-image|titan-image-generator|embed|embed-english|embed-multilingual"
    r"|rerank|multimodal-embeddings|command-text|command-light-text|titan-text-express|titan-text-lite)-v\d+$"
)


def _canon_bedrock_revision(org: str, s: str, revision: bool) -> str:
    """Drop Bedrock's ``-vN`` model revision where N is not part of the model's own name."""
    if org == "amazon":
        s = re.sub(r"^(nova-.+|titan-text-(express|lite|premier))-v1$", r"\1", s)
    if revision and re.search(r"-v\d+$", s) and not _KEEP_V_SUFFIX.search(s):
        s = re.sub(r"-v\d+$", "", s)
    elif org in ("meta-llama", "ai21", "deepseek", "writer", "twelvelabs") and re.search(r"-v1$", s):
        s = re.sub(r"-v1$", "", s)
    return s


_STABILITY_ALIASES = {
    "stable-image-inpaint": "inpaint",
    "stable-outpaint": "outpaint",
    "stable-image-erase-object": "erase",
    "stable-image-remove-background": "remove-background",
    "stable-image-search-recolor": "search-and-recolor",
    "stable-image-search-replace": "search-and-replace",
    "stable-image-style-guide": "style-guide",
    "style": "style-guide",
    "stable-style-transfer": "style-transfer",
    "stable-image-control-sketch": "sketch",
    "stable-image-control-structure": "structure",
    "stable-conservative-upscale": "conservative-upscale",
    "stable-creative-upscale": "creative-upscale",
    "stable-fast-upscale": "fast-upscale",
    "conservative": "conservative-upscale",
    "creative": "creative-upscale",
    "fast": "fast-upscale",
}


def _canon_stability(s: str) -> str:
    s = re.sub(r"^stable-diffusion-v3(\d)-", r"sd3.\1-", s)
    # SDXL 1.0: Bedrock's stable-diffusion-xl-v1, the 1024 px release name, Stability's base-1.0 repo.
    s = re.sub(r"^stable-diffusion-xl-(?:base-|1024-)?v?1(?:\.0)?$", "stable-diffusion-xl-base-1.0", s)
    return _STABILITY_ALIASES.get(s, s)


def _canon_flux(s: str) -> str:
    s = re.sub(r"^flux[.-]1-(?=[a-z])", "flux-", s)  # FLUX.1 [dev] → flux-dev
    s = re.sub(r"^flux\.(\d)-", r"flux-\1-", s)  # FLUX.2 [pro] → flux-2-pro
    s = re.sub(r"^flux-pro-v?1\.1(-ultra)?$", r"flux-1.1-pro\1", s)  # FLUX1.1 [pro] (Ultra)
    return s


def _canon_cohere(s: str) -> str:
    if s.startswith(("embed", "rerank", "parse")):
        s = re.sub(r"-v(\d+)(?=-|$)", r"-v\1.0", s)  # embed-v4 → embed-v4.0
        s = re.sub(r"^(embed|rerank)-v(\d+\.\d+)-(english|multilingual)$", r"\1-\3-v\2", s)
    return s


def _canon_org_model(org: str, s: str, revision: bool, host: str) -> str:
    if org == "anthropic":
        return _canon_anthropic(s, revision)
    s = _canon_bedrock_revision(org, s, revision)
    if org == "openai":
        if host in ("azure", "azure-ai") and s == "whisper":
            return "whisper-1"  # Azure OpenAI deploys OpenAI's whisper-1 API model as "whisper"
        return _canon_openai(s)
    if org == "google":
        return _canon_google(s)
    if org in ("meta-llama", "nvidia", "nousresearch"):
        return _canon_llama(s) if org == "meta-llama" else re.sub(r"llama-?v?(\d)", r"llama-\1", s)
    if org == "mistralai":
        return _canon_mistral(s, revision)
    if org == "stability-ai":
        return _canon_stability(s)
    if org == "black-forest-labs":
        return _canon_flux(s)
    if org == "cohere":
        return _canon_cohere(s)
    if org == "qwen":
        s = re.sub(r"^code-qwen-(?=\d)", "codeqwen", s)  # CodeQwen1.5-7B
        s = re.sub(r"^qwen-?v?(\d)(?=[.\d-])", r"qwen\1", s)
        return _instruct_only(re.sub(r"^qwen(\d)(\d)-", r"qwen\1.\2-", s))  # qwen25-coder → qwen2.5-coder
    if org == "bytedance":
        m = re.match(r"^seedance-?(\d)(\.\d)?(?=-|$)", s)
        if m:
            s = f"seedance-{m.group(1)}{m.group(2) or '.0'}" + s[m.end() :]
        return s
    if org == "sentence-transformers":
        return s.replace("mini-lm", "minilm")  # DigitalOcean's all-mini-lm-l6-v2 is all-MiniLM-L6-v2
    if org == "baidu":
        return re.sub(r"-(pt|paddle)$", "", s)  # PyTorch / PaddlePaddle copies of one release
    if org == "recraft":
        return re.sub(r"^recraftv(\d)", r"recraft-v\1", s)
    if org == "moonshotai":
        return _instruct_only(s)
    if org == "sao10k":
        return re.sub(r"^l(\d)(\d)-", r"l\1.\2-", s)  # l31-70b-euryale → L3.1-70B-Euryale
    if org == "minimax" and re.match(r"^[hm]\d", s):
        return "minimax-" + s  # MiniMax names its models MiniMax-M2, MiniMax-H3
    if org == "amazon" and host == "aws-polly" and not s.startswith("polly-"):
        return "polly-" + s
    return s


# A creator's model-card page (``docs.mistral.ai/models/model-cards/mistral-medium-3-5-26-04``),
# with the card's ``-yy-mm`` release stamp.
_MODEL_CARD_URL = re.compile(r"/model-cards/([a-z0-9][a-z0-9-]*?)(?:-\d{2}-\d{2})?/?$")


def _model_card_model(record: dict[str, Any], model: str, org: str, host: str) -> str:
    """The model a product alias stands for, when the record's own model card names it.

    ``mistral-vibe-cli-latest`` is a product name with no version; its record's source is the model
    card of Mistral Medium 3.5, so the alias is an offer of that model. A key that already names a
    model (a version, a size, or a name word the card shares) keeps its own name.
    """
    url = record.get("source")
    if not isinstance(url, str) or re.search(r"\d", model):
        return model
    m = _MODEL_CARD_URL.search(url.strip().lower())
    if not m:
        return model
    card = _canon_org_model(org, _generic_clean(m.group(1), host)[0], False, host)
    mine, theirs = model.split("-"), card.split("-")
    shared = set(mine) & set(theirs)
    if shared - {theirs[0]} or (shared and mine[0] != theirs[0]):
        return model
    return card


def _infer_org(model: str, namespace: str | None, host: str, quantised: bool = False) -> tuple[str, str]:
    """Return (organization, how) where how is name, namespace, host-creator or host.

    A path namespace that is not a known creator (``aisingapore/gemma-sea-lion``,
    ``salesforce/llama-rank``) names a fine-tuner and wins over the name, unless the name carries a
    quantisation tag: then the namespace only re-packaged the creator's weights.
    """
    if namespace and namespace_org(namespace) is None and not quantised:
        part = slug_part(namespace)
        if part and normalize_host(part) != host:
            return part, "namespace"
    derivative = bool(_DERIVATIVE_MARK.search(model))
    for pattern, org in () if derivative else _NAME_ORGS:
        if pattern.search(model):
            # Deepgram's own Nova models share a prefix with Amazon Nova.
            if org == "amazon" and host == "deepgram":
                continue
            return org, "name"
    if namespace:
        known = namespace_org(namespace)
        if known:
            return known, "namespace"
        part = slug_part(namespace)
        if part and normalize_host(part) != host:
            return part, "namespace"
    creator = host_creator(host)
    if creator:
        return creator, "host-creator"
    return host, "host"


# ---------------------------------------------------------------------------------------------
# Display name and family.

_BRANDS = {
    "gpt": "GPT", "claude": "Claude", "gemini": "Gemini", "gemma": "Gemma", "llama": "Llama",
    "codellama": "CodeLlama", "qwen": "Qwen", "qwq": "QwQ", "deepseek": "DeepSeek", "glm": "GLM",
    "kimi": "Kimi", "minimax": "MiniMax", "grok": "Grok", "flux": "FLUX", "dall": "DALL",
    "mistral": "Mistral", "mixtral": "Mixtral", "ministral": "Ministral", "phi": "Phi",
    "nemotron": "Nemotron", "sd3": "SD3", "sd3.5": "SD3.5", "tts": "TTS", "ocr": "OCR", "vl": "VL",
    "it": "IT", "moe": "MoE", "hd": "HD", "api": "API", "oss": "OSS",
}  # fmt: skip
_KEEP_CASE = re.compile(r"^(v?\d+(\.\d+)*[a-z]?|\d+x\d+b|a\d+b|\d+k)$")
# Model ids that say what a product does rather than name it ("search", "inpaint"): the display
# name then starts with the organization ("Tavily Search").
_GENERIC_HEADS = frozenset(
    {"search", "deep", "chat", "auto", "base", "best", "nano", "enhanced", "standard", "neural", "generative",
     "long", "preset", "parse", "classify", "compress", "extract", "summarize", "english", "multilingual",
     "container", "embeddings", "inpaint", "outpaint", "erase", "sketch", "structure", "style",
     "conservative", "creative", "fast", "remove", "replace", "diarize", "redact", "keyterm", "detect",
     "rerank", "embed"}
)  # fmt: skip
_ORG_NAMES = {"openai": "OpenAI", "stability-ai": "Stability AI", "x-ai": "xAI", "z-ai": "Z.ai",
              "assemblyai": "AssemblyAI", "deepgram": "Deepgram", "perplexity": "Perplexity"}  # fmt: skip


def _display_name(model: str, org: str | None = None) -> str:
    words: list[str] = []
    if model.startswith("claude-"):
        model = re.sub(r"(?<=-)(\d)-(\d)(?=-|$)", r"\1.\2", model)  # claude-haiku-4-5 → Haiku 4.5
    if org and model.split("-")[0] in _GENERIC_HEADS:
        words.append(_ORG_NAMES.get(org, org.replace("-", " ").title()))
    for tok in model.split("-"):
        if tok in _BRANDS:
            words.append(_BRANDS[tok])
        elif re.fullmatch(r"\d+(\.\d+)?[bmt]", tok):
            words.append(tok.upper())  # parameter counts: 70B, 1.5B
        elif re.fullmatch(r"\d+x\d+b|a\d+b|\d+e", tok):
            words.append(tok.upper())
        elif _KEEP_CASE.match(tok) or not tok[:1].isalpha():
            words.append(tok)
        else:
            words.append(tok[:1].upper() + tok[1:])
    name = " ".join(words)
    # Brand and version read as one word: "GPT-4o", "Llama-3.1".
    return re.sub(r"^(GPT|DALL|o\d) (\S)", r"\1-\2", name) if name else model


def _family(org: str | None, model: str) -> str | None:
    if model.startswith("claude"):
        m = re.search(r"(opus|sonnet|haiku|instant)", model)
        return f"claude-{m.group(1)}" if m else "claude"
    m = re.match(r"^((?:dall-e|[a-z]+)(?:-(?:image|embedding|oss|guard))?)(-?v?\d+(?:\.\d+)?[a-z]?)?", model)
    if not m:
        return None
    family = m.group(0).rstrip("-.")
    # A bare word that is the whole id ("search") names no family.
    return None if not family or (family == model and not any(c.isdigit() for c in family)) else family


# ---------------------------------------------------------------------------------------------


def _fallback_model_part(key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"unnamed-{digest}"


def resolve_with_provenance(key: str, record: dict[str, Any] | None) -> tuple[Identity, str]:
    """Resolve a key like :func:`resolve_identity`, also saying how the organization was found.

    The second value is ``name`` (model-name pattern), ``namespace`` (creator namespace in the
    key), ``host-creator`` (the host made the model) or ``host`` (unknown creator: host name used).
    """
    rec = record if isinstance(record, dict) else {}
    provider = rec.get("litellm_provider")
    provider = provider if isinstance(provider, str) else ""
    host = normalize_host(provider)
    try:
        parsed = _split_key(key, provider, host)
        model, hint = _generic_clean(parsed.model, host)
        quantised = bool(_QUANT_MARK.search(parsed.model))
        org, how = _infer_org(model, parsed.namespace or hint, host, quantised)
        model = _canon_org_model(org, model, parsed.bedrock_revision, host)
        model = _serving_tier(org, _mode_word(model, rec.get("mode") if isinstance(rec.get("mode"), str) else None),
                              host)
        model = _model_card_model(rec, model, org, host)
        if parsed.namespace and _SHORT_NAME.match(model):
            model = f"{parsed.namespace}-{model}"  # fal minimax/h3, ideogram/v3
        if parsed.fine_tuned:
            model = f"ft-{model}"
    except Exception:  # a malformed key must still yield a valid slug under its host
        org, how, model = host, "host", ""
    model_part = slug_part(model) or _fallback_model_part(key)
    org_part = slug_part(org) or "unknown"
    slug = f"{org_part}/{model_part}"
    if not is_valid_slug(slug):
        slug = f"{org_part}/{_fallback_model_part(key)}"
    host_key = _host_key(key, provider, host)
    identity = Identity(
        slug=slug,
        name=_display_name(model_part, org_part),
        organization=org_part if org_part != "unknown" else None,
        host=host,
        host_key=host_key,
        family=_family(org_part, model_part),
    )
    return identity, how


def _host_key(key: str, provider: str, host: str) -> str:
    head, sep, tail = key.partition("/")
    if sep and tail and _host_prefix(head, provider, host):
        return tail
    return key


def resolve_identity(key: str, record: dict[str, Any] | None) -> Identity:
    """Resolve a LiteLLM key and its record to the identity of the artifact it offers.

    The slug is ``organization/model-id``; the same model served by different hosts resolves to
    the same slug. Never raises: an unreadable key still gets a valid slug under its host.
    """
    return resolve_with_provenance(key, record)[0]


# ---------------------------------------------------------------------------------------------


@dataclass
class GroupingReport:
    """How the records of one LiteLLM database group into artifacts."""

    kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason → count
    groups: dict[str, list[str]] = field(default_factory=dict)  # slug → keys, every kept record
    organization_sources: dict[str, int] = field(default_factory=dict)  # how → records

    @property
    def merged(self) -> dict[str, list[str]]:
        """Slugs with more than one record."""
        return {s: k for s, k in self.groups.items() if len(k) > 1}

    @property
    def singletons(self) -> list[str]:
        """Slugs with exactly one record."""
        return sorted(s for s, k in self.groups.items() if len(k) == 1)

    @property
    def fallback_count(self) -> int:
        """Records whose organization came from the host rather than the model name or path."""
        return self.organization_sources.get("host-creator", 0) + self.organization_sources.get("host", 0)

    def to_markdown(self, top: int = 40) -> str:
        """Readable summary: counts, organization sources, largest groups, skip reasons."""
        merged = sorted(self.merged.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        lines = [
            "# LiteLLM grouping report",
            "",
            f"- records kept: {self.kept}",
            f"- records skipped: {sum(self.skipped.values())}",
            f"- distinct slugs: {len(self.groups)}",
            f"- merged slugs (2+ records): {len(merged)}",
            f"- singleton slugs: {len(self.singletons)}",
            f"- organization from host (fallback): {self.fallback_count}",
            "",
            "## Organization source",
            "",
        ]
        lines += [f"- {how}: {n}" for how, n in sorted(self.organization_sources.items())]
        lines += ["", "## Skipped", ""]
        lines += [f"- {reason}: {n}" for reason, n in sorted(self.skipped.items(), key=lambda kv: -kv[1])]
        lines += ["", f"## Largest groups (top {top})", ""]
        lines += ["| slug | records | keys (first 3) |", "|---|---|---|"]
        for slug, keys in merged[:top]:
            sample = ", ".join(f"`{k}`" for k in keys[:3])
            lines.append(f"| `{slug}` | {len(keys)} | {sample} |")
        return "\n".join(lines) + "\n"


def grouping_report(records: dict[str, Any]) -> GroupingReport:
    """Resolve every record of a LiteLLM database and report how they group into slugs."""
    report = GroupingReport()
    skipped: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for key, record in records.items():
        reason = skip_reason(key, record)
        if reason is not None:
            skipped[reason] += 1
            continue
        identity, how = resolve_with_provenance(key, record)
        report.groups.setdefault(identity.slug, []).append(key)
        sources[how] += 1
        report.kept += 1
    report.skipped = dict(skipped)
    report.organization_sources = dict(sources)
    return report
