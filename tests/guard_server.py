"""An app factory for server subprocesses in tests: settings from the environment, write limits off."""

from __future__ import annotations

import dataclasses

from fastapi import FastAPI

from matchgraph.settings import Settings
from matchgraph.web.app import create_app


def app() -> FastAPI:
    """``uvicorn --factory guard_server:app``: the configured store, no write rate limit."""
    return create_app(dataclasses.replace(Settings.from_env(), write_rate_per_minute=0), warm=False)
