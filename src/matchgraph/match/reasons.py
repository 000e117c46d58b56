"""Plain-language reasons for a result, each built only from catalog facts and stated computations.

A typical first reason reads ``$0.15/M input, $0.60/M output (openai), 128K context, image
understanding + function calling``; evidence reads ``arena coding 1340 ± 12 (95% CI 1328–1352,
lmarena)``. Unknown facts are said to be unknown, never shown as zero.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from matchgraph.catalog.facts import fmt_money, fmt_tokens, join_names, plural
from matchgraph.catalog.metric_names import format_value, metric_label
from matchgraph.match.index import MatchIndex, lists_only_zero
from matchgraph.match.lexical import tokenize
from matchgraph.rank.positions import position
from matchgraph.store.read_model import ArtifactView, EvidenceView, OfferView

# Features worth naming in the summary line, in the order they are named.
_FEATURES: tuple[tuple[str, str], ...] = (
    ("capability://vision.image-understanding", "vision"),
    ("capability://vision.ocr", "OCR"),
    ("capability://vision.pdf", "PDF input"),
    ("capability://audio.understanding", "audio input"),
    ("capability://audio.transcription", "transcription"),
    ("capability://audio.speech-synthesis", "speech output"),
    ("capability://tools.function-calling", "tool calling"),
    ("capability://text.structured-output.json-schema", "JSON schema"),
    ("capability://text.structured-output.json-mode", "JSON mode"),
    ("capability://text.reasoning.extended-thinking", "extended thinking"),
    ("capability://tools.web-search", "web search"),
    ("capability://image.generation.text-to-image", "text-to-image"),
    ("capability://image.editing", "image editing"),
    ("capability://video.generation.text-to-video", "text-to-video"),
    ("capability://embeddings.text", "text embeddings"),
    ("capability://retrieval.reranking", "reranking"),
    ("capability://api.prompt-caching", "prompt caching"),
)
MAX_FEATURES = 4
_UNIT_WORDS = {"per_second": "per second", "per_character": "per character", "per_query": "per query",
               "per_page": "per page"}


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    # Every result of a search reads the same need words, and a shown artifact's name recurs across searches.
    return tuple(tokenize(text))


def cap_name(index: MatchIndex, uri: str) -> str:
    """The taxonomy name of a capability, lower-cased unless it starts with an acronym."""
    name = index.taxonomy.get(uri).name if uri in index.taxonomy else uri.removeprefix("capability://")
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def evidence_text(e: EvidenceView) -> str:
    """``LMArena text: coding 1340 ± 12 (95% CI 1328–1352, lmarena)``; a benchmark as its score and source."""
    label = metric_label(e.metric, e.details)
    if not e.metric.startswith("arena_rating:"):
        who = " reported by the model's maker" if e.kind == "self_reported" else ""
        return f"{label} {format_value(e.metric, e.value)} ({e.source}{who})"
    text = f"{label} {e.value:.0f}"
    if e.ci_low is not None and e.ci_high is not None:
        half = (e.ci_high - e.ci_low) / 2
        text += f" ± {half:.0f} (95% CI {e.ci_low:.0f}–{e.ci_high:.0f}, {e.source})"
    else:
        text += f" ({e.source})"
    return text


def price_text(offer: OfferView | None, kind: str) -> str:
    """``$0.15/M input, $0.60/M output (openai)``, ``$0.04 per image (fal)`` or ``free tier (openrouter)``;
    unknown said as such."""
    if offer is None:
        return "price unknown"
    p = offer.prices
    if offer.kind == "free_tier" and all(v in (None, 0) for v in p.values()):
        # A confirmed free offer reads as what it is, not as a string of "$0" prices.
        return f"free tier ({offer.host})"
    if all(v is None for v in p.values()) and lists_only_zero(offer):
        # Every price the source gives is $0, unconfirmed: said as listed, never as free or as a price.
        return f"listed at $0, not confirmed free ({offer.host})"
    if kind not in _UNIT_WORDS and p.get("input_per_mtok") is None and p.get("output_per_mtok") is None \
            and p.get("per_image") is None:
        # An artifact billed in another unit (a search API per query, a voice per character) is shown in it
        # rather than as two unknown token prices.
        kind = next((k for k in _UNIT_WORDS if p.get(k) is not None), kind)
    if kind in _UNIT_WORDS:
        v = p.get(kind)
        body = f"{fmt_money(v)} {_UNIT_WORDS[kind]}" if v is not None else f"price {_UNIT_WORDS[kind]} unknown"
        return f"{body} ({offer.host})"
    if kind == "image" or (p.get("per_image") is not None and p.get("input_per_mtok") is None):
        body = f"{fmt_money(p.get('per_image'))} per image" if p.get("per_image") is not None else \
            "per-image price unknown"
    else:
        parts = []
        for key, label in (("input_per_mtok", "input"), ("output_per_mtok", "output")):
            v = p.get(key)
            parts.append(f"{fmt_money(v)}/M {label}" if v is not None else f"{label} price unknown")
        if p.get("per_query") is not None:
            parts.append(f"{fmt_money(p['per_query'])} per query")
        body = ", ".join(parts)
    return f"{body} ({offer.host})"


def summary(index: MatchIndex, a: ArtifactView, offer: OfferView | None, kind: str, matched: list[str]) -> str:
    """Price, context and the most relevant features in one line."""
    parts = [price_text(offer, kind) if a.offers else "no hosted offer known"]
    if a.output_modalities & {"text", "embedding"}:
        parts.append(f"{fmt_tokens(a.context_window)} context")
    labels = dict(_FEATURES)
    named: list[str] = []
    for uri in matched:
        if uri in labels and labels[uri] not in named:
            named.append(labels[uri])
    for uri, label in _FEATURES:
        if a.has(uri) and label not in named:
            named.append(label)
    if named:
        parts.append(" + ".join(named[:MAX_FEATURES]))
    return ", ".join(parts)


def build_reasons(index: MatchIndex, i: int, *, offer: OfferView | None, kind: str, hard: list[str],
                  soft: list[str], quality_caps: list[str], learned: dict[str, tuple[int, int]] | None,
                  soft_text: str) -> list[str]:
    """Reasons for artifact ``i``, most useful first."""
    a = index.artifacts[i]
    matched_hard = index.matched_uris(i, hard)
    reasons = [summary(index, a, offer, kind, matched_hard + index.matched_uris(i, soft))]
    if hard:
        reasons.append("Has every required capability: " + join_names([cap_name(index, u) for u in hard], 6) + ".")
    if soft:
        have = [u for u in soft if index.family_has(u)[i]]
        text = f"Has {len(have)} of {len(soft)} preferred capabilities"
        text += (": " + join_names([cap_name(index, u) for u in have], 5)) if have else ""
        missing = [u for u in soft if u not in have]
        if missing:
            text += "; lacks " + join_names([cap_name(index, u) for u in missing], 4)
        reasons.append(text + ".")
    for uri in quality_caps:
        entry = index.quality.entry.get(uri, {}).get(i)
        if entry is not None:
            # The position the artifact's own page gives: among its peers on that board, one per family.
            text = position(replace(entry, slug=a.slug))["text"]
            reasons.append(f"{text[:1].upper()}{text[1:]}, for {cap_name(index, uri)}.")
    if quality_caps and not any(index.quality.figure.get(u, {}).get(i) for u in quality_caps):
        reasons.append("No rating or benchmark for " + join_names([cap_name(index, u) for u in quality_caps]) + ".")
    if a.hosts_count:
        reasons.append(f"Offered by {plural(a.hosts_count, 'host')}: {join_names(a.hosts, 5)}.")
    else:
        reasons.append("No hosted offer known: no source lists a host for it"
                       + ("; its weights are published." if a.open_weights is True else "."))
    groups: dict[tuple[int, int], list[str]] = {}
    for uri, (s, f) in (learned or {}).items():
        if s + f:
            groups.setdefault((s, f), []).append(cap_name(index, uri))
    for (s, f), names in sorted(groups.items()):
        reasons.append(f"{plural(s, 'success', 'successes')} and {plural(f, 'failure')} reported for "
                       f"{join_names(names, 4)}.")
    names = set(_words(" ".join((a.name, a.slug.replace("/", " "), a.family or ""))))
    hits = [t for t in dict.fromkeys(_words(soft_text)) if t in names]
    if hits:
        reasons.append(f"Its name matches {', '.join(repr(h) for h in hits[:3])} from the need.")
    if a.status != "active":
        reasons.append(f"Status: {a.status}.")
    return reasons
