"""Manifest source adapter: ``matchgraph.yml`` files into source records and catalog offers.

A manifest becomes one :class:`SourceRecord` (source ``manifest``, key = the slug) whose payload
keeps both the validated data and the raw text, and one :class:`ModelRecord` offer. The project's
own curated manifests ship in ``matchgraph/catalog/manifests/*.yml``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from typing import Any, ClassVar

from matchgraph.catalog.domain import ModelRecord, Prices, SourceRecord, mode_from_outputs
from matchgraph.catalog.manifest import (
    Manifest,
    ManifestIssue,
    ManifestResult,
    load_manifest_file,
    manifest_from_data,
    manifest_to_data,
    parse_manifest,
)
from matchgraph.sources.base import ReadResult, SourceAdapter
from matchgraph.sources.errors import SourceError

SOURCE = "manifest"
DECLARED_BY = "manifest"
CURATED_PACKAGE = "matchgraph.catalog"
CURATED_DIR = "manifests"
MANIFEST_SUFFIXES = (".yml", ".yaml")


def manifest_source_record(manifest: Manifest, text: str, origin: str, fetched_at: str) -> SourceRecord:
    """The raw record for one validated manifest: parsed data plus the text it came from."""
    payload = {"manifest": manifest_to_data(manifest), "text": text, "origin": origin}
    return SourceRecord(
        source=SOURCE,
        key=manifest.identity.slug,
        url=manifest.sources[0].url,
        fetched_at=fetched_at,
        payload=payload,
    )


def manifest_to_model_record(sr: SourceRecord) -> ModelRecord:
    """Normalise a manifest source record into one offer of the artifact it describes.

    The host is the organization's slug part (the builder serves its own artifact). Per-capability
    intents and conditions, failure modes, permissions and execution go to ``extra`` for
    derivation. Raises :class:`SourceError` when the payload is not a valid manifest.
    """
    data = sr.payload.get("manifest") if isinstance(sr.payload, dict) else None
    # The record was validated when it was ingested; a URI later retired from the taxonomy must
    # not make old records unreadable, so only the structure is checked here.
    result = manifest_from_data(data, origin=str(sr.payload.get("origin", sr.key)), check_taxonomy=False)
    if result.manifest is None:
        problems = "; ".join(str(issue) for issue in result.errors[:5])
        raise SourceError(f"manifest record {sr.key!r} is not a valid manifest: {problems}")
    m = result.manifest
    ident = m.identity
    org_slug, model_id = ident.slug.split("/", 1)
    prices = Prices()
    if m.pricing is not None:
        prices = Prices(
            input_per_mtok=m.pricing.input_per_mtok,
            output_per_mtok=m.pricing.output_per_mtok,
            per_image=m.pricing.per_image,
            per_second=m.pricing.per_second,
        )
    return ModelRecord(
        source=SOURCE,
        source_key=sr.key,
        slug=ident.slug,
        name=ident.name,
        organization=org_slug,
        host=org_slug,
        host_key=model_id,
        kind=ident.kind,
        mode=mode_from_outputs(m.modalities.output) if ident.kind == "model" else None,
        family=ident.family,
        input_modalities=list(m.modalities.input),
        output_modalities=list(m.modalities.output),
        context_window=m.limits.context_window,
        max_output=m.limits.max_output,
        prices=prices,
        declared={cap.uri: DECLARED_BY for cap in m.capabilities},
        release_date=_iso(ident.release_date),
        deprecation_date=_iso(ident.deprecation_date),
        open_weights=ident.open_weights,
        license=ident.license,
        parameters=ident.parameters,
        url=ident.homepage or sr.url,
        extra={**_extra(m), **_publisher(sr)},
        # A publisher's extension of an artifact derived from other records makes claims (capabilities,
        # limits, modalities) next to theirs; it is not an offer, so it sets no price and adds no host.
        is_offer=not _publisher(sr).get("extends", False),
    )


def _publisher(sr: SourceRecord) -> dict[str, Any]:
    """Who published a manifest submitted with an API key, and whether it extends another's artifact."""
    payload = sr.payload if isinstance(sr.payload, dict) else {}
    out: dict[str, Any] = {}
    if payload.get("publisher"):
        out["publisher"] = str(payload["publisher"])
    if payload.get("extends") is True:
        out["extends"] = True
    return out


def load_curated_manifests() -> list[tuple[Manifest, str, str]]:
    """Every curated manifest shipped in the package as (manifest, text, origin), sorted by file.

    Raises :class:`SourceError` if any of them has an error or two share a slug: the package
    must never ship a broken curated manifest.
    """
    results = curated_manifest_results()
    problems = [str(issue) for result in results for issue in result.errors]
    problems.extend(str(issue) for issue in check_duplicate_slugs(results))
    if problems:
        raise SourceError("curated manifests are invalid: " + "; ".join(problems))
    return [(r.manifest, r.text or "", r.origin) for r in results if r.manifest is not None]


def curated_manifest_results() -> list[ManifestResult]:
    """Validation results for every curated manifest, errors and warnings included."""
    return [parse_manifest(text, origin) for origin, text in _curated_texts()]


def check_duplicate_slugs(results: Iterable[ManifestResult]) -> list[ManifestIssue]:
    """One error for each manifest whose slug an earlier manifest in ``results`` already uses."""
    first: dict[str, ManifestResult] = {}
    issues: list[ManifestIssue] = []
    for result in results:
        if result.manifest is None:
            continue
        slug = result.manifest.identity.slug
        if slug not in first:
            first[slug] = result
            continue
        earlier = first[slug]
        where = earlier.origin
        line = earlier.line_of("identity.slug")
        if line is not None:
            where = f"{where}:{line}"
        issues.append(
            ManifestIssue(
                path="identity.slug",
                line=result.line_of("identity.slug"),
                message=f"slug {slug!r} is already used by {where}",
                severity="error",
                origin=result.origin,
            )
        )
    return issues


class ManifestAdapter(SourceAdapter):
    """Reads one manifest file, or every ``*.yml``/``*.yaml`` file in a directory."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "catalog"
    description: ClassVar[str] = "builder manifests (matchgraph.yml): identity, capabilities, pricing"

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int) -> ReadResult:
        """Validate the manifest(s) at ``location``; any error in any file raises SourceError."""
        paths = _manifest_paths(location)
        results: list[ManifestResult] = []
        for path in paths:
            try:
                size = os.path.getsize(path)
            except OSError:
                size = 0  # load_manifest_file reports why the file cannot be read
            if size > max_bytes:
                raise SourceError(f"{path} is larger than {max_bytes} bytes")
            results.append(load_manifest_file(path))
        problems = [str(i) for r in results for i in r.errors] + [
            str(i) for i in check_duplicate_slugs(results)
        ]
        if problems:
            raise SourceError("; ".join(problems))
        records = [
            manifest_source_record(r.manifest, r.text or "", r.origin, fetched_at)
            for r in results
            if r.manifest is not None
        ]
        return ReadResult(records=records, location=str(location), replaces_source=False)

    def model_record(self, record: SourceRecord) -> ModelRecord | None:
        """The offer a manifest record describes."""
        return manifest_to_model_record(record)


# ----------------------------------------------------------------------------- helpers


def _curated_texts() -> list[tuple[str, str]]:
    """(origin, text) of each curated manifest; origin is the path inside the package."""
    folder = resources.files(CURATED_PACKAGE).joinpath(CURATED_DIR)
    out: list[tuple[str, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith(MANIFEST_SUFFIXES):
            origin = f"{CURATED_PACKAGE.replace('.', '/')}/{CURATED_DIR}/{entry.name}"
            out.append((origin, entry.read_bytes().decode("utf-8")))
    return out


def _manifest_paths(location: str | None) -> list[str]:
    if not location:
        raise SourceError("the manifest source needs a file or directory path")
    if "://" in location:
        raise SourceError("manifests are read from local files; download the file first")
    if os.path.isdir(location):
        paths = sorted(
            os.path.join(location, name) for name in os.listdir(location) if name.endswith(MANIFEST_SUFFIXES)
        )
        if not paths:
            raise SourceError(f"{location} holds no *.yml or *.yaml manifest")
        return paths
    if not os.path.exists(location):
        raise SourceError(f"{location}: no such file")
    return [location]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _extra(m: Manifest) -> dict[str, Any]:
    """What derivation needs beyond the ModelRecord fields, in manifest_to_data's plain shape."""
    data = manifest_to_data(m)
    extra: dict[str, Any] = {
        "organization_name": m.identity.organization,
        # One entry per declared capability, as written: uri, description, intents, conditions, ...
        "capabilities": data["capabilities"],
        "failure_modes": data.get("failure_modes", []),
        "permissions": data.get("permissions", []),
        "execution": data.get("execution"),
        "sources": data["sources"],
    }
    for key in ("status", "aliases"):
        if key in data["identity"]:
            extra[key] = data["identity"][key]
    if "pricing" in data:
        pricing = data["pricing"]
        extra["pricing_source"] = pricing["source"]
        if "free_tier" in pricing:
            extra["free_tier"] = pricing["free_tier"]
    return extra
