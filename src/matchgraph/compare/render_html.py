"""HTML pages (Jinja2, autoescaped): a comparison, an artifact, and the export index."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from matchgraph.catalog import wording
from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_tokens
from matchgraph.catalog.metric_names import format_value, kind_label, metric_label
from matchgraph.compare.model import Comparison, Row
from matchgraph.compare.profile import jobs_of, rank_summary
from matchgraph.compare.table import HEAD_LABELS, TAIL_LABELS, fmt_rank


def _money(value: float | None) -> str | None:
    return None if value is None else fmt_money(value)


def _tokens(value: int | None) -> str | None:
    return None if value is None else fmt_tokens(value)


_UNKNOWN_HTML = Markup('<span class="unknown">unknown</span>')


def _show(value: Any) -> Markup:
    """A fact for a page: escaped text, or a marked "unknown" when no source states it."""
    if value is None or value == UNKNOWN or value == "":
        return _UNKNOWN_HTML
    return escape(str(value))


def _esc(value: Any) -> str:
    """``escape(value)`` as text; a string with nothing to escape (most of a page's) is returned as it is."""
    if type(value) is str and "&" not in value and "<" not in value and ">" not in value and "'" not in value \
            and '"' not in value:
        return value
    return str(escape(value))


_EMPTY = Markup("")


def _fact_status(passport: dict[str, Any], key: str) -> Markup:
    """How a passport's fact is known, after its value: " <span …>majority, 3 of 4</span>", or nothing. A
    function rather than a template macro: an artifact page states a dozen of them, and a macro call
    costs about as much as the rest of its row."""
    f = (passport.get("facts") or {}).get(key)
    status = f.get("status") if f else None
    if not status:
        return _EMPTY
    yes, no = f.get("for"), f.get("against")
    counts = "" if yes is None or no is None else f", {_esc(yes)} of {_esc(yes + no)}"
    return Markup(f' <span class="fact-status{" disputed" if status == "disputed" else ""}">'
                  f'{_esc(str(status).replace("_", " "))}{counts}</span>')


def _offer_rows(passport: dict[str, Any]) -> Markup:
    """The offers table's rows: host, its model id, kind and status, prices, context window, source. Written
    here rather than by a template loop: a model can have a hundred offers, eight cells each."""
    out = []
    for o in passport["offers"]:
        kind = o.get("kind")
        prices = o["prices"]
        out.append(f'<tr><td>{_esc(o["host"])}</td><td><code>{_esc(o.get("host_key") or o["key"])}</code></td><td>'
                   f'{_esc(str(kind).replace("_", " ")) + ", " if kind else ""}{_esc(o["status"])}</td>'
                   f'<td>{_show(_money(prices.get("input_per_mtok")))}</td>'
                   f'<td>{_show(_money(prices.get("output_per_mtok")))}</td>'
                   f'<td>{_show(_money(prices.get("per_image")))}</td><td>{_show(_tokens(o["context_window"]))}</td>'
                   f'<td>{_esc(o["source"])}</td></tr>')
    return Markup("".join(out))


def _capability_blocks(passport: dict[str, Any]) -> Markup:
    """Each capability: its name, how it is known and the fact's status, then what its description, unique
    aspect and comparison with alternatives add to the blocks above it (a sentence is said once a page)."""
    caps = passport["capabilities"]
    if not caps:
        return Markup('<p class="unknown">none recorded</p>')
    seen: list[str] = []
    out = []
    for c in caps:
        out.append(f'<div class="cap"><h3>{_esc(c["name"])} <span class="muted">'
                   f'({_esc(str(c.get("how_known")).replace("_", " "))})</span>{_fact_status(passport, c["uri"])}'
                   "</h3>\n")
        for field, lead in (("description", ""), ("unique_aspect", "<strong>Unique:</strong> "),
                            ("vs_alternatives", "<strong>Against alternatives:</strong> ")):
            text = wording.fresh(c.get(field), seen)
            if text:
                out.append(f"<p>{lead}{_esc(text)}</p>")
        if c.get("times_matched"):
            out.append(f'<p class="muted">Matched {_esc(c["times_matched"])} times.</p>')
        out.append("</div>")
    return Markup("".join(out))


def _evidence_rows(rows: list[dict[str, Any]], slug: str) -> Markup:
    """The evidence table's rows (from :func:`wording.evidence_rows`): what was measured, the figure and its
    interval as the board states them, votes, the record, who measured, on which version, when."""
    out = []
    for e in rows:
        metric = e["metric"] or ""
        ci = (f"{_esc(format_value(metric, e['ci_low']))}–{_esc(format_value(metric, e['ci_high']))}"
              if e["ci_low"] is not None else _UNKNOWN_HTML)
        out.append(f"<tr><td>{_esc(e['label'])}</td><td>{_esc(format_value(metric, e['value']))}</td><td>{ci}</td>"
                   f"<td>{_show(e['sample_size'])}</td><td>{_esc(e['source'])} <code>{_esc(e['key'])}</code></td>"
                   f"<td>{_esc(kind_label(e.get('kind')))}</td>"
                   f"<td>{_esc((e.get('measured_on') or slug).split('/', 1)[-1])}</td>"
                   f"<td>{_esc(wording.observed(e))}</td></tr>")
    return Markup("".join(out))


def _source_rows(sources: list[dict[str, Any]]) -> Markup:
    """The sources table's rows: the source, its record (linked when its URL is http), when it was fetched."""
    out = []
    for s in sources:
        key = f"<code>{_esc(s['key'])}</code>"
        url = s["url"]
        record = f'<a href="{_esc(url)}" rel="nofollow">{key}</a>' if _is_http(url) else key
        out.append(f"<tr><td>{_esc(s['source'])}</td><td>{record}</td><td>{_show(s['fetched_at'])}</td></tr>")
    return Markup("".join(out))


def _capability_block(c: dict[str, Any]) -> Markup:
    """A comparison's capability block (an entry of ``sections.split_capabilities``): its name, how it is
    known and with what confidence, description, unique aspect, against alternatives, each rating with its
    position or figure, limitations. Written here rather than by a template macro: an export renders one
    for each of some 14,000 capabilities, and the macro took four times as long."""
    confidence = c["confidence"]
    out = [f'<div class="cap">\n<h4>{_esc(c["name"])} <span class="muted">('
           f'{_esc(str(c["how_known"])).replace("_", " ")}'
           f'{"" if confidence is None else ", confidence " + f"{confidence:.2f}"})</span></h4>\n']
    if c["description"]:
        out.append(f"<p>{_esc(c['description'])}</p>")
    out.append(f"<p><strong>Unique:</strong> {_show(c['unique_aspect'])}</p>\n"
               f"<p><strong>vs alternatives:</strong> {_show(c['vs_alternatives'])}</p>\n")
    for e in c["evidence"]:
        if e["position"]:
            figure = _esc(e["position"])
        else:
            figure = f"{_esc(metric_label(e['metric']))}: {e['rating']:.0f}"
            if e["ci_low"] is not None:
                figure += f" (95% CI {e['ci_low']:.0f}–{e['ci_high']:.0f})"
        out.append(f'<p class="muted">{figure}, {_esc(e["source"])}</p>')
    if c["limitations"]:
        out.append(f'<p class="muted">Limitations: {_esc("; ".join(map(str, c["limitations"])))}</p>')
    out.append("</div>\n")
    return Markup("".join(out))


def _comparison_source_row(s: dict[str, Any]) -> Markup:
    """A row of a comparison's sources table: the source, its record (linked when its URL is http), the
    artifacts it names, when it was fetched."""
    key = f"<code>{_esc(s['key'])}</code>"
    url = s["url"]
    record = f'<a href="{_esc(url)}" rel="nofollow">{key}</a>' if _is_http(url) else key
    return Markup(f"<tr><td>{_esc(s['source'])}</td><td>{record}</td>"
                  f"<td>{_esc(', '.join(map(str, s['artifacts'])))}</td><td>{_show(s['fetched_at'])}</td></tr>")


def _is_http(url: Any) -> bool:
    # Only http(s) links are emitted: a source URL is data, and other schemes (javascript:) are not safe.
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


class _Environment(Environment):
    """Templates read dicts (passports, comparison sections) by attribute: ``p.name``. Jinja tries the
    Python attribute first and the key after an AttributeError, hundreds of times a page; a dict's key is
    looked up first here, as ``p["name"]`` would, and anything else goes the usual way. Only a key named
    like a dict method would read differently, and no template calls a method of a dict holding such a key."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        else:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


@functools.cache
def environment() -> Environment:
    """The shared template environment (autoescape always on; undefined names are errors)."""
    env = _Environment(loader=PackageLoader("matchgraph.compare", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(money=_money, tokens=_tokens, is_http=_is_http, show=_show, metric=metric_label,
                       figure=lambda metric, value: format_value(metric or "", value), kind=kind_label,
                       observed=wording.observed, disputed_facts=wording.disputed_facts)
    env.globals.update(fresh=wording.fresh, fact_status=_fact_status)
    return env


def artifact_href(slug: str) -> str:
    """Export path of an artifact page, relative to the site root."""
    return f"models/{slug}.html"


def compare_href(slug_a: str, slug_b: str) -> str:
    """Export path of a comparison page (one ``/`` per slug keeps the mapping one-to-one)."""
    return f"compare/{slug_a}/vs/{slug_b}.html"


class ComparisonParts:
    """The parts of comparison pages that depend on one artifact alone (a capability block, its side of
    the cost section, a sources row naming it alone, a feature-table cell), each rendered once and reused
    on every page that shows it. A part is keyed by the identity of the object it renders and keeps that
    object alive, so it is reused only for the very same (unchanged) object: an export, which builds each
    artifact's entries once for all of its pairs, renders each part once; elsewhere nothing is shared and
    nothing changes. Kept parts are held encoded (UTF-8 bytes): a page written to a file is joined from
    them as they are, and only what belongs to its pair alone is encoded for it."""

    def __init__(self) -> None:
        self._lib = environment().get_template("compare_parts.html").module
        self._done: dict[Any, tuple[Any, bytes]] = {}
        # Feature-table rows by their label and each side's text: an artifact's cell reads the same in all
        # of its pairs, so each is escaped and encoded once (what is kept grows with the catalog, not with
        # the pairs). A row is its first side's piece (label and cell) and its second side's (cell, end).
        self._firsts: dict[str, tuple[dict[Any, bytes], dict[Any, bytes]]] = {}
        self._seconds: tuple[dict[Any, bytes], dict[Any, bytes]] = ({}, {})
        self._names: dict[Any, str] = {}
        self._caps: dict[int, tuple[Any, bytes]] = {}
        # A capability both have, as each side shows it: (entry, side's name, first side's piece without
        # and with a note before it, second side's piece).
        self._shared: dict[int, tuple[Any, str, bytes, bytes, bytes]] = {}
        self._sources: dict[int, tuple[Any, bytes]] = {}
        # Each artifact's column of head and tail row pieces, by its cells (table.own_cells) and side.
        self._columns: dict[int, tuple[Any, tuple[tuple[bytes, bytes], ...]]] = {}

    def capability(self, entry: dict[str, Any]) -> Markup:
        """A capability block (name, how known, description, evidence, limitations)."""
        return Markup(self._capability(entry).decode())

    def _capability(self, entry: dict[str, Any]) -> bytes:
        hit = self._caps.get(id(entry))
        if hit is None or hit[0] is not entry:
            hit = self._caps[id(entry)] = (entry, _capability_block(entry).encode())
        return hit[1]

    def _shared_sides(self, e: dict[str, Any], an: str, bn: str) -> tuple[bytes, bytes]:
        """A capability both have: the first side's piece (the block's heading, unless ``e`` has a note,
        then that side's name and block) and the second side's (its name and block, the ends)."""
        a, b = e["a"], e["b"]
        hit = self._shared.get(id(a))
        if hit is None or hit[0] is not a or hit[1] != an:
            cols = f'<div class="cols"><div><strong>{an}</strong>'.encode() + self._capability(a) + \
                b"</div><div><strong>"
            head = f'<div class="cap"><h4>{_esc(a["name"])}</h4>'.encode()
            hit = self._shared[id(a)] = (a, an, head + cols, cols, b"")
        first = hit[2] if e["note"] is None else hit[3]
        hit_b = self._shared.get(~id(b))
        if hit_b is None or hit_b[0] is not b or hit_b[1] != bn:
            hit_b = self._shared[~id(b)] = (b, bn, b"", b"", f"{bn}</strong>".encode() + self._capability(b)
                                            + b"</div></div></div>\n")
        return first, hit_b[4]

    def cost_side(self, label: str, cost: dict[str, Any]) -> Markup:
        """One side of the cost section: the note, the parts priced and every offer's total."""
        return Markup(self._cost_side(label, cost).decode())

    def _cost_side(self, label: str, cost: dict[str, Any]) -> bytes:
        hit = self._done.get(("cost", id(cost), label))
        if hit is None or hit[0] is not cost:
            hit = self._done[("cost", id(cost), label)] = (cost, str(self._lib.cost_side(label, cost)).encode())
        return hit[1]

    def table_rows(self, rows: Sequence[Row]) -> Markup:
        """The feature table's rows: the label, then each side's cell (marked when that side leads)."""
        out: list[bytes] = []
        self._table_rows(rows, out)
        return Markup(b"".join(out).decode())

    def _table_rows(self, rows: Sequence[Row], out: list[Any]) -> None:
        """Append each row's two pieces to ``out``."""
        add = out.append
        firsts = self._firsts
        plain_b, leads_b = self._seconds
        for _key, label, _a, _b, ta, tb, winner, _basis in rows:
            row = firsts.get(label)
            if row is None:
                row = firsts[label] = ({}, {})
            cells = row[winner == "a"]
            try:
                add(cells[ta])
            except (KeyError, TypeError):
                add(_first_cell(cells, label, ta, winner == "a"))
            cells = leads_b if winner == "b" else plain_b
            try:
                add(cells[tb])
            except (KeyError, TypeError):
                add(_second_cell(cells, tb, winner == "b"))

    def _table_from_parts(self, table_parts: tuple[Any, Any, Any, list[Row]], out: list[Any]) -> None:
        """The feature table's rows from each side's own cells (kept as each side's column of row pieces)
        and what the pair decides (``Comparison.table_parts``): the same pieces :meth:`_table_rows` gives
        the full rows."""
        cells_a, cells_b, head, middle = table_parts
        first, second = self._column(cells_a, 0), self._column(cells_b, 1)
        n = len(HEAD_LABELS)
        if head is None:
            out += [piece for i in range(n) for piece in (first[i][0], second[i][0])]
        else:
            # A column's pair of pieces is indexed by whether that side leads; the columns go on to the tail
            # rows, the winners stop at the head.
            out += [piece for pa, pb, (winner, _basis) in zip(first, second, head, strict=False)
                    for piece in (pa[winner == "a"], pb[winner == "b"])]
        if middle:
            self._table_rows(middle, out)
        out += [piece for i in range(n, len(first)) for piece in (first[i][0], second[i][0])]

    def _column(self, cells: Any, side: int) -> tuple[tuple[bytes, bytes], ...]:
        """One artifact's pieces of the head and tail rows as the first (``side`` 0) or second side: for
        each row, the piece without and with the lead marked."""
        key = id(cells) * 2 + side
        hit = self._columns.get(key)
        if hit is None or hit[0] is not cells:
            head, tail = cells
            rows = []
            for label, (_value, text) in zip(HEAD_LABELS + TAIL_LABELS, head + tail, strict=True):
                if side == 0:
                    cells_of = self._firsts.setdefault(label, ({}, {}))
                    pieces = tuple(_get(cells_of[leads], text) or _first_cell(cells_of[leads], label, text, leads)
                                   for leads in (False, True))
                else:
                    pieces = tuple(_get(self._seconds[leads], text) or _second_cell(self._seconds[leads], text, leads)
                                   for leads in (False, True))
                rows.append(pieces)
            hit = self._columns[key] = (cells, tuple(rows))
        return hit[1]

    def name(self, text: Any) -> str:
        """A name escaped once: an artifact's name appears a dozen times on each of its pages."""
        hit = self._names.get(text)
        if hit is None:
            hit = self._names[text] = _esc(text)
        return hit

    def title(self, c: Comparison) -> Markup:
        """The page title: both names."""
        return Markup(self._title(c))

    def _title(self, c: Comparison) -> str:
        return f"{self.name(c.a['name'])} vs {self.name(c.b['name'])} — matchgraph"

    def body(self, c: Comparison, links: dict[str, str | None]) -> Markup:
        """Every section of the page, in order: heading, feature table, capabilities, key differences,
        when to use each, verdict, cost, questions, sources. Each value is escaped once; what one artifact
        contributes (capability blocks, its cost side, its own source rows) comes from the parts above."""
        return Markup(_as_text(self.body_pieces(c, links)))

    def body_pieces(self, c: Comparison, links: dict[str, str | None]) -> list[bytes]:
        """:meth:`body` as the escaped pieces it joins (a page joins them once, with its frame), UTF-8: the
        parts kept for its artifacts as they are kept, and what is made for this page encoded a section at
        a time."""
        an, bn = self.name(c.a["name"]), self.name(c.b["name"])
        la, lb = links.get("a"), links.get("b")
        caps = c.capabilities
        shared = caps["shared"]
        out: list[bytes] = [_utf8([
            f'<h1>{f"""<a href="{_esc(la)}">{an}</a>""" if la else an} vs '
            f'{f"""<a href="{_esc(lb)}">{bn}</a>""" if lb else bn}</h1>\n'
            f'<p class="muted">{_esc(c.a["slug"])}', " · ", f'{_esc(c.b["slug"])}</p>\n'
            f"<p><strong>{_esc(c.headline)}</strong></p>\n\n"
            '<h2 id="table">Side by side</h2>\n<table class="versus">\n'
            f"<thead><tr><th>Feature</th><th>{an}</th><th>{bn}</th></tr></thead>\n<tbody>\n"])]
        if c.table_parts is None:
            self._table_rows(c.table, out)
        else:
            self._table_from_parts(c.table_parts, out)
        add = out.append
        add(_TABLE_END)
        if shared:
            add(f"<h3>Both ({len(shared)})</h3>\n".encode())
            sides = self._shared_sides
            for e in shared:
                note = e["note"]
                first, second = sides(e, an, bn)
                if note is not None:
                    add(f'<div class="cap"><h4>{_esc(e["name"])}</h4>{f"<p>{_esc(note)}</p>" if note else ""}'
                        .encode())
                add(first)
                add(second)
        capability = self._capability
        add(b'<div class="cols">\n')
        for side, name in (("a", an), ("b", bn)):
            only = caps[side]
            add(f"<div><h3>Only {name} ({len(only)})</h3>".encode())
            if only:
                out.extend([capability(e) for e in only])
            else:
                add(b'<p class="unknown">none recorded</p>')
            add(b"</div>\n")
        text = ['</div>\n\n<h2 id="differences">Key differences</h2>\n<ol>']
        put = text.append
        text.extend([f"<li>{_esc(d['text'])}</li>" for d in c.key_differences])
        put('</ol>\n\n<h2 id="when">When to use each</h2>\n<div class="cols">\n')
        for side, name in (("a", an), ("b", bn)):
            put(f"<div><h3>{name}</h3><ul>")
            text.extend([f"<li>{_esc(t)}</li>" for t in c.when_to_use[side]])
            put("</ul></div>\n")
        verdict = c.verdict
        put(f'</div>\n\n<h2 id="verdict">Verdict</h2>\n<p>{_esc(verdict["text"])}</p>\n')
        categories = verdict["comparable_categories"]
        if categories:
            put("<table><thead><tr><th>Category</th><th>Leader</th><th>Basis</th></tr></thead><tbody>\n")
            for cat in categories:
                winner = cat["winner"]
                leader = an if winner == "a" else bn if winner == "b" else "even"
                put(f"<tr><td>{_esc(cat['category'])}</td><td>{leader}</td><td>{_esc(cat['basis'] or '')}"
                    "</td></tr>")
            put("</tbody></table>\n")
        cost = c.cost
        workload = cost["workload"]
        put(f'\n<h2 id="cost">Cost of a workload</h2>\n<p>{_esc(workload["description"])}'
            f'{""" <span class="muted">(an assumed workload)</span>""" if workload["assumed"] else ""}.</p>\n'
            '<div class="cols">\n')
        add(_utf8(text))
        add(self._cost_side(c.a["name"], cost["a"]))
        add(self._cost_side(c.b["name"], cost["b"]))
        text = ["</div>\n\n"]
        text.extend([f'<p class="muted">{_esc(n)}</p>' for n in cost["notes"]])
        text.append('\n<h2 id="faq">Questions</h2>\n')
        if c.faq_html is not None:
            text.extend(c.faq_html)
        else:
            text.extend([f"<details open><summary><strong>{_esc(f['q'])}</strong></summary><p>{_esc(f['a'])}</p>"
                         "</details>" for f in c.faq])
        add(_utf8(text))
        add(_SOURCES_HEAD)
        self._source_rows(c.sources, out)
        add(b"</tbody></table></div>\n")
        return out

    def source_rows(self, sources: list[dict[str, Any]]) -> Markup:
        """The rows of the sources table. A row naming one artifact is the same on all of its pages and is
        kept by its values; one naming both belongs to that pair alone and is rendered each time (so what
        is kept grows with the catalog, not with the number of pairs)."""
        out: list[str | bytes] = []
        self._source_rows(sources, out)
        return Markup(_as_text(out))

    def _source_rows(self, sources: list[dict[str, Any]], out: list[Any]) -> None:
        rows = self._sources
        add = out.append
        for s in sources:
            # The same (unchanged) entry object, as an export passes for each artifact's own records.
            hit = rows.get(id(s))
            if hit is not None and hit[0] is s:
                add(hit[1])
                continue
            names = s.get("artifacts") or []
            if len(names) != 1:
                add(str(_comparison_source_row(s)).encode())
                continue
            key = ("src", s.get("source"), s.get("key"), s.get("url"), s.get("fetched_at"), names[0])
            hit = self._done.get(key)
            if hit is None:
                hit = self._done[key] = (None, str(_comparison_source_row(s)).encode())
            rows[id(s)] = (s, hit[1])
            add(hit[1])


_TABLE_END = (b"</tbody>\n</table>\n"
              b'<p class="muted">A row names a leader only when both values are known, in the same unit, and '
              b"about a job both do. Arena ratings lead only when their 95% intervals do not overlap.</p>\n\n"
              b'<h2 id="capabilities">Capabilities</h2>\n')
_SOURCES_HEAD = (b'\n<h2 id="sources">Sources</h2>\n'
                 b'<div class="scroll" tabindex="0" role="region" aria-label="Sources"><table><thead><tr>'
                 b"<th>Source</th><th>Record</th><th>For</th><th>Fetched</th></tr>"
                 b"</thead><tbody>\n")


def _cell_html(text: Any, leads: bool) -> str:
    shown = _show(text)
    return f'<td class="win">{shown} <span class="muted">(leads)</span></td>' if leads else f"<td>{shown}</td>"


def _first_cell(cells: dict[Any, bytes], label: str, text: Any, leads: bool) -> bytes:
    """A row's first piece: its label and the first side's cell (kept in ``cells`` when ``text`` is text)."""
    piece = f'<tr><th scope="row">{escape(label)}</th>\n{_cell_html(text, leads)}\n'.encode()
    if type(text) is str:  # only text is kept: True, 1 and 1.0 are one key but read differently
        cells[text] = piece
    return piece


def _second_cell(cells: dict[Any, bytes], text: Any, leads: bool) -> bytes:
    """A row's second piece: the second side's cell and the row's end."""
    piece = f"{_cell_html(text, leads)}</tr>\n".encode()
    if type(text) is str:
        cells[text] = piece
    return piece


def _get(cells: dict[Any, bytes], text: Any) -> bytes | None:
    return cells.get(text) if type(text) is str else None


def _utf8(texts: list[str]) -> bytes:
    """``"".join(texts).encode()``, made quicker where some text is not ASCII. A string is stored as wide as
    its widest character, and a wide one encodes character by character: a section of 3,000 characters with
    one "×" or "–" in a price or a range took about fifteen times as long to encode as an ASCII one. Each
    text is then encoded by itself, so only those with such a character are encoded slowly."""
    joined = "".join(texts)
    if joined.isascii():
        return joined.encode()
    return b"".join([t.encode() for t in texts])


def _as_text(pieces: Iterable[str | bytes]) -> str:
    return "".join([p if type(p) is str else p.decode() for p in pieces])


_TITLE, _DESCRIPTION, _BODY = "\x00title\x00", "\x00description\x00", "\x00body\x00"


class _FrameParts:
    """Stands in for :class:`ComparisonParts` while the frame is rendered: marks where title and body go."""

    @staticmethod
    def title(_c: Any) -> Markup:
        return Markup(_TITLE)

    @staticmethod
    def body(_c: Any, _links: Any) -> Markup:
        return Markup(_BODY)


@functools.lru_cache(maxsize=64)
def _frame(root: str, stamp: str, version: str) -> tuple[str, str, str, str]:
    """compare.html (and the base it extends) rendered once with markers for the title, the description and
    the body, split at them: a page is these four pieces around its own three parts."""
    html = environment().get_template("compare.html").render(
        c={"headline": Markup(_DESCRIPTION)}, root=root, links={}, stamp=stamp, version=version,
        parts=_FrameParts())
    head, rest = html.split(_TITLE)
    middle, rest = rest.split(_DESCRIPTION)
    before_body, tail = rest.split(_BODY)
    return head, middle, before_body, tail


@functools.lru_cache(maxsize=64)
def _frame_utf8(root: str, stamp: str, version: str) -> tuple[bytes, bytes, bytes, bytes]:
    """:func:`_frame` encoded once."""
    head, middle, before_body, tail = _frame(root, stamp, version)
    return head.encode(), middle.encode(), before_body.encode(), tail.encode()


def _comparison_pieces(c: Comparison, root: str, links: dict[str, str | None] | None, stamp: str,
                       parts: ComparisonParts | None) -> list[bytes]:
    """A comparison page as the escaped pieces it joins (UTF-8): the frame's around the title, the
    description and the body's."""
    parts = parts or ComparisonParts()
    head, middle, before_body, tail = _frame_utf8(root, stamp, c.catalog_version)
    pieces = parts.body_pieces(c, links or {"a": None, "b": None})
    pieces[:0] = (head, parts._title(c).encode(), middle, _esc(c.headline).encode(), before_body)
    pieces.append(tail)
    return pieces


def render_comparison_html(c: Comparison, *, root: str = "", links: dict[str, str | None] | None = None,
                           stamp: str = "", parts: ComparisonParts | None = None) -> str:
    """A comparison page. ``root`` prefixes site links; ``links`` maps "a"/"b" to artifact page URLs;
    ``parts`` (one per export) reuses what each artifact contributes to its pages."""
    return _as_text(_comparison_pieces(c, root, links, stamp, parts))


def render_comparison_utf8(c: Comparison, *, root: str = "", links: dict[str, str | None] | None = None,
                           stamp: str = "", parts: ComparisonParts | None = None) -> bytes:
    """:func:`render_comparison_html` encoded as UTF-8, for a file. The kept parts are bytes already and
    the rest is encoded a section at a time: most sections are ASCII, which encodes as a plain copy, while
    the page joined first would be stored as wide as its widest character (a dash in the title) and
    encoded character by character (a fifth of writing a page)."""
    return b"".join(_comparison_pieces(c, root, links, stamp, parts))


_UNKNOWN_CELL = '<span class="unknown">unknown</span>'


def _modality_cell(passport: dict[str, Any], side: str) -> str:
    """The modalities of one side, each with how it is known, or "unknown"."""
    found = passport["modalities"][side]
    if not found:
        return _UNKNOWN_CELL
    return "; ".join(f"{_esc(m)}{_fact_status(passport, f'{side}:{m}')}" for m in found)


def _disputed_list(passport: dict[str, Any]) -> str:
    """The disputed-facts section (or nothing): each fact with the values its records state."""
    disputed = wording.disputed_facts(passport)
    if not disputed:
        return ""
    items = []
    for d in disputed:
        stated = "; ".join(f"{_esc(g['value'])} by "
                           + ", ".join(f"{_esc(source)} <code>{_esc(key)}</code>" for source, key in g["records"])
                           for g in d["values"])
        items.append(f"<li>{_esc(d['name'])}: {stated or 'no record states a value'}</li>")
    return ('<h2 id="disputed">Disputed facts</h2>\n<p class="muted">Sources disagree on these, so none of them '
            f'satisfies a search requirement.</p>\n<ul>{"".join(items)}</ul>')


def _artifact_body(passport: dict[str, Any], rank: dict[str, Any] | None, rank_text: str, jobs: list[str],
                   comparison_links: str) -> str:
    """An artifact page's body: identity, the facts table, disputed facts, positions, comparison links,
    offers, capabilities, evidence and sources. Written here rather than by a template: an export writes
    one for each of its thousands of artifacts, and the template's tags took most of a page's time."""
    p = passport
    limits, prices = p["limits"], p["prices"]
    org = p["organization"]
    offer = prices.get("offer")
    weights = p["open_weights"]
    hosts = p["hosts"]
    components = "".join(
        f'<tr><th scope="row">MatchRank: {_esc(name)}</th><td>'
        f'{_UNKNOWN_CELL if score is None else f"{score:.0f}"}</td></tr>'
        for name, score in rank["components"].items()) if rank else ""
    out = [
        f"<h1>{_esc(p['name'])}</h1>\n"
        f'<p class="muted">{_esc(p["slug"])} · {_esc(p["kind"])} · {_esc(p["status"])}'
        f"{' · ' + _esc(org) if org else ''}</p>\n",
        f"<p>{_esc(p['description'])}</p>" if p.get("description") else "",
        '<div class="scroll" tabindex="0" role="region" aria-label="Facts"><table><tbody>\n'
        f'<tr><th scope="row">Does</th><td>{_show(", ".join(jobs))}</td></tr>\n'
        f'<tr><th scope="row">Input</th><td>{_modality_cell(p, "input")}</td></tr>\n'
        f'<tr><th scope="row">Output</th><td>{_modality_cell(p, "output")}</td></tr>\n'
        f'<tr><th scope="row">MatchRank</th><td>{_show(rank_text)}</td></tr>\n',
        components,
        f'<tr><th scope="row">Context window</th><td>{_show(_tokens(limits["context_window"]))}'
        f'{_fact_status(p, "context_window")}</td></tr>\n'
        f'<tr><th scope="row">Max output</th><td>{_show(_tokens(limits["max_output"]))}'
        f'{_fact_status(p, "max_output")}</td></tr>\n'
        f'<tr><th scope="row">Input price (per 1M tokens)</th><td>{_show(_money(prices["input_per_mtok"]))}</td></tr>\n'
        f'<tr><th scope="row">Output price (per 1M tokens)</th><td>{_show(_money(prices["output_per_mtok"]))}'
        "</td></tr>\n"
        f'<tr><th scope="row">Price per image</th><td>{_show(_money(prices["per_image"]))}</td></tr>\n'
        '<tr><th scope="row">Prices from</th><td>'
        + (f'{_esc(offer["host"])}, {_esc(offer["source"])} record <code>{_esc(offer["key"])}</code>' if offer
           else _UNKNOWN_CELL) + "</td></tr>\n"
        '<tr><th scope="row">Open weights</th><td>'
        + (_UNKNOWN_CELL if weights is None else "yes" if weights else "no") + "</td></tr>\n"
        f'<tr><th scope="row">Parameters</th><td>{_show(p["parameters"])}</td></tr>\n'
        f'<tr><th scope="row">Release date</th><td>{_show(p["release_date"])}</td></tr>\n'
        '<tr><th scope="row">Hosts</th><td>'
        + (f"{len(hosts)}: {_esc(', '.join(map(str, hosts)))}" if hosts else _UNKNOWN_CELL) + "</td></tr>\n"
        "</tbody></table></div>\n"
        '<p class="muted">How a fact is known: “creator” is the maker\'s own API record, “agreed” and “majority” '
        "count the\nrecords that state it, “single source” has one, “disputed” is contradicted and never satisfies "
        "a search requirement.</p>\n",
        _disputed_list(p),
        "\n",
    ]
    add = out.append
    positions = p.get("positions")
    if positions:
        add('<h2 id="positions">Where it stands</h2>\n<ul>'
            + "".join(f"<li>{_esc(pos.get('summary') or pos['text'])}</li>" for pos in positions) + "</ul>")
    add("\n")
    if comparison_links:
        add(f'<h2 id="compare">Compare with</h2>\n<ul>{comparison_links}</ul>')
    offers = p["offers"]
    add(f'\n<h2 id="offers">Offers ({len(offers)})</h2>\n')
    if offers:
        add('<div class="scroll" tabindex="0" role="region" aria-label="Offers"><table><thead><tr>'
            '<th scope="col">Host</th><th scope="col">Model id</th><th scope="col">Status</th>'
            '<th scope="col">Input /1M</th><th scope="col">Output /1M</th><th scope="col">Per image</th>'
            '<th scope="col">Context</th><th scope="col">Source</th></tr></thead><tbody>\n'
            f"{_offer_rows(p)}</tbody></table></div>")
    else:
        add("<p>No hosted offer known: no source in the catalog lists a way to call this model.</p>")
    add(f'\n<h2 id="capabilities">Capabilities ({len(p["capabilities"])})</h2>\n{_capability_blocks(p)}\n')
    if p.get("evidence"):
        evidence = wording.evidence_rows(p["evidence"], p["slug"], columns=("measured_on",))
        add('<h2 id="evidence">Evidence</h2>\n'
            '<div class="scroll" tabindex="0" role="region" aria-label="Evidence"><table><thead><tr>'
            '<th scope="col">Measured</th><th scope="col">Value</th><th scope="col">95% interval</th>'
            '<th scope="col">Votes</th><th scope="col">Source</th><th scope="col">Who measured</th>'
            '<th scope="col">Measured on</th><th scope="col">Observed</th></tr></thead><tbody>\n'
            f"{_evidence_rows(evidence, p['slug'])}</tbody></table></div>")
    add('\n<h2 id="sources">Sources</h2>\n'
        '<div class="scroll" tabindex="0" role="region" aria-label="Sources"><table><thead><tr>'
        '<th scope="col">Source</th><th scope="col">Record</th><th scope="col">Fetched</th></tr></thead><tbody>\n'
        f"{_source_rows(p['sources'])}</tbody></table></div>\n")
    return "".join(out)


def render_artifact_html(passport: dict[str, Any], *, matchrank: dict[str, Any] | None = None, root: str = "",
                         comparisons: Sequence[tuple[str, str]] = (), stamp: str = "", version: str = "") -> str:
    """An artifact page from its passport; ``comparisons`` lists (other name, href) links. The page's frame
    (head, styles, navigation, footer) is the comparison pages' own, rendered once per folder depth."""
    rank = rank_summary(matchrank or passport.get("matchrank"))
    jobs = jobs_of(passport["modalities"]["output"], [c["uri"] for c in passport["capabilities"]])
    name = _esc(passport["name"])
    links = "".join(f'<li><a href="{_esc(href)}">{name} vs {_esc(other)}</a></li>' for other, href in comparisons)
    head, middle, before_body, tail = _frame(root, stamp, version)
    return "".join((head, name, " — matchgraph", middle, name, " (", _esc(passport["slug"]),
                    "): prices, limits, capabilities and sources.", before_body,
                    _artifact_body(passport, rank, fmt_rank(rank), jobs, links), tail))


def render_index_html(groups: Sequence[dict[str, Any]], others: Sequence[tuple[str, str]], *, artifacts: int,
                      pairs: int, rule: str, stamp: str = "", version: str = "") -> str:
    """The export's index: each comparable group with links to its members' pages."""
    return environment().get_template("index.html").render(
        groups=groups, others=others, artifacts=artifacts, pairs=pairs, rule=rule, root="", stamp=stamp,
        version=version)
