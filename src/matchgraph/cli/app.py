"""The Typer application, the global ``--db`` option, and shared output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from matchgraph.service.errors import NotFoundError, ServiceError
from matchgraph.settings import ENV_DB, Settings
from matchgraph.sources.errors import SourceError
from matchgraph.store import StoreError, open_store

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
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


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


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error to stderr and exit non-zero."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def print_json(payload: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn expected failures into a one-line message on stderr and a non-zero exit."""
    try:
        yield
    except NotFoundError as exc:
        fail(str(exc), code=2)
    except (ServiceError, SourceError, StoreError) as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        # A store made by another version, or a server that went away mid-command.
        first = str(getattr(exc, "orig", exc) or exc).splitlines()[0]
        fail(f"database error: {first} (if the database was made by another matchgraph version, "
             "run `matchgraph init --force` on a fresh --db)")
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", code=130)


def open_engine(ctx: typer.Context) -> Engine:
    """Open (and migrate) the configured store."""
    return open_store(settings_of(ctx))


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback ``(stage, done, total)`` drawing bars on stderr."""
    if not enabled or not err.is_terminal:
        yield lambda _stage, _done, _total: None
        return
    with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
