"""Typed settings, built explicitly by the entry points and passed down (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

ENV_DB = "MATCHGRAPH_DB"
ENV_PEPPER = "MATCHGRAPH_API_KEY_PEPPER"
ENV_ALLOWED_HOSTS = "MATCHGRAPH_ALLOWED_HOSTS"
ENV_TRUSTED_PROXIES = "MATCHGRAPH_TRUSTED_PROXIES"
ENV_RATE_LIMIT_STORE = "MATCHGRAPH_RATE_LIMIT_STORE"
RATE_LIMIT_STORES = ("store", "memory")
APP_NAME = "matchgraph"


def default_data_dir() -> Path:
    """The user's data directory for matchgraph (created on demand, not here)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_url(data_dir: Path | None = None) -> str:
    """SQLite file in the user's data directory."""
    directory = data_dir or default_data_dir()
    return f"sqlite:///{directory / 'matchgraph.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything a matchgraph process needs to know about its environment."""

    db_url: str = field(default_factory=default_db_url)
    # Upper bound for files read by ingest adapters (bytes); protects against 1 GB uploads.
    max_source_bytes: int = 200 * 1024 * 1024
    echo_sql: bool = False
    # Rankings follow the event log (searches, outcomes); it is re-read at most this often, so a busy
    # search endpoint does not recompute MatchRank after every logged search.
    rankings_refresh_seconds: float = 10.0
    # Web tier. Keys are hashed with this pepper (HMAC) so a leaked table alone cannot confirm keys.
    api_key_pepper: str = ""
    # Requests per minute per API key and per client address (token buckets).
    search_rate_per_minute: int = 120
    write_rate_per_minute: int = 30
    # Largest request body the web app accepts (bytes); larger bodies get 413.
    max_body_bytes: int = 256 * 1024
    # Host headers the MCP endpoint accepts (DNS-rebinding protection); empty = loopback names only.
    allowed_hosts: tuple[str, ...] = ()
    # Rendered pages kept in memory per process (keyed by catalog version), re-rendered after
    # page_cache_seconds so counters that move without a catalog change (times matched) stay fresh.
    page_cache_size: int = 1024
    page_cache_seconds: int = 300
    # Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; empty = none, so the
    # socket peer is the client and a forged header changes nothing.
    trusted_proxies: tuple[str, ...] = ()
    # Where rate-limit buckets live: "store" (a table shared by every process and replica on the same
    # database) or "memory" (per process).
    rate_limit_store: str = "store"

    @classmethod
    def from_env(cls, db_url: str | None = None, environ: dict[str, str] | None = None) -> Settings:
        """Resolve settings: explicit ``db_url`` wins, then ``MATCHGRAPH_DB``, then the default file."""
        env = os.environ if environ is None else environ
        def listed(name: str) -> tuple[str, ...]:
            return tuple(h.strip() for h in env.get(name, "").split(",") if h.strip())

        store = env.get(ENV_RATE_LIMIT_STORE, "store").strip().lower() or "store"
        if store not in RATE_LIMIT_STORES:
            raise ValueError(f"{ENV_RATE_LIMIT_STORE} must be 'store' or 'memory', not {store!r}")
        return cls(db_url=db_url or env.get(ENV_DB) or default_db_url(),
                   api_key_pepper=env.get(ENV_PEPPER, ""), allowed_hosts=listed(ENV_ALLOWED_HOSTS),
                   trusted_proxies=listed(ENV_TRUSTED_PROXIES), rate_limit_store=store)
