"""An on-disk cache of trust passports for ``matchgraph show``, keyed by the state of the catalog.

Opening the store (SQLAlchemy, migrations) costs far more than printing a passport, so ``show`` first
reads the catalog's state with the driver alone (the standard library's ``sqlite3`` for a SQLite file,
psycopg for PostgreSQL): the schema revision, the catalog version (derivation time, and the derivation id
that tells apart two derivations within the same second), the keyed searches and outcomes that move
MatchRank (the fingerprint service.rankings.events_fingerprint reads) and where the catalog lives (the
SQLite file; the PostgreSQL server, database and schema that answered, whatever the URL's spelling). A
passport rendered for exactly that state is reused; any change to it makes a new key, so a stale passport
is never shown. Anonymous searches change none of it: what they move, each capability's "times matched"
(and outcomes its successes and failures), is read live from ``capability_stats`` at show time and
written over the cached passport's counters, so a logged search never makes the next ``show`` rebuild.
Any problem reading the state means "no cache", never an error.

Two kinds of entry: the passport of one typed key, stored by the ``show`` that built it; and the
index of every artifact's passport that ``init`` and ``ingest`` write for the catalog they leave
behind (:func:`write_index`), keyed by the same state and by the package's code (fast.code_stamp),
so the first ``show`` of any artifact after loading a catalog opens neither the store nor SQLAlchemy.
For the index a typed key is resolved to its slug as the store resolves it (queries.find_artifact:
the slug, else the alias folded by catalog.names.normalize_alias, most hosts first, then by slug),
here with the driver; a key that resolves to nothing takes the slow path (its "did you mean").

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
from matchgraph.rank.success import success_rate

if TYPE_CHECKING:
    from pathlib import Path

FORMAT = "4"  # bumped when the passport or the state it is keyed by changes (4: PostgreSQL too)
INDEX_FORMAT = "1"
# Keyed events are those whose client starts with "key:" (rank.clients): on SQLite's binary order that is
# the range below, which the index on match_events.client serves (LIKE there ignores case and the index).
_STAMP_SQL = (
    "SELECT (SELECT group_concat(version_num) FROM alembic_version),"
    " (SELECT value FROM catalog_meta WHERE key = 'derived_at'),"
    " (SELECT value FROM catalog_meta WHERE key = 'derivation'),"
    " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM match_events"
    "  WHERE client >= 'key:' AND client < 'key;'),"
    " (SELECT count(*) || ':' || coalesce(max(id), 0) FROM outcomes)"
)
_SLUG_SQL = "SELECT slug FROM artifacts WHERE slug = ?"
_ALIAS_SQL = ("SELECT slug FROM artifacts WHERE id IN (SELECT artifact_id FROM aliases WHERE alias_norm = ?)"
              " ORDER BY hosts_count DESC, slug LIMIT 1")
_COUNTERS_SQL = "SELECT capability_uri, times_matched, successes, failures FROM capability_stats WHERE slug = ?"
# The same on PostgreSQL (no rowid: keyed events are counted with their latest time, as
# service.rankings.events_fingerprint counts them; LIKE 'key:%' is what the text_pattern_ops index serves),
# and which server, database and schema answered: the catalog's place, whatever the URL's spelling.
_PG_STAMP_SQL = (
    "SELECT (SELECT string_agg(version_num, ',') FROM alembic_version),"
    " (SELECT value FROM catalog_meta WHERE key = 'derived_at'),"
    " (SELECT value FROM catalog_meta WHERE key = 'derivation'),"
    " (SELECT count(*) || ':' || coalesce(max(created_at), '') FROM match_events WHERE client LIKE 'key:%'),"
    " (SELECT count(*) || ':' || coalesce(max(id), 0) FROM outcomes),"
    " current_database(), current_schema(), inet_server_addr(), inet_server_port()"
)
_PG_SLUG_SQL = _SLUG_SQL.replace("?", "%s")
_PG_ALIAS_SQL = _ALIAS_SQL.replace("?", "%s")
_PG_COUNTERS_SQL = _COUNTERS_SQL.replace("?", "%s")

Counters = dict[str, tuple[int, int, int]]


def sqlite_path(db_url: str) -> str | None:
    """The file of a ``sqlite:///PATH`` URL (None for other databases or in-memory ones)."""
    if not db_url.startswith("sqlite:///") or "mode=memory" in db_url or db_url.endswith(":memory:"):
        return None
    return db_url.removeprefix("sqlite:///").split("?", 1)[0]


def postgres_dsn(db_url: str) -> str | None:
    """The libpq URI of a ``postgresql[+driver]://`` URL (None for other databases)."""
    scheme, sep, rest = db_url.partition("://")
    if not sep or scheme.split("+", 1)[0] not in ("postgresql", "postgres"):
        return None
    return f"postgresql://{rest}"


class _State:
    """What one read of the database says: the catalog stamp (None: no cache), the slug a typed key
    resolves to and that slug's live counters."""

    __slots__ = ("counters", "slug", "stamp")

    def __init__(self, stamp: str | None = None, slug: str | None = None, counters: Counters | None = None) -> None:
        self.stamp, self.slug, self.counters = stamp, slug, counters or {}


def _resolve(execute: Any, key: str, slug_sql: str, alias_sql: str, counters_sql: str) -> tuple[str | None, Counters]:
    """The slug ``key`` resolves to (as queries.find_artifact resolves it) and its counters."""
    found = execute(slug_sql, (key.strip().lower(),)).fetchone()
    if found is None:
        from matchgraph.catalog.names import normalize_alias

        found = execute(alias_sql, (normalize_alias(key),)).fetchone()
    if not found:
        return None, {}
    slug = found[0]
    return slug, {uri: (int(t), int(s), int(f)) for uri, t, s, f in execute(counters_sql, (slug,)).fetchall()}


def _read_sqlite(path: str, key: str | None) -> _State:
    if not os.path.isfile(path):
        return _State()
    slug = None
    counters: Counters = {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute(_STAMP_SQL).fetchone()
            if key is not None and row and row[1]:
                slug, counters = _resolve(conn.execute, key, _SLUG_SQL, _ALIAS_SQL, _COUNTERS_SQL)
        finally:
            conn.close()
    except sqlite3.Error:
        return _State()
    if not row or not row[1]:
        return _State()  # an empty catalog: the slow path initialises it
    return _State("|".join(str(v) for v in (FORMAT, os.path.realpath(path), *row)), slug, counters)


def _read_postgres(dsn: str, key: str | None) -> _State:
    """The state read with psycopg alone (no SQLAlchemy, no migration check), read-only, in one
    transaction so the stamp, the slug and its counters are one snapshot."""
    try:
        import psycopg
    except ImportError:
        return _State()
    slug = None
    counters: Counters = {}
    try:
        with psycopg.connect(dsn, connect_timeout=3, autocommit=False) as conn:
            conn.read_only = True
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            row = conn.execute(_PG_STAMP_SQL).fetchone()
            if key is not None and row and row[1]:
                slug, counters = _resolve(conn.execute, key, _PG_SLUG_SQL, _PG_ALIAS_SQL, _PG_COUNTERS_SQL)
            conn.rollback()
    except (psycopg.Error, OSError, ValueError):
        return _State()
    if not row or not row[1]:
        return _State()
    return _State("|".join(str(v) for v in (FORMAT, "postgresql", *row)), slug, counters)


# The state show_stamp read for (URL, key), for the load that follows it in the same process (a replay
# miss): one connection per show, not two. load takes it once; every other read goes to the database.
_READ: dict[tuple[str, str], _State] = {}


def _read_state(db_url: str, key: str | None) -> _State:
    """The catalog's state and, for ``key``, its slug and counters, read in one connection (SQLite
    files and PostgreSQL; any other database has no cache)."""
    path = sqlite_path(db_url)
    if path is not None:
        return _read_sqlite(path, key)
    dsn = postgres_dsn(db_url)
    if dsn is not None:
        return _read_postgres(dsn, key)
    return _State()


def catalog_stamp(db_url: str) -> str | None:
    """The state the cached passports of this database depend on, or None when it cannot be read cheaply."""
    return _read_state(db_url, None).stamp


def show_stamp(db_url: str, key: str, counters: bool = True) -> str | None:
    """The state a whole ``show KEY`` output depends on: the catalog stamp, the slug ``key`` resolves to
    and, with ``counters`` (the JSON prints them; the text does not, see render.render_passport), that
    slug's live counters (None for a key that resolves to nothing here, or no cheap state)."""
    state = _read_state(db_url, key)
    _READ[(db_url, key)] = state
    if state.stamp is None or state.slug is None:
        return None
    counted = ",".join(f"{uri}:{t}:{s}:{f}" for uri, (t, s, f) in sorted(state.counters.items())) if counters else ""
    return f"{state.stamp}|{state.slug}|{counted}"


def with_counters(passport: dict[str, Any], counters: Counters) -> dict[str, Any]:
    """``passport`` with each capability's counters and success rate as ``counters`` holds them
    (a capability absent there has none), as service.passport builds them."""
    for cap in passport.get("capabilities") or []:
        times, successes, failures = counters.get(cap.get("uri"), (0, 0, 0))
        cap["times_matched"], cap["successes"], cap["failures"] = times, successes, failures
        cap["success_rate"] = success_rate(successes, failures)
    return passport


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
    """The passport cached for ``key`` in the current state of the catalog, with live counters, if any."""
    state = _READ.pop((db_url, key), None) or _read_state(db_url, key)
    if state.stamp is None:
        return None
    data = disk_cache.read(_file(state.stamp, key))
    if data is None:
        found = _from_index(state.stamp, state.slug) if state.slug is not None else None
    else:
        try:
            found = json.loads(data)
        except ValueError:
            return None
    if not isinstance(found, dict) or found.get("slug") != state.slug:
        return None  # counters are read for the slug the key resolves to; anything else is rebuilt
    return with_counters(found, state.counters)


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
