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
import os
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs

FORMAT = "1"
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
    """Where passports are kept (the user's cache directory)."""
    return Path(platformdirs.user_cache_dir("matchgraph", appauthor=False)) / "passports"


def _file(stamp: str, key: str) -> Path:
    digest = hashlib.sha256(f"{stamp}\x00{key}".encode()).hexdigest()
    return cache_dir() / digest[:2] / f"{digest}.json"


def load(db_url: str, key: str) -> dict[str, Any] | None:
    """The passport cached for ``key`` in the current state of the catalog, if any."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return None
    try:
        return json.loads(_file(stamp, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(db_url: str, key: str, passport: dict[str, Any]) -> None:
    """Keep ``passport`` for ``key`` under the current state (best effort: a read-only cache dir is fine)."""
    stamp = catalog_stamp(db_url)
    if stamp is None:
        return
    path = _file(stamp, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(passport, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
