"""Match commands: search, resolve, outcome, and events export/import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from matchgraph.cli.app import app, err, handled_errors, lazy, open_engine, print_json, settings_of
from matchgraph.service.errors import ServiceError

Services = lazy("matchgraph.service.context", "Services")
ensure_catalog = lazy("matchgraph.service.snapshot", "ensure_catalog")

# The match engine (NumPy, bm25s) is imported inside the commands that use it, so other commands
# start without paying for it.

events_app = typer.Typer(help="Export or replay logged searches and outcomes (JSON Lines).", no_args_is_help=True)
app.add_typer(events_app, name="events")



def _services(ctx: typer.Context, *, catalog: bool = True) -> Services:
    engine = open_engine(ctx)
    if catalog:
        ensure_catalog(engine)
    return Services(engine, settings_of(ctx))


ApiKeyOpt = Annotated[str | None, typer.Option(
    "--api-key", envvar="MATCHGRAPH_API_KEY",
    help="An API key (from `keys create`): only keyed searches and outcomes feed learning and MatchRank.")]


def _client(ctx: typer.Context, services: Services, api_key: str | None, client: str | None) -> str:
    """``key:NAME`` for a valid API key; otherwise an anonymous ``cli`` client (a name cannot pose as a key)."""
    if api_key:
        from matchgraph.rank.clients import keyed
        from matchgraph.web.keys import verify_key

        record = verify_key(services.engine, api_key.strip(), settings_of(ctx).api_key_pepper)
        if record is None:
            raise ServiceError("the API key is unknown or revoked")
        return keyed(record.name)
    return f"cli:{client}" if client else "cli"


def _width() -> int:
    """The terminal's width, or ``COLUMNS``, or 80 when piped."""
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def _print_results(payload: dict[str, Any]) -> None:
    """Human-readable results on stdout; the explanation and notes on stderr.

    Reasons are folded at word boundaries under their result, so nothing runs past the edge of an
    80-column terminal and nothing is cut."""
    import textwrap

    from matchgraph.web.formatting import understood

    # What was read comes first, as on the search page: a list of results ranked by words alone reads
    # very differently from one that met the need's requirements.
    width = _width()

    def said(text: str) -> None:
        # Folded at spaces like the results, so no line on stderr runs past an 80-column terminal.
        err.print(textwrap.fill(text, width=width - 1, subsequent_indent="  ", break_long_words=False,
                                break_on_hyphens=False), highlight=False, soft_wrap=True)

    shown = understood(payload.get("constraints"))
    said("understood: " + ("; ".join(shown) if shown else "no hard requirement" + (
        ", so results are ranked by how well they match its words" if payload["results"] else "")))
    for n, r in enumerate(payload["results"], 1):
        typer.echo(f"{n:>2}. {r['slug']}  score {r['score']:.3f}")
        for reason in r["reasons"][:3]:
            typer.echo(textwrap.fill(reason, width=width - 1, initial_indent=" " * 6, subsequent_indent=" " * 8,
                                     break_long_words=False, break_on_hyphens=False))
    explanation = payload.get("explanation") or {}
    if explanation.get("message"):
        said(explanation["message"])
    for note in payload.get("notes", []):
        said(f"note: {note}")
    unread = explanation.get("not_understood") or []
    if unread:
        said("not understood: " + ", ".join(repr(w) for w in unread[:8]) + " (these words did not change the results)")
    for dropped in explanation.get("ignored_preferences") or []:
        from matchgraph.web.formatting import capname

        said(f"dropped preference: {capname(dropped['uri'])} ({dropped['why']})")
    if payload.get("event_id"):
        said(f"event {payload['event_id']} (report with: matchgraph outcome {payload['event_id']} SLUG "
             "success|failure)")


@app.command("search")
def search_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What you need, in your own words.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many results (1-100).")] = 10,
    client: Annotated[str | None, typer.Option(help="Client name stored with the event.")] = None,
    api_key: ApiKeyOpt = None,
) -> None:
    """Find artifacts that meet every hard requirement of a need, ranked, with reasons.

    \b
    Examples:
      matchgraph search "cheap model that reads invoices and returns JSON, 128K context"
      matchgraph search "image generator under 2 cents a picture" --json --limit 5
    """
    from matchgraph.service.search import search

    with handled_errors():
        services = _services(ctx)
        payload = search(services, query, limit=limit, client=_client(ctx, services, api_key, client))
    print_json(payload) if json_out else _print_results(payload)


@app.command("resolve")
def resolve_cmd(
    ctx: typer.Context,
    uri_or_phrase: Annotated[str, typer.Argument(help="A capability:// URI or a phrase such as 'OCR'.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    risk: Annotated[str, typer.Option("--risk", help="Risk posture: default, production or strict.")] = "default",
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many results (1-100).")] = 10,
    client: Annotated[str | None, typer.Option(help="Client name stored with the event.")] = None,
    api_key: ApiKeyOpt = None,
) -> None:
    """Rank the artifacts that serve one capability, under a risk posture.

    \b
    Examples:
      matchgraph resolve capability://vision.ocr --risk production --json
      matchgraph resolve "text to image" --risk strict
    """
    from matchgraph.service.search import resolve

    with handled_errors():
        services = _services(ctx)
        payload = resolve(services, uri_or_phrase, risk=risk, limit=limit,
                          client=_client(ctx, services, api_key, client))
    if json_out:
        print_json(payload)
        return
    if payload.get("capability"):
        err.print(f"capability: {payload['capability']['uri']} ({payload['capability']['name']}), risk {risk}",
                  highlight=False)
    _print_results(payload)


@app.command("outcome")
def outcome_cmd(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="The event_id printed by search or resolve.")],
    slug: Annotated[str, typer.Argument(help="The slug of a result shown in that event.")],
    outcome: Annotated[str, typer.Argument(help="success or failure.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    client: Annotated[str | None, typer.Option(help="Client name stored with the outcome.")] = None,
    api_key: ApiKeyOpt = None,
) -> None:
    """Report whether a result worked; it updates success counts for the capabilities it matched."""
    from matchgraph.service.events import record_outcome

    with handled_errors():
        services = _services(ctx, catalog=False)
        payload = record_outcome(services, event_id, slug, outcome, client=_client(ctx, services, api_key, client))
    if json_out:
        print_json(payload)
        return
    for c in payload["capabilities"]:
        typer.echo(f"{payload['slug']}  {c['uri']}: {c['successes']} successes, {c['failures']} failures, "
                   f"matched {c['times_matched']} times")
    if payload.get("note"):
        err.print(f"note: {payload['note']}", highlight=False, soft_wrap=True)


@events_app.command("export")
def events_export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines file to write.")],
) -> None:
    """Write every logged search and outcome to FILE."""
    from matchgraph.service.events import export_events

    with handled_errors():
        counts = export_events(_services(ctx, catalog=False), file)
    err.print(f"Wrote {counts['events']:,} events and {counts['outcomes']:,} outcomes to {file}.", highlight=False)


@events_app.command("import")
def events_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines file written by `events export`.")],
) -> None:
    """Replay an exported events file (already-stored events are skipped)."""
    from matchgraph.service.events import replay_events

    with handled_errors():
        counts = replay_events(_services(ctx, catalog=False), file)
    err.print(f"Imported {counts['events']:,} events and {counts['outcomes']:,} outcomes "
              f"({counts['skipped_events']:,} events and {counts['skipped_outcomes']:,} outcomes were already "
              "stored).", highlight=False)
