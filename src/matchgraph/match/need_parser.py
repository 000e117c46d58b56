"""Read a typed need into hard constraints, soft preferences and leftover text.

``parse_need("cheap model that reads invoices and returns JSON, 128K context")`` gives
``cheapest=True``, ``capabilities=(vision.ocr, json-mode)``, ``input_modalities=("image",)``,
``min_context=128000`` and ``soft_text="model"``.

Reading rules (each is a decision the filter and scorer rely on):

- Hard vs soft: capabilities that catalog sources declare as flags or modes (vision, OCR, PDFs,
  JSON mode/schema, tool calling, audio, image and video generation, embeddings, reranking,
  moderation, caching, batch, streaming, seed, fine-tuning, extended thinking) are hard
  ``capabilities``. Quality-type capabilities (coding, math, creative writing, summarisation,
  reasoning quality, chat, languages, domains) go to ``Need.preferences`` and only steer scoring.
- "returns JSON" / "JSON mode" → ``json-mode`` (the weaker guarantee, so it does not exclude models
  that only lack schema enforcement); "JSON schema", "matching my schema", "structured output",
  "strict JSON" → ``json-schema``.
- "reasoning model", "thinks step by step", "chain of thought", "extended thinking" → the hard
  ``text.reasoning.extended-thinking`` (a declared flag); "good at reasoning" is a preference.
- Prices: a token price without "input"/"output" is an input-price ceiling. A price with a
  comparator ("under $1") but no unit is per 1M input tokens, or per image when the need asks for
  image output; a price with a unit but no comparator ("$2 per 1M output tokens") is a ceiling.
  Floors ("at least $10") are not filters but are checked against other requirements.
- Context: "128K context", "200k", "1M tokens", "at least 32,000 tokens" → ``min_context``
  (k = 1,000). "long context" without a number is a preference for the 128K tier, not a filter.
  A numeric context also adds the matching long-context tier as a preference (the hard filter is
  ``min_context``; the tier URI would only repeat it with a coarser threshold).
- "cheap"/"budget"/"affordable" without a number → ``cheapest=True`` (a preference, not a ceiling).
- Organizations and hosts are read only after cue words: "from/by X", "X models" (creator);
  "on/via/through/available on X" (host); "not/no/except/excluding X" (exclusion). A bare name
  ("like Claude") stays in the soft text.
- Negation ("no vision needed", "without images", "don't need tool calling") records the
  capability in ``Need.not_needed`` instead of requiring it.

Only the first :data:`MAX_PARSE_CHARS` characters are parsed (``notes`` says so when text is cut),
and at most :data:`MAX_HITS` matches of each pattern are examined, so work is bounded for any input.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import islice

from matchgraph.match.need import MODALITIES, Constraints, Need, Understood
from matchgraph.match.units import (
    NUM,
    SCALE,
    WORD_NUM,
    number_value,
    per_million_tokens,
    scale_value,
    to_usd,
    token_count,
)

MAX_PARSE_CHARS = 2000
# Matches examined per pattern; repeats beyond this add nothing and would only cost time.
MAX_HITS = 48

_C = "capability://"

# --------------------------------------------------------------------------------------------
# Prices
# --------------------------------------------------------------------------------------------


# One USD amount in any common spelling: $1, US$1, 1$, 1 usd, USD 1, 50 cents, 50c/M, 2¢, ¢2, fifty cents.
_PRICE_RE = re.compile(
    rf"(?:(?:us\s?)?\$\s?(?P<d1>{NUM})"
    rf"|(?P<d2>{NUM})\s?(?:\$|usd\b|us\s+dollars?\b|dollars?\b|bucks?\b)"
    rf"|usd\s?(?P<d3>{NUM})"
    rf"|(?P<c1>{NUM})\s?(?:¢|cents?\b|c\b(?=\s*(?:/|per\b|an?\b|each\b)))"
    rf"|¢\s?(?P<c2>{NUM})"
    rf"|(?P<w1>{WORD_NUM})\s(?:dollars?|bucks?|usd)\b"
    rf"|(?P<w2>{WORD_NUM})\s(?:cents?|penny|pennies)\b)"
)
_AMOUNT_GROUPS = (("d1", "$"), ("d2", "$"), ("d3", "$"), ("w1", "$"), ("c1", "¢"), ("c2", "¢"), ("w2", "¢"))


def _amount_usd(m: re.Match[str]) -> float | None:
    for name, unit in _AMOUNT_GROUPS:
        raw = m.group(name)
        if raw is not None:
            value = number_value(raw)
            return None if value is None else to_usd(value, unit)
    return None


_PAIR_RE = re.compile(
    rf"(?:us\s?)?\$\s?(?P<pa>{NUM})\s*/\s*(?:us\s?)?\$\s?(?P<pb>{NUM})"
)
_IMAGE_UNIT = (r"(?:(?:generated|output)\s+)?(?:images?|pictures?|pics?|imgs?|photos?|generations?|"
               r"illustrations?|renders?|logos?)\b")
_PER_RE = re.compile(
    r"\s*(?P<per>/|per\b|an?\b|each\b|for\s+(?:an?|each|every|one)\b|every\b)\s*"
    rf"(?:(?P<img>{_IMAGE_UNIT})"
    rf"|(?P<qn>{NUM}|one\b)?\s?(?P<qs>{SCALE})?(?:\s*(?P<qq>input|output|prompt|completion)\b)?"
    r"(?:\s*(?P<tok>tokens?\b|toks?\b))?)",
)
_PER_TIME_RE = re.compile(
    r"\s*(?:/|per\b|an?\b|each\b|every\b)\s*(?P<unit>months?|mo|years?|yr|days?|weeks?|hours?|hrs?|h|"
    r"minutes?|mins?|seconds?|secs?|s|requests?|reqs?|calls?|quer(?:y|ies)|seats?|users?|characters?|"
    r"chars?|pages?)\b",
)
_POST_QUAL_RE = re.compile(
    r"\s*(?:of\s+|for\s+)?(?:(?P<both>input\s*(?:and|&|/|\+)\s*output|in\s*(?:and|&|/)\s*out)\b"
    r"|(?P<q>input|output|prompt|completion)\b|(?P<short>in|out)(?=\s*(?:[,;/)&+]|and\b|$)))"
    r"(?:\s+tokens?\b)?",
)
_POST_CMP_RE = re.compile(
    r"\s*(?:(?P<ceil>or\s+(?:less|lower|cheaper|under|below)|max(?:imum)?|at\s+most|tops)"
    r"|(?P<floor>or\s+(?:more|higher|above)|at\s+least|minimum))\b",
)
_PRE_CMP_RE = re.compile(
    r"(?:\b(?P<ceil>under|below|beneath|less\s+than|lower\s+than|cheaper\s+than|at\s+most|"
    r"max(?:imum)?(?:\s+(?:of|price|cost))?|up\s+to|no\s+more\s+than|not\s+more\s+than|"
    r"not\s+(?:over|above)|no\s+(?:higher|greater)\s+than|within|budget(?:\s+(?:of|is))?|"
    r"capped\s+at|cap(?:\s+of)?|limit(?:\s+of)?|ceiling(?:\s+of)?)"
    r"|\b(?P<floor>at\s+least|min(?:imum)?|more\s+than|over|above|greater\s+than|no\s+less\s+than|"
    r"not\s+less\s+than|starting\s+(?:at|from))"
    r"|(?P<sym_ceil><=|=<|≤|⩽|<)|(?P<sym_floor>>=|≥|⩾|>)"
    r"|\b(?P<neutral>at|for|costs?|costing|priced\s+at|around|about)|(?P<approx>~|≈|=))"
    r"\s*[:=]?\s*$",
)
_PRE_QUAL_RE = re.compile(
    r"(?:\b(?P<q>input|prompt|output|completion)|\b(?P<img>images?|pictures?|photos?))"
    r"(?:\s+(?:tokens?|generation))?(?:\s+(?:price|prices|pricing|cost|costs|rate|rates))?"
    r"(?:\s*(?:[:=]|\bis\b|\bare\b|\bshould\s+be\b|\bmust\s+be\b))?\s*$",
)
_PRICE_WORD_RE = re.compile(r"price|pricing|cost|rate|[:=]")
_FOREIGN_MONEY_RE = re.compile(rf"(?:[€£]\s?{NUM}|{NUM}\s?(?:€|£|eur\b|euros?\b|gbp\b))")

# --------------------------------------------------------------------------------------------
# Context windows
# --------------------------------------------------------------------------------------------

_CTX_NUM = rf"(?P<n>{NUM}|{WORD_NUM})\s?(?P<s>{SCALE})?(?P<plus>\+)?"
_MIN_CMP = (r"(?:at\s+least|min(?:imum)?(?:\s+of)?|>=|≥|⩾|>|over|more\s+than|above|upwards\s+of|"
            r"no\s+less\s+than|up\s+to)")
_CONTEXT_WORD = r"(?:context|ctx|window)(?:[\s-]*(?:windows?|lengths?|size|limit))?"
# (pattern, guarded): guarded patterns lack the word "context", so output sizes and volumes are skipped
_CTX_RES: tuple[tuple[re.Pattern[str], bool], ...] = (
    # "128K context", "1 million token context window", "200k tokens of context"
    (re.compile(
        rf"(?:{_MIN_CMP}\s*)?{_CTX_NUM}\s*-?\s*(?:tokens?\s*-?\s*(?:of\s+)?|toks?\s+)?(?:input\s+)?"
        rf"{_CONTEXT_WORD}"
    ), False),
    # "context window of at least 1M", "context: 128k tokens"
    (re.compile(
        rf"\b{_CONTEXT_WORD}\s*(?:(?:of|is|:|=|must\s+be|should\s+be|needs?\s+to\s+be|needed|required|"
        rf"{_MIN_CMP})\s*){{0,3}}{_CTX_NUM}(?:\s*(?:tokens?|toks?)\b)?"
    ), False),
    # "million-token context", "million token window" (no number: one million)
    (re.compile(rf"(?<![\w$])(?P<s>million|thousand)[\s-]+tokens?[\s-]+{_CONTEXT_WORD}"), False),
    # "at least 32,000 tokens", "1M tokens"
    (re.compile(rf"(?:{_MIN_CMP}\s*)?{_CTX_NUM}\s*(?:tokens?|toks?)\b"), True),
)
# A bare "200k": only k/M scales, and not when a non-token noun follows.
_BARE_CTX_RE = re.compile(
    r"(?<![\w$.,/])(?P<n>[0-9]{1,7}(?:\.[0-9]+)?)\s?(?P<s>k|m)\b(?![\w$/.-])"
    r"(?!\s*(?:requests?|calls?|users?|images?|pictures?|photos?|pages?|quer(?:y|ies)|rows?|docs?|"
    r"documents?|files?|messages?|emails?|words?|chars?|characters?|params?|parameters?|downloads?|"
    r"stars?|views?|videos?|resolution|res\b|uhd|monitor|display|renders?|art|illustrations?|posters?|"
    r"outputs?|output|usd|dollars?|times|per\b|a\s+(?:day|month|week|year)|\$|/))",
)
_CTX_OUTPUT_BEFORE_RE = re.compile(
    r"\b(?:output|outputs|generat\w*|writ\w*|produc\w*|respon\w*|repl\w*|answers?|spend\w*|use[sd]?|"
    r"process\w*|consum\w*|budget)\b[^.,;:]*$",
)
_CTX_VOLUME_AFTER_RE = re.compile(
    r"\s*(?:of\s+)?(?:output|out\b|per\b|/|an?\s+(?:day|month|week|year|minute|second|request)\b|each\b|"
    r"every\b|daily|monthly|weekly|yearly|in\s+(?:total|output))",
)
_LONG_CONTEXT_RE = re.compile(
    r"\b(?:(?:very\s+)?(?:long|longer|large|larger|big|bigger|huge|massive|extended)[\s-]+"
    r"(?:context(?:[\s-]*(?:windows?|lengths?))?)|long\s+(?:documents?|reports?|contracts?|transcripts?|"
    r"histor(?:y|ies)|conversations?)|(?:entire|whole)\s+(?:codebases?|books?|repo(?:s|sitory|sitories)?|"
    r"monorepos?)|thousands\s+of\s+pages|[0-9]{3,}[\s-]pages?)\b",
)
_CONTEXT_TIERS = ((1_000_000, "text.long-context.1m"), (200_000, "text.long-context.200k"),
                  (128_000, "text.long-context.128k"), (32_000, "text.long-context.32k"))

# --------------------------------------------------------------------------------------------
# Organizations and hosts
# --------------------------------------------------------------------------------------------

_ORG_ALIASES: dict[str, str] = {
    "openai": "openai", "open ai": "openai", "gpt": "openai", "chatgpt": "openai",
    "anthropic": "anthropic", "claude": "anthropic",
    "google": "google", "gemini": "google", "gemma": "google", "deepmind": "google",
    "google deepmind": "google",
    "meta": "meta-llama", "llama": "meta-llama", "meta ai": "meta-llama", "facebook": "meta-llama",
    "mistral": "mistralai", "mistral ai": "mistralai", "mistralai": "mistralai", "mixtral": "mistralai",
    "qwen": "qwen", "alibaba": "qwen", "alibaba cloud": "qwen",
    "deepseek": "deepseek",
    "xai": "x-ai", "x.ai": "x-ai", "x-ai": "x-ai", "grok": "x-ai",
    "black forest labs": "black-forest-labs", "black-forest-labs": "black-forest-labs",
    "bfl": "black-forest-labs", "flux": "black-forest-labs",
    "stability": "stability-ai", "stability ai": "stability-ai", "stabilityai": "stability-ai",
    "cohere": "cohere",
    "amazon": "amazon",
    "microsoft": "microsoft",
    "nvidia": "nvidia",
    "moonshot": "moonshotai", "moonshot ai": "moonshotai", "kimi": "moonshotai",
    "zhipu": "z-ai", "z.ai": "z-ai",
    "runway": "runwayml", "runwayml": "runwayml",
}
_HOST_ALIASES: dict[str, tuple[str, ...]] = {
    "bedrock": ("bedrock",), "amazon bedrock": ("bedrock",), "aws bedrock": ("bedrock",), "aws": ("bedrock",),
    "azure": ("azure",), "azure openai": ("azure",), "microsoft azure": ("azure",), "azure ai": ("azure",),
    "vertex": ("vertex_ai",), "vertex ai": ("vertex_ai",), "vertexai": ("vertex_ai",),
    "google cloud": ("vertex_ai",), "gcp": ("vertex_ai",),
    "ai studio": ("gemini",), "google ai studio": ("gemini",), "gemini api": ("gemini",),
    "google": ("vertex_ai", "gemini"),
    "openrouter": ("openrouter",), "open router": ("openrouter",),
    "together": ("together_ai",), "together ai": ("together_ai",), "together.ai": ("together_ai",),
    "togetherai": ("together_ai",),
    "fireworks": ("fireworks_ai",), "fireworks ai": ("fireworks_ai",), "fireworks.ai": ("fireworks_ai",),
    "groq": ("groq",), "deepinfra": ("deepinfra",), "deep infra": ("deepinfra",),
    "fal": ("fal_ai",), "fal.ai": ("fal_ai",), "fal ai": ("fal_ai",),
    "replicate": ("replicate",), "cerebras": ("cerebras",), "sambanova": ("sambanova",),
    "perplexity": ("perplexity",), "hyperbolic": ("hyperbolic",), "novita": ("novita",),
    "nebius": ("nebius",), "databricks": ("databricks",), "cloudflare": ("cloudflare",),
    "workers ai": ("cloudflare",), "ollama": ("ollama",), "watsonx": ("watsonx",),
    "snowflake": ("snowflake",), "sagemaker": ("sagemaker",), "baseten": ("baseten",),
    "huggingface": ("huggingface",), "hugging face": ("huggingface",),
    "openai": ("openai",), "anthropic": ("anthropic",), "mistral": ("mistral",),
    "deepseek": ("deepseek",), "xai": ("xai",), "x.ai": ("xai",), "cohere": ("cohere",),
    "black forest labs": ("black_forest_labs",), "bfl": ("black_forest_labs",),
    "stability": ("stability",), "stability ai": ("stability",),
}


def _alias_pattern(names: list[str]) -> str:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        esc = re.escape(name).replace(r"\ ", r"[\s-]+")
        if name == "google":  # product names, not the creator: "from Google Sheets"
            esc += r"(?!\s+(?:docs|sheets|drive|slides|maps|translate|search|lens)\b)"
        parts.append(esc)
    # Not inside a longer token such as "llama-3" or "gpt-4o".
    return r"(?<![\w.-])(?:" + "|".join(parts) + r")(?![\w]|[-.][a-z0-9])"


def _norm_alias(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.strip().lower()).removesuffix("'s").removesuffix("’s")


_ALL_ALIASES = sorted(set(_ORG_ALIASES) | set(_HOST_ALIASES))
_NAME = _alias_pattern(_ALL_ALIASES)
_NAME_RE = re.compile(_NAME)
_NAME_LIST = (rf"{_NAME}(?:['’]s)?(?:(?:\s*,\s*(?:or\s+|and\s+|nor\s+)?|\s+(?:or|and|nor)\s+|\s*/\s*)"
              rf"{_NAME}(?:['’]s)?){{0,6}}")
_HOST_CUE = (r"(?:on|via|through|thru|in|hosted\s+(?:on|by|at|in|with)|served\s+(?:on|by|via|from)|"
             r"available\s+(?:on|via|through|from|in|at)|deployed\s+(?:on|to|in)|runs?\s+on|running\s+on)")
_ORG_CUE = (r"(?:from|by|made\s+by|built\s+by|trained\s+by|developed\s+by|created\s+by|released\s+by|"
            r"published\s+by|only)")
_EXCL_CUE = (r"(?:not|no|never|avoid(?:ing)?|except|excluding|exclude|without|but\s+not|anything\s+but|"
             r"other\s+than|non)")
_MODEL_NOUN = r"(?:\s+(?:models?|llms?|family|ones|lineup))?"
_PARTY_RES: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    # (pattern, preferred table, exclude?)
    (re.compile(rf"\b{_EXCL_CUE}\s+{_HOST_CUE}\s+(?:the\s+)?{_NAME_LIST}(?:\s+(?:api|cloud|platform))?"),
     "host", True),
    (re.compile(rf"\b{_EXCL_CUE}[-\s]+(?:(?:from|by|made\s+by|built\s+by|trained\s+by)\s+)?(?:any\s+)?"
                rf"(?:models?\s+(?:from|by)\s+)?{_NAME_LIST}{_MODEL_NOUN}"),
     "org", True),
    (re.compile(rf"\b{_HOST_CUE}\s+(?:the\s+)?{_NAME_LIST}(?:\s+(?:api|cloud|platform))?"),
     "host", False),
    (re.compile(rf"\b{_ORG_CUE}\s+{_NAME_LIST}{_MODEL_NOUN}"), "org", False),
    (re.compile(rf"{_NAME_LIST}\s+(?:models?|llms?|family|lineup)\b"), "org", False),
)

_KIND_RE = re.compile(r"\b(?:mcp|model\s+context\s+protocol)\s+servers?\b")

# --------------------------------------------------------------------------------------------
# Negation
# --------------------------------------------------------------------------------------------

_NT = r"n['’]?t"
_NEG_BEFORE_RE = re.compile(
    rf"\b(?:(?P<need>(?:do|does|did){_NT}\s+(?:need|want|require|care\s+about)|"
    r"(?:do|does)\s+not\s+(?:need|want|require)|no\s+need\s+(?:for|of)|"
    rf"(?:does{_NT}|does\s+not|do{_NT}|do\s+not)\s+(?:have|need)\s+to\s+(?:be|have|support|do)|"
    rf"need{_NT}\s+(?:be|have)|not\s+necessarily)"
    r"|(?P<excl>no|not|non|without|never|avoid|avoiding|exclude|excluding|except))"
    r"(?:[-\s]+(?:a|an|any|the|support\s+for|for|built[- ]in))*[-\s]*$",
)
_NEG_AFTER_RE = re.compile(
    rf"\s*(?:(?:is|are)\s+)?(?:not\s+(?:needed|required|necessary|important|a\s+must)|unnecessary|optional|"
    rf"(?:is|are){_NT}\s+(?:needed|required|necessary))\b",
)
_NEEDED_AFTER_RE = re.compile(r"\s*(?:(?:is|are)\s+)?(?:needed|required|necessary)\b")

# --------------------------------------------------------------------------------------------
# Capability, flag and preference rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """One phrase family and what it implies."""

    pattern: re.Pattern[str]
    caps: tuple[str, ...] = ()
    prefs: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    sets: tuple[tuple[str, object], ...] = ()
    excl_sets: tuple[tuple[str, object], ...] = ()  # when negated with "no/not/non"
    only_negated: bool = False
    note: str | None = None


def _r(
    pattern: str,
    *,
    caps: tuple[str, ...] = (),
    prefs: tuple[str, ...] = (),
    inputs: tuple[str, ...] = (),
    outputs: tuple[str, ...] = (),
    sets: tuple[tuple[str, object], ...] = (),
    excl_sets: tuple[tuple[str, object], ...] = (),
    only_negated: bool = False,
    note: str | None = None,
) -> _Rule:
    """Build a rule; capability keys are given without the ``capability://`` prefix."""
    return _Rule(re.compile(pattern), tuple(_C + c for c in caps), tuple(_C + p for p in prefs), inputs,
                 outputs, sets, excl_sets, only_negated, note)


_IMG_NOUN = (r"(?:images?|pictures?|pics|photos?|illustrations?|art(?:work)?|logos?|icons?|posters?|"
             r"drawings?|visuals?|graphics|avatars?|thumbnails?|memes?|stickers?|wallpapers?)\b")
_SEE_WORDS = r"(?:images?|photos?|pictures?|screenshots?|pics|imagery|scans?"
_SEE_NOUN = _SEE_WORDS + r")\b"
_THIS = r"(?:this|these|that|the|my|our|a|an)"
_THIS_ONE = r"(?:this|these|that|my|our)"  # "in this video" is about an input, "in a video" may not be
# Up to two filler words that do not change what the phrase is about ("generate product images").
_FILLER2 = r"(?:(?!and\b|or\b|sense\b|text\b|data\b|use\b|of\b|from\b)\w+\s+){0,2}?"

_FLAG_RULES: tuple[_Rule, ...] = (
    _r(r"\b(?:free\s+and\s+open[\s-]?source|free/open[\s-]?source|foss|free\s+software|libre)\b",
       sets=(("open_weights", True),),
       note="'free' in 'free and open source' was read as open weights, not as zero price"),
    _r(r"\b(?:open[\s-]?weights?|open[\s-]?source[ds]?|self[\s-]?host(?:ed|ing|able)?|"
       r"host\s+(?:it\s+)?(?:myself|ourselves)|runs?\s+locally|running\s+locally|run\s+(?:it\s+)?locally|"
       r"local(?:ly)?\s+(?:models?|llms?|inference|deployment)|on[\s-]?prem(?:ise|ises)?\b|air[\s-]?gapped|"
       r"(?:works?|run|runs|running)\s+offline|downloadable\s+weights|"
       r"weights\s+(?:are\s+)?(?:available|downloadable)|"
       r"run\s+(?:it\s+)?on\s+(?:my|our)\s+(?:own\s+)?(?:hardware|gpus?|machines?|laptop|servers?|mac|computer))\b",
       sets=(("open_weights", True),), excl_sets=(("open_weights", False),)),
    _r(r"\b(?:closed[\s-]?(?:source|weights?)(?:\s+models?)?|proprietary(?:\s+models?)?)\b",
       sets=(("open_weights", False),)),
    _r(r"(?<![-\w])(?<!feel\s)(?:for\s+free|free\s+(?:tier|plan|of\s+charge|to\s+use)|"
       r"free(?![\s-](?:form|text|style|flowing|of\b|from\b|to\s+(?!use\b)))|no[\s-]cost|zero[\s-]cost|"
       r"costs?\s+nothing|gratis|at\s+no\s+(?:cost|charge)|without\s+paying)\b(?!-)",
       sets=(("free", True),)),
    _r(r"\b(?:price|cost|money)\s+(?:does\s*n['’]?t|doesn['’]?t|does\s+not)\s+matter|"
       r"(?:cost|price|money)\s+is\s+no\s+(?:object|issue)", sets=(("cheapest", False),)),
    # "budget" followed by an amount is a price ceiling, read by the price parser
    _r(r"\b(?:cheap(?:er|est|ly)?|budget(?:[\s-]friendly)?(?!\s*(?:is|of|[:=])?\s*(?:\$|[0-9]))|"
       r"low[\s-]cost|lowest[\s-](?:cost|price)|least\s+expensive|inexpensive|affordable|economical|"
       r"cost[\s-](?:effective|efficient|sensitive)|bargain|on\s+a\s+(?:tight\s+)?budget|"
       r"not\s+(?:too\s+)?expensive|price[\s-]sensitive)\b",
       sets=(("cheapest", True),)),
)

# Order matters: earlier rules claim their words first (specific before generic).
_CAPABILITY_RULES: tuple[_Rule, ...] = (
    # structured output: schema first so "JSON matching my schema" is one span
    _r(r"\b(?:(?:return\w*|output\w*|emit\w*|produc\w*|giv\w*|respond\w*\s+(?:in|with))\s+)?"
       r"(?:(?:strict|valid)\s+)?json\s+(?:that\s+)?(?:match\w*|conform\w*\s+to|follow\w*|adher\w*\s+to|"
       r"according\s+to|validat\w*\s+against|fitting|per)\s+(?:my|a|the|our|given|an?\s+given)?\s*"
       r"(?:json\s+)?(?:schema|spec\w*)|\b(?:strict\s+)?json[\s-]schemas?\b|\bstructured[\s-]outputs?\b|"
       r"\b(?:strict|typed)\s+json\b|\bschema[\s-](?:constrained|enforced|following|adherence|validated)\b|"
       r"\bresponse[\s_]schemas?\b|\bpydantic\b",
       caps=("text.structured-output.json-schema",), outputs=("text",)),
    _r(r"\b(?:(?:returns?|returning|outputs?|outputting|emits?|produces?|gives?|respond(?:s|ing)?\s+(?:in|with)|"
       r"answers?\s+in|in)\s+)?(?:valid\s+)?json\b(?:\s+(?:mode|output|outputs|responses?|format|objects?))?|"
       r"\bjson_object\b",
       caps=("text.structured-output.json-mode",), outputs=("text",)),
    # tools: parallel and forced before plain tool calling
    _r(r"\b(?:(?:parallel|multiple|several|concurrent|simultaneous)[\s_]+(?:tool|function)[\s_-]?(?:calls?|calling|use)"
       r"(?:\s+at\s+once)?|call\w*\s+(?:several|multiple|many|two|three|[0-9]+)\s+(?:apis?|tools?|functions?)"
       r"\s+(?:at\s+once|in\s+parallel|simultaneously))\b",
       caps=("tools.function-calling.parallel",)),
    _r(r"\b(?:(?:forced|force|forcing|required)\s+(?:a\s+)?(?:tool|function)[\s-]?(?:calls?|calling|choice|use)|"
       r"tool_choice|tool\s+choice|force\w*\s+(?:the\s+model\s+)?(?:to\s+(?:use|call)\s+)?(?:a\s+|the\s+)?"
       r"(?:specific\s+|particular\s+|given\s+)?(?:tool|function)|(?:tool|function)\s+(?:use|calls?|calling)\s+"
       r"(?:mandatory|required)|always\s+calls?\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:tool|function))\b",
       caps=("tools.function-calling.forced",)),
    _r(r"\b(?:(?:tool|function)[\s-]?(?:calls?|calling|use|usage)|tools?\s+use|us(?:e|es|ing)\s+tools|"
       r"call\w*\s+(?:(?:my|our|external|your|an?|the)\s+)?(?:\w+\s+)?(?:apis?|functions?|tools?|endpoints?)|"
       r"apis?\s+calls?|(?:supports?\s+)?mcp(?:\s+tools?)?)\b",
       caps=("tools.function-calling",)),
    _r(r"\b(?:web[\s-]search|search(?:es|ing)?\s+the\s+(?:web|internet)|brows\w*\s+the\s+(?:web|internet)|"
       r"internet\s+access|web\s+(?:access|browsing|grounding)|live\s+web|grounding\s+with\s+(?:google\s+)?search|"
       r"search\s+grounding|look\w*\s+(?:\w+\s+)?up\s+(?:on\s+)?(?:the\s+)?(?:internet|web)|"
       r"(?:today['’]?s|latest|current)\s+news|current\s+events|online\s+search|"
       r"up[\s-]to[\s-]date\s+(?:answers|info\w*|news|results))\b",
       caps=("tools.web-search",)),
    _r(r"\b(?:computer[\s-]use|(?:control|operate|use|drive|automate)s?\s+(?:a|my|the)\s+"
       r"(?:computer|desktop|browser|mouse|screen)|browser\s+(?:automation|agent)|"
       r"click\w*\s+(?:around|buttons|through\s+(?:a\s+|the\s+)?(?:websites?|web\s+pages?|ui))|"
       r"fill\w*\s+(?:out|in)\s+(?:web\s+)?forms|computer\s+control|gui\s+(?:agents?|automation)|"
       r"desktop\s+automation)\b",
       caps=("tools.computer-use",)),
    # documents and vision
    _r(r"\b(?:(?:reads?|reading|parses?|parsing|process(?:es|ing)?|understands?|ingests?|handles?|accepts?|"
       r"takes?|analy[sz]e[sd]?|analy[sz]ing)\s+(?:my\s+|the\s+|our\s+)?)?(?:pdfs?|pdf\s+(?:files?|documents?|"
       r"input|inputs|support|parsing|understanding))\b",
       caps=("vision.pdf",)),
    _r(r"\b(?:(?:(?:reads?|reading|parses?|parsing|process(?:es|ing)?|extracts?\s+(?:\w+\s+)?from|digiti[sz]e[sd]?|"
       r"digiti[sz]ing|scans?|understands?|handles?)\s+(?:my\s+|the\s+|our\s+)?)?(?:scanned\s+(?:\w+\s+)?)?"
       r"(?:invoices?|receipts?|handwrit\w*|scans|scanned\s+(?:documents?|pages?|forms?|images?|files?)|"
       r"(?:paper|printed|handwritten)\s+(?:forms?|documents?|records?|notes?|pages?))|ocr|"
       r"optical\s+character\s+recognition|text\s+recognition|document\s+ai|"
       r"extract\w*\s+(?:the\s+)?text\s+(?:from|out\s+of|in)\s+(?:\w+\s+)?" + _SEE_WORDS + r"|documents?)|"
       r"read(?:s|ing)?\s+(?:the\s+)?text\s+(?:in|from|on)\s+(?:\w+\s+)?(?:images?|photos?|screenshots?|signs?))\b",
       caps=("vision.ocr",), inputs=("image",), outputs=("text",)),
    _r(r"\b(?:(?:reads?|reading|understands?|interprets?|analy[sz]e[sd]?|analy[sz]ing|describes?|"
       r"extracts?\s+data\s+from)\s+(?:\w+\s+)?)?(?:charts?|diagrams?|infographics?|flowcharts?|schematics?|"
       r"graphs\s+and\s+charts|(?:bar|line|pie)\s+(?:graphs?|charts?))(?:\s+(?:and|&|or)\s+(?:charts?|diagrams?|"
       r"graphs?|plots?|tables?|figures?|infographics?))?|(?:graph|plot|chart)s?\s+(?:interpretation|analysis|"
       r"reading|understanding)\b",
       caps=("vision.diagrams",), inputs=("image",)),
    # video before image so "animate a photo" and "image to video" go to video
    _r(r"\b(?:image[\s-]to[\s-]video|img2vid|animat\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?|stills?|"
       r"portraits?|illustrations?|drawings?)|turn\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?|"
       r"illustrations?|drawings?)\s+into\s+(?:an?\s+)?(?:\w+\s+)?(?:videos?|clips?|animations?)|"
       r"(?:photos?|images?|pictures?)\s+come\s+(?:alive|to\s+life)|"
       r"bring\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?)\s+to\s+life)\b",
       caps=("video.generation.image-to-video",), inputs=("image",), outputs=("video",)),
    _r(r"\b(?:(?:understand\w*|analy[sz]\w*|watch\w*|summari[sz]\w*|describ\w*|process\w*|search\w*\s+(?:in|through))"
       r"\s+(?:\w+\s+)?(?:videos?|footage|clips?|youtube)|(?:security|cctv)\s+(?:camera\s+)?(?:footage|recordings?)|"
       r"video\s+(?:question\s+answering|q&a|understanding|input|inputs|analysis|"
       rf"comprehension)|(?:in|from|of)\s+{_THIS_ONE}\s+(?:\w+\s+)?(?:videos?|footage|clips?))\b",
       caps=("vision.video-understanding",), inputs=("video",)),
    _r(r"\b(?:text[\s-]to[\s-]video|video\s+generat\w*|generat\w*\s+(?:\w+\s+)?(?:videos?|clips?|footage|"
       r"animations?)|(?:make|makes|making|create|creates|creating|produce|render)\s+(?:\w+\s+){0,2}?"
       r"(?:videos?|clips?|animations?)|video\s+generator|animat(?:e|ion|ions|ed)|txt2vid|prompt[\s-]to[\s-]video|"
       r"videos?\s+from\s+(?:an?\s+)?(?:text|prompts?|descriptions?|scripts?))\b",
       caps=("video.generation.text-to-video",), outputs=("video",)),
    # image generation family
    _r(r"\b(?:multi[\s-]?reference|multiple\s+reference\s+images?|reference\s+(?:images?|photos?)|"
       r"character\s+consistency|consistent\s+characters?|style\s+reference|"
       r"same\s+character\s+across)\b",
       caps=("image.generation.multi-reference",), inputs=("image",), outputs=("image",)),
    _r(r"\b(?:(?:high|higher|hi|ultra)[\s-]?(?:res(?:olution)?|definition)|4k|8k|2k|uhd|2048\s*[x×]\s*2048|"
       r"print[\s-]quality)\s+(?:\w+\s+)?(?:images?|pictures?|photos?|renders?|outputs?|art(?:work)?|"
       r"illustrations?|posters?|wallpapers?|shots)\b|\b(?:upscal\w*|print[\s-]quality|"
       r"large\s+enough\s+to\s+print)\b",
       caps=("image.generation.high-resolution",), outputs=("image",)),
    _r(r"\b(?:edit\w*\s+(?:\w+\s+)?(?:images?|photos?|pictures?|pics|selfies?)|(?:image|photo|picture)\s+edit\w*|"
       r"in[\s-]?paint\w*|out[\s-]?paint\w*|remov\w*\s+(?:the\s+)?backgrounds?|background\s+remov\w*|retouch\w*|"
       r"photo\s+manipulation|(?:remove|erase|delete|change|replace|swap|recolou?r)\s+(?:\w+\s+){0,6}?"
       rf"(?:in|of|from)\s+{_THIS}\s+(?:photo|image|picture)s?|extend\w*\s+{_THIS}\s+(?:photo|image|picture)s?)\b",
       caps=("image.editing",), inputs=("image",), outputs=("image",)),
    _r(r"\b(?:text[\s-]to[\s-]image|txt2img|image\s+generat\w*|"
       rf"generat\w*\s+{_FILLER2}{_IMG_NOUN}|"
       r"(?:make|makes|making|create|creates|creating|draw|draws|drawing|design|designs|designing|render|renders|"
       rf"rendering|produce|produces|producing|paint|paints)\s+{_FILLER2}{_IMG_NOUN}|"
       r"image\s+(?:generator|creation|synthesis)|(?:ai\s+)?art\s+generat\w*|"
       r"logos?(?!\s+(?:detection|recognition|classification))|illustrations?|illustrat(?:e|es|ing)|"
       r"diffusion\s+models?|prompt[\s-]to[\s-]image|images?\s+from\s+(?:an?\s+)?(?:text|prompts?|descriptions?))\b",
       caps=("image.generation.text-to-image",), outputs=("image",)),
    # embeddings, retrieval, safety
    _r(r"\b(?:(?:multi[\s-]?modal|image|images|vision|visual|cross[\s-]modal|clip(?:[\s-]style)?)\s+embeddings?|embed\w*\s+(?:\w+\s+)?images?|"
       r"(?:search|find|retriev)\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?)\s+(?:with|by|using|from)\s+"
       r"(?:an?\s+)?text|similar\s+(?:images?|photos?|pictures?)|match\w*\s+images?\s+(?:to|with)\s+"
       r"(?:captions?|text))\b",
       caps=("embeddings.multimodal",), inputs=("image",), outputs=("embedding",)),
    _r(r"\b(?:(?:text\s+)?embeddings?(?:\s+models?)?|embed(?:ding)?\s+(?:\w+\s+)?(?:documents?|text|texts|"
       r"sentences?|chunks?|passages?)|semantic\s+(?:search(?:\s+vectors?)?|similarity)|vector\s+(?:search|"
       r"database|db|store|embeddings?)|vectori[sz]\w*|sentence\s+(?:embeddings?|vectors?|transformers?)|"
       r"(?:near[\s-])?duplicate\s+(?:detection|tickets|documents|questions))\b",
       caps=("embeddings.text",), outputs=("embedding",)),
    _r(r"\b(?:re-?rank\w*|cross[\s-]encoders?|re-?order\w*\s+(?:\w+\s+){0,2}?(?:results|passages|documents|hits)"
       r"|(?:sort|rank)\w*\s+(?:\w+\s+){0,2}?by\s+relevance)\b",
       caps=("retrieval.reranking",)),
    _r(r"\b(?:(?:content\s+)?moderat\w*|toxicity\s+(?:detection|classifier|filter\w*)|nsfw\s+(?:detection|"
       r"filter\w*|classifier)|content\s+(?:filter\w*|safety)|safety\s+classifier|"
       r"(?:detect|flag|filter|block|catch)\w*\s+(?:\w+\s+){0,2}?(?:abusive|toxic|hateful|harmful|nsfw|offensive|"
       r"unsafe)\b(?:\s+(?:content|text|messages|comments|images|posts))?|"
       r"(?:harmful|toxic|abusive|hateful|nsfw|unsafe)\s+content)",
       caps=("safety.moderation",)),
    # audio: transcription and realtime before "voice" as speech output
    _r(r"\b(?:transcrib\w*|transcriptions?|speech[\s-]to[\s-]text|stt|asr|speech\s+recognition|dictation|"
       r"voice\s+(?:notes?|memos?|messages?|recordings?)|subtitl\w*)"
       r"(?:\s+(?:my\s+|our\s+|the\s+)?(?:meetings?|calls?|podcasts?|interviews?|audio|recordings?|lectures?|"
       r"voice\s+notes?|phone\s+calls?|videos?))?\b",
       caps=("audio.transcription",), inputs=("audio",), outputs=("text",)),
    _r(r"\b(?:real[\s-]?time\s+(?:voice|audio|speech|conversations?|api|talk\w*)|voice\s+(?:agents?|assistants?|"
       r"chat|bots?|conversations?|mode)|speech[\s-]to[\s-]speech|live\s+(?:voice|audio|conversations?)|"
       r"hear\s+(?:the\s+|its\s+)?(?:replies|answers|responses)|low[\s-]latency\s+(?:voice|audio|speech))\b",
       caps=("audio.realtime",), inputs=("audio",), outputs=("audio",)),
    # "brand voice" or "passive voice" is about writing style, not audio
    _r(r"\b(?:text[\s-]to[\s-]speech|tts|speech\s+synthesis|synthe[sz]i[sz]e\s+speech|generat\w*\s+(?:speech|"
       r"voice|spoken\s+audio|narration)|voice[\s-]?overs?|read\w*\s+(?:\w+\s+){0,2}?(?:aloud|out\s+loud)|"
       r"narrat(?:e|es|ing|ion)|voice\s+cloning|clone\s+(?:a|my)\s+voice|spoken\s+audio|"
       r"(?<!brand\s)(?<!passive\s)(?<!active\s)(?<!writing\s)(?<!of\s)voices?(?!\s+(?:and|&)\s+tone))\b",
       caps=("audio.speech-synthesis",), outputs=("audio",)),
    _r(r"\b(?:(?:understand\w*|analy[sz]\w*|listen\w*\s+to|process\w*|classify\w*)\s+(?:\w+\s+)?"
       r"(?:audio|sounds?|music|recordings?)|audio\s+(?:input|inputs|understanding|analysis|files?|question\s+answering|"
       r"q&a)|sound\s+(?:analysis|classification|recognition)|"
       rf"listen(?:s|ing)?\s+to|(?:in|from|of|about)\s+{_THIS}\s+(?:\w+\s+)?(?:audio|recordings?|podcasts?|"
       r"voice\s+notes?))\b",
       caps=("audio.understanding",), inputs=("audio",)),
    # api features
    _r(r"\b(?:prompt[\s-]cach\w*|cach\w*\s+(?:the\s+|my\s+|long\s+)?(?:prompts?|system\s+prompts?|context|prefix\w*)|"
       r"context\s+cach\w*|cached\s+(?:input|tokens|prompts?)|caching|(?:same|repeated)\s+(?:long\s+)?(?:system\s+)?"
       r"prompts?|reus\w*\s+(?:the\s+)?(?:context|prompts?|prefix\w*)|cache_control|kv[\s-]cache)\b",
       caps=("api.prompt-caching",)),
    _r(r"\b(?:batch(?:\s+(?:api|mode|jobs?|processing|inference|requests?|discount))?|bulk\s+(?:processing|jobs?|"
       r"inference|requests?|evaluations?)|offline\s+(?:processing|jobs?|inference)|overnight|"
       r"async(?:hronous)?\s+(?:jobs?|processing|requests?))\b",
       caps=("api.batch",)),
    _r(r"\b(?:stream(?:ing|s|ed)?(?:\s+(?:responses?|tokens?|outputs?|api))?|sse|server[\s-]sent\s+events)\b",
       caps=("api.streaming",)),
    _r(r"\b(?:(?:random\s+)?seeds?(?:\s+(?:parameter|support|control))?|reproducib\w*|"
       r"deterministic(?:\s+(?:outputs?|results?|responses?))?|repeatable|same\s+(?:output|answer|result)s?\s+"
       r"(?:(?:every|each)\s+time|when\s+i\s+re-?run|on\s+re-?runs?|across\s+runs))\b",
       caps=("api.seed",)),
    _r(r"\b(?:fine[\s-]?tun\w*|finetun\w*|custom\s+(?:model\s+)?training|lora|sft|teach\s+(?:the|a|our|my)\s+model|"
       r"train(?:s|ing)?\s+(?:(?:an?|the|my|our|it)\s+)?(?:\w+\s+){0,2}?on\s+(?:my|our|labell?ed|custom|own|"
       r"proprietary)\s+(?:\w+\s+)?(?:data|dataset|examples|documents))\b",
       caps=("training.fine-tuning",)),
    _r(r"\b(?:(?:reasoning|thinking)\s+(?:models?|mode|tokens?|effort|budget|llms?|steps|process|traces?)|"
       r"thinks?\s+step[\s-]by[\s-]step|step[\s-]by[\s-]step\s+(?:reasoning|thinking)|chain[\s-]of[\s-]thought|"
       r"extended\s+thinking|thinks?\s+before\s+(?:it\s+)?(?:answers?|answering|responding)|deep\s+thinking|"
       r"(?:more|extra)\s+compute\s+(?:on|for)|test[\s-]time\s+compute|think(?:ing)?\s+mode|o1[\s-](?:style|like))\b",
       caps=("text.reasoning.extended-thinking",)),
    # generic vision last among image phrases
    _r(r"\b(?:vision(?:[\s-]+(?:capable|capabilities|support|models?|input|enabled))?|multi[\s-]?modal"
       r"(?:\s+(?:input|models?|llms?))?|image\s+(?:input|inputs|understanding|analysis|recognition|"
       r"classification|q&a|question\s+answering)|(?:accepts?|takes?|supports?|handles?|reads?|sees?|see|"
       r"understands?|understand|analy[sz]e[sd]?|analy[sz]ing|describes?|describe|describing|interprets?|"
       r"interpret|caption(?:s|ing)?|classify|classif(?:ies|ying)|looks?\s+at|look\s+at|process(?:es|ing)?|"
       rf"upload(?:s|ing)?|send(?:s|ing)?|feed(?:s|ing)?|check(?:s|ing)?|inspect(?:s|ing)?|"
       rf"reason(?:s|ing)?\s+(?:about|over))\s+{_FILLER2}{_SEE_NOUN}|"
       rf"(?:in|of|on)\s+(?:this|these|that|my)\s+(?:\w+\s+)?{_SEE_NOUN}|"
       r"screenshots?|visual\s+(?:question\s+answering|understanding|inputs?)|vqa)\b",
       caps=("vision.image-understanding",), inputs=("image",)),
    # bare nouns count only when negated: "without images", "no audio"
    _r(r"\b(?:images?|photos?|pictures?|visual\s+input)\b", caps=("vision.image-understanding",),
       only_negated=True),
    _r(r"\b(?:audio|speech|sound)(?:\s+input)?\b", caps=("audio.understanding",), only_negated=True),
    _r(r"\bvideos?(?:\s+input)?\b", caps=("vision.video-understanding",), only_negated=True),
)

# Language names in English and in the language itself.
_LANGS = (("chinese", r"\b(?:chinese|mandarin|cantonese)\b|中文|汉语|普通话"),
          ("japanese", r"\bjapanese\b|日本語"), ("korean", r"\bkorean\b|한국어"),
          ("spanish", r"\b(?:spanish|español|espanol)\b"), ("french", r"\b(?:french|français|francais)\b"),
          ("german", r"\b(?:german|deutsch)\b"), ("russian", r"\brussian\b|русск\w*"))

_PREFERENCE_RULES: tuple[_Rule, ...] = (
    _r(r"(?<!no-)(?<!no\s)\b(?:cod(?:e|ing)(?:\s+(?:assistant|agent|generation|completion|review|tasks?|models?))?|"
       r"programm\w*|software\s+(?:engineering|development)|debug\w*|refactor\w*|pair\s+programm\w*|copilot|"
       r"(?:fix|find)\w*\s+(?:the\s+|a\s+|this\s+)?bugs?|sql(?:\s+quer(?:y|ies))?|stack\s+traces?|"
       r"(?:write|writes|writing)\s+(?:\w+\s+)?(?:code|python|javascript|typescript|sql|rust|java|go|functions?|"
       r"scripts?|programs?|unit\s+tests?))\b",
       prefs=("text.coding",)),
    _r(r"\b(?:math(?:s|ematics|ematical)?|arithmetic|calculus|algebra|equations?|proofs?|olympiad|theorems?|"
       r"word\s+problems|statistics|probability|calculations?|quantitative)\b",
       prefs=("text.math",)),
    _r(r"\b(?:creative\s+writing|fiction|stor(?:y|ies)|storytelling|poe(?:m|ms|try)|novels?|screenplays?|"
       r"copywriting|marketing\s+copy|(?:song\s+)?lyrics|role[\s-]?play\w*|screenwriting|creative\s+(?:text|content))\b",
       prefs=("text.creative-writing",)),
    _r(r"\b(?:summar\w*|tl;?dr|condens\w*|recap\w*|digests?|key\s+(?:points|takeaways|decisions))\b",
       prefs=("text.summarization",)),
    _r(r"\b(?:translat\w*|locali[sz]\w*)\b", prefs=("text.translation",)),
    # "Chinese models" is about where a model comes from, which the parser does not filter on
    *(_r(rf"(?:{pat})(?!\s+(?:models?|llms?|companies|labs?|providers?|vendors?))",
         prefs=(f"text.multilingual.{lang}",)) for lang, pat in _LANGS),
    _r(r"\b(?:multi[\s-]?lingual|multi[\s-]language|foreign[\s-]languages?|i18n|non[\s-]english|(?:outside(?:\s+of)?|besides|beyond|other\s+than)\s+english|"
       r"(?:several|many|multiple|other|different|ten|[0-9]+|their\s+own|any)\s+languages?)\b",
       prefs=("text.multilingual",)),
    _r(r"\b(?:extract\w*\s+(?:\w+\s+)?(?:data|fields?|entities|information|info|details|values|line\s+items?|"
       r"names|dates|amounts|addresses)|pull\w*\s+(?:\w+\s+){0,2}?(?:fields|data|details|values|info\w*)\s+"
       r"(?:out\s+of|from)|into\s+(?:separate\s+|structured\s+)?fields|entity\s+extraction|named\s+entit\w*|"
       r"(?:data|field|information|entity)\s+extraction|ner)\b",
       prefs=("text.information-extraction",)),
    _r(r"\b(?:classif\w*|categori[sz]\w*|sentiment(?:\s+analysis)?|intent\s+detection|tagging|label(?:l)?ing|(?:label|tag|route|triage)\w*\s+"
       r"(?:\w+\s+){0,2}?(?:reviews|tickets|emails|messages|articles|documents|comments|posts))\b",
       prefs=("text.classification",)),
    _r(r"\b(?:follow\w*\s+(?:\w+\s+){0,3}?(?:instructions?|rules|system\s+prompts?)|instruction[\s-]following|"
       r"instruct(?:ion)?[\s-]tuned|obey\w*\s+(?:the\s+)?(?:system\s+)?prompt|sticks?\s+to\s+(?:my\s+|the\s+)?"
       r"(?:output\s+)?(?:format|instructions|rules)|prompt\s+adherence|steerab\w*|"
       r"obey\w*\s+(?:\w+\s+)?(?:constraints|rules|instructions))\b",
       prefs=("text.instruction-following",)),
    _r(r"\b(?:reason(?:s|ing)?|logic(?:al)?|complex\s+(?:problems?|tasks?|questions?|decisions?)|"
       r"hard\s+(?:problems|questions|prompts)|problem[\s-]solving|analytical)\b",
       prefs=("text.reasoning",)),
    _r(r"\b(?:legal|law|lawyers?|contracts?|regulations?|compliance)\b", prefs=("text.domain.legal",)),
    _r(r"\b(?:medical|medicine|clinical|health(?:\s*care)?|lab\s+results|diagnos\w*)\b",
       prefs=("text.domain.medicine",)),
    _r(r"\b(?:financ\w*|fintech|accounting|banking|earnings|cash\s+flow|balance\s+sheets?)\b",
       prefs=("text.domain.finance",)),
    _r(r"\b(?:chat(?:bots?|ting)?|conversational|assistant)\b", prefs=("text.chat",)),
)

# --------------------------------------------------------------------------------------------
# Soft text tidying
# --------------------------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?)])")
_PUNCT_RUN_RE = re.compile(r"([,;:])(?:\s*[,;:.])+")
_EDGE_RE = re.compile(r"^(?:[\s,;:.\-–—/&+(]|\b(?:and|or|with|that|which|but|plus)\b)+|"
                      r"(?:[\s,;:\-–—/&+(]|\b(?:and|or|with|that|which|but|plus|a|an|the)\b)+$")
_PRICE_LABELS = {
    "max_input_per_mtok": "USD per 1M input tokens",
    "max_output_per_mtok": "USD per 1M output tokens",
    "max_per_image": "USD per image",
}
_UNCLAIMED_RE = re.compile(rb"\x00+")


@dataclass
class _State:
    """Mutable working state of one parse."""

    text: str
    low: str = field(init=False)  # lowercased, same length: patterns run on it, spans come from text
    mask: bytearray = field(init=False)
    understood: list[Understood] = field(default_factory=list)
    caps: dict[str, int] = field(default_factory=dict)
    prefs: dict[str, int] = field(default_factory=dict)
    not_needed: dict[str, int] = field(default_factory=dict)
    inputs: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)
    ceilings: dict[str, list[float]] = field(default_factory=dict)
    floors: dict[str, list[float]] = field(default_factory=dict)
    contexts: list[int] = field(default_factory=list)
    open_weights: list[bool] = field(default_factory=list)
    free: bool | None = None
    cheapest: bool = False
    parties: dict[tuple[str, bool], dict[str, int]] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    pending: list[tuple[int, int, float, str]] = field(default_factory=list)  # unit-less price ceilings
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.low = _lower_same_length(self.text)
        self.mask = bytearray(len(self.text))

    def free_span(self, start: int, end: int) -> bool:
        return end > start and 1 not in self.mask[start:end]

    def claim(self, start: int, end: int, meaning: str) -> bool:
        """Mark [start, end) as understood unless part of it already is."""
        if not self.free_span(start, end):
            return False
        self.mask[start:end] = b"\x01" * (end - start)
        self.understood.append(Understood(self.text[start:end], meaning, start, end))
        return True

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _lower_same_length(text: str) -> str:
    """``text.lower()`` keeping every character's offset (a few characters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _cap_text(text: str) -> tuple[str, str | None]:
    """The part of ``text`` that is parsed, cut at a word boundary, and a note when cut."""
    if len(text) <= MAX_PARSE_CHARS:
        return text, None
    cut = text.rfind(" ", MAX_PARSE_CHARS - 200, MAX_PARSE_CHARS)
    cut = cut if cut > 0 else MAX_PARSE_CHARS
    return text[:cut], (f"only the first {cut} of {len(text)} characters were parsed; "
                        "the rest was ignored")


def _fmt(value: float) -> str:
    return repr(float(value))


# ---------------------------------------------------------------------------- prices


def _unit_after(st: _State, pos: int) -> tuple[str | None, float | None, str | None, int]:
    """Read a per-unit after ``pos``: ("tokens", count, side) or ("image", None, None); None if absent."""
    m = _PER_RE.match(st.low, pos)
    if not m:
        return None, None, None, pos
    if m.group("img"):
        return "image", None, None, m.end("img")
    qs, tok, qn = m.group("qs"), m.group("tok"), m.group("qn")
    if not (qs or tok) or (qn and not qs and not tok):
        return None, None, None, pos
    if m.group("per").lower() in ("a", "an") and qn:
        return None, None, None, pos  # "$1 a 128k context" is not "per 128k tokens"
    count = (number_value(qn) if qn else 1.0) or 0.0
    if qs:
        count *= scale_value(qs)
    side = (m.group("qq") or "").lower() or None
    return "tokens", count, side, m.end()


def _side_word(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower()
    if word in ("input", "prompt", "in"):
        return "input"
    if word in ("output", "completion", "out"):
        return "output"
    return None


def _price_context(st: _State, start: int, end: int) -> tuple[int, int, str, str | None, bool]:
    """Comparator and qualifier around an amount: (span start, span end, direction, side, image)."""
    direction = "bare"
    side: str | None = None
    image = False
    span_start = start
    cmp = _PRE_CMP_RE.search(st.low, max(0, start - 30), start)
    if cmp and st.free_span(cmp.start(), start):
        if cmp.group("ceil") or cmp.group("sym_ceil"):
            direction = "ceiling"
        elif cmp.group("floor") or cmp.group("sym_floor"):
            direction = "floor"
        span_start = cmp.start()
    qual = _PRE_QUAL_RE.search(st.low, max(0, span_start - 40), span_start)
    if qual and st.free_span(qual.start(), span_start):
        if qual.group("img"):
            image = True
            # "images under 5 cents" keeps "images" for "generate images"; "image price:" is consumed
            if _PRICE_WORD_RE.search(qual.group(0)):
                span_start = qual.start()
        else:
            side = _side_word(qual.group("q"))
            span_start = qual.start()
    post = _POST_CMP_RE.match(st.low, end)
    if post:
        direction = "ceiling" if post.group("ceil") else "floor"
        end = post.end()
    return span_start, end, direction, side, image


def _record_price(st: _State, start: int, end: int, direction: str, fieldname: str, value: float,
                  extra: str = "") -> bool:
    if not math.isfinite(value) or value < 0:
        st.note(f"ignored a price that is not a usable number: {st.text[start:end]!r}")
        return False
    if direction == "floor":
        meaning = f"price floor {fieldname.replace('max_', 'min_')}={_fmt(value)} (not a filter)"
        if not st.claim(start, end, meaning + extra):
            return False
        st.floors.setdefault(fieldname, []).append(value)
        st.note("a price floor ('at least …') is not a filter; it is only checked against other requirements")
        return True
    if not st.claim(start, end, f"{fieldname}={_fmt(value)}{extra}"):
        return False
    st.ceilings.setdefault(fieldname, []).append(value)
    return True


def _parse_prices(st: _State) -> None:
    text = st.low
    for m in islice(_PAIR_RE.finditer(text), MAX_HITS):
        a, b = number_value(m.group("pa")), number_value(m.group("pb"))
        if a is None or b is None:
            continue
        kind, count, _, end = _unit_after(st, m.end())
        if kind == "image":
            continue
        count = count or 1e6
        start, end, direction, _, _ = _price_context(st, m.start(), end)
        post = _POST_QUAL_RE.match(text, end)
        if post and post.group("both"):
            end = post.end()
        va, vb = per_million_tokens(a, count), per_million_tokens(b, count)
        if va is None or vb is None:
            continue
        # "$0.15/$0.60 per million" is the usual input/output notation
        if _record_price(st, start, end, direction, "max_input_per_mtok", va,
                         f"; {'min' if direction == 'floor' else 'max'}_output_per_mtok={_fmt(vb)}"
                         " (input/output pair)"):
            target = st.floors if direction == "floor" else st.ceilings
            target.setdefault("max_output_per_mtok", []).append(vb)

    for m in islice(_PRICE_RE.finditer(text), MAX_HITS):
        if not st.free_span(m.start(), m.end()):
            continue
        usd = _amount_usd(m)
        if usd is None:
            continue
        per_time = _PER_TIME_RE.match(text, m.end())
        if per_time:
            st.note(f"'{st.text[m.start():per_time.end()].strip()}' is a price per time, request or page; "
                    "only per-token and per-image prices are filters")
            continue
        kind, count, inner_side, end = _unit_after(st, m.end())
        start, end, direction, side, image = _price_context(st, m.start(), end)
        post = _POST_QUAL_RE.match(text, end)
        both = False
        if post and kind != "image":
            if post.group("both"):
                both = True
            else:
                side = side or _side_word(post.group("q") or post.group("short"))
            end = post.end()
        side = (inner_side and _side_word(inner_side)) or side
        if kind is None and image:
            kind = "image"
        if kind is None and (side or both):
            kind, count = "tokens", 1e6
        if kind is None:
            if direction == "bare":
                continue  # "$5" alone says nothing about price per unit
            if not st.free_span(start, end):
                continue
            st.mask[start:end] = b"\x01" * (end - start)
            st.pending.append((start, end, usd, direction))
            continue
        if kind == "image":
            _record_price(st, start, end, direction, "max_per_image", usd)
            continue
        value = per_million_tokens(usd, count or 0.0)
        if value is None:
            st.note(f"ignored a price that is not a usable number: {st.text[start:end]!r}")
            continue
        if both:
            recorded = _record_price(st, start, end, direction, "max_input_per_mtok", value,
                                     f"; max_output_per_mtok={_fmt(value)}")
            if recorded and direction != "floor":
                st.ceilings.setdefault("max_output_per_mtok", []).append(value)
            continue
        if side is None:
            st.note("a token price without 'input' or 'output' was read as an input-token price")
        fieldname = "max_output_per_mtok" if side == "output" else "max_input_per_mtok"
        _record_price(st, start, end, direction, fieldname, value)

    if _FOREIGN_MONEY_RE.search(text):
        st.note("prices in euros or pounds are not converted; state prices in US dollars to filter by them")


def _resolve_pending(st: _State) -> None:
    """Unit-less prices ("under $1"): per image for image output, else per 1M input tokens."""
    image = "image" in st.outputs and not any(k != "max_per_image" for k in st.ceilings)
    for start, end, usd, direction in st.pending:
        st.mask[start:end] = b"\x00" * (end - start)
        if image:
            field_name, unit = "max_per_image", "per image (the need asks for images)"
        else:
            field_name, unit = "max_input_per_mtok", "per 1M input tokens"
        if _record_price(st, start, end, direction, field_name, usd, f" (no unit given; read as {unit})"):
            st.note(f"'{st.text[start:end].strip()}' has no unit; it was read as USD {unit}")


# ---------------------------------------------------------------------------- context


def _parse_context(st: _State) -> None:
    text = st.low
    for regex, guarded in _CTX_RES:
        for m in islice(regex.finditer(text), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            if guarded:
                before = text[max(0, m.start() - 30):m.start()]
                if _CTX_OUTPUT_BEFORE_RE.search(before) or _CTX_VOLUME_AFTER_RE.match(text, m.end()):
                    continue
            _add_context(st, m, m.start(), m.end())
    for m in islice(_BARE_CTX_RE.finditer(text), MAX_HITS):
        if not st.free_span(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _CTX_OUTPUT_BEFORE_RE.search(before) or re.search(r"(?:price|cost|\$|usd|budget)\W*$", before):
            continue
        _add_context(st, m, m.start(), m.end())
    if not st.contexts:
        for m in islice(_LONG_CONTEXT_RE.finditer(text), MAX_HITS):
            if st.claim(m.start(), m.end(), f"preference={_C}text.long-context.128k"):
                st.prefs.setdefault(_C + "text.long-context.128k", m.start())
                st.note("'long context' without a number is a preference for 128K+ windows, not a filter")


def _add_context(st: _State, m: re.Match[str], start: int, end: int) -> None:
    scale = m.group("s")
    count = token_count(m.groupdict().get("n") or "1", scale)
    if count is None or count <= 0:
        return
    if not scale and count < 1000:
        return  # "context of 10 documents" is not a window size
    if st.claim(start, end, f"min_context={count}"):
        st.contexts.append(count)


# ---------------------------------------------------------------------------- parties and kinds


def _parse_parties(st: _State) -> None:
    for regex, table, exclude in _PARTY_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            found: list[tuple[str, str, int]] = []
            for name_m in _NAME_RE.finditer(st.low, m.start(), m.end()):
                name = _norm_alias(name_m.group(0))
                in_org, in_host = name in _ORG_ALIASES, name in _HOST_ALIASES
                use_host = in_host and (table == "host" or not in_org)
                if use_host:
                    found.extend(("host", h, name_m.start()) for h in _HOST_ALIASES[name])
                elif in_org:
                    found.append(("org", _ORG_ALIASES[name], name_m.start()))
            if not found:
                continue
            verb = "exclude" if exclude else "include"
            meaning = "; ".join(
                f"{verb}_{'hosts' if kind == 'host' else 'organizations'}+={value}"
                for kind, value, _ in found
            )
            if st.claim(m.start(), m.end(), meaning):
                for kind, value, pos in found:
                    st.parties.setdefault((kind, exclude), {}).setdefault(value, pos)
    for m in islice(_KIND_RE.finditer(st.low), MAX_HITS):
        if st.claim(m.start(), m.end(), "kinds+=mcp"):
            st.kinds.setdefault("mcp", m.start())


# ---------------------------------------------------------------------------- rules


def _negation(st: _State, start: int, end: int) -> tuple[str | None, int, int]:
    """("need" | "excl" | None, extended start, extended end) for a phrase at [start, end)."""
    text = st.low
    before = _NEG_BEFORE_RE.search(text, max(0, start - 40), start)
    if before and st.free_span(before.start(), start):
        kind = "need" if before.group("need") else "excl"
        after = _NEEDED_AFTER_RE.match(text, end)
        if after and st.free_span(end, after.end()):
            end = after.end()
            kind = "need"
        return kind, before.start(), end
    after = _NEG_AFTER_RE.match(text, end)
    if after and st.free_span(end, after.end()):
        return "need", start, after.end()
    return None, start, end


def _apply_rules(st: _State, rules: tuple[_Rule, ...]) -> None:
    for rule in rules:
        for m in islice(rule.pattern.finditer(st.low), MAX_HITS):
            if m.end() == m.start() or not st.free_span(m.start(), m.end()):
                continue
            neg, start, end = _negation(st, m.start(), m.end())
            if rule.only_negated and neg is None:
                continue
            if neg is not None:
                _apply_negated(st, rule, neg, start, end)
                continue
            parts = [f"{k}={v}" for k, v in rule.sets]
            parts += list(rule.caps) + [f"preference={p}" for p in rule.prefs]
            parts += [f"input_modalities+={x}" for x in rule.inputs]
            parts += [f"output_modalities+={x}" for x in rule.outputs]
            if not st.claim(start, end, "; ".join(parts)):
                continue
            for key, value in rule.sets:
                _set_flag(st, key, value)
            for uri in rule.caps:
                st.caps.setdefault(uri, start)
            for uri in rule.prefs:
                st.prefs.setdefault(uri, start)
            st.inputs.update(rule.inputs)
            st.outputs.update(rule.outputs)
            if rule.note:
                st.note(rule.note)


def _apply_negated(st: _State, rule: _Rule, neg: str, start: int, end: int) -> None:
    sets = rule.excl_sets if neg == "excl" else ()
    if sets:
        meaning = "; ".join(f"{k}={v}" for k, v in sets)
    else:
        named = list(rule.caps) + list(rule.prefs) + [k for k, _ in rule.sets]
        meaning = "not needed: " + ", ".join(named)
    if not st.claim(start, end, meaning):
        return
    for key, value in sets:
        _set_flag(st, key, value)
    if not sets:
        for uri in rule.caps + rule.prefs:
            st.not_needed.setdefault(uri, start)
        if ("cheapest", True) in rule.sets:
            st.cheapest = False


def _set_flag(st: _State, key: str, value: object) -> None:
    if key == "open_weights":
        st.open_weights.append(bool(value))
    elif key == "free":
        st.free = bool(value)
    elif key == "cheapest":
        st.cheapest = bool(value)


# ---------------------------------------------------------------------------- assembly


def _tidy(parts: list[str]) -> str:
    text = _WS_RE.sub(" ", " ".join(parts)).strip()
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = _PUNCT_RUN_RE.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _EDGE_RE.sub("", text).strip()
    return text


def _soft_text(st: _State) -> str:
    parts = [st.text[m.start():m.end()] for m in _UNCLAIMED_RE.finditer(bytes(st.mask))]
    return _tidy(parts)


def _ordered(d: dict[str, int]) -> tuple[str, ...]:
    return tuple(k for k, _ in sorted(d.items(), key=lambda kv: (kv[1], kv[0])))


def _lowest(st: _State, name: str, values: list[float]) -> float | None:
    if not values:
        return None
    lowest = min(values)
    if len(set(values)) > 1:
        st.note(f"several ceilings for {name} ({', '.join(_fmt(v) for v in values)}); the lowest applies")
    return lowest


def _finish(st: _State, original: str) -> Need:
    conflicts: list[str] = []
    ceilings = {k: _lowest(st, k, v) for k, v in st.ceilings.items()}

    for name, floor_values in st.floors.items():
        floor = max(floor_values)
        ceiling = ceilings.get(name)
        label = _PRICE_LABELS[name]
        if ceiling is not None and ceiling < floor:
            conflicts.append(f"the price must be at most {_fmt(ceiling)} and at least {_fmt(floor)} {label}; "
                             "no price satisfies both")
        if st.free and floor > 0:
            conflicts.append(f"asks for free use but also for a price of at least {_fmt(floor)} {label}")

    open_weights: bool | None = None
    if st.open_weights:
        if len(set(st.open_weights)) > 1:
            conflicts.append("asks for both open-weights and closed (proprietary) models")
            open_weights = None
        else:
            open_weights = st.open_weights[0]

    for kind in ("org", "host"):
        both = set(st.parties.get((kind, False), {})) & set(st.parties.get((kind, True), {}))
        label = "organization" if kind == "org" else "host"
        for name in sorted(both):
            conflicts.append(f"{label} {name!r} is both asked for and excluded")

    for uri in sorted(set(st.caps) & set(st.not_needed)):
        conflicts.append(f"{uri} is both required and said to be not needed; it stays required")
    not_needed = {k: v for k, v in st.not_needed.items() if k not in st.caps}

    min_context = max(st.contexts) if st.contexts else None
    if len(set(st.contexts)) > 1:
        st.note(f"several context sizes ({', '.join(map(str, st.contexts))}); the largest applies")
    if min_context is not None:
        for threshold, tier in _CONTEXT_TIERS:
            if min_context >= threshold:
                st.prefs.setdefault(_C + tier, len(st.text))
                break

    prefs = {k: v for k, v in st.prefs.items() if k not in st.caps and k not in not_needed}
    constraints = Constraints(
        input_modalities=tuple(x for x in MODALITIES if x in st.inputs),
        output_modalities=tuple(x for x in MODALITIES if x in st.outputs),
        capabilities=_ordered(st.caps),
        max_input_per_mtok=ceilings.get("max_input_per_mtok"),
        max_output_per_mtok=ceilings.get("max_output_per_mtok"),
        max_per_image=ceilings.get("max_per_image"),
        min_context=min_context,
        open_weights=open_weights,
        free=st.free,
        cheapest=st.cheapest,
        include_organizations=_ordered(st.parties.get(("org", False), {})),
        exclude_organizations=_ordered(st.parties.get(("org", True), {})),
        include_hosts=_ordered(st.parties.get(("host", False), {})),
        exclude_hosts=_ordered(st.parties.get(("host", True), {})),
        kinds=_ordered(st.kinds),
    )
    return Need(
        text=original,
        constraints=constraints,
        soft_text=_soft_text(st),
        preferences=_ordered(prefs),
        understood=tuple(sorted(st.understood, key=lambda u: (u.start, u.end))),
        notes=tuple(st.notes),
        conflicts=tuple(conflicts),
        not_needed=_ordered(not_needed),
    )


def emitted_uris() -> frozenset[str]:
    """Every ``capability://`` URI the parser can put in capabilities, preferences or not_needed."""
    uris = {uri for rules in (_FLAG_RULES, _CAPABILITY_RULES, _PREFERENCE_RULES) for r in rules
            for uri in r.caps + r.prefs}
    uris.update(_C + tier for _, tier in _CONTEXT_TIERS)
    return frozenset(uris)


def parse_need(text: str) -> Need:
    """Read a free-text need into hard constraints, soft preferences and leftover soft text.

    Pure and deterministic; parses at most :data:`MAX_PARSE_CHARS` characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"need text must be str, not {type(text).__name__}")
    parsed, cut_note = _cap_text(text)
    st = _State(parsed)
    if cut_note:
        st.note(cut_note)
    _parse_prices(st)
    _parse_context(st)
    _parse_parties(st)
    _apply_rules(st, _FLAG_RULES)
    _apply_rules(st, _CAPABILITY_RULES)
    _apply_rules(st, _PREFERENCE_RULES)
    _resolve_pending(st)
    return _finish(st, text)
