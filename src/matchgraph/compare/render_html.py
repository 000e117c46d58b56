"""HTML pages (Jinja2, autoescaped): a comparison, an artifact, and the export index."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from matchgraph.catalog.facts import UNKNOWN, fmt_money, fmt_tokens
from matchgraph.catalog.metric_names import date_is_fetch_date, format_value, kind_label, metric_label, observed_phrase
from matchgraph.compare.model import Comparison
from matchgraph.compare.profile import jobs_of, rank_summary
from matchgraph.compare.table import fmt_rank


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


def _observed(e: dict[str, Any]) -> str:
    return observed_phrase(e.get("metric") or "", e.get("observed_at"),
                           is_fetch_date=date_is_fetch_date(e.get("details"))) or UNKNOWN


def _is_http(url: Any) -> bool:
    # Only http(s) links are emitted: a source URL is data, and other schemes (javascript:) are not safe.
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


@functools.cache
def environment() -> Environment:
    """The shared template environment (autoescape always on; undefined names are errors)."""
    env = Environment(loader=PackageLoader("matchgraph.compare", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(money=_money, tokens=_tokens, is_http=_is_http, show=_show, metric=metric_label,
                       figure=lambda metric, value: format_value(metric or "", value), kind=kind_label,
                       observed=_observed)
    return env


def artifact_href(slug: str) -> str:
    """Export path of an artifact page, relative to the site root."""
    return f"models/{slug}.html"


def compare_href(slug_a: str, slug_b: str) -> str:
    """Export path of a comparison page (one ``/`` per slug keeps the mapping one-to-one)."""
    return f"compare/{slug_a}/vs/{slug_b}.html"


def render_comparison_html(c: Comparison, *, root: str = "", links: dict[str, str | None] | None = None,
                           stamp: str = "") -> str:
    """A comparison page. ``root`` prefixes site links; ``links`` maps "a"/"b" to artifact page URLs."""
    return environment().get_template("compare.html").render(
        c=c, root=root, links=links or {"a": None, "b": None}, stamp=stamp, version=c.catalog_version)


def render_artifact_html(passport: dict[str, Any], *, matchrank: dict[str, Any] | None = None, root: str = "",
                         comparisons: Sequence[tuple[str, str]] = (), stamp: str = "", version: str = "") -> str:
    """An artifact page from its passport; ``comparisons`` lists (other name, href) links."""
    rank = rank_summary(matchrank or passport.get("matchrank"))
    jobs = jobs_of(passport["modalities"]["output"], [c["uri"] for c in passport["capabilities"]])
    return environment().get_template("artifact.html").render(
        p=passport, rank=rank, rank_text=fmt_rank(rank), jobs=jobs, comparisons=comparisons, root=root,
        stamp=stamp, version=version)


def render_index_html(groups: Sequence[dict[str, Any]], others: Sequence[tuple[str, str]], *, artifacts: int,
                      pairs: int, rule: str, stamp: str = "", version: str = "") -> str:
    """The export's index: each comparable group with links to its members' pages."""
    return environment().get_template("index.html").render(
        groups=groups, others=others, artifacts=artifacts, pairs=pairs, rule=rule, root="", stamp=stamp,
        version=version)
