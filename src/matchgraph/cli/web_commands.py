"""Web commands: ``serve`` (uvicorn), ``keys`` (API keys for protected writes) and ``mcp`` (stdio)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from matchgraph.cli.app import app, err, handled_errors, lazy, open_engine, print_json, settings_of
from matchgraph.settings import ENV_DB, ENV_TRUSTED_PROXIES

ensure_catalog = lazy("matchgraph.service.snapshot", "ensure_catalog")
create_key = lazy("matchgraph.web.keys", "create_key")
list_keys = lazy("matchgraph.web.keys", "list_keys")
revoke_key = lazy("matchgraph.web.keys", "revoke_key")

keys_app = typer.Typer(help="API keys for protected writes (outcomes, manifest submissions).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


#: Loggers whose records below WARNING reach the server's stderr (at --log-level); every other
#: library's stay quiet whatever level it sets itself (bm25s sets its own logger to DEBUG on import).
OWN_LOGGERS = ("matchgraph", "uvicorn")


class OwnLoggersOnly:
    """A logging filter: records of OWN_LOGGERS pass; any other logger's pass at WARNING and above."""

    def __init__(self, names: tuple[str, ...] = OWN_LOGGERS) -> None:
        self.names = names

    def filter(self, record: Any) -> bool:
        if record.levelno >= 30:  # logging.WARNING, without importing logging for --help
            return True
        name = record.name
        return any(name == n or name.startswith(n + ".") for n in self.names)


def log_config(level: str) -> dict[str, Any]:
    """Logging for the server: access lines are already JSON, everything else is one plain line."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "raw": {"format": "%(message)s"},
        },
        "filters": {"own": {"()": f"{__name__}.OwnLoggersOnly"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr",
                       "level": level.upper(), "filters": ["own"]},
            "access": {"class": "logging.StreamHandler", "formatter": "raw", "stream": "ext://sys.stdout"},
        },
        # The root handler is replaced too, so libraries' own handlers (rich, debug-level loggers) stay quiet.
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "matchgraph": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "matchgraph.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to bind.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    access_log: Annotated[bool, typer.Option(help="One JSON line per request on stdout.")] = True,
    trusted_proxies: Annotated[str | None, typer.Option(
        help="Comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed "
             "(default: none, or MATCHGRAPH_TRUSTED_PROXIES).")] = None,
) -> None:
    """Serve the web pages, the JSON API (/api/v1, /openapi.json) and MCP (/mcp).

    An empty database is initialised from the bundled snapshot first. Ctrl-C or SIGTERM stops
    accepting connections, lets running requests finish (up to 10 s) and closes the database.
    """
    import uvicorn

    from matchgraph.web.app import create_app
    from matchgraph.web.middleware import json_error_protocol

    settings = settings_of(ctx)
    if trusted_proxies is not None:
        import dataclasses

        proxies = tuple(p.strip() for p in trusted_proxies.split(",") if p.strip())
        settings = dataclasses.replace(settings, trusted_proxies=proxies)
        os.environ[ENV_TRUSTED_PROXIES] = ",".join(proxies)
    with handled_errors():
        engine = open_engine(ctx)
        if ensure_catalog(engine):
            err.print("Initialised the empty database from the bundled snapshot.", highlight=False)
        engine.dispose()
    config = log_config(log_level)
    if not access_log:
        config["loggers"]["matchgraph.access"]["level"] = "WARNING"
    options: dict[str, Any] = {
        "host": host, "port": port, "log_config": config, "log_level": log_level.lower(), "access_log": False,
        # The app reads X-Forwarded-For itself, from settings.trusted_proxies only.
        "proxy_headers": False, "timeout_graceful_shutdown": 10, "http": json_error_protocol(),
        "server_header": False,
    }
    err.print(f"matchgraph serving on http://{host}:{port} (database {settings.db_url.split('://')[0]})",
              highlight=False)
    if workers > 1:
        # Worker processes build their own app from the environment, so the database goes there.
        os.environ[ENV_DB] = settings.db_url
        uvicorn.run("matchgraph.web.app:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)


@keys_app.command("create")
def keys_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Who or what the key is for, e.g. 'ci-bot'.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the key and its record as JSON.")] = False,
) -> None:
    """Create an API key and print it once; only its hash is stored."""
    with handled_errors():
        plain, record = create_key(open_engine(ctx), name, settings_of(ctx).api_key_pepper)
    if json_out:
        print_json({"key": plain, "name": record.name, "prefix": record.prefix, "created_at": record.created_at})
    else:
        typer.echo(plain)
    err.print("Store this key now: it is not shown again. Send it as 'Authorization: Bearer <key>'.",
              highlight=False)


@keys_app.command("list")
def keys_list(ctx: typer.Context,
              json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """List keys (names, prefixes, dates; never the keys themselves)."""
    with handled_errors():
        records = list_keys(open_engine(ctx))
    rows = [{"name": r.name, "prefix": r.prefix, "created_at": r.created_at, "revoked_at": r.revoked_at}
            for r in records]
    if json_out:
        print_json(rows)
        return
    for r in rows:
        state = f"revoked {r['revoked_at']}" if r["revoked_at"] else "active"
        typer.echo(f"{r['name']}\t{r['prefix']}…\t{r['created_at']}\t{state}")


@keys_app.command("revoke")
def keys_revoke(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key; requests using it get 401 from then on."""
    with handled_errors():
        record = revoke_key(open_engine(ctx), name)
    err.print(f"Revoked {record.name} ({record.prefix}…) at {record.revoked_at}.", highlight=False)


@app.command("mcp")
def mcp_command(
    ctx: typer.Context,
    api_key: Annotated[str | None, typer.Option(
        "--api-key", envvar="MATCHGRAPH_API_KEY",
        help="API key identifying this agent: needed by report_outcome; keyed searches feed learning.")] = None,
) -> None:
    """Serve the MCP tools (resolve_capability, search_models, trust_passport, compare_models,
    report_outcome) on stdio."""
    from matchgraph.mcp.server import run_stdio

    with handled_errors():
        run_stdio(settings_of(ctx), api_key)
