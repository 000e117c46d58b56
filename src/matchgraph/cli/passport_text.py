"""The text ``matchgraph show KEY`` prints: what it says, and a layout of it that imports no Rich.

:func:`passport_blocks` turns a passport into blocks (lines, indented paragraphs, tables) of plain
strings; render.render_passport lays them out with Rich and :func:`passport_text` lays them out itself,
the way Rich lays out those same blocks when it writes to something that is not a terminal (no styles):
the same words wrapped at the same places, the same column widths, the same padding. Importing and
running Rich is most of what the first ``show`` after ``init`` costs, so :func:`print_passport` writes
this layout whenever Rich would print no styles, and leaves a terminal (bold, italics) to Rich.

Only what the passport needs is reproduced: left- and right-justified columns, words folded or cut with
"…", and characters one cell wide. A text with anything else (wide or zero-width characters, control
characters, tabs) or an encoding Rich would draw the table rules in ASCII for is printed by Rich."""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections import Counter
from typing import Any

from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_tokens
from matchgraph.catalog.metric_names import date_is_fetch_date, format_value
from matchgraph.catalog.wording import disputed_facts, evidence_rows

#: Positions printed by ``show`` before the rest are counted (``--json`` lists them all).
SHOWN_POSITIONS = 8

# Characters Rich measures as one cell without its Unicode tables (rich.cells._SINGLE_CELL_UNICODE_RANGES)...
_RICH_SINGLE = frozenset(chr(c) for lo, hi in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482),
                                               (0x2500, 0x25FC), (0x2800, 0x28FF)) for c in range(lo, hi + 1))
# ...and the few others the passport text holds, which its tables measure as one cell too.
_ONE_CELL = _RICH_SINGLE | frozenset("→–…")
_WORD = re.compile(r"\s*\S+\s*")
_RULE = "─"  # rich.box.SIMPLE_HEAD's rule under the header


class Column:
    """A table column as rich.table.Column takes it (justify, no_wrap, overflow; bold on a terminal)."""

    __slots__ = ("bold", "header", "justify", "no_wrap", "overflow")

    def __init__(self, header: str = "", *, justify: str = "left", no_wrap: bool = False,
                 overflow: str = "ellipsis", bold: bool = False) -> None:
        self.header, self.justify, self.no_wrap, self.overflow, self.bold = header, justify, no_wrap, overflow, bold


class Table:
    """Rows of cells under columns: with ``header``, a titled table whose header is ruled off (render._table);
    without, two columns of label and value (the passport's facts)."""

    __slots__ = ("columns", "header", "rows", "title")

    def __init__(self, columns: list[Column], rows: list[list[str]], *, header: bool = True,
                 title: str | None = None) -> None:
        self.columns, self.rows, self.header, self.title = columns, rows, header, title


class Line:
    """A paragraph wrapped at the width; ``parts`` are (text, bold) and ``blank_before`` a blank line first."""

    __slots__ = ("blank_before", "parts")

    def __init__(self, *parts: tuple[str, bool] | str, blank_before: bool = False) -> None:
        self.parts = [(p, False) if isinstance(p, str) else p for p in parts]
        self.blank_before = blank_before

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


class Indented:
    """A paragraph wrapped ``indent`` columns in from the left (rich.padding.Padding)."""

    __slots__ = ("indent", "text")

    def __init__(self, text: str, indent: int) -> None:
        self.text, self.indent = text, indent


Block = Line | Indented | Table


def _v(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


def _n(value: float | None, digits: int = 0) -> str:
    return UNKNOWN if value is None else f"{value:.{digits}f}"


def _cap_name(uri: str) -> str:
    from matchgraph.web.formatting import capname

    return capname(uri)


def passport_blocks(p: dict[str, Any]) -> list[Block]:
    """A passport as blocks: facts, MatchRank with its components, offers, capabilities, where it stands,
    evidence and sources. No capability counter (times matched, successes, failures) is among them: the
    replayed text of ``show`` is keyed without them (fast.cache_file), so printing one here means keying
    the text on them again."""
    blocks: list[Block] = [Line((p["name"], True), f"  {p['slug']} · {_v(p['kind'])} · {_v(p['status'])}")]
    prices = p["prices"]
    offer = prices.get("offer")
    facts = [
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
    marked = set(p.get("disputed") or [])
    facts = [(label, value + (" (disputed)" if label.replace(" ", "_") in marked else "")) for label, value in facts]
    blocks.append(Table([Column(bold=True, no_wrap=True), Column(overflow="fold")], [list(r) for r in facts],
                        header=False))
    disputed = disputed_facts(p)
    if disputed:
        blocks.append(Line((f"Disputed facts ({len(disputed)})", True),
                           ": sources disagree, so none of these satisfies a search requirement", blank_before=True))
        for d in disputed:
            said = "; ".join(f"{g['value']} ({_records(g['records'])})" for g in d["values"])
            blocks.append(Indented(f"{d['name']}: {said or 'no record states a value'}", 2))
    mr = p.get("matchrank") or {}
    if mr.get("score") is not None:
        span = (f" (range {_n(mr.get('lower'))}–{_n(mr.get('upper'))})"
                if mr.get("lower") is not None and _n(mr.get("lower")) != _n(mr.get("upper")) else "")
        blocks.append(Line((f"MatchRank {_n(mr['score'])}/100", True),
                           f"{span}, {mr.get('known')} of {mr.get('total')} components known", blank_before=True))
        rows = []
        for name, c in (mr.get("components") or {}).items():
            rng = (f"{_n(c.get('lower'))}–{_n(c.get('upper'))}"
                   if c.get("lower") is not None and _n(c.get("lower")) != _n(c.get("upper")) else "")
            rows.append([name.replace("_", " "), _n(c.get("score")), rng])
        blocks.append(Table([Column("component"), Column("score"), Column("range")], rows))
    else:
        blocks.append(Line(("MatchRank unknown", True), ": no component has evidence yet.", blank_before=True))
    if p["offers"]:
        money = {"no_wrap": True, "justify": "right"}
        rows = []
        for o in p["offers"]:
            pr = o.get("prices") or {}
            rows.append([o["host"], o["host_key"], fmt_money(pr.get("input_per_mtok")),
                         fmt_money(pr.get("output_per_mtok")), fmt_tokens(o.get("context_window"))])
        blocks.append(Table([Column("host"), Column("model id", overflow="fold"), Column("input/1M", **money),
                             Column("output/1M", **money), Column("context", **money)], rows,
                            title=f"Offers ({len(p['offers'])})"))
    blocks.append(Table([Column("capability", overflow="fold"), Column("how known"),
                         Column("confidence", justify="right")],
                        [[c.get("name") or _cap_name(c["uri"]), c["how_known"].replace("_", " "),
                          f"{c['confidence']:.2f}"] for c in p["capabilities"]],
                        title=f"Capabilities ({len(p['capabilities'])})"))
    positions = p.get("positions") or []
    if positions:
        blocks.append(Line(("Where it stands", True),
                           " (among models of its kind on the same board, one per family)", blank_before=True))
        blocks.extend(Indented(pos["text"], 2) for pos in positions[:SHOWN_POSITIONS])
        if len(positions) > SHOWN_POSITIONS:
            blocks.append(Line(f"  and {len(positions) - SHOWN_POSITIONS} more (show --json lists every position)"))
    if p["evidence"]:
        blocks.extend(_evidence(p["evidence"], p["slug"]))
    blocks.append(Line(f"Sources: {len(p['sources'])} records (show --json lists each with its key)"))
    for source, records in _by_source(p["sources"]).items():
        days = sorted((r.get("fetched_at") or "")[:10] for r in records if r.get("fetched_at"))
        when = UNKNOWN if not days else days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"
        urls = Counter(r["url"] for r in records if r.get("url"))
        blocks.append(Line(f"  {source}: {len(records)} record{'s' if len(records) != 1 else ''}, fetched {when}"))
        if urls:
            top, _ = urls.most_common(1)[0]
            blocks.append(Indented(top + (f" (and {len(urls) - 1} more)" if len(urls) > 1 else ""), 4))
    return blocks


def _records(records: list[tuple[str, str]], shown: int = 2) -> str:
    """Who states a value: the first records by source and key, then how many more."""
    text = ", ".join(f"{source} {key}" for source, key in records[:shown])
    return text + (f" and {len(records) - shown} more" if len(records) > shown else "")


def _evidence(evidence: list[dict[str, Any]], slug: str) -> list[Block]:
    rows = []
    read_dates = False
    listed = evidence_rows(evidence, slug)  # the same figure stated twice is one row
    for e in listed:
        metric = e["metric"]
        ci = (f"{format_value(metric, e['ci_low'])}–{format_value(metric, e['ci_high'])}"
              if e["ci_low"] is not None and e["ci_high"] is not None else UNKNOWN)
        fetched = date_is_fetch_date(e.get("details"))
        read_dates = read_dates or fetched
        when = (e.get("observed_at") or UNKNOWN)[:10] + ("*" if fetched else "")
        rows.append([e["label"], format_value(metric, e["value"]), ci,
                     "maker" if e.get("kind") == "self_reported" else "independent", when])
    fixed = {"no_wrap": True}
    blocks: list[Block] = [Table([Column("measured", overflow="fold"), Column("value", justify="right", **fixed),
                                  Column("95% interval", justify="right", **fixed), Column("who", **fixed),
                                  Column("observed", **fixed)], rows, title=f"Evidence ({len(listed)})")]
    if read_dates:
        blocks.append(Line("  * the source states no date: the day it was read stands in. "
                           "'maker': reported by the model's maker."))
    elif any(e.get("kind") == "self_reported" for e in evidence):
        blocks.append(Line("  'maker': reported by the model's maker."))
    return blocks


def _by_source(sources: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for s in sources:
        out.setdefault(s["source"], []).append(s)
    return out


def _texts(blocks: list[Block]) -> list[str]:
    texts: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            texts.extend(c.header for c in b.columns)
            texts.extend(cell for row in b.rows for cell in row)
            texts.append(b.title or "")
        else:
            texts.append(b.text)
    return texts


def laid_out_here(blocks: list[Block]) -> bool:
    """Whether every character of the blocks is one this layout measures as Rich does (one cell, printable)."""
    return all(_ONE_CELL.issuperset(t) for t in _texts(blocks))


# Layout, as Rich does it (rich._wrap.divide_line, rich.text.Text.wrap, rich.table.Table) for one-cell text.

def _set_size(text: str, total: int) -> str:
    """rich.cells.set_cell_size: cut or pad to ``total`` cells."""
    if len(text) < total:
        return text + " " * (total - len(text))
    if total <= 0 and not _RICH_SINGLE.issuperset(text):
        return ""
    return text[:total]


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """rich._wrap.divide_line: where to break ``text`` so that each line fits ``width``."""
    breaks: list[int] = []
    offset = 0
    for word_start, word in _words(text):
        start = word_start
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                pieces = [word[i:i + width] for i in range(0, len(word), width)]
                for n, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if n == len(pieces) - 1:
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _words(text: str) -> list[tuple[int, str]]:
    """rich._wrap.words: each word with the white space after it (and before it, for the first)."""
    return [(m.start(), m.group(0)) for m in _WORD.finditer(text)]


def _truncate(line: str, width: int, overflow: str, pad: bool = False) -> str:
    """rich.text.Text.truncate."""
    length = len(line)
    if length > width:
        line = _set_size(line, width - 1) + "…" if overflow == "ellipsis" else _set_size(line, width)
    if pad and length < width:
        line += " " * (width - length)
    return line


def _wrap(text: str, width: int, justify: str = "default", overflow: str = "fold", no_wrap: bool = False) -> list[str]:
    """rich.text.Text.wrap of one line of text."""
    if no_wrap:
        lines = [text]
    else:
        breaks = [0, *_divide_line(text, width, overflow == "fold"), len(text)]
        lines = []
        for start, end in itertools.pairwise(breaks):
            line = text[start:end]
            if len(line) > width:  # Text.rstrip_end
                trailing = len(line) - len(line.rstrip())
                line = line[:len(line) - min(trailing, len(line) - width)]
            lines.append(line)
    if justify == "left":
        lines = [_truncate(line, width, overflow, pad=True) for line in lines]
    elif justify == "right":
        lines = [_truncate(line.rstrip(), width, overflow) for line in lines]
        lines = [" " * (width - len(line)) + line for line in lines]
    return [_truncate(line, width, overflow) for line in lines]


def _cell_lines(text: str, width: int, left: int, right: int, column: Column) -> list[str]:
    """A padded table cell as rich.padding.Padding renders it inside a column of ``width``."""
    inner = width - left - right
    lines = _wrap(text, inner, column.justify, column.overflow, column.no_wrap)
    return [_set_size(" " * left + _set_size(line, inner) + " " * right, width) for line in lines]


def _normalize(lo: int, hi: int) -> tuple[int, int]:
    """rich.measure.Measurement.normalize."""
    lo = min(max(0, lo), hi)
    return max(0, lo), max(0, lo, hi)


def _measured(lo: int, hi: int, width: int) -> tuple[int, int]:
    """The end of rich.measure.Measurement.get: normalized, at most ``width``, nothing when under a cell."""
    lo, hi = _normalize(lo, hi)
    lo, hi = min(lo, width), min(hi, width)
    return (0, 0) if hi < 1 else _normalize(lo, hi)


def _measure_cell(text: str, width: int, left: int, right: int) -> tuple[int, int]:
    """Measurement.get of a padded cell (rich.padding.Padding and rich.text.Text.__rich_measure__): the
    longest word and the longest line, with the padding, at most ``width``."""
    if width < 1:
        return 0, 0
    extra = left + right
    if width - extra < 1:
        return _measured(width, width, width)
    words = text.split()
    longest = len(text)
    lo, hi = _measured(max(map(len, words)) if words else longest, longest, width)
    return _measured(min(lo + extra, width), min(hi + extra, width), width)


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """rich.table.Table._collapse_widths: narrow the widest wrapable columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrapable, strict=True))
            ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not widest - second:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _table_lines(table: Table, width: int) -> list[str]:
    """rich.table.Table as render._table (box SIMPLE_HEAD, no edge, padding collapsed) or, without a
    header, as the facts table (no box, padding 1 between the columns)."""
    n = len(table.columns)
    ruled = table.header
    extra = n - 1 if ruled else 0
    pads = []
    for i in range(n):
        left = 0 if i == 0 or ruled else 1  # collapse_padding folds the left padding into the divider
        pads.append((left, 0 if i == n - 1 else 1))
    cells = [([c.header] if ruled else []) + [row[i] for row in table.rows] for i, c in enumerate(table.columns)]

    def measure(i: int, max_width: int) -> tuple[int, int]:
        if max_width < 1:
            return 0, 0
        ranges = [_measure_cell(t, max_width, *pads[i]) for t in cells[i]]
        lo = max(r[0] for r in ranges) if ranges else 1
        hi = max(r[1] for r in ranges) if ranges else max_width
        return min(lo, max_width), min(hi, max_width)

    max_width = width - extra
    widths = [measure(i, max_width)[1] or 1 for i in range(n)]
    if sum(widths) > max_width:
        widths = _collapse(widths, [not c.no_wrap for c in table.columns], max_width)
        if sum(widths) > max_width:
            widths = _ratio_reduce(sum(widths) - max_width, [1] * n, widths, widths)
        widths = [measure(i, w)[1] or 0 for i, w in enumerate(widths)]
    table_width = sum(widths) + extra
    out = []
    if table.title is not None:
        out.extend(_wrap(table.title, table_width, "left", "fold"))
    for r in range(len(cells[0]) if cells else 0):
        column_lines = [_cell_lines(cells[i][r], widths[i], *pads[i], table.columns[i]) for i in range(n)]
        height = max(map(len, column_lines))
        for i, lines in enumerate(column_lines):
            blank = [" " * widths[i]] * (height - len(lines))
            column_lines[i] = blank + lines if ruled and r == 0 else lines + blank  # the header sits at the bottom
        divider = " " if ruled else ""
        out.extend(divider.join(parts) for parts in zip(*column_lines, strict=True))
        if ruled and r == 0:
            out.append(_RULE.join(_RULE * w for w in widths))
    return out


def passport_text(blocks: list[Block], width: int) -> str:
    """The blocks laid out at ``width`` columns as Rich prints them when it prints no styles."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines = _table_lines(block, width)
        elif isinstance(block, Indented):
            inner = width - block.indent
            lines = [" " * block.indent + _set_size(line, inner) for line in _wrap(block.text, inner)]
        else:
            lines = ([""] if block.blank_before else []) + _wrap(block.text, width)
        out.extend(line[:width] for line in lines)  # Console.print crops what is wider than the console
    return "".join(line + "\n" for line in out)


def plain_width() -> int | None:
    """The width Rich would print at on this process's stdout when it is not a terminal (COLUMNS, else
    the size of a terminal on stdin, stdout or stderr, else 80); None when Rich would print styles (a
    terminal, or told it is one), when it would draw the rules in ASCII, or on Windows, where Rich has
    its own console."""
    if sys.platform == "win32":
        return None
    env = os.environ
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible == "1":
        return None
    if compatible != "0":
        if env.get("FORCE_COLOR") is not None:
            if env["FORCE_COLOR"] != "":
                return None
        else:
            try:
                if sys.stdout.isatty():
                    return None
            except (AttributeError, ValueError):
                pass
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf"):
        return None
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    else:
        width = 0
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    # Below 60 columns a cell can be left no room at all, which this layout does not handle: Rich lays it out.
    return width if width >= 60 else None


def print_passport(p: dict[str, Any]) -> None:
    """Print the passport as ``show`` does: laid out here when Rich would print no styles, else by Rich."""
    blocks = passport_blocks(p)
    width = plain_width()
    if width is None or not laid_out_here(blocks):
        from matchgraph.cli.render import render_blocks

        render_blocks(blocks)
        return
    sys.stdout.write(passport_text(blocks, width))
    sys.stdout.flush()
