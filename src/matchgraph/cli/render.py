"""Human-readable rendering for the terminal (JSON output never goes through here)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_tokens

out = Console()


def _v(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


def render_passport(p: dict[str, Any]) -> None:
    """Print a passport as a few readable tables."""
    out.print(f"[bold]{p['name']}[/]  ({p['slug']}, {p['kind']}, {p['status']})", highlight=False)
    facts = Table(show_header=False, box=None)
    prices = p["prices"]
    rows = [
        ("organization", _v(p["organization"])),
        ("input", ", ".join(p["modalities"]["input"]) or UNKNOWN),
        ("output", ", ".join(p["modalities"]["output"]) or UNKNOWN),
        ("context window", fmt_tokens(p["limits"]["context_window"])),
        ("max output", fmt_tokens(p["limits"]["max_output"])),
        ("input price", f"{fmt_money(prices['input_per_mtok'])} per 1M tokens"),
        ("output price", f"{fmt_money(prices['output_per_mtok'])} per 1M tokens"),
        ("per image", fmt_money(prices["per_image"])),
        ("price from", f"{prices['offer']['host']} ({prices['offer']['key']})" if prices["offer"] else UNKNOWN),
        ("hosts", f"{len(p['hosts'])}: {', '.join(p['hosts'])}"),
        ("open weights", _v(p["open_weights"])),
        ("release date", _v(p["release_date"])),
    ]
    for k, v in rows:
        facts.add_row(k, v)
    out.print(facts)
    caps = Table("capability", "known by", "confidence", "unique aspect", title="Capabilities")
    for c in p["capabilities"]:
        caps.add_row(c["uri"].removeprefix("capability://"), c["how_known"], f"{c['confidence']:.2f}",
                     c["unique_aspect"] or UNKNOWN)
    out.print(caps)
    if p["evidence"]:
        ev = Table("metric", "value", "95% CI", "votes", title="Evidence")
        for e in p["evidence"]:
            ci = f"{e['ci_low']:.0f}–{e['ci_high']:.0f}" if e["ci_low"] is not None else UNKNOWN
            ev.add_row(e["metric"], f"{e['value']:.1f}", ci, _v(e["sample_size"]))
        out.print(ev)
    out.print(f"Sources: {len(p['sources'])} records", highlight=False)
    for s in p["sources"][:10]:
        out.print(f"  {s['source']}:{s['key']}  {s['url'] or ''}  fetched {s['fetched_at']}", highlight=False)
