"""The ``matchgraph`` command line: a thin adapter over the service layer (parse, call, format)."""

from __future__ import annotations

from matchgraph.cli import (
    catalog_commands,  # noqa: F401  (registers commands)
    compare_commands,  # noqa: F401  (registers commands)
    match_commands,  # noqa: F401  (registers commands)
    rank_commands,  # noqa: F401  (registers commands)
    web_commands,  # noqa: F401  (registers commands)
)
from matchgraph.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
