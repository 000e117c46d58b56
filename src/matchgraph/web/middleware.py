"""Pure-ASGI middleware: structured access logs and security headers (cheap on every request)."""

from __future__ import annotations

import json
import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("matchgraph.access")

# Pages carry no inline script or style, so the policy can forbid both; SVG charts are inline markup.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]


class AccessLog:
    """One JSON line per request (method, path, status, bytes, duration, client, request id) and the
    security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        status = 500
        size = 0

        async def wrapped(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                present = {k.lower() for k, _ in headers}
                headers.extend(h for h in _HEADERS if h[0] not in present)
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                access_log.info(json.dumps({
                    "ts": round(time.time(), 3), "id": request_id, "method": scope.get("method"),
                    "path": scope.get("path"), "query": scope.get("query_string", b"").decode("latin-1")[:200],
                    "status": status, "bytes": size, "ms": round((time.perf_counter() - started) * 1000, 2),
                    "client": client[0] if client else None,
                }, separators=(",", ":")))


# --------------------------------------------------------------------------- unparseable requests

PARSE_ERROR_MESSAGE = (
    "the HTTP request could not be parsed: send the request line in ASCII, with non-ASCII query text "
    "percent-encoded as UTF-8 (e.g. q=%E4%B8%AD%E6%96%87), and keep the URL and headers under 64 KiB"
)


def parse_error_response() -> bytes:
    """A complete HTTP/1.1 400 response in the API's JSON error shape (sent before any routing)."""
    body = json.dumps({"error": {"status": 400, "code": "bad_request", "message": PARSE_ERROR_MESSAGE}}).encode()
    head = [b"HTTP/1.1 400 Bad Request", b"content-type: application/json",
            b"content-length: " + str(len(body)).encode(), b"connection: close",
            *(k + b": " + v for k, v in _HEADERS)]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def json_error_protocol() -> type:
    """uvicorn's HTTP protocol class (httptools when installed, else h11) answering requests it cannot
    parse with the JSON error shape instead of a plain-text line."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # httptools is optional in uvicorn
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class JsonErrorProtocol(Base):  # type: ignore[misc, valid-type]
        def send_400_response(self, msg: str) -> None:
            access_log.info(json.dumps({"ts": round(time.time(), 3), "status": 400, "error": msg}))
            self.transport.write(parse_error_response())
            self.transport.close()

    return JsonErrorProtocol
