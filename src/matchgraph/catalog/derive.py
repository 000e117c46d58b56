"""Derivation: group normalised source records into artifacts with offers, aliases and evidence.

Pure functions over records; the store writes what they return. Re-running on the same records
gives the same catalog (ids are assigned in sorted order).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from matchgraph.catalog import claims as claims_mod
from matchgraph.catalog.claims import Fact, resolve_facts
from matchgraph.catalog.domain import CONTEXT_TIERS, EvidenceRecord, ModelRecord, Prices
from matchgraph.catalog.families import family_heads
from matchgraph.catalog.identity_only import documents_model
from matchgraph.catalog.names import normalize_alias, slug_part
from matchgraph.catalog.offers import PRICED_KINDS, OfferClass, classify
from matchgraph.catalog.overrides import Override, apply_overrides, load_overrides

# Hosts run by the model's own creator; their record is the reference for the artifact's limits
# and list price when several hosts disagree.
FIRST_PARTY_HOSTS: dict[str, frozenset[str]] = {
    "openai": frozenset({"openai", "text-completion-openai", "chatgpt"}),
    "anthropic": frozenset({"anthropic"}),
    "google": frozenset({"gemini", "vertex_ai-language-models", "vertex_ai", "vertex_ai-embedding-models",
                         "vertex_ai-video-models", "vertex_ai-text-models", "vertex-ai"}),
    "mistralai": frozenset({"mistral", "codestral", "text-completion-codestral"}),
    "amazon": frozenset({"bedrock", "bedrock_converse", "amazon_nova", "amazon-nova"}),
    "meta-llama": frozenset({"meta_llama", "meta", "meta-llama-api"}),
    "x-ai": frozenset({"xai"}),
    "qwen": frozenset({"dashscope", "qwen_ai_platform", "qwencloud", "qwen-ai-platform"}),
    "moonshotai": frozenset({"moonshot"}),
    "z-ai": frozenset({"zai", "bigmodel", "z-ai"}),
    "stability-ai": frozenset({"stability"}),
    "black-forest-labs": frozenset({"black_forest_labs", "black-forest-labs"}),
    "cohere": frozenset({"cohere", "cohere_chat"}),
    "runwayml": frozenset({"runwayml"}),
    "jina-ai": frozenset({"jina_ai", "jina"}),
}

# Price fields that say "this offer costs something per unit of output"; used to pick the cheapest.
_PRICE_ORDER = ("input_per_mtok", "output_per_mtok", "per_image", "per_second", "per_character",
                "per_query", "per_page")

IMAGE_TO_VIDEO = "capability://video.generation.image-to-video"
FREE_TIER = "capability://pricing.free-tier"


def is_first_party(record: ModelRecord) -> bool:
    """True when the record comes from the model's creator (or the creator's own manifest). A manifest
    extending an artifact derived from other records is its publisher's claim, not the creator's."""
    if record.source == "manifest":
        return not record.extra.get("extends", False)
    org = record.organization or ""
    if record.host in FIRST_PARTY_HOSTS.get(org, frozenset()):
        return True
    return bool(org) and slug_part(record.host) == org


@dataclass
class OfferDraft:
    """One way to use an artifact: a host's record, with its kind and typed prices."""

    id: int
    artifact_id: int
    record: ModelRecord
    status: str
    klass: OfferClass | None = None
    # The same host offer (host, model id, mode) as other records describe it: one offer, several
    # claims. ``record`` is the first of them in source order; the others are kept, and a price they
    # state differently is noted rather than silently dropped.
    also: list[ModelRecord] = field(default_factory=list)
    # The record's input cap is a prompt limit (an image or video generator's), not a context window.
    prompt_cap: bool = False

    def __post_init__(self) -> None:
        if self.klass is None:
            self.klass = classify(self.record)

    @property
    def kind(self) -> str:
        assert self.klass is not None
        return self.klass.kind

    @property
    def prices(self) -> Prices:
        """Prices in typed units (unconfirmed zeros are unknown)."""
        assert self.klass is not None
        return self.klass.prices

    @property
    def priced(self) -> bool:
        """True when the offer's prices may be compared (api or a confirmed free tier)."""
        return self.kind in PRICED_KINDS

    def row(self) -> dict[str, Any]:
        r = self.record
        assert self.klass is not None
        prices = self.prices.as_dict()
        return {
            "id": self.id,
            "artifact_id": self.artifact_id,
            "host": r.host,
            "host_key": r.host_key,
            "source": r.source,
            "source_key": r.source_key,
            "mode": r.mode,
            "prices": prices,
            "stated_prices": r.prices.as_dict(),
            "price_notes": list(self.klass.notes),
            "input_per_mtok": prices["input_per_mtok"],
            "output_per_mtok": prices["output_per_mtok"],
            "per_image": prices["per_image"],
            # An image or video generator's input cap is its prompt limit, not a context window (R3).
            "context_window": None if self.prompt_cap else r.context_window,
            "max_output": None if self.prompt_cap else r.max_output,
            "flags": sorted(r.declared),
            "status": self.status,
            "deprecation_date": r.deprecation_date,
            "url": r.url,
            "kind": self.kind,
            "expires": self.klass.expires,
            "first_party": is_first_party(r),
            "also_stated_by": [_also_stated(o, prices) for o in self.also],
        }


def _also_stated(record: ModelRecord, prices: dict[str, Any]) -> dict[str, Any]:
    """Another source's record of the same host offer, with the prices it states differently
    (a price only one of them states is no disagreement)."""
    theirs = classify(record).prices.as_dict()
    differ = {k: v for k, v in theirs.items()
              if v is not None and prices.get(k) is not None and abs(v - prices[k]) > 1e-12}
    out: dict[str, Any] = {"source": record.source, "key": record.source_key, "same_prices": not differ}
    if differ:
        out["prices"] = differ
    return out


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
    reference: OfferDraft | None  # the offer whose limits and list price describe the artifact
    cheapest: OfferDraft | None  # the cheapest active api/free-tier offer with a known price (starting price)
    # capability uri -> list of {"source", "key", "flag"} that declare it (only capabilities that hold)
    declared: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    evidence: list[EvidenceRecord] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    knowledge_cutoff: str | None = None
    records: list[ModelRecord] = field(default_factory=list)  # every record, offers and identity-only
    creator_offer: OfferDraft | None = None  # the creator's own priced offer, when there is one
    family_head: str | None = None
    overrides: list[str] = field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        return sorted({o.record.host for o in self.offers})

    def row(self) -> dict[str, Any]:
        start = self.cheapest.prices if self.cheapest else None
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
            "facts": {name: f.as_dict() for name, f in sorted(self.facts.items())},
            "family_head": self.family_head or self.slug,
            "knowledge_cutoff": self.knowledge_cutoff,
            "creator_offer_id": self.creator_offer.id if self.creator_offer else None,
        }


def _offer_status(record: ModelRecord, as_of: str) -> str:
    if record.deprecation_date and record.deprecation_date <= as_of:
        return "deprecated"
    return "active"


def _price_key(prices: Prices) -> tuple[float, ...] | None:
    """Sort key for "cheapest": the first known price field decides, then the next."""
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


def group_records(records: Iterable[ModelRecord], as_of: str,
                  overrides: list[Override] | None = None) -> list[ArtifactDraft]:
    """Group records by slug into artifact drafts, ordered by slug with ids from 1.

    Records with ``is_offer=False`` make claims about their artifact but never become offers. A slug
    only such records name is an artifact without offers when one of them documents a real model (a
    name and an identity fact, or evidence: :func:`~matchgraph.catalog.identity_only.documents_model`);
    otherwise it is dropped (see :func:`identity_only_slugs`).
    """
    by_slug: dict[str, list[ModelRecord]] = defaultdict(list)
    for record in records:
        by_slug[record.slug].append(record)
    for slug in [s for s, group in by_slug.items() if not any(r.is_offer for r in group)]:
        if not any(documents_model(r, bool(r.extra.get("carries_evidence"))) for r in by_slug[slug]):
            del by_slug[slug]
    overrides = load_overrides() if overrides is None else overrides

    drafts: list[ArtifactDraft] = []
    offer_id = 0
    for artifact_id, slug in enumerate(sorted(by_slug), start=1):
        group = sorted(by_slug[slug], key=lambda r: (not is_first_party(r), r.source, r.source_key))
        offers: list[OfferDraft] = []
        by_host_key: dict[tuple[str, str, str | None, bool], OfferDraft] = {}
        for record in group:
            if not record.is_offer:
                continue
            # One host offer is one endpoint: a host's model id in one mode. A second record of it
            # (the other catalog, or the same catalog under a second key) is a claim about it.
            # A manifest is its publisher's own record, with texts of its own: it stays an offer.
            where = (record.host, record.host_key.lower(), record.mode, record.source == "manifest")
            if record.source != "manifest" and (same := by_host_key.get(where)) is not None:
                same.also.append(record)
                continue
            offer_id += 1
            offer = by_host_key[where] = OfferDraft(offer_id, artifact_id, record, _offer_status(record, as_of))
            offers.append(offer)
        drafts.append(_artifact_from_records(artifact_id, slug, group, offers, overrides))
    heads = family_heads(d.slug for d in drafts)
    versions: dict[str, list[ArtifactDraft]] = defaultdict(list)
    for d in drafts:
        d.family_head = heads[d.slug]
        if d.family_head != d.slug:
            versions[d.family_head].append(d)
    by_slug = {d.slug: d for d in drafts}
    for head, members in versions.items():
        _inherit_identity(by_slug[head], members)
    return drafts


# Identity facts a family head with no claim of its own takes from its versions (the earliest
# release date is the family's first release; the others must agree across versions).
_INHERITED = ("release_date", "open_weights", "license", "parameters", "knowledge_cutoff")


def _inherit_identity(head: ArtifactDraft, members: list[ArtifactDraft]) -> None:
    for name in _INHERITED:
        if name in head.facts:
            continue
        stated = [(m, m.facts[name]) for m in members if name in m.facts and m.facts[name].status != "disputed"]
        if not stated:
            continue
        values = {f.value for _, f in stated}
        if name == "release_date":
            member, fact = min(stated, key=lambda mf: (str(mf[1].value), mf[0].slug))
        elif len(values) == 1:
            member, fact = min(stated, key=lambda mf: mf[0].slug)
        else:
            continue
        head.facts[name] = Fact(
            fact.value, fact.status, fact.for_, fact.against,
            [{**r, "version": member.slug} for r in fact.records],
            f"family: from version {member.slug} ({fact.rule})", list(fact.agreeing), list(fact.contradicting),
        )
        setattr(head, name, fact.value)


def identity_only_slugs(records: Iterable[ModelRecord]) -> list[str]:
    """Slugs that only identity-only records name (no offer), for the report."""
    offered: set[str] = set()
    named: set[str] = set()
    for r in records:
        (offered if r.is_offer else named).add(r.slug)
    return sorted(named - offered)


def _declarations(records: list[ModelRecord], facts: dict[str, Fact],
                  applied: list[Override]) -> dict[str, list[dict[str, str]]]:
    """Capabilities that hold, each with the records that declare it (after overrides)."""
    renamed = {o.replace_capability: o for o in applied}
    declared: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in records:
        for uri, flag in record.declared.items():
            if uri in renamed:
                override = renamed[uri]
                if override.capability is None:
                    continue
                uri, flag = override.capability, f"{flag} (override {override.id})"
            fact = facts.get(uri)
            if fact is not None and fact.holds:
                declared[uri].append({"source": record.source, "key": record.source_key, "flag": flag})
    return dict(declared)


def _derived_capabilities(declared: dict[str, list[dict[str, str]]], facts: dict[str, Fact],
                          context_window: int | None) -> None:
    """Capabilities that follow from resolved facts: long-context tiers and image-to-video."""
    for uri in [u for u in declared if u.startswith(claims_mod.CONTEXT_TIER_PREFIX)]:
        del declared[uri]
    if context_window is not None:
        for threshold, uri in CONTEXT_TIERS:
            if context_window >= threshold:
                declared[uri] = [{"source": "derived", "key": "context_window",
                                  "flag": f"resolved context window {context_window}"}]
    image_in, video_out = facts.get("input:image"), facts.get("output:video")
    if image_in is not None and video_out is not None and image_in.holds and video_out.holds:
        declared.setdefault(IMAGE_TO_VIDEO, [{"source": "derived", "key": "modalities",
                                              "flag": "image input + video output"}])


def _artifact_from_records(artifact_id: int, slug: str, records: list[ModelRecord],
                           offers: list[OfferDraft], overrides: list[Override]) -> ArtifactDraft:
    # Records are sorted first-party first.
    reference = offers[0] if offers else None
    # Starting price: the cheapest active api / free-tier offer; a retired artifact keeps its last known prices.
    comparable = [o for o in offers if o.priced and _price_key(o.prices) is not None]
    priced = [o for o in comparable if o.status == "active"] or comparable
    cheapest = min(priced, key=lambda o: (_price_key(o.prices), o.id)) if priced else None
    creator_offer = next((o for o in priced if is_first_party(o.record) and o.record.source != "manifest"), None)

    facts = resolve_facts(records, is_first_party)
    applied = apply_overrides(slug, facts, overrides)
    media_only = claims_mod.makes_only_media(facts)
    for o in offers:
        o.prompt_cap = media_only or claims_mod.is_prompt_cap(o.record)
    context_window = claims_mod.value(facts, "context_window")
    declared = _declarations(records, facts, applied)
    _derived_capabilities(declared, facts, context_window)
    free = [o for o in offers if o.kind == "free_tier" and o.status == "active"]
    if free:
        declared.setdefault(FREE_TIER, [
            {"source": o.record.source, "key": o.record.source_key, "flag": "confirmed free tier"} for o in free
        ])

    active = [o for o in offers if o.status == "active"]
    status = "active" if active or not offers else "deprecated"
    deprecation = None if status == "active" else max(
        (r.deprecation_date or "" for r in records), default="") or None
    manifest = next((r for r in records if r.source == "manifest" and is_first_party(r)), None)
    name = manifest.name if manifest else _most_common(r.name for r in records)
    return ArtifactDraft(
        id=artifact_id,
        slug=slug,
        name=name or slug,
        kind=manifest.kind if manifest else _most_common(r.kind for r in records) or "model",
        organization=_first(r.organization for r in records),
        family=_first(r.family for r in records),
        release_date=claims_mod.value(facts, "release_date"),
        status=status,
        deprecation_date=deprecation,
        license=claims_mod.value(facts, "license"),
        open_weights=claims_mod.value(facts, "open_weights"),
        parameters=claims_mod.value(facts, "parameters"),
        input_modalities=claims_mod.holding(facts, "input"),
        output_modalities=claims_mod.holding(facts, "output"),
        context_window=context_window,
        max_output=claims_mod.value(facts, "max_output"),
        description=_first(r.description for r in records),
        offers=offers,
        reference=reference,
        cheapest=cheapest,
        declared=declared,
        facts=facts,
        knowledge_cutoff=claims_mod.value(facts, "knowledge_cutoff"),
        records=records,
        creator_offer=creator_offer,
        overrides=[o.id for o in applied],
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
        for r in draft.records or [o.record for o in draft.offers]:
            add(r.source_key, r.source)
            add(r.host_key, r.source)
            if r.is_offer:
                # An identity record's key ends in a revision ("org__model/external"), not a name;
                # its host key names the model.
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
