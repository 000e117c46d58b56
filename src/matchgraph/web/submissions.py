"""Manifest submissions over HTTP: validate the text, then ingest it like ``matchgraph ingest manifest``."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from matchgraph.service.catalog import ingest
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.validate import validate_manifest_text

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class InvalidManifest(ServiceError):
    """The submitted manifest has errors; ``report`` is the full validation payload."""

    def __init__(self, report: dict[str, Any]) -> None:
        first = "; ".join(f"{e['path']} (line {e['line']}): {e['message']}" for e in report["errors"][:5])
        super().__init__(f"the manifest has {len(report['errors'])} error(s): {first}")
        self.report = report


def submit_manifest(services: Services, text: str, submitter: str) -> dict[str, Any]:
    """Validate and ingest one manifest; the catalog is re-derived in one transaction."""
    report = validate_manifest_text(text, origin=f"api submission by {submitter}")
    if not report["valid"]:
        raise InvalidManifest(report)
    # The manifest adapter reads files, so the text goes through a private temporary file.
    with tempfile.TemporaryDirectory(prefix="matchgraph-submit-") as folder:
        path = Path(folder) / f"submitted-by-{_SAFE_NAME.sub('-', submitter)[:64]}.yml"
        path.write_text(text, encoding="utf-8")
        result = ingest(services.engine, "manifest", str(path), max_bytes=services.settings.max_source_bytes)
    services.invalidate()
    return {"slug": report["slug"], "artifacts": result.derive.artifacts, "warnings": report["warnings"]}
