"""The manifest schema: which sections and keys exist, what each must hold, and how they relate.

Built on :class:`FieldChecker`; every rule adds an issue and carries on, so a file with many
problems is reported in one pass.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from matchgraph.catalog.domain import ARTIFACT_KINDS, MODALITIES
from matchgraph.catalog.manifest_fields import FieldChecker, describe_value, join_path
from matchgraph.catalog.manifest_types import (
    AUTH_METHODS,
    CURRENCIES,
    MANIFEST_VERSION,
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
    Modalities,
    Pricing,
    SourceRef,
)
from matchgraph.catalog.names import is_valid_slug

# Protocols that run in-process or as a local command, so a URL endpoint makes no sense.
_LOCAL_PROTOCOLS = ("mcp-stdio", "library")
_URI_RE = re.compile(r"^capability://[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$")
_LONG_TEXT = 4000


class ManifestChecker(FieldChecker):
    """Validates plain manifest data section by section.

    ``known_uris`` is the set capability URIs must come from; None checks only their syntax.
    """

    def __init__(self, lines: Mapping[str, int], origin: str, known_uris: Collection[str] | None) -> None:
        super().__init__(lines, origin)
        self.known_uris = known_uris

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
                    "manifest_version", f"expected the integer {MANIFEST_VERSION}, got {describe_value(version)}"
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
                join_path(path, "slug"),
                f"{slug!r} is not a valid slug: write organization/model-id in lowercase "
                "[a-z0-9._-] with exactly one '/'",
            )
        for key in ("name", "organization", "family"):
            self.visible(obj.get(key), join_path(path, key))
        aliases = obj.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            self.visible(alias, f"{join_path(path, 'aliases')}[{index}]")
        release = self.day(obj, "release_date", path)
        deprecation = self.day(obj, "deprecation_date", path)
        if release and deprecation and deprecation < release:
            self.error(join_path(path, "deprecation_date"), "deprecation_date is before release_date")
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

    def visible(self, value: Any, path: str) -> None:
        """Names must read as what they are: no bidi controls, zero-width or other format characters
        (Unicode category Cf), which could make one name display as another."""
        if not isinstance(value, str):
            return
        for position, char in enumerate(value):
            if unicodedata.category(char) == "Cf":
                label = unicodedata.name(char, "format character")
                self.error(path, f"contains the invisible or direction-changing character U+{ord(char):04X} "
                                 f"({label}) at position {position}; names and aliases must show every character "
                                 "they hold")
                return

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
                        f"{join_path(path, side)}[{index}]",
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
            self.check_uri(uri, join_path(path, "uri"))
        description = self.text(obj, "description", path, min_len=MIN_DESCRIPTION_CHARS, max_len=_LONG_TEXT)
        intents = self.texts(obj, "intents", path, min_items=1)
        conditions = self.conditions(obj.get("conditions"), join_path(path, "conditions"))
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
            self.source_ref(obj["source"], join_path(path, "source")) if obj.get("source") is not None else None
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
            self.error(join_path(path, "endpoint"), f"protocol {protocol} runs locally and takes no URL endpoint")
        return Execution(
            protocol=protocol or "",
            auth=self.choice(obj, "auth", path, AUTH_METHODS) or "",
            endpoint=endpoint,
        )


def nearest_uri(uri: str, known: Iterable[str]) -> str | None:
    """The known URI closest in spelling to ``uri`` (None when ``known`` is empty)."""
    candidates = sorted(set(known))
    if not candidates:
        return None
    best = difflib.get_close_matches(uri, candidates, n=1, cutoff=0.0)
    return best[0] if best else None
