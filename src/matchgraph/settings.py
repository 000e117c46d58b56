"""Typed settings, built explicitly by the entry points and passed down (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

ENV_DB = "MATCHGRAPH_DB"
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

    @classmethod
    def from_env(cls, db_url: str | None = None, environ: dict[str, str] | None = None) -> Settings:
        """Resolve settings: explicit ``db_url`` wins, then ``MATCHGRAPH_DB``, then the default file."""
        env = os.environ if environ is None else environ
        return cls(db_url=db_url or env.get(ENV_DB) or default_db_url())
