"""The reviewed override table (``overrides.yaml``): corrections with a cited source, checked by a schema.

An override replaces a capability that a source's mode or flag implies with the capability the
model's maker documents (a music generator filed under speech synthesis). It changes the resolved
fact, never the stored record, and every derive report lists the overrides it applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from matchgraph.catalog.claims import Fact

_URI = re.compile(r"^capability://[a-z0-9-]+(?:\.[a-z0-9-]+)*$")
_SLUG = re.compile(r"^[a-z0-9._-]+/[a-z0-9._-]+$")
_FIELDS = {"id", "slugs", "replace_capability", "capability", "reason", "source_url", "reviewed"}


class OverrideError(ValueError):
    """An override entry that breaks the schema (the message names the entry and field)."""


@dataclass(frozen=True)
class Override:
    id: str
    slugs: tuple[str, ...]
    replace_capability: str
    capability: str | None
    reason: str
    source_url: str
    reviewed: str


def _check(entry: Any, n: int) -> Override:
    if not isinstance(entry, dict):
        raise OverrideError(f"overrides[{n}]: expected a mapping, got {type(entry).__name__}")
    where = f"overrides[{n}] ({entry.get('id', '?')})"
    unknown = set(entry) - _FIELDS
    missing = _FIELDS - set(entry)
    if unknown:
        raise OverrideError(f"{where}: unknown field(s) {sorted(unknown)}")
    if missing:
        raise OverrideError(f"{where}: missing field(s) {sorted(missing)}")
    for name in ("id", "reason", "source_url"):
        if not isinstance(entry[name], str) or not entry[name].strip():
            raise OverrideError(f"{where}: {name} must be a non-empty string")
    slugs = entry["slugs"]
    if not isinstance(slugs, list) or not slugs or not all(isinstance(x, str) and _SLUG.match(x) for x in slugs):
        raise OverrideError(f"{where}: slugs must be a non-empty list of organization/model-id slugs")
    if not isinstance(entry["replace_capability"], str) or not _URI.match(entry["replace_capability"]):
        raise OverrideError(f"{where}: replace_capability must be a capability:// URI")
    cap = entry["capability"]
    if cap is not None and (not isinstance(cap, str) or not _URI.match(cap)):
        raise OverrideError(f"{where}: capability must be a capability:// URI or null")
    if not entry["source_url"].startswith("https://"):
        raise OverrideError(f"{where}: source_url must be an https:// URL")
    try:
        date.fromisoformat(str(entry["reviewed"]))
    except ValueError as exc:
        raise OverrideError(f"{where}: reviewed must be a date (YYYY-MM-DD)") from exc
    return Override(entry["id"], tuple(slugs), entry["replace_capability"], cap, entry["reason"].strip(),
                    entry["source_url"], str(entry["reviewed"]))


def parse_overrides(text: str) -> list[Override]:
    """Validate an override table's YAML text; raises :class:`OverrideError` naming the bad entry."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("overrides"), list):
        raise OverrideError("the override table needs a top-level 'overrides' list")
    out = [_check(e, n) for n, e in enumerate(data["overrides"])]
    ids = [o.id for o in out]
    if len(set(ids)) != len(ids):
        raise OverrideError("override ids must be unique")
    return out


_CACHE: list[Override] | None = None


def load_overrides() -> list[Override]:
    """The packaged table (read once)."""
    global _CACHE
    if _CACHE is None:
        text = resources.files("matchgraph.catalog").joinpath("overrides.yaml").read_text("utf-8")
        _CACHE = parse_overrides(text)
    return list(_CACHE)


def apply_overrides(slug: str, facts: dict[str, Fact], overrides: list[Override]) -> list[Override]:
    """Move each matching override's fact to the right capability; returns the overrides applied."""
    applied = []
    for o in overrides:
        if slug not in o.slugs or o.replace_capability not in facts:
            continue
        fact = facts.pop(o.replace_capability)
        fact.rule = f"override {o.id}: {o.reason} ({o.source_url})"
        if o.capability:
            facts[o.capability] = fact
        applied.append(o)
    return applied
