"""Rendered pages kept in memory, keyed by the catalog version so a re-ingest invalidates them."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import RedirectResponse, Response

from matchgraph.service.context import Services

MIN_GZIP = 1024  # smaller bodies are not worth compressing
COMPARE_PREFIX = "/compare/"


def compare_key(scope: dict[str, Any]) -> str:
    """The page-cache key of a comparison page request: its path and query exactly as received (after
    content negotiation), so the route and the fast path of HttpCache find the same entry."""
    return f"compare|{scope.get('path', '')}?{scope.get('query_string', b'').decode('latin-1')}"


@dataclass(frozen=True)
class CachedPage:
    """A rendered page kept ready to send: the body, its gzip form (compressed once), or a redirect."""

    body: bytes
    gzipped: bytes | None
    media_type: str
    location: str | None = None
    etag: str = ""

    @classmethod
    def of(cls, body: bytes, media_type: str) -> CachedPage:
        """A page; bodies above ``MIN_GZIP`` bytes also keep a gzip-compressed copy."""
        packed = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_GZIP else None
        return cls(body, packed, media_type, etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')

    @classmethod
    def redirect(cls, location: str) -> CachedPage:
        """A permanent redirect to the canonical URL."""
        return cls(b"", None, "", location)

    def response(self, accept_encoding: str) -> Response:
        """The response for a client that sent ``accept_encoding``."""
        if self.location is not None:
            return RedirectResponse(self.location, status_code=301)
        if self.gzipped is not None and "gzip" in accept_encoding:
            return Response(self.gzipped, media_type=self.media_type,
                            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding",
                                     "ETag": self.etag[:-1] + '-gz"'})
        return Response(self.body, media_type=self.media_type, headers={"Vary": "Accept-Encoding", "ETag": self.etag})


class PageCache:
    """An LRU of rendered pages, each valid for its catalog version and at most ``max_age`` seconds.
    The catalog version is re-read at most once per ``ttl`` seconds, so a hit costs no database trip."""

    def __init__(self, services: Services, size: int, max_age: float, ttl: float = 1.0) -> None:
        self.services = services
        self.size = size
        self.max_age = max_age
        self.ttl = ttl
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[str, float, Any]] = OrderedDict()
        self._version = ""
        self._checked = float("-inf")

    def version(self) -> str:
        """The catalog version, refreshed from the store when older than ``ttl``."""
        now = time.monotonic()
        if now - self._checked >= self.ttl:
            self._version = self.services.catalog_version()
            self._checked = now
        return self._version

    def peek(self, key: str) -> Any:
        """A cached body for the current version, without touching the store (None when stale)."""
        now = time.monotonic()
        if now - self._checked >= self.ttl:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != self._version or now - hit[1] >= self.max_age:
                return None
            self._items.move_to_end(key)
            return hit[2]

    def get(self, key: str, render: Callable[[], Any]) -> Any:
        """The cached body for ``key``, rendering (and storing) it when missing or stale."""
        version = self.version()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version and time.monotonic() - hit[1] < self.max_age:
                self._items.move_to_end(key)
                return hit[2]
        body = render()
        with self._lock:
            self._items[key] = (version, time.monotonic(), body)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return body
