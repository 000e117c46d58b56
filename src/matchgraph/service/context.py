"""The service handle shared by CLI, web and MCP: an engine plus caches keyed by catalog version."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.store.read_model import CatalogView, load_catalog_view
from matchgraph.store.schema import catalog_meta

T = TypeVar("T")


class Services:
    """One per process (or per app). Derived structures (the read model, search indexes, rankings)
    are built lazily and rebuilt when the catalog's ``derived_at`` changes."""

    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.settings = settings or Settings(db_url=str(engine.url))
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[str, Any]] = {}
        self._throttle: dict[str, tuple[float, Any]] = {}

    @classmethod
    def open(cls, settings: Settings) -> Services:
        """Open (and migrate) the configured store."""
        return cls(open_store(settings), settings)

    def catalog_version(self) -> str:
        """The derivation timestamp of the catalog in the store ('' when empty)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(catalog_meta.c.value).where(catalog_meta.c.key == "derived_at")
            ).scalar_one_or_none()
        return value or ""

    def cached(self, name: str, build: Callable[[], T], version: str | None = None) -> T:
        """``build()`` once per catalog version; later calls return the same object."""
        version = self.catalog_version() if version is None else version
        with self._lock:
            hit = self._cache.get(name)
            if hit is not None and hit[0] == version:
                return hit[1]
        value = build()
        with self._lock:
            self._cache[name] = (version, value)
        return value

    def throttled(self, name: str, seconds: float, compute: Callable[[], T]) -> T:
        """``compute()`` at most once every ``seconds``; in between, its last value."""
        now = time.monotonic()
        with self._lock:
            hit = self._throttle.get(name)
            if hit is not None and now - hit[0] < seconds:
                return hit[1]
        value = compute()
        with self._lock:
            self._throttle[name] = (now, value)
        return value

    def invalidate(self) -> None:
        """Forget every cached structure (after a write that changes derived data)."""
        with self._lock:
            self._cache.clear()
            self._throttle.clear()

    def view(self) -> CatalogView:
        """The in-memory read model of the catalog."""

        def build() -> CatalogView:
            with self.engine.connect() as conn:
                return load_catalog_view(conn)

        return self.cached("catalog_view", build)
