"""The web application: JSON API, pages, static files and the MCP endpoint over one service handle."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Route

from matchgraph import __version__
from matchgraph.mcp.server import build_mcp_server
from matchgraph.service.context import Services
from matchgraph.service.rankings import ranking_state
from matchgraph.service.search import match_index
from matchgraph.settings import Settings
from matchgraph.store.db import create_store_engine
from matchgraph.web import api, docs_site, formatting, pages, robots, urls
from matchgraph.web.cache import PageCache
from matchgraph.web.deps import WebState
from matchgraph.web.errors import install_error_handlers
from matchgraph.web.http_cache import HttpCache
from matchgraph.web.middleware import AccessLog
from matchgraph.web.schemas import Health
from matchgraph.web.security import (
    BodySizeLimit,
    Limiter,
    McpGate,
    RateLimiter,
    StoreRateLimiter,
    parse_networks,
)

log = logging.getLogger("matchgraph.web")
LOOPBACK_HOSTS = ["127.0.0.1:*", "localhost:*", "[::1]:*"]


def make_templates() -> Jinja2Templates:
    """Jinja2 templates with autoescaping on for every template, plus the formatting filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files("matchgraph.web") / "templates")),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(formatting.FILTERS)
    env.globals["urls"] = urls
    env.globals["fresh"] = formatting.fresh
    env.globals["common_items"] = formatting.common_items
    env.globals["disputed_facts"] = formatting.disputed_facts
    return Jinja2Templates(env=env)


def _warm(services: Services) -> None:
    """Build the read model and rankings ahead of the first request; failures surface later as 503s."""
    try:
        services.view()
        ranking_state(services)
        match_index(services)
    except Exception as exc:  # the database may be down at start; requests will report it
        log.warning("cache warm-up skipped: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _mcp_security(settings: Settings) -> TransportSecuritySettings:
    hosts = list(settings.allowed_hosts) or LOOPBACK_HOSTS
    origins = [f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts,
                                     allowed_origins=origins)


def create_app(settings: Settings, *, warm: bool = True) -> FastAPI:
    """Build the app for ``settings``. The store must exist (``matchgraph init`` or ``serve`` create it);
    nothing touches the database until the app starts."""
    engine = create_store_engine(settings.db_url, echo=settings.echo_sql)
    services = Services(engine, settings)
    templates = make_templates()
    pages_cache = PageCache(services, settings.page_cache_size, settings.page_cache_seconds)
    limiter: Limiter = StoreRateLimiter(engine) if settings.rate_limit_store == "store" else RateLimiter()
    state = WebState(settings, services, limiter, pages_cache, templates,
                     proxies=parse_networks(settings.trusted_proxies))
    mcp_server = build_mcp_server(services, limiter=limiter)
    mcp_app = mcp_server.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True,
        max_request_body_size=settings.max_body_bytes, transport_security=_mcp_security(settings),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(services,), name="matchgraph-warm", daemon=True).start()
        async with mcp_server.session_manager.run():
            yield
        engine.dispose()

    app = FastAPI(
        title="matchgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url="/openapi.json",
        description=("Match a need to AI models from sourced facts; compare, rank and learn from outcomes. "
                     "Every error has the shape {\"error\": {\"status\", \"code\", \"message\", \"suggestions\"?}}. "
                     "Unknown facts are null."),
    )
    app.state.web = state
    install_error_handlers(app, templates)

    @app.get("/healthz", response_model=Health, tags=["ops"], summary="Liveness")
    async def healthz() -> dict[str, Any]:
        """Answers without touching the database."""
        return {"status": "ok"}

    @app.get("/readyz", response_model=Health, tags=["ops"], summary="Readiness",
             responses={503: {"model": api.schemas.ErrorOut}})
    def readyz() -> dict[str, Any]:
        """Answers 200 when the database is reachable, 503 otherwise."""
        return {"status": "ready", "catalog_version": services.catalog_version()}

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(robots.router)
    app.include_router(docs_site.router)
    docs_site.mount_docs_assets(app)
    app.mount("/static", StaticFiles(directory=str(files("matchgraph.web") / "static")), name="static")
    for route in mcp_app.routes:
        if isinstance(route, Route) and route.path == "/mcp":
            gate = McpGate(route.app, state.limiter, settings.search_rate_per_minute, state.proxies)
            app.router.routes.append(Route("/mcp", endpoint=gate, include_in_schema=False))
    app.add_middleware(HttpCache)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and multi-worker serving: settings from the environment."""
    return create_app(Settings.from_env())
