"""Text a person reads about evidence and capabilities, shared by the web pages, the static export and the
command line, so each says a row or a sentence the same way: evidence rows a reader can tell apart, and
capability sentences stated once per page."""

from __future__ import annotations

import re
from typing import Any

from matchgraph.catalog.metric_names import date_is_fetch_date, metric_label, observed_phrase, publication_label

UNKNOWN = "unknown"


def metric(key: str | None, details: dict[str, Any] | None = None) -> str:
    """A stored metric key in words: ``arena_rating:text/coding:style`` → "LMArena text: coding,
    style-controlled"; one table for every page (:mod:`matchgraph.catalog.metric_names`)."""
    return metric_label(key, details)


def observed(e: dict[str, Any]) -> str:
    """When an evidence row was observed, in words ("run of 2025-08", "undated, read 2025-12-01")."""
    return observed_phrase(e.get("metric") or "", e.get("observed_at"),
                           is_fetch_date=date_is_fetch_date(e.get("details"))) or UNKNOWN


def _version(e: dict[str, Any], slug: str) -> str:
    return "measured on " + str(e.get("measured_on") or slug).split("/", 1)[-1]


def _publication(e: dict[str, Any], slug: str) -> str | None:
    return publication_label(e.get("source"), e.get("key"))


def _listed_as(e: dict[str, Any], slug: str) -> str | None:
    # A board's record key ends with the model as the board names it (two board entries can map to one
    # version, e.g. a model with and without extended thinking).
    # An Aider run states the model as run (with or without thinking tokens).
    key = str(e.get("key") or "")
    as_run = (e.get("details") or {}).get("model_as_run")
    if isinstance(as_run, str) and as_run.strip():
        return f"run as {as_run.strip()}"
    return f"listed as {key.rsplit('/', 1)[-1]}" if e.get("source") == "lmarena" and "/" in key else None


#: What can tell two evidence rows with the same metric apart, in the order a reader looks for it.
_QUALIFIERS = (("measured_on", _version), ("publication", _publication), ("listed_as", _listed_as),
               ("observed", lambda e, slug: observed(e)))


def evidence_rows(evidence: list[dict[str, Any]], slug: str, *, columns: tuple[str, ...] = (),
                  strip: str = "") -> list[dict[str, Any]]:
    """The evidence rows a page lists, each with a ``label`` a person can tell from every other row's: the
    metric in words, and when another row has the same metric, what differs between them (the version
    measured, the publication, the date). Qualifiers named in ``columns`` are shown in a column of their
    own, so they tell rows apart without being repeated in the label; ``strip`` is a prefix every label
    drops (a chart of one board's ratings). Rows alike in all of that and in their figures are the same
    evidence and are listed once."""
    base = [metric(e.get("metric"), e.get("details")) for e in evidence]
    groups: dict[str, list[int]] = {}
    for i, b in enumerate(base):
        groups.setdefault(b, []).append(i)
    parts: list[list[tuple[str, str]]] = [[] for _ in evidence]
    for members in groups.values():
        if len(members) < 2:
            continue
        for name, qualify in _QUALIFIERS:
            tags = [qualify(evidence[i], slug) for i in members]
            if len(set(tags)) > 1:
                for i, tag in zip(members, tags, strict=True):
                    if tag:
                        parts[i].append((name, tag))
            if len({tuple(parts[i]) for i in members}) == len(members):
                break
    out: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e, b, q in zip(evidence, base, parts, strict=True):
        same = (b, tuple(q), e.get("value"), e.get("ci_low"), e.get("ci_high"), e.get("sample_size"))
        if same in seen:
            continue  # the same figure stated twice: one row
        shown = [tag for name, tag in q if name not in columns]
        label = b.removeprefix(strip) + (f" ({'; '.join(shown)})" if shown else "")
        row = {**e, "label": label}
        seen[same] = row
        out.append(row)
    return out


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9$])")


def fresh(text: str | None, seen: list[str]) -> str:
    """The sentences of ``text`` not already in ``seen`` (which then records them), so a page that lists
    many capabilities of one artifact states its shared facts once instead of in every block."""
    if not text:
        return ""
    out = []
    for sentence in _SENTENCE_END.split(str(text).strip()):
        norm = sentence.strip().rstrip(".;").lower()
        if norm and norm not in seen:
            seen.append(norm)
            out.append(sentence.strip())
    return " ".join(out)


def common_items(rows: list[dict[str, Any]], field: str) -> list[str]:
    """The entries of list ``field`` that every one of two or more ``rows`` carries, in the first row's order:
    facts about the whole artifact (its host count, its context against peers) that a page says once."""
    if len(rows) < 2:
        return []
    rest = [set(r.get(field) or []) for r in rows[1:]]
    return [x for x in rows[0].get(field) or [] if all(x in other for other in rest)]


def fact_name(field: str) -> str:
    """A resolved fact's key in words: a capability by its taxonomy name, ``output:image`` as "output
    image", ``context_window`` as "context window"; a capability the taxonomy lacks keeps its key."""
    text = str(field or "")
    if text.startswith("capability://"):
        from matchgraph.catalog.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        return taxonomy.get(text).name if text in taxonomy else text.removeprefix("capability://")
    return text.replace(":", " ").replace("_", " ")


def _stated(record: dict[str, Any]) -> str:
    """What one record states of a fact: yes/no for a flag, a count with thousands separators, "not listed"
    when the record names no such flag (the resolution counts that against it), "unknown" for none."""
    value = record.get("value")
    if record.get("silent"):
        return "not listed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return UNKNOWN if value is None else str(value)


def disputed_facts(passport: dict[str, Any]) -> list[dict[str, Any]]:
    """The passport's disputed facts, each as its name in words and the values its records state, most
    stated first: ``{"name": "max output", "values": [{"value": "32,768", "records": [(source, key)…]}…]}``.
    A disputed fact satisfies no search requirement; a page says what each source claims instead."""
    facts = passport.get("facts") or {}
    out = []
    for key in passport.get("disputed") or []:
        groups: dict[str, list[tuple[str, str]]] = {}
        for r in (facts.get(key) or {}).get("records") or []:
            groups.setdefault(_stated(r), []).append((str(r.get("source") or ""), str(r.get("key") or "")))
        values = sorted(({"value": v, "records": rs} for v, rs in groups.items()), key=lambda g: -len(g["records"]))
        out.append({"name": fact_name(key), "values": values})
    return out
