"""Compare two artifacts: resolve both keys, gather MatchRank and the workload, build the comparison."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matchgraph.compare.builder import build_comparison
from matchgraph.compare.model import CompareContext, Comparison
from matchgraph.compare.render_json import to_dict
from matchgraph.compare.workload import Workload, WorkloadError, parse_workload
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.service.passport import build_passport


def matchrank_of(services: Services, slug: str) -> dict[str, Any] | None:
    """MatchRank for ``slug`` from the rankings service, or None when rankings are not available."""
    try:
        from matchgraph.service.rankings import matchrank_for
    except ImportError:
        return None
    return matchrank_for(services, slug)


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
    """The context for comparisons among passports ``found``: MatchRank of each and the workload."""
    return CompareContext(
        catalog_version=services.catalog_version() if version is None else version,
        matchrank={p["slug"]: rank_of(services, p) for p in found},
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
        raise NotFoundError(" ".join(str(p) for p in problems), [s for p in problems for s in p.suggestions],
                            statement=" ".join(p.statement for p in problems))
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
