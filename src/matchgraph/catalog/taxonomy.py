"""The capability taxonomy: a curated, versioned tree of ``capability://`` nodes.

The packaged ``taxonomy.yaml`` is validated strictly when it is loaded, so a broken edit fails at
start-up with an error naming the node, instead of surfacing later as a silent mismatch.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

URI_PREFIX = "capability://"
# Lowercase dotted segments; each segment starts with a letter or digit.
URI_RE = re.compile(r"^capability://[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$")
# Evidence metric keys: an arena board and the category key as the leaderboard spells it.
METRIC_RE = re.compile(
    r"^(arena:(text|vision|image)/[a-z0-9_]+"  # an LMArena board category
    r"|aider:[a-z0-9_]+:[a-z0-9_]+"  # an Aider benchmark metric
    r"|mteb:[a-z0-9_.:-]+"  # an MTEB task or mean
    r"|llmstats:[a-z0-9_.+-]+)$"  # an llm-stats benchmark id
)
MIN_INTENTS = 3

_PACKAGE = "matchgraph.catalog"
_PACKAGED_FILE = "taxonomy.yaml"
_NODE_KEYS = frozenset({"uri", "name", "parent", "description", "synonyms", "intents", "measured_by"})
_REQUIRED_KEYS = ("uri", "name", "description", "synonyms", "intents")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the offending node."""


@dataclass(frozen=True)
class Capability:
    """One node of the taxonomy.

    ``ancestors`` lists parent URIs nearest first and is filled in by the taxonomy when it is built.
    """

    uri: str
    name: str
    description: str
    parent: str | None
    synonyms: tuple[str, ...]
    intents: tuple[str, ...]
    measured_by: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = ()

    @property
    def depth(self) -> int:
        """Number of ancestors: 0 for a root area such as ``capability://text``."""
        return len(self.ancestors)

    @property
    def key(self) -> str:
        """The URI without its scheme, e.g. ``text.coding``."""
        return self.uri.removeprefix(URI_PREFIX)

    @property
    def area(self) -> str:
        """The top-level area, e.g. ``text`` for ``capability://text.coding``."""
        return self.key.split(".", 1)[0]

    def search_text(self) -> str:
        """Name, synonyms, intents and description as one text for lexical indexing."""
        return "\n".join((self.name, *self.synonyms, *self.intents, self.description))


def normalize_uri(uri_or_key: str) -> str:
    """Return a full ``capability://`` URI for a URI or a bare key such as ``text.coding``."""
    text = uri_or_key.strip()
    return text if text.startswith(URI_PREFIX) else URI_PREFIX + text


class Taxonomy:
    """A validated set of capabilities with tree navigation and metric lookup.

    Iteration follows the order of the source file. Build one with :func:`parse_taxonomy` or
    :func:`load_taxonomy`, which validate; the constructor trusts its input.
    """

    def __init__(self, version: str, capabilities: list[Capability]) -> None:
        self.version = version
        self._by_uri: dict[str, Capability] = {c.uri: c for c in capabilities}
        self._children: dict[str, list[Capability]] = {c.uri: [] for c in capabilities}
        self._by_metric: dict[str, list[Capability]] = {}
        for cap in capabilities:
            if cap.parent is not None:
                self._children[cap.parent].append(cap)
            for metric in cap.measured_by:
                self._by_metric.setdefault(metric, []).append(cap)

    def get(self, uri: str) -> Capability:
        """Return the capability for a URI (or bare key); KeyError names close matches if unknown."""
        full = normalize_uri(uri)
        try:
            return self._by_uri[full]
        except KeyError:
            raise KeyError(self._unknown_message(full)) from None

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and normalize_uri(uri) in self._by_uri

    def __iter__(self) -> Iterator[Capability]:
        return iter(self._by_uri.values())

    def __len__(self) -> int:
        return len(self._by_uri)

    def __repr__(self) -> str:
        return f"Taxonomy(version={self.version!r}, capabilities={len(self)})"

    def uris(self) -> list[str]:
        """All URIs in file order."""
        return list(self._by_uri)

    def roots(self) -> list[Capability]:
        """Top-level areas (nodes without a parent)."""
        return [c for c in self if c.parent is None]

    def children(self, uri: str) -> list[Capability]:
        """Direct children of a node, in file order."""
        return list(self._children[self.get(uri).uri])

    def descendants(self, uri: str) -> list[Capability]:
        """All nodes below a node, depth first, in file order."""
        out: list[Capability] = []
        stack = list(reversed(self.children(uri)))
        while stack:
            cap = stack.pop()
            out.append(cap)
            stack.extend(reversed(self._children[cap.uri]))
        return out

    def ancestors(self, uri: str) -> list[Capability]:
        """Parent, grandparent, … up to the root area, nearest first."""
        return [self._by_uri[a] for a in self.get(uri).ancestors]

    def by_metric(self, metric_key: str) -> list[Capability]:
        """Capabilities measured by an evidence metric such as ``arena:text/coding``."""
        return list(self._by_metric.get(metric_key, ()))

    def metrics(self) -> list[str]:
        """Every metric key named by some node, sorted."""
        return sorted(self._by_metric)

    def search_text(self, uri: str) -> str:
        """Name, synonyms, intents and description of a node as one text for lexical indexing."""
        return self.get(uri).search_text()

    def _unknown_message(self, uri: str) -> str:
        # Close spellings catch typos; a shared last segment catches a wrong area or sub-path.
        near = difflib.get_close_matches(uri, list(self._by_uri), n=3, cutoff=0.9)
        tail = uri.rsplit(".", 1)[-1].removeprefix(URI_PREFIX)
        near += [u for u in self._by_uri if tail and u.endswith("." + tail) and u not in near][:3]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return f"unknown capability {uri!r} (taxonomy {self.version}){hint}"


# --------------------------------------------------------------------------- parsing


def _str_list(node: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = node.get(field)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where}: {field!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _parse_node(node: Any, index: int, origin: str) -> Capability:
    if not isinstance(node, Mapping):
        raise TaxonomyError(f"{origin}: capabilities[{index}] must be a mapping")
    uri = node.get("uri")
    if not isinstance(uri, str) or not uri:
        raise TaxonomyError(f"{origin}: capabilities[{index}] has no 'uri'")
    where = f"{origin}: {uri}"
    if not URI_RE.match(uri):
        raise TaxonomyError(f"{where}: URI must look like capability://area.sub with [a-z0-9.-]")
    unknown = set(node) - _NODE_KEYS
    if unknown:
        raise TaxonomyError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    for field in _REQUIRED_KEYS:
        if field not in node:
            raise TaxonomyError(f"{where}: missing field {field!r}")
    name, description, parent = node["name"], node["description"], node.get("parent")
    if not isinstance(name, str) or not name.strip():
        raise TaxonomyError(f"{where}: 'name' must be a non-empty string")
    if not isinstance(description, str) or not description.strip():
        raise TaxonomyError(f"{where}: 'description' must be a non-empty string")
    if parent is not None and not isinstance(parent, str):
        raise TaxonomyError(f"{where}: 'parent' must be a URI or null")
    if parent == uri:
        raise TaxonomyError(f"{where}: a capability cannot be its own parent")
    synonyms = _str_list(node, "synonyms", where)
    if not synonyms:
        raise TaxonomyError(f"{where}: needs at least one synonym")
    intents = _str_list(node, "intents", where)
    if len(intents) < MIN_INTENTS:
        raise TaxonomyError(f"{where}: needs at least {MIN_INTENTS} intents, has {len(intents)}")
    measured_by = _str_list(node, "measured_by", where)
    for metric in measured_by:
        if not METRIC_RE.match(metric):
            raise TaxonomyError(
                f"{where}: measured_by {metric!r} must look like arena:<text|vision|image>/<category>,"
                " aider:<benchmark>:<metric>, mteb:<metric> or llmstats:<benchmark>"
            )
    return Capability(
        uri=uri,
        name=name.strip(),
        description=" ".join(description.split()),
        parent=parent,
        synonyms=synonyms,
        intents=intents,
        measured_by=measured_by,
    )


def _with_ancestors(nodes: list[Capability], origin: str) -> list[Capability]:
    """Check that parents exist and form no cycle; return the nodes with ``ancestors`` filled in."""
    parents = {c.uri: c.parent for c in nodes}
    for cap in nodes:
        if cap.parent is not None and cap.parent not in parents:
            raise TaxonomyError(f"{origin}: {cap.uri}: parent {cap.parent} does not exist")
    out = []
    for cap in nodes:
        chain: list[str] = []
        current = cap.parent
        while current is not None:
            if current == cap.uri or current in chain:
                raise TaxonomyError(f"{origin}: {cap.uri}: parent chain forms a cycle via {current}")
            chain.append(current)
            current = parents[current]
        out.append(replace(cap, ancestors=tuple(chain)))
    return out


def parse_taxonomy(data: Any, origin: str = "<taxonomy>") -> Taxonomy:
    """Validate an already-parsed taxonomy document and build a :class:`Taxonomy`.

    Raises :class:`TaxonomyError` naming ``origin`` and the offending URI.
    """
    if not isinstance(data, Mapping):
        raise TaxonomyError(f"{origin}: top level must be a mapping with 'version' and 'capabilities'")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise TaxonomyError(f"{origin}: 'version' must be a non-empty string")
    raw_nodes = data.get("capabilities")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise TaxonomyError(f"{origin}: 'capabilities' must be a non-empty list")
    nodes: list[Capability] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_nodes):
        cap = _parse_node(raw, index, origin)
        if cap.uri in seen:
            raise TaxonomyError(f"{origin}: {cap.uri}: duplicate uri")
        seen.add(cap.uri)
        nodes.append(cap)
    return Taxonomy(version.strip(), _with_ancestors(nodes, origin))


def _parse_text(text: str, origin: str) -> Taxonomy:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{origin}: not valid YAML: {exc}") from exc
    return parse_taxonomy(data, origin)


@functools.cache
def _load_packaged() -> Taxonomy:
    text = resources.files(_PACKAGE).joinpath(_PACKAGED_FILE).read_text(encoding="utf-8")
    return _parse_text(text, _PACKAGED_FILE)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load and validate a taxonomy file; without ``path``, the packaged one (loaded once, cached)."""
    if path is None:
        return _load_packaged()
    path = Path(path)
    return _parse_text(path.read_text(encoding="utf-8"), str(path))
