"""An on-disk cache of trust passports for ``matchgraph show``, keyed by the state of the catalog.

Opening the store (SQLAlchemy, migrations) costs far more than printing a passport, so for a SQLite
database ``show`` first reads the catalog's state with the standard library's ``sqlite3``: the schema
revision, the derivation time (the catalog version) and the counts of logged searches and outcomes
(which move "times matched" and success rates). A passport rendered for exactly that state is reused;
any change to the catalog or its events makes a new key, so a stale passport is never shown.
Any problem reading the stamp means "no cache", never an error.

Two kinds of entry: the passport of one typed key, stored by the ``show`` that built it; and the
index of every artifact's passport that ``init`` and ``ingest`` write for the catalog they leave
behind (:func:`write_index`), keyed by the same state and by the package's code (fast.code_stamp),
so the first ``show`` of any artifact after loading a catalog opens neither the store nor SQLAlchemy.
For the index a typed key is resolved to its slug as the store resolves it (queries.find_artifact:
the slug, else the alias folded by catalog.names.normalize_alias, most hosts first, then by slug),
here with ``sqlite3``; a key that resolves to nothing takes the slow path (its "did you mean").

Index layout: one JSON line ``{slug: [offset, length]}``, then each passport's JSON, zlib-compressed,
at those offsets (counted from the end of that line), so a lookup reads one header and one blob."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from matchgraph.cli import disk_cache

if TYPE_CHECKING:
    from pathlib import Path

FORMAT = "2"  # bumped when the passport gains fields (2: positions)
INDEX_FORMAT = "1"
_STAMP_SQL = (
    "SELECT (SELECT group_concat(version_num) FROM alembic_version),"
    " (SELECT value FROM catalog_meta WHERE key = 'derived_at'),"
    " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM match_events),"
    " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM outcomes)"
)
_SLUG_SQL = "SELECT slug FROM artifacts WHERE slug = ?"
_ALIAS_SQL = ("SELECT slug FROM artifacts WHERE id IN (SELECT artifact_id FROM aliases WHERE alias_norm = ?)"
              " ORDER BY hosts_count DESC, slug LIMIT 1")


def sqlite_path(db_url: str) -> str | None:
    """The file of a ``sqlite:///PATH`` URL (None for other databases or in-memory ones)."""
    if not db_url.startswith("sqlite:///") or "mode=memory" in db_url or db_url.endswith(":memory:"):
        return None
    return db_url.removeprefix("sqlite:///").split("?", 1)[0]


def _read_state(db_url: str, key: str | None) -> tuple[str | None, str | None]:
    """(catalog stamp, slug ``key`` resolves to), read in one connection; None for what cannot be read."""
    path = sqlite_path(db_url)
    if path is None or not os.path.isfile(path):
        return None, None
    slug = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(_STAMP_SQL).fetchone()
            if key is not None and row and row[1]:
                found = conn.execute(_SLUG_SQL, (key.strip().lower(),)).fetchone()
                if found is None:
                    from matchgraph.catalog.names import normalize_alias

                    found = conn.execute(_ALIAS_SQL, (normalize_alias(key),)).fetchone()
                slug = found[0] if found else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None, None
    if not row or not row[1]:
        return None, None  # an empty catalog: the slow path initialises it
    return "|".join(str(v) for v in (FORMAT, os.path.realpath(path), *row)), slug


def catalog_stamp(db_url: str) -> str | None:
    """The state the passports of this database depend on, or None when it cannot be read cheaply."""
    return _read_state(db_url, None)[0]


def cache_dir() -> Path:
    """Where passports are kept (``passports`` in the command line's cache, see disk_cache)."""
    return disk_cache.root() / "passports"


def _file(stamp: str, key: str) -> str:
    digest = hashlib.sha256(f"{stamp}\x00{key}".encode()).hexdigest()
    return disk_cache.path("passports", digest, ".json")


def _index_file(stamp: str) -> str:
    from matchgraph.cli.fast import code_stamp

    key = "\x00".join([INDEX_FORMAT, stamp, *code_stamp()])
    return disk_cache.path("catalog", hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest(), ".idx")


def _from_index(stamp: str, slug: str) -> dict[str, Any] | None:
    """The passport of ``slug`` in the index written for ``stamp``, if there is one."""
    file = _index_file(stamp)
    try:
        with open(file, "rb") as f:
            entry = json.loads(f.readline()).get(slug)
            if entry is None:
                return None
            f.seek(int(entry[0]), os.SEEK_CUR)
            blob = f.read(int(entry[1]))
        with contextlib.suppress(OSError):
            os.utime(file)  # a hit keeps the index from being pruned first (disk_cache.prune)
        return json.loads(zlib.decompress(blob))
    except (OSError, ValueError, TypeError, IndexError, AttributeError, zlib.error):
        return None


def load(db_url: str, key: str) -> dict[str, Any] | None:
    """The passport cached for ``key`` in the current state of the catalog, if any."""
    stamp, slug = _read_state(db_url, key)
    if stamp is None:
        return None
    data = disk_cache.read(_file(stamp, key))
    if data is None:
        return _from_index(stamp, slug) if slug is not None else None
    try:
        return json.loads(data)
    except ValueError:
        return None


def save(db_url: str, key: str, passport: dict[str, Any]) -> None:
    """Keep ``passport`` for ``key`` under the current state (best effort: a read-only cache dir is fine)."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return
    disk_cache.write(_file(stamp, key), json.dumps(passport, ensure_ascii=False, default=str).encode())


def write_index(db_url: str, passports: Iterable[tuple[str, dict[str, Any]]]) -> bool:
    """Store every artifact's passport, given as ``(slug, passport)`` pairs, for the catalog's current
    state (True when stored; nothing is stored for a database whose state catalog_stamp cannot read)."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return False
    index: dict[str, list[int]] = {}
    parts: list[bytes] = []
    offset = 0
    for slug, passport in passports:
        text = json.dumps(passport, ensure_ascii=False, default=str, separators=(",", ":"))
        blob = zlib.compress(text.encode(), 1)
        index[slug] = [offset, len(blob)]
        parts.append(blob)
        offset += len(blob)
    head = json.dumps(index, separators=(",", ":")).encode()
    disk_cache.write(_index_file(stamp), head + b"\n" + b"".join(parts))
    return True
