"""Scoring: named components in 0..1 (or None when unknown) and one documented total.

Components (computed over the candidates that passed every hard constraint):

- ``coverage``: share of the need's capabilities the artifact carries. Hard capabilities always
  count (they passed the filter); soft ones (preferences, retrieved matches) count with their weight.
  None when the need names no capability at all.
- ``quality``: evidence for the matched capabilities (arena ratings, and every other metric the
  taxonomy's ``measured_by`` names: Aider, SWE-bench, MTEB...), as the percentile of the artifact's
  figure among the artifacts rated on the same metric (so within its own modality), averaged over
  those capabilities. Independent figures are chosen before a maker's own; a self-reported figure's
  percentile is drawn halfway to the middle. When the need names no measured capability, the overall rating of the
  modality it asks for is used (text chat, image understanding or text-to-image), unless the need
  is for audio, video, embeddings, retrieval or moderation. None without a rating.
- ``price_fit``: 1 minus the percentile of the artifact's price among candidates with a known price
  (cheapest = 1). The price is the cheapest qualifying offer's per-image price for image needs, else
  the blended token price ``(3 × input + output) / 4`` (input alone when output is unknown; unknown
  when the token prices are zero but the offer bills per query, second, character or page).
- ``learned_success``: mean over the matched capabilities with reported outcomes of the Beta(1 + s,
  1 + f) posterior mean; None when no outcome was reported for them. ``s`` and ``f`` count keyed
  outcomes only, one per API key and artifact (the events module keeps the counters that way).
- ``adoption``: ``log(1 + hosts) / log(1 + most hosts of any artifact)``, counting hosts that sell
  the model as a service; local runtimes count only when the need asks for local, self-hosted or
  open weights. Its weight is below quality's, so host count cannot outrank quality evidence. A
  model no source offers (known from a benchmark's model page alone) has 0: no host is known to sell
  it, so a usable model of equal fit ranks above it. (MatchRank instead leaves Adoption unknown for
  it: there it measures how established a model is, which a missing offer does not say.)
- ``text_match``: best BM25 score of the artifact's own texts for the soft text, divided by the best
  among candidates; None when the soft text matches nothing. It weighs :data:`NAME_MATCH_WEIGHT`
  when the soft text names a model (a word found in artifact names but not in the taxonomy).

Total: weighted mean ``Σ w·v / Σ w`` over the components that are known for at least one candidate
(``learned_success`` always counts); a component unknown for one artifact but known for others
counts as a neutral 0.5 for it, so a missing fact neither rewards nor punishes. For learned success
0.5 is also the Beta(1, 1) prior mean, so an outcome moves the total in its own direction.
Weights are :data:`WEIGHTS`; ``price_fit`` weighs nothing unless the need asks for a low price, sets
a price ceiling or names a model to undercut (then :data:`PRICE_WEIGHT_WHEN_ASKED`, and
:data:`PRICE_WEIGHT_WHEN_CHEAP` when it asks for cheap or free and not for the best, so a known low price
leads the rest); ``quality``
weighs :data:`QUALITY_WEIGHT_WHEN_ASKED` when the need asks for the best. An unknown quality counts as
:data:`QUALITY_UNKNOWN_WHEN_ASKED` when the need asks for the best, and an unknown price as
:data:`PRICE_UNKNOWN_WHEN_CHEAP` when it asks for cheap or free. Ties break by slug.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matchgraph.match.index import MatchIndex

WEIGHTS: dict[str, float] = {
    "coverage": 0.30, "quality": 0.25, "price_fit": 0.0, "learned_success": 0.10, "adoption": 0.05,
    "text_match": 0.10,
}
PRICE_WEIGHT_WHEN_ASKED = 0.30
PRICE_WEIGHT_WHEN_CHEAP = 0.70
# When the need asks for the best: quality leads, and nothing else together can outweigh it.
QUALITY_WEIGHT_WHEN_ASKED = 0.60
# ... and an artifact without evidence for the capability cannot be shown to be the best: its quality
# counts as this, not as the neutral middle, so measured artifacts come first.
QUALITY_UNKNOWN_WHEN_ASKED = 0.0
# Likewise an artifact whose price is unknown cannot be shown to be cheap when the need asks for cheap or free.
PRICE_UNKNOWN_WHEN_CHEAP = 0.0
NAME_MATCH_WEIGHT = 0.35
NEUTRAL = 0.5
COMPONENTS = tuple(WEIGHTS)
FORMULA_VERSION = "match-score/2"
# The overall rating per modality, used for quality when the need names no measured capability.
_OVERALL = {"image": "capability://image.generation.text-to-image",
            "vision": "capability://vision.image-understanding",
            "text": "capability://text.chat"}
# Areas whose artifacts the overall ratings describe; a transcription or embedding need gets none.
_RATED_AREAS = frozenset({"text", "tools", "vision", "image", "api", "pricing", "deployment"})


def beta_mean(successes: int, failures: int) -> float:
    """Posterior mean of a success rate under a uniform prior: Beta(1 + s, 1 + f)."""
    return (1 + successes) / (2 + successes + failures)


# slug -> capability URI -> (successes, failures)
LearnedTable = Mapping[str, Mapping[str, tuple[int, int]]]


@dataclass
class ScoreSpec:
    """What the need asks for, in the terms scoring uses."""

    hard: list[str] = field(default_factory=list)
    soft: dict[str, float] = field(default_factory=dict)
    price_kind: str = "token"  # or "image", or a Prices field such as "per_second"
    price_asked: bool = False
    modality: str = "text"  # "text", "vision" or "image": picks the overall rating fallback
    text: np.ndarray | None = None
    text_weight: float = 0.10
    quality_asked: bool = False  # "best", "strongest", "most accurate": quality evidence leads
    local_asked: bool = False  # local / self-hosted / open weights: local runtimes count as hosts
    cheap_asked: bool = False  # "cheap", "cheapest", "free": a known low price leads

    def requested(self) -> list[str]:
        """Hard then soft capability URIs, without repeats."""
        return list(dict.fromkeys([*self.hard, *self.soft]))


@dataclass
class Scores:
    """Per-candidate component arrays (NaN = unknown), totals, and the chosen offer per candidate."""

    candidates: np.ndarray
    components: dict[str, np.ndarray]
    total: np.ndarray
    weights: dict[str, float]
    offer: np.ndarray
    price: np.ndarray
    quality_caps: list[str]

    def order(self, index: MatchIndex, first: int | None = None) -> np.ndarray:
        """Positions into ``candidates`` by descending total as shown (4 decimals), then slug; with
        ``first``, only the first ``first`` of them (the same ones), found without sorting every candidate."""
        rounded = np.round(self.total, 4)
        ranks = index.slug_rank[self.candidates]
        if first is None or first >= len(rounded) or not np.all(np.abs(rounded) <= 1e6):
            full = np.lexsort((ranks, -rounded))
            return full if first is None else full[:first]
        # One integer key in the same order: the shown total in units of 1e-4, then the (unique) slug rank.
        steps = np.rint(rounded * 1e4).astype(np.int64)
        key = (int(steps.max()) - steps) * (int(ranks.max()) + 1) + ranks
        top = np.argpartition(key, first - 1)[:first]
        return top[np.argsort(key[top])]


def _percentile_fit(values: np.ndarray) -> np.ndarray:
    """1 - percentile rank among the known values (lowest = 1); NaN stays NaN; ties share a rank."""
    out = np.full(values.shape, np.nan)
    known = ~np.isnan(values)
    m = int(known.sum())
    if m == 0:
        return out
    if m == 1:
        out[known] = 1.0
        return out
    v = values[known]
    # Average rank for ties: (rank of first + rank of last) / 2, from each distinct value's run in sorted
    # order (one sort; a binary search per candidate cost several times more on a large catalog).
    _, inverse, counts = np.unique(v, return_inverse=True, return_counts=True)
    last = np.cumsum(counts) - 1
    lo = (last - counts + 1)[inverse]
    hi = last[inverse]
    out[known] = 1.0 - ((lo + hi) / 2.0) / (m - 1)
    return out


def offer_prices(index: MatchIndex, kind: str) -> np.ndarray:
    """The per-offer price scoring compares: per image, or the blended token price."""
    o = index.offers
    if kind == "image":
        return o.image
    if kind in o.units:
        return o.units[kind]
    cached = index.best_offer.get("token-price")
    if cached is None:
        blended = (3.0 * o.input + o.output) / 4.0
        token = np.where(np.isnan(o.output), o.input, blended)
        # Zero token prices next to a positive per-query/second/character price are not its real bill.
        cached = index.best_offer["token-price"] = np.where((token == 0) & o.other_billing, np.nan, token)
    return cached


def _cheapest(index: MatchIndex, candidates: np.ndarray, sel: np.ndarray, price: np.ndarray) -> np.ndarray:
    """Per candidate, the offer of ``sel`` with the lowest price (unpriced last, then the lowest offer
    index), or -1 when it has none."""
    key = np.where(np.isnan(price[sel]), np.inf, price[sel])
    arts_sel = index.offers.artifact[sel]
    if len(sel) and bool(np.all(arts_sel[1:] >= arts_sel[:-1])):
        return _cheapest_grouped(candidates, sel, key, arts_sel)
    order = np.lexsort((sel, key, arts_sel))
    arts = index.offers.artifact[sel][order]
    chosen = np.full(len(candidates), -1, dtype=np.int64)
    if not len(arts):
        return chosen
    first = np.searchsorted(arts, candidates, side="left")
    ok = (first < len(arts)) & (arts[np.minimum(first, len(arts) - 1)] == candidates)
    chosen[ok] = sel[order][first[ok]]
    return chosen


def _cheapest_grouped(candidates: np.ndarray, sel: np.ndarray, key: np.ndarray, arts: np.ndarray) -> np.ndarray:
    """:func:`_cheapest` when ``sel`` is ascending and its offers come grouped by artifact (as the index
    builds them): a linear pass per group instead of sorting every offer on each search."""
    starts = np.flatnonzero(np.r_[True, arts[1:] != arts[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(arts)]))
    lowest = np.flatnonzero(key == np.minimum.reduceat(key, starts)[group])
    g = group[lowest]
    best = sel[lowest[np.r_[True, g[1:] != g[:-1]]]]  # the first (lowest index) cheapest offer per group
    owners = arts[starts]
    # A table by artifact position: one scatter and one gather instead of a binary search per candidate.
    by_artifact = np.full(int(max(owners.max(initial=-1), candidates.max(initial=-1))) + 1, -1, dtype=np.int64)
    by_artifact[owners] = best
    return by_artifact[candidates]


def choose_offers(index: MatchIndex, candidates: np.ndarray, offer_mask: np.ndarray, kind: str,
                  constrained: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate: the cheapest qualifying offer (by :func:`offer_prices`) and its price.

    Offers with no comparable price come after priced ones; an artifact whose qualifying offers are
    all unpriced gets its first such offer and a NaN price. Without offer-level constraints every
    active offer qualifies, so the per-artifact choice is computed once per index and kind.
    """
    price = offer_prices(index, kind)
    if not constrained:
        if kind not in index.best_offer:
            everyone = np.arange(index.n, dtype=np.int64)
            index.best_offer[kind] = _cheapest(index, everyone, np.flatnonzero(index.offers.active), price)
        chosen = index.best_offer[kind][candidates]
    else:
        chosen = _cheapest(index, candidates, np.flatnonzero(offer_mask), price)
    ok = chosen >= 0
    p = np.full(len(candidates), np.nan)
    p[ok] = price[chosen[ok]]
    return chosen, p


def _quality(index: MatchIndex, cand: np.ndarray, spec: ScoreSpec) -> tuple[np.ndarray, list[str]]:
    caps = [u for u in spec.requested() if u in index.quality.percentile]
    areas = {u.removeprefix("capability://").split(".", 1)[0] for u in spec.hard}
    if not caps and areas <= _RATED_AREAS:
        fallback = _OVERALL.get(spec.modality)
        caps = [fallback] if fallback in index.quality.percentile else []
    if not caps:
        return np.full(len(cand), np.nan), []
    stack = np.vstack([index.quality.percentile[u][cand] for u in caps])
    with np.errstate(all="ignore"):
        known = ~np.isnan(stack)
        sums = np.where(known, stack, 0.0).sum(axis=0)
        counts = known.sum(axis=0)
        out = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return out, caps


def _coverage(index: MatchIndex, cand: np.ndarray, spec: ScoreSpec) -> np.ndarray:
    total = float(len(spec.hard)) + sum(spec.soft.values())
    if total <= 0:
        return np.full(len(cand), np.nan)
    got = np.full(len(cand), float(len(spec.hard)))
    for uri, w in spec.soft.items():
        # A preference is met by the family: evidence measured on a dated version speaks for its head.
        got += w * index.family_has(uri)[cand]
    return got / total


def learned_value(index: MatchIndex, i: int, requested: list[str], learned: LearnedTable) -> float | None:
    """The learned-success value for artifact ``i`` on the requested capabilities (None without outcomes)."""
    stats = learned.get(index.artifacts[i].slug)
    if not stats:
        return None
    uris = index.matched_uris(i, requested) if requested else list(stats)
    means = [beta_mean(*stats[u]) for u in uris if u in stats and sum(stats[u]) > 0]
    return sum(means) / len(means) if means else None


def _learned(index: MatchIndex, cand: np.ndarray, spec: ScoreSpec, learned: LearnedTable) -> np.ndarray:
    out = np.full(len(cand), np.nan)
    if not learned:
        return out
    pos = {int(i): p for p, i in enumerate(cand)}
    requested = spec.requested()
    by_slug = index.slug_positions()
    for slug in learned:
        i = by_slug.get(slug)
        if i is None or i not in pos:
            continue
        value = learned_value(index, i, requested, learned)
        if value is not None:
            out[pos[i]] = value
    return out


def score(index: MatchIndex, cand: np.ndarray, offer_mask: np.ndarray, spec: ScoreSpec,
          learned: LearnedTable, *, offer_constrained: bool = True) -> Scores:
    """Score every candidate; see the module docstring for each component and the total."""
    offer, price = choose_offers(index, cand, offer_mask, spec.price_kind, offer_constrained)
    quality, quality_caps = _quality(index, cand, spec)
    hosts = index.hosts_count if spec.local_asked else index.service_hosts
    max_hosts = float(hosts.max()) if index.n else 0.0
    adoption = (np.log1p(hosts[cand]) / math.log1p(max_hosts)) if max_hosts > 0 else \
        np.full(len(cand), np.nan)
    text = np.full(len(cand), np.nan)
    if spec.text is not None and len(cand):
        best = float(spec.text[cand].max())
        if best > 0:
            text = spec.text[cand] / best
    comps = {
        "coverage": _coverage(index, cand, spec),
        "quality": quality,
        "price_fit": _percentile_fit(price),
        "learned_success": _learned(index, cand, spec, learned),
        "adoption": adoption,
        "text_match": text,
    }
    chosen = dict(WEIGHTS, text_match=spec.text_weight)
    if spec.price_asked:
        chosen["price_fit"] = PRICE_WEIGHT_WHEN_CHEAP if spec.cheap_asked and not spec.quality_asked \
            else PRICE_WEIGHT_WHEN_ASKED
    if spec.quality_asked:
        chosen["quality"] = QUALITY_WEIGHT_WHEN_ASKED
    # learned_success always weighs in (as the Beta(1, 1) mean 0.5 until outcomes arrive), so the
    # first reported outcome moves that artifact's total up or down instead of re-weighting everyone.
    weights = {k: w for k, w in chosen.items()
               if w > 0 and len(cand) and (k == "learned_success" or not np.isnan(comps[k]).all())}
    total = np.zeros(len(cand))
    if weights:
        for k, w in weights.items():
            unknown = QUALITY_UNKNOWN_WHEN_ASKED if k == "quality" and spec.quality_asked else \
                PRICE_UNKNOWN_WHEN_CHEAP if k == "price_fit" and spec.cheap_asked else NEUTRAL
            total += w * np.where(np.isnan(comps[k]), unknown, comps[k])
        total /= sum(weights.values())
    return Scores(cand, comps, total, weights, offer, price, quality_caps)


def component_dict(scores: Scores, pos: int) -> dict[str, float | None]:
    """The components of one candidate, rounded, with None for unknown."""
    out: dict[str, float | None] = {}
    for k in COMPONENTS:
        v = float(scores.components[k][pos])
        out[k] = None if math.isnan(v) else round(v, 4)
    return out
