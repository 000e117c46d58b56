"""``search`` and ``resolve``: the service entry points over the match engine, with event logging.

``search`` returns the DESIGN.md ``search --json`` document: ``query``, ``constraints``, ``event_id``
and ``results`` (slug, name, score, components, reasons, capabilities, prices, sources), plus the
reading of the need (``understood``, ``preferences``, ``retrieved``, ``notes``, ``conflicts``) and an
``explanation`` of how the hard constraints narrowed the catalog (and which one emptied it).

``resolve`` maps a ``capability://`` URI or a phrase to one required capability and ranks the
artifacts that serve it under a risk posture:

- ``default``: every artifact that has the capability, deprecated ones included.
- ``production``: also active status, a stated price on an active offer, and a capability
  confidence of at least :data:`PRODUCTION_CONFIDENCE`.
- ``strict``: also confidence of at least :data:`STRICT_CONFIDENCE`, at least
  :data:`STRICT_MIN_HOSTS` independent hosts, an arena rating for the capability when the taxonomy
  says arena measures it, and no reported failure majority (``Beta`` mean below 0.5 after at least
  :data:`STRICT_MIN_OUTCOMES` outcomes).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import numpy as np
from sqlalchemy import select

from matchgraph.catalog.taxonomy import URI_PREFIX, load_taxonomy, normalize_uri
from matchgraph.match.engine import MAX_LIMIT, MatchOutcome, run_match
from matchgraph.match.filters import Check
from matchgraph.match.index import MatchIndex, build_index
from matchgraph.match.need import Constraints, Need
from matchgraph.match.need_parser import parse_need
from matchgraph.match.reasons import cap_name, evidence_text
from matchgraph.match.scoring import LearnedTable, beta_mean
from matchgraph.match.semantic import load_vectors
from matchgraph.rank.success import success_rate
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.service.events import learned_table, log_search, versions
from matchgraph.store.schema import capability_stats

RISKS = ("default", "production", "strict")
PRODUCTION_CONFIDENCE = 0.6
STRICT_CONFIDENCE = 0.8
STRICT_MIN_HOSTS = 2
STRICT_MIN_OUTCOMES = 3
# Longer input is refused with a message; the parser itself reads only the first 2,000 characters.
MAX_QUERY_CHARS = 20_000


def match_index(services: Services, version: str | None = None) -> MatchIndex:
    """The match index for the current catalog version (built once per version)."""
    version = services.catalog_version() if version is None else version
    return services.cached("match_index", lambda: build_index(services.view(), load_taxonomy(),
                                                              vectors=load_vectors(services.engine)), version=version)


def _state(services: Services) -> tuple[MatchIndex, LearnedTable]:
    catalog, learned = versions(services)
    return match_index(services, catalog), learned_table(services, learned)


def _clean(text: Any, what: str) -> str:
    if not isinstance(text, str):
        raise ServiceError(f"{what} must be text, not {type(text).__name__}")
    if len(text) > MAX_QUERY_CHARS:
        raise ServiceError(f"{what} is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are accepted.")
    # NUL cannot be stored in PostgreSQL text and lone surrogates cannot be encoded; neither carries meaning.
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _limit(limit: Any) -> int:
    try:
        value = int(limit)
    except (TypeError, ValueError) as exc:
        raise ServiceError(f"limit must be a whole number, not {limit!r}") from exc
    if not 1 <= value <= MAX_LIMIT:
        raise ServiceError(f"limit must be between 1 and {MAX_LIMIT}, not {value}")
    return value


def _reading(outcome: MatchOutcome) -> dict[str, Any]:
    need = outcome.need
    explanation = dict(outcome.explanation)
    notes = list(need.notes) + list(explanation.pop("notes", []))
    return {
        "understood": [u.to_dict() for u in need.understood],
        "soft_text": need.soft_text,
        "preferences": list(need.preferences),
        "not_needed": list(need.not_needed),
        "retrieved": [{"uri": u, "weight": w} for u, w in outcome.retrieved],
        "notes": notes,
        "conflicts": list(need.conflicts),
        "explanation": explanation,
    }


def _log(services: Services, query: str, outcome: MatchOutcome, extra: dict[str, Any], client: str | None) -> str:
    constraints = {**outcome.need.constraints.to_dict(), "preferences": list(outcome.need.preferences),
                   "soft": dict(outcome.spec.soft), **extra}
    shown = [{"slug": r.slug, "rank": n, "score": r.score, "matched": r.matched}
             for n, r in enumerate(outcome.results, 1)]
    return log_search(services, query, constraints, shown, client=client)


def search(services: Services, query: str, *, limit: int = 10, client: str | None = None,
           log: bool = True) -> dict[str, Any]:
    """Match a typed need; log the event (unless ``log`` is False) and return the JSON contract."""
    text = _clean(query, "query")
    n = _limit(limit)
    index, learned = _state(services)
    outcome = run_match(index, text, limit=n, learned=learned)
    if index.n == 0:
        outcome.explanation["message"] = "The catalog is empty; run `matchgraph init` first."
    event_id = _log(services, text, outcome, {"kind": "search", "limit": n}, client) if log else None
    return {"query": text, "constraints": outcome.need.constraints.to_dict(), "event_id": event_id,
            "results": [r.to_dict() for r in outcome.results], **_reading(outcome)}


# -- resolve ------------------------------------------------------------------------------------


def _suggest(index: MatchIndex, key: str) -> list[str]:
    keys = [u.removeprefix(URI_PREFIX) for u in index.cap_uris]
    return [URI_PREFIX + k for k in difflib.get_close_matches(key.removeprefix(URI_PREFIX), keys, n=5, cutoff=0.5)]


_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


def _looks_like_uri(text: str, index: MatchIndex) -> bool:
    """A ``capability://`` URI, or a bare dotted key whose first part is a taxonomy area (``vision.ocr``)."""
    if text.startswith(URI_PREFIX):
        return True
    areas = {c.area for c in index.taxonomy}
    return bool(_KEY_RE.match(text)) and text.split(".", 1)[0] in areas


def _risk_checks(index: MatchIndex, risk: str, uris: list[str], learned: LearnedTable) -> tuple[list[Check], list[str]]:
    if risk == "default":
        return [], ["Any artifact that has the capability, whatever its status or evidence."]
    checks = [Check("risk:active", "is active (not deprecated)", index.active.copy()),
              Check("risk:priced", "states a price on an active offer", index.priced.copy())]
    rules = ["Active status.", "A stated price on an active offer."]
    floor = PRODUCTION_CONFIDENCE if risk == "production" else STRICT_CONFIDENCE
    for uri in uris:
        conf = index.cap_confidence.get(uri, np.zeros(index.n))
        checks.append(Check(f"risk:confidence:{uri}", f"has {cap_name(index, uri)} with confidence ≥ {floor}",
                            conf >= floor))
    rules.append(f"Capability confidence of at least {floor}.")
    if risk == "strict":
        checks.append(Check("risk:hosts", f"is offered by at least {STRICT_MIN_HOSTS} hosts",
                            index.hosts_count >= STRICT_MIN_HOSTS))
        rules.append(f"At least {STRICT_MIN_HOSTS} independent hosts.")
        for uri in uris:
            if uri in index.taxonomy and index.taxonomy.get(uri).measured_by:
                rated = ~np.isnan(index.quality.percentile[uri]) if uri in index.quality.percentile else \
                    np.zeros(index.n, dtype=bool)
                checks.append(Check(f"risk:evidence:{uri}", f"has an arena rating for {cap_name(index, uri)}", rated))
                rules.append(f"An arena rating for {cap_name(index, uri)} (arena measures it).")
        ok = np.ones(index.n, dtype=bool)
        for slug, stats in learned.items():
            i = index.position.get(slug)
            pairs = [stats[u] for u in uris if u in stats]
            s, f = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
            if i is not None and s + f >= STRICT_MIN_OUTCOMES and beta_mean(s, f) < 0.5:
                ok[i] = False
        checks.append(Check("risk:outcomes", "has no majority of reported failures", ok))
        rules.append(f"No failure majority among reported outcomes (after {STRICT_MIN_OUTCOMES} or more).")
    return checks, rules


def _trust(services: Services, index: MatchIndex, slugs: list[str], uris: list[str]) -> dict[str, dict[str, Any]]:
    counts: dict[tuple[str, str], Any] = {}
    if slugs and uris:
        with services.engine.connect() as conn:
            for r in conn.execute(select(capability_stats).where(capability_stats.c.slug.in_(slugs),
                                                                 capability_stats.c.capability_uri.in_(uris))):
                counts[(r.slug, r.capability_uri)] = r
    out: dict[str, dict[str, Any]] = {}
    for slug in slugs:
        i = index.position[slug]
        a = index.artifacts[i]
        caps = []
        for uri in uris:
            carried = index.matched_uris(i, [uri])
            view = a.capabilities.get(carried[0]) if carried else None
            row = counts.get((slug, carried[0])) if carried else None
            s, f = (row.successes, row.failures) if row is not None else (0, 0)
            figure = index.quality.figure.get(uri, {}).get(i)
            caps.append({"uri": uri, "carried_as": carried, "how_known": view.how_known if view else None,
                         "confidence": view.confidence if view else None,
                         "evidence": evidence_text(figure) if figure else None,
                         "times_matched": row.times_matched if row is not None else 0, "successes": s,
                         "failures": f, "success_rate": success_rate(s, f)})
        out[slug] = {"status": a.status, "hosts": a.hosts, "priced": bool(index.priced[i]), "capabilities": caps}
    return out


def resolve(services: Services, uri_or_phrase: str, *, risk: str = "default", limit: int = 10,
            client: str | None = None, log: bool = True) -> dict[str, Any]:
    """Rank the artifacts serving a capability (given as a URI or a phrase) under a risk posture."""
    text = _clean(uri_or_phrase, "capability or phrase").strip()
    if risk not in RISKS:
        raise ServiceError(f"risk must be one of {', '.join(RISKS)}, not {risk!r}")
    n = _limit(limit)
    if not text:
        raise ServiceError("nothing to resolve: give a capability:// URI (e.g. capability://vision.ocr) or a phrase")
    index, learned = _state(services)
    if _looks_like_uri(text, index):
        uri = normalize_uri(text)
        if uri not in index.taxonomy:
            hints = _suggest(index, uri)
            hint = f" Did you mean: {', '.join(hints)}?" if hints else ""
            statement = f"no capability is known as {uri!r}."
            raise NotFoundError(statement + hint, hints, statement=statement)
        need = Need(text=text, constraints=Constraints(), soft_text="")
        required, source = [uri], "uri"
    else:
        need = parse_need(text)
        required = list(need.constraints.capabilities) or list(need.preferences[:1]) or \
            [u for u, _ in index.retrieve_capabilities(need.soft_text or text, k=1)]
        source = "phrase"
    checks, rules = _risk_checks(index, risk, required, learned)
    if not required:
        outcome = MatchOutcome(need, [], [], {
            "candidates": index.n, "after_filters": 0, "steps": [], "emptied_by": "no_capability",
            "message": "No capability in the taxonomy matches this phrase; try a capability:// URI or words such "
                       "as 'OCR', 'text to image', 'function calling'."})
    else:
        outcome = run_match(index, need, limit=n, learned=learned, active_only=False, required=tuple(required),
                            extra_checks=checks)
    event_id = _log(services, text, outcome, {"kind": "resolve", "risk": risk, "required": required, "limit": n},
                    client) if log else None
    trust = _trust(services, index, [r.slug for r in outcome.results], required)
    results = [{**r.to_dict(), "passport": trust[r.slug]} for r in outcome.results]
    return {"query": text, "resolved_from": source,
            "capability": {"uri": required[0], "name": cap_name(index, required[0])} if required else None,
            "required": required, "risk": risk, "risk_rules": rules,
            "constraints": outcome.need.constraints.to_dict(), "event_id": event_id, "results": results,
            **_reading(outcome)}
