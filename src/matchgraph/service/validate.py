"""Manifest validation as a service: a file in, every error and warning out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matchgraph.catalog.manifest import ManifestIssue, ManifestResult, load_manifest_file, parse_manifest


def _issue(issue: ManifestIssue) -> dict[str, Any]:
    return {"path": issue.path, "line": issue.line, "message": issue.message, "severity": issue.severity}


def result_payload(result: ManifestResult) -> dict[str, Any]:
    """The JSON shape of a validation: valid flag, slug when known, errors and warnings."""
    return {
        "origin": result.origin,
        "valid": result.ok,
        "slug": result.manifest.identity.slug if result.manifest else None,
        "errors": [_issue(i) for i in result.errors],
        "warnings": [_issue(i) for i in result.warnings],
    }


def validate_manifest_file(path: Path) -> dict[str, Any]:
    """Validate a manifest file."""
    return result_payload(load_manifest_file(path))


def validate_manifest_text(text: str, origin: str = "<request>") -> dict[str, Any]:
    """Validate manifest text (e.g. an HTTP request body)."""
    return result_payload(parse_manifest(text, origin))
