"""The ``matchgraph`` command line: a thin adapter over the service layer (parse, call, format).

``matchgraph.cli.app`` is the Typer application, built on first access (its commands registered), so
``main`` can first replay a stored output (see matchgraph.cli.fast) without importing Typer. The
submodule of the same name stays importable as ``from matchgraph.cli.app import …``."""

from __future__ import annotations

import sys
import types
from typing import Any


def _app() -> Any:
    from matchgraph.cli import (
        catalog_commands,  # noqa: F401  (registers commands)
        compare_commands,  # noqa: F401  (registers commands)
        match_commands,  # noqa: F401  (registers commands)
        rank_commands,  # noqa: F401  (registers commands)
        web_commands,  # noqa: F401  (registers commands)
    )

    return sys.modules["matchgraph.cli.app"].app


class _Package(types.ModuleType):
    """This package, whose ``app`` attribute is the Typer application rather than the submodule
    (importing the submodule would otherwise bind its module object to that name)."""

    @property
    def app(self) -> Any:
        return _app()

    @app.setter
    def app(self, _module: Any) -> None:
        pass  # the import system binding the submodule; ``app`` stays the application


def main() -> None:
    """Console-script entry point."""
    from matchgraph.cli import fast

    file = fast.cache_file(sys.argv[1:])
    if file is None:
        _app()()
    elif not fast.replay(file):
        shown = fast.show_args(sys.argv[1:])
        fast.record(file, _app() if shown is None else lambda: _show(*shown))


def _show(db: str | None, key: str, json_out: bool) -> None:
    """A plain ``show KEY [--json]`` on a catalog that exists (what fast.cache_file found): a passport
    the disk cache holds for the catalog's state is printed without importing Typer or the store;
    otherwise the command's own function runs, without building the Typer application."""
    from matchgraph.cli import passport_cache

    if not db:  # as Settings.from_env resolves it (the settings module costs more than a passport)
        import os

        from matchgraph.settings import ENV_DB, default_db_url

        db = os.environ.get(ENV_DB) or default_db_url()
    data = passport_cache.load(db, key)
    if data is not None:
        from matchgraph.cli.output import print_json

        if json_out:
            print_json(data)
        else:
            from matchgraph.cli.passport_text import print_passport

            print_passport(data)
        return
    import typer

    from matchgraph.cli.catalog_commands import show_passport
    from matchgraph.settings import Settings

    try:
        show_passport(Settings.from_env(db_url=db), key, json_out)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None


sys.modules[__name__].__class__ = _Package

__all__ = ["app", "main"]
