"""The JSON API under ``/api/v1``: parse the request, call one service, return its payload."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Path, Query, status
from fastapi.responses import JSONResponse, Response

from matchgraph.rank.clients import keyed
from matchgraph.service.compare import compare
from matchgraph.service.events import record_outcome
from matchgraph.service.passport import passport
from matchgraph.service.rankings import rankings
from matchgraph.service.search import resolve, search
from matchgraph.service.validate import validate_manifest_text
from matchgraph.web import schemas, urls
from matchgraph.web.deps import ClientDep, SearchLimitDep, ServicesDep, StateDep, ValidateLimitDep, WriterDep
from matchgraph.web.errors import ApiError
from matchgraph.web.listing import ArtifactFilter, capability_detail, capability_index, list_artifacts
from matchgraph.web.submissions import InvalidManifest, submit_manifest

router = APIRouter(prefix="/api/v1", tags=["api"], responses=schemas.ERRORS)

Limit = Annotated[int, Query(ge=1, le=50, description="How many results")]
Key = Annotated[str, Query(min_length=1, max_length=300, description="Slug, alias, source key or exact name")]
# A key is optional on searches (it only selects the rate-limit bucket): say so in the OpenAPI document.
OPTIONAL_KEY = {"security": [{}, {"HTTPBearer": []}, {"APIKeyHeader": []}]}
Modality = Literal["text", "image", "audio", "video", "file", "embedding"]
# Starlette's JSONResponse encoding without the circular-reference check: a service payload is a tree of
# fresh dicts and lists, and the check's bookkeeping was an eighth of encoding a 27 KB search answer.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"),
                            check_circular=False)


class TreeJSONResponse(JSONResponse):
    """The same bytes as ``JSONResponse`` for an acyclic payload."""

    def render(self, content: Any) -> bytes:
        return _ENCODER.encode(content).encode("utf-8")


@router.get("/search", response_model=schemas.SearchOut, summary="Search artifacts for a need",
            openapi_extra=OPTIONAL_KEY)
async def api_search(state: StateDep, key: SearchLimitDep, client: ClientDep,
                     q: Annotated[str, Query(min_length=1, max_length=2_000, description=(
                         "The need in plain words (the parser reads 2,000 characters; percent-encoded "
                         "as UTF-8 this stays well inside the 64 KiB request line any character allows)"))],
                     limit: Limit = 10) -> Response:
    """Artifacts that meet every hard requirement read from ``q``, ranked with reasons; the search is
    logged and its ``event_id`` can receive outcomes."""
    who = keyed(key.name) if key else f"ip:{client}"
    # A few searches run at once and the rest wait in line: CPU-bound work in many threads only
    # stretches every request's latency. The payload is sent as built (the schema documents it).
    result = await to_thread.run_sync(lambda: search(state.services, q, limit=limit, client=who),
                                      limiter=state.search_slots)
    return TreeJSONResponse(result)


@router.get("/resolve", response_model=schemas.ResolveOut, summary="Resolve a capability",
            openapi_extra=OPTIONAL_KEY)
def api_resolve(services: ServicesDep, key: SearchLimitDep, client: ClientDep,
                capability: Annotated[str, Query(min_length=1, max_length=500,
                                                 description="A capability:// URI or a phrase")],
                risk: Literal["default", "production", "strict"] = "default", limit: Limit = 10) -> dict[str, Any]:
    """Ranked artifacts providing a capability under a risk posture."""
    who = keyed(key.name) if key else f"ip:{client}"
    return resolve(services, capability, risk=risk, limit=limit, client=who)


@router.get("/artifacts", response_model=schemas.ArtifactPage, summary="List and filter artifacts")
def api_artifacts(
    services: ServicesDep,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    input: Modality | None = None,
    output: Modality | None = None,
    capability: Annotated[str | None, Query(max_length=200, description="URI; includes sub-capabilities")] = None,
    organization: Annotated[str | None, Query(max_length=128)] = None,
    max_input_price: Annotated[float | None, Query(ge=0, le=1e6, description="USD per 1M input tokens")] = None,
    max_output_price: Annotated[float | None, Query(ge=0, le=1e6, description="USD per 1M output tokens")] = None,
    max_image_price: Annotated[float | None, Query(ge=0, le=1e6, description="USD per image")] = None,
    min_context: Annotated[int | None, Query(ge=0, le=10**9)] = None,
    open_weights: bool | None = None,
    status_: Annotated[Literal["active", "deprecated"] | None, Query(alias="status")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the slug or name")] = None,
    sort: Literal["slug", "name", "input_price", "output_price", "image_price", "context", "hosts",
                  "release"] = "slug",
    offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """A page of artifacts; filters on prices or context exclude artifacts whose figure is unknown."""
    f = ArtifactFilter(kind=kind, input_modality=input, output_modality=output, capability=capability,
                       organization=organization, max_input_price=max_input_price,
                       max_output_price=max_output_price, max_image_price=max_image_price,
                       min_context=min_context, open_weights=open_weights, status=status_, text=q)
    page = list_artifacts(services.view(), f, sort=sort, offset=offset, limit=limit)
    if offset + limit < page["total"]:
        params = {k: v for k, v in page["filters"].items()}
        page["next"] = urls.api("artifacts", **_query_names(params), sort=sort, offset=offset + limit, limit=limit)
    else:
        page["next"] = None
    return page


def _query_names(filters: dict[str, Any]) -> dict[str, Any]:
    names = {"input_modality": "input", "output_modality": "output", "text": "q"}
    return {names.get(k, k): (str(v).lower() if isinstance(v, bool) else v) for k, v in filters.items()}


@router.get("/passport/{slug:path}", response_model=schemas.PassportOut, summary="Trust passport")
def api_passport(services: ServicesDep,
                 slug: Annotated[str, Path(max_length=300, description="Slug (org/model) or any known name")]
                 ) -> dict[str, Any]:
    """Everything known about one artifact, each fact with its source, and its MatchRank."""
    return passport(services.engine, slug, services)


@router.get("/compare", response_model=schemas.CompareOut, summary="Compare two artifacts")
def api_compare(services: ServicesDep, a: Key, b: Key,
                workload: Annotated[str | None, Query(max_length=300, description=(
                    "Monthly workload, e.g. requests=10000/month,input=1500,output=300"))] = None
                ) -> dict[str, Any]:
    """Side by side: feature table with winners where comparable, capabilities, verdict, FAQ, cost."""
    return compare(services, a, b, workload=workload)


@router.get("/rankings", response_model=schemas.RankingsOut, summary="Rankings")
def api_rankings(services: ServicesDep,
                 capability: Annotated[str | None, Query(max_length=200)] = None,
                 kind: Annotated[str | None, Query(max_length=32)] = None,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Artifacts by MatchRank, or by quality on one capability (with intervals)."""
    return rankings(services, capability=capability, kind=kind, limit=limit)


@router.get("/capabilities", response_model=schemas.CapabilitiesOut, summary="Capability taxonomy")
def api_capabilities(services: ServicesDep) -> dict[str, Any]:
    """Every capability node with the number of artifacts that have it."""
    return capability_index(services.view())


@router.get("/capabilities/{key:path}", summary="One capability")
def api_capability(services: ServicesDep, key: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """A capability node, its place in the tree and how many artifacts have it."""
    return capability_detail(services.view(), urls.capability_uri(key))


@router.post("/validate", response_model=schemas.ValidateOut, summary="Validate a manifest")
def api_validate(_limited: ValidateLimitDep, body: schemas.ManifestIn) -> dict[str, Any]:
    """Every error and warning of a manifest, each with its field path and line. Nothing is stored."""
    return validate_manifest_text(body.manifest)


@router.post("/manifests", response_model=schemas.SubmitOut, status_code=status.HTTP_201_CREATED,
             summary="Submit a manifest", responses=schemas.WRITE_ERRORS)
def api_submit(services: ServicesDep, key: WriterDep, body: schemas.SubmitIn) -> dict[str, Any]:
    """Publish an artifact from a manifest (needs an API key); the catalog is re-derived.

    The key owns the slugs and namespace it publishes first; another key's slug or namespace, or an
    artifact derived from sources, answers 403 naming the owner. ``extend: true`` adds the manifest's
    claims next to a source-derived artifact's records instead of replacing them."""
    try:
        result = submit_manifest(services, body.manifest, key.name, extend=body.extend)
    except InvalidManifest as exc:
        raise ApiError(422, str(exc), code="invalid_manifest") from exc
    return {**result, "url": urls.artifact(result["slug"])}


@router.post("/events/{event_id}/outcome", response_model=schemas.OutcomeOut, summary="Report an outcome",
             responses=schemas.WRITE_ERRORS)
def api_outcome(services: ServicesDep, key: WriterDep,
                event_id: Annotated[str, Path(min_length=1, max_length=64)], body: schemas.OutcomeIn
                ) -> dict[str, Any]:
    """Record whether an artifact shown by a search worked (needs an API key)."""
    return record_outcome(services, event_id, body.slug, body.outcome, client=keyed(key.name))
