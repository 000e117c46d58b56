"""MCP tools over the service layer, built with the official ``mcp`` SDK.

The same server object serves stdio (``matchgraph mcp``) and streamable HTTP (mounted at ``/mcp`` by
the web app). Tools parse arguments, call a service and return its JSON payload unchanged.

Identity follows the HTTP API's rules: over HTTP an API key comes in the ``Authorization: Bearer``
or ``X-API-Key`` header of each request; over stdio it is the key given at start (``mcp --api-key``
or ``MATCHGRAPH_API_KEY``). ``report_outcome`` needs a key and shares the write rate limit; searches
and resolves are logged with the key (``key:NAME``) or, without one, the caller's address
(``ip:ADDRESS``, HTTP) or ``mcp`` (stdio), so anonymous agents never steer learning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from sqlalchemy.exc import DBAPIError

from matchgraph import __version__
from matchgraph.rank.clients import keyed
from matchgraph.service.compare import compare
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.events import record_outcome
from matchgraph.service.passport import passport
from matchgraph.service.search import resolve, search
from matchgraph.service.snapshot import ensure_catalog
from matchgraph.settings import Settings
from matchgraph.store import StoreError
from matchgraph.web.keys import ApiKey, verify_key
from matchgraph.web.security import Limiter, bearer_token

T = TypeVar("T")
INSTRUCTIONS = (
    "matchgraph matches a need to AI models from sourced facts. Use search_models with the need in plain "
    "words (constraints such as 'under $1 per million input tokens' or '128k context' are enforced), "
    "resolve_capability for a capability:// URI or phrase with a risk posture, trust_passport for every "
    "known fact about one model with its sources, and compare_models for a side-by-side comparison. "
    "After trying a result, report_outcome(event_id, slug, success|failure) closes the loop (needs an API "
    "key). Unknown facts are null, never 0."
)


def _call(fn: Callable[[], T]) -> T:
    """Run a service call; expected failures become tool errors with the service's own message."""
    try:
        return fn()
    except ServiceError as exc:
        raise ToolError(str(exc)) from exc
    except (DBAPIError, StoreError) as exc:
        raise ToolError("the catalog database is unavailable right now; try again shortly") from exc


class _Identity:
    """Who is calling a tool: the API key (HTTP header, or the stdio key) and the client address."""

    def __init__(self, services: Services, stdio_key: str | None, limiter: Limiter | None) -> None:
        self.services = services
        self.stdio_key = stdio_key
        self.limiter = limiter

    def key(self, ctx: Context | None) -> ApiKey | None:
        headers = _headers(ctx)
        plain = bearer_token(headers.get("authorization"), headers.get("x-api-key")) if headers else self.stdio_key
        if not plain:
            return None
        record = verify_key(self.services.engine, plain.strip(), self.services.settings.api_key_pepper)
        if record is None:
            raise ToolError("the API key is unknown or revoked")
        return record

    def client(self, ctx: Context | None, key: ApiKey | None) -> str:
        if key is not None:
            return keyed(key.name)
        address = _address(ctx)
        return f"ip:{address}" if address else "mcp"

    def limit_write(self, ctx: Context | None, key: ApiKey) -> None:
        if self.limiter is None:
            return
        per_minute = self.services.settings.write_rate_per_minute
        for identity in (f"key:{key.id}", f"ip:{_address(ctx) or 'stdio'}"):
            if self.limiter.hit("write", identity, per_minute) > 0:
                raise ToolError(f"too many write requests; the limit is {per_minute} a minute")


def _request(ctx: Context | None) -> Any:
    if ctx is None:
        return None
    try:
        return ctx.request_context.request
    except ValueError:
        return None


def _headers(ctx: Context | None) -> dict[str, str] | None:
    request = _request(ctx)
    headers = getattr(request, "headers", None)
    return {k.lower(): v for k, v in headers.items()} if headers is not None else None


def _address(ctx: Context | None) -> str | None:
    """The address the web app's MCP gate resolved (trusted proxies applied), over HTTP only."""
    request = _request(ctx)
    scope = getattr(request, "scope", None)
    if not isinstance(scope, dict):
        return None
    return (scope.get("state") or {}).get("matchgraph_client")


def build_mcp_server(services: Services, *, api_key: str | None = None,
                     limiter: Limiter | None = None) -> MCPServer:
    """An MCP server exposing the matchgraph tools over ``services``.

    ``api_key`` identifies the caller on stdio; over HTTP each request's own header does.
    ``limiter`` applies the write rate limit to ``report_outcome`` (the web app passes its own).
    """
    server: MCPServer = MCPServer("matchgraph", instructions=INSTRUCTIONS, version=__version__,
                                     log_level="WARNING")
    who = _Identity(services, api_key, limiter)

    @server.tool(title="Resolve a capability")
    def resolve_capability(
        capability: Annotated[str, Field(description="A capability:// URI or a short phrase", max_length=500)],
        risk: Annotated[Literal["default", "production", "strict"],
                        Field(description="Stricter postures require active status, sourced prices, evidence")
                        ] = "default",
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Ranked artifacts that provide a capability, under a risk posture."""
        client = who.client(ctx, who.key(ctx))
        return _call(lambda: resolve(services, capability, risk=risk, limit=limit, client=client))

    @server.tool(title="Search models for a need")
    def search_models(
        query: Annotated[str, Field(description="The need in plain words", min_length=1, max_length=2000)],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Models meeting every hard requirement in the need, ranked, with reasons and an event_id."""
        client = who.client(ctx, who.key(ctx))
        return _call(lambda: search(services, query, limit=limit, client=client))

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

    @server.tool(title="Report an outcome")
    def report_outcome(
        event_id: Annotated[str, Field(description="The event_id returned by search_models or resolve_capability",
                                       min_length=1, max_length=64)],
        slug: Annotated[str, Field(description="The slug of a result shown in that event", min_length=1,
                                   max_length=300)],
        outcome: Annotated[Literal["success", "failure"], Field(description="Whether the choice worked")],
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Report whether a result worked. Needs an API key (HTTP: Authorization: Bearer header; stdio:
        MATCHGRAPH_API_KEY). One outcome per event and artifact; a second one is an error naming the first."""
        key = who.key(ctx)
        if key is None:
            raise ToolError("report_outcome needs an API key: send 'Authorization: Bearer <key>' over HTTP, or "
                            "start `matchgraph mcp` with --api-key or MATCHGRAPH_API_KEY")
        who.limit_write(ctx, key)
        return _call(lambda: record_outcome(services, event_id, slug, outcome, client=keyed(key.name)))

    return server


def run_stdio(settings: Settings, api_key: str | None = None) -> None:
    """Serve the tools over stdio (initialising an empty catalog from the bundled snapshot first).

    ``api_key`` (``mcp --api-key`` or ``MATCHGRAPH_API_KEY``) identifies this agent; a key that is
    unknown or revoked stops the server at start with an error."""
    services = Services.open(settings)
    ensure_catalog(services.engine)
    if api_key and verify_key(services.engine, api_key.strip(), settings.api_key_pepper) is None:
        raise ServiceError("the API key given to `matchgraph mcp` is unknown or revoked")
    build_mcp_server(services, api_key=api_key).run("stdio")
