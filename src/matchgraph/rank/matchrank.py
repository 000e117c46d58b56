"""MatchRank 0–100: four named components computed from sourced facts; unknown stays ``None``.

Formula version ``matchrank-2`` (docs/matchrank.md describes it for readers):

* **Adoption**: independent hosts (hosts that are not the creator).
* **Quality**: the mean, over the capabilities the artifact is rated on, of its percentile among
  peers of its own modality group on the same metric (:mod:`matchgraph.rank.quality`), a
  self-reported figure weighing half an independent one; lower/upper from the intervals.
* **Ecosystem**: feature coverage of the capabilities relevant to its modality group, open weights,
  and API reach (all hosts).
* **Match graph** (guarded): only API-keyed clients count, each at most once per artifact. Reach
  (distinct keyed clients shown the artifact or reporting on it) and a smoothed success rate of
  their first outcomes. ``None`` below :data:`MIN_CLIENTS` such clients; above it the component
  enters the total with a weight that grows by ``1 / RAMP_CLIENTS`` per client, so one key can move
  a MatchRank by at most :func:`one_key_bound` points. Co-match centrality is reported as evidence
  only. Anonymous searches, page views and crawlers never change it.

Counts become scores on a log scale against the catalog's largest count:
``100 × ln(1 + x) / ln(1 + max)``; 0 then means a real count of 0, never a missing fact. A component
is the mean of its known parts; the total is the mean of the known components, and ``known`` says
how many of the ``total`` components that is.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from matchgraph.rank.clients import is_keyed
from matchgraph.rank.quality import QualityTable, compute_quality, peer_group
from matchgraph.sources.hosts import HOST_CREATORS
from matchgraph.store.read_model import ArtifactView, CatalogView

VERSION = "matchrank-2"
COMPONENTS = ("adoption", "quality", "ecosystem", "match_graph")

#: Capabilities that make up "feature coverage" per modality group: what a builder integrating a
#: model of that group looks for beyond the model's core job.
GROUP_FEATURES: dict[str, tuple[str, ...]] = {
    "text": (
        "capability://tools.function-calling",
        "capability://tools.function-calling.parallel",
        "capability://tools.function-calling.forced",
        "capability://text.structured-output.json-mode",
        "capability://text.structured-output.json-schema",
        "capability://api.streaming",
        "capability://api.prompt-caching",
        "capability://api.batch",
        "capability://api.system-messages",
        "capability://tools.web-search",
    ),
    "image-generation": (
        "capability://image.generation.text-to-image",
        "capability://image.editing",
        "capability://image.generation.multi-reference",
        "capability://image.generation.high-resolution",
        "capability://image.generation.text-rendering",
        "capability://api.batch",
    ),
    "video-generation": (
        "capability://video.generation.text-to-video",
        "capability://video.generation.image-to-video",
        "capability://video.generation.with-audio",
    ),
    "embedding": (
        "capability://embeddings.text",
        "capability://embeddings.multimodal",
        "capability://api.batch",
    ),
    "speech": (
        "capability://audio.speech-synthesis",
        "capability://audio.realtime",
        "capability://api.streaming",
        "capability://api.batch",
    ),
    "transcription": (
        "capability://audio.transcription",
        "capability://audio.translation",
        "capability://api.streaming",
        "capability://api.batch",
    ),
}

# Organizations that are one creator under two names in the host tables.
_SAME_ORG = {"qwen": "alibaba", "meta-llama": "meta"}
_SUCCESS, _FAILURE = "success", "failure"
_Z95 = 1.959963984540054

#: Keyed clients (distinct API keys) an artifact needs before its Match graph component is known.
MIN_CLIENTS = 10
#: Clients over which the Match graph weight in the total ramps from 1/RAMP to 1.
RAMP_CLIENTS = 20
#: Reach is ``100 × n / (n + REACH_HALF)``: 50 at REACH_HALF clients, independent of other artifacts.
REACH_HALF = 10
#: Pseudo-outcomes of the success-rate prior (half successes, half failures).
PRIOR_OUTCOMES = 10

def graph_weight(clients: int) -> float:
    """Weight of the Match graph component in the total: 0 below MIN_CLIENTS, then a ramp to 1."""
    if clients < MIN_CLIENTS:
        return 0.0
    return min(1.0, (clients - MIN_CLIENTS + 1) / RAMP_CLIENTS)


def reach_score(clients: int) -> float:
    """``100 × n / (n + REACH_HALF)``."""
    return 100.0 * clients / (clients + REACH_HALF)


def smoothed_success(successes: int, outcomes: int) -> float:
    """``100 × (s + PRIOR/2) / (t + PRIOR)``: a Beta prior centred on 50%."""
    return 100.0 * (successes + PRIOR_OUTCOMES / 2) / (outcomes + PRIOR_OUTCOMES)


@functools.cache
def one_key_bound() -> float:
    """Most points one API key can move an artifact's MatchRank (when another component is known).

    One key changes the artifact's client count by at most 1 and its outcome count by at most 1.
    The component value v = mean(reach, success) then moves by at most ``dv`` (the larger steps of
    the two scales at their smallest samples) and the weight w by at most ``1 / RAMP_CLIENTS``. With
    k ≥ 1 other known components, T = (S + w·v) / (k + w) has ``|∂T/∂v| ≤ 1/2`` and
    ``|∂T/∂w| ≤ 100``, so ``|ΔT| ≤ dv / 2 + 100 / RAMP_CLIENTS``.
    """
    d_reach = max(reach_score(n + 1) - reach_score(n) for n in range(MIN_CLIENTS, MIN_CLIENTS + 1000))
    d_success = max(abs(smoothed_success(s + d, t + 1) - smoothed_success(s, t))
                    for t in range(0, 200) for s in range(0, t + 1) for d in (0, 1))
    dv = (d_reach + d_success) / 2
    return dv / 2 + 100.0 / RAMP_CLIENTS


@dataclass(frozen=True)
class Component:
    """One MatchRank component: a 0–100 score or None, the facts behind it, and its bounds if any."""

    name: str
    score: float | None
    evidence: dict[str, Any]
    lower: float | None = None
    upper: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"score": _round(self.score), "lower": _round(self.lower), "upper": _round(self.upper),
                "evidence": self.evidence}


@dataclass(frozen=True)
class MatchRank:
    """An artifact's MatchRank: the mean of its known components (None when none is known)."""

    slug: str
    score: float | None
    components: dict[str, Component]
    known: int
    total: int
    version: str
    lower: float | None = None
    upper: float | None = None
    weights: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: total, bounds, how much is known, and every component with its evidence."""
        return {
            "score": _round(self.score),
            "lower": _round(self.lower),
            "upper": _round(self.upper),
            "weights": self.weights,
            "known": self.known,
            "total": self.total,
            "version": self.version,
            "components": {name: c.to_dict() for name, c in self.components.items()},
        }


@dataclass(frozen=True)
class ShownEvent:
    """One logged search: its id and the slugs it showed, best first."""

    event_id: str
    slugs: tuple[str, ...]
    client: str | None = None


@dataclass(frozen=True)
class OutcomeRecord:
    """An outcome reported for an artifact shown by an event (``selected``, ``success``, ``failure``)."""

    event_id: str
    slug: str
    outcome: str
    client: str | None = None
    counted: bool | None = None  # the store's credit decision; None: the first per client and slug counts


@dataclass(frozen=True)
class MatchGraphInputs:
    """Logged searches and their outcomes."""

    events: tuple[ShownEvent, ...] = ()
    outcomes: tuple[OutcomeRecord, ...] = field(default_factory=tuple)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def log_share(count: int, largest: int) -> float | None:
    """``100 × ln(1 + count) / ln(1 + largest)``; None when the largest count is 0 (no scale)."""
    if largest <= 0:
        return None
    return 100.0 * math.log1p(count) / math.log1p(largest)


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """The Wilson score 95% interval of a proportion, as percentages."""
    p = successes / trials
    denom = 1 + _Z95**2 / trials
    centre = (p + _Z95**2 / (2 * trials)) / denom
    half = _Z95 * math.sqrt(p * (1 - p) / trials + _Z95**2 / (4 * trials**2)) / denom
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


def _org(name: str | None) -> str | None:
    return _SAME_ORG.get(name, name) if name else name


def active_hosts(a: ArtifactView) -> list[str]:
    """Hosts with at least one active offer, sorted."""
    return sorted({o.host for o in a.offers if o.status == "active"})


def independent_hosts(a: ArtifactView) -> list[str] | None:
    """Active hosts that are not the artifact's own creator (per the host tables), sorted;
    None when the creator is unknown (first party cannot be told apart)."""
    own = _org(a.organization)
    if own is None:
        return None
    return [h for h in active_hosts(a) if _org(HOST_CREATORS.get(h)) != own]


def _part(score: float | None, **facts: Any) -> dict[str, Any]:
    return {"score": _round(score), **facts}


def _component(name: str, parts: dict[str, dict[str, Any]], raw: dict[str, float | None],
               bounds: dict[str, tuple[float, float]] | None = None,
               extra: dict[str, Any] | None = None) -> Component:
    """Mean of the known parts; bounds replace a part's score where the part has an interval."""
    score = _mean(raw.values())
    lower = upper = None
    if score is not None and bounds:
        lower = _mean(bounds.get(k, (v, v))[0] if v is not None else None for k, v in raw.items())
        upper = _mean(bounds.get(k, (v, v))[1] if v is not None else None for k, v in raw.items())
    return Component(name, score, {"parts": parts, **(extra or {})}, lower, upper)


# --------------------------------------------------------------------------- components


def _adoption(a: ArtifactView, max_independent: int) -> Component:
    raw: dict[str, float | None] = {}
    parts: dict[str, dict[str, Any]] = {}
    hosts = independent_hosts(a)
    if not a.offers:
        raw["independent_hosts"] = None
        parts["independent_hosts"] = _part(None, reason="no offer is known for this artifact")
    elif hosts is None:
        raw["independent_hosts"] = None
        parts["independent_hosts"] = _part(None, reason="the creator is unknown, so first-party hosts are too")
    else:
        raw["independent_hosts"] = log_share(len(hosts), max_independent)
        parts["independent_hosts"] = _part(raw["independent_hosts"], count=len(hosts), hosts=hosts,
                                           catalog_max=max_independent)
    return _component("adoption", parts, raw)


def _quality(a: ArtifactView, group: str, quality: QualityTable) -> Component:
    entries = [e for e in quality.for_artifact(a.slug).values() if e.percentile is not None]
    entries.sort(key=lambda e: e.capability_uri)
    alone = [e.capability_uri for e in quality.for_artifact(a.slug).values() if e.percentile is None]
    evidence: dict[str, Any] = {
        "peer_group": group,
        "capabilities_rated": len(entries),
        "capabilities": [e.to_dict() for e in entries],
        "rated_without_peers": sorted(alone),
        "rows_outside_peer_group": quality.ignored_rows(a.slug),
    }
    if not entries:
        evidence["reason"] = "no rating evidence comparable within its peer group"
        return Component("quality", None, evidence)
    # Self-reported figures count less (QualityEntry.weight); independent ones weigh 1.
    weights = [e.weight for e in entries]
    score = _weighted_mean([e.percentile for e in entries], weights)
    with_ci = all(e.lower is not None and e.upper is not None for e in entries)
    lower = _weighted_mean([e.lower for e in entries], weights) if with_ci else None
    upper = _weighted_mean([e.upper for e in entries], weights) if with_ci else None
    return Component("quality", score, evidence, lower, upper)


def _weighted_mean(values: list[float | None], weights: list[float]) -> float | None:
    pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def _ecosystem(a: ArtifactView, group: str, max_hosts: int) -> Component:
    raw: dict[str, float | None] = {}
    parts: dict[str, dict[str, Any]] = {}
    features = GROUP_FEATURES.get(group.rsplit("/", 1)[-1], ())
    declared = [f for f in features if a.has(f)]
    if not features:
        raw["feature_coverage"] = None
        parts["feature_coverage"] = _part(None, reason=f"no feature list for the {group!r} group")
    elif not declared:
        # Sources list what a model supports; a missing flag does not say it is unsupported.
        raw["feature_coverage"] = None
        parts["feature_coverage"] = _part(None, relevant=list(features),
                                          reason="no source declares any of the relevant features")
    else:
        raw["feature_coverage"] = 100.0 * len(declared) / len(features)
        parts["feature_coverage"] = _part(raw["feature_coverage"], declared=declared, relevant=list(features))
    if a.open_weights is None:
        raw["open_weights"] = None
        parts["open_weights"] = _part(None, value=None, reason="no source states the license or weights")
    else:
        raw["open_weights"] = 100.0 if a.open_weights else 0.0
        parts["open_weights"] = _part(raw["open_weights"], value=a.open_weights, license=a.license)
    if a.offers:
        hosts = active_hosts(a)
        raw["api_reach"] = log_share(len(hosts), max_hosts)
        parts["api_reach"] = _part(raw["api_reach"], count=len(hosts), hosts=hosts, catalog_max=max_hosts)
    else:
        raw["api_reach"] = None
        parts["api_reach"] = _part(None, reason="no offer is known for this artifact")
    return _component("ecosystem", parts, raw, extra={"peer_group": group})


@dataclass(frozen=True)
class _GraphFacts:
    clients: dict[str, set[str]]          # slug -> keyed clients shown it or reporting on it
    successes: Counter[str]               # slug -> keyed clients whose first outcome was a success
    failures: Counter[str]
    centrality: dict[str, float]
    degree: dict[str, int]
    events: int
    keyed_events: int


def _graph_facts(inputs: MatchGraphInputs) -> _GraphFacts:
    """Distinct keyed clients per artifact, their first outcome per artifact, and co-match centrality
    over edges weighted by the number of distinct keyed clients who saw both artifacts together."""
    clients: dict[str, set[str]] = {}
    pairs: dict[tuple[str, str], set[str]] = {}
    keyed_events = 0
    for ev in inputs.events:
        if not is_keyed(ev.client):
            continue
        keyed_events += 1
        slugs = sorted(set(ev.slugs))
        for s in slugs:
            clients.setdefault(s, set()).add(str(ev.client))
        for i, s in enumerate(slugs):
            for t in slugs[i + 1:]:
                pairs.setdefault((s, t), set()).add(str(ev.client))
    first: dict[tuple[str, str], str] = {}
    for o in inputs.outcomes:
        if is_keyed(o.client) and o.outcome in (_SUCCESS, _FAILURE):
            if o.counted is not False:
                first.setdefault((o.slug, str(o.client)), o.outcome)
            clients.setdefault(o.slug, set()).add(str(o.client))
    successes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for (slug, _client), word in first.items():
        (successes if word == _SUCCESS else failures)[slug] += 1
    graph = nx.Graph()
    graph.add_nodes_from(clients)
    for (s, t), who in pairs.items():
        graph.add_edge(s, t, weight=len(who))
    centrality: dict[str, float] = {}
    degree = {n: int(d) for n, d in graph.degree()}
    if graph.number_of_edges():
        pr = nx.pagerank(graph, weight="weight")
        linked = {n: v for n, v in pr.items() if degree[n] > 0}
        top = max(linked.values())
        centrality = {n: 100.0 * v / top for n, v in linked.items()}
    return _GraphFacts(clients, successes, failures, centrality, degree, len(inputs.events), keyed_events)


def _match_graph(a: ArtifactView, facts: _GraphFacts | None) -> tuple[Component, float]:
    """The component and its weight in the total (0 while unknown)."""
    if facts is None:
        return Component("match_graph", None, {"reason": "no search has been logged"}), 0.0
    n = len(facts.clients.get(a.slug, ()))
    weight = graph_weight(n)
    s, f = facts.successes.get(a.slug, 0), facts.failures.get(a.slug, 0)
    deg = facts.degree.get(a.slug, 0)
    centrality = {"score": None, "value": _round(facts.centrality.get(a.slug, 0.0)) if facts.centrality else None,
                  "co_matched_with": deg, "method": "pagerank, share of the maximum",
                  "reason": "reported only: not part of the score"}
    if weight == 0.0:
        return Component("match_graph", None, {
            "reason": f"shown to or reported on by {n} keyed client(s); at least {MIN_CLIENTS} are needed",
            "keyed_clients": n, "min_clients": MIN_CLIENTS, "successes": s, "failures": f,
            "events": facts.events, "keyed_events": facts.keyed_events, "centrality": centrality}), 0.0
    raw: dict[str, float | None] = {"reach": reach_score(n), "success_rate": smoothed_success(s, s + f)}
    bounds = {"success_rate": wilson_interval(s + PRIOR_OUTCOMES // 2, s + f + PRIOR_OUTCOMES)}
    parts = {
        "reach": _part(raw["reach"], keyed_clients=n, half=REACH_HALF),
        "success_rate": _part(raw["success_rate"], successes=s, failures=f, prior_outcomes=PRIOR_OUTCOMES,
                              lower=_round(bounds["success_rate"][0]), upper=_round(bounds["success_rate"][1])),
    }
    extra = {"weight": round(weight, 4), "keyed_clients": n, "min_clients": MIN_CLIENTS,
             "events": facts.events, "keyed_events": facts.keyed_events, "centrality": centrality}
    return _component("match_graph", parts, raw, bounds, extra), weight


# --------------------------------------------------------------------------- whole catalog


def compute_matchrank(view: CatalogView, events: MatchGraphInputs | None = None,
                      quality: QualityTable | None = None) -> dict[str, MatchRank]:
    """MatchRank of every artifact in the view, keyed by slug.

    ``events`` are the logged searches and outcomes (None or empty: the match-graph component is
    None everywhere); ``quality`` is reused when the caller already computed it for the same view.
    """
    quality = quality or compute_quality(view)
    max_independent = max((len(h) for a in view.artifacts if (h := independent_hosts(a))), default=0)
    max_hosts = max((len(active_hosts(a)) for a in view.artifacts), default=0)
    facts = _graph_facts(events) if events is not None and (events.events or events.outcomes) else None

    out: dict[str, MatchRank] = {}
    for a in view.artifacts:
        group = peer_group(a)
        graph, graph_w = _match_graph(a, facts)
        comps = {
            "adoption": _adoption(a, max_independent),
            "quality": _quality(a, group, quality),
            "ecosystem": _ecosystem(a, group, max_hosts),
            "match_graph": graph,
        }
        weights = {name: (graph_w if name == "match_graph" else 1.0) for name in comps}
        known = {n: c for n, c in comps.items() if c.score is not None}
        total_w = sum(weights[n] for n in known)
        score = lower = upper = None
        # A MatchRank needs evidence of use or of quality (adoption or quality known). Learned signal alone
        # never makes one: one key could take the total from unknown to its own value. Ecosystem alone
        # neither: a license flag is no rank (an offerless embedder with MIT weights was 100/100, first of all).
        if set(known) & {"adoption", "quality"}:
            score = sum(weights[n] * c.score for n, c in known.items()) / total_w  # type: ignore[operator]
            lower = sum(weights[n] * (c.lower if c.lower is not None else c.score)  # type: ignore[operator]
                        for n, c in known.items()) / total_w
            upper = sum(weights[n] * (c.upper if c.upper is not None else c.score)  # type: ignore[operator]
                        for n, c in known.items()) / total_w
        out[a.slug] = MatchRank(a.slug, score, comps, len(known), len(comps), VERSION, lower, upper,
                                {n: round(w, 4) for n, w in weights.items() if n in known})
    return out
