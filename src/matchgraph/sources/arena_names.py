"""Match LMArena model names to catalog slugs, explicitly and deterministically.

Arena names are spelled by the arena (``claude-opus-4-20250514-thinking-16k``,
``gemini-3-pro-image-preview (nano-banana-pro)``); the catalog knows models by slugs and by the
aliases its sources use. Matching never guesses:

1. ``override``: :data:`ARENA_NAME_OVERRIDES`, a hand-checked table for names no rule can match
   (or that a rule or an exact spelling would match wrongly); each entry names a catalog alias
   (usually a source key) or None, and says why. It is consulted first so a human decision wins.
2. ``exact``: the folded arena name (:func:`normalize_alias`, with "+" spelled out) is an alias.
   In the report an exact hit on a slug's model part reads ``slug-model-id``.
3. Named rewrite rules (:data:`RULES`), each a documented spelling difference. Rules are tried
   alone first, then in pairs, then in threes; a candidate counts only if the catalog has it, so a
   rule such as "drop ``-thinking``" applies only where the catalog confirms the base model.

At every step a candidate is looked up among the aliases and among the model parts of the catalog's
slugs (``openai/gpt-4o-mini`` -> ``gpt-4o-mini``, when only one slug has that model part). When one
step yields more than one slug the name is reported as ambiguous and left unmatched. Nearest-name
suggestions are computed for unmatched names, for a person to review; they are never applied.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz, process

from matchgraph.catalog.names import normalize_alias

# Modes a catalog artifact may have to be rated on each board. An image-board name must never land
# on a chat model (or the reverse) even if the spelling happens to match.
BOARD_MODES: dict[str, frozenset[str]] = {
    "text": frozenset({"chat", "completion", "responses"}),
    "vision": frozenset({"chat", "completion", "responses"}),
    "image": frozenset({"image_generation", "image_edit"}),
}

# Arena name (as the arena spells it) -> catalog alias of the same model, or None to keep the name
# unmatched on purpose. Values are aliases (source keys), not slugs, so they survive changes to the
# slug convention; they are resolved through the alias index like any other alias.
ARENA_NAME_OVERRIDES: dict[str, str | None] = {
    # xAI published only one Grok 4 snapshot (0709); the catalog lists it without the MMDD suffix,
    # and no rule drops four-digit suffixes because they are ambiguous (0709 vs 2506 = 2025-06).
    "grok-4-0709": "vercel_ai_gateway/xai/grok-4",
    # The arena's "chat" entry is Grok 4 Fast in its non-reasoning mode, which hosts list as
    # grok-4-fast-non-reasoning.
    "grok-4-fast-chat": "azure_ai/grok-4-fast-non-reasoning",
    # Kimi K2 0711 is the first Kimi K2 Instruct release; hosts list it without a date.
    "kimi-k2-0711-preview": "deepinfra/moonshotai/Kimi-K2-Instruct",
    # Mistral Small 3.2 (June 2025, "2506"); hosts spell it Mistral-Small-3.2-24B-Instruct-2506.
    "mistral-small-2506": "deepinfra/mistralai/Mistral-Small-3.2-24B-Instruct-2506",
    # The arena's unversioned mistral-7b-instruct is v0.1 (v0.2 has its own arena entry); the exact
    # alias "mistral-7b-instruct" in the catalog does not say which version it serves.
    "mistral-7b-instruct": "anyscale/mistralai/Mistral-7B-Instruct-v0.1",
    # Qwen-Plus snapshot of 2025-01-25, written as MMDD by the arena.
    "qwen-plus-0125": "dashscope/qwen-plus-2025-01-25",
    # QwQ-32B-Preview (Nov 2024) is not QwQ-32B (Mar 2025), which the pre-release rule would pick;
    # the one host that still lists the preview prefixes the family name.
    "qwq-32b-preview": "fireworks_ai/accounts/fireworks/models/qwen-qwq-32b-preview",
    # OpenChat 3.5 0106 is a 7B model; the host key spells the size and the version differently.
    "openchat-3.5-0106": "fireworks_ai/accounts/fireworks/models/openchat-3p5-0106-7b",
    # The arena's DeepSeek-Coder-V2 is the instruct model. No rule appends "-instruct": for other
    # names that suffix marks a different model (gpt-3.5-turbo vs gpt-3.5-turbo-instruct).
    "deepseek-coder-v2": "fireworks_ai/accounts/fireworks/models/deepseek-coder-v2-instruct",
    # The one stable Gemini 2.0 Flash is 001; the catalog lists it undated. Snapshot suffixes are not
    # dropped by a rule, because an undated alias often moves to a later snapshot (grok-2 -> 1212).
    "gemini-2.0-flash-001": "vertex_ai/gemini-2.0-flash",
    # GPT-4.5 Preview had a single snapshot (2025-02-27), listed without its date.
    "gpt-4.5-preview-2025-02-27": "azure/gpt-4.5-preview",
    # The arena's gemini-pro is Gemini 1.0 Pro; the catalog's google/gemini-pro is the moving
    # gemini-pro-latest alias of a later generation, so the exact spelling must not match.
    "gemini-pro": None,
    # The arena's mistral-medium is the 2023 model; the catalog's undated mistral-medium (and its
    # -latest alias) is the current Mistral Medium.
    "mistral-medium": None,
    # Vision board: Meta and Qwen name these "<size>-Vision-Instruct" / "-Instruct".
    "llama-3.2-vision-90b-instruct": "vertex_ai/meta/llama-3.2-90b-vision-instruct-maas",
    "llama-3.2-vision-11b-instruct": "deepinfra/meta-llama/Llama-3.2-11B-Vision-Instruct",
    "qwen2-vl-72b": "nebius/Qwen/Qwen2-VL-72B-Instruct",
    # Image board. Hosts write FLUX.1 Kontext without the "1" (flux-kontext-pro) and use path
    # spellings for the rest (bytedance/seedream/v3, sd3.5-large, ideogram/v3, imagen4/preview).
    "flux-1-kontext-pro": "black_forest_labs/flux-kontext-pro",
    "flux-1-kontext-max": "black_forest_labs/flux-kontext-max",
    "seedream-3": "fal_ai/fal-ai/bytedance/seedream/v3/text-to-image",
    "stable-diffusion-v35-large": "stability/sd3.5-large",
    # "quality" is Ideogram 3.0's rendering setting, not a separate model.
    "ideogram-v3-quality": "fal_ai/fal-ai/ideogram/v3",
    # fal's Imagen 4 preview endpoints serve the June 2025 (06-06) preview models.
    "imagen-4.0-generate-preview-06-06": "fal_ai/fal-ai/imagen4/preview",
    "imagen-4.0-ultra-generate-preview-06-06": "fal_ai/fal-ai/imagen4/preview/ultra",
    # Display names of the CSV exports that no rule reaches: brand spellings ("DALL·E", "FLUX1.1
    # [pro]"), version words ("3.0" for v3) and the "c4ai-" prefix Cohere's keys carry.
    "DALL·E 3": "aiml/dall-e-3",
    "FLUX1.1 [pro]": "black_forest_labs/flux-pro-1.1",
    "FLUX.1 [dev] (fp8)": "fireworks_ai/accounts/fireworks/models/flux-1-dev-fp8",
    "Stable Diffusion 3.5 Large": "stability/sd3.5-large",
    "Seedream 3.0": "fal_ai/fal-ai/bytedance/seedream/v3/text-to-image",
    "Ideogram 3.0 (quality)": "fal_ai/fal-ai/ideogram/v3",
    "Aya-Expanse-32B": "c4ai-aya-expanse-32b",
}


@dataclass(frozen=True)
class Candidate:
    """One spelling to look up, with the rules that produced it (in the order applied)."""

    text: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A named, documented rewrite of an arena spelling into the spelling a catalog may use."""

    name: str
    description: str
    rewrite: Callable[[str], list[str]]
    raw: bool = False  # applies to the arena's raw spelling (before folding)


_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE8 = re.compile(r"^20\d{2}[01]\d[0-3]\d$")
_MONTH_YEAR = re.compile(r"^[01]\d-20\d{2}$")
_DATE8_SUFFIX = re.compile(r"^(?P<base>.+)-(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)$")
_DATE_ISO_SUFFIX = re.compile(r"^(?P<base>.+)-(?P<y>20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)$")
_RESOLUTION_SUFFIX = re.compile(r"^(?P<base>.+?)-(?:[248]k|hd|high-res|highres)$")
_HOST_SUFFIX = re.compile(r"^(?P<base>.+)-fal$")
_PRECISION_SUFFIX = re.compile(r"^(?P<base>.+)-(?:fp8|fp16|bf16|int8|int4)$")
_REASONING_MODE_SUFFIX = re.compile(r"^(?P<base>.+?)-(?:no-|non-)?thinking(?:-\d+k)?$")
_EFFORT_SUFFIX = re.compile(r"^(?P<base>.+)-(?:high|medium|low|minimal)$")
_PRERELEASE_SUFFIX = re.compile(r"^(?P<base>.+)-(?:preview|beta)$")
_VERSION_DOT = re.compile(r"(?<=\d)\.(?=\d)")
_BEDROCK_NAMESPACES = ("amazon", "anthropic", "meta", "mistral", "cohere", "ai21")
_BEDROCK_REVISION = re.compile(r"-v?(\d+)\.(\d+)$")
_ORG_PREFIXES = ("amazon-", "meta-", "nvidia-", "google-", "microsoft-", "openai-", "anthropic-", "ibm-")


def _paren_date(inner: str) -> list[str]:
    """Suffix spellings of a date written in parentheses, or [] when ``inner`` is not a date."""
    inner = inner.strip()
    if match := _ISO_DATE.match(inner):
        return ["".join(match.groups()), "-".join(match.groups())]
    if _DATE8.match(inner) or _MONTH_YEAR.match(inner):
        return [inner]  # 20241022 as is; 04-2024 is how Cohere writes snapshots (command-r-08-2024)
    return []


def _parenthetical_note(raw: str) -> list[str]:
    match = _PAREN.match(raw)
    if match is None or _paren_date(match["inner"]):
        return []
    return [match["base"]]


def _parenthetical_date(raw: str) -> list[str]:
    match = _PAREN.match(raw)
    if match is None:
        return []
    return [f"{match['base']}-{suffix}" for suffix in _paren_date(match["inner"])]


def _date_format(name: str) -> list[str]:
    if match := _DATE8_SUFFIX.match(name):
        return [f"{match['base']}-{match['y']}-{match['m']}-{match['d']}"]
    if match := _DATE_ISO_SUFFIX.match(name):
        return [f"{match['base']}-{match['y']}{match['m']}{match['d']}"]
    return []


def _suffix_rule(pattern: re.Pattern[str]) -> Callable[[str], list[str]]:
    def rewrite(name: str) -> list[str]:
        match = pattern.match(name)
        return [match["base"]] if match else []

    return rewrite


def _org_prefix(name: str) -> list[str]:
    return [name[len(p) :] for p in _ORG_PREFIXES if name.startswith(p) and len(name) > len(p)]


def _bedrock_id(name: str) -> list[str]:
    # "amazon-nova-pro-v1.0" (or "Amazon Nova Pro 1.0") is Bedrock's "amazon.nova-pro-v1:0", folded
    # "amazon.nova-pro-v1-0".
    for namespace in _BEDROCK_NAMESPACES:
        if name.startswith(f"{namespace}-") and len(name) > len(namespace) + 1:
            rest = _BEDROCK_REVISION.sub(r"-v\1-\2", name[len(namespace) + 1 :])
            return [f"{namespace}.{rest}"]
    return []


def _version_spelling(name: str) -> list[str]:
    if not _VERSION_DOT.search(name):
        return []
    return [_VERSION_DOT.sub("p", name), _VERSION_DOT.sub("-", name)]


RULES: tuple[Rule, ...] = (
    Rule(
        "parenthetical-note",
        "drop a nickname or setting in parentheses: 'gemini-2.5-flash-image-preview (nano-banana)',"
        " 'Claude Opus 4 (thinking-16k)'",
        _parenthetical_note,
        raw=True,
    ),
    Rule(
        "parenthetical-date",
        "a date in parentheses is a snapshot: 'ChatGPT-4o-latest (2025-03-26)' -> '...-20250326',"
        " 'Command R+ (08-2024)' -> 'command-r-plus-08-2024'",
        _parenthetical_date,
        raw=True,
    ),
    Rule("date-format", "the same date as '-20250514' or '-2025-05-14'", _date_format),
    Rule(
        "reasoning-mode",
        "'-thinking', '-thinking-32k', '-no-thinking' name a mode of the same model",
        _suffix_rule(_REASONING_MODE_SUFFIX),
    ),
    Rule(
        "reasoning-effort",
        "'-high' (or medium/low/minimal) is a reasoning-effort setting of the same model",
        _suffix_rule(_EFFORT_SUFFIX),
    ),
    Rule(
        "pre-release",
        "'-preview' / '-beta' of a model the catalog lists under its release name; a preview that"
        " is a different model from the release (qwq-32b-preview) needs an override",
        _suffix_rule(_PRERELEASE_SUFFIX),
    ),
    Rule(
        "resolution",
        "'-2k', '-4k', '-hd', '-high-res' are output-resolution settings of an image model",
        _suffix_rule(_RESOLUTION_SUFFIX),
    ),
    Rule("serving-host", "'-fal' names the host serving the model in the arena", _suffix_rule(_HOST_SUFFIX)),
    Rule(
        "precision",
        "'-fp8', '-bf16'... are numeric precisions of the same weights",
        _suffix_rule(_PRECISION_SUFFIX),
    ),
    Rule(
        "org-prefix",
        "a leading organization name: 'meta-llama-3.1-405b-instruct', 'amazon-nova-pro-v1.0'",
        _org_prefix,
    ),
    Rule(
        "bedrock-id",
        "'amazon-nova-pro-v1.0' is the Bedrock id 'amazon.nova-pro-v1:0'",
        _bedrock_id,
    ),
    Rule("version-spelling", "'4.5' spelled '4p5' or '4-5' by some hosts", _version_spelling),
)
MAX_RULES_PER_NAME = 3


@dataclass
class NameMatchReport:
    """The outcome of matching one board's arena names to catalog slugs."""

    board: str
    matched: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (slug, rule)
    unmatched: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # name -> nearest aliases
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # name -> candidate slugs
    rejected: dict[str, str] = field(default_factory=dict)  # name -> why a match was refused

    @property
    def total(self) -> int:
        """Number of distinct names considered."""
        return len(self.matched) + len(self.unmatched)

    def match_rate(self) -> float:
        """Matched names / all names (0.0 for an empty report)."""
        return len(self.matched) / self.total if self.total else 0.0

    def rule_counts(self) -> Counter[str]:
        """How many names each rule (or rule chain) matched."""
        return Counter(rule for _, rule in self.matched.values())

    def to_markdown(self) -> str:
        """A reviewable report: summary, matches with their rule, and the unmatched names."""
        lines = [
            f"# Arena name matching: {self.board} board",
            "",
            f"{len(self.matched)} of {self.total} names matched ({self.match_rate():.1%}).",
            "",
            "| rule | names |",
            "|---|---|",
        ]
        lines += [f"| {rule} | {n} |" for rule, n in sorted(self.rule_counts().items())]
        lines += ["", "## Matched", "", "| arena name | slug | rule |", "|---|---|---|"]
        lines += [f"| {name} | {slug} | {rule} |" for name, (slug, rule) in sorted(self.matched.items())]
        lines += ["", "## Unmatched", "", "| arena name | why | nearest catalog aliases (not applied) |"]
        lines += ["|---|---|---|"]
        for name in self.unmatched:
            why = (
                f"ambiguous: {', '.join(self.ambiguous[name])}"
                if name in self.ambiguous
                else self.rejected.get(name, "no alias or rule")
            )
            lines.append(f"| {name} | {why} | {', '.join(self.suggestions.get(name, []))} |")
        return "\n".join(lines) + "\n"


class _Matcher:
    """Lookups built once from an alias index and reused for every name of a board."""

    def __init__(
        self,
        alias_index: Mapping[str, str],
        board: str,
        slug_modes: Mapping[str, Collection[str]] | None,
        overrides: Mapping[str, str | None],
    ) -> None:
        self.alias_index = alias_index
        self.board = board
        self.slug_modes = slug_modes
        self.overrides = {normalize_alias(k): v for k, v in overrides.items()}
        by_model_id: dict[str, set[str]] = {}
        for slug in set(alias_index.values()):
            by_model_id.setdefault(normalize_alias(slug.split("/", 1)[-1]), set()).add(slug)
        # Only model parts that name a single slug; "llama-3-70b" under two organizations stays out.
        self.model_ids = {mid: next(iter(s)) for mid, s in by_model_id.items() if len(s) == 1}

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(slug, how) for a folded spelling: an alias first, then a unique slug model part."""
        if text in self.alias_index:
            return self.alias_index[text], "alias"
        if text in self.model_ids:
            return self.model_ids[text], "slug-model-id"
        return None

    def fits_board(self, slug: str) -> bool:
        if self.slug_modes is None or self.board not in BOARD_MODES:
            return True
        modes = self.slug_modes.get(slug)
        # Unknown modes cannot refute the match; a known, different kind can.
        return not modes or bool(set(modes) & BOARD_MODES[self.board])

    def candidates(self, raw: str, depth: int) -> list[Candidate]:
        """Every spelling reachable from ``raw`` with exactly ``depth`` distinct rules, in rule order."""
        out: list[Candidate] = []
        for combo in combinations(RULES, depth):
            spellings = [raw]
            for rule in combo:
                nxt: list[str] = []
                for s in spellings:
                    nxt.extend(rule.rewrite(s if rule.raw else normalize_alias(s)))
                spellings = nxt
                if not spellings:
                    break
            names = tuple(r.name for r in combo)
            out.extend(Candidate(normalize_alias(s), names) for s in spellings)
        return out

    def match(self, raw: str, report: NameMatchReport) -> None:
        folded = normalize_alias(raw)
        if folded in self.overrides:
            target = self.overrides[folded]
            hit = self.lookup(normalize_alias(target)) if target is not None else None
            if hit is not None and self.fits_board(hit[0]):
                report.matched[raw] = (hit[0], "override")
                return
            if target is None:
                report.rejected[raw] = "kept unmatched by an override"
            elif hit is None:
                report.rejected[raw] = f"override target {target!r} is not in the catalog"
            else:
                report.rejected[raw] = f"override target {hit[0]} is not a {self.board} model"
            report.unmatched.append(raw)
            return
        for depth in range(MAX_RULES_PER_NAME + 1):
            cands = [Candidate(folded, ())] if depth == 0 else self.candidates(raw, depth)
            hits: dict[str, str] = {}
            refused: set[str] = set()
            for cand in cands:
                hit = self.lookup(cand.text)
                if hit is None:
                    continue
                slug, how = hit
                if not self.fits_board(slug):
                    refused.add(slug)
                    continue
                label = "+".join(cand.rules) if cand.rules else "exact"
                if how == "slug-model-id":
                    label = f"{label}+slug-model-id" if cand.rules else "slug-model-id"
                hits.setdefault(slug, label)
            if len(hits) == 1:
                slug, label = next(iter(hits.items()))
                report.matched[raw] = (slug, label)
                report.rejected.pop(raw, None)  # a wrong-kind spelling at a shallower depth
                return
            if len(hits) > 1:
                report.ambiguous[raw] = sorted(hits)
                report.unmatched.append(raw)
                return
            if refused and raw not in report.rejected:
                report.rejected[raw] = f"only {', '.join(sorted(refused))}, not a {self.board} model"
        report.unmatched.append(raw)


def suggest_aliases(name: str, alias_index: Mapping[str, str], limit: int = 3) -> list[str]:
    """Nearest catalog aliases to ``name`` by string similarity, as ``alias -> slug`` (review only)."""
    found = process.extract(normalize_alias(name), list(alias_index), scorer=fuzz.ratio, limit=limit)
    return [f"{alias} -> {alias_index[alias]}" for alias, _score, _ in found]


def match_arena_names(
    names: Iterable[str],
    alias_index: Mapping[str, str],
    board: str,
    *,
    slug_modes: Mapping[str, Collection[str]] | None = None,
    overrides: Mapping[str, str | None] | None = None,
    suggestions: int = 3,
) -> NameMatchReport:
    """Match arena model names to catalog slugs.

    ``alias_index`` maps ``normalize_alias(alias)`` to a slug for every alias, source key, name and
    slug in the catalog. ``slug_modes`` (slug -> modes such as ``chat`` or ``image_generation``), when
    given, refuses matches of the wrong kind for ``board``. ``overrides`` defaults to
    :data:`ARENA_NAME_OVERRIDES`. Unmatched names get up to ``suggestions`` nearest aliases.
    """
    matcher = _Matcher(
        alias_index, board, slug_modes, ARENA_NAME_OVERRIDES if overrides is None else overrides
    )
    report = NameMatchReport(board=board)
    seen: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name or name in seen:
            continue
        seen.add(name)
        matcher.match(name, report)
    if suggestions > 0:
        for name in report.unmatched:
            report.suggestions[name] = suggest_aliases(name, alias_index, suggestions)
    return report
