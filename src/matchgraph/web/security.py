"""Write protection and abuse limits: client identity, token-bucket rate limits, request size limits.

Client identity: the socket peer's address, unless the peer is one of the operator's trusted proxies
(``Settings.trusted_proxies``, none by default); only then is ``X-Forwarded-For`` read, from the
right, skipping trusted hops. A forged header from anyone else is ignored.

Rate limits: :class:`StoreRateLimiter` keeps the buckets in the store's ``rate_limits`` table, updated
by one atomic upsert per request, so every worker process and replica on the same database shares
them. :class:`RateLimiter` keeps them in process memory (``rate_limit_store = "memory"``).
"""

from __future__ import annotations

import ipaddress
import json
import math
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from anyio import to_thread
from sqlalchemy import case, delete, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matchgraph.store.schema import rate_limits
from matchgraph.web.errors import error_body

MAX_TRACKED = 50_000  # identities kept per limiter before the least recently seen are forgotten


@dataclass
class _Bucket:
    tokens: float
    updated: float


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR ranges (``10.0.0.0/8``, ``::1``); raises ValueError naming a bad entry."""
    out = []
    for v in values:
        try:
            out.append(ipaddress.ip_network(v.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted proxy {v!r} is not an IP address or CIDR range") from exc
    return tuple(out)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in n for n in networks)


def client_ip(scope: Scope, networks: tuple[Network, ...]) -> str:
    """The client address for limits and logs: the peer, or from ``X-Forwarded-For`` when (and only
    when) the peer is a trusted proxy; the right-most address that is not a trusted proxy wins."""
    peer = scope.get("client")
    address = str(peer[0]) if peer else "unknown"
    if not networks or not _trusted(address, networks):
        return address
    hops: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            hops.extend(h.strip() for h in value.decode("latin-1").split(","))
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # a malformed hop: fall back to the proxy itself
    return address


class Limiter(Protocol):
    """What the web layer needs from a rate limiter."""

    def hit(self, scope: str, identity: str, per_minute: int) -> float: ...


class RateLimiter:
    """Token buckets in process memory keyed by (scope, identity): ``per_minute`` requests, bursting
    up to that many."""

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


class StoreRateLimiter:
    """Token buckets in the store's ``rate_limits`` table, shared by every process using the store.

    One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per hit refills and takes a token atomically on
    SQLite and PostgreSQL, so concurrent workers never both spend the last token. Buckets idle for an
    hour are deleted now and then.

    A bucket found empty stays empty until its next token is due (workers only take tokens, time alone
    adds them), so until then this process rejects from memory without a write: a client hammering
    past its limit costs a dictionary lookup per request instead of a database transaction.
    """

    PRUNE_AFTER = 3600.0
    PRUNE_CHANCE = 0.001

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._clock = clock
        self._lock = threading.Lock()
        self._empty_until: OrderedDict[str, float] = OrderedDict()

    @staticmethod
    def _bucket(scope: str, identity: str) -> str:
        return f"{scope}|{identity}"[:255]

    def known_wait(self, scope: str, identity: str) -> float:
        """Seconds until the bucket's next token when this process already saw it empty, else 0."""
        bucket = self._bucket(scope, identity)
        with self._lock:
            until = self._empty_until.get(bucket)
            if until is None:
                return 0.0
            wait = until - self._clock()
            if wait <= 0:
                del self._empty_until[bucket]
                return 0.0
            return wait

    def hit(self, scope: str, identity: str, per_minute: int) -> float:
        """Take one token; returns 0 when allowed, else the seconds until a token is available."""
        if per_minute <= 0:
            return 0.0
        known = self.known_wait(scope, identity)
        if known > 0:
            return known
        now = self._clock()
        cap = float(per_minute)
        rate = per_minute / 60.0
        bucket = self._bucket(scope, identity)
        dialect = postgresql if self._engine.dialect.name == "postgresql" else sqlite
        t = rate_limits.c
        stmt = dialect.insert(rate_limits).values(bucket=bucket, tokens=cap - 1.0, updated=now, granted=True)
        refilled = t.tokens + (literal(now) - t.updated) * literal(rate)
        refilled = case((refilled > cap, literal(cap)), else_=refilled)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.bucket],
            set_={"tokens": case((refilled >= 1.0, refilled - 1.0), else_=refilled),
                  "granted": refilled >= 1.0, "updated": literal(now)},
        ).returning(t.tokens, t.granted)
        with self._engine.begin() as conn:
            tokens, granted = conn.execute(stmt).one()
            if random.random() < self.PRUNE_CHANCE:
                conn.execute(delete(rate_limits).where(t.updated < now - self.PRUNE_AFTER))
        if granted:
            return 0.0
        wait = (1.0 - float(tokens)) / rate
        with self._lock:
            self._empty_until[bucket] = now + wait
            self._empty_until.move_to_end(bucket)
            if len(self._empty_until) > MAX_TRACKED:
                self._empty_until.popitem(last=False)
        return wait


async def hit_async(limiter: Limiter, scope: str, identity: str, per_minute: int) -> float:
    """:meth:`Limiter.hit` off the event loop when it touches the database."""
    if per_minute <= 0:  # a disabled limit answers at once; a thread hop would cost more than the check
        return 0.0
    if isinstance(limiter, StoreRateLimiter):
        known = limiter.known_wait(scope, identity)  # a bucket seen empty: rejected without a thread hop
        return known if known > 0 else await to_thread.run_sync(limiter.hit, scope, identity, per_minute)
    return limiter.hit(scope, identity, per_minute)


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
    """The MCP endpoint's front door: tool calls share the search rate limit per key or client address,
    and the caller's identity (address, API key) reaches the tools through the request scope."""

    def __init__(self, app: ASGIApp, limiter: Limiter, per_minute: int,
                 networks: tuple[Network, ...] = ()) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute
        self.networks = networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            address = client_ip(scope, self.networks)
            scope.setdefault("state", {})["matchgraph_client"] = address
            wait = await hit_async(self.limiter, "search", f"ip:{address}", self.per_minute)
            if wait > 0:
                body = json.dumps(error_body(429, f"too many requests; the limit is {self.per_minute} a minute"))
                headers = [(b"content-type", b"application/json"),
                           *((k.lower().encode(), v.encode()) for k, v in retry_after_header(wait).items())]
                await send({"type": "http.response.start", "status": 429, "headers": headers})
                await send({"type": "http.response.body", "body": body.encode()})
                return
        await self.app(scope, receive, send)
