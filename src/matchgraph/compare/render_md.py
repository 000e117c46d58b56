"""The comparison as Markdown (for READMEs, issues and terminals)."""

from __future__ import annotations

from typing import Any

from matchgraph.catalog.facts import UNKNOWN, fmt_money
from matchgraph.catalog.metric_names import kind_label
from matchgraph.compare.model import Comparison


def md_escape(text: Any) -> str:
    """Text safe inside Markdown tables and prose: no raw HTML, no column breaks, one line."""
    s = UNKNOWN if text is None else str(text)
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\r", " ").replace("\n", " "))


def _cell(text: str, won: bool) -> str:
    return f"**{md_escape(text)}**" if won else md_escape(text)


def _capability(c: dict[str, Any]) -> list[str]:
    lines = [f"- **{md_escape(c['name'])}** ({md_escape((c.get('how_known') or UNKNOWN).replace('_', ' '))})"]
    if c.get("description"):
        lines.append(f"  {md_escape(c['description'])}")
    lines.append(f"  - Unique: {md_escape(c.get('unique_aspect'))}")
    lines.append(f"  - vs alternatives: {md_escape(c.get('vs_alternatives'))}")
    return lines


def _cost_side(name: str, k: dict[str, Any]) -> list[str]:
    lines = [f"- **{md_escape(name)}**: {md_escape(k['note'])}"]
    for p in k["parts"]:
        unit = UNKNOWN if p["unit_price_usd"] is None else f"{fmt_money(p['unit_price_usd'])} {p['unit']}"
        usd = UNKNOWN if p["usd"] is None else fmt_money(p["usd"])
        lines.append(f"  - {md_escape(p['part'])}: {p['quantity']:,.0f} × {md_escape(unit)} = {md_escape(usd)}")
    return lines


def _span(span: dict[str, Any]) -> str:
    first, last = span.get("first"), span.get("last")
    if not first:
        return UNKNOWN
    return first if first == last else f"{first} to {last}"


def _records(g: dict[str, Any], names: dict[str, str]) -> str:
    per = [f"{names.get(slug, slug)} {n}" for slug, n in g["by_artifact"].items()]
    return f"{g['records']}" + (f" ({', '.join(per)})" if len(per) > 1 else "")


def _evidence(g: dict[str, Any]) -> str:
    if not g["evidence_rows"]:
        return "none"
    kinds = ", ".join(f"{n} {kind_label(k)}" for k, n in sorted(g["kinds"].items()))
    return f"{g['evidence_rows']} ({kinds}), observed {_span(g['observed'])}"


def _urls(urls: list[str]) -> str:
    if not urls:
        return UNKNOWN
    return urls[0] + (f" and {len(urls) - 1} more" if len(urls) > 1 else "")


def render_markdown(c: Comparison) -> str:
    """The whole comparison, every section, as one Markdown document."""
    a, b = c.a["name"], c.b["name"]
    out = [f"# {md_escape(a)} vs {md_escape(b)}", "", md_escape(c.headline), "", "## Side by side", "",
           f"| Feature | {md_escape(a)} | {md_escape(b)} |", "|---|---|---|"]
    for r in c.table:
        cells = (_cell(r.a_text, r.winner == "a"), _cell(r.b_text, r.winner == "b"))
        out.append(f"| {md_escape(r.label)} | {cells[0]} | {cells[1]} |")
    out += ["", "Bold marks the leader where a row compares (both known, same unit, a job both do).", "",
            "## Capabilities", ""]
    for s in c.capabilities["shared"]:
        out.append(f"- **{md_escape(s['name'])}** (both)" + (f": {md_escape(s['note'])}" if s.get("note") else ""))
    for side, name in (("a", a), ("b", b)):
        out += ["", f"### Only {md_escape(name)} ({len(c.capabilities[side])})", ""]
        for cap in c.capabilities[side]:
            out += _capability(cap)
        if not c.capabilities[side]:
            out.append("- none recorded")
    out += ["", "## Key differences", ""] + [f"{i}. {md_escape(d['text'])}" for i, d in
                                              enumerate(c.key_differences, 1)]
    out += ["", "## When to use each", ""]
    for side, name in (("a", a), ("b", b)):
        out += [f"**{md_escape(name)}**", ""] + [f"- {md_escape(t)}" for t in c.when_to_use[side]] + [""]
    out += ["## Verdict", "", md_escape(c.verdict["text"]), ""]
    for cat in c.verdict["comparable_categories"]:
        who = {"a": a, "b": b}.get(cat["winner"], "even")
        out.append(f"- {md_escape(cat['category'])}: {md_escape(who)} ({md_escape(cat['basis'])})")
    w = c.cost["workload"]
    out += ["", "## Cost of a workload", "",
            md_escape(w["description"]) + (" (assumed; pass --workload for yours)" if w["assumed"] else ""), ""]
    out += _cost_side(a, c.cost["a"]) + _cost_side(b, c.cost["b"])
    out += [""] + [md_escape(n) for n in c.cost["notes"]] if c.cost["notes"] else []
    out += ["", "## Questions", ""]
    for f in c.faq:
        out += [f"**{md_escape(f['q'])}**", "", md_escape(f["a"]), ""]
    out += ["## Sources", "", "| Source | Records | Evidence rows | Fetched | URL |", "|---|---|---|---|---|"]
    names = {c.a["slug"]: a, c.b["slug"]: b}
    for g in c.source_summary:
        out.append(f"| {md_escape(g['source'])} | {md_escape(_records(g, names))} | {md_escape(_evidence(g))} | "
                   f"{md_escape(_span(g['fetched']))} | {md_escape(_urls(g['urls']))} |")
    out += ["", "Every record, with its key and URL, is in the JSON form (`sources`).", "",
            f"Catalog version {md_escape(c.catalog_version or UNKNOWN)}.", ""]
    return "\n".join(out)
