"""An on-disk cache of trust passports for ``matchgraph show``, keyed by the state of the catalog.

Opening the store (SQLAlchemy, migrations) costs far more than printing a passport, so for a SQLite
database ``show`` first reads the catalog's state with the standard library's ``sqlite3``: the schema
revision, the derivation time (the catalog version) and the counts of logged searches and outcomes
(which move "times matched" and success rates). A passport rendered for exactly that state is reused;
any change to the catalog or its events makes a new key, so a stale passport is never shown.
Any problem reading the stamp means "no cache", never an error."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from matchgraph.cli import disk_cache

FORMAT = "2"  # bumped when the passport gains fields (2: positions)
_STAMP_SQL = (
    "SELECT (SELECT group_concat(version_num) FROM alembic_version),"
    " (SELECT value FROM catalog_meta WHERE key = 'derived_at'),"
    " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM match_events),"
    " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM outcomes)"
)


def sqlite_path(db_url: str) -> Path | None:
    """The file of a ``sqlite:///PATH`` URL (None for other databases or in-memory ones)."""
    if not db_url.startswith("sqlite:///") or "mode=memory" in db_url or db_url.endswith(":memory:"):
        return None
    return Path(db_url.removeprefix("sqlite:///").split("?", 1)[0])


def catalog_stamp(db_url: str) -> str | None:
    """The state the passports of this database depend on, or None when it cannot be read cheaply."""
    path = sqlite_path(db_url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(_STAMP_SQL).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if not row or not row[1]:
        return None  # an empty catalog: the slow path initialises it
    return "|".join(str(v) for v in (FORMAT, str(path.resolve()), *row))


def cache_dir() -> Path:
    """Where passports are kept (``passports`` in the command line's cache, see disk_cache)."""
    return disk_cache.root() / "passports"


def _file(stamp: str, key: str) -> Path:
    digest = hashlib.sha256(f"{stamp}\x00{key}".encode()).hexdigest()
    return disk_cache.path("passports", digest, ".json")


def load(db_url: str, key: str) -> dict[str, Any] | None:
    """The passport cached for ``key`` in the current state of the catalog, if any."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return None
    data = disk_cache.read(_file(stamp, key))
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def save(db_url: str, key: str, passport: dict[str, Any]) -> None:
    """Keep ``passport`` for ``key`` under the current state (best effort: a read-only cache dir is fine)."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return
    disk_cache.write(_file(stamp, key), json.dumps(passport, ensure_ascii=False, default=str).encode())
