"""Compare two artifacts: resolve both keys, gather MatchRank and arena context, build the comparison."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from matchgraph.compare.builder import build_comparison
from matchgraph.compare.model import CompareContext, Comparison
from matchgraph.compare.profile import ARENA_PREFIX, ArenaBoards, choose_ratings
from matchgraph.compare.render_json import to_dict
from matchgraph.compare.workload import Workload, WorkloadError, parse_workload
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.service.passport import build_passport
from matchgraph.store.schema import evidence


def matchrank_of(services: Services, slug: str) -> dict[str, Any] | None:
    """MatchRank for ``slug`` from the rankings service, or None when rankings are not available."""
    try:
        from matchgraph.service.rankings import matchrank_for
    except ImportError:
        return None
    return matchrank_for(services, slug)


def arena_boards(services: Services) -> ArenaBoards:
    """Rank-interval tables over every artifact's arena ratings (cached per catalog version)."""

    def build() -> ArenaBoards:
        # One query over the arena rows only: loading the whole read model for this would cost seconds.
        cols = (evidence.c.artifact_id, evidence.c.metric, evidence.c.capability_uri, evidence.c.value,
                evidence.c.ci_low, evidence.c.ci_high, evidence.c.sample_size, evidence.c.source,
                evidence.c.source_key)
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        with services.engine.connect() as conn:
            for r in conn.execute(select(*cols).where(evidence.c.metric.like(f"{ARENA_PREFIX}%"))):
                rows[r.artifact_id].append({"metric": r.metric, "capability": r.capability_uri, "value": r.value,
                                            "ci_low": r.ci_low, "ci_high": r.ci_high, "sample_size": r.sample_size,
                                            "source": r.source, "key": r.source_key})
        return ArenaBoards(choose_ratings(ev) for ev in rows.values())

    return services.cached("compare.arena_boards", build)


def to_workload(workload: str | Workload | None) -> Workload | None:
    """A parsed workload; a malformed string becomes a ServiceError with the parser's message."""
    if workload is None or isinstance(workload, Workload):
        return workload
    try:
        return parse_workload(workload)
    except WorkloadError as exc:
        raise ServiceError(f"bad --workload: {exc}") from exc


def rank_of(services: Services, passport: dict[str, Any]) -> dict[str, Any] | None:
    """MatchRank of a passport's artifact: the passport's own when it carries one, else the service's."""
    if "matchrank" in passport:
        return passport["matchrank"]
    return matchrank_of(services, passport["slug"])


def compare_context(services: Services, found: Iterable[dict[str, Any]], workload: str | Workload | None = None,
                    version: str | None = None) -> CompareContext:
    """The context for comparisons among passports ``found``: MatchRank of each, arena boards, the workload."""
    return CompareContext(
        catalog_version=services.catalog_version() if version is None else version,
        matchrank={p["slug"]: rank_of(services, p) for p in found},
        arena=arena_boards(services),
        workload=to_workload(workload),
    )


def passports(services: Services, keys: list[str]) -> list[dict[str, Any]]:
    """Passports for keys; one NotFoundError naming every unknown key with suggestions."""
    found: list[dict[str, Any]] = []
    problems: list[NotFoundError] = []
    with services.engine.connect() as conn:
        for key in keys:
            try:
                found.append(build_passport(conn, key, services))
            except NotFoundError as exc:
                problems.append(exc)
    if problems:
        raise NotFoundError(" ".join(str(p) for p in problems), [s for p in problems for s in p.suggestions])
    return found


def comparison(services: Services, key_a: str, key_b: str,
               workload: str | Workload | None = None) -> Comparison:
    """The comparison object for two keys (slug, alias, source key or exact name)."""
    wl = to_workload(workload)
    pa, pb = passports(services, [key_a, key_b])
    ctx = compare_context(services, [pa, pb], wl)
    return build_comparison(pa, pb, ctx)


def compare(services: Services, key_a: str, key_b: str, workload: str | Workload | None = None) -> dict[str, Any]:
    """The ``compare --format json`` document (DESIGN.md "Interfaces")."""
    return to_dict(comparison(services, key_a, key_b, workload))
