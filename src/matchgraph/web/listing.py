"""Catalog browsing over the in-memory read model: the filterable artifact list and capability index.

Pure functions of a :class:`CatalogView` (no HTTP); the API and pages format what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from matchgraph.catalog.taxonomy import Taxonomy, load_taxonomy, normalize_uri
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError
from matchgraph.service.passport import resolve_artifact
from matchgraph.store.read_model import ArtifactView, CatalogView

SortKey = Literal["slug", "name", "input_price", "output_price", "image_price", "context", "hosts", "release"]


@dataclass(frozen=True)
class ArtifactFilter:
    """Filters of the artifact list; ``None`` means "not filtered". A price or context filter
    excludes artifacts whose figure is unknown, since they cannot be shown to satisfy it."""

    kind: str | None = None
    input_modality: str | None = None
    output_modality: str | None = None
    capability: str | None = None
    organization: str | None = None
    max_input_price: float | None = None
    max_output_price: float | None = None
    max_image_price: float | None = None
    min_context: int | None = None
    open_weights: bool | None = None
    status: str | None = None
    text: str | None = None


def _has_capability(a: ArtifactView, uri: str) -> bool:
    # A capability includes its sub-capabilities: "vision" matches an artifact with "vision.ocr".
    return any(c == uri or c.startswith(uri + ".") for c in a.capabilities)


def _within(value: float | int | None, bound: float | None, *, upper: bool) -> bool:
    if bound is None:
        return True
    if value is None:
        return False
    return value <= bound if upper else value >= bound


def matches(a: ArtifactView, f: ArtifactFilter) -> bool:
    """True when the artifact satisfies every set filter."""
    text = (f.text or "").strip().lower()
    return (
        (f.kind is None or a.kind == f.kind)
        and (f.status is None or a.status == f.status)
        and (f.organization is None or (a.organization or "").lower() == f.organization.lower()
             or a.slug.split("/", 1)[0] == f.organization.lower())
        and (f.input_modality is None or f.input_modality in a.input_modalities)
        and (f.output_modality is None or f.output_modality in a.output_modalities)
        and (f.capability is None or _has_capability(a, normalize_uri(f.capability)))
        and _within(a.input_per_mtok, f.max_input_price, upper=True)
        and _within(a.output_per_mtok, f.max_output_price, upper=True)
        and _within(a.per_image, f.max_image_price, upper=True)
        and _within(a.context_window, f.min_context, upper=False)
        and (f.open_weights is None or a.open_weights is f.open_weights)
        and (not text or text in a.slug or text in a.name.lower())
    )


_SORT_FIELDS: dict[str, str] = {
    "input_price": "input_per_mtok", "output_price": "output_per_mtok", "image_price": "per_image",
    "context": "context_window", "hosts": "hosts_count", "release": "release_date",
}
_DESCENDING = {"context", "hosts", "release"}


def _sort(items: list[ArtifactView], sort: str) -> list[ArtifactView]:
    if sort in ("slug", "name"):
        return sorted(items, key=lambda a: (getattr(a, sort).lower(), a.slug))
    field = _SORT_FIELDS[sort]
    known = [a for a in items if getattr(a, field) is not None]
    unknown = [a for a in items if getattr(a, field) is None]
    known.sort(key=lambda a: a.slug)
    known.sort(key=lambda a: getattr(a, field), reverse=sort in _DESCENDING)
    # Unknown figures go last whatever the direction: they are not "cheapest" or "largest".
    return known + sorted(unknown, key=lambda a: a.slug)


def artifact_summary(a: ArtifactView) -> dict[str, Any]:
    """The list-row facts of an artifact (unknowns stay ``None``)."""
    return {
        "slug": a.slug, "name": a.name, "kind": a.kind, "organization": a.organization, "status": a.status,
        "release_date": a.release_date, "open_weights": a.open_weights, "parameters": a.parameters,
        "modalities": {"input": sorted(a.input_modalities), "output": sorted(a.output_modalities)},
        "context_window": a.context_window, "max_output": a.max_output,
        "prices": {"currency": "USD", "input_per_mtok": a.input_per_mtok, "output_per_mtok": a.output_per_mtok,
                   "per_image": a.per_image},
        "hosts_count": a.hosts_count, "capabilities": sorted(a.capabilities),
    }


def list_artifacts(view: CatalogView, f: ArtifactFilter, *, sort: str = "slug", offset: int = 0,
                   limit: int = 50) -> dict[str, Any]:
    """One page of the filtered, sorted artifact list with the total count."""
    chosen = _sort([a for a in view.artifacts if matches(a, f)], sort)
    page = chosen[offset: offset + limit]
    return {"total": len(chosen), "offset": offset, "limit": limit, "sort": sort,
            "filters": {k: v for k, v in f.__dict__.items() if v is not None},
            "items": [artifact_summary(a) for a in page]}


def _counts(view: CatalogView) -> dict[str, int]:
    """Artifacts per node, counting an artifact once for each node it has or has a sub-node of."""
    counts: dict[str, int] = {}
    for a in view.artifacts:
        covered: set[str] = set()
        for uri in a.capabilities:
            node: str | None = uri
            while node is not None and node not in covered:
                covered.add(node)
                node = view.capability_parents.get(node)
        for uri in covered:
            counts[uri] = counts.get(uri, 0) + 1
    return counts


def capability_index(view: CatalogView, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Every taxonomy node with the number of artifacts that have it or one of its sub-capabilities."""
    taxonomy = taxonomy or load_taxonomy()
    counts = _counts(view)
    return {
        "taxonomy_version": taxonomy.version,
        "capabilities": [
            {"uri": c.uri, "name": c.name, "parent": c.parent, "depth": c.depth, "description": c.description,
             "synonyms": list(c.synonyms), "intents": list(c.intents), "measured_by": list(c.measured_by),
             "artifacts": counts.get(c.uri, 0)}
            for c in taxonomy
        ],
    }


def capability_detail(view: CatalogView, uri_or_key: str, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """One taxonomy node: its place in the tree and the artifacts that have it."""
    taxonomy = taxonomy or load_taxonomy()
    uri = normalize_uri(uri_or_key)
    if uri not in taxonomy:
        near = [c.uri for c in taxonomy if uri.rsplit(".", 1)[-1] in c.uri][:5]
        raise NotFoundError(f"no capability is known as {uri!r}", near)
    node = taxonomy.get(uri)
    counts = _counts(view)
    return {
        "uri": node.uri, "name": node.name, "description": node.description, "parent": node.parent,
        "ancestors": [{"uri": c.uri, "name": c.name} for c in reversed(taxonomy.ancestors(uri))],
        "children": [{"uri": c.uri, "name": c.name, "artifacts": counts.get(c.uri, 0)}
                     for c in taxonomy.children(uri)],
        "synonyms": list(node.synonyms), "intents": list(node.intents), "measured_by": list(node.measured_by),
        "artifacts": counts.get(uri, 0),
    }


def canonical_slug(services: Services, key: str) -> str:
    """The slug an artifact key (slug, alias, source key or exact name) names; NotFoundError otherwise."""
    if key in services.view().by_slug:
        return key
    with services.engine.connect() as conn:
        return resolve_artifact(conn, key).slug


def with_prices(view: CatalogView, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranking rows with each artifact's starting prices added (for price-vs-quality charts)."""
    out = []
    for row in rows:
        a = view.get(row["slug"])
        prices = ({"input_per_mtok": a.input_per_mtok, "output_per_mtok": a.output_per_mtok,
                   "per_image": a.per_image} if a else {"input_per_mtok": None, "output_per_mtok": None,
                                                         "per_image": None})
        out.append({**row, "prices": prices})
    return out


def similar_artifacts(view: CatalogView, text: str, limit: int = 6, cutoff: float = 60.0) -> list[dict[str, str]]:
    """Artifacts whose slug or name is most like ``text`` (a mistyped URL or name), best first, by
    rapidfuzz's weighted ratio; nothing below ``cutoff`` (0–100) is offered."""
    from rapidfuzz import fuzz, process

    query = text.strip().strip("/").lower()
    if not query:
        return []
    choices: dict[str, str] = {}
    for a in view.artifacts:
        choices[a.slug] = a.slug
        choices[a.slug + "\x00name"] = a.name.lower()
    found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=cutoff)
    out: list[dict[str, str]] = []
    for _, _score, key in found:
        slug = key.split("\x00")[0]
        if all(o["slug"] != slug for o in out):
            out.append({"slug": slug, "name": view.by_slug[slug].name})
        if len(out) == limit:
            break
    return out
