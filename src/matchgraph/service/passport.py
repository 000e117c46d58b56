"""The trust passport: everything known about one artifact, each fact with its source."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection, Engine

from matchgraph.catalog.names import normalize_alias
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError
from matchgraph.service.rankings import matchrank_for, matchrank_for_engine
from matchgraph.store import queries

_PRICE_FIELDS = ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "per_image",
                 "input_per_image", "per_second", "per_character", "per_query", "per_page",
                 "batch_input_per_mtok", "batch_output_per_mtok")


def suggest(conn: Connection, key: str, limit: int = 5) -> list[str]:
    """Nearest known names to ``key`` (for "did you mean" messages)."""
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
        raise NotFoundError(f"no artifact is known as {key!r}.{hint}", suggestions)
    return row


def _prices(offer_rows: list[Any], starting_id: int | None) -> dict[str, Any]:
    """Starting prices (the cheapest active offer), with the offer they come from."""
    chosen = next((o for o in offer_rows if o.id == starting_id), None)
    out: dict[str, Any] = {"currency": "USD"}
    for name in _PRICE_FIELDS:
        out[name] = chosen.prices.get(name) if chosen is not None else None
    out["offer"] = {"host": chosen.host, "source": chosen.source, "key": chosen.source_key} if chosen else None
    return out


def build_passport(conn: Connection, key: str, services: Services | None = None) -> dict[str, Any]:
    """The passport dict (the ``show --json`` contract).

    Callers holding a :class:`Services` pass it so MatchRank comes from their cache rather than a
    second copy of the catalog kept for the bare engine.
    """
    a = resolve_artifact(conn, key)
    offer_rows = queries.offers_of(conn, a.id)
    evidence_rows = queries.evidence_of(conn, a.id)
    evidence = [
        {"metric": e.metric, "capability": e.capability_uri, "value": e.value, "ci_low": e.ci_low,
         "ci_high": e.ci_high, "sample_size": e.sample_size, "source": e.source, "key": e.source_key,
         "url": e.source_url, "observed_at": e.observed_at, "fetched_at": e.fetched_at,
         "kind": e.kind, "details": e.details or {}}
        for e in evidence_rows
    ]
    caps = []
    for c in queries.capabilities_of(conn, a.id, a.slug):
        outcomes = c.successes + c.failures
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
            "success_rate": round(c.successes / outcomes, 4) if outcomes else None,
        })
    pairs = sorted({(o.source, o.source_key) for o in offer_rows} | {(e["source"], e["key"]) for e in evidence})
    sources = [
        {"source": s.source, "key": s.key, "url": s.url, "fetched_at": s.fetched_at}
        for s in queries.source_records_for(conn, pairs)
    ]
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
        "description": a.description,
        "aliases": queries.aliases_of(conn, a.id),
        "modalities": {"input": a.input_modalities, "output": a.output_modalities},
        "limits": {"context_window": a.context_window, "max_output": a.max_output},
        "context_window": a.context_window,
        "prices": _prices(offer_rows, a.starting_offer_id),
        "hosts": sorted({o.host for o in offer_rows}),
        "offers": [
            {"host": o.host, "host_key": o.host_key, "source": o.source, "key": o.source_key,
             "mode": o.mode, "status": o.status, "deprecation_date": o.deprecation_date,
             "prices": {k: v for k, v in o.prices.items() if v is not None},
             "context_window": o.context_window, "max_output": o.max_output, "url": o.url}
            for o in offer_rows
        ],
        "capabilities": caps,
        "evidence": evidence,
        "matchrank": matchrank_for(services, a.slug) if services else matchrank_for_engine(conn.engine, a.slug),
        "sources": sources,
    }


def passport(engine: Engine, key: str, services: Services | None = None) -> dict[str, Any]:
    """Open a connection and build the passport for ``key``."""
    with engine.connect() as conn:
        return build_passport(conn, key, services)
