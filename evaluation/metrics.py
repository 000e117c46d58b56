"""Truth per need (from raw records and evidence) and the metrics over a system's ranked answers.

- **precision@k of hard constraints**: of the top-k results shown, the share whose cited raw
  records support every hard constraint the need states (:func:`evaluation.raw.violations`).
- **coverage**: among answerable needs (active artifacts of at least 3 families whose records meet the
  constraints: search shows one row per family), the share answered with at least 3 results.
- **impossible explained**: needs no artifact can meet (contradictory, or nothing in the catalog)
  answered with no result and a message.
- **nDCG@k** (linear gains, log2 discounts) over artifacts meeting the constraints. For a quality
  need (``best``) the gain is ``2^(3p) - 1``, with ``p`` the best percentile of the artifact's family
  on any evidence metric for that capability or a narrower one (arena categories, Aider, MTEB, …, within
  families rated on the same metric: a head is graded on its versions' evidence); an artifact without
  such evidence gains 0, since its quality is unknown. Otherwise the gain is ``1 + preferred
  capabilities it has + (1 if the need asks for a low price and its price is in the cheapest quarter)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from evaluation.needs import LabelledNeed
from evaluation.raw import Record, record_price, violations
from matchgraph.match.index import MatchIndex, host_key, org_key

K = 5


@dataclass
class Catalog:
    """The match index plus the raw payload of every source record, by (source, key)."""

    index: MatchIndex
    raw: dict[tuple[str, str], dict[str, Any]]
    evidence_pct: dict[str, np.ndarray] = field(default_factory=dict)
    # Per slug, the records its facts cite beyond its offers (a benchmark's model page that states open weights).
    cited: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def records(self, i: int) -> list[Record]:
        a = self.index.artifacts[i]
        keys = list(dict.fromkeys([*((s["source"], s["key"]) for s in a.sources), *self.cited.get(a.slug, ())]))
        out = []
        for source, key in keys:
            payload = self.raw.get((source, key))
            if payload is not None:
                # The record's own key (LiteLLM names an image size there) rides along as ``_key``.
                out.append((source, {**payload, "_key": key} if source == "litellm" else payload))
        return out

    def violations(self, i: int, need: LabelledNeed) -> list[str]:
        return violations(self.index.artifacts[i].slug, self.records(i), need.hard, fold_host=host_key,
                          fold_org=org_key)

    def quality(self, uri: str) -> np.ndarray:
        """Best evidence percentile per artifact for ``uri`` or a narrower capability (NaN = none)."""
        if uri not in self.evidence_pct:
            self.evidence_pct[uri] = _evidence_percentiles(self.index, uri)
        return self.evidence_pct[uri]


def _evidence_percentiles(index: MatchIndex, uri: str) -> np.ndarray:
    """Per artifact, its family's best percentile: search shows one row per family, named by its head, and
    evidence measured on a dated version is the family's (DESIGN.md, Families)."""
    tax = index.taxonomy
    uris = {uri} | ({d.uri for d in tax.descendants(uri)} if uri in tax else set())
    fam = index.family_codes
    by_metric: dict[str, dict[int, float]] = {}
    for i, a in enumerate(index.artifacts):
        for e in a.evidence:
            if e.capability_uri in uris and e.value is not None and not e.metric.endswith(":style"):
                cur = by_metric.setdefault(e.metric, {})
                f = int(fam[i])
                cur[f] = max(cur.get(f, -math.inf), float(e.value))
    by_family = np.full(int(fam.max()) + 1 if index.n else 0, np.nan)
    for rows in by_metric.values():
        if len(rows) < 2:
            continue
        pos = np.array(list(rows))
        vals = np.array([rows[p] for p in pos])
        s = np.sort(vals)
        pct = ((np.searchsorted(s, vals, "left") + np.searchsorted(s, vals, "right") - 1) / 2) / (len(vals) - 1)
        by_family[pos] = np.fmax(by_family[pos], pct)
    return by_family[fam] if index.n else np.full(0, np.nan)


@dataclass
class Truth:
    """Artifacts meeting a need's constraints and their graded relevance."""

    satisfying: set[int]
    grades: dict[int, float]


def _cheap_price(cat: Catalog, i: int, unit: str) -> float:
    vals = [p for s, r in cat.records(i) if (p := record_price(s, r, unit)) is not None]
    return min(vals) if vals else math.inf


def truth_for(cat: Catalog, need: LabelledNeed) -> Truth:
    if need.contradictory:
        return Truth(set(), {})
    ix = cat.index
    sat = {i for i in range(ix.n) if ix.active[i] and not cat.violations(i, need)}
    grades: dict[int, float] = {}
    if need.best:
        q = cat.quality(need.best)
        for i in sat:
            grades[i] = 0.0 if np.isnan(q[i]) else 2 ** (3 * float(q[i])) - 1
        return Truth(sat, grades)
    unit = next(iter(need.hard.get("max_price", {}) or {}),
                "per_image" if "image" in need.hard.get("output", ()) else "input_per_mtok")
    cut = math.inf
    if need.cheap and sat:
        prices = sorted(p for p in (_cheap_price(cat, i, unit) for i in sat) if math.isfinite(p))
        cut = prices[max(0, len(prices) // 4 - 1)] if prices else math.inf
    for i in sat:
        g = 1.0 + sum(1.0 for u in need.prefer if ix.has_capability(u)[i])
        if need.cheap and _cheap_price(cat, i, unit) <= cut:
            g += 1.0
        grades[i] = g
    return Truth(sat, grades)


def ndcg(ranked: list[int], truth: Truth, k: int = K) -> float | None:
    ideal = sorted(truth.grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    if idcg == 0:
        return None
    return sum(truth.grades.get(i, 0.0) / math.log2(r + 2) for r, i in enumerate(ranked[:k])) / idcg


System = Callable[[LabelledNeed], tuple[list[int], str | None]]


def _mean(xs: list[float]) -> float | None:
    return round(float(np.mean(xs)), 4) if xs else None


def evaluate(cat: Catalog, needs: list[LabelledNeed], systems: dict[str, System], k: int = K) -> dict[str, Any]:
    """Every system over every need; metrics per split, overall and for the non-English needs."""
    truths = {n.id: truth_for(cat, n) for n in needs}
    report: dict[str, Any] = {"k": k, "needs": len(needs), "artifacts": cat.index.n, "systems": {}}
    report["splits"] = {s: sum(1 for n in needs if n.split == s) for s in sorted({n.split for n in needs})}
    report["non_english"] = sum(1 for n in needs if n.lang != "en")
    for name, system in systems.items():
        rows = []
        for n in needs:
            t = truths[n.id]
            ranked, message = system(n)
            top = ranked[:k]
            bad = {i: cat.violations(i, n) for i in top}
            rows.append({"id": n.id, "split": n.split, "lang": n.lang, "quality": bool(n.best),
                         "satisfying": len(t.satisfying),
                         "families": len({int(cat.index.family_codes[i]) for i in t.satisfying}),
                         "results": len(ranked), "shown": len(top),
                         "correct": sum(1 for v in bad.values() if not v),
                         "violations": {cat.index.artifacts[i].slug: v for i, v in bad.items() if v},
                         "ndcg": ndcg(ranked, t, k) if t.satisfying else None,
                         "impossible": not t.satisfying, "explained": (not ranked) and bool(message),
                         "top": [cat.index.artifacts[i].slug for i in top]})
        report["systems"][name] = {"per_need": rows, **{s: _aggregate([r for r in rows if r["split"] == s])
                                                        for s in report["splits"]}}
    return report


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def prec(rs: list[dict[str, Any]]) -> float | None:
        shown = sum(r["shown"] for r in rs)
        return round(sum(r["correct"] for r in rs) / shown, 4) if shown else None

    answerable = [r for r in rows if r["families"] >= 3]
    impossible = [r for r in rows if r["impossible"]]
    return {
        "precision_at_k": prec(rows),
        "precision_at_k_non_english": prec([r for r in rows if r["lang"] != "en"]),
        "ndcg_at_k_quality": _mean([r["ndcg"] for r in rows if r["quality"] and r["ndcg"] is not None]),
        "ndcg_at_k_all": _mean([r["ndcg"] for r in rows if r["ndcg"] is not None]),
        "answerable_with_3": f"{sum(r['results'] >= 3 for r in answerable)}/{len(answerable)}",
        "impossible_explained": f"{sum(r['explained'] for r in impossible)}/{len(impossible)}",
        "needs": len(rows),
    }


def render(report: dict[str, Any]) -> str:
    """One table: systems × splits."""
    k = report["k"]
    head = (f"{report['needs']} needs ({', '.join(f'{s} {n}' for s, n in report['splits'].items())}; "
            f"{report['non_english']} not in English) on {report['artifacts']} artifacts")
    cols = ("precision_at_k", "precision_at_k_non_english", "ndcg_at_k_quality", "ndcg_at_k_all",
            "answerable_with_3", "impossible_explained")
    labels = (f"P@{k}", f"P@{k} non-en", f"nDCG@{k} best", f"nDCG@{k} all", "≥3 results", "impossible")
    lines = [head, f"{'system':<24}{'split':<9}" + "".join(f"{x:>14}" for x in labels)]
    for name, m in report["systems"].items():
        for split in report["splits"]:
            a = m[split]
            cells = ["n/a" if a[c] is None else (f"{a[c]:.3f}" if isinstance(a[c], float) else str(a[c]))
                     for c in cols]
            lines.append(f"{name:<24}{split:<9}" + "".join(f"{c:>14}" for c in cells))
    return "\n".join(lines)
