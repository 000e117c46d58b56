"""Engines: SQLite (WAL) by default, PostgreSQL for deployments."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import StaticPool

from matchgraph.settings import Settings
from matchgraph.store import json_codec

# Every JSON column on either backend goes through one codec (non-finite floats, see json_codec).
_JSON = {"json_serializer": json_codec.dumps, "json_deserializer": json_codec.loads}


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, unreachable server, old schema)."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_store_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for ``url``; SQLite files get their directory created and WAL enabled."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:")
        if not in_memory:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict = {"echo": echo, **_JSON}
        if in_memory:
            # One shared connection, or every checkout would see a different empty database.
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        return create_engine(url, echo=echo, pool_pre_ping=True, **_JSON)
    raise StoreError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql+psycopg://…")


def open_store(settings: Settings, migrate: bool = True) -> Engine:
    """Open the configured database and bring its schema up to date."""
    from matchgraph.store.migrate import upgrade

    engine = create_store_engine(settings.db_url, echo=settings.echo_sql)
    try:
        if migrate:
            upgrade(engine)
        else:
            with engine.connect():
                pass
    except DBAPIError as exc:
        raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.orig}") from exc
    return engine
