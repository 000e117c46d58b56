"""Write protection and abuse limits: API keys, token-bucket rate limits, request size limits.

Rate limits live in process memory: each web worker enforces its own buckets. Behind a load
balancer with N workers the effective limit per client is at most N times the configured one.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matchgraph.web.errors import error_body

MAX_TRACKED = 50_000  # identities kept per limiter before the least recently seen are forgotten


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by (scope, identity): ``per_minute`` requests, bursting up to that many."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[tuple[str, str], _Bucket] = OrderedDict()

    def hit(self, scope: str, identity: str, per_minute: int) -> float:
        """Take one token; returns 0 when allowed, else the seconds until a token is available."""
        if per_minute <= 0:  # a limit of 0 disables the bucket
            return 0.0
        now = self._clock()
        rate = per_minute / 60.0
        key = (scope, identity)
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = _Bucket(float(per_minute), now)
                self._buckets[key] = bucket
                if len(self._buckets) > MAX_TRACKED:
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(key)
                bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.updated) * rate)
                bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / rate


def retry_after_header(seconds: float) -> dict[str, str]:
    """``Retry-After`` in whole seconds (at least 1)."""
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


def bearer_token(authorization: str | None, x_api_key: str | None) -> str | None:
    """The API key from ``Authorization: Bearer …`` or ``X-API-Key``."""
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


class BodySizeLimit:
    """Reject request bodies above ``max_bytes`` with 413, by header and by counting streamed bytes."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length is not None and length > self.max_bytes:
            await _send_413(scope, send, self.max_bytes)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the app's body read, so the app's own handlers shape the 413.
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def _too_large(max_bytes: int) -> str:
    return f"the request body is larger than the {max_bytes:,} bytes this server accepts"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(scope: Scope, send: Send, max_bytes: int) -> None:
    body = json.dumps(error_body(413, _too_large(max_bytes))).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class McpGate:
    """The MCP endpoint's front door: tool calls share the search rate limit per client address."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, per_minute: int) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            client = scope.get("client")
            wait = self.limiter.hit("search", f"ip:{client[0] if client else 'unknown'}", self.per_minute)
            if wait > 0:
                body = json.dumps(error_body(429, f"too many requests; the limit is {self.per_minute} a minute"))
                headers = [(b"content-type", b"application/json"),
                           *((k.lower().encode(), v.encode()) for k, v in retry_after_header(wait).items())]
                await send({"type": "http.response.start", "status": 429, "headers": headers})
                await send({"type": "http.response.body", "body": body.encode()})
                return
        await self.app(scope, receive, send)
