"""Capability decomposition: one row per artifact × capability, written from facts.

Descriptions, best-for, limitations and requirements are sentences assembled from the artifact's
sourced numbers; *unique aspect* and *vs alternatives* are ranks and medians computed against the
other artifacts that have the same capability. Nothing here is an adjective without a number.

Confidence (documented computation, version 1):
- measured by evidence: 0.95
- declared by a manifest: 0.7
- declared by catalog sources: 0.5 + 0.4 × (offers declaring it ÷ all offers of the artifact)
- stated only by identity records (an artifact no source offers, known from a benchmark's model
  page): 0.5
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from matchgraph.catalog.derive import ArtifactDraft
from matchgraph.catalog.facts import fmt_money, fmt_rating, fmt_tokens, join_names, plural
from matchgraph.catalog.metric_names import ARENA_PREFIX, STYLE_SUFFIX, metric_label
from matchgraph.catalog.taxonomy import Taxonomy

CONFIDENCE_VERSION = 1

# Which price describes a capability best, by the URI's first segment.
_PRICE_FIELDS: dict[str, tuple[str, ...]] = {
    "image": ("per_image", "output_per_mtok", "input_per_mtok"),
    "video": ("per_second", "per_image"),
    "audio": ("per_second", "per_character", "input_per_mtok"),
    "retrieval": ("per_query", "input_per_mtok"),
}
_DEFAULT_PRICE_FIELDS = ("input_per_mtok", "per_image", "per_second", "per_query", "per_page")
_PRICE_UNITS = {
    "input_per_mtok": "per 1M input tokens",
    "output_per_mtok": "per 1M output tokens",
    "per_image": "per image",
    "per_second": "per second",
    "per_character": "per character",
    "per_query": "per query",
    "per_page": "per page",
}
# Capabilities about the text window itself, where context size is the relevant comparison.
_CONTEXT_AREAS = {"text", "tools", "vision", "api"}


def price_for(draft: ArtifactDraft, uri: str) -> tuple[str, float] | None:
    """The starting price (cheapest active offer) that fits the capability, as (field, USD)."""
    if draft.cheapest is None:
        return None
    area = uri.removeprefix("capability://").split(".", 1)[0]
    prices = draft.cheapest.prices  # typed: an unconfirmed 0 is unknown
    for name in _PRICE_FIELDS.get(area, _DEFAULT_PRICE_FIELDS):
        value = getattr(prices, name)
        if value is not None:
            return name, value
    return None


@dataclass
class _Peers:
    """Sorted values of one metric across the artifacts that have one capability.

    Built once per capability and read by every artifact holding it: ranks are binary searches and
    the median is computed once, so decomposition stays linear in (artifact, capability) pairs.
    """

    values: list[float]

    def rank_low(self, value: float) -> int:
        """1-based rank when lower is better (ties share the best rank)."""
        return bisect.bisect_left(self.values, value) + 1

    def rank_high(self, value: float) -> int:
        """1-based rank when higher is better."""
        return len(self.values) - bisect.bisect_right(self.values, value) + 1

    @cached_property
    def median(self) -> float:
        return statistics.median(self.values)


def _arena_for(draft: ArtifactDraft, uri: str) -> Any:
    # Arena ratings only: benchmark figures (a pass rate, a 0-1 score) are on other scales.
    matching = [e for e in draft.evidence if e.capability_uri == uri and e.metric.startswith(ARENA_PREFIX)
                and not e.metric.endswith(STYLE_SUFFIX)]
    return max(matching, key=lambda e: (e.sample_size or 0, e.value)) if matching else None


def _declaring_offers(d: ArtifactDraft, declared: list[dict[str, Any]]) -> int:
    """How many of the artifact's offers declare the capability. One offer can be described by several
    records (a host's LiteLLM and models.dev entries), and records that are not offers can declare it
    too, so counting declaring records could exceed the offers ("25 of 23") and push the confidence
    past 1. A derived capability (from the resolved context window) counts as one declaration, as before."""
    if any(x["source"] == "derived" for x in declared):
        return 1
    keys = {(x["source"], x["key"]) for x in declared}
    return sum(any((r.source, r.source_key) in keys for r in (o.record, *o.also)) for o in d.offers)


def decompose(drafts: list[ArtifactDraft], taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """Rows for ``artifact_capabilities`` for every draft, computed against the whole catalog."""
    # Capabilities per artifact: declared by sources/manifests plus measured by evidence.
    caps: dict[int, set[str]] = {}
    for d in drafts:
        uris = {u for u in d.declared if u in taxonomy}
        uris |= {e.capability_uri for e in d.evidence if e.capability_uri and e.capability_uri in taxonomy}
        caps[d.id] = uris

    holders: dict[str, list[ArtifactDraft]] = defaultdict(list)
    for d in drafts:
        for uri in caps[d.id]:
            holders[uri].append(d)

    peer_price: dict[tuple[str, str], _Peers] = {}
    peer_context: dict[str, _Peers] = {}
    for uri, arts in holders.items():
        by_field: dict[str, list[float]] = defaultdict(list)
        for a in arts:
            found = price_for(a, uri)
            if found:
                by_field[found[0]].append(found[1])
        for name, values in by_field.items():
            peer_price[(uri, name)] = _Peers(sorted(values))
        peer_context[uri] = _Peers(sorted(a.context_window for a in arts if a.context_window))

    rows: list[dict[str, Any]] = []
    for d in drafts:
        manifest_caps = _manifest_conditions(d)
        for uri in sorted(caps[d.id]):
            cap = taxonomy.get(uri)
            label = cap.name.lower()
            peers_n = len(holders[uri])
            facts = _Facts(d, uri, label, peers_n, peer_price, peer_context)
            declared = d.declared.get(uri, [])
            arena = _arena_for(d, uri)
            if arena is not None or any(e.capability_uri == uri for e in d.evidence):
                how = "measured"
                confidence = 0.95
            elif any(x["source"] == "manifest" for x in declared):
                how = "declared_by_manifest"
                confidence = 0.7
            else:
                how = "declared_by_source"
                confidence = round(0.5 + 0.4 * _declaring_offers(d, declared) / len(d.offers), 3) if d.offers else 0.5
            conditions = manifest_caps.get(uri, {})
            rows.append(
                {
                    "artifact_id": d.id,
                    "capability_uri": uri,
                    "how_known": how,
                    "declared_by": declared,
                    "description": " ".join(
                        filter(None, [conditions.get("description"), facts.description(cap.name, arena)])
                    ),
                    "intents": list(conditions.get("intents") or cap.intents[:3]),
                    "best_for": list(conditions.get("best_for") or facts.best_for()),
                    "limitations": list(conditions.get("limitations") or facts.limitations()),
                    "requires": list(conditions.get("requires") or facts.requires()),
                    "unique_aspect": conditions.get("unique_aspect") or facts.unique_aspect(),
                    "vs_alternatives": facts.vs_alternatives(),
                    "confidence": confidence,
                }
            )
    return rows


def _manifest_conditions(draft: ArtifactDraft) -> dict[str, dict[str, Any]]:
    """Per-capability texts a manifest supplies (intents, conditions, unique aspect)."""
    out: dict[str, dict[str, Any]] = {}
    for offer in draft.offers:
        if offer.record.source != "manifest":
            continue
        for cap in offer.record.extra.get("capabilities", []):
            conditions = cap.get("conditions") or {}
            out[cap["uri"]] = {
                "description": cap.get("description"),
                "intents": cap.get("intents"),
                "best_for": conditions.get("best_for"),
                "limitations": conditions.get("limitations"),
                "requires": conditions.get("requires"),
                "unique_aspect": cap.get("unique_aspect"),
            }
    return out


class _Facts:
    """Sentences about one artifact × capability, each from a number and its source."""

    def __init__(self, d: ArtifactDraft, uri: str, label: str, peers_n: int,
                 peer_price: dict[tuple[str, str], _Peers], peer_context: dict[str, _Peers]) -> None:
        self.d, self.uri, self.label, self.peers_n = d, uri, label, peers_n
        self.hosts = d.hosts
        self.price = price_for(d, uri)
        self.price_peers = peer_price.get((uri, self.price[0])) if self.price else None
        self.context_peers = peer_context[uri]
        self.area = uri.removeprefix("capability://").split(".", 1)[0]
        self.arena = _arena_for(d, uri)

    def _price_text(self) -> str | None:
        if not self.price:
            return None
        name, value = self.price
        return f"{fmt_money(value)} {_PRICE_UNITS[name]}"

    def description(self, cap_name: str, arena: Any) -> str:
        d = self.d
        declared = self.d.declared.get(self.uri, [])
        parts: list[str] = []
        if declared and not d.offers:
            sources = sorted({x["source"] for x in declared if x["source"] != "derived"})
            said = f"stated by {join_names(sources)} records" if sources else f"derived ({declared[0]['flag']})"
            parts.append(f"{cap_name}: {said}; no hosted offer known.")
        elif declared and declared[0]["source"] == "derived":
            if declared[0]["key"] == "context_window" and d.context_window:
                parts.append(f"{cap_name}: follows from its context window of {fmt_tokens(d.context_window)} tokens.")
            else:
                parts.append(f"{cap_name}: derived ({declared[0]['flag']}).")
        elif declared:
            sources = sorted({x["source"] for x in declared})
            offers = _declaring_offers(d, declared)
            if offers:
                parts.append(
                    f"{cap_name}: declared by {offers} of {plural(len(d.offers), 'offer')} "
                    f"({join_names(sources)})."
                )
            else:
                parts.append(f"{cap_name}: stated by {join_names(sources)} records, none of them an offer.")
        else:
            parts.append(f"{cap_name}: measured by {self._measured_by()}.")
        ins = ", ".join(d.input_modalities) or "unknown"
        outs = ", ".join(d.output_modalities) or "unknown"
        parts.append(f"Takes {ins}; returns {outs}.")
        if d.context_window and self.area in _CONTEXT_AREAS:
            limit = f"Context window {fmt_tokens(d.context_window)} tokens"
            if d.max_output:
                limit += f", up to {fmt_tokens(d.max_output)} output tokens"
            parts.append(limit + ".")
        price = self._price_text()
        if price and d.cheapest is not None:
            parts.append(f"Starting price {price} ({d.cheapest.record.host}).")
        if arena is not None:
            parts.append(
                f"{metric_label(arena.metric)} rating "
                f"{fmt_rating(arena.value, arena.ci_low, arena.ci_high)}"
                + (f" from {arena.sample_size:,} votes" if arena.sample_size else "")
                + "."
            )
        return " ".join(parts)

    def _measured_by(self) -> str:
        """The evidence sources for this capability, the maker's own figures said as such."""
        rows = [e for e in self.d.evidence if e.capability_uri == self.uri]
        independent = sorted({e.source for e in rows if e.kind != "self_reported"})
        reported = sorted({e.source for e in rows if e.kind == "self_reported"} - set(independent))
        parts = ([f"{join_names(independent)} (independent)"] if independent else []) + (
            [f"{join_names(reported)} (reported by the model's maker)"] if reported else [])
        return " and ".join(parts) or "published evidence"

    def _price_rank(self) -> tuple[int, int] | None:
        if not self.price or not self.price_peers:
            return None
        return self.price_peers.rank_low(self.price[1]), len(self.price_peers.values)

    def _context_rank(self) -> tuple[int, int] | None:
        if not self.d.context_window or self.area not in _CONTEXT_AREAS or not self.context_peers.values:
            return None
        return self.context_peers.rank_high(self.d.context_window), len(self.context_peers.values)

    def best_for(self) -> list[str]:
        out = []
        if (r := self._price_rank()) and r[0] <= max(1, r[1] // 10):
            out.append(f"low-cost {self.label} (price rank {r[0]} of {r[1]})")
        if (r := self._context_rank()) and r[0] <= max(1, r[1] // 10):
            out.append(f"long inputs (context {fmt_tokens(self.d.context_window)}, rank {r[0]} of {r[1]})")
        if len(self.hosts) >= 5:
            out.append(f"switching hosts freely ({plural(len(self.hosts), 'host')})")
        return out

    def limitations(self) -> list[str]:
        d = self.d
        out = []
        if d.status == "deprecated":
            out.append(f"deprecated on every listed host (latest date {d.deprecation_date or 'unknown'})")
        if self.price is None:
            out.append("no price published by any source")
        elif (r := self._price_rank()) and r[0] > r[1] * 0.9 and r[1] >= 10:
            out.append(f"price rank {r[0]} of {r[1]} for {self.label}")
        if self.area in _CONTEXT_AREAS:
            if d.context_window is None:
                out.append("context window unknown")
            elif (self.context_peers.values and d.context_window < self.context_peers.median
                  and fmt_tokens(d.context_window) != fmt_tokens(int(self.context_peers.median))):
                # "128K is below the median 128K" would be a rounded tie said as a shortfall.
                out.append(
                    f"context {fmt_tokens(d.context_window)} is below the median "
                    f"{fmt_tokens(int(self.context_peers.median))} of peers"
                )
        if len(self.hosts) == 1:
            out.append(f"one host only ({self.hosts[0]})")
        elif not self.hosts:
            out.append("no hosted offer known")
        return out

    def requires(self) -> list[str]:
        d = self.d
        if not self.hosts:
            return ["hardware to run the open weights yourself"] if d.open_weights else []
        out = [f"an account with one of: {join_names(self.hosts)}"]
        if d.open_weights:
            out.append("or hardware to run the open weights yourself")
        return out

    def unique_aspect(self) -> str | None:
        """The artifact's best rank among peers with this capability, stated as a rank: price or
        context. Host count is the same for every capability of an artifact, so it is said once on the
        page (best for), never here; measured figures are placed by the passport's positions."""
        candidates: list[tuple[float, str]] = []
        if r := self._price_rank():
            name = self.price[0] if self.price else ""
            unit = _PRICE_UNITS.get(name, "")
            text = (
                f"cheapest {unit} of {r[1]} artifacts with {self.label}"
                if r[0] == 1
                else f"price rank {r[0]} of {r[1]} ({unit}) among artifacts with {self.label}"
            )
            candidates.append((r[0] / r[1], text))
        if r := self._context_rank():
            text = (
                f"largest context window ({fmt_tokens(self.d.context_window)}) of {r[1]} artifacts "
                f"with {self.label}"
                if r[0] == 1
                else f"context rank {r[0]} of {r[1]} among artifacts with {self.label}"
            )
            candidates.append((r[0] / r[1], text))
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def vs_alternatives(self) -> str | None:
        """Price and context against the median of the peers with this capability, or nothing."""
        parts = []
        if self.price and self.price_peers and len(self.price_peers.values) > 1:
            name, value = self.price
            parts.append(
                f"{fmt_money(value)} {_PRICE_UNITS[name]} vs median {fmt_money(self.price_peers.median)} "
                f"across {len(self.price_peers.values)} priced artifacts"
            )
        if self.area in _CONTEXT_AREAS and self.d.context_window and len(self.context_peers.values) > 1:
            parts.append(
                f"context {fmt_tokens(self.d.context_window)} vs median "
                f"{fmt_tokens(int(self.context_peers.median))}"
            )
        if not parts:
            return None
        return f"Among {self.peers_n} artifacts with {self.label}: " + "; ".join(parts) + "."
