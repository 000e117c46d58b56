"""Rankings over the whole catalog: MatchRank for every artifact and quality per capability.

Both are computed once per catalog version and state of the event log, then served from the cache
of :class:`~matchgraph.service.context.Services`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.engine import Connection, Engine

from matchgraph.rank.clients import KEY_PREFIX
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.store.read_model import ArtifactView, CatalogView
from matchgraph.store.schema import match_events, outcomes

# The rank package loads SciPy on import (about a second), so its modules are imported on first use:
# commands that never rank (init, ingest, validate) do not pay for it.
if TYPE_CHECKING:
    from matchgraph.rank.matchrank import MatchGraphInputs, MatchRank
    from matchgraph.rank.quality import QualityEntry, QualityTable

_CACHE_NAME = "rankings"
MAX_LIMIT = 10_000
N_COMPONENTS = 4


@dataclass(frozen=True)
class RankingState:
    """MatchRank and per-capability quality of every artifact, for one catalog and event-log state."""

    view: CatalogView
    quality: QualityTable
    matchrank: dict[str, MatchRank]
    groups: dict[str, str]
    events: int
    version: str


_KEY_END = KEY_PREFIX[:-1] + chr(ord(KEY_PREFIX[-1]) + 1)  # "key;": the first string after every "key:…"


def _keyed_event(dialect: str) -> ColumnElement[bool]:
    """Events from API-keyed clients (client starting with "key:", as rank.clients.is_keyed says), in a
    form the index on match_events.client serves: SQLite's LIKE ignores case and so any index, while a
    range in its binary order is exactly that prefix; PostgreSQL's LIKE prefix uses the index's
    text_pattern_ops (a range there would follow the database's collation)."""
    if dialect == "sqlite":
        return and_(match_events.c.client >= KEY_PREFIX, match_events.c.client < _KEY_END)
    return match_events.c.client.like(KEY_PREFIX + "%")


def load_match_inputs(conn: Connection) -> MatchGraphInputs | None:
    """Searches logged by API-keyed clients (slugs shown, best first) and every outcome; None when
    neither exists. Anonymous searches are observations only and never reach MatchRank."""
    from matchgraph.rank.matchrank import MatchGraphInputs, OutcomeRecord, ShownEvent

    events = []
    for r in conn.execute(select(match_events.c.id, match_events.c.results, match_events.c.client)
                          .where(_keyed_event(conn.dialect.name)).order_by(match_events.c.created_at)):
        shown = [x for x in (r.results or []) if isinstance(x, dict) and x.get("slug")]
        shown.sort(key=lambda x: x["rank"] if isinstance(x.get("rank"), int) else 1 << 30)
        events.append(ShownEvent(r.id, tuple(str(x["slug"]) for x in shown), r.client))
    rows = conn.execute(select(outcomes.c.event_id, outcomes.c.slug, outcomes.c.outcome, outcomes.c.client,
                               outcomes.c.counted).order_by(outcomes.c.created_at, outcomes.c.id)).all()
    if not events and not rows:
        return None
    return MatchGraphInputs(tuple(events), tuple(OutcomeRecord(r.event_id, r.slug, r.outcome, r.client,
                                                               bool(r.counted)) for r in rows))


def events_fingerprint(conn: Connection) -> str:
    """The state of the event log that MatchRank reads: keyed searches and outcomes."""
    # Keyed searches and outcomes do not change the catalog version, so they key the cache too;
    # anonymous searches cannot change MatchRank, so they do not invalidate it.
    ev = conn.execute(select(func.count(), func.max(match_events.c.created_at))
                      .where(_keyed_event(conn.dialect.name))).one()
    oc = conn.execute(select(func.count(), func.max(outcomes.c.id))).one()
    return f"{ev[0]}:{ev[1]}:{oc[0]}:{oc[1]}"


def ranking_state(services: Services) -> RankingState:
    """The cached whole-catalog rankings (rebuilt when the catalog or the event log changes)."""
    def read_fingerprint() -> str:
        with services.engine.connect() as conn:
            return events_fingerprint(conn)

    fingerprint = services.throttled("events_fingerprint", services.settings.rankings_refresh_seconds,
                                     read_fingerprint)
    version = f"{services.catalog_version()}|{fingerprint}"

    def build() -> RankingState:
        from matchgraph.rank.matchrank import VERSION, compute_matchrank
        from matchgraph.rank.quality import compute_quality, peer_group

        view = services.view()
        with services.engine.connect() as conn:
            inputs = load_match_inputs(conn)
        quality = compute_quality(view)
        ranks = compute_matchrank(view, inputs, quality)
        groups = {a.slug: peer_group(a) for a in view.artifacts}
        return RankingState(view, quality, ranks, groups, len(inputs.events) if inputs else 0, VERSION)

    return services.cached(_CACHE_NAME, build, version=version)


def _check_capability(view: CatalogView, capability: str) -> str:
    from matchgraph.catalog.taxonomy import load_taxonomy, normalize_uri  # YAML: loaded when asked

    uri = normalize_uri(capability)
    if uri not in view.capability_names:
        try:
            load_taxonomy().get(uri)  # raises with the nearest URIs in its message
        except KeyError as exc:
            raise ServiceError(str(exc.args[0])) from None
        raise ServiceError(f"capability {uri!r} is not in this catalog's taxonomy")
    return uri


def _below(view: CatalogView, node: str | None, uri: str) -> bool:
    """``node`` is ``uri`` or lies under it in the taxonomy."""
    while node is not None:
        if node == uri:
            return True
        node = view.capability_parents.get(node)
    return False


def capability_quality(state: RankingState, slug: str, uri: str) -> dict[str, Any] | None:
    """Quality of one artifact on a capability: its own rating, else the mean over rated capabilities
    below it in the taxonomy (e.g. text-to-image for image generation). None when nothing is rated.

    ``percentile``/``lower``/``upper`` are means of the entries listed in ``measured_on``.
    """
    own = state.quality.get(slug, uri)
    entries: list[QualityEntry] = [own] if own is not None else [
        e for u, e in sorted(state.quality.for_artifact(slug).items()) if _below(state.view, u, uri)
    ]
    if not entries:
        return None
    rated = [e for e in entries if e.percentile is not None]

    def mean(values: list[float | None]) -> float | None:
        if not rated or any(v is None for v in values):
            return None
        return round(sum(v for v in values if v is not None) / len(values), 1)

    return {
        "percentile": mean([e.percentile for e in rated]),
        "lower": mean([e.lower for e in rated]),
        "upper": mean([e.upper for e in rated]),
        # Only figures the model's maker reported: ranked after every independently measured one.
        "self_reported": all(e.self_reported for e in entries),
        "measured_on": [e.to_dict() for e in entries],
    }


def _result(position: int, a: ArtifactView, mr: MatchRank, group: str) -> dict[str, Any]:
    d = mr.to_dict()
    return {"rank": position, "slug": a.slug, "name": a.name, "kind": a.kind, "peer_group": group,
            "score": d["score"], "lower": d["lower"], "upper": d["upper"], "known": d["known"],
            "weights": d["weights"], "total": d["total"], "components": d["components"]}


def _score_key(mr: MatchRank) -> tuple[bool, float, int]:
    return (mr.score is None, -(mr.score or 0.0), -mr.known)


def rankings(services: Services, capability: str | None = None, kind: str | None = None, limit: int = 50,
             min_known: int = 0) -> dict[str, Any]:
    """Artifacts ranked by MatchRank, or by quality on one capability when ``capability`` is given.

    With a capability, only artifacts that have it (or a capability below it), or a rating on it, are
    listed, ordered by their percentile among peers (unrated last), then by MatchRank; each result
    carries ``quality`` (see :func:`capability_quality`). ``kind`` keeps one artifact kind;
    ``min_known`` drops artifacts with fewer known components. Raises ServiceError for an unknown
    capability or kind, or an out-of-range limit.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ServiceError(f"limit must be between 1 and {MAX_LIMIT}")
    if not 0 <= min_known <= N_COMPONENTS:
        raise ServiceError(f"min_known must be between 0 and {N_COMPONENTS}")
    state = ranking_state(services)
    view = state.view
    pool = view.artifacts
    if kind is not None:
        kinds = sorted({a.kind for a in view.artifacts})
        if kind not in kinds:
            raise ServiceError(f"no artifact of kind {kind!r}; kinds in the catalog: {', '.join(kinds)}")
        pool = [a for a in pool if a.kind == kind]
    pool = [a for a in pool if state.matchrank[a.slug].known >= min_known]
    uri = _check_capability(view, capability) if capability is not None else None
    quality: dict[str, dict[str, Any] | None] = {}
    if uri is not None:
        quality = {a.slug: capability_quality(state, a.slug, uri) for a in pool}
        pool = [a for a in pool
                if quality[a.slug] is not None or any(_below(view, u, uri) for u in a.capabilities)]

    def key(a: ArtifactView) -> tuple[Any, ...]:
        q = quality.get(a.slug)
        pct = q["percentile"] if q is not None else None
        self_reported = q is not None and q["self_reported"]
        return (pct is None, self_reported, -(pct or 0.0), *_score_key(state.matchrank[a.slug]), a.slug)

    ordered = sorted(pool, key=key)
    results = []
    for i, a in enumerate(ordered[:limit], start=1):
        row = _result(i, a, state.matchrank[a.slug], state.groups[a.slug])
        if uri is not None:
            row["quality"] = quality[a.slug]
        results.append(row)
    return {
        "version": state.version,
        "catalog_version": view.version,
        "events": state.events,
        "capability": uri,
        "capability_name": view.capability_names.get(uri) if uri else None,
        "kind": kind,
        "order": "quality" if uri else "matchrank",
        "matched": len(ordered),
        "results": results,
    }


def matchrank_for(services: Services, slug: str) -> dict[str, Any] | None:
    """MatchRank of one artifact (total, bounds, known/total, components with evidence); None if unknown."""
    mr = ranking_state(services).matchrank.get(slug)
    return mr.to_dict() if mr is not None else None


def positions_for(services: Services, slug: str) -> list[dict[str, Any]]:
    """Where one artifact stands on every board and benchmark it is rated on, among the one peer set
    (:meth:`~matchgraph.rank.quality.QualityTable.position_entry`): overall boards first."""
    from matchgraph.rank.positions import position

    return [position(e) for e in ranking_state(services).quality.positions(slug)]


def fixed_standings(services: Services) -> tuple[Callable[[str], dict[str, Any] | None],
                                                  Callable[[str], list[dict[str, Any]]]]:
    """:func:`matchrank_for` and :func:`positions_for` over the ranking state of this moment, read once:
    for a caller building the passports of a whole catalog (an export), which would otherwise check the
    catalog version and event log again for every artifact."""
    from matchgraph.rank.positions import position

    state = ranking_state(services)

    def matchrank(slug: str) -> dict[str, Any] | None:
        mr = state.matchrank.get(slug)
        return mr.to_dict() if mr is not None else None

    def positions(slug: str) -> list[dict[str, Any]]:
        return [position(e) for e in state.quality.positions(slug)]

    return matchrank, positions


def all_standings(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every artifact's MatchRank and positions, by slug (for the command line's on-disk cache):
    ``{"matchrank": dict | None, "positions": [...]}``."""
    from matchgraph.rank.positions import position

    state = ranking_state(services_for_engine(engine))
    return {slug: {"matchrank": mr.to_dict() if mr is not None else None,
                   "positions": [position(e) for e in state.quality.positions(slug)]}
            for slug, mr in state.matchrank.items()}


_SERVICES: weakref.WeakKeyDictionary[Engine, Services] = weakref.WeakKeyDictionary()


def services_for_engine(engine: Engine) -> Services:
    """One cached service handle per engine, for callers holding only an engine."""
    services = _SERVICES.get(engine)
    if services is None:
        services = _SERVICES.setdefault(engine, Services(engine))
    return services
