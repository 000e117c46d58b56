"""The Typer application, the global ``--db`` option, and shared output helpers.

Start-up time matters for a command line: this module and the command modules import only Typer and
the settings; the store, the services and Rich are imported by the commands that use them."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from matchgraph.cli.output import print_json  # noqa: F401  (re-exported: commands import it from here)
from matchgraph.settings import ENV_DB, Settings

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.engine import Engine

app = typer.Typer(
    name="matchgraph",
    help=(
        "matchgraph: find, rank and compare AI models from sourced facts.\n\n"
        "Start with `matchgraph init` (loads the bundled catalog), then `matchgraph show gpt-4o-mini`. "
        f"The database is a SQLite file in your data directory unless --db or {ENV_DB} names another "
        "(sqlite:///PATH or postgresql+psycopg://USER@HOST/DB)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: readable at 80 columns, piped or not, and quick to print
    pretty_exceptions_enable=False,
)


class _LazyConsole:
    """A Rich console made on first use (importing Rich costs more than printing ``--help``)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


err: Any = _LazyConsole(stderr=True)
out: Any = _LazyConsole()
_LOCATED = re.compile(r"^\S+:\d+: (error|warning): ")


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help=f"Database URL (default: ${ENV_DB}, else a SQLite file in the user data dir)."),
    ] = None,
) -> None:
    ctx.obj = Settings.from_env(db_url=db)


def settings_of(ctx: typer.Context) -> Settings:
    """The Settings built by the global callback."""
    return ctx.find_root().obj


def error_lines(message: str) -> list[str]:
    """One line per problem: a message listing several located problems ("file:12: error: …; file:14:
    error: …") is split at its separators; any other message stays whole."""
    parts = message.split("; ")
    if len(parts) > 1 and all(_LOCATED.match(p) for p in parts):
        return parts
    return [message]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error to stderr (one line per problem, Rich markup in it shown as typed) and exit non-zero."""
    from rich.markup import escape

    for line in error_lines(message):
        located = _LOCATED.match(line)
        text = line[located.end():] if located else line
        where = line[:located.start(1)] if located else ""
        kind = located.group(1) if located else "error"
        err.print(f"{escape(where)}[bold red]{kind}:[/] {escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn expected failures into a one-line message on stderr and a non-zero exit."""
    try:
        yield
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", code=130)
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        from matchgraph.service.errors import NotFoundError, ServiceError
        from matchgraph.sources.errors import SourceError
        from matchgraph.store import StoreError

        if isinstance(exc, NotFoundError):
            fail(str(exc), code=2)
        if isinstance(exc, ServiceError | SourceError | StoreError):
            fail(str(exc))
        if isinstance(exc, SQLAlchemyError):
            # A store made by another version, or a server that went away mid-command.
            first = str(getattr(exc, "orig", exc) or exc).splitlines()[0]
            fail(f"database error: {first} (if the database was made by another matchgraph version, "
                 "run `matchgraph init --force` on a fresh --db)")
        raise


def open_engine(ctx: typer.Context) -> Engine:
    """Open (and migrate) the configured store."""
    from matchgraph.store import open_store

    return open_store(settings_of(ctx))


def ensure_catalog(engine: Engine) -> None:
    """Initialise an empty store from the bundled snapshot; on a store that has a catalog this is one
    query (the snapshot machinery is imported only when it is needed)."""
    from sqlalchemy import select

    from matchgraph.store.schema import artifacts

    with engine.connect() as conn:
        if conn.execute(select(artifacts.c.id).limit(1)).first() is not None:
            return
    from matchgraph.service.snapshot import ensure_catalog as init_if_empty

    init_if_empty(engine)


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback ``(stage, done, total)`` drawing bars on stderr."""
    if not enabled or not sys.stderr.isatty() or not err.is_terminal:
        yield lambda _stage, _done, _total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A stand-in for ``from module import name`` that imports on first call, so a command module can
    name what its commands use without every command (and ``--help``) paying for the import."""
    target: list[Any] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not target:
            import importlib

            target.append(getattr(importlib.import_module(module), name))
        return target[0](*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported on first use."
    return call
