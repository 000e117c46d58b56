"""The comparison data object and the context it is built in. Renderers read only these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from matchgraph.compare.workload import Workload


@dataclass(frozen=True)
class CompareContext:
    """Catalog-wide facts a comparison needs besides the two passports.

    ``matchrank`` maps slugs to MatchRank results (absent or None = unknown); ``workload`` is the stated
    workload for the cost section (None = the documented default, marked as assumed). Where each artifact
    stands on its boards comes with its passport (``positions``), so no catalog-wide table is needed here.
    """

    catalog_version: str = ""
    matchrank: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)
    workload: Workload | None = None


class Row(NamedTuple):
    """One feature-table row. ``a``/``b`` hold the raw values (None = unknown); ``a_text``/``b_text``
    how people read them; ``winner`` is "a", "b", "tie" or None when the row does not compare.

    A named tuple rather than a frozen dataclass: as immutable, and made in a fifth of the time (a static
    export makes some 950,000 rows)."""

    key: str
    label: str
    a: Any
    b: Any
    a_text: str
    b_text: str
    winner: str | None = None
    basis: str | None = None


@dataclass
class Comparison:
    """Everything a comparison page shows, in the order it is shown."""

    a: dict[str, Any]
    b: dict[str, Any]
    headline: str
    table: list[Row]
    capabilities: dict[str, list[dict[str, Any]]]
    key_differences: list[dict[str, str]]
    when_to_use: dict[str, list[str]]
    verdict: dict[str, Any]
    faq: list[dict[str, str]]
    cost: dict[str, Any]
    sources: list[dict[str, Any]]
    catalog_version: str = ""
    same_artifact: bool = False
    # One entry per source (counts, date ranges, URLs) for renderers that summarise ``sources``.
    source_summary: list[dict[str, Any]] = field(default_factory=list)
    # For a renderer that keeps each artifact's own feature-table cells (an export): (each side's
    # ``table.own_cells``, the head rows' winners and the arena rows, from ``table.table_winners``). When set,
    # ``table`` holds only the rows the verdict counts, and the full table is read from these.
    table_parts: tuple[Any, Any, Any, list[Row]] | None = None
    # For the HTML of an export: the questions as the page shows them (``faq.faq_html``, one escaped block
    # each). When set, ``faq`` is empty.
    faq_html: list[str] | None = None
