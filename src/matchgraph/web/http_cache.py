"""HTTP caching and compression for pages, their JSON twins and static files (pure ASGI).

* Content negotiation: a page request whose ``Accept`` header prefers ``application/json`` to HTML is
  answered with the page's JSON twin (as if ``?format=json`` were given).
* Every successful GET of a page, twin or static file gets an ``ETag`` (a hash of the body unless
  the handler set one), a ``Cache-Control`` policy and ``Vary``; a matching ``If-None-Match`` gets
  ``304 Not Modified`` with no body.
* Bodies of text types above ``MIN_GZIP`` bytes are gzip-compressed for clients that accept it; the
  compressed form of a body is kept by ETag, so a popular page or script is compressed once.

The JSON API (``/api/``), the OpenAPI document's own endpoint, MCP and health checks pass through
untouched: their caching is theirs to decide.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matchgraph.web.cache import COMPARE_PREFIX, compare_key

MIN_GZIP = 1024
PASS_THROUGH = ("/api/", "/mcp", "/healthz", "/readyz")
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml",
                b"application/xml")
# Static files are versioned with the package, pages with the catalog (which changes on ingest).
STATIC_POLICY = b"public, max-age=3600"
PAGE_POLICY = b"public, max-age=60, stale-while-revalidate=600"
PRIVATE_POLICY = b"private, no-cache"  # search results: each one is a logged event


def _cached_page(scope: Scope) -> Any:
    """The page cache's entry for this comparison-page request, when it holds a current page."""
    state = getattr(getattr(scope.get("app"), "state", None), "web", None)
    pages = getattr(state, "pages", None)
    if pages is None:
        return None
    hit = pages.peek(compare_key(scope))
    return hit if hit is not None and hit.location is None else None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def prefers_json(accept: str) -> bool:
    """True when ``accept`` ranks ``application/json`` above ``text/html`` (q-values honoured)."""
    best: dict[str, float] = {}
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        best[kind] = max(q, best.get(kind, 0.0))
    json_q = best.get("application/json", 0.0)
    html_q = max(best.get("text/html", 0.0), best.get("text/*", 0.0), best.get("*/*", 0.0) * 0.99)
    return json_q > 0 and json_q > html_q


def etag_matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """RFC 9110 weak comparison of an ``If-None-Match`` list with one ETag."""
    if not if_none_match:
        return False
    if if_none_match.strip() == b"*":
        return True
    bare = etag.removeprefix(b"W/")
    return any(t.strip().removeprefix(b"W/") == bare for t in if_none_match.split(b","))


class _Compressed:
    """An LRU of gzip bodies by ETag."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[bytes, bytes] = OrderedDict()

    def get(self, etag: bytes, body: bytes) -> bytes:
        with self._lock:
            hit = self._items.get(etag)
            if hit is not None:
                self._items.move_to_end(etag)
                return hit
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        with self._lock:
            self._items[etag] = packed
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return packed


class HttpCache:
    """Negotiation, ETag/304, Cache-Control and gzip for every page, twin and static file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.compressed = _Compressed()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or path.startswith(PASS_THROUGH):
            await self.app(scope, receive, send)
            return
        req_headers = dict(scope.get("headers") or [])
        static = path.startswith("/static/") or path.startswith("/docs/")
        negotiated = False
        query = scope.get("query_string", b"")
        if not static and b"format=" not in query and path not in ("/openapi.json", "/sitemap.xml") \
                and prefers_json(req_headers.get(b"accept", b"").decode("latin-1")):
            scope = {**scope, "query_string": (query + b"&" if query else b"") + b"format=json"}
            negotiated = True
        gzip_ok = b"gzip" in req_headers.get(b"accept-encoding", b"")
        if_none_match = req_headers.get(b"if-none-match")
        hit = _cached_page(scope) if path.startswith(COMPARE_PREFIX) else None
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def wrapped(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if message["status"] != 200:
                    passing = True
                    await send(message)
                    return
                etag = _header(headers, b"etag")
                if etag is not None and _header(headers, b"content-encoding") is not None:
                    # Already compressed and tagged (the comparison-page cache): no buffering.
                    passing = True
                    self._policy(headers, path, static, negotiated)
                    plain = etag.replace(b'-gz"', b'"')
                    if etag_matches(if_none_match, etag) or etag_matches(if_none_match, plain):
                        await send(self._not_modified(headers))
                        await send({"type": "http.response.body", "body": b""})
                        passing = False
                        start = {"done": True}
                        return
                    await send({**message, "headers": headers})
                    return
                start = {**message, "headers": headers}
                return
            if passing:
                await send(message)
                return
            if start is not None and start.get("done"):
                return  # the body of a response answered with 304
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(send, start or {}, b"".join(chunks), path, static, negotiated, gzip_ok,
                               if_none_match)

        if hit is not None:
            # A comparison page already rendered for this catalog version: the response the route
            # would build from the same entry, without routing and dependency resolution.
            await hit.response(req_headers.get(b"accept-encoding", b"").decode("latin-1"))(scope, receive, wrapped)
            return
        await self.app(scope, receive, wrapped)

    @staticmethod
    def _policy(headers: list[tuple[bytes, bytes]], path: str, static: bool, negotiated: bool) -> None:
        present = {k.lower() for k, _ in headers}
        if b"cache-control" not in present:
            policy = STATIC_POLICY if static else (PRIVATE_POLICY if path == "/search" else PAGE_POLICY)
            headers.append((b"cache-control", policy))
        vary = [v for k, v in headers if k.lower() == b"vary"]
        wanted = b"Accept-Encoding" if static else b"Accept, Accept-Encoding"
        headers[:] = [(k, v) for k, v in headers if k.lower() != b"vary"]
        merged = {p.strip() for v in vary for p in v.split(b",") if p.strip()} | set(wanted.split(b", "))
        headers.append((b"vary", b", ".join(sorted(merged))))

    @staticmethod
    def _not_modified(headers: list[tuple[bytes, bytes]]) -> Message:
        keep = {b"etag", b"cache-control", b"vary", b"content-location"}
        return {"type": "http.response.start", "status": 304,
                "headers": [(k, v) for k, v in headers if k.lower() in keep]}

    async def _finish(self, send: Send, start: Message, body: bytes, path: str, static: bool, negotiated: bool,
                      gzip_ok: bool, if_none_match: bytes | None) -> None:
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", ()))
        etag = _header(headers, b"etag")
        if etag is None:
            etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
            headers.append((b"etag", etag))
        self._policy(headers, path, static, negotiated)
        # The gzip form is another representation, so it gets its own tag; either tag revalidates.
        gz_etag = etag[:-1] + b'-gz"' if etag.endswith(b'"') else etag + b"-gz"
        ctype = _header(headers, b"content-type") or b""
        compress = (gzip_ok and len(body) >= MIN_GZIP and _header(headers, b"content-encoding") is None
                    and ctype.startswith(COMPRESSIBLE))
        if compress:
            headers = [(k, gz_etag if k.lower() == b"etag" else v) for k, v in headers]
        if etag_matches(if_none_match, etag) or etag_matches(if_none_match, gz_etag):
            await send(self._not_modified(headers))
            await send({"type": "http.response.body", "body": b""})
            return
        if compress:
            body = self.compressed.get(etag, body)
            headers.append((b"content-encoding", b"gzip"))
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
