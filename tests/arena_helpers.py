"""Test helpers for arena name matching: a catalog alias index built from the pinned LiteLLM file.

The catalog store builds the real alias index; these helpers build the same kind of index directly
from the LiteLLM database with the project's own entity resolution, so matching can be tested on
real data without a store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from shared_data import LITELLM_JSON, LMARENA_DIR, SHARED_DATA, require_shared

from matchgraph.catalog.names import normalize_alias
from matchgraph.sources.litellm_identity import record_mode, resolve_identity, skip_reason

__all__ = ["LITELLM_JSON", "LMARENA_DIR", "SHARED_DATA"]
IN_CATALOG = Path(__file__).parent / "data" / "arena_in_catalog.txt"


@dataclass
class CatalogIndex:
    """alias -> slug, slug -> modes, key -> slug, and the aliases dropped because they are ambiguous."""

    aliases: dict[str, str] = field(default_factory=dict)
    modes: dict[str, set[str]] = field(default_factory=dict)
    key_slugs: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, set[str]] = field(default_factory=dict)


@cache
def litellm_catalog_index() -> CatalogIndex:
    """Alias index over every kept LiteLLM record.

    Aliases of the first tier (the whole key, the slug, the display name) win over the second tier
    (the key's last path segment, which several hosts share). An alias that names two slugs within
    its tier is ambiguous and left out, as a catalog must not pick one silently.
    """
    records = json.loads(require_shared(LITELLM_JSON).read_text(encoding="utf-8"))
    index = CatalogIndex()
    tiers: list[dict[str, set[str]]] = [{}, {}]
    for key, record in records.items():
        if skip_reason(key, record) is not None:
            continue
        identity = resolve_identity(key, record)
        slug = identity.slug
        index.key_slugs[key] = slug
        index.modes.setdefault(slug, set()).add(str(record_mode(key, record)))
        for alias in (key, slug, identity.name):
            tiers[0].setdefault(normalize_alias(alias), set()).add(slug)
        tiers[1].setdefault(normalize_alias(key.rsplit("/", 1)[-1]), set()).add(slug)
    for tier in tiers:
        for alias, slugs in tier.items():
            if not alias or alias in index.aliases or alias in index.ambiguous:
                continue
            if len(slugs) == 1:
                index.aliases[alias] = next(iter(slugs))
            else:
                index.ambiguous[alias] = slugs
    return index


@dataclass(frozen=True)
class InCatalog:
    """One hand-checked line of arena_in_catalog.txt."""

    board: str
    arena_name: str
    keys: tuple[str, ...]


def read_in_catalog() -> list[InCatalog]:
    """The hand-written list of arena models the LiteLLM database really lists."""
    out = []
    for line in IN_CATALOG.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        keys = tuple(k.strip() for k in parts[2].split(",") if k.strip())
        out.append(InCatalog(board=parts[0], arena_name=parts[1], keys=keys))
    return out
