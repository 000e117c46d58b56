"""MCP tools over the service layer, built with the official ``mcp`` SDK.

The same server object serves stdio (``matchgraph mcp``) and streamable HTTP (mounted at ``/mcp`` by
the web app). Tools parse arguments, call a service and return its JSON payload unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from sqlalchemy.exc import DBAPIError

from matchgraph import __version__
from matchgraph.service.compare import compare
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.passport import passport
from matchgraph.service.search import resolve, search
from matchgraph.service.snapshot import ensure_catalog
from matchgraph.settings import Settings
from matchgraph.store import StoreError

T = TypeVar("T")
INSTRUCTIONS = (
    "matchgraph matches a need to AI models from sourced facts. Use search_models with the need in plain "
    "words (constraints such as 'under $1 per million input tokens' or '128k context' are enforced), "
    "resolve_capability for a capability:// URI or phrase with a risk posture, trust_passport for every "
    "known fact about one model with its sources, and compare_models for a side-by-side comparison. "
    "Unknown facts are null, never 0."
)


def _call(fn: Callable[[], T]) -> T:
    """Run a service call; expected failures become tool errors with the service's own message."""
    try:
        return fn()
    except ServiceError as exc:
        raise ToolError(str(exc)) from exc
    except (DBAPIError, StoreError) as exc:
        raise ToolError("the catalog database is unavailable right now; try again shortly") from exc


def build_mcp_server(services: Services) -> MCPServer:
    """An MCP server exposing the four matchgraph tools over ``services``."""
    server: MCPServer = MCPServer("matchgraph", instructions=INSTRUCTIONS, version=__version__,
                                     log_level="WARNING")

    @server.tool(title="Resolve a capability")
    def resolve_capability(
        capability: Annotated[str, Field(description="A capability:// URI or a short phrase", max_length=500)],
        risk: Annotated[Literal["default", "production", "strict"],
                        Field(description="Stricter postures require active status, sourced prices, evidence")
                        ] = "default",
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        """Ranked artifacts that provide a capability, under a risk posture."""
        return _call(lambda: resolve(services, capability, risk=risk, limit=limit))

    @server.tool(title="Search models for a need")
    def search_models(
        query: Annotated[str, Field(description="The need in plain words", min_length=1, max_length=2000)],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        """Models meeting every hard requirement in the need, ranked, with reasons and an event_id."""
        return _call(lambda: search(services, query, limit=limit, client="mcp"))

    @server.tool(title="Trust passport")
    def trust_passport(
        key: Annotated[str, Field(description="A slug (org/model), alias, source key or exact name",
                                  max_length=300)],
    ) -> dict[str, Any]:
        """Everything known about one artifact: identity, limits, prices, offers, capabilities, evidence,
        MatchRank and sources."""
        return _call(lambda: passport(services.engine, key, services))

    @server.tool(title="Compare two models")
    def compare_models(
        a: Annotated[str, Field(description="First artifact key", max_length=300)],
        b: Annotated[str, Field(description="Second artifact key", max_length=300)],
        workload: Annotated[str | None, Field(
            description="Monthly workload, e.g. 'requests=10000/month,input=1500,output=300'", max_length=300)
        ] = None,
    ) -> dict[str, Any]:
        """A side-by-side comparison: table with winners where comparable, verdict, FAQ, cost, sources."""
        return _call(lambda: compare(services, a, b, workload=workload))

    return server


def run_stdio(settings: Settings) -> None:
    """Serve the tools over stdio (initialising an empty catalog from the bundled snapshot first)."""
    services = Services.open(settings)
    ensure_catalog(services.engine)
    build_mcp_server(services).run("stdio")
