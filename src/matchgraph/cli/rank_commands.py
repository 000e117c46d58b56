"""Ranking commands: ``rank`` (MatchRank or quality per capability) and ``ratings`` (Bradley–Terry)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from matchgraph.catalog.facts import UNKNOWN
from matchgraph.cli.app import app, err, fail, handled_errors, lazy, open_engine, print_json

Services = lazy("matchgraph.service.context", "Services")
rankings = lazy("matchgraph.service.rankings", "rankings")
ensure_catalog = lazy("matchgraph.service.snapshot", "ensure_catalog")

# The matchgraph.rank package (SciPy) is imported inside the commands so other commands start fast.
CI_METHODS = ("sandwich", "bootstrap", "none")


def _num(value: Any, digits: int = 1) -> str:
    return UNKNOWN if value is None else f"{value:.{digits}f}"


def _print_rankings(data: dict[str, Any]) -> None:
    from matchgraph.cli.render import render_rankings

    render_rankings(data)
    err.print(f"{len(data['results'])} of {data['matched']} shown; formula {data['version']}.", highlight=False)


@app.command()
def rank(
    ctx: typer.Context,
    capability: Annotated[str | None, typer.Option(help="Rank by quality on this capability (URI or key).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only artifacts of this kind (model, api, …).")] = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 50,
    min_known: Annotated[int, typer.Option(help="Only artifacts with at least this many known components.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Rank artifacts by MatchRank 0–100 (components: adoption, quality, ecosystem, match graph).

    \b
    Examples:
      matchgraph rank --json --limit 20
      matchgraph rank --capability capability://text.coding --json
      matchgraph rank --capability image.generation.text-to-image
    """
    with handled_errors():
        engine = open_engine(ctx)
        ensure_catalog(engine)
        data = rankings(Services(engine), capability=capability, kind=kind, limit=limit, min_known=min_known)
    if json_out:
        print_json(data)
    else:
        _print_rankings(data)


@app.command()
def ratings(
    votes: Annotated[Path, typer.Argument(help="Votes as CSV or JSONL with model_a, model_b, winner.")],
    ci: Annotated[str, typer.Option(help="Interval method: sandwich, bootstrap or none.")] = "sandwich",
    rounds: Annotated[int, typer.Option(help="Bootstrap rounds (with --ci bootstrap).")] = 200,
    seed: Annotated[int, typer.Option(help="Bootstrap random seed.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Bradley–Terry ratings (arena scale, mean 1000) with 95% intervals from pairwise votes.

    Winner labels: model_a, model_b, tie, tie (bothbad). Warnings go to stderr.
    """
    if ci not in CI_METHODS:
        fail(f"unknown --ci {ci!r}; choose one of: {', '.join(CI_METHODS)}")
    from matchgraph.rank import VoteError, fit_ratings, load_votes

    try:
        fitted = fit_ratings(load_votes(votes), ci=ci, bootstrap_rounds=rounds, seed=seed)  # type: ignore[arg-type]
    except VoteError as exc:
        fail(f"{votes}: {exc}")
    except ValueError as exc:
        fail(str(exc))
    for warning in fitted.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    rows = fitted.to_rows()
    if json_out:
        print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Bradley–Terry ratings ({fitted.n_votes:,} votes, {ci} intervals)")
    for col in ("rank", "competitor", "rating", "lower", "upper", "votes"):
        table.add_column(col)
    for r in rows:
        rank_text = str(r["rank"]) if r["rank_lower"] is None else f"{r['rank_lower']}–{r['rank_upper']}"
        table.add_row(rank_text, str(r["competitor"]), _num(r["rating"]), _num(r["lower"]), _num(r["upper"]),
                      str(r["votes"]))
    Console().print(table)
