"""Families: dated snapshots, ``-latest`` aliases and previews grouped under the name a person types.

The head of an artifact is found by stripping version markers from the end of its slug, one at a
time, and keeping the shortest result that is itself an artifact (``openai/gpt-4o-mini-2024-07-18`` →
``openai/gpt-4o-mini``). Markers: a date (``-2024-07-18``, ``-20240620``, ``@20240620``), a four-digit
month-day or year-month stamp (``-0125``, ``-2407``), ``-latest``, and ``-preview`` / ``-exp`` with an
optional date after them (``-preview-05-20``, ``-exp-1206``). An artifact whose stripped forms name no
artifact is its own head. Host spellings are already one artifact (entity resolution).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MARKERS = (
    re.compile(r"[-@](?:19|20)\d{2}-?\d{2}-?\d{2}$"),
    re.compile(r"-(?!1024$|0512$)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$"),
    re.compile(r"-(?:2[2-9])(?:0[1-9]|1[0-2])$"),
    re.compile(r"-latest$"),
    re.compile(r"-(?:preview|exp|experimental)(?:-\d{2}-\d{2}|-\d{4})?$"),
)


def stripped_forms(slug: str) -> list[str]:
    """Every slug reachable by stripping version markers from the end, nearest first."""
    org, _, model = slug.partition("/")
    forms: list[str] = []
    frontier = [model]
    seen = {model}
    while frontier:
        current = frontier.pop(0)
        for marker in _MARKERS:
            shorter = marker.sub("", current)
            if shorter and shorter != current and shorter not in seen:
                seen.add(shorter)
                forms.append(f"{org}/{shorter}")
                frontier.append(shorter)
    return forms


def family_heads(slugs: Iterable[str]) -> dict[str, str]:
    """slug -> head slug for every slug (a slug with no existing shorter form is its own head)."""
    known = set(slugs)
    heads: dict[str, str] = {}
    for slug in known:
        candidates = [s for s in stripped_forms(slug) if s in known]
        heads[slug] = min(candidates, key=lambda s: (len(s), s)) if candidates else slug
    return heads
