"""Ingest and derivation: raw source records in, a consistent catalog out, in one transaction."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from matchgraph.catalog.decompose import decompose
from matchgraph.catalog.derive import alias_index, alias_rows, group_records
from matchgraph.catalog.domain import EvidenceRecord, ModelRecord, SourceRecord
from matchgraph.catalog.evidence_match import match_keyed_evidence
from matchgraph.catalog.identity_only import documents_model, match_hosted, offered_catalog
from matchgraph.catalog.overrides import load_overrides
from matchgraph.catalog.scale import paused_gc
from matchgraph.catalog.taxonomy import Taxonomy, load_taxonomy
from matchgraph.match.semantic import store_vectors
from matchgraph.sources.arena_names import match_arena_names
from matchgraph.sources.base import SourceAdapter
from matchgraph.sources.registry import ADAPTERS, get_adapter
from matchgraph.store import catalog_repo
from matchgraph.store.schema import artifacts

Progress = Callable[[str, int, int], None]


def now_iso() -> str:
    """Current UTC time, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class DeriveReport:
    """What a derivation produced, for the ingest summary and the stored run report."""

    source_records: int = 0
    model_records: int = 0
    artifacts: int = 0
    offers: int = 0
    aliases: int = 0
    artifact_capabilities: int = 0
    evidence: int = 0
    skipped_records: int = 0
    merged_groups: int = 0
    singletons: int = 0
    evidence_matched: dict[str, int] = field(default_factory=dict)
    evidence_unmatched: dict[str, list[str]] = field(default_factory=dict)
    # Identity-only records (llm-stats, MTEB model pages) naming no artifact and documenting no model.
    identity_records: int = 0
    disputed_facts: int = 0
    # Models named only by identity-only records that document no model (no name or fact): listed.
    identity_only_unmatched: list[str] = field(default_factory=list)
    # Artifacts made from identity-only records alone (documented, nobody hosts them), and their records.
    identity_only_artifacts: list[str] = field(default_factory=list)
    identity_artifact_records: int = 0
    # Identity-only names that landed on a hosted artifact spelled otherwise: "name -> slug (rule)".
    identity_matched: list[str] = field(default_factory=list)
    offers_by_kind: dict[str, int] = field(default_factory=dict)
    # Every reviewed override applied: {"id", "slug", "replace_capability", "capability", "source_url"}.
    overrides: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def capability_rows(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Taxonomy nodes as rows of the ``capabilities`` table."""
    return [
        {
            "uri": c.uri,
            "name": c.name,
            "parent": c.parent,
            "description": c.description,
            "synonyms": list(c.synonyms),
            "intents": list(c.intents),
            "measured_by": list(c.measured_by),
            "taxonomy_version": taxonomy.version,
        }
        for c in taxonomy
    ]


def derive_catalog(records: list[SourceRecord], taxonomy: Taxonomy, as_of: str
                   ) -> tuple[dict[str, list[dict[str, Any]]], DeriveReport]:
    """Pure derivation: raw records -> rows of every derived table, plus a report."""
    started = time.perf_counter()
    report = DeriveReport(source_records=len(records))
    model_records: list[ModelRecord] = []
    evidence_by_board: dict[str, list[EvidenceRecord]] = {}
    keyed_evidence: list[EvidenceRecord] = []
    # A second catalog (models.dev) resolves its names against what the other sources made, so
    # its records are normalised after every other source's.
    later: list[tuple[SourceAdapter, SourceRecord]] = []
    for sr in records:
        adapter = ADAPTERS.get(sr.source)
        if adapter is None:
            report.skipped_records += 1
            continue
        if adapter.resolves_against_catalog:
            later.append((adapter, sr))
            continue
        # A record may carry claims about an artifact, evidence about it, or both (llm-stats).
        mr = adapter.model_record(sr)
        evs = adapter.evidence(sr)
        if mr is None and not evs:
            report.skipped_records += 1
        if mr is not None:
            model_records.append(mr)
        for ev in evs:
            if ev.match_key is not None:
                keyed_evidence.append(ev)
                continue
            board = ev.metric.split(":", 1)[1].split("/", 1)[0]
            evidence_by_board.setdefault(board, []).append(ev)
    known = frozenset(mr.slug for mr in model_records)
    identity: list[tuple[SourceAdapter, SourceRecord, ModelRecord, list[EvidenceRecord]]] = []
    for adapter, sr in later:
        mr = adapter.model_record_known(sr, known)
        evs = adapter.evidence(sr)
        if mr is None and not evs:
            report.skipped_records += 1
        if mr is not None and mr.is_offer:
            model_records.append(mr)
        elif mr is not None:
            identity.append((adapter, sr, mr, evs))
            continue
        for ev in evs:
            # Evidence carried by the record names the artifact the record itself resolved to.
            if mr is not None:
                ev.match_key = mr.slug
            keyed_evidence.append(ev)
    _place_identity_records(identity, model_records, keyed_evidence, report)
    report.model_records = len(model_records)

    overrides = load_overrides()
    drafts = group_records(model_records, as_of, overrides)
    aliases = alias_rows(drafts)
    index = alias_index(aliases, drafts)
    by_slug = {d.slug: d for d in drafts}
    slug_modes = {d.slug: {o.record.mode for o in d.offers if o.record.mode} for d in drafts}

    for board, evs in sorted(evidence_by_board.items()):
        names = sorted({e.artifact_name for e in evs})
        match = match_arena_names(names, index, board, slug_modes=slug_modes)
        report.evidence_matched[board] = len(match.matched)
        report.evidence_unmatched[board] = sorted(match.unmatched)
        for ev in evs:
            hit = match.matched.get(ev.artifact_name)
            if hit is not None:
                ev.slug = hit[0]
                by_slug[hit[0]].evidence.append(ev)

    keyed = match_keyed_evidence(keyed_evidence, index, by_slug, slug_modes)
    for source, keyed_report in keyed.items():
        report.evidence_matched[source] = len(keyed_report.matched)
        report.evidence_unmatched[source] = keyed_report.unmatched
    for ev in keyed_evidence:
        if ev.slug is not None:
            by_slug[ev.slug].evidence.append(ev)

    cap_rows = decompose(drafts, taxonomy)
    evidence_rows = [
        {
            "artifact_id": d.id,
            "capability_uri": e.capability_uri if e.capability_uri in taxonomy else None,
            "metric": e.metric,
            "value": e.value,
            "ci_low": e.ci_low,
            "ci_high": e.ci_high,
            "sample_size": e.sample_size,
            "source": e.source,
            "source_key": e.source_key,
            "source_url": e.source_url,
            "observed_at": e.observed_at,
            "fetched_at": e.fetched_at,
            "kind": e.kind,
            "details": e.details or {},
        }
        for d in drafts
        for e in d.evidence
    ]
    tables = {
        "artifacts": [d.row() for d in drafts],
        "aliases": aliases,
        "offers": [o.row() for d in drafts for o in d.offers],
        "artifact_capabilities": cap_rows,
        "evidence": evidence_rows,
    }
    sizes = Counter(len(d.offers) for d in drafts)
    report.artifacts = len(drafts)
    report.offers = len(tables["offers"])
    report.aliases = len(aliases)
    report.artifact_capabilities = len(cap_rows)
    report.evidence = len(evidence_rows)
    report.singletons = sizes.get(1, 0)
    report.merged_groups = len(drafts) - report.singletons
    report.disputed_facts = sum(1 for d in drafts for f in d.facts.values() if f.status == "disputed")
    report.offers_by_kind = dict(sorted(Counter(o.kind for d in drafts for o in d.offers).items()))
    report.overrides = [
        {"id": o.id, "slug": d.slug, "replace_capability": o.replace_capability, "capability": o.capability,
         "source_url": o.source_url}
        for d in drafts for o in overrides if o.id in d.overrides and d.slug in o.slugs
    ]
    report.seconds = round(time.perf_counter() - started, 3)
    return tables, report


def _place_identity_records(
    identity: list[tuple[SourceAdapter, SourceRecord, ModelRecord, list[EvidenceRecord]]],
    model_records: list[ModelRecord], keyed_evidence: list[EvidenceRecord], report: DeriveReport,
) -> None:
    """Attach identity-only records (a benchmark site's model page) to the artifacts they are about.

    A record naming a hosted artifact (an offer record's slug, resolved against every catalog
    source including models.dev, or the same model under another spelling) adds its claims there.
    One about a model nobody hosts makes an artifact without offers when it documents a real model
    (see :mod:`matchgraph.catalog.identity_only`); the rest are listed in the report.
    """
    offered = frozenset(mr.slug for mr in model_records if mr.is_offer)
    placed: list[ModelRecord] = []
    for i, (adapter, sr, mr, _evs) in enumerate(identity):
        if mr.slug not in offered:
            again = adapter.model_record_known(sr, offered)
            if again is not None and again.slug in offered:
                identity[i] = (adapter, sr, again, _evs)
        placed.append(identity[i][2])
    stray = [mr for mr in placed if mr.slug not in offered]
    hits = match_hosted(stray, offered_catalog(model_records))
    for j, mr in enumerate(stray):
        if j in hits:
            slug, rule = hits[j]
            mr.extra = {**mr.extra, "named_as": mr.slug, "matched_by": rule}
            mr.slug = slug
    documented = {mr.slug for (_a, _s, mr, evs) in identity
                  if mr.slug not in offered and documents_model(mr, bool(evs))}
    for _adapter, _sr, mr, evs in identity:
        for ev in evs:
            ev.match_key = mr.slug
            keyed_evidence.append(ev)
        if evs:
            mr.extra = {**mr.extra, "carries_evidence": True}
        if mr.slug in offered or mr.slug in documented:
            model_records.append(mr)
            if mr.slug not in offered:
                report.identity_artifact_records += 1
        else:
            report.identity_records += 1
            report.identity_only_unmatched.append(mr.slug)
    report.identity_only_unmatched = sorted(set(report.identity_only_unmatched))
    report.identity_only_artifacts = sorted(documented)
    report.identity_matched = sorted(f"{mr.extra['named_as']} -> {mr.slug} ({mr.extra['matched_by']})"
                                     for mr in stray if "matched_by" in mr.extra)


def rebuild(conn: Connection, *, taxonomy: Taxonomy | None = None, as_of: str | None = None,
            progress: Progress | None = None) -> DeriveReport:
    """Re-derive every derived table from the stored raw records, inside the caller's transaction."""
    taxonomy = taxonomy or load_taxonomy()
    as_of = as_of or datetime.now(UTC).date().isoformat()
    records = catalog_repo.get_source_records(conn)
    with paused_gc():
        tables, report = derive_catalog(records, taxonomy, as_of)
        catalog_repo.replace_derived(conn, tables, capability_rows(taxonomy), progress)
        store_vectors(conn, taxonomy)
    # ``derived_at`` has second resolution: ``derivation`` tells apart two derivations in one second
    # (caches key on both).
    catalog_repo.set_meta(conn, {"derived_at": now_iso(), "derivation": uuid.uuid4().hex,
                                 "taxonomy_version": taxonomy.version, "as_of": as_of})
    return report


@dataclass
class IngestResult:
    """Summary of one ingest, shown by the CLI and kept in ``ingest_runs``."""

    source: str
    location: str
    records_read: int
    skipped: list[str]
    derive: DeriveReport


def ingest(engine: Engine, source: str, location: str | None, *, max_bytes: int,
           progress: Progress | None = None) -> IngestResult:
    """Read ``location`` with the named adapter, store its records and re-derive, atomically.

    Reading and parsing happen before the transaction opens; any failure after that rolls the
    whole store back to the catalog it had before.
    """
    adapter = get_adapter(source)
    started = now_iso()
    with paused_gc():
        read = adapter.read(location, fetched_at=started, max_bytes=max_bytes)
        with engine.begin() as conn:
            catalog_repo.put_source_records(
                conn, read.records, replace_source=adapter.name if read.replaces_source else None
            )
            report = rebuild(conn, progress=progress)
            catalog_repo.record_ingest_run(
                conn,
                {"source": adapter.name, "location": read.location, "started_at": started,
                 "finished_at": now_iso(), "records": len(read.records),
                 "report": {"skipped": read.skipped[:1000], "derive": report.as_dict()}},
            )
    return IngestResult(adapter.name, read.location, len(read.records), read.skipped, report)


def catalog_is_empty(engine: Engine) -> bool:
    """True when no artifact has been derived yet."""
    with engine.connect() as conn:
        return conn.execute(select(artifacts.c.id).limit(1)).first() is None
