"""Attach evidence that names its model by a catalog key (``EvidenceRecord.match_key``).

Benchmark sources other than the arena name the model the way a catalog does: Aider runs name a
LiteLLM key in their ``command`` (``gemini/gemini-2.5-pro``), MTEB and llm-stats name an
``org/model`` id. Such a key is tried, in this order, and the first hit wins:

1. ``identity``: the LiteLLM key rule (:func:`resolve_identity`) gives a slug the catalog has;
2. ``alias``: the folded key is an alias of one artifact (any source key, host key, name);
3. ``alias-last-segment``: the key's last path segment is such an alias;
4. ``pre-release``: a ``-preview`` / ``-exp`` key, with or without its date
   (``gemini-2.5-pro-preview-06-05``), of a model the catalog lists under its release name;
5. ``name``: the source's display name, matched by the arena name rules (dates, versions,
   organization prefixes).

A matched row keeps the key it was measured under in ``details["measured_on"]`` and the rule in
``details["matched_by"]``.

Names matching nothing are listed per source, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from matchgraph.catalog.domain import EvidenceRecord
from matchgraph.catalog.names import normalize_alias
from matchgraph.sources.arena_names import match_arena_names
from matchgraph.sources.litellm_identity import resolve_identity

# Key prefixes that are LiteLLM provider names; anything else resolves as an OpenAI-style bare key.
_PROVIDERS = frozenset({
    "openai", "anthropic", "gemini", "vertex_ai", "bedrock", "azure", "openrouter", "deepseek", "xai",
    "mistral", "groq", "together_ai", "fireworks_ai", "cohere", "dashscope", "moonshot", "zai",
    "deepinfra", "perplexity", "cerebras", "sambanova", "nvidia_nim", "ollama",
})  # fmt: skip
_PRE_RELEASE = re.compile(r"-(?:preview|exp)(?:-\d{2}-\d{2}|-\d{4})?$", re.IGNORECASE)
# Which kind of artifact each source measures, for the name rules' mode check.
SOURCE_BOARDS = {"aider": "text", "llmstats": "text", "mteb": "embedding"}


@dataclass
class EvidenceMatchReport:
    """Matched and unmatched model names of one evidence source."""

    source: str
    matched: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (slug, rule)
    unmatched: list[str] = field(default_factory=list)


def _identity_slug(key: str) -> str:
    head = key.split("/", 1)[0]
    provider = head if head in _PROVIDERS else "openai"
    return resolve_identity(key, {"litellm_provider": provider, "mode": "chat"}).slug


def same_maker(key: str, slug: str) -> bool:
    """A key's last segment may stand for a slug only when the key names no other maker: a host prefix
    (``openrouter/...``) says nothing of the maker, but ``facebook/SONAR`` is not ``perplexity/sonar``."""
    if "/" not in key:
        return True
    head = key.split("/", 1)[0]
    if head in _PROVIDERS:
        return True
    fold = normalize_alias(head).replace("-", "").replace("_", "")
    org = normalize_alias(slug.split("/", 1)[0]).replace("-", "").replace("_", "")
    return fold == org or fold.startswith(org) or org.startswith(fold)


def match_key(key: str, name: str, index: Mapping[str, str], slugs: Collection[str]) -> tuple[str, str] | None:
    """(slug, rule) for one catalog key, or None (the name rules are applied per source, in bulk)."""
    key = key.strip()
    if not key:
        return None
    slug = _identity_slug(key)
    if slug in slugs and same_maker(key, slug):
        return slug, "identity"
    folded = normalize_alias(key)
    if folded in index:
        return index[folded], "alias"
    last = normalize_alias(key.rsplit("/", 1)[-1])
    if last in index and same_maker(key, index[last]):
        return index[last], "alias-last-segment"
    release = _PRE_RELEASE.sub("", key)
    if release != key:
        hit = match_key(release, name, index, slugs)
        if hit is not None:
            return hit[0], "pre-release"
    return None


def match_keyed_evidence(
    evidence: Iterable[EvidenceRecord],
    index: Mapping[str, str],
    slugs: Collection[str],
    slug_modes: Mapping[str, Collection[str]] | None = None,
) -> dict[str, EvidenceMatchReport]:
    """Fill ``slug`` on every record that names a catalog key; one report per source."""
    by_source: dict[str, list[EvidenceRecord]] = {}
    for ev in evidence:
        by_source.setdefault(ev.source, []).append(ev)
    reports: dict[str, EvidenceMatchReport] = {}
    for source, evs in sorted(by_source.items()):
        report = EvidenceMatchReport(source)
        label: dict[str, str] = {}
        pending: dict[str, str] = {}
        for ev in evs:
            name = ev.match_key or ev.artifact_name
            label[id(ev)] = name
            if name in report.matched or name in pending:
                continue
            hit = match_key(ev.match_key or "", ev.artifact_name, index, slugs)
            if hit is not None:
                report.matched[name] = hit
            else:
                pending[name] = ev.artifact_name
        if pending:
            by_name = match_arena_names(sorted(set(pending.values())), index,
                                        SOURCE_BOARDS.get(source, "text"), slug_modes=slug_modes,
                                        suggestions=0)
            for name, display in pending.items():
                hit = by_name.matched.get(display)
                if hit is not None:
                    report.matched[name] = (hit[0], f"name:{hit[1]}")
                else:
                    report.unmatched.append(name)
        for ev in evs:
            hit = report.matched.get(label[id(ev)])
            if hit is not None:
                ev.slug = hit[0]
                ev.details = {**ev.details, "measured_on": label[id(ev)], "matched_by": hit[1]}
        report.unmatched.sort()
        reports[source] = report
    return reports
