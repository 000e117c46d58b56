"""One error shape for every API error, and HTML error pages for people.

API (and ``?format=json``) errors are ``{"error": {"status", "code", "message", "suggestions"?}}``.
Service and store exceptions are translated here, so handlers never build error responses.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from matchgraph.service.errors import ConflictError, ForbiddenError, NotFoundError, ServiceError
from matchgraph.sources.errors import SourceError
from matchgraph.store import StoreError

log = logging.getLogger("matchgraph.web")

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited",
    500: "internal_error", 503: "database_unavailable",
}
DB_DOWN_MESSAGE = ("The catalog database is unavailable right now, so this request could not be answered. "
                   "Nothing was changed; try again in a few seconds.")
RETRY_AFTER_DB = "5"


class ApiError(Exception):
    """An error raised by the web layer itself (auth, rate limits, bad parameters)."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 suggestions: list[str] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.suggestions = suggestions
        self.headers = headers or {}


def error_body(status: int, message: str, code: str | None = None,
               suggestions: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """The error payload; ``suggestions`` is present only when there are some, and ``extra`` fields
    (``stored`` on a 409, ``owner`` on a 403) only when given."""
    inner: dict[str, Any] = {"status": status, "code": code or CODES.get(status, "error"), "message": message}
    if suggestions:
        inner["suggestions"] = suggestions
    inner.update({k: v for k, v in extra.items() if v is not None})
    return {"error": inner}


def wants_json(path: str, query_format: str | None) -> bool:
    """API and health paths answer JSON; pages answer JSON only when asked with ``?format=json``."""
    return path.startswith(("/api/", "/openapi", "/mcp", "/healthz", "/readyz")) or query_format == "json"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path", "header"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _similar(request: Request) -> list[dict[str, str]]:
    """Artifacts named like what a 404 page's URL asked for (empty when the catalog cannot be read)."""
    from matchgraph.web.listing import similar_artifacts

    path = request.url.path
    for prefix in ("/artifacts/", "/compare/"):
        if path.startswith(prefix):
            wanted = path.removeprefix(prefix).split("/vs/")[-1]
            break
    else:
        if path != "/compare":
            return []  # capability and other paths have their own suggestions
        wanted = request.query_params.get("b") or request.query_params.get("a") or ""
    try:
        return similar_artifacts(request.app.state.web.services.view(), wanted)
    except Exception:  # a 404 page still renders when the store is down
        return []


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Register translations from exceptions to the JSON error shape or an HTML page."""

    def respond(request: Request, status: int, message: str, *, code: str | None = None,
                suggestions: list[str] | None = None, headers: dict[str, str] | None = None,
                statement: str | None = None, **extra: Any) -> Response:
        body = error_body(status, message, code, suggestions, **extra)
        if wants_json(request.url.path, request.query_params.get("format")):
            return JSONResponse(body, status_code=status, headers=headers)
        # The page lists suggestions once, under the message: the message itself then leaves them out.
        return templates.TemplateResponse(
            request, "error.html", {"error": body["error"], "title": f"{status} · matchgraph",
                                    "statement": statement or message,
                                    "similar": _similar(request) if status == 404 else []},
            status_code=status, headers=headers,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing is served at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, _validation_message(exc))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.message, code=exc.code, suggestions=exc.suggestions,
                       headers=exc.headers)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return respond(request, 404, str(exc), suggestions=exc.suggestions, statement=exc.statement)

    @app.exception_handler(ConflictError)
    async def duplicate(request: Request, exc: ConflictError) -> Response:
        return respond(request, 409, str(exc), code="conflict", stored=exc.stored or None)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, exc: ForbiddenError) -> Response:
        return respond(request, 403, str(exc), code="forbidden", owner=exc.owner)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        return respond(request, 400, str(exc))

    @app.exception_handler(SourceError)
    async def source_error(request: Request, exc: SourceError) -> Response:
        return respond(request, 400, str(exc))

    @app.exception_handler(IntegrityError)
    async def conflict(request: Request, exc: IntegrityError) -> Response:
        log.warning("write conflict on %s: %s", request.url.path, exc.orig)
        return respond(request, 409, "the write conflicts with data already stored")

    async def database_down(request: Request, exc: Exception) -> Response:
        # The cause goes to the log; the person gets a clear, stable message.
        log.error("database unavailable on %s: %s", request.url.path, str(exc).splitlines()[0])
        return respond(request, 503, DB_DOWN_MESSAGE, headers={"Retry-After": RETRY_AFTER_DB})

    app.add_exception_handler(DBAPIError, database_down)
    app.add_exception_handler(PoolTimeoutError, database_down)
    app.add_exception_handler(StoreError, database_down)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, 500, "the server failed to answer this request; the error was logged")


def html_or_json_error(request: Request, templates: Jinja2Templates, status: int, message: str) -> Response:
    """An error response outside the exception handlers (middleware), in the right shape."""
    body = error_body(status, message)
    if wants_json(request.url.path, request.query_params.get("format")):
        return JSONResponse(body, status_code=status)
    return HTMLResponse(templates.get_template("error.html").render(
        {"request": request, "error": body["error"], "title": f"{status} · matchgraph"}), status_code=status)
