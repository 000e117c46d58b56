"""Test helpers for matching: one match index per catalog file, and a fact checker written apart
from the filter code (results are checked against the artifact's own facts and offers)."""

from __future__ import annotations

from typing import Any

from matchgraph.match.index import MatchIndex, host_key, org_key
from matchgraph.match.need import Constraints
from matchgraph.service.context import Services
from matchgraph.service.search import match_index
from matchgraph.settings import Settings
from matchgraph.store import open_store

_INDEXES: dict[str, MatchIndex] = {}


def index_for(url: str) -> MatchIndex:
    """The match index of the catalog at ``url``, built once per test session."""
    if url not in _INDEXES:
        engine = open_store(Settings(db_url=url))
        try:
            _INDEXES[url] = match_index(Services(engine))
        finally:
            engine.dispose()
    return _INDEXES[url]


def has(ix: MatchIndex, slug: str, uri: str) -> bool:
    a = ix.artifacts[ix.position[slug]]
    return a.has(uri) or (uri in ix.taxonomy and any(a.has(d.uri) for d in ix.taxonomy.descendants(uri)))


def violations(ix: MatchIndex, c: Constraints, result: dict[str, Any]) -> list[str]:
    """Every hard constraint the result breaks, read from the catalog facts (empty = it complies)."""
    a = ix.artifacts[ix.position[result["slug"]]]
    out: list[str] = []
    if a.status != "active":
        out.append("status")
    out += [f"input {m}" for m in c.input_modalities if m not in a.input_modalities]
    out += [f"output {m}" for m in c.output_modalities if m not in a.output_modalities]
    out += [f"capability {u}" for u in c.capabilities if not has(ix, a.slug, u)]
    if c.min_context is not None and (a.context_window is None or a.context_window < c.min_context):
        out.append("min_context")
    if c.open_weights is not None and a.open_weights is not c.open_weights:
        out.append("open_weights")
    if c.kinds and a.kind not in c.kinds:
        out.append("kind")
    org = org_key(a.organization)
    if c.include_organizations and org not in {org_key(o) for o in c.include_organizations}:
        out.append("include_organizations")
    if org in {org_key(o) for o in c.exclude_organizations}:
        out.append("exclude_organizations")
    offered = result["prices"]["offer"]
    offer_rules = (c.include_hosts or c.exclude_hosts or c.free or c.max_input_per_mtok is not None
                   or c.max_output_per_mtok is not None or c.max_per_image is not None)
    if not offer_rules:
        return out
    if offered is None:
        return [*out, "no offer shown"]
    match = [o for o in a.offers if (o.source, o.source_key) == (offered["source"], offered["key"])]
    if not match:
        return [*out, "shown offer is not the artifact's"]
    o = match[0]
    if o.status != "active":
        out.append("offer status")
    if c.include_hosts and host_key(o.host) not in {host_key(h) for h in c.include_hosts}:
        out.append("include_hosts")
    if host_key(o.host) in {host_key(h) for h in c.exclude_hosts}:
        out.append("exclude_hosts")
    for ceiling, key in ((c.max_input_per_mtok, "input_per_mtok"), (c.max_output_per_mtok, "output_per_mtok"),
                         (c.max_per_image, "per_image")):
        if ceiling is not None and (o.prices.get(key) is None or o.prices[key] > ceiling):
            out.append(key)
        if ceiling is not None and result["prices"][key] != o.prices.get(key):
            out.append(f"{key} shown differs from the offer")
    if c.free:
        stated = [v for v in o.prices.values() if v is not None]
        if not (stated and all(v == 0 for v in stated)) and not a.has("capability://pricing.free-tier"):
            out.append("free")
    return out
