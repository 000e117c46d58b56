"""Who a logged search or outcome came from, as far as learning is concerned.

A client string ``key:NAME`` means the request carried a valid API key; every other value (an
address ``ip:…``, ``cli``, ``mcp``) is anonymous. Only keyed clients feed MatchRank's Match graph
component and learned success; anonymous activity is stored as an observation only.
"""

from __future__ import annotations

KEY_PREFIX = "key:"


def is_keyed(client: str | None) -> bool:
    """True for a client identified by an API key (``key:NAME``)."""
    return bool(client) and str(client).startswith(KEY_PREFIX)


def keyed(name: str) -> str:
    """The client string stored for an API key named ``name``."""
    return f"{KEY_PREFIX}{name}"
