"""The typed values of a builder manifest and the closed vocabularies they draw from.

The manifest values are frozen; :class:`ManifestResult` is not, because reading fills it in
stages (structural YAML problems are merged into the validation issues).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MANIFEST_VERSION = 1
MAX_MANIFEST_BYTES = 256 * 1024
# Mappings and lists nested deeper than this are refused before any tree is built; the schema
# itself needs four levels.
MAX_DEPTH = 16
MIN_DESCRIPTION_CHARS = 100
STATUSES = ("active", "deprecated")
PROTOCOLS = ("http", "openai-compatible", "mcp-stdio", "mcp-http", "grpc", "library")
AUTH_METHODS = ("none", "api-key", "oauth", "other")
# What an artifact may touch when it runs. A closed list, so an agent can reason about it.
PERMISSIONS = (
    "network",
    "filesystem-read",
    "filesystem-write",
    "code-execution",
    "environment-read",
    "credentials",
    "user-data",
)
CURRENCIES = ("USD",)

# The last segment of a field path ("[2]" or ".name"), stripped to reach the parent.
_PARENT_RE = re.compile(r"(?:\[\d+\]|\.[^.\[\]]*)$")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Identity:
    """Who and what the artifact is."""

    slug: str
    name: str
    organization: str
    kind: str
    family: str | None = None
    release_date: date | None = None
    status: str | None = None
    deprecation_date: date | None = None
    license: str | None = None
    open_weights: bool | None = None
    parameters: int | None = None
    homepage: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Modalities:
    """Input and output modalities, each from ``domain.MODALITIES``."""

    input: tuple[str, ...]
    output: tuple[str, ...]


@dataclass(frozen=True)
class Limits:
    """Token limits; unknown is None."""

    context_window: int | None = None
    max_output: int | None = None


@dataclass(frozen=True)
class Conditions:
    """When a capability fits, where it falls short, and what it needs."""

    best_for: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Capability:
    """One declared capability: a taxonomy URI with the builder's description and conditions."""

    uri: str
    description: str
    intents: tuple[str, ...]
    conditions: Conditions = field(default_factory=Conditions)
    unique_aspect: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """A public page that states a fact, and the date it was read."""

    url: str
    as_of: date
    note: str | None = None


@dataclass(frozen=True)
class Pricing:
    """Prices in USD (per million tokens, per image, per second); every price block has a source."""

    currency: str
    source: SourceRef
    input_per_mtok: float | None = None
    output_per_mtok: float | None = None
    per_image: float | None = None
    per_second: float | None = None
    free_tier: bool | None = None


@dataclass(frozen=True)
class FailureMode:
    """A known way the artifact fails, with an optional mitigation."""

    mode: str
    description: str
    mitigation: str | None = None


@dataclass(frozen=True)
class Execution:
    """How a client calls the artifact."""

    protocol: str
    auth: str
    endpoint: str | None = None


@dataclass(frozen=True)
class Manifest:
    """A validated manifest."""

    manifest_version: int
    identity: Identity
    modalities: Modalities
    capabilities: tuple[Capability, ...]
    sources: tuple[SourceRef, ...]
    limits: Limits = field(default_factory=Limits)
    pricing: Pricing | None = None
    failure_modes: tuple[FailureMode, ...] = ()
    permissions: tuple[str, ...] = ()
    execution: Execution | None = None


@dataclass(frozen=True)
class ManifestIssue:
    """One problem found in a manifest: the field path, the 1-based line and what is wrong."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"
    origin: str | None = None

    def __str__(self) -> str:
        where = self.origin or "<manifest>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        field_ = f" {self.path}:" if self.path else ""
        return f"{where}: {self.severity}:{field_} {self.message}"


@dataclass
class ManifestResult:
    """The outcome of reading a manifest: the typed manifest (None on any error) and every issue."""

    manifest: Manifest | None
    errors: list[ManifestIssue] = field(default_factory=list)
    warnings: list[ManifestIssue] = field(default_factory=list)
    origin: str = "<string>"
    # Field path -> 1-based line, for reports that come later (e.g. duplicate slugs across files).
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    # The text that was parsed (None when it could not be read), kept for the raw source record.
    text: str | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the manifest has no errors (warnings allowed)."""
        return not self.errors and self.manifest is not None

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor present in the file."""
        return line_of_path(self.lines, path)


def line_of_path(lines: Mapping[str, int], path: str) -> int | None:
    """The line of ``path``, else of its nearest recorded ancestor; None when nothing is known."""
    current = path
    while True:
        if current in lines:
            return lines[current]
        if not current:
            return None
        parent = _PARENT_RE.sub("", current)
        current = parent if parent != current else ""
