"""Builder manifests (``matchgraph.yml``): typed values and strict validation with line numbers.

A manifest lets the builder of an AI artifact publish its identity, capabilities, pricing, failure
modes, permissions and execution protocol. Reading one never executes anything: YAML anchors,
aliases and explicit tags are refused, input size and nesting depth are capped, and every problem is
reported with its field path (``capabilities[2].description``) and its 1-based line. The format is
documented in ``docs/manifest.md``.
"""

from __future__ import annotations

import codecs
import difflib
import math
import os
import re
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from matchgraph.catalog.domain import ARTIFACT_KINDS, MODALITIES
from matchgraph.catalog.names import is_valid_slug
from matchgraph.catalog.taxonomy import load_taxonomy

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
# Protocols that run in-process or as a local command, so a URL endpoint makes no sense.
_LOCAL_PROTOCOLS = ("mcp-stdio", "library")

_URI_RE = re.compile(r"^capability://[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARENT_RE = re.compile(r"(?:\[\d+\]|\.[^.\[\]]*)$")
_SHORT_TEXT = 300
_LONG_TEXT = 4000

# libyaml is much faster; both loaders give the same events, nodes and marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()

Severity = Literal["error", "warning"]


# ----------------------------------------------------------------------------- typed values


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
        return _line_of(self.lines, path)


# ----------------------------------------------------------------------------- entry points


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

    problem = _scan_events(text)
    if problem is not None:
        return _failed(origin, "", problem[0], problem[1])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # pragma: no cover - the scan saw it first
        return _failed(origin, "", _error_line(exc, text), _yaml_message(exc))

    lines: dict[str, int] = {"": 1}
    structural: list[ManifestIssue] = []
    data = _node_to_data(root, "", lines, structural, origin)
    result = manifest_from_data(
        data, origin, lines=lines, known_uris=known_uris, check_taxonomy=check_taxonomy
    )
    if structural:
        result.errors = sorted(structural + result.errors, key=_issue_order)
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
    checker = _Checker(line_map, origin, uris)
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


def nearest_uri(uri: str, known: Iterable[str]) -> str | None:
    """The known URI closest in spelling to ``uri`` (None when ``known`` is empty)."""
    candidates = sorted(set(known))
    if not candidates:
        return None
    best = difflib.get_close_matches(uri, candidates, n=1, cutoff=0.0)
    return best[0] if best else None


# ----------------------------------------------------------------------------- YAML safety


def _scan_events(text: str) -> tuple[int | None, str] | None:
    """Walk the YAML event stream once and refuse what a manifest must never contain.

    Runs before any tree is built, so an alias bomb or a deeply nested document stops at its first
    offending event. Returns (line, message) for the first problem, or None.
    """
    loader = None
    depth = documents = 0
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters here already
        while loader.check_event():
            event = loader.get_event()
            line = _mark_line(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                return line, "YAML aliases (*name) are not allowed in a manifest; write the value out"
            if getattr(event, "anchor", None) is not None:
                return line, "YAML anchors (&name) are not allowed in a manifest; write the value out"
            tag = getattr(event, "tag", None)
            if tag is not None:
                return line, f"explicit YAML tags ({tag}) are not allowed in a manifest"
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return line, "a manifest holds exactly one YAML document"
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return line, f"the manifest is nested more than {MAX_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return _error_line(exc, text), _yaml_message(exc)
    finally:
        if loader is not None:
            loader.dispose()
    if documents == 0:
        return None, "the manifest is empty"
    return None


def _node_to_data(
    node: yaml.Node | None, path: str, lines: dict[str, int], issues: list[ManifestIssue], origin: str
) -> Any:
    """Turn a composed node into plain data, recording the line of every field path.

    Timestamps stay as their text so dates are checked by one rule; duplicate keys and non-text
    keys are reported (a plain YAML load silently keeps the last duplicate).
    """
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                issues.append(
                    ManifestIssue(
                        path, _mark_line(key_node.start_mark), "keys must be plain text", "error", origin
                    )
                )
                continue
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            key_line = _mark_line(key_node.start_mark) or 1
            if key in out:
                issues.append(ManifestIssue(child, key_line, f"duplicate key {key!r}", "error", origin))
                continue
            lines[child] = key_line
            out[key] = _node_to_data(value_node, child, lines, issues, origin)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = _mark_line(item.start_mark) or 1
            items.append(_node_to_data(item, child, lines, issues, origin))
        return items
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    tag = node.tag
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _SCALARS.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _SCALARS.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _SCALARS.construct_yaml_float(node)
    except (ValueError, KeyError, OverflowError):  # e.g. an integer with too many digits
        pass
    return str(node.value)


# ----------------------------------------------------------------------------- validation


class _Checker:
    """Validates plain manifest data and collects every issue with its path and line."""

    def __init__(self, lines: Mapping[str, int], origin: str, known_uris: Collection[str] | None) -> None:
        self.lines = lines
        self.origin = origin
        self.known_uris = known_uris
        self.errors: list[ManifestIssue] = []
        self.warnings: list[ManifestIssue] = []

    # -- reporting

    def error(self, path: str, message: str) -> None:
        self.errors.append(ManifestIssue(path, _line_of(self.lines, path), message, "error", self.origin))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(ManifestIssue(path, _line_of(self.lines, path), message, "warning", self.origin))

    # -- sections

    def manifest(self, data: Any) -> Manifest | None:
        top = self.mapping(
            data,
            "",
            allowed=(
                "manifest_version",
                "identity",
                "modalities",
                "limits",
                "capabilities",
                "pricing",
                "failure_modes",
                "permissions",
                "execution",
                "sources",
            ),
            required=("manifest_version", "identity", "modalities", "capabilities", "sources"),
        )
        if top is None:
            return None
        version = top.get("manifest_version")
        if "manifest_version" in top and version is not None:
            if type(version) is not int:
                self.error(
                    "manifest_version", f"expected the integer {MANIFEST_VERSION}, got {_kind(version)}"
                )
            elif version != MANIFEST_VERSION:
                self.error(
                    "manifest_version",
                    f"unsupported manifest_version {version}; this reader understands {MANIFEST_VERSION}",
                )
        identity = self.identity(top.get("identity"), "identity")
        modalities = self.modalities(top.get("modalities"), "modalities")
        limits = self.limits(top.get("limits"), "limits")
        capabilities = self.capabilities(top.get("capabilities"), "capabilities")
        pricing = self.pricing(top.get("pricing"), "pricing")
        failure_modes = self.failure_modes(top.get("failure_modes"), "failure_modes")
        permissions = self.permissions(top, "permissions")
        execution = self.execution(top.get("execution"), "execution")
        sources = self.list_of(top.get("sources"), "sources", self.source_ref, min_items=1)
        if top.get("failure_modes") in (None, []):
            self.warn("failure_modes", "no failure modes are listed, so users cannot tell how it fails")
        if capabilities is not None and 0 < len(capabilities) < 3:
            self.warn(
                "capabilities",
                f"only {len(capabilities)} declared; most artifacts have at least 3 capabilities",
            )
        if identity is None or modalities is None or capabilities is None or sources is None:
            return None
        return Manifest(
            manifest_version=MANIFEST_VERSION,
            identity=identity,
            modalities=modalities,
            capabilities=tuple(capabilities),
            sources=tuple(sources),
            limits=limits or Limits(),
            pricing=pricing,
            failure_modes=tuple(failure_modes or ()),
            permissions=tuple(permissions or ()),
            execution=execution,
        )

    def identity(self, value: Any, path: str) -> Identity | None:
        if value is None:  # already reported as missing
            return None
        obj = self.mapping(
            value,
            path,
            allowed=(
                "slug",
                "name",
                "organization",
                "kind",
                "family",
                "release_date",
                "status",
                "deprecation_date",
                "license",
                "open_weights",
                "parameters",
                "homepage",
                "aliases",
            ),
            required=("slug", "name", "organization", "kind"),
        )
        if obj is None:
            return None
        slug = self.text(obj, "slug", path)
        if slug is not None and not is_valid_slug(slug):
            self.error(
                _join(path, "slug"),
                f"{slug!r} is not a valid slug: write organization/model-id in lowercase "
                "[a-z0-9._-] with exactly one '/'",
            )
        release = self.day(obj, "release_date", path)
        deprecation = self.day(obj, "deprecation_date", path)
        if release and deprecation and deprecation < release:
            self.error(_join(path, "deprecation_date"), "deprecation_date is before release_date")
        return Identity(
            slug=slug or "",
            name=self.text(obj, "name", path) or "",
            organization=self.text(obj, "organization", path) or "",
            kind=self.choice(obj, "kind", path, ARTIFACT_KINDS) or "",
            family=self.text(obj, "family", path),
            release_date=release,
            status=self.choice(obj, "status", path, STATUSES),
            deprecation_date=deprecation,
            license=self.text(obj, "license", path),
            open_weights=self.boolean(obj, "open_weights", path),
            parameters=self.integer(obj, "parameters", path),
            homepage=self.url(obj, "homepage", path),
            aliases=self.texts(obj, "aliases", path),
        )

    def modalities(self, value: Any, path: str) -> Modalities | None:
        if value is None:  # already reported as missing
            return None
        obj = self.mapping(value, path, allowed=("input", "output"), required=("input", "output"))
        if obj is None:
            return None
        sides = {}
        for side in ("input", "output"):
            names = self.texts(obj, side, path, min_items=1, unique=True)
            for index, name in enumerate(names):
                if name not in MODALITIES:
                    self.error(
                        f"{_join(path, side)}[{index}]",
                        f"unknown modality {name!r}; use one of {', '.join(MODALITIES)}",
                    )
            sides[side] = names
        return Modalities(input=sides["input"], output=sides["output"])

    def limits(self, value: Any, path: str) -> Limits | None:
        if value is None:
            return None
        obj = self.mapping(value, path, allowed=("context_window", "max_output"))
        if obj is None:
            return None
        return Limits(
            context_window=self.integer(obj, "context_window", path),
            max_output=self.integer(obj, "max_output", path),
        )

    def capabilities(self, value: Any, path: str) -> list[Capability] | None:
        caps = self.list_of(value, path, self.capability, min_items=1)
        if caps is None:
            return None
        seen: dict[str, int] = {}
        # Index the raw list, not the parsed one, so paths stay right when an entry is invalid.
        for index, entry in enumerate(value):
            uri = entry.get("uri") if isinstance(entry, dict) else None
            if not isinstance(uri, str) or not uri.strip():
                continue
            uri = uri.strip()
            if uri in seen:
                self.error(f"{path}[{index}].uri", f"{uri} is already declared at {path}[{seen[uri]}]")
            seen.setdefault(uri, index)
        return caps

    def capability(self, value: Any, path: str) -> Capability | None:
        obj = self.mapping(
            value,
            path,
            allowed=("uri", "description", "intents", "conditions", "unique_aspect"),
            required=("uri", "description", "intents"),
        )
        if obj is None:
            return None
        uri = self.text(obj, "uri", path)
        if uri is not None:
            self.check_uri(uri, _join(path, "uri"))
        description = self.text(obj, "description", path, min_len=MIN_DESCRIPTION_CHARS, max_len=_LONG_TEXT)
        intents = self.texts(obj, "intents", path, min_items=1)
        conditions = self.conditions(obj.get("conditions"), _join(path, "conditions"))
        return Capability(
            uri=uri or "",
            description=description or "",
            intents=intents,
            conditions=conditions,
            unique_aspect=self.text(obj, "unique_aspect", path, max_len=_LONG_TEXT),
        )

    def check_uri(self, uri: str, path: str) -> None:
        if not _URI_RE.match(uri):
            self.error(
                path,
                f"{uri!r} is not a capability URI: write capability:// followed by dotted lowercase "
                "names, e.g. capability://vision.ocr",
            )
            return
        if self.known_uris is not None and uri not in self.known_uris:
            near = nearest_uri(uri, self.known_uris)
            hint = f"; the nearest known URI is {near}" if near else ""
            self.error(path, f"unknown capability URI {uri}{hint}")

    def conditions(self, value: Any, path: str) -> Conditions:
        if value is None:
            return Conditions()
        obj = self.mapping(value, path, allowed=("best_for", "limitations", "requires"))
        if obj is None:
            return Conditions()
        return Conditions(
            best_for=self.texts(obj, "best_for", path),
            limitations=self.texts(obj, "limitations", path),
            requires=self.texts(obj, "requires", path),
        )

    def pricing(self, value: Any, path: str) -> Pricing | None:
        if value is None:
            return None
        prices = ("input_per_mtok", "output_per_mtok", "per_image", "per_second")
        obj = self.mapping(
            value, path, allowed=("currency", *prices, "free_tier", "source"), required=("currency", "source")
        )
        if obj is None:
            return None
        currency = self.choice(obj, "currency", path, CURRENCIES)
        amounts = {name: self.number(obj, name, path) for name in prices}
        free_tier = self.boolean(obj, "free_tier", path)
        if all(obj.get(name) is None for name in (*prices, "free_tier")):
            self.error(path, "pricing states no price and no free_tier; leave the pricing block out instead")
        source = (
            self.source_ref(obj["source"], _join(path, "source")) if obj.get("source") is not None else None
        )
        if source is None:
            return None
        return Pricing(currency=currency or "", source=source, free_tier=free_tier, **amounts)

    def source_ref(self, value: Any, path: str) -> SourceRef | None:
        obj = self.mapping(value, path, allowed=("url", "as_of", "note"), required=("url", "as_of"))
        if obj is None:
            return None
        url = self.url(obj, "url", path)
        as_of = self.day(obj, "as_of", path)
        note = self.text(obj, "note", path, max_len=_LONG_TEXT)
        if url is None or as_of is None:
            return None
        return SourceRef(url=url, as_of=as_of, note=note)

    def failure_modes(self, value: Any, path: str) -> list[FailureMode] | None:
        if value is None:
            return None
        return self.list_of(value, path, self.failure_mode)

    def failure_mode(self, value: Any, path: str) -> FailureMode | None:
        obj = self.mapping(
            value, path, allowed=("mode", "description", "mitigation"), required=("mode", "description")
        )
        if obj is None:
            return None
        return FailureMode(
            mode=self.text(obj, "mode", path) or "",
            description=self.text(obj, "description", path, max_len=_LONG_TEXT) or "",
            mitigation=self.text(obj, "mitigation", path, max_len=_LONG_TEXT),
        )

    def permissions(self, top: Mapping[str, Any], path: str) -> tuple[str, ...]:
        names = self.texts(top, path, "", unique=True)
        for index, name in enumerate(names):
            if name not in PERMISSIONS:
                near = difflib.get_close_matches(name, PERMISSIONS, n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                self.error(
                    f"{path}[{index}]", f"unknown permission {name!r}; {hint}known: {', '.join(PERMISSIONS)}"
                )
        return names

    def execution(self, value: Any, path: str) -> Execution | None:
        if value is None:
            return None
        obj = self.mapping(
            value, path, allowed=("protocol", "endpoint", "auth"), required=("protocol", "auth")
        )
        if obj is None:
            return None
        protocol = self.choice(obj, "protocol", path, PROTOCOLS)
        endpoint = self.url(obj, "endpoint", path)
        if endpoint is not None and protocol in _LOCAL_PROTOCOLS:
            self.error(_join(path, "endpoint"), f"protocol {protocol} runs locally and takes no URL endpoint")
        return Execution(
            protocol=protocol or "",
            auth=self.choice(obj, "auth", path, AUTH_METHODS) or "",
            endpoint=endpoint,
        )

    # -- building blocks

    def mapping(
        self, value: Any, path: str, *, allowed: Collection[str], required: Collection[str] = ()
    ) -> dict[str, Any] | None:
        """Check that ``value`` is a mapping with only ``allowed`` keys and every ``required`` one."""
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping, got {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = f"; did you mean {near[0]!r}?" if near else f"; allowed here: {', '.join(allowed)}"
                self.error(_join(path, str(key)), f"unknown key {key!r}{hint}")
        for key in required:
            if value.get(key) is None:
                verb = "has no value" if key in value else "is missing"
                self.error(_join(path, key), f"required key {key!r} {verb}")
        return value

    def list_of(self, value: Any, path: str, item: Any, *, min_items: int = 0) -> list[Any] | None:
        """Check a list and each item with ``item(value, path)``; None when the list itself is bad."""
        if value is None:
            return None
        if not isinstance(value, list):
            self.error(path, f"expected a list, got {_kind(value)}")
            return None
        if len(value) < min_items:
            self.error(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        parsed = [item(entry, f"{path}[{index}]") for index, entry in enumerate(value)]
        return [p for p in parsed if p is not None]

    def text(
        self, obj: Mapping[str, Any], key: str, path: str, *, min_len: int = 1, max_len: int = _SHORT_TEXT
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        return self._text_value(value, _join(path, key), min_len, max_len)

    def _text_value(self, value: Any, path: str, min_len: int, max_len: int) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected text, got {_kind(value)}")
            return None
        value = value.strip()
        if len(value) < min_len:
            need = (
                "must not be empty"
                if min_len <= 1
                else f"must be at least {min_len} characters (has {len(value)})"
            )
            self.error(path, need)
            return None
        if len(value) > max_len:
            self.error(path, f"must be at most {max_len} characters (has {len(value)})")
            return None
        return value

    def texts(
        self, obj: Mapping[str, Any], key: str, path: str, *, min_items: int = 0, unique: bool = False
    ) -> tuple[str, ...]:
        value = obj.get(key)
        where = _join(path, key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(where, f"expected a list of text, got {_kind(value)}")
            return ()
        if len(value) < min_items:
            self.error(where, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        out: list[str] = []
        for index, entry in enumerate(value):
            text = self._text_value(entry, f"{where}[{index}]", 1, _SHORT_TEXT)
            if text is None:
                continue
            if unique and text in out:
                self.error(f"{where}[{index}]", f"{text!r} is listed twice")
                continue
            out.append(text)
        return tuple(out)

    def choice(self, obj: Mapping[str, Any], key: str, path: str, choices: Collection[str]) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(_join(path, key), f"{shown} is not one of {', '.join(choices)}")
            return None
        return value

    def integer(self, obj: Mapping[str, Any], key: str, path: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) is not int:
            self.error(_join(path, key), f"expected a whole number, got {_kind(value)}")
            return None
        if value < 1:
            self.error(
                _join(path, key), f"must be a positive number (got {value}); leave it out when unknown"
            )
            return None
        return value

    def number(self, obj: Mapping[str, Any], key: str, path: str) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) not in (int, float):
            self.error(_join(path, key), f"expected a number, got {_kind(value)}")
            return None
        if not math.isfinite(value) or value < 0:
            self.error(_join(path, key), f"must be a finite number of at least 0 (got {value})")
            return None
        return float(value)

    def boolean(self, obj: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(_join(path, key), f"expected true or false, got {_kind(value)}")
            return None
        return value

    def day(self, obj: Mapping[str, Any], key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None:
            return None
        if type(value) is date:  # already loaded by a YAML library; datetimes are refused
            return value
        if isinstance(value, str) and _DATE_RE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = repr(value) if isinstance(value, str) else _kind(value)
        self.error(_join(path, key), f"expected a date as YYYY-MM-DD, got {shown}")
        return None

    def url(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=2000)
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            good = parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", value)
        except ValueError:
            good = False
        if not good:
            self.error(_join(path, key), f"{value!r} is not an http(s) URL")
            return None
        return value


# ----------------------------------------------------------------------------- helpers


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _line_of(lines: Mapping[str, int], path: str) -> int | None:
    """The line of ``path``, else of its nearest recorded ancestor; None when nothing is known."""
    current = path
    while True:
        if current in lines:
            return lines[current]
        if not current:
            return None
        parent = _PARENT_RE.sub("", current)
        current = parent if parent != current else ""


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _mark_line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _error_line(exc: BaseException, text: str) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return _mark_line(mark)
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        return text.count("\n", 0, position) + 1
    return None


def _yaml_message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return f"the manifest is nested more than {MAX_DEPTH} levels deep"
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem) if p]
        return "invalid YAML: " + ("; ".join(parts) if parts else "syntax error")
    if isinstance(exc, yaml.reader.ReaderError):
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return f"invalid YAML: unacceptable character {character}: {exc.reason}"
    return f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"


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
