"""Human-readable rendering for the terminal (JSON output never goes through here).

Tables are laid out for 80 columns, piped or not: numbers never wrap or get cut ("…"); long names
fold onto a second line instead. Text from the catalog is printed as typed, never read as Rich markup."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_tokens
from matchgraph.catalog.metric_names import date_is_fetch_date, format_value, metric_label

#: Positions printed by ``show`` before the rest are counted (``--json`` lists them all).
SHOWN_POSITIONS = 8
COMPONENT_HEADS = {"adoption": "adopt.", "quality": "quality", "ecosystem": "ecosys.", "match_graph": "graph"}


def console() -> Console:
    """A console on stdout; Rich reads the width from the terminal or ``COLUMNS`` (80 when piped).
    Emoji codes are not replaced: a name or description with ``:smile:`` in it prints as typed."""
    return Console(highlight=False, emoji=False)


def _v(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


def _n(value: float | None, digits: int = 0) -> str:
    return UNKNOWN if value is None else f"{value:.{digits}f}"


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, expand=False,
                  show_edge=False, collapse_padding=True)
    for c in columns:
        table.add_column(c)
    return table


def _metric(key: str, details: dict[str, Any] | None = None) -> str:
    return metric_label(key, details)


def _cap_name(uri: str) -> str:
    from matchgraph.web.formatting import capname

    return capname(uri)


def render_passport(p: dict[str, Any]) -> None:
    """A passport as readable tables: facts, MatchRank with its components, offers, capabilities,
    evidence and sources. It prints no capability counter (times matched, successes, failures): the
    replayed text of ``show`` is keyed without them (fast.cache_file), so printing one here means keying
    the text on them again."""
    out = console()
    out.print(f"[bold]{escape(p['name'])}[/]  {escape(p['slug'])} · {escape(_v(p['kind']))} · "
              f"{escape(_v(p['status']))}")
    prices = p["prices"]
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    offer = prices.get("offer")
    rows = [
        ("organization", _v(p["organization"])),
        ("input → output", f"{', '.join(p['modalities']['input']) or UNKNOWN} → "
                           f"{', '.join(p['modalities']['output']) or UNKNOWN}"),
        ("context window", fmt_tokens(p["limits"]["context_window"])),
        ("max output", fmt_tokens(p["limits"]["max_output"])),
        *([("prompt limit", fmt_tokens(p["limits"]["prompt_limit"]))]
          if p["limits"].get("prompt_limit") is not None else []),
        ("starting price", "none: no hosted offer known" if not p["offers"] else
                           f"input {fmt_money(prices['input_per_mtok'])}, output "
                           f"{fmt_money(prices['output_per_mtok'])} per 1M tokens"
                           + (f"; {fmt_money(prices['per_image'])} per image" if prices.get("per_image") is not None
                              else "")
                           + (f" ({offer['host']})" if offer else "")),
        ("hosts", f"{len(p['hosts'])}: {', '.join(p['hosts'])}" if p["hosts"]
         else (p.get("availability") or {}).get("note") or UNKNOWN),
        ("open weights", {True: "yes", False: "no"}.get(p["open_weights"], UNKNOWN)),
        ("release date", _v(p["release_date"])),
    ]
    for k, v in rows:
        facts.add_row(k, escape(v))
    out.print(facts)
    mr = p.get("matchrank") or {}
    if mr.get("score") is not None:
        span = (f" (range {_n(mr.get('lower'))}–{_n(mr.get('upper'))})"
                if mr.get("lower") is not None and _n(mr.get("lower")) != _n(mr.get("upper")) else "")
        out.print(f"\n[bold]MatchRank {_n(mr['score'])}/100[/]{span}, {mr.get('known')} of {mr.get('total')} "
                  f"components known")
        comps = _table("component", "score", "range", title=None)
        for name, c in (mr.get("components") or {}).items():
            rng = (f"{_n(c.get('lower'))}–{_n(c.get('upper'))}"
                   if c.get("lower") is not None and _n(c.get("lower")) != _n(c.get("upper")) else "")
            comps.add_row(name.replace("_", " "), _n(c.get("score")), rng)
        out.print(comps)
    else:
        out.print("\n[bold]MatchRank unknown[/]: no component has evidence yet.")
    if p["offers"]:
        offers = _table("host", "model id", "input/1M", "output/1M", "context", title=f"Offers ({len(p['offers'])})")
        offers.columns[1].overflow = "fold"
        for c in offers.columns[2:]:
            c.no_wrap = True
            c.justify = "right"
        for o in p["offers"]:
            pr = o.get("prices") or {}
            offers.add_row(escape(o["host"]), escape(o["host_key"]), fmt_money(pr.get("input_per_mtok")),
                           fmt_money(pr.get("output_per_mtok")), fmt_tokens(o.get("context_window")))
        out.print(offers)
    caps = _table("capability", "how known", "confidence", title=f"Capabilities ({len(p['capabilities'])})")
    caps.columns[0].overflow = "fold"
    caps.columns[2].justify = "right"
    for c in p["capabilities"]:
        caps.add_row(escape(c.get("name") or _cap_name(c["uri"])), c["how_known"].replace("_", " "),
                     f"{c['confidence']:.2f}")
    out.print(caps)
    positions = p.get("positions") or []
    if positions:
        out.print("\n[bold]Where it stands[/] (among models of its kind on the same board, one per family)")
        for pos in positions[:SHOWN_POSITIONS]:
            out.print(Padding(escape(pos["text"]), (0, 0, 0, 2)))
        if len(positions) > SHOWN_POSITIONS:
            out.print(f"  and {len(positions) - SHOWN_POSITIONS} more (show --json lists every position)")
    if p["evidence"]:
        ev = _table("measured", "value", "95% interval", "who", "observed", title=f"Evidence ({len(p['evidence'])})")
        ev.columns[0].overflow = "fold"
        for c in ev.columns[1:]:
            c.no_wrap = True
        for c in ev.columns[1:3]:
            c.justify = "right"
        read_dates = False
        for e in p["evidence"]:
            metric = e["metric"]
            ci = (f"{format_value(metric, e['ci_low'])}–{format_value(metric, e['ci_high'])}"
                  if e["ci_low"] is not None and e["ci_high"] is not None else UNKNOWN)
            fetched = date_is_fetch_date(e.get("details"))
            read_dates = read_dates or fetched
            when = (e.get("observed_at") or UNKNOWN)[:10] + ("*" if fetched else "")
            ev.add_row(escape(_metric(metric, e.get("details"))), format_value(metric, e["value"]), ci,
                       "maker" if e.get("kind") == "self_reported" else "independent", when)
        out.print(ev)
        if read_dates:
            out.print("  * the source states no date: the day it was read stands in. "
                      "'maker': reported by the model's maker.")
        elif any(e.get("kind") == "self_reported" for e in p["evidence"]):
            out.print("  'maker': reported by the model's maker.")
    out.print(f"Sources: {len(p['sources'])} records (show --json lists each with its key)")
    for source, records in _by_source(p["sources"]).items():
        days = sorted((r.get("fetched_at") or "")[:10] for r in records if r.get("fetched_at"))
        when = UNKNOWN if not days else days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"
        urls = Counter(r["url"] for r in records if r.get("url"))
        out.print(f"  {escape(source)}: {len(records)} record{'s' if len(records) != 1 else ''}, fetched {when}")
        if urls:
            top, _ = urls.most_common(1)[0]
            more = f" (and {len(urls) - 1} more)" if len(urls) > 1 else ""
            out.print(Padding(escape(top + more), (0, 0, 0, 4)), overflow="fold")


def _by_source(sources: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for s in sources:
        out.setdefault(s["source"], []).append(s)
    return out


def render_rankings(data: dict[str, Any]) -> None:
    """A ranking as a table that fits 80 columns: place, artifact, MatchRank (known components), the
    component scores, and the quality percentile on a capability board."""
    out = console()
    on = f" on {_cap_name(data['capability'])}" if data["capability"] else ""
    components = list(data["results"][0]["components"]) if data["results"] else []
    table = _table("#", "artifact", "MatchRank", *(COMPONENT_HEADS.get(c, c) for c in components),
                   title=f"Ranked by {data['order']}{on}")
    if data["capability"]:
        table.add_column("percentile")
    table.columns[1].overflow = "fold"
    table.columns[1].ratio = 1
    for c in table.columns[:1] + table.columns[2:]:
        c.no_wrap = True
        c.justify = "right"
    for r in data["results"]:
        row = [str(r["rank"]), escape(r["slug"]), f"{_n(r['score'])} ({r['known']}/{r['total']})",
               *(_n(r["components"][c]["score"]) for c in components)]
        if data["capability"]:
            q = r["quality"]
            row.append(UNKNOWN if q is None or q["percentile"] is None else _n(q["percentile"]))
        table.add_row(*row)
    out.print(table)


def render_stats(data: dict[str, Any]) -> None:
    """Catalog counts as a two-column table (artifacts broken down by kind)."""
    out = console()
    table = _table("what", "count", title="Catalog")
    table.columns[1].justify = "right"
    for key, value in data.items():
        if isinstance(value, dict):
            total = sum(v for v in value.values() if isinstance(v, int))
            table.add_row(key.replace("_", " "), f"{total:,}")
            for sub, n in sorted(value.items()):
                table.add_row(f"  {escape(str(sub))}", f"{n:,}" if isinstance(n, int) else escape(str(n)))
        else:
            table.add_row(key.replace("_", " "), f"{value:,}" if isinstance(value, int) else escape(str(value)))
    out.print(table)
