"""What a comparison needs to know about one artifact, read from its passport.

A profile adds derived facts to the passport: the *jobs* the artifact does (what goes in, what comes
out), its arena ratings one per metric, and its pricing model. Jobs decide whether two artifacts can be
compared category by category at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from matchgraph.catalog.metric_names import parse_arena

T = TypeVar("T")

CAP = "capability://"
ARENA_PREFIX = "arena_rating:"

# (job, capability URI prefixes that show it, output modality that shows it). Order = priority when
# choosing an artifact's primary job: what it produces matters more than what it can also read.
JOB_RULES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("video generation", ("video.generation",), "video"),
    ("image generation", ("image.generation", "image.editing"), "image"),
    ("text generation", ("text.chat", "text.completion", "text.reasoning", "text.coding", "text.math",
                         "text.creative-writing", "text.instruction-following", "text.summarization",
                         "text.translation", "text.information-extraction", "text.classification",
                         "text.multilingual", "text.structured-output", "text.expert-knowledge",
                         "text.domain", "tools.function-calling"), None),
    ("speech generation", ("audio.speech-synthesis",), "audio"),
    ("transcription", ("audio.transcription", "audio.translation"), None),
    ("embeddings", ("embeddings",), "embedding"),
    ("reranking", ("retrieval.reranking",), None),
    ("moderation", ("safety.moderation",), None),
    ("web search", ("retrieval.web-search-api", "tools.web-search"), None),
    ("image understanding", ("vision.",), None),
    ("audio understanding", ("audio.understanding",), None),
)
JOB_ORDER = {name: i for i, (name, _, _) in enumerate(JOB_RULES)}
# Jobs sold by the token: the token part of a workload applies to artifacts that do one of them.
TOKEN_PRICE_JOBS = frozenset({"text generation", "image understanding", "audio understanding", "embeddings"})


@dataclass(frozen=True)
class Rating:
    """One arena rating chosen for an artifact and metric, with its 95% interval and provenance."""

    metric: str
    board: str
    category: str
    style: bool
    capability: str | None
    value: float
    ci_low: float | None
    ci_high: float | None
    sample_size: int | None
    source: str
    key: str
    fetched_at: str | None

    @property
    def low(self) -> float:
        """Lower end of the 95% interval (the rating itself when no interval is stated)."""
        return self.ci_low if self.ci_low is not None else self.value

    @property
    def high(self) -> float:
        """Upper end of the 95% interval (the rating itself when no interval is stated)."""
        return self.ci_high if self.ci_high is not None else self.value

    def as_dict(self) -> dict[str, Any]:
        """JSON form: rating and interval rounded to 0.1, votes and the source record."""
        return {"metric": self.metric, "rating": round(self.value, 1),
                "ci_low": None if self.ci_low is None else round(self.ci_low, 1),
                "ci_high": None if self.ci_high is None else round(self.ci_high, 1),
                "sample_size": self.sample_size, "source": self.source, "key": self.key}


def parse_metric(metric: str) -> tuple[str, str, bool] | None:
    """``arena_rating:text/coding:style`` -> ("text", "coding", True); None for other metrics."""
    if not metric.startswith(ARENA_PREFIX) or "/" not in metric:
        return None
    return parse_arena(metric)


def choose_ratings(evidence: Iterable[dict[str, Any]]) -> dict[str, Rating]:
    """One rating per metric. Sources sometimes hold two rows for a metric (leaderboard JSON and CSV);
    the row with the larger vote count wins, then the smaller source key, so the choice does not depend
    on the order rows arrive in."""
    out: dict[str, Rating] = {}
    for e in evidence:
        parsed = parse_metric(e["metric"])
        if parsed is None or e.get("value") is None:
            continue
        board, category, style = parsed
        r = Rating(e["metric"], board, category, style, e.get("capability"), float(e["value"]), e.get("ci_low"),
                   e.get("ci_high"), e.get("sample_size"), e.get("source") or "", e.get("key") or "",
                   e.get("fetched_at"))
        held = out.get(r.metric)
        if held is None or _preference(r) < _preference(held):
            out[r.metric] = r
    return out


def _preference(r: Rating) -> tuple[int, str]:
    return (-(r.sample_size if r.sample_size is not None else -1), r.key)


def jobs_of(outputs: Iterable[str], capability_uris: Iterable[str]) -> list[str]:
    """The jobs an artifact does, in priority order (primary first)."""
    outs = set(outputs)
    keys = [u.removeprefix(CAP) for u in capability_uris]
    found: list[str] = []
    for name, prefixes, modality in JOB_RULES:
        if (modality and modality in outs) or any(k.startswith(prefixes) for k in keys):
            found.append(name)
    if not found and "text" in outs:
        found.append("text generation")
    return found


COMPONENTS = ("Adoption", "Quality", "Ecosystem", "Match graph")


def rank_summary(mr: dict[str, Any] | None) -> dict[str, Any] | None:
    """MatchRank in one shape whatever its producer returns: score, components by name, known/total."""
    if not mr:
        return None
    comps_raw = mr.get("components") or {}
    if isinstance(comps_raw, list):
        comps_raw = {c.get("name"): c for c in comps_raw if isinstance(c, dict)}
    comps: dict[str, float | None] = {}
    for name in COMPONENTS:
        raw = comps_raw.get(name, comps_raw.get(name.title(), comps_raw.get(name.lower().replace(" ", "_"))))
        comps[name] = raw.get("score") if isinstance(raw, dict) else raw
    known = mr.get("known", sum(v is not None for v in comps.values()))
    total = mr.get("total", len(COMPONENTS))
    lower = mr.get("lower", mr.get("ci_low"))
    upper = mr.get("upper", mr.get("ci_high"))
    return {"score": mr.get("score"), "lower": lower, "upper": upper, "components": comps, "known": known,
            "total": total, "version": mr.get("version")}


def per_artifact(fn: Callable[[Profile], T]) -> Callable[[Profile], T]:
    """``fn(profile)``, a fact of one artifact alone, computed once per profile (in ``profile.memo``) and
    the same object for every pair the artifact is in; callers read it and never change it."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def once(p: Profile) -> T:
        # A hit (all but the first call of each profile, some 30 a comparison) is one lookup, not two.
        try:
            return p.memo[key]
        except KeyError:
            value = p.memo[key] = fn(p)
            return value

    return once


@dataclass
class Profile:
    """A passport plus the derived facts comparisons use."""

    passport: dict[str, Any]
    jobs: list[str]
    ratings: dict[str, Rating]
    capability_uris: list[str]
    times_matched: int
    matchrank: dict[str, Any] | None = None
    rank: dict[str, Any] | None = None
    # metric -> (best rank, worst rank, peers), and metric -> the passport's position on it.
    arena_ranks: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    positions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What comparisons derive from this artifact alone, kept for the next pair it is in (read, never changed).
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # The derived fields below are read hundreds of times per export page: each is worked out on first
    # use and then kept on the instance (a profile's passport is never changed after it is made).
    @functools.cached_property
    def slug(self) -> str:
        """The artifact's slug."""
        return self.passport["slug"]

    @functools.cached_property
    def name(self) -> str:
        """Display name (the slug when no name is known)."""
        return self.passport.get("name") or self.slug

    @functools.cached_property
    def prices(self) -> dict[str, Any]:
        """Starting prices from the cheapest active offer."""
        return self.passport.get("prices") or {}

    @functools.cached_property
    def inputs(self) -> list[str]:
        """Input modalities (one list per profile: read it only)."""
        return list((self.passport.get("modalities") or {}).get("input") or [])

    @functools.cached_property
    def outputs(self) -> list[str]:
        """Output modalities (one list per profile: read it only)."""
        return list((self.passport.get("modalities") or {}).get("output") or [])

    @property
    def primary_job(self) -> str | None:
        """The first job in priority order, or None."""
        return self.jobs[0] if self.jobs else None

    def has(self, uri: str) -> bool:
        """Whether the artifact has the capability ``uri``."""
        return uri in self.capability_uris

    def main_ratings(self) -> list[Rating]:
        """Ratings without style control, overall category first (one list per profile: read it only)."""
        rs = self.memo.get("main_ratings")
        if rs is None:
            rs = self.memo["main_ratings"] = sorted((r for r in self.ratings.values() if not r.style),
                                                    key=lambda r: (r.board, r.category != "full", r.category))
        return rs


def pricing_model(prices: dict[str, Any]) -> str | None:
    """How the starting offer charges: per token, per image, per second…; None when no price is known."""
    units = []
    if prices.get("input_per_mtok") is not None or prices.get("output_per_mtok") is not None:
        units.append("per token")
    if prices.get("per_image") is not None or prices.get("input_per_image") is not None:
        units.append("per image")
    for key, label in (("per_second", "per second"), ("per_character", "per character"),
                       ("per_query", "per query"), ("per_page", "per page")):
        if prices.get(key) is not None:
            units.append(label)
    return " and ".join(units) if units else None


def make_profile(passport: dict[str, Any], matchrank: dict[str, Any] | None = None) -> Profile:
    """Profile of one passport. Its ``positions`` (where it stands among its peers, computed once for the
    catalog) give the rank of each rating, and the rating shown is the row the position rests on."""
    caps = passport.get("capabilities") or []
    uris = [c["uri"] for c in caps]
    ratings = choose_ratings(passport.get("evidence") or [])
    positions = {pos["metric"]: pos for pos in passport.get("positions") or []}
    for metric, pos in positions.items():
        held = ratings.get(metric)
        if held is not None:
            ratings[metric] = Rating(metric, held.board, held.category, held.style, pos.get("capability") or
                                     held.capability, float(pos["value"]), pos.get("ci_low"), pos.get("ci_high"),
                                     pos.get("sample_size"), pos.get("source") or held.source,
                                     pos.get("key") or held.key, held.fetched_at)
    prof = Profile(
        passport=passport,
        jobs=jobs_of((passport.get("modalities") or {}).get("output") or [], uris),
        ratings=ratings,
        capability_uris=uris,
        times_matched=sum(int(c.get("times_matched") or 0) for c in caps),
        matchrank=matchrank,
        rank=rank_summary(matchrank),
        positions=positions,
    )
    for metric, pos in positions.items():
        rank = pos["rank"]
        prof.arena_ranks[metric] = (pos.get("rank_best") or rank, pos.get("rank_worst") or rank, pos["peers"])
    return prof
