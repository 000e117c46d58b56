"""``/docs`` (the OpenAPI document in Swagger UI 5, served from the files of the ``swagger-ui-py`` wheel,
never a CDN) and ``/sitemap.xml`` (every page of the catalog, built once per catalog version)."""

from __future__ import annotations

import itertools
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.web import urls
from matchgraph.web.cache import CachedPage
from matchgraph.web.deps import StateDep, WebState
from matchgraph.web.errors import ApiError

router = APIRouter(include_in_schema=False)
SITEMAP_LIMIT = 50_000
# Swagger UI sets style attributes from its script, so this one page allows inline styles (not scripts).
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation · matchgraph</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/static/docs.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">matchgraph</a>
  <nav aria-label="Main"><a href="/">Search</a> <a href="/leaderboard">Leaderboard</a>
    <a href="/capabilities">Capabilities</a> <a href="/docs" aria-current="page">API docs</a></nav>
</header>
<main id="main" tabindex="-1">
<h1>API documentation</h1>
<p>The JSON API under <code>/api/v1/</code>, described by its <a href="/openapi.json">OpenAPI document</a>.
Every page also answers as JSON with <code>Accept: application/json</code>.</p>
<div id="swagger-ui"></div>
</main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def mount_docs_assets(app: FastAPI) -> None:
    """Serve the Swagger UI files of the installed ``swagger-ui-py`` wheel under ``/docs/assets``."""
    from importlib.resources import files

    app.mount("/docs/assets", StaticFiles(directory=str(files("swagger_ui") / "static")), name="docs-assets")


@router.get("/docs")
def docs_page() -> Response:
    """Swagger UI over ``/openapi.json``, offline."""
    return Response(DOCS_HTML, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": DOCS_CSP})


def sitemap_paths(state: WebState) -> list[str]:
    """Every page path: home, boards, capabilities, artifacts, and a comparison for each pair inside each
    comparable group (the groups the static export uses)."""
    from matchgraph.service.export import comparable_groups

    view = state.services.view()
    paths = [urls.home(), urls.leaderboard(), urls.capabilities(), "/docs"]
    for c in load_taxonomy():
        paths += [urls.capability(c.uri), urls.leaderboard(c.uri)]
    paths += [urls.artifact(a.slug) for a in view.artifacts]
    for group in comparable_groups(view):
        paths += [urls.compare(a, b) for a, b in itertools.combinations(group.slugs, 2)]
    return paths


def _urlset(base: str, paths: list[str]) -> bytes:
    body = "".join(f"<url><loc>{escape(base + p)}</loc></url>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n").encode()


def _sitemap(state: WebState, base: str, part: int | None) -> CachedPage:
    paths = sitemap_paths(state)
    parts = max(1, -(-len(paths) // SITEMAP_LIMIT))
    if part is None:
        if parts == 1:
            return CachedPage.of(_urlset(base, paths), "application/xml")
        body = "".join(f"<sitemap><loc>{escape(base)}/sitemap-{i}.xml</loc></sitemap>\n" for i in range(1, parts + 1))
        return CachedPage.of(('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                              f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</sitemapindex>\n'
                              ).encode(), "application/xml")
    if not 1 <= part <= parts:
        raise ApiError(404, f"the sitemap has {parts} part(s)")
    return CachedPage.of(_urlset(base, paths[(part - 1) * SITEMAP_LIMIT:part * SITEMAP_LIMIT]), "application/xml")


@router.get("/sitemap.xml")
async def sitemap(request: Request, state: StateDep) -> Response:
    """The sitemap (an index of numbered parts when there are more than 50,000 pages)."""
    base = str(request.base_url).rstrip("/")
    page = await run_in_threadpool(state.pages.get, f"sitemap|{base}", lambda: _sitemap(state, base, None))
    return page.response(request.headers.get("accept-encoding", ""))


@router.get("/sitemap-{part}.xml")
async def sitemap_part(request: Request, state: StateDep, part: Annotated[int, Path(ge=1, le=10_000)]) -> Response:
    """One numbered part of the sitemap."""
    base = str(request.base_url).rstrip("/")
    page = await run_in_threadpool(state.pages.get, f"sitemap|{base}|{part}", lambda: _sitemap(state, base, part))
    return page.response(request.headers.get("accept-encoding", ""))
