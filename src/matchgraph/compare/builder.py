"""Build one comparison from two passports: a pure function, no database, no I/O."""

from __future__ import annotations

from collections import Counter
from typing import Any

from matchgraph.compare.cost import CostMemo, compare_costs
from matchgraph.compare.faq import build_faq, faq_html
from matchgraph.compare.model import CompareContext, Comparison
from matchgraph.compare.profile import Profile, make_profile, per_artifact, pricing_model
from matchgraph.compare.sections import and_list, key_differences, price_difference, split_capabilities, when_to_use
from matchgraph.compare.table import build_table, head_rows, own_cells, rank_winner, starting_price, table_winners
from matchgraph.compare.verdict import VERDICT_ROWS, build_verdict
from matchgraph.compare.workload import default_workload


@per_artifact
def _side(p: Profile) -> dict[str, Any]:
    pp = p.passport
    return {
        "slug": p.slug, "name": p.name, "kind": pp.get("kind"), "organization": pp.get("organization"),
        "status": pp.get("status"), "modalities": {"input": p.inputs, "output": p.outputs}, "jobs": p.jobs,
        "matchrank": p.rank, "pricing_model": pricing_model(p.prices),
        "starting_price": starting_price(p),
    }


@per_artifact
def _rank_phrase(p: Profile) -> str:
    rs = p.rank
    if rs is None or rs.get("score") is None:
        return f"{p.name}'s MatchRank is unknown"
    interval = ""
    if rs.get("lower") is not None and rs.get("upper") is not None and rs["lower"] != rs["upper"]:
        interval = f", range {rs['lower']:.0f}–{rs['upper']:.0f}"
    return f"{p.name} {rs['score']:.0f}/100 ({rs['known']} of {rs['total']} components known{interval})"


def headline(a: Profile, b: Profile, same: bool) -> str:
    """MatchRank of both with how much of it is known, then what the pair is about."""
    if same:
        return f"{a.name} compared with itself: both keys name {a.slug}."
    ra, rb = a.rank, b.rank
    sa = None if ra is None else ra.get("score")
    sb = None if rb is None else rb.get("score")
    shared = [j for j in a.jobs if j in b.jobs]
    if sa is not None and sb is not None and not shared:
        first = (f"MatchRank: {_rank_phrase(a)}; {_rank_phrase(b)}. Each is scored among artifacts of its own "
                 "kind, so the two numbers do not rank one above the other.")
    elif sa is not None and sb is not None and sa != sb:
        hi, lo = (a, b) if sa > sb else (b, a)
        if rank_winner(ra, rb) == "tie":
            first = (f"{hi.name} scores higher on MatchRank, but the ranges overlap: {_rank_phrase(hi)} vs "
                     f"{_rank_phrase(lo)}.")
        else:
            first = f"{hi.name} ranks higher on MatchRank: {_rank_phrase(hi)} vs {_rank_phrase(lo)}."
    elif sa is not None and sb is not None:
        first = f"{a.name} and {b.name} have the same MatchRank: {_rank_phrase(a)}; {_rank_phrase(b)}."
    elif sa is None and sb is None:
        first = f"MatchRank is unknown for both {a.name} and {b.name}."
    else:
        first = f"{_rank_phrase(a)}; {_rank_phrase(b)}."
    if shared:
        second = f"Both do {and_list(shared)}."
    else:
        second = f"They do different jobs: {a.name} {and_list(a.jobs) or 'unknown'}, {b.name} " \
                 f"{and_list(b.jobs) or 'unknown'}."
    return f"{first} {second}"


@per_artifact
def _own_sources(p: Profile) -> list[tuple[tuple[str, str], dict[str, Any]]]:
    """The artifact's source records naming it alone, in (source, key) order (the first of a key wins)."""
    own: dict[tuple[str, str], dict[str, Any]] = {}
    for s in p.passport.get("sources") or []:
        own.setdefault((s["source"], s["key"]), {**s, "artifacts": [p.slug]})
    return sorted(own.items(), key=_first)


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


@per_artifact
def _own_keys(p: Profile) -> frozenset[tuple[str, str]]:
    return frozenset(k for k, _ in _own_sources(p))


def _sources(a: Profile, b: Profile) -> list[dict[str, Any]]:
    """Both artifacts' source records in (source, key) order, a record of both naming both (A's copy)."""
    own_a = _own_sources(a)
    if b.slug == a.slug:
        return [e for _, e in own_a]
    own_b = _own_sources(b)
    if _own_keys(a).isdisjoint(_own_keys(b)):
        # Two sorted runs with no key in common (most pairs): the sort merges them in linear time.
        return [e for _, e in sorted(own_a + own_b, key=_first)]
    merged = dict(own_a)
    for k, entry in own_b:
        held = merged.get(k)
        merged[k] = entry if held is None else {**held, "artifacts": [a.slug, b.slug]}
    return [merged[k] for k in sorted(merged)]


def _span(dates: list[str]) -> dict[str, str | None]:
    days = sorted(d[:10] for d in dates if d)
    return {"first": days[0] if days else None, "last": days[-1] if days else None}


def source_summary(a: Profile, b: Profile, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per source: its records for each side, when they were fetched, their URLs (most used
    first), and the evidence rows it gave each side with their kinds and observed dates."""
    out: dict[str, dict[str, Any]] = {}
    for s in sources:
        g = out.setdefault(s["source"], {"source": s["source"], "records": 0, "by_artifact": {}, "fetched": [],
                                         "urls": Counter(), "evidence": 0, "kinds": Counter(), "observed": []})
        g["records"] += 1
        for slug in s.get("artifacts") or []:
            g["by_artifact"][slug] = g["by_artifact"].get(slug, 0) + 1
        g["fetched"].append(s.get("fetched_at") or "")
        if s.get("url"):
            g["urls"][s["url"]] += 1
    seen: set[tuple[str, str, str]] = set()
    for p in (a, b):
        for e in p.passport.get("evidence") or []:
            key = (e.get("source") or "", e.get("key") or "", e.get("metric") or "")
            g = out.get(key[0])
            if g is None or key in seen:
                continue
            seen.add(key)
            g["evidence"] += 1
            g["kinds"][e.get("kind") or "independent"] += 1
            g["observed"].append(e.get("observed_at") or "")
    return [{"source": g["source"], "records": g["records"], "by_artifact": g["by_artifact"],
             "fetched": _span(g["fetched"]), "urls": [u for u, _ in g["urls"].most_common()],
             "evidence_rows": g["evidence"], "kinds": dict(g["kinds"]), "observed": _span(g["observed"])}
            for g in (out[k] for k in sorted(out))]


def _same_use(p: Profile) -> dict[str, list[str]]:
    tip = [f"{p.name} does {and_list(p.jobs) or 'no job the catalog can name'}; both keys name it."]
    return {"a": tip, "b": list(tip)}


def build_comparison(a: dict[str, Any], b: dict[str, Any], context: CompareContext | None = None) -> Comparison:
    """The full comparison of passport ``a`` with passport ``b``.

    ``context`` supplies MatchRank and the workload; without it MatchRank reads as unknown and the cost
    section uses the stated default workload. Positions on boards come with the passports.
    """
    ctx = context or CompareContext()
    return compare_profiles(profile_in(a, ctx), profile_in(b, ctx), ctx)


def profile_in(passport: dict[str, Any], ctx: CompareContext) -> Profile:
    """The profile a comparison in ``ctx`` uses for ``passport``."""
    # A passport may carry its own MatchRank; the context's (computed for this catalog version) comes first.
    return make_profile(passport, ctx.matchrank.get(passport["slug"]) or passport.get("matchrank"))


def compare_profiles(pa: Profile, pb: Profile, ctx: CompareContext, costs: CostMemo | None = None, *,
                     summary: bool = True, full_table: bool = True) -> Comparison:
    """The comparison of two profiles made by ``profile_in`` for ``ctx``: an export builds each artifact's
    profile once and reuses it (and, through ``costs``, its cost of the workload) in all of its pairs.
    ``summary=False`` leaves ``source_summary`` empty, for a renderer that does not show it (HTML).
    ``full_table=False`` sets ``table_parts`` instead of making every row of the table, for a renderer
    that keeps each artifact's cells (the HTML of an export): ``table`` then holds the rows the verdict
    counts, and ``faq_html`` holds the questions as the page shows them instead of ``faq``."""
    same = pa.slug == pb.slug
    table_parts = None
    if same or full_table:
        table = build_table(pa, pb)
        if same:
            # An artifact does not lead or tie against itself: the rows only state its facts.
            table = [r._replace(winner=None, basis=None) for r in table]
    else:
        head, middle = table_winners(pa, pb)
        table = head_rows(pa, pb, head, VERDICT_ROWS)
        table += middle
        table_parts = (own_cells(pa), own_cells(pb), head, middle)
    cost = compare_costs(pa, pb, ctx.workload or default_workload(), costs)
    verdict = build_verdict(pa, pb, table, same)
    caps = split_capabilities(pa, pb)
    sources = _sources(pa, pb)
    # Said both in the key differences and in the price question: worded once.
    price = price_difference(pa, pb)
    if same:
        differences = [{"topic": "none", "text": f"Both keys name the same artifact ({pa.slug}); no fact differs."}]
        use = _same_use(pa)
    else:
        differences, use = key_differences(pa, pb, caps, price), when_to_use(pa, pb, cost, caps)
    return Comparison(
        a=_side(pa), b=_side(pb), headline=headline(pa, pb, same), table=table,
        capabilities=caps, key_differences=differences, when_to_use=use, verdict=verdict,
        faq=build_faq(pa, pb, verdict, cost, price) if full_table else [], cost=cost, sources=sources,
        catalog_version=ctx.catalog_version, same_artifact=same,
        source_summary=source_summary(pa, pb, sources) if summary else [], table_parts=table_parts,
        faq_html=None if full_table else faq_html(pa, pb, verdict, cost, price),
    )
