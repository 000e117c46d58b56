"""MatchRank and positions of every artifact on disk, keyed by the state they are computed from, for
``matchgraph show``.

A passport's MatchRank is normalised over the whole catalog, so computing it for one artifact means
loading the read model and ranking everything (most of a cold ``show``). ``init`` and ``ingest``
write the ranks of the catalog they leave behind into one file; ``show`` reads the one it needs. The
key is the database, its catalog version (derivation time and id), the keyed-search and outcome
fingerprint that MatchRank reads (see service.rankings) and the package's code (fast.code_stamp): any
change to the catalog, the events that move a rank or the formula makes a new key, so a stale rank is
never shown.

File layout: one JSON line ``{slug: [offset, length]}``, then the JSON of each rank at those offsets
(counted from the end of that line), so a lookup parses one small object, not the whole table."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matchgraph.cli import disk_cache

FORMAT = "2"  # 2: each entry is {"matchrank", "positions"}
Lookup = Callable[[str], "dict[str, Any] | None"]


def _stamp(engine: Engine) -> str | None:
    from matchgraph.cli.fast import code_stamp
    from matchgraph.service.rankings import events_fingerprint
    from matchgraph.store.schema import catalog_meta

    with engine.connect() as conn:
        meta = dict(conn.execute(select(catalog_meta.c.key, catalog_meta.c.value)
                                 .where(catalog_meta.c.key.in_(("derived_at", "derivation")))).all())
        if not meta.get("derived_at"):
            return None
        events = events_fingerprint(conn)
    url = engine.url.render_as_string(hide_password=True)
    # derived_at has second resolution; derivation tells apart two derivations within one second.
    return "\x00".join([FORMAT, url, meta["derived_at"], meta.get("derivation") or "", events, *code_stamp()])


def _file(stamp: str) -> str:
    return disk_cache.path("matchrank", hashlib.sha256(stamp.encode("utf-8", "surrogateescape")).hexdigest(),
                           ".idx")


def encode(ranks: dict[str, dict[str, Any] | None]) -> bytes:
    """The file's bytes for ``{slug: matchrank dict}``."""
    index: dict[str, list[int]] = {}
    parts: list[bytes] = []
    offset = 0
    for slug, rank in ranks.items():
        blob = json.dumps(rank, ensure_ascii=False, default=str, separators=(",", ":")).encode()
        index[slug] = [offset, len(blob)]
        parts.append(blob)
        offset += len(blob)
    return json.dumps(index, separators=(",", ":")).encode() + b"\n" + b"".join(parts)


def decode_one(data: bytes, slug: str) -> tuple[bool, dict[str, Any] | None]:
    """(found, rank) for ``slug`` in the file's bytes; (False, None) when it is not in the table."""
    head, sep, body = data.partition(b"\n")
    if not sep:
        return False, None
    entry = json.loads(head).get(slug)
    if entry is None:
        return False, None
    start, length = entry
    return True, json.loads(body[start:start + length])


def write_all(engine: Engine) -> bool:
    """Compute MatchRank for the whole catalog and store it (True when stored)."""
    return write_table(engine) is not None


def write_table(engine: Engine) -> dict[str, dict[str, Any] | None] | None:
    """Compute MatchRank for the whole catalog and store it; the table, or None when nothing was stored
    (a store without a catalog version)."""
    stamp = _stamp(engine)
    if stamp is None:
        return None
    from matchgraph.service.rankings import all_standings

    table: dict[str, dict[str, Any] | None] = dict(all_standings(engine))
    disk_cache.write(_file(stamp), encode(table))
    return table


def lookup(engine: Engine) -> Lookup:
    """A ``slug -> MatchRank dict`` function reading the stored table; on a miss it computes the whole
    table once (as a passport would anyway) and stores it for the next command."""
    stamp = _stamp(engine)
    data = disk_cache.read(_file(stamp)) if stamp is not None else None
    table: dict[str, dict[str, Any] | None] | None = None

    def get(slug: str) -> dict[str, Any] | None:
        nonlocal table
        if data is not None:
            try:
                found, rank = decode_one(data, slug)
            except (ValueError, TypeError):
                found, rank = False, None
            if found:
                return rank
        if table is None:
            from matchgraph.service.rankings import all_standings

            table = all_standings(engine)
            if stamp is not None:
                disk_cache.write(_file(stamp), encode(table))
        return table.get(slug)

    return get
