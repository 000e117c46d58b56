"""Quality per capability: the best rating evidence for each artifact × capability, placed among peers.

Which evidence counts
    Only metrics whose higher value means better and whose scale is shared by every artifact rated
    on it: arena ratings (``arena_rating:<board>/<category>[:style]``), Aider's polyglot pass rate
    (``aider:polyglot:pass_rate_2``), MTEB retrieval nDCG@10 (``mteb:…``) and llm-stats benchmark
    scores (``llmstats:<benchmark>``). Each metric is a separate scale (a style-controlled rating is
    never compared with a raw one, a mean over 7 MTEB tasks never with a mean over 10), so
    percentiles are computed per metric: peers are compared on the same metric only.

Families
    A family head (``ArtifactView.family_head``) is rated on its own rows and its versions' rows
    (the row keeps the version it was measured on); a version whose head is in the catalog gets no
    entry of its own, so each model counts once among its peers.

Peer groups
    An artifact is compared only with artifacts of the same kind and modality group
    (:func:`peer_group`): text models with text models, image generators with image generators.
    Each group reads only the metrics that measure its own output (:data:`GROUP_METRICS`: text
    models the text and vision boards, Aider and llm-stats; image generators the image board;
    embedding models MTEB); other groups have no quality metric yet.

Self-reported evidence counts less
    A figure the model's maker reported (``kind == "self_reported"``) is used for a capability only
    when no independently measured metric is available for it, and within one metric an
    independent row is preferred to a self-reported one. Its entry says ``self_reported`` and carries
    weight :data:`SELF_REPORTED_WEIGHT` (independent: 1) in MatchRank's Quality mean.

Choosing one evidence row per capability
    1. Metric: the ones the taxonomy lists in ``measured_by`` for the capability, in the listed order,
       before any other metric tied to it; for each, the style-controlled rating before the raw one.
       Style control is LMArena's default view: it estimates preference with answer length and
       markdown held equal, so a verbose answer does not look better than it is. The raw rating is
       used when an artifact has no style-controlled one for that capability.
    2. Within one metric (an artifact can carry several rows: variants of the model mapped to one
       artifact, or two exports of one board): the latest (``observed_at``, else ``fetched_at``),
       then the narrowest 95% interval, then the largest sample, then the source key.

Positions: one peer set for every page
    :meth:`QualityTable.position_entry` places an artifact on any metric it is rated on among exactly
    these peers (same modality group, same metric, one best row per family), and every surface that
    says where a model stands (passport, comparison table and FAQ, pages, command line) reads it from
    there, so the same model has the same rank and peer count everywhere. A version whose family head
    is in the catalog is placed on its own best row with its family represented by that row alone.

Percentile among peers, with the interval reflected
    With N peers on the metric (the artifact included) and n = N - 1 others:
    ``percentile = 100 × (others rated lower + ½ × others rated equal) / n``;
    ``lower = 100 × (others whose upper bound is below this lower bound) / n`` (clearly beaten);
    ``upper = 100 × (n - others whose lower bound is above this upper bound) / n`` (not clearly
    beaten by). Rank bounds follow the same rule as the Bradley–Terry rank intervals. With no other
    peer the percentile is ``None``: there is nothing to compare with.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matchgraph.catalog.metric_names import date_is_fetch_date, metric_label
from matchgraph.catalog.taxonomy import Taxonomy, load_taxonomy
from matchgraph.rank.positions import position
from matchgraph.store.read_model import ArtifactView, CatalogView, EvidenceView

RATING_PREFIX = "arena_rating:"
STYLE_SUFFIX = ":style"

#: Arena boards each modality group is measured on (other groups: no quality metric yet).
GROUP_BOARDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "vision"),
    "image-generation": ("image",),
}
#: Metric prefixes each modality group is measured on (the arena boards above, and the benchmarks).
GROUP_METRICS: dict[str, tuple[str, ...]] = {
    "text": ("arena_rating:text/", "arena_rating:vision/", "aider:", "llmstats:"),
    "image-generation": ("arena_rating:image/",),
    "embedding": ("mteb:",),
}
#: Benchmark metrics compared here besides arena ratings (all: higher is better).
BENCHMARK_PREFIXES = ("aider:polyglot:pass_rate_2", "mteb:", "llmstats:")
#: Weight of a self-reported entry in a mean over capabilities (an independent one weighs 1).
SELF_REPORTED_WEIGHT = 0.5


def peer_group(artifact: ArtifactView) -> str:
    """The modality peer group of an artifact, prefixed by its kind when that is not ``model``.

    The output decides, most specific first: image, video, embedding, speech (audio out, no text
    out), transcription (audio in, no text in, text out), text; no known output gives ``other``.
    A model that outputs text *and* images or video is a generator only when a capability under
    image or video generation is known for it: chat models whose sources list image output (an
    image tool in the chat API) stay with text models.
    """
    out, inp = artifact.output_modalities, artifact.input_modalities
    if "image" in out and ("text" not in out or _generates(artifact, "capability://image.")):
        group = "image-generation"
    elif "video" in out and ("text" not in out or _generates(artifact, "capability://video.generation")):
        group = "video-generation"
    elif "embedding" in out:
        group = "embedding"
    elif "audio" in out and "text" not in out:
        group = "speech"
    elif "text" in out and "audio" in inp and "text" not in inp:
        group = "transcription"
    elif "text" in out:
        group = "text"
    else:
        group = "other"
    return group if artifact.kind == "model" else f"{artifact.kind}/{group}"


def _generates(artifact: ArtifactView, prefix: str) -> bool:
    return any(uri.startswith(prefix) for uri in artifact.capabilities)


def _modality(group: str) -> str:
    return group.rsplit("/", 1)[-1]


def is_rating_metric(metric: str) -> bool:
    """True for arena rating metrics."""
    return metric.startswith(RATING_PREFIX)


def is_quality_metric(metric: str) -> bool:
    """True for metrics this module compares (arena ratings and the bundled benchmarks)."""
    return is_rating_metric(metric) or metric.startswith(BENCHMARK_PREFIXES)


def measures_group(metric: str, group: str) -> bool:
    """True when ``metric`` measures the output of the modality group ``group``."""
    return metric.startswith(GROUP_METRICS.get(_modality(group), ()))


def is_self_reported(e: EvidenceView) -> bool:
    """True for a figure the model's maker reported."""
    return getattr(e, "kind", "independent") == "self_reported"


def metric_board(metric: str) -> str | None:
    """The arena board of a rating metric (``text``, ``vision``, ``image``), else None."""
    if not is_rating_metric(metric):
        return None
    return metric.removeprefix(RATING_PREFIX).split("/", 1)[0]


def evidence_date(e: EvidenceView) -> str:
    """The date an evidence row speaks for: when observed, else when fetched ('' if neither)."""
    return e.observed_at or e.fetched_at or ""


def _width(e: EvidenceView) -> float:
    if e.ci_low is None or e.ci_high is None:
        return float("inf")
    return e.ci_high - e.ci_low


def best_row(rows: Iterable[EvidenceView]) -> EvidenceView:
    """The row to use among rows of one metric: latest, then narrowest interval, largest sample, key."""
    # Sort ascending by every tie-breaker, then take the latest date (stable sort keeps the order).
    ordered = sorted(rows, key=lambda e: (_width(e), -(e.sample_size or -1), e.source_key))
    independent = [e for e in ordered if not is_self_reported(e)] or ordered
    return max(independent, key=evidence_date)


def metric_preference(capability_uri: str, taxonomy: Taxonomy) -> list[str]:
    """Evidence metrics named by the taxonomy for a capability, in preference order (style first)."""
    if capability_uri not in taxonomy:
        return []
    out: list[str] = []
    for key in taxonomy.get(capability_uri).measured_by:  # "arena:<board>/<category>" or a benchmark
        if not key.startswith("arena:"):
            out.append(key)
            continue
        base = RATING_PREFIX + key.removeprefix("arena:")
        out += [base + STYLE_SUFFIX, base]
    return out


def preferred_metric(capability_uri: str, metrics: Sequence[tuple[str, bool]], taxonomy: Taxonomy) -> str:
    """The metric that stands for a capability among (metric, self-reported) pairs: independent before
    self-reported, then the taxonomy's order of metrics for it (as :func:`compute_quality` chooses)."""
    pref = metric_preference(capability_uri, taxonomy)
    return min(metrics, key=lambda m: (m[1], _preference_key(m[0], pref)))[0]


def _preference_key(metric: str, preferred: Sequence[str]) -> tuple[int, int, str]:
    if metric in preferred:
        return (0, preferred.index(metric), metric)
    return (1, 0 if metric.endswith(STYLE_SUFFIX) else 1, metric)


@dataclass(frozen=True)
class QualityEntry:
    """One artifact's quality on one capability: the chosen evidence and its place among peers."""

    slug: str
    capability_uri: str
    peer_group: str
    metric: str
    value: float
    ci_low: float | None
    ci_high: float | None
    sample_size: int | None
    source: str
    source_key: str
    source_url: str | None
    observed_at: str | None
    fetched_at: str | None
    peers: int
    percentile: float | None
    lower: float | None
    upper: float | None
    rank: int
    rank_best: int | None
    rank_worst: int | None
    alternatives: int
    self_reported: bool = False
    measured_on: str | None = None  # the family version whose row this is (the artifact itself if None)
    ties: int = 0  # other peers with exactly the same figure (they share the rank)
    observed_is_fetch: bool = False  # the board states no date: the day it was read stands in
    board: str | None = None  # the board or benchmark in words, with the source's own name for it

    @property
    def weight(self) -> float:
        """Weight in a mean over capabilities: self-reported figures count less."""
        return SELF_REPORTED_WEIGHT if self.self_reported else 1.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (percentiles rounded to 0.1)."""
        return {
            "capability": self.capability_uri,
            "metric": self.metric,
            "style_control": self.metric.endswith(STYLE_SUFFIX),
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "sample_size": self.sample_size,
            "percentile": _round(self.percentile),
            "lower": _round(self.lower),
            "upper": _round(self.upper),
            "rank": self.rank,
            "rank_best": self.rank_best,
            "rank_worst": self.rank_worst,
            "peers": self.peers,
            "peer_group": self.peer_group,
            "source": self.source,
            "key": self.source_key,
            "url": self.source_url,
            "observed_at": self.observed_at,
            "fetched_at": self.fetched_at,
            "other_evidence_rows": self.alternatives,
            "self_reported": self.self_reported,
            "kind": "self_reported" if self.self_reported else "independent",
            "position": position(self)["text"],
            "measured_on": self.measured_on or self.slug,
            "ties": self.ties,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _value(e: EvidenceView) -> float:
    return e.value


def _low(e: EvidenceView) -> float:
    return e.value if e.ci_low is None else e.ci_low


def _high(e: EvidenceView) -> float:
    return e.value if e.ci_high is None else e.ci_high


@dataclass(frozen=True)
class _Scale:
    """Sorted values and interval bounds of every peer on one metric within one group."""

    values: list[float]
    lows: list[float]
    highs: list[float]

    @classmethod
    def of(cls, rows: Iterable[EvidenceView]) -> _Scale:
        rows = list(rows)
        return cls(sorted(_value(e) for e in rows), sorted(_low(e) for e in rows), sorted(_high(e) for e in rows))

    def swapped(self, old: EvidenceView | None, new: EvidenceView) -> _Scale:
        """This scale with ``old`` (a peer, or None) replaced by ``new``: a family placed by one version."""
        values, lows, highs = list(self.values), list(self.lows), list(self.highs)
        for seq, row_value in ((values, _value), (lows, _low), (highs, _high)):
            if old is not None:
                del seq[bisect.bisect_left(seq, row_value(old))]
            bisect.insort(seq, row_value(new))
        return _Scale(values, lows, highs)

    def ties(self, e: EvidenceView) -> int:
        """Other peers with exactly the figure of ``e`` (one of the peers)."""
        return bisect.bisect_right(self.values, e.value) - bisect.bisect_left(self.values, e.value) - 1

    def place(self, e: EvidenceView) -> tuple[float | None, float | None, float | None, int, int | None, int | None]:
        """(percentile, lower, upper, rank, rank_best, rank_worst) of a row that is one of the peers."""
        n_all = len(self.values)
        others = n_all - 1
        below = bisect.bisect_left(self.values, e.value)
        equal = bisect.bisect_right(self.values, e.value) - below - 1  # excluding itself
        rank = n_all - bisect.bisect_right(self.values, e.value) + 1
        has_ci = e.ci_low is not None and e.ci_high is not None
        rank_best = rank_worst = None
        clearly_below = clearly_above = 0
        if has_ci:
            clearly_below = bisect.bisect_left(self.highs, e.ci_low)
            clearly_above = n_all - bisect.bisect_right(self.lows, e.ci_high)
            rank_best, rank_worst = 1 + clearly_above, n_all - clearly_below
        if others == 0:
            return None, None, None, rank, rank_best, rank_worst
        pct = 100.0 * (below + 0.5 * equal) / others
        if not has_ci:
            return pct, None, None, rank, rank_best, rank_worst
        return (pct, 100.0 * clearly_below / others, 100.0 * (others - clearly_above) / others,
                rank, rank_best, rank_worst)


@dataclass(frozen=True)
class _Peers:
    """The one peer set behind every position: per (modality group, metric), one best row per family."""

    best: dict[str, dict[str, EvidenceView]]  # family head or standalone slug -> metric -> its row
    groups: dict[str, str]  # slug (heads and versions) -> modality peer group
    scales: dict[tuple[str, str], _Scale]
    heads: dict[str, str]  # version slug -> its family head (versions whose head is in the catalog)
    version_rows: dict[str, dict[str, list[EvidenceView]]]  # version slug -> metric -> its own rows
    alternatives: dict[str, dict[str, int]]  # slug -> metric -> rows of that metric not chosen
    origin: dict[int, str]  # id(row) -> the slug it was measured on


def _entry(peers: _Peers, slug: str, uri: str | None, group: str, metric: str, row: EvidenceView,
           scale: _Scale, alternatives: int) -> QualityEntry:
    pct, lo, hi, rank, best_rank, worst_rank = scale.place(row)
    return QualityEntry(
        slug=slug, capability_uri=uri or "", peer_group=group, metric=metric, value=row.value,
        ci_low=row.ci_low, ci_high=row.ci_high, sample_size=row.sample_size, source=row.source,
        source_key=row.source_key, source_url=row.source_url, observed_at=row.observed_at,
        fetched_at=row.fetched_at, peers=len(scale.values), percentile=pct, lower=lo, upper=hi,
        rank=rank, rank_best=best_rank, rank_worst=worst_rank, alternatives=alternatives,
        self_reported=is_self_reported(row), measured_on=peers.origin.get(id(row), slug),
        ties=scale.ties(row), observed_is_fetch=date_is_fetch_date(row.details),
        board=metric_label(metric, row.details),
    )


def _position_order(metric: str, self_reported: bool) -> tuple[int, int, str]:
    """Overall boards in LMArena's default (style-controlled) view first, then the benchmarks' main
    figures, then categories and other benchmarks, then raw ratings; the maker's own figures last."""
    if metric.startswith(RATING_PREFIX):
        overall = metric.removesuffix(STYLE_SUFFIX).endswith("/full")
        tier = (0 if overall else 2) if metric.endswith(STYLE_SUFFIX) else (3 if overall else 4)
    else:
        tier = 1 if metric.startswith(("aider:polyglot:pass_rate_2", "mteb:eng-v2-retrieval:mean_ndcg_at_10")) else 2
    return (int(self_reported), tier, metric)


class QualityTable:
    """Per-capability quality of every artifact in a catalog view (computed once, whole catalog), and the
    position of any artifact on any metric it is rated on, among the same peers."""

    def __init__(self, entries: dict[str, dict[str, QualityEntry]], ignored: dict[str, int],
                 peers: _Peers | None = None) -> None:
        self._entries = entries
        self._ignored = ignored
        self._peers = peers

    def for_artifact(self, slug: str) -> dict[str, QualityEntry]:
        """capability URI -> entry, for one artifact (empty when it has no rating evidence)."""
        return dict(self._entries.get(slug, {}))

    def get(self, slug: str, capability_uri: str) -> QualityEntry | None:
        """The entry for one artifact and capability, or None."""
        return self._entries.get(slug, {}).get(capability_uri)

    def ignored_rows(self, slug: str) -> int:
        """Rating rows of an artifact not used because their board does not measure its peer group."""
        return self._ignored.get(slug, 0)

    def position_entry(self, slug: str, metric: str) -> QualityEntry | None:
        """Where ``slug`` stands on ``metric`` among its peers (same modality group, same metric, one row per
        family), or None when it is not rated on it. A family head stands on its own and its versions'
        best row; a version stands on its own row, its family represented by that row alone."""
        peers = self._peers
        if peers is None:
            return None
        if slug in peers.best:
            row = peers.best[slug].get(metric)
            if row is None:
                return None
            group = peers.groups[slug]
            return _entry(peers, slug, row.capability_uri, group, metric, row, peers.scales[(group, metric)],
                          peers.alternatives[slug][metric])
        head = peers.heads.get(slug)
        rows = peers.version_rows.get(slug, {}).get(metric)
        group = peers.groups.get(slug)
        if head is None or not rows or group is None or not measures_group(metric, group):
            return None
        row = best_row(rows)
        family_row = peers.best.get(head, {}).get(metric) if peers.groups.get(head) == group else None
        scale = peers.scales.get((group, metric), _Scale([], [], []))
        return _entry(peers, slug, row.capability_uri, group, metric, row, scale.swapped(family_row, row),
                      len(rows) - 1)

    def stands_for(self, slug: str) -> str:
        """The slug whose entries place ``slug`` among its peers: its family head when the head is in the
        catalog (a family is one peer), else the slug itself."""
        peers = self._peers
        return slug if peers is None else peers.heads.get(slug, slug)

    def row(self, slug: str, metric: str) -> EvidenceView | None:
        """The evidence row ``slug`` (a family head or a standalone artifact) is placed by on ``metric``."""
        peers = self._peers
        return None if peers is None else peers.best.get(slug, {}).get(metric)

    def metrics_of(self, slug: str) -> list[str]:
        """Every metric ``slug`` has a position on."""
        peers = self._peers
        if peers is None:
            return []
        if slug in peers.best:
            return list(peers.best[slug])
        group = peers.groups.get(slug)
        return [m for m in peers.version_rows.get(slug, {}) if group is not None and measures_group(m, group)]

    def positions(self, slug: str) -> list[QualityEntry]:
        """Every position of ``slug``: overall boards first, then benchmarks, then categories."""
        found = [e for m in self.metrics_of(slug) if (e := self.position_entry(slug, m)) is not None]
        return sorted(found, key=lambda e: _position_order(e.metric, e.self_reported))


def compute_quality(view: CatalogView, taxonomy: Taxonomy | None = None) -> QualityTable:
    """Per-capability quality for every artifact, each percentile taken among its peer group."""
    taxonomy = taxonomy or load_taxonomy()
    # slug -> metric -> rows; and (group, metric) -> each peer's best row
    by_metric: dict[str, dict[str, list[EvidenceView]]] = {}
    groups: dict[str, str] = {}
    ignored: dict[str, int] = {}
    # One entry per family: a family head is rated on its own evidence and its versions'
    # (dated snapshots, previews), so one model is one peer, not several.
    slugs = {a.slug for a in view.artifacts}
    versions: dict[str, list[EvidenceView]] = defaultdict(list)
    heads: dict[str, str] = {}
    version_rows: dict[str, dict[str, list[EvidenceView]]] = {}
    origin = {id(e): a.slug for a in view.artifacts for e in a.evidence}  # row -> measured on
    for a in view.artifacts:
        head = getattr(a, "family_head", None) or a.slug
        if head != a.slug and head in slugs:
            versions[head].extend(a.evidence)
            heads[a.slug] = head
            groups[a.slug] = peer_group(a)
            own: dict[str, list[EvidenceView]] = defaultdict(list)
            for e in a.evidence:
                if is_quality_metric(e.metric):
                    own[e.metric].append(e)
            if own:
                version_rows[a.slug] = dict(own)
    for a in view.artifacts:
        head = getattr(a, "family_head", None) or a.slug
        if head != a.slug and head in slugs:
            continue
        group = peer_group(a)
        metrics: dict[str, list[EvidenceView]] = defaultdict(list)
        for e in (*a.evidence, *versions.get(a.slug, ())):
            if not is_quality_metric(e.metric):
                continue
            if measures_group(e.metric, group):
                metrics[e.metric].append(e)
            else:
                ignored[a.slug] = ignored.get(a.slug, 0) + 1
        groups[a.slug] = group
        if metrics:
            by_metric[a.slug] = dict(metrics)
    best: dict[str, dict[str, EvidenceView]] = {
        slug: {m: best_row(rows) for m, rows in metrics.items()} for slug, metrics in by_metric.items()
    }
    peer_rows: dict[tuple[str, str], list[EvidenceView]] = defaultdict(list)
    for slug, rows in best.items():
        for metric, row in rows.items():
            peer_rows[(groups[slug], metric)].append(row)
    peers = _Peers(
        best=best, groups=groups, scales={key: _Scale.of(rows) for key, rows in peer_rows.items()}, heads=heads,
        version_rows=version_rows, origin=origin,
        alternatives={slug: {m: len(rows) - 1 for m, rows in metrics.items()} for slug, metrics in by_metric.items()},
    )

    preferences: dict[str, list[str]] = {}
    entries: dict[str, dict[str, QualityEntry]] = {}
    for slug, rows in best.items():
        group = groups[slug]
        per_cap: dict[str, list[str]] = defaultdict(list)
        for metric, row in rows.items():
            if row.capability_uri is not None:
                per_cap[row.capability_uri].append(metric)
        out: dict[str, QualityEntry] = {}
        for uri, metrics in per_cap.items():
            pref = preferences.setdefault(uri, metric_preference(uri, taxonomy))
            # An independently measured metric before any self-reported one, then the taxonomy's order.
            metric = min(metrics, key=lambda m, p=pref, r=rows: (is_self_reported(r[m]), _preference_key(m, p)))
            used_rows = sum(len(by_metric[slug][m]) for m in metrics)
            out[uri] = _entry(peers, slug, uri, group, metric, rows[metric], peers.scales[(group, metric)],
                              used_rows - 1)
        entries[slug] = out
    return QualityTable(entries, ignored, peers)
