"""The trust passport: everything known about one artifact, each fact with its source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from matchgraph.catalog.names import normalize_alias
from matchgraph.rank.success import success_rate
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError
from matchgraph.service.rankings import matchrank_for, positions_for, services_for_engine
from matchgraph.store import queries
from matchgraph.store.schema import artifacts

# The starting price is "far below" the creator's own when it is at most this share of it.
FAR_BELOW = 0.5
# Kinds whose prices count (catalog/offers.py PRICED_KINDS).
_PRICED_KINDS = ("api", "free_tier")

_PRICE_FIELDS = ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "per_image",
                 "input_per_image", "per_second", "per_character", "per_query", "per_page",
                 "batch_input_per_mtok", "batch_output_per_mtok")


def suggest(conn: Connection, key: str, limit: int = 5) -> list[str]:
    """Nearest known names to ``key`` (for "did you mean" messages)."""
    from rapidfuzz import fuzz, process

    names = queries.all_alias_names(conn)
    if not names:
        return []
    # Plain edit-distance ratio: WRatio's partial matching ranks short aliases ("dev") too high.
    folded = {normalize_alias(n): n for n in names if len(n) >= 4}
    hits = process.extract(normalize_alias(key), list(folded), scorer=fuzz.ratio, limit=limit * 3)
    out: list[str] = []
    for norm, _score, _ in hits:
        name = folded[norm]
        if name not in out:
            out.append(name)
    return out[:limit]


def resolve_artifact(conn: Connection, key: str) -> Any:
    """The artifact row for a slug, alias, source key or exact name; NotFoundError with suggestions."""
    row, _others = queries.find_artifact(conn, key)
    if row is None:
        suggestions = suggest(conn, key)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        statement = f"no artifact is known as {key!r}."
        raise NotFoundError(statement + hint, suggestions, statement=statement)
    return row


def _prices(offer_rows: list[Any], starting_id: int | None) -> dict[str, Any]:
    """Starting prices (the cheapest active offer), with the offer they come from."""
    chosen = next((o for o in offer_rows if o.id == starting_id), None)
    out: dict[str, Any] = {"currency": "USD"}
    for name in _PRICE_FIELDS:
        out[name] = chosen.prices.get(name) if chosen is not None else None
    out["offer"] = ({"host": chosen.host, "source": chosen.source, "key": chosen.source_key, "kind": chosen.kind}
                    if chosen else None)
    return out


def _creator_price(offer_rows: list[Any], starting_id: int | None, creator_id: int | None) -> dict[str, Any] | None:
    """The creator's own price, when the starting price is far below it (else None)."""
    start = next((o for o in offer_rows if o.id == starting_id), None)
    creator = next((o for o in offer_rows if o.id == creator_id), None)
    if start is None or creator is None or start.id == creator.id:
        return None
    for name in ("input_per_mtok", "per_image", "per_second", "per_character", "per_query", "per_page"):
        low, own = start.prices.get(name), creator.prices.get(name)
        if low is not None and own:
            if low <= FAR_BELOW * own:
                return {"host": creator.host, "key": creator.source_key, "field": name, "value": own,
                        "starting_value": low, "share": round(low / own, 4),
                        "prices": {k: v for k, v in creator.prices.items() if v is not None}}
            return None
    return None


def _versions(conn: Connection, a: Any) -> list[dict[str, Any]]:
    """Other artifacts of the family whose head is ``a`` (dated snapshots, previews, -latest)."""
    rows = conn.execute(
        select(artifacts.c.id, artifacts.c.slug, artifacts.c.name, artifacts.c.release_date, artifacts.c.status)
        .where(artifacts.c.family_head == a.slug, artifacts.c.slug != a.slug).order_by(artifacts.c.slug)
    ).all()
    return [{"slug": r.slug, "name": r.name, "release_date": r.release_date, "status": r.status, "id": r.id}
            for r in rows]


def _evidence_dict(e: Any, measured_on: str) -> dict[str, Any]:
    return {"metric": e.metric, "capability": e.capability_uri, "value": e.value, "ci_low": e.ci_low,
            "ci_high": e.ci_high, "sample_size": e.sample_size, "source": e.source, "key": e.source_key,
            "url": e.source_url, "observed_at": e.observed_at, "fetched_at": e.fetched_at,
            "measured_on": measured_on, "kind": e.kind, "details": e.details or {}}


def _evidence_rows(conn: Connection, artifact_id: int, measured_on: str) -> list[dict[str, Any]]:
    return [_evidence_dict(e, measured_on) for e in queries.evidence_of(conn, artifact_id)]


def _open_weights(a: Any) -> bool:
    """True when open weights is a fact (stated and not disputed)."""
    fact = (a.facts or {}).get("open_weights") or {}
    return a.open_weights is True and fact.get("status") != "disputed"


def _availability_note(offer_rows: list[Any], open_weights: bool) -> str | None:
    """What a person can do with a model no source offers, in words (None when it has offers)."""
    if offer_rows:
        return None
    if open_weights:
        return "no hosted offer known; its weights are published (open weights)"
    return "no hosted offer known"


def build_passport(conn: Connection, key: str, services: Services | None = None,
                   matchrank: Callable[[str], dict[str, Any] | None] | None = None,
                   positions: Callable[[str], list[dict[str, Any]]] | None = None,
                   aliases: Callable[[int], list[str]] | None = None) -> dict[str, Any]:
    """The passport dict (the ``show --json`` contract).

    Callers holding a :class:`Services` pass it so MatchRank comes from their cache rather than a
    second copy of the catalog kept for the bare engine; a caller with ranks stored elsewhere (the
    command line's disk cache) passes ``matchrank`` and ``positions``, ``slug -> MatchRank dict`` and
    ``slug -> positions`` functions, so no ranking of the whole catalog is computed.
    ``aliases`` (artifact id -> its aliases, in the store's order) lets a caller building many
    passports read every alias in one query (:func:`~matchgraph.store.queries.aliases_by_artifact`).
    """
    a = resolve_artifact(conn, key)

    def ranked() -> Services:
        return services or services_for_engine(conn.engine)

    offer_rows = queries.offers_of(conn, a.id)
    versions = _versions(conn, a)
    # Evidence measured on a version shows on the head, labelled with the version it was measured on.
    evidence = _evidence_rows(conn, a.id, a.slug)
    for v in versions:
        evidence.extend(_evidence_rows(conn, v["id"], v["slug"]))
    pairs = _source_pairs(a, offer_rows, evidence)
    records = queries.source_records_for(conn, pairs)
    return _assemble(a, offer_rows, versions, evidence, queries.capabilities_of(conn, a.id, a.slug),
                     aliases(a.id) if aliases is not None else queries.aliases_of(conn, a.id), records,
                     matchrank(a.slug) if matchrank is not None else matchrank_for(ranked(), a.slug),
                     positions(a.slug) if positions is not None else positions_for(ranked(), a.slug))


def _source_pairs(a: Any, offer_rows: list[Any], evidence: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (source, key) pairs a passport cites: its offers, their other statements, its evidence, its facts."""
    claimed = {(r["source"], r["key"]) for f in (a.facts or {}).values() for r in f.get("records", [])}
    also = {(x["source"], x["key"]) for o in offer_rows for x in (o.also_stated_by or [])}
    return sorted({(o.source, o.source_key) for o in offer_rows} | also | {(e["source"], e["key"]) for e in evidence}
                  | claimed)


def _assemble(a: Any, offer_rows: list[Any], versions: list[dict[str, Any]], evidence: list[dict[str, Any]],
              cap_rows: list[Any], alias_names: list[str], records: list[Any], matchrank: dict[str, Any] | None,
              positions: list[dict[str, Any]]) -> dict[str, Any]:
    """The passport dict from the rows it is made of (one artifact's, fetched one query at a time or in bulk)."""
    versions = [{k: v for k, v in version.items() if k != "id"} for version in versions]
    caps = []
    for c in cap_rows:
        caps.append({
            "uri": c.capability_uri,
            "name": c.name,
            "how_known": c.how_known,
            "confidence": c.confidence,
            "description": c.description,
            "intents": c.intents,
            "best_for": c.best_for,
            "limitations": c.limitations,
            "requires": c.requires,
            "unique_aspect": c.unique_aspect,
            "vs_alternatives": c.vs_alternatives,
            "declared_by": c.declared_by,
            "evidence": [e for e in evidence if e["capability"] == c.capability_uri],
            "times_matched": c.times_matched,
            "successes": c.successes,
            "failures": c.failures,
            "success_rate": success_rate(c.successes, c.failures),
        })
    sources = [{"source": s.source, "key": s.key, "url": s.url, "fetched_at": s.fetched_at} for s in records]
    return {
        "slug": a.slug,
        "name": a.name,
        "kind": a.kind,
        "organization": a.organization,
        "family": a.family,
        "release_date": a.release_date,
        "status": a.status,
        "deprecation_date": a.deprecation_date,
        "license": a.license,
        "open_weights": a.open_weights,
        "parameters": a.parameters,
        "knowledge_cutoff": a.knowledge_cutoff,
        "family_head": a.family_head or a.slug,
        "versions": versions,
        "facts": a.facts or {},
        "disputed": sorted(k for k, f in (a.facts or {}).items() if f.get("status") == "disputed"),
        "description": a.description,
        "aliases": alias_names,
        "modalities": {"input": a.input_modalities, "output": a.output_modalities},
        "limits": {"context_window": a.context_window, "max_output": a.max_output,
                   # An image or video generator's prompt cap, as the source states it (never a context window).
                   "prompt_limit": ((a.facts or {}).get("prompt_limit") or {}).get("value")},
        "context_window": a.context_window,
        "prices": _prices(offer_rows, a.starting_offer_id),
        "creator_price": _creator_price(offer_rows, a.starting_offer_id, a.creator_offer_id),
        "availability": {
            "runs_locally": any(o.kind == "local_runtime" for o in offer_rows),
            "self_hosted": any(o.kind == "self_hosted" for o in offer_rows),
            "subscription": any(o.kind == "subscription" for o in offer_rows),
            "priced_offers": sum(1 for o in offer_rows if o.kind in _PRICED_KINDS),
            "offers": len(offer_rows),
            # A model a source documents but nobody in the catalog hosts: not deprecated, not free.
            "hosted_offer_known": bool(offer_rows),
            "open_weights": _open_weights(a),
            "note": _availability_note(offer_rows, _open_weights(a)),
        },
        "hosts": sorted({o.host for o in offer_rows}),
        "offers": [
            {"host": o.host, "host_key": o.host_key, "source": o.source, "key": o.source_key,
             "mode": o.mode, "status": o.status, "deprecation_date": o.deprecation_date,
             "kind": o.kind, "expires": o.expires, "first_party": o.first_party,
             "prices": {k: v for k, v in o.prices.items() if v is not None},
             "stated_prices": {k: v for k, v in (o.stated_prices or {}).items() if v is not None},
             "price_notes": list(o.price_notes or []),
             "context_window": o.context_window, "max_output": o.max_output, "url": o.url,
             "also_stated_by": list(o.also_stated_by or [])}
            for o in offer_rows
        ],
        "capabilities": caps,
        "evidence": evidence,
        "matchrank": matchrank,
        # Where it stands on each board it is rated on, among the same peers the comparison uses.
        "positions": positions,
        "sources": sources,
    }


def passport(engine: Engine, key: str, services: Services | None = None,
             matchrank: Callable[[str], dict[str, Any] | None] | None = None,
             positions: Callable[[str], list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Open a connection and build the passport for ``key``."""
    with engine.connect() as conn:
        return build_passport(conn, key, services, matchrank, positions)


def all_passports(conn: Connection, standing: Callable[[str], dict[str, Any] | None]
                  ) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(slug, passport)`` for every artifact, the same dicts :func:`build_passport` makes for their slugs
    with ``matchrank`` and ``positions`` read from ``standing(slug)`` (``{"matchrank", "positions"}``),
    from a handful of queries over whole tables rather than several per artifact (for caches written
    when a catalog is loaded). Source records are ordered here as SQLite orders them (by code point)."""
    from itertools import groupby

    from matchgraph.store.schema import offers, source_records

    def grouped(rows: list[Any], key: str = "artifact_id") -> dict[int, list[Any]]:
        return {k: list(g) for k, g in groupby(rows, key=lambda r: getattr(r, key))}

    arts = conn.execute(select(artifacts).order_by(artifacts.c.slug)).all()
    offers_by = grouped(conn.execute(select(offers).order_by(offers.c.artifact_id, offers.c.id)).all())
    evidence_by = grouped(queries.all_evidence(conn))
    caps_by = grouped(queries.all_capabilities(conn))
    aliases_by = queries.aliases_by_artifact(conn)
    records = {(r.source, r.key): r for r in conn.execute(
        select(source_records.c.source, source_records.c.key, source_records.c.url, source_records.c.fetched_at))}
    versions_by: dict[str, list[dict[str, Any]]] = {}
    for r in arts:  # ordered by slug, as _versions orders them
        if r.family_head is not None and r.family_head != r.slug:
            versions_by.setdefault(r.family_head, []).append(
                {"slug": r.slug, "name": r.name, "release_date": r.release_date, "status": r.status, "id": r.id})
    for a in arts:
        offer_rows = offers_by.get(a.id, [])
        versions = versions_by.get(a.slug, [])
        evidence = [_evidence_dict(e, a.slug) for e in evidence_by.get(a.id, [])]
        for v in versions:
            evidence.extend(_evidence_dict(e, v["slug"]) for e in evidence_by.get(v["id"], []))
        cited = [records[p] for p in _source_pairs(a, offer_rows, evidence) if p in records]
        rank = standing(a.slug) or {}
        yield a.slug, _assemble(a, offer_rows, versions, evidence, caps_by.get(a.id, []), aliases_by.get(a.id, []),
                                cited, rank.get("matchrank"), rank.get("positions") or [])
