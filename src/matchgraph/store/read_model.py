"""An in-memory read model of the whole catalog, loaded in a few queries.

Matching, ranking and comparison read this instead of querying row by row; it is rebuilt when the
catalog changes (``CatalogView.version`` is the derivation time).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from matchgraph.store.schema import (
    artifact_capabilities,
    artifacts,
    capabilities,
    capability_stats,
    catalog_meta,
    evidence,
    offers,
)


@dataclass(frozen=True)
class CapabilityView:
    """An artifact's capability as derived (how known, confidence, the fact-written description)."""

    uri: str
    how_known: str
    confidence: float
    description: str
    unique_aspect: str | None
    vs_alternatives: str | None


@dataclass(frozen=True)
class EvidenceView:
    """One evidence figure about an artifact."""

    metric: str
    capability_uri: str | None
    value: float
    ci_low: float | None
    ci_high: float | None
    sample_size: int | None
    source: str
    source_key: str
    source_url: str | None
    observed_at: str | None
    fetched_at: str | None
    kind: str = "independent"  # or "self_reported" (reported by the model's maker)
    details: dict[str, Any] = field(default_factory=dict)


# Offer kinds whose prices may be compared (starting price, price filters, cost): see catalog/offers.py.
PRICED_KINDS = frozenset({"api", "free_tier"})


@dataclass(frozen=True)
class OfferView:
    """One host's offer. ``prices`` are typed prices for comparison: empty (all None) unless the offer
    is an ``api`` or confirmed ``free_tier`` offer, so a local runtime or a subscription never
    passes a price constraint; ``stated_prices`` keep what the source says."""

    host: str
    source: str
    source_key: str
    status: str
    prices: dict[str, float | None]
    context_window: int | None
    kind: str = "api"
    stated_prices: dict[str, float | None] = field(default_factory=dict)
    # (source, key) of the other records of this same host offer (see catalog.derive.OfferDraft.also).
    also: tuple[tuple[str, str], ...] = ()


@dataclass
class ArtifactView:
    """Everything matching, ranking and comparing need about one artifact."""

    id: int
    slug: str
    name: str
    kind: str
    organization: str | None
    family: str | None
    status: str
    release_date: str | None
    license: str | None
    open_weights: bool | None
    parameters: int | None
    input_modalities: frozenset[str]
    output_modalities: frozenset[str]
    context_window: int | None
    max_output: int | None
    input_per_mtok: float | None
    output_per_mtok: float | None
    per_image: float | None
    hosts_count: int
    family_head: str | None = None
    knowledge_cutoff: str | None = None
    # Names of the artifact's disputed facts (a disputed capability or modality is not in the sets above).
    disputed: frozenset[str] = frozenset()
    capabilities: dict[str, CapabilityView] = field(default_factory=dict)
    evidence: list[EvidenceView] = field(default_factory=list)
    offers: list[OfferView] = field(default_factory=list)
    # (source, key) of the records whose claims make an artifact that has no offer (a benchmark
    # site's model page): what its facts rest on.
    claim_sources: tuple[tuple[str, str], ...] = ()

    @property
    def hosts(self) -> list[str]:
        return sorted({o.host for o in self.offers})

    @property
    def sources(self) -> list[dict[str, str]]:
        if not self.offers:
            return [{"source": s, "key": k} for s, k in self.claim_sources]
        return [{"source": s, "key": k} for o in self.offers for s, k in ((o.source, o.source_key), *o.also)]

    def has(self, uri: str) -> bool:
        return uri in self.capabilities


@dataclass
class LearnedStats:
    """Outcome counters for one slug × capability."""

    times_matched: int = 0
    successes: int = 0
    failures: int = 0


@dataclass
class CatalogView:
    """The catalog in memory."""

    artifacts: list[ArtifactView]
    capability_names: dict[str, str]
    capability_parents: dict[str, str | None]
    learned: dict[tuple[str, str], LearnedStats]
    version: str

    def __post_init__(self) -> None:
        self.by_slug = {a.slug: a for a in self.artifacts}

    def get(self, slug: str) -> ArtifactView | None:
        return self.by_slug.get(slug)


def cited_records(facts: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Every record a fact of the artifact cites, sorted and once each."""
    return tuple(sorted({(str(r["source"]), str(r["key"])) for f in facts.values() for r in f.get("records") or []
                         if "source" in r and "key" in r}))


def load_catalog_view(conn: Connection) -> CatalogView:
    """Load the read model (one query per table)."""
    arts: dict[int, ArtifactView] = {}
    for r in conn.execute(select(artifacts).order_by(artifacts.c.slug)):
        disputed = frozenset(k for k, f in (r.facts or {}).items() if f.get("status") == "disputed")

        def held(name: str, value: Any, disputed: frozenset[str] = disputed) -> Any:
            # A disputed identity fact is not stated as fact by matching, ranking or comparison.
            return None if name in disputed else value

        arts[r.id] = ArtifactView(
            id=r.id, slug=r.slug, name=r.name, kind=r.kind, organization=r.organization, family=r.family,
            status=r.status, release_date=held("release_date", r.release_date), license=held("license", r.license),
            open_weights=held("open_weights", r.open_weights), parameters=held("parameters", r.parameters),
            input_modalities=frozenset(r.input_modalities),
            output_modalities=frozenset(r.output_modalities), context_window=r.context_window,
            max_output=r.max_output, input_per_mtok=r.input_per_mtok, output_per_mtok=r.output_per_mtok,
            per_image=r.per_image, hosts_count=r.hosts_count, family_head=r.family_head or r.slug,
            knowledge_cutoff=held("knowledge_cutoff", r.knowledge_cutoff), disputed=disputed,
            claim_sources=() if r.hosts_count else cited_records(r.facts or {}),
        )
    for r in conn.execute(select(artifact_capabilities.c.artifact_id, artifact_capabilities.c.capability_uri,
                                 artifact_capabilities.c.how_known, artifact_capabilities.c.confidence,
                                 artifact_capabilities.c.description, artifact_capabilities.c.unique_aspect,
                                 artifact_capabilities.c.vs_alternatives)):
        arts[r.artifact_id].capabilities[r.capability_uri] = CapabilityView(
            r.capability_uri, r.how_known, r.confidence, r.description, r.unique_aspect, r.vs_alternatives
        )
    for r in conn.execute(select(evidence).order_by(evidence.c.id)):
        arts[r.artifact_id].evidence.append(EvidenceView(
            r.metric, r.capability_uri, r.value, r.ci_low, r.ci_high, r.sample_size, r.source, r.source_key,
            r.source_url, r.observed_at, r.fetched_at, r.kind or "independent", dict(r.details or {}),
        ))
    for r in conn.execute(select(offers.c.artifact_id, offers.c.host, offers.c.source, offers.c.source_key,
                                 offers.c.status, offers.c.prices, offers.c.context_window, offers.c.kind,
                                 offers.c.stated_prices, offers.c.also_stated_by)
                          .order_by(offers.c.id)):
        typed = dict(r.prices)
        comparable = typed if r.kind in PRICED_KINDS else dict.fromkeys(typed)
        arts[r.artifact_id].offers.append(
            OfferView(r.host, r.source, r.source_key, r.status, comparable, r.context_window, r.kind,
                      dict(r.stated_prices or typed),
                      tuple((x["source"], x["key"]) for x in r.also_stated_by or ()))
        )
    names: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for r in conn.execute(select(capabilities.c.uri, capabilities.c.name, capabilities.c.parent)):
        names[r.uri] = r.name
        parents[r.uri] = r.parent
    learned: dict[tuple[str, str], LearnedStats] = defaultdict(LearnedStats)
    for r in conn.execute(select(capability_stats)):
        learned[(r.slug, r.capability_uri)] = LearnedStats(r.times_matched, r.successes, r.failures)
    version = conn.execute(
        select(catalog_meta.c.value).where(catalog_meta.c.key == "derived_at")
    ).scalar_one_or_none() or ""
    return CatalogView(list(arts.values()), names, parents, dict(learned), version)


def as_row(view: ArtifactView) -> dict[str, Any]:
    """The plain facts of an artifact view (no nested lists)."""
    return {k: v for k, v in view.__dict__.items() if k not in ("capabilities", "evidence", "offers")}
