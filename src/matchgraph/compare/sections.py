"""Capabilities side by side, key differences and when to use each: sentences built from facts only."""

from __future__ import annotations

import functools
from typing import Any

from matchgraph.catalog.facts import fmt_money, fmt_rating, fmt_tokens, join_names
from matchgraph.catalog.metric_names import metric_label
from matchgraph.compare.profile import Profile, per_artifact
from matchgraph.compare.table import arena_winner, category_name, shared_ratings, starting_price


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@per_artifact
def io_phrase(p: Profile) -> str:
    """'takes image and text, returns text' (unknown parts said so)."""
    ins = and_list(sorted(p.inputs)) or "unknown input"
    outs = and_list(sorted(p.outputs)) or "unknown output"
    return f"takes {ins}, returns {outs}"


@per_artifact
def jobs_phrase(p: Profile) -> str:
    return and_list(p.jobs) if p.jobs else "no job the catalog can name"


def _entry(c: dict[str, Any], p: Profile) -> dict[str, Any]:
    """The capability as a comparison shows it; the same object for every pair ``p`` is in (``c`` is the
    passport's capability of that URI), so its rendering can be reused too."""
    key = ("entry", c["uri"])
    entry = p.memo.get(key)
    if entry is None or entry[0] is not c:
        entry = p.memo[key] = (c, _make_entry(c, p))
    return entry[1]


def _make_entry(c: dict[str, Any], p: Profile) -> dict[str, Any]:
    # Each rating with its board in words and, when placed among peers, the passport's position on it.
    ratings = [{**r.as_dict(), "label": metric_label(r.metric),
                "position": (p.positions.get(r.metric) or {}).get("text")}
               for r in p.main_ratings() if r.capability == c["uri"]]
    return {
        "uri": c["uri"], "name": c.get("name") or c["uri"], "how_known": c.get("how_known"),
        "confidence": c.get("confidence"), "description": c.get("description"),
        "unique_aspect": c.get("unique_aspect"), "vs_alternatives": c.get("vs_alternatives"),
        "limitations": c.get("limitations") or [], "evidence": ratings,
        "times_matched": c.get("times_matched"), "success_rate": c.get("success_rate"),
    }


def _order(c: dict[str, Any]) -> tuple[float, str]:
    return (-(c.get("confidence") or 0.0), c.get("name") or c["uri"])


@per_artifact
def _capabilities(p: Profile) -> tuple[dict[str, dict[str, Any]], list[tuple[str, dict[str, Any]]]]:
    """The artifact's capability entries by URI, and (URI, entry) in display order (most confident first):
    the same in every pair, so a pair only filters them."""
    caps = {c["uri"]: c for c in p.passport.get("capabilities") or []}
    entries = {u: _entry(c, p) for u, c in caps.items()}
    # Sorting all and then keeping some gives the order sorting the kept ones would (the sort is stable).
    return entries, [(c["uri"], entries[c["uri"]]) for c in sorted(caps.values(), key=_order)]


def split_capabilities(a: Profile, b: Profile) -> dict[str, list[dict[str, Any]]]:
    """Capabilities only A has (``a``), only B has (``b``), and both have (``shared``, with each side)."""
    caps_a, ordered_a = _capabilities(a)
    caps_b, ordered_b = _capabilities(b)
    only_a = [e for u, e in ordered_a if u not in caps_b]
    only_b = [e for u, e in ordered_b if u not in caps_a]
    notes = _shared_notes(a, b) if a.ratings and b.ratings else {}
    shared = [{"uri": u, "name": e["name"], "a": e, "b": caps_b[u], "note": notes.get(u)}
              for u, e in ordered_a if u in caps_b]
    return {"a": only_a, "b": only_b, "shared": shared}


def _shared_notes(a: Profile, b: Profile) -> dict[str, str]:
    """Per capability, what the first shared rating measuring it says about the two."""
    notes: dict[str, str] = {}
    for ra, rb in shared_ratings(a, b):
        uri = ra.capability
        if uri is None or uri in notes:
            continue
        w = arena_winner(ra, rb)
        where = metric_label(ra.metric)
        both = f"{fmt_rating(ra.value, ra.ci_low, ra.ci_high)} vs {fmt_rating(rb.value, rb.ci_low, rb.ci_high)}"
        if w == "tie":
            notes[uri] = f"{where}: 95% intervals overlap ({both})"
        else:
            lead = a if w == "a" else b
            notes[uri] = f"{where}: {lead.name} rates higher with non-overlapping 95% intervals ({both})"
    return notes


def _ratio(x: float, y: float) -> str:
    r = x / y
    return f"{r:.2f}".rstrip("0").rstrip(".") if r < 10 else f"{r:.0f}"


def price_difference(a: Profile, b: Profile) -> str | None:
    sa, sb = starting_price(a), starting_price(b)
    if sa is None and sb is None:
        return f"No price is recorded for either {a.name} or {b.name}."
    if sa is None or sb is None:
        known, other, s = (a, b, sa) if sa else (b, a, sb)
        return (f"{known.name} starts at {fmt_money(s['usd'])} {s['unit']} ({s['host']}); "
                f"no price is recorded for {other.name}.")
    if sa["unit"] != sb["unit"]:
        return (f"{a.name} is priced {sa['unit']} (from {fmt_money(sa['usd'])}) and {b.name} {sb['unit']} "
                f"(from {fmt_money(sb['usd'])}); the two prices measure different work.")
    if sa["usd"] == sb["usd"]:
        return f"Both start at {fmt_money(sa['usd'])} {sa['unit']}."
    lo, hi, slo, shi = (a, b, sa, sb) if sa["usd"] < sb["usd"] else (b, a, sb, sa)
    if slo["usd"] == 0:
        return (f"{lo.name} has an offer at $0 {slo['unit']} ({slo['host']}); {hi.name} starts at "
                f"{fmt_money(shi['usd'])}.")
    return (f"{hi.name} costs {_ratio(shi['usd'], slo['usd'])}× as much {slo['unit']}: {fmt_money(shi['usd'])} "
            f"({shi['host']}) vs {fmt_money(slo['usd'])} ({slo['host']}).")


@per_artifact
def _facts(p: Profile) -> tuple[Any, ...]:
    """The facts of one artifact that key differences and when-to-use tips weigh against the other's, read
    from the passport once: (jobs, inputs, outputs as sets; context window; number of hosts; open weights;
    parameters; status; release date; whether it generates text)."""
    pp = p.passport
    return (frozenset(p.jobs), frozenset(p.inputs), frozenset(p.outputs), pp.get("limits", {}).get("context_window"),
            len(pp.get("hosts") or []), pp.get("open_weights"), pp.get("parameters"), pp.get("status"),
            pp.get("release_date"), "text generation" in p.jobs)


def key_differences(a: Profile, b: Profile, caps: dict[str, list[dict[str, Any]]],
                    price: str | None = None) -> list[dict[str, str]]:
    """Facts that differ between the two, most decisive first (``caps`` from :func:`split_capabilities`;
    ``price``, when given, is :func:`price_difference` of the two)."""
    out: list[dict[str, str]] = []

    def add(topic: str, text: str | None) -> None:
        if text:
            out.append({"topic": topic, "text": text})

    jobs_a, ins_a, outs_a, ca, ha, wa, pa, sa_, da, text_a = _facts(a)
    jobs_b, ins_b, outs_b, cb, hb, wb, pb, sb_, db, text_b = _facts(b)
    if jobs_a != jobs_b:
        add("jobs", f"{a.name} does {jobs_phrase(a)}; {b.name} does {jobs_phrase(b)}.")
    if ins_a != ins_b or outs_a != outs_b:
        add("modalities", f"{a.name} {io_phrase(a)}; {b.name} {io_phrase(b)}.")
    add("price", price if price is not None else price_difference(a, b))
    if text_a and text_b and ca and cb and ca != cb:
        add("context", f"Context window: {a.name} {fmt_tokens(ca)} tokens, {b.name} {fmt_tokens(cb)} tokens.")
    pairs = shared_ratings(a, b)
    if pairs:
        wins = [(ra, rb, arena_winner(ra, rb)) for ra, rb in pairs]
        apart = [w for w in wins if w[2] != "tie"]
        text = f"They share {len(pairs)} arena categor{'y' if len(pairs) == 1 else 'ies'}; "
        if apart:
            na = sum(1 for w in apart if w[2] == "a")
            text += (f"95% intervals separate them on {len(apart)} ({a.name} higher on {na}, "
                     f"{b.name} on {len(apart) - na}).")
        else:
            text += "their 95% intervals overlap on every one."
        add("quality", text)
    elif a.ratings or b.ratings:
        rated = [p.name for p in (a, b) if p.main_ratings()]
        unrated = [p.name for p in (a, b) if not p.main_ratings()]
        boards_a = sorted({r.board for r in a.main_ratings()})
        boards_b = sorted({r.board for r in b.main_ratings()})
        if unrated:
            add("quality", f"{and_list(rated)} has arena ratings; none are recorded for {and_list(unrated)}.")
        else:
            add("quality", f"They are rated on different arena boards ({a.name}: {', '.join(boards_a)}; "
                           f"{b.name}: {', '.join(boards_b)}), so their ratings do not compare.")
    for side, p in (("a", a), ("b", b)):
        only = caps[side]
        if only:
            # Five names are shown and the rest counted: a model with fifty capabilities is in hundreds of
            # pairs, and naming all of them for each pair only to drop most was a tenth of this function.
            n = len(only)
            names = ", ".join([c["name"] for c in only[:5]]) + (f" and {n - 5} more" if n > 5 else "")
            add("capabilities", f"Only {p.name} has {n} capabilit{'y' if n == 1 else 'ies'} "
                                f"recorded that the other lacks: {names}.")
    if ha != hb and 0 in (ha, hb):
        offered, none = (a, b) if ha else (b, a)
        n = max(ha, hb)
        add("hosts", f"{offered.name} is offered by {n} host{'s' if n != 1 else ''}; no hosted offer of "
                     f"{none.name} is known.")
    elif ha != hb:
        add("hosts", f"{a.name} is offered by {ha} host{'s' if ha != 1 else ''}, {b.name} by {hb}.")
    if wa is not None and wb is not None and wa != wb:
        open_one, closed = (a, b) if wa else (b, a)
        add("open weights", f"{open_one.name} has open weights; {closed.name} does not.")
    if pa and pb and pa != pb:
        add("size", f"{a.name} has {pa / 1e9:g}B parameters, {b.name} {pb / 1e9:g}B.")
    if sa_ != sb_:
        add("status", f"{a.name} is {sa_}; {b.name} is {sb_}.")
    if da and db and da != db:
        add("release", f"{a.name} was released {da}, {b.name} {db}.")
    if not out:
        add("none", f"The catalog records no fact that differs between {a.name} and {b.name}.")
    return out


_TIERS = "capability://text.long-context."


def _leaf_caps(only: list[dict[str, Any]], limit: int | None = None) -> list[str]:
    """Names of the most specific capabilities listed (the first ``limit`` of them): parents are dropped
    when a child is there, and of the context-length tiers only the largest is kept."""
    uris = [c["uri"] for c in only]
    tiers = [u for u in uris if u.startswith(_TIERS)]
    top_tier = max(tiers, key=_tier_size) if tiers else None
    # Every dotted prefix of a listed URI names a parent of it: a capability is a leaf unless it is one.
    parents = {x for u in uris for x in _parents(u)}
    names: list[str] = []
    for c in only:
        uri = c["uri"]
        if uri not in parents and (uri == top_tier or not uri.startswith(_TIERS)):
            names.append(c["name"])
            if len(names) == limit:
                break
    return names


@per_artifact
def _children(p: Profile) -> dict[str, tuple[str, ...]]:
    """For each dotted prefix of the artifact's capability URIs, the URIs it is a prefix of."""
    kids: dict[str, list[str]] = {}
    for uri in _capabilities(p)[0]:
        for parent in _parents(uri):
            kids.setdefault(parent, []).append(uri)
    return {k: tuple(v) for k, v in kids.items()}


def _leaf_names(p: Profile, q: Profile, only: list[dict[str, Any]], limit: int) -> list[str]:
    """:func:`_leaf_caps` of ``only``, the capabilities ``p`` has and ``q`` lacks: a capability is a parent
    in that list when one of ``p``'s capabilities under it is one ``q`` lacks, which ``p``'s own table of
    children answers without collecting every prefix of the list again for each pair."""
    kids, theirs = _children(p), _capabilities(q)[0]
    tiers = [e["uri"] for e in only if e["uri"].startswith(_TIERS)]
    top_tier = max(tiers, key=_tier_size) if tiers else None
    names: list[str] = []
    for e in only:
        uri = e["uri"]
        under = kids.get(uri)
        if under and any(u not in theirs for u in under):
            continue
        if uri == top_tier or not uri.startswith(_TIERS):
            names.append(e["name"])
            if len(names) == limit:
                break
    return names


@functools.cache
def _parents(uri: str) -> tuple[str, ...]:
    """Every dotted prefix of ``uri`` (the taxonomy's URIs are few, so each is split once)."""
    return tuple(uri[:i] for i, ch in enumerate(uri) if ch == ".")


def _tier_size(uri: str) -> float:
    tail = uri.removeprefix(_TIERS)
    num = tail.rstrip("km")
    scale = 1e6 if tail.endswith("m") else 1e3
    return float(num) * scale if num.replace(".", "").isdigit() else 0.0


def when_to_use(a: Profile, b: Profile, cost: dict[str, Any],
                caps: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    """Situations in which each is the one to pick, each with the fact behind it."""
    out: dict[str, list[str]] = {"a": [], "b": []}
    # What both sides' tips read, worked out once for the pair.
    wins = [(ra, rb, arena_winner(ra, rb)) for ra, rb in shared_ratings(a, b)] if a.ratings and b.ratings else []
    share_job = any(j in b.jobs for j in a.jobs)
    fa, fb = _facts(a), _facts(b)
    both_text = fa[9] and fb[9]
    for side, other, p, q, fp, fq in (("a", "b", a, b, fa, fb), ("b", "a", b, a, fb, fa)):
        tips = out[side]
        only_jobs = [j for j in p.jobs if j not in q.jobs]
        if only_jobs:
            it = "it" if len(only_jobs) == 1 else "each"
            tips.append(f"You need {and_list(only_jobs)}: {p.name} does {it}; the catalog records no such job "
                        f"for {q.name}.")
        names = _leaf_names(p, q, caps[side], 3)
        if names:
            tips.append(f"You need {and_list(names)}: recorded for {p.name}, not for {q.name}.")
        sp, sq = starting_price(p), starting_price(q)
        if sp and sq and sp["unit"] == sq["unit"] and sp["usd"] < sq["usd"]:
            tips.append(f"Price {sp['unit']} matters: {p.name} starts at {fmt_money(sp['usd'])}, "
                        f"{q.name} at {fmt_money(sq['usd'])}.")
        if cost.get("cheaper") == side:
            mine, theirs = cost[side]["monthly_usd"], cost[other]["monthly_usd"]
            tips.append(f"Your workload ({cost['workload']['description']}) costs {fmt_money(mine)} a month on "
                        f"{p.name} vs {fmt_money(theirs)} on {q.name}.")
        cp, cq = fp[3], fq[3]
        if both_text and cp and cq and cp > cq:
            tips.append(f"Inputs are long: {p.name} reads {fmt_tokens(cp)} tokens, {q.name} {fmt_tokens(cq)}.")
        ahead = [ra if side == "a" else rb for ra, rb, w in wins if w == side]
        if ahead:
            cats = [f"{category_name(r.category)} ({r.board})" for r in ahead]
            tips.append(f"Measured quality on {join_names(cats, 3)} matters: {p.name}'s 95% interval lies above "
                        f"{q.name}'s there.")
        hp, hq = fp[4], fq[4]
        if hp > hq and share_job:
            tips.append(f"You want a choice of hosts: {hp} offer {p.name}, {hq} offer {q.name}." if hq else
                        f"You want to call it through a hosted API: {hp} offer {p.name}; no hosted offer of "
                        f"{q.name} is known.")
        if fp[5] and fq[5] is False:
            tips.append(f"You need to run it yourself: {p.name}'s weights are open.")
        if not tips:
            tips.append(f"No recorded fact favours {p.name} over {q.name}.")
    return out
