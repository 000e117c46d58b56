"""``/robots.txt``: crawlers may read the catalog pages but not run searches.

Searches are logged as observations; keeping crawlers (and link prefetchers that honour robots.txt)
off ``/search`` and the API keeps the event log about people and agents. Crawlers that ignore it
still cannot move a rank: only API-keyed activity reaches MatchRank.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

router = APIRouter()

ROBOTS = """User-agent: *
Disallow: /search
Disallow: /api/
Disallow: /mcp
Allow: /
"""


@router.get("/robots.txt", response_class=PlainTextResponse, include_in_schema=False)
async def robots() -> PlainTextResponse:
    """The crawler policy (cacheable for a day)."""
    return PlainTextResponse(ROBOTS, headers={"Cache-Control": "public, max-age=86400"})
