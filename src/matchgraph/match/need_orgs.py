"""Read organizations and hosts from a need, only after cue words ("from X", "on X", "not X").

A bare name ("like Claude") is left for the soft text; the alias tables map the names people type
to the catalog's organization and host identifiers.
"""

from __future__ import annotations

import re
from itertools import islice

from matchgraph.match.need_state import MAX_HITS, ParseState

_ORG_ALIASES: dict[str, str] = {
    "openai": "openai", "open ai": "openai", "gpt": "openai", "chatgpt": "openai",
    "anthropic": "anthropic", "claude": "anthropic",
    "google": "google", "gemini": "google", "gemma": "google", "deepmind": "google",
    "google deepmind": "google", "谷歌": "google", "グーグル": "google", "구글": "google",
    # makers as other scripts write them ("לא של גוגל", "не от гугла", "من غير جوجل")
    "גוגל": "google", "جوجل": "google", "غوغل": "google", "قوقل": "google", "гугл": "google", "गूगल": "google",
    "กูเกิล": "google", "майкрософт": "microsoft", "мікрософт": "microsoft", "מיקרוסופט": "microsoft",
    "مايكروسوفت": "microsoft", "微軟": "microsoft", "амазон": "amazon", "אמזון": "amazon", "أمازون": "amazon",
    "亚马逊": "amazon", "亞馬遜": "amazon", "アマゾン": "amazon", "아마존": "amazon",
    "微软": "microsoft", "マイクロソフト": "microsoft", "마이크로소프트": "microsoft", "메타": "meta-llama",
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
    # Makers people name as such; those the catalog lacks (midjourney, suno, udio) then answer "none from X"
    # instead of models from anyone.
    "midjourney": "midjourney", "suno": "suno", "udio": "udio", "elevenlabs": "elevenlabs",
    "eleven labs": "elevenlabs", "deepgram": "deepgram", "ideogram": "ideogram", "ai21": "ai21",
    "ai21 labs": "ai21", "bytedance": "bytedance", "baidu": "baidu", "tencent": "tencent", "xiaomi": "xiaomi",
    "minimax": "minimax", "voyage": "voyage", "voyage ai": "voyage", "jina": "jina", "jina ai": "jina",
    "ibm": "ibm", "upstage": "upstage", "stepfun": "stepfun", "01.ai": "01-ai", "perplexity": "perplexity",
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


_HYPHEN_NOUN = r"(?:modell?e?n?|models?|modelos?|modèles?|modelli|modele|modeli|llms?)\b"


def _alias_pattern(names: list[str]) -> str:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        esc = re.escape(name).replace(r"\ ", r"[\s-]+")
        if name == "google":  # product names, not the creator: "from Google Sheets"
            esc += r"(?!\s+(?:docs|sheets|drive|slides|maps|translate|search|lens)\b)"
        parts.append(esc)
    # Not inside a longer token such as "llama-3" or "gpt-4o".
    # Scripts without spaces may touch the name ("OpenAI的模型"): only Latin letters and digits extend it.
    # A model noun joined by a hyphen ("Mistral-Modelle", "Google-models") is not part of the name.
    return r"(?<![a-z0-9_.-])(?:" + "|".join(parts) + r")(?![a-z0-9_]|[-.](?!" + _HYPHEN_NOUN + r")[a-z0-9])"


def _norm_alias(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.strip().lower()).removesuffix("'s").removesuffix("’s")


_ALL_ALIASES = sorted(set(_ORG_ALIASES) | set(_HOST_ALIASES))
_NAME = _alias_pattern(_ALL_ALIASES)
_NAME_RE = re.compile(_NAME)
# "or"/"and" in the languages the cue words below are written in.
_OR = (r"(?:or|and|nor|oder|und|o|y|ou|et|e|ni|lub|i|или|и|或者|还是|或|和|与|與|及|跟|"
       r"や|か|と|および|及び|또는|이나|나|과|와|랑|이랑|하고|"
       r"sau|și|vagy|és|tai|ja|eller|og|atau|dan|"
       r"hoặc|và|ή|και|או|أو|و|یا|या|और|বা|ve|veya|nebo|або|чи)")
_NAME_LIST = (rf"{_NAME}(?:['’]s)?(?:(?:\s*,\s*(?:{_OR}\s+)?|\s*(?:{_OR})\s*|\s*/\s*)"
              rf"(?:(?:from|by|de|von|da|du|di|от|van|z|no|na|em|en|on|auf|sur|su)\s+)?"
              rf"{_NAME}(?:['’]s)?){{0,6}}")
_HOST_CUE = (r"(?:on|via|through|thru|in|hosted\s+(?:on|by|at|in|with)|served\s+(?:on|by|via|from)|"
             r"available\s+(?:on|via|through|from|in|at)|deployed\s+(?:on|to|in)|runs?\s+on|running\s+on|"
             r"en|auf|sur|em|über|через|disponible\s+en|disponível\s+(?:no|na|em)|verfügbar\s+auf|"
             # Indonesian and Malay, Scandinavian, Dutch, Vietnamese
             r"(?:ber)?jalan\s+di|tersedia\s+di|lewat|melalui|på|op|trên|chạy\s+trên|"
             # Greek, Italian, Polish, Czech, Russian and Ukrainian; "locked into Together AI"
             r"στο|στην|στη|μέσω|su|tramite|przez|přes|на|prin|locked\s+(?:in)?to|stuck\s+(?:on|with)|tied\s+to|"
             # Arabic "on", "through", "by way of"
             r"على|عبر|من\s+خلال)")
_ORG_CUE = (r"(?:from|by|made\s+by|built\s+by|trained\s+by|developed\s+by|created\s+by|released\s+by|"
            r"published\s+by|only|de|von|par|da|do|от|hecho\s+por|fait\s+par|feito\s+pela?|entwickelt\s+von|"
            # "only" in other languages: "nur Mistral-Modelle", "solo modelos de Google", "только OpenAI"
            r"nur|solo|solamente|seulement|uniquement|apenas|somente|только|тільки|tylko|alleen|sadece|endast|"
            r"kun|jen|pouze|csak|hanya|chỉ|μόνο|רק|فقط|केवल|sirf|"
            # "model dari Anthropic", "modellen van Anthropic", "nic od", "của Google", "från OpenAI"
            r"dari|của|từ|od|van|från|fra)")
_EXCL_CUE = (r"(?:isn['’]?t|aren['’]?t|wasn['’]?t|shouldn['’]?t\s+be|must\s+not\s+be|"
             r"not|no|never|avoid(?:ing)?|except|excluding|exclude|without|but\s+not|anything\s+but|"
             r"other\s+than|non|sin|sans|ohne|sem|без|excepto|sauf|außer|kein(?:e|en|er|es|em|s)?|nada\s+de|pas\s+de|"
             r"nicht|niet|nie|не|ne|não|nem|tranne|senza|salvo|hariç|除了|不要|不是|非|"
             # "nothing from deepseek", "bitte nichts von OpenAI", "nada de Google", "rien de Meta"
             r"nothing|none|nichts|nada|rien|niente|nessun[oa]?|nenhum(?:a)?|ning[úu]n[oa]?|aucun(?:e)?|ничего|"
             r"stay\s+away\s+from|skip|"
             r"menos|fuera\s+de|anders\s+als|au\s+lieu\s+de|behalve|oprócz|кроме|hors|en\s+dehors\s+de|à\s+part|"
             r"al\s+di\s+fuori\s+di|a\s+parte|"
             # French "pas chez", Romanian, Hungarian, Finnish, Swedish, Danish, Norwegian, Indonesian and Malay,
             # Vietnamese, Greek, Hebrew, Arabic, Persian, Hindi, Ukrainian, Czech, Chinese "don't use"
             r"pas|fără|nu|nem|ne|ilman|ei|inte|utan|ikke|uden|uten|tidak|bukan|tanpa|selain|không|trừ|ngoài|"
             r"όχι|χωρίς|εκτός|לא|בלי|חוץ\s+מ|بدون|غير|ما\s+عدا|باستثناء|ليس|به\s+جز|بجز|غیر\s+از|नहीं|बिना|"
             r"крім|kromě|nic|别用|别|不用|不要用|不想用)")
_ONLY_CUE = (r"(?:only|just|nur|solo|solamente|seulement|uniquement|apenas|somente|только|тільки|tylko|alleen|"
             r"sadece|endast|kun|jen|pouze|csak|hanya|cuma|chỉ|sirf)")
_MODEL_WORD = r"(?:models?|modelle?n?|modelos?|modèles?|modelli|modele|modeli|модел\w*|modellen|modelo)"
_MUST_BE = (r"(?:(?:must|has\s+to|have\s+to|needs?\s+to|should)\s+be|muss|müssen|sollte|debe(?:\s+ser)?|"
            r"tiene\s+que\s+ser|ha\s+de\s+ser|faut\s+que\s+ce\s+soit|doit\s+être|deve\s+(?:essere|ser)|"
            r"devono\s+essere|tem\s+que\s+ser|precisa\s+ser|harus|phải\s+là|должн\w*\s+быть|musi\s+być|"
            r"moet|måste\s+vara|必须是|必須是|得是|一定要是)")
_MODEL_NOUN = (r"(?:[\s-]+(?:models?|modelle?n?|modelos?|modèles?|modelli|llms?|family|ones|lineup)|"
               r"\s?(?:的模型|のモデル|모델))?")
_PARTY_RES: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    # (pattern, preferred table, exclude?)
    # "roda no Groq ou no Cerebras": Portuguese "no"/"na" is "in the", not English "no", after a verb of running
    (re.compile(rf"\b(?:roda|rodar|rode|rodam|rodando|rodem|hospedad[oa]s?|dispon[ií]ve(?:l|is)|está|esteja|"
                rf"corre|corra|correr|läuft|laufen|tourne|tourner|gira|girare)\s+(?:no|na|nos|nas|em|en|auf|sur|su)\s+"
                rf"(?:the\s+)?{_NAME_LIST}"), "host", False),
    (re.compile(rf"\b{_EXCL_CUE}\s+{_HOST_CUE}\s+(?:the\s+)?{_NAME_LIST}(?:\s+(?:api|cloud|platform))?"),
     "host", True),
    (re.compile(rf"\b{_EXCL_CUE}[-\s]*(?:(?:deve|debe|doit|darf|soll|muss|must|should|może|może|mag|moet|"
                rf"trebuie\s+să|powinien|powinno|должн\w*|повинн\w*)\s+)?"
                rf"(?:(?:sea|es|ist|sein|seja|soit|sia|est|é|essere|ser|être|be|fie|być|быть|бути|zijn)\s+)?"
                rf"(?:(?:los|las|les|os|as|the|die|der|gli|i|those)\s+)?"
                rf"(?:(?:from|by|made\s+by|built\s+by|trained\s+by|of(?:\s+the)?|von|de|da|do|du|des|par|di|dal|от|из|van|z|"
                rf"od|chez|de\s+la|din|från|fra|dari|từ|της|מ|של|من|از|से|від)\s+|d['’]\s*)?"
                rf"(?:any\s+)?"
                # "kein Modell von Google", "ningún modelo de OpenAI": the model noun between cue and maker
                rf"(?:(?:models?|{_MODEL_WORD})\s+(?:from|by|von|de|d['’]|da|di|del|van|od|z|от|из)\s*)?"
                rf"{_NAME_LIST}{_MODEL_NOUN}"),
     "org", True),
    # "就是别用Anthropic的", "不要OpenAI": Chinese runs words together, so no word boundary comes before the cue
    (re.compile(rf"(?:别用|不要用|不想用|不能用|不可以用|不准用|禁止用|不能使用|不得使用|不用|不要|别|除了|非)\s*{_NAME_LIST}"),
     "org", True),
    # "OpenAI以外の", "Google을 제외한", "OpenAI 말고", "除了Google之外": the exclusion comes after the name
    (re.compile(rf"{_NAME_LIST}\s*(?:以外|を除く|を除いた|じゃない|ではない|之外|以外的|(?:을|를)?\s?제외\w*|말고|이외|"
                rf"hariç|dışında|olmasın|değil|nélkül|kivételével|के\s+(?:अलावा|सिवा|बिना)|नहीं|ছাড়া|বাদে|نه|نباشد|"
                # Hinglish "openai ka nahi", "google ke alawa"
                rf"(?:ka|ki|ke)\s+(?:nahi|nahin|nai)(?![^\W\d_])|ke\s+(?:alawa|alava|siva|bina)(?![^\W\d_]))"),
     "org", True),
    (re.compile(rf"\b{_HOST_CUE}\s+(?:the\s+)?{_NAME_LIST}(?:\s+(?:api|cloud|platform))?"),
     "host", False),
    # "在Bedrock上", "通过Azure", "Bedrockで使える", "Azure에서": hosts in scripts without spaces
    (re.compile(rf"(?:在|通过|通過|经由|經由)\s*{_NAME_LIST}|{_NAME_LIST}\s*(?:上で|で使える|で利用|上可用|上的|上|에서)"),
     "host", False),
    (re.compile(rf"\b{_ORG_CUE}\s+{_NAME_LIST}{_MODEL_NOUN}"), "org", False),
    # "только модели Anthropic", "solo modelos de Google", "only models by OpenAI": a model noun after "only"
    (re.compile(rf"\b{_ONLY_CUE}\s+(?:(?:the|los|les|os|as|die|gli|i)\s+)?{_MODEL_WORD}\s+"
                rf"(?:(?:from|by|of|de|d['’]|von|da|do|di|dari|van|od|z|от|из)\s*)?{_NAME_LIST}"), "org", False),
    # "has to be from OpenAI or Google", "il faut que ce soit OpenAI", "deve essere di OpenAI", "harus dari OpenAI",
    # "phải là của OpenAI", "должна быть от OpenAI": what the model must be is who made it
    (re.compile(rf"(?<![^\W\d_]){_MUST_BE}\s+(?:(?:from|by|of|made\s+by|de|d['’]|von|da|do|di|dari|của|van|od|z|от|"
                rf"la|el|the|a|an)\s*)*{_NAME_LIST}"), "org", False),
    # Turkish and Japanese put it after the names: "OpenAI veya Google olmak zorunda", "OpenAIかGoogleじゃないとダメ"
    (re.compile(rf"{_NAME_LIST}\s*(?:olmak\s+zorunda|olmalı|olması\s+lazım|(?:の\w{{0,4}})?じゃないと(?:ダメ|だめ)|"
                rf"でないと(?:ダメ|だめ)|(?:모델)?이어야|여야)"), "org", False),
    # French "ne … que": "la boîte n'autorise que les modèles d'Anthropic", "on n'utilise que Mistral"
    (re.compile(rf"\bn['’]\w+\s+(?:\w+\s+)?que\s+(?:(?:les|des|la|le)\s+)?(?:{_MODEL_WORD}\s+)?"
                rf"(?:(?:de|d['’]|par)\s*)?{_NAME_LIST}"), "org", False),
    # "our company only approved Groq", "we can only use Bedrock": the one place allowed
    (re.compile(rf"\b(?:only|just)\s+(?:(?:approved|allowed|permitted|whitelisted|use|uses|using)\s+)(?:the\s+)?"
                rf"{_NAME_LIST}"), "host", False),
    # "Tra Claude e Gemini, quale…", "between GPT and Claude": the answer is one of the two named
    (re.compile(rf"\b(?:between|tra|fra|entre|zwischen|między|між|между|mezi|arasında)\s+{_NAME_LIST}"), "org", False),
    # "groq or cerebras only", "Bedrock exclusively", "nur Azure": the names before a word for "only"
    (re.compile(rf"(?<![\w-]){_NAME_LIST}\s+(?:only|exclusively|nur|solo|solamente|seulement|uniquement|apenas|"
                rf"somente|только|tylko|alleen|sadece)\b"), "org", False),
    (re.compile(rf"{_NAME_LIST}(?:\s+(?:models?|llms?|family|lineup)\b|\s?(?:的模型|的|模型|のモデル|の|모델))"),
     "org", False),
)

# A comparison right before the cue: "el fondo blanco como en Amazon", "like on Amazon", "wie bei Google" name where
# something is seen, not where the model must come from ("I'd like it on Bedrock" still asks for Bedrock).
_LIKE_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:(?<!\bi\s)(?<!\bwe\s)(?<!would\s)(?<!['’]d\s)like|just\s+like|"
                             r"como|tal\s+como|igual\s+que|wie|genau\s+wie|comme|come|zoals|jak|как|як)\s*$")
_KIND_RE = re.compile(r"\b(?:mcp|model\s+context\s+protocol)\s+servers?\b")


def read_parties(st: ParseState) -> None:
    """Read included and excluded organizations and hosts, and MCP servers as a kind."""
    weak = _PARTY_RES[-1][0]
    for regex, table, exclude in _PARTY_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            if not exclude and _LIKE_BEFORE_RE.search(st.low, max(0, m.start() - 24), m.start()):
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
            if regex is weak and not re.search(r"models?|llms?|family|lineup|模型|モデル|모델", m.group(0)):
                # "OpenAIのRealtime APIみたいに…OpenAI以外で": a name with only a possessive after it names the model
                # compared with; where the need excludes that maker, it is not asked for as well.
                found = [f for f in found if f[1] not in st.parties.get((f[0], True), {})]
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
