"""Manifest submissions over HTTP: published for the submitting API key under the ownership rules
of :mod:`matchgraph.service.publishing`."""

from __future__ import annotations

from typing import Any

from matchgraph.service.context import Services
from matchgraph.service.publishing import InvalidManifest, publish_manifest

__all__ = ["InvalidManifest", "submit_manifest"]


def submit_manifest(services: Services, text: str, submitter: str, *, extend: bool = False) -> dict[str, Any]:
    """Validate and store one manifest for the key named ``submitter``; the catalog is re-derived."""
    return publish_manifest(services, text, submitter, extend=extend)
