"""Human-readable rendering for the terminal (JSON output never goes through here).

Tables are laid out for 80 columns, piped or not: numbers never wrap or get cut ("…"); long names
fold onto a second line instead. Text from the catalog is printed as typed, never read as Rich markup.
What a passport says is passport_text.passport_blocks; here it is laid out by Rich (on a terminal, and
wherever passport_text's own layout cannot match Rich's)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from matchgraph.catalog.facts import UNKNOWN

COMPONENT_HEADS = {"adoption": "adopt.", "quality": "quality", "ecosystem": "ecosys.", "match_graph": "graph"}


def console() -> Console:
    """A console on stdout; Rich reads the width from the terminal or ``COLUMNS`` (80 when piped).
    Emoji codes are not replaced: a name or description with ``:smile:`` in it prints as typed."""
    return Console(highlight=False, emoji=False)


def _n(value: float | None, digits: int = 0) -> str:
    return UNKNOWN if value is None else f"{value:.{digits}f}"


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, expand=False,
                  show_edge=False, collapse_padding=True)
    for c in columns:
        table.add_column(c)
    return table


def _cap_name(uri: str) -> str:
    from matchgraph.web.formatting import capname

    return capname(uri)


def render_passport(p: dict[str, Any]) -> None:
    """A passport as readable tables, laid out by Rich (passport_text.passport_blocks says what it holds;
    passport_text.print_passport lays the same blocks out without Rich when no style would be printed)."""
    from matchgraph.cli.passport_text import passport_blocks

    render_blocks(passport_blocks(p))


def render_blocks(blocks: list[Any]) -> None:
    """Print passport_text blocks with Rich: bold where a block says so, table titles in italics and
    headers in bold on a terminal. Text is given as Text, so nothing in it is read as markup."""
    from matchgraph.cli.passport_text import Indented, Line

    out = console()
    for block in blocks:
        if isinstance(block, Line):
            if block.blank_before:
                out.print()
            out.print(Text.assemble(*((t, "bold") if bold else t for t, bold in block.parts)))
        elif isinstance(block, Indented):
            out.print(Padding(Text(block.text), (0, 0, 0, block.indent)))
        else:
            out.print(_rich_table(block))


def _rich_table(block: Any) -> Table:
    if block.header:
        table = _table(*(c.header for c in block.columns), title=block.title)
    else:
        table = Table(show_header=False, box=None, pad_edge=False)
        for _ in block.columns:
            table.add_column()
    for column, spec in zip(table.columns, block.columns, strict=True):
        column.justify, column.no_wrap, column.overflow = spec.justify, spec.no_wrap, spec.overflow
        if spec.bold:
            column.style = "bold"
    for row in block.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


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
