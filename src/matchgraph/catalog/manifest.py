"""Builder manifests (``matchgraph.yml``): typed values and strict validation with line numbers.

A manifest lets the builder of an AI artifact publish its identity, capabilities, pricing, failure
modes, permissions and execution protocol. Reading one never executes anything: YAML anchors,
aliases and explicit tags are refused, input size and nesting depth are capped, and every problem is
reported with its field path (``capabilities[2].description``) and its 1-based line. The format is
documented in ``docs/manifest.md``.

This module is the public entry point. The typed values live in ``manifest_types``, safe YAML
reading in ``manifest_yaml`` and the schema rules in ``manifest_checks``; the names callers need
are re-exported here.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Collection, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from matchgraph.catalog.manifest_checks import ManifestChecker, nearest_uri
from matchgraph.catalog.manifest_types import (
    AUTH_METHODS,
    CURRENCIES,
    MANIFEST_VERSION,
    MAX_DEPTH,
    MAX_MANIFEST_BYTES,
    MIN_DESCRIPTION_CHARS,
    PERMISSIONS,
    PROTOCOLS,
    STATUSES,
    Capability,
    Conditions,
    Execution,
    FailureMode,
    Identity,
    Limits,
    Manifest,
    ManifestIssue,
    ManifestResult,
    Modalities,
    Pricing,
    Severity,
    SourceRef,
)
from matchgraph.catalog.manifest_yaml import ManifestYamlError, read_yaml
from matchgraph.catalog.taxonomy import load_taxonomy

__all__ = [
    "AUTH_METHODS",
    "CURRENCIES",
    "MANIFEST_VERSION",
    "MAX_DEPTH",
    "MAX_MANIFEST_BYTES",
    "MIN_DESCRIPTION_CHARS",
    "PERMISSIONS",
    "PROTOCOLS",
    "STATUSES",
    "Capability",
    "Conditions",
    "Execution",
    "FailureMode",
    "Identity",
    "Limits",
    "Manifest",
    "ManifestIssue",
    "ManifestResult",
    "Modalities",
    "Pricing",
    "Severity",
    "SourceRef",
    "load_manifest_file",
    "manifest_from_data",
    "manifest_to_data",
    "nearest_uri",
    "parse_manifest",
    "project_capability_uris",
]


def parse_manifest(
    text: str,
    origin: str = "<string>",
    *,
    known_uris: Collection[str] | None = None,
    check_taxonomy: bool = True,
) -> ManifestResult:
    """Parse and validate manifest text; never raises for bad input, every problem is an issue.

    ``known_uris`` replaces the project taxonomy for the unknown-URI check; with
    ``check_taxonomy=False`` only the URI syntax is checked.
    """
    if not isinstance(text, str):
        return _failed(origin, "", None, f"expected text, got {type(text).__name__}")
    if len(text) > MAX_MANIFEST_BYTES:  # cheap pre-check: every character is at least one byte
        return _too_large(origin, len(text))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        return _failed(origin, "", line, "the text contains an unpaired surrogate and is not valid Unicode")
    if size > MAX_MANIFEST_BYTES:
        return _too_large(origin, size)

    try:
        document = read_yaml(text, origin)
    except ManifestYamlError as exc:
        return _failed(origin, "", exc.line, exc.message)
    result = manifest_from_data(
        document.data, origin, lines=document.lines, known_uris=known_uris, check_taxonomy=check_taxonomy
    )
    if document.issues:
        result.errors = sorted(document.issues + result.errors, key=_issue_order)
        result.manifest = None
    result.text = text
    return result


def load_manifest_file(
    path: str | os.PathLike[str],
    *,
    known_uris: Collection[str] | None = None,
    check_taxonomy: bool = True,
) -> ManifestResult:
    """Read and validate a manifest file.

    The size is checked with ``stat`` before opening and the read itself is bounded, so a huge or
    sparse file is refused without being read. Directories, special files, unreadable files and
    non-UTF-8 bytes are reported as errors.
    """
    origin = os.fspath(path)
    try:
        info = os.stat(origin)
    except FileNotFoundError:
        return _failed(origin, "", None, "no such file")
    except OSError as exc:
        return _failed(origin, "", None, f"cannot read the file: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return _failed(origin, "", None, "is a directory, not a manifest file")
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices could block or never end.
        return _failed(origin, "", None, "is not a regular file")
    if info.st_size > MAX_MANIFEST_BYTES:
        return _too_large(origin, info.st_size)
    try:
        with open(origin, "rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        return _failed(origin, "", None, f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_MANIFEST_BYTES:  # the file grew after stat
        return _too_large(origin, len(raw))
    raw = raw.removeprefix(codecs.BOM_UTF8)  # a byte-order mark is allowed and carries no content
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _failed(origin, "", line, f"the file is not valid UTF-8 (byte {exc.start} of the file)")
    return parse_manifest(text, origin, known_uris=known_uris, check_taxonomy=check_taxonomy)


def manifest_from_data(
    data: Any,
    origin: str = "<data>",
    *,
    lines: Mapping[str, int] | None = None,
    known_uris: Collection[str] | None = None,
    check_taxonomy: bool = True,
) -> ManifestResult:
    """Validate already-loaded plain data (dicts, lists, scalars) as a manifest.

    ``lines`` maps field paths to lines when the data came from a file.
    """
    line_map = dict(lines or {})
    uris: Collection[str] | None = None  # None: check the URI syntax only
    if check_taxonomy:
        uris = known_uris if known_uris is not None else project_capability_uris()
    checker = ManifestChecker(line_map, origin, uris)
    manifest = checker.manifest(data)
    errors = sorted(checker.errors, key=_issue_order)
    warnings = sorted(checker.warnings, key=_issue_order)
    return ManifestResult(
        manifest=None if errors else manifest,
        errors=errors,
        warnings=warnings,
        origin=origin,
        lines=line_map,
    )


def manifest_to_data(manifest: Manifest) -> dict[str, Any]:
    """Plain, JSON-safe data for a manifest (dates as ISO strings); parses back to an equal value.

    Unknown (None) fields and empty optional lists are left out.
    """
    ident = manifest.identity
    out: dict[str, Any] = {
        "manifest_version": manifest.manifest_version,
        "identity": _prune(
            {
                "slug": ident.slug,
                "name": ident.name,
                "organization": ident.organization,
                "kind": ident.kind,
                "family": ident.family,
                "release_date": _iso(ident.release_date),
                "status": ident.status,
                "deprecation_date": _iso(ident.deprecation_date),
                "license": ident.license,
                "open_weights": ident.open_weights,
                "parameters": ident.parameters,
                "homepage": ident.homepage,
                "aliases": list(ident.aliases),
            }
        ),
        "modalities": {"input": list(manifest.modalities.input), "output": list(manifest.modalities.output)},
    }
    limits = _prune(
        {"context_window": manifest.limits.context_window, "max_output": manifest.limits.max_output}
    )
    if limits:
        out["limits"] = limits
    out["capabilities"] = [_capability_data(cap) for cap in manifest.capabilities]
    if manifest.pricing is not None:
        p = manifest.pricing
        out["pricing"] = _prune(
            {
                "currency": p.currency,
                "input_per_mtok": p.input_per_mtok,
                "output_per_mtok": p.output_per_mtok,
                "per_image": p.per_image,
                "per_second": p.per_second,
                "free_tier": p.free_tier,
                "source": _source_data(p.source),
            }
        )
    if manifest.failure_modes:
        out["failure_modes"] = [
            _prune({"mode": f.mode, "description": f.description, "mitigation": f.mitigation})
            for f in manifest.failure_modes
        ]
    if manifest.permissions:
        out["permissions"] = list(manifest.permissions)
    if manifest.execution is not None:
        e = manifest.execution
        out["execution"] = _prune({"protocol": e.protocol, "endpoint": e.endpoint, "auth": e.auth})
    out["sources"] = [_source_data(s) for s in manifest.sources]
    return out


@lru_cache(maxsize=1)
def project_capability_uris() -> frozenset[str]:
    """The URIs of the project's packaged capability taxonomy."""
    return frozenset(load_taxonomy().uris())


def _failed(origin: str, path: str, line: int | None, message: str) -> ManifestResult:
    return ManifestResult(None, [ManifestIssue(path, line, message, "error", origin)], [], origin)


def _too_large(origin: str, size: int) -> ManifestResult:
    return _failed(origin, "", None, f"manifest too large: {size} bytes, the limit is {MAX_MANIFEST_BYTES}")


def _issue_order(issue: ManifestIssue) -> tuple[int, str]:
    return (issue.line if issue.line is not None else 0, issue.path)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != []}


def _source_data(ref: SourceRef) -> dict[str, Any]:
    return _prune({"url": ref.url, "as_of": ref.as_of.isoformat(), "note": ref.note})


def _capability_data(cap: Capability) -> dict[str, Any]:
    conditions = _prune(
        {
            "best_for": list(cap.conditions.best_for),
            "limitations": list(cap.conditions.limitations),
            "requires": list(cap.conditions.requires),
        }
    )
    return _prune(
        {
            "uri": cap.uri,
            "description": cap.description,
            "intents": list(cap.intents),
            "conditions": conditions or None,
            "unique_aspect": cap.unique_aspect,
        }
    )
