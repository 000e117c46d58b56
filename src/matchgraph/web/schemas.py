"""Request and response models of the JSON API (inputs strict, outputs documented and open-ended).

Output models name the contract's fields; ``extra="allow"`` keeps any further fields a service adds
so the API never silently drops data.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MANIFEST_CHARS = 200_000


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


# ---- inputs ----------------------------------------------------------------------------------------

class OutcomeIn(BaseModel):
    """An outcome report for one artifact shown by a search event."""

    model_config = ConfigDict(extra="forbid")
    slug: str = Field(min_length=3, max_length=255, description="The artifact slug that was chosen")
    outcome: Literal["success", "failure"] = Field(description="Whether the choice worked")


class ManifestIn(BaseModel):
    """A ``matchgraph.yml`` manifest as text."""

    model_config = ConfigDict(extra="forbid")
    manifest: str = Field(min_length=1, max_length=MAX_MANIFEST_CHARS, description="The manifest's YAML text")


class SubmitIn(ManifestIn):
    """A manifest to publish; ``extend`` adds it next to a source-derived artifact's records."""

    extend: bool = Field(False, description="Add claims to an artifact derived from sources (never an overwrite)")


class CompareQuery(BaseModel):
    """The comparison page's query: a workload string, or the cost form's fields (blank when empty)."""

    model_config = ConfigDict(extra="ignore")
    workload: str | None = Field(None, max_length=300)
    requests: str | None = Field(None, max_length=12, pattern=r"^\d*$")
    input: str | None = Field(None, max_length=12, pattern=r"^\d*$")
    output: str | None = Field(None, max_length=12, pattern=r"^\d*$")
    images: str | None = Field(None, max_length=12, pattern=r"^\d*$")
    size: str | None = Field(None, max_length=12, pattern=r"^(\d{1,5}x\d{1,5})?$")
    format: Literal["html", "json"] | None = None


# ---- outputs ---------------------------------------------------------------------------------------

class ErrorDetail(BaseModel):
    """The error itself."""

    status: int
    code: str
    message: str
    suggestions: list[str] | None = None
    stored: dict[str, Any] | None = Field(None, description="On 409: the outcome already stored")
    owner: str | None = Field(None, description="On 403: who owns the slug or namespace")


class ErrorOut(BaseModel):
    """Every API error has this shape."""

    error: ErrorDetail


class Health(BaseModel):
    """Liveness (no database access) or readiness (database reachable)."""

    status: str
    catalog_version: str | None = None


class SearchResult(_Out):
    slug: str
    name: str
    score: float | None
    components: dict[str, Any]
    reasons: list[str]
    capabilities: list[str]
    prices: dict[str, Any]
    sources: list[dict[str, Any]]


class SearchOut(_Out):
    """Ranked artifacts meeting every hard constraint read from the query."""

    query: str
    constraints: dict[str, Any]
    event_id: str | None
    results: list[SearchResult]


class ResolveOut(_Out):
    """Ranked artifacts for a capability URI or phrase under a risk posture."""

    results: list[dict[str, Any]]


class ArtifactRow(_Out):
    slug: str
    name: str
    kind: str
    modalities: dict[str, list[str]]
    context_window: int | None
    prices: dict[str, Any]
    hosts_count: int
    capabilities: list[str]


class ArtifactPage(_Out):
    """One page of the filtered artifact list."""

    total: int
    offset: int
    limit: int
    items: list[ArtifactRow]
    next: str | None = None


class PassportOut(_Out):
    """The trust passport of one artifact, with its MatchRank."""

    slug: str
    name: str
    kind: str
    modalities: dict[str, list[str]]
    prices: dict[str, Any]
    offers: list[dict[str, Any]]
    capabilities: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    matchrank: dict[str, Any] | None = None


class CompareOut(_Out):
    """A side-by-side comparison (see DESIGN.md for every section)."""

    a: dict[str, Any]
    b: dict[str, Any]
    headline: str
    table: list[dict[str, Any]]
    verdict: dict[str, Any]
    faq: list[dict[str, Any]]
    cost: dict[str, Any]
    sources: list[dict[str, Any]]


class RankingsOut(_Out):
    """Artifacts ranked by MatchRank, or by quality on one capability."""

    capability: str | None
    results: list[dict[str, Any]]


class CapabilityOut(_Out):
    uri: str
    name: str
    parent: str | None
    artifacts: int


class CapabilitiesOut(_Out):
    """The capability taxonomy with artifact counts."""

    taxonomy_version: str
    capabilities: list[CapabilityOut]


class ValidateOut(_Out):
    """Validation of a manifest: every error and warning with its field path and line."""

    valid: bool
    slug: str | None
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class SubmitOut(_Out):
    """A manifest accepted into the catalog."""

    slug: str
    url: str
    artifacts: int


class OutcomeOut(_Out):
    """The recorded outcome."""

    event_id: str
    slug: str
    outcome: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 404, 413, 422, 429, 503)
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}
