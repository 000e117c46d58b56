"""Derivation: group normalised source records into artifacts with offers, aliases and evidence.

Pure functions over records; the store writes what they return. Re-running on the same records
gives the same catalog (ids are assigned in sorted order).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from matchgraph.catalog.domain import EvidenceRecord, ModelRecord
from matchgraph.catalog.names import normalize_alias, slug_part

# Hosts run by the model's own creator; their record is the reference for the artifact's limits
# and list price when several hosts disagree.
FIRST_PARTY_HOSTS: dict[str, frozenset[str]] = {
    "openai": frozenset({"openai", "text-completion-openai", "chatgpt"}),
    "anthropic": frozenset({"anthropic"}),
    "google": frozenset({"gemini", "vertex_ai-language-models", "vertex_ai", "vertex_ai-embedding-models",
                         "vertex_ai-video-models", "vertex_ai-text-models"}),
    "mistralai": frozenset({"mistral", "codestral", "text-completion-codestral"}),
    "amazon": frozenset({"bedrock", "bedrock_converse", "amazon_nova"}),
    "meta-llama": frozenset({"meta_llama", "meta"}),
    "x-ai": frozenset({"xai"}),
    "qwen": frozenset({"dashscope", "qwen_ai_platform", "qwencloud"}),
    "moonshotai": frozenset({"moonshot"}),
    "z-ai": frozenset({"zai", "bigmodel"}),
    "stability-ai": frozenset({"stability"}),
    "black-forest-labs": frozenset({"black_forest_labs"}),
    "cohere": frozenset({"cohere", "cohere_chat"}),
    "runwayml": frozenset({"runwayml"}),
    "jina-ai": frozenset({"jina_ai"}),
}

# Price fields that say "this offer costs something per unit of output"; used to pick the cheapest.
_PRICE_ORDER = ("input_per_mtok", "output_per_mtok", "per_image", "per_second", "per_character",
                "per_query", "per_page")


def is_first_party(record: ModelRecord) -> bool:
    """True when the record comes from the model's creator (or the creator's own manifest)."""
    if record.source == "manifest":
        return True
    org = record.organization or ""
    if record.host in FIRST_PARTY_HOSTS.get(org, frozenset()):
        return True
    return bool(org) and slug_part(record.host) == org


@dataclass
class OfferDraft:
    """One way to use an artifact: a host's record."""

    id: int
    artifact_id: int
    record: ModelRecord
    status: str

    def row(self) -> dict[str, Any]:
        r = self.record
        prices = r.prices.as_dict()
        return {
            "id": self.id,
            "artifact_id": self.artifact_id,
            "host": r.host,
            "host_key": r.host_key,
            "source": r.source,
            "source_key": r.source_key,
            "mode": r.mode,
            "prices": prices,
            "input_per_mtok": prices["input_per_mtok"],
            "output_per_mtok": prices["output_per_mtok"],
            "per_image": prices["per_image"],
            "context_window": r.context_window,
            "max_output": r.max_output,
            "flags": sorted(r.declared),
            "status": self.status,
            "deprecation_date": r.deprecation_date,
            "url": r.url,
        }


@dataclass
class ArtifactDraft:
    """An artifact with everything derivation knows about it."""

    id: int
    slug: str
    name: str
    kind: str
    organization: str | None
    family: str | None
    release_date: str | None
    status: str
    deprecation_date: str | None
    license: str | None
    open_weights: bool | None
    parameters: int | None
    input_modalities: list[str]
    output_modalities: list[str]
    context_window: int | None
    max_output: int | None
    description: str | None
    offers: list[OfferDraft]
    reference: OfferDraft  # the offer whose limits and list price describe the artifact
    cheapest: OfferDraft | None  # the cheapest active offer with a known price (starting price)
    # capability uri -> list of {"source", "key", "flag"} that declare it
    declared: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    evidence: list[EvidenceRecord] = field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        return sorted({o.record.host for o in self.offers})

    def row(self) -> dict[str, Any]:
        start = self.cheapest.record.prices if self.cheapest else None
        return {
            "id": self.id,
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "organization": self.organization,
            "family": self.family,
            "release_date": self.release_date,
            "status": self.status,
            "deprecation_date": self.deprecation_date,
            "license": self.license,
            "open_weights": self.open_weights,
            "parameters": self.parameters,
            "input_modalities": self.input_modalities,
            "output_modalities": self.output_modalities,
            "context_window": self.context_window,
            "max_output": self.max_output,
            "description": self.description,
            "input_per_mtok": start.input_per_mtok if start else None,
            "output_per_mtok": start.output_per_mtok if start else None,
            "per_image": start.per_image if start else None,
            "starting_offer_id": self.cheapest.id if self.cheapest else None,
            "hosts_count": len(self.hosts),
        }


def _offer_status(record: ModelRecord, as_of: str) -> str:
    if record.deprecation_date and record.deprecation_date <= as_of:
        return "deprecated"
    return "active"


def _price_key(record: ModelRecord) -> tuple[float, ...] | None:
    """Sort key for "cheapest": the first known price field decides, then the next."""
    prices = record.prices
    values = [getattr(prices, f) for f in _PRICE_ORDER]
    if all(v is None for v in values):
        return None
    return tuple(v if v is not None else float("inf") for v in values)


def _first(values: Iterable[Any]) -> Any:
    for value in values:
        if value is not None:
            return value
    return None


def _most_common(values: Iterable[Any]) -> Any:
    counted = Counter(v for v in values if v is not None)
    if not counted:
        return None
    best = max(counted.values())
    return sorted((v for v, n in counted.items() if n == best), key=str)[0]


def group_records(records: Iterable[ModelRecord], as_of: str) -> list[ArtifactDraft]:
    """Group records by slug into artifact drafts, ordered by slug with ids from 1."""
    by_slug: dict[str, list[ModelRecord]] = defaultdict(list)
    for record in records:
        by_slug[record.slug].append(record)

    drafts: list[ArtifactDraft] = []
    offer_id = 0
    for artifact_id, slug in enumerate(sorted(by_slug), start=1):
        group = sorted(by_slug[slug], key=lambda r: (not is_first_party(r), r.source, r.source_key))
        offers = []
        for record in group:
            offer_id += 1
            offers.append(OfferDraft(offer_id, artifact_id, record, _offer_status(record, as_of)))
        drafts.append(_artifact_from_offers(artifact_id, slug, offers))
    return drafts


def _artifact_from_offers(artifact_id: int, slug: str, offers: list[OfferDraft]) -> ArtifactDraft:
    # Offers are sorted first-party first, so "first known value" prefers the creator's record.
    records = [o.record for o in offers]
    reference = offers[0]
    # Starting price: the cheapest active offer; a retired artifact keeps its last known prices.
    priced = [o for o in offers if o.status == "active" and _price_key(o.record) is not None] or [
        o for o in offers if _price_key(o.record) is not None
    ]
    cheapest = min(priced, key=lambda o: (_price_key(o.record), o.id)) if priced else None

    declared: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in records:
        for uri, flag in record.declared.items():
            declared[uri].append({"source": record.source, "key": record.source_key, "flag": flag})

    active = [o for o in offers if o.status == "active"]
    status = "active" if active else "deprecated"
    deprecation = None if active else max((r.deprecation_date or "" for r in records), default="") or None
    manifest = next((r for r in records if r.source == "manifest"), None)
    name = manifest.name if manifest else _most_common(r.name for r in records)
    return ArtifactDraft(
        id=artifact_id,
        slug=slug,
        name=name or slug,
        kind=manifest.kind if manifest else _most_common(r.kind for r in records) or "model",
        organization=_first(r.organization for r in records),
        family=_first(r.family for r in records),
        release_date=_first(r.release_date for r in records),
        status=status,
        deprecation_date=deprecation,
        license=_first(r.license for r in records),
        open_weights=_first(r.open_weights for r in records),
        parameters=_first(r.parameters for r in records),
        input_modalities=sorted({m for r in records for m in r.input_modalities}),
        output_modalities=sorted({m for r in records for m in r.output_modalities}),
        context_window=_first(r.context_window for r in records),
        max_output=_first(r.max_output for r in records),
        description=_first(r.description for r in records),
        offers=offers,
        reference=reference,
        cheapest=cheapest,
        declared=dict(declared),
    )


def alias_rows(drafts: Iterable[ArtifactDraft]) -> list[dict[str, Any]]:
    """Every way to name an artifact: slug, name, source keys, host keys and their last segment."""
    rows: list[dict[str, Any]] = []
    for draft in drafts:
        seen: set[str] = set()

        def add(alias: str, source: str, draft: ArtifactDraft = draft, seen: set[str] = seen) -> None:
            norm = normalize_alias(alias)
            if norm and norm not in seen:
                seen.add(norm)
                rows.append({"alias": alias, "alias_norm": norm, "artifact_id": draft.id, "source": source})

        add(draft.slug, "slug")
        add(draft.name, "name")
        add(draft.slug.split("/", 1)[1], "slug")
        for offer in draft.offers:
            r = offer.record
            add(r.source_key, r.source)
            add(r.host_key, r.source)
            add(r.source_key.rsplit("/", 1)[-1], r.source)
            extra_aliases = r.extra.get("aliases") or []
            for alias in extra_aliases:
                add(str(alias), r.source)
    return rows


def alias_index(rows: Iterable[dict[str, Any]], drafts: list[ArtifactDraft]) -> dict[str, str]:
    """Map normalised alias -> slug; an alias shared by several artifacts goes to the most-hosted one."""
    by_id = {d.id: d for d in drafts}
    candidates: dict[str, list[ArtifactDraft]] = defaultdict(list)
    for row in rows:
        candidates[row["alias_norm"]].append(by_id[row["artifact_id"]])
    index: dict[str, str] = {}
    for norm, arts in candidates.items():
        exact = [a for a in arts if normalize_alias(a.slug) == norm]
        best = exact[0] if exact else sorted(arts, key=lambda a: (-len(a.hosts), a.slug))[0]
        index[norm] = best.slug
    return index
