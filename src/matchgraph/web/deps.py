"""Dependencies shared by the API and page routes, as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import anyio
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from matchgraph.service.context import Services
from matchgraph.settings import Settings
from matchgraph.web.cache import PageCache
from matchgraph.web.errors import ApiError
from matchgraph.web.keys import ApiKey, verify_key
from matchgraph.web.security import Limiter, Network, client_ip, hit_async, retry_after_header


@dataclass
class WebState:
    """Everything the routes share, built once by ``create_app``."""

    settings: Settings
    services: Services
    limiter: Limiter
    pages: PageCache
    templates: Jinja2Templates
    # Proxies whose X-Forwarded-For is believed (parsed from settings.trusted_proxies).
    proxies: tuple[Network, ...] = ()
    # Searches computed at once per process (CPU-bound; more threads would only add waiting).
    search_slots: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(2))


# Plain lookups are ``async`` so FastAPI runs them inline instead of hopping to the thread pool.
async def get_state(request: Request) -> WebState:
    """The app's shared state."""
    return request.app.state.web


async def get_services(request: Request) -> Services:
    """The service handle."""
    return request.app.state.web.services


async def client_address(request: Request) -> str:
    """The client's address: the peer, or X-Forwarded-For when the peer is a configured trusted proxy."""
    return client_ip(request.scope, request.app.state.web.proxies)


StateDep = Annotated[WebState, Depends(get_state)]
ServicesDep = Annotated[Services, Depends(get_services)]
ClientDep = Annotated[str, Depends(client_address)]

_bearer = HTTPBearer(auto_error=False, description="An API key from `matchgraph keys create`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key (alternative header).")


async def optional_key(
    state: StateDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header: Annotated[str | None, Security(_header)],
) -> ApiKey | None:
    """The caller's API key when one is sent; a key that is sent but wrong is a 401, not ignored."""
    plain = header or (bearer.credentials if bearer else None)
    if not plain:
        return None
    key = await run_in_threadpool(verify_key, state.services.engine, plain.strip(), state.settings.api_key_pepper)
    if key is None:
        raise ApiError(401, "the API key is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
    return key


OptionalKeyDep = Annotated[ApiKey | None, Depends(optional_key)]


async def required_key(key: OptionalKeyDep) -> ApiKey:
    """A valid API key, or 401."""
    if key is None:
        raise ApiError(401, "this write needs an API key: send 'Authorization: Bearer <key>' "
                            "(create one with `matchgraph keys create NAME`)",
                       headers={"WWW-Authenticate": "Bearer"})
    return key


async def enforce_limit(state: WebState, scope: str, identity: str, per_minute: int) -> None:
    """429 with Retry-After when the (scope, identity) bucket is empty."""
    wait = await hit_async(state.limiter, scope, identity, per_minute)
    if wait > 0:
        raise ApiError(429, f"too many {scope} requests; the limit is {per_minute} a minute",
                       headers=retry_after_header(wait))


async def search_limit(state: StateDep, client: ClientDep, key: OptionalKeyDep) -> ApiKey | None:
    """Rate-limit searches per key when one is sent, else per client address."""
    identity = f"key:{key.id}" if key else f"ip:{client}"
    await enforce_limit(state, "search", identity, state.settings.search_rate_per_minute)
    return key


async def write_limit(state: StateDep, client: ClientDep, key: Annotated[ApiKey, Depends(required_key)]) -> ApiKey:
    """Writes need a key and are limited per key and per client address."""
    await enforce_limit(state, "write", f"key:{key.id}", state.settings.write_rate_per_minute)
    await enforce_limit(state, "write", f"ip:{client}", state.settings.write_rate_per_minute)
    return key


async def validate_limit(state: StateDep, client: ClientDep) -> None:
    """Validation stores nothing but parses untrusted YAML: limited per client like writes."""
    await enforce_limit(state, "validate", f"ip:{client}", state.settings.write_rate_per_minute)


SearchLimitDep = Annotated[ApiKey | None, Depends(search_limit)]
WriterDep = Annotated[ApiKey, Depends(write_limit)]
ValidateLimitDep = Annotated[None, Depends(validate_limit)]
