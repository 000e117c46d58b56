"""Comparison commands: compare (JSON, Markdown or HTML) and export (a static site)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from matchgraph.cli.app import app, err, handled_errors, lazy, open_engine, print_json, progress_bar, settings_of

Services = lazy("matchgraph.service.context", "Services")
ensure_catalog = lazy("matchgraph.service.snapshot", "ensure_catalog")


class Format(StrEnum):
    json = "json"
    md = "md"
    html = "html"


@app.command()
def compare(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="First artifact: slug, alias, source key or exact name.")],
    b: Annotated[str, typer.Argument(help="Second artifact.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    workload: Annotated[
        str | None,
        typer.Option(help="Monthly workload to price, e.g. 'requests=10000/month,input=1500,output=300' "
                          "or 'images=500,size=1024x1024'."),
    ] = None,
) -> None:
    """Compare two artifacts side by side: table, capabilities, differences, verdict, FAQ, cost, sources.

    \b
    Examples:
      matchgraph compare gpt-4o-mini black_forest_labs/flux-pro
      matchgraph compare gpt-4o gpt-4o-mini -f json --workload requests=10k/month,input=1500,output=300
      matchgraph compare flux-1.1-pro flux-pro --format html > page.html
    """
    from matchgraph.compare.render_json import to_dict
    from matchgraph.service.compare import comparison

    with handled_errors():
        engine = open_engine(ctx)
        ensure_catalog(engine)
        c = comparison(Services(engine, settings_of(ctx)), a, b, workload)
    if fmt is Format.json:
        print_json(to_dict(c))
    elif fmt is Format.md:
        from matchgraph.compare.render_md import render_markdown

        sys.stdout.write(render_markdown(c))
    else:
        from matchgraph.compare.render_html import render_comparison_html

        sys.stdout.write(render_comparison_html(c))


@app.command()
def export(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the site into (created if missing).")],
    limit_groups: Annotated[
        int | None, typer.Option(help="Only the first N comparable groups (in index order).")
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option(help="Only this comparable group (repeatable), e.g. 'image generation'.")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="Site URL for absolute sitemap entries (relative without it).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the export summary as JSON.")] = False,
) -> None:
    """Export a static site: artifact pages, every pair in each comparable group, index and sitemap.

    Resumable: pages already written for the same catalog version are skipped.
    """
    from matchgraph.service.export import export_site

    with handled_errors():
        engine = open_engine(ctx)
        ensure_catalog(engine)
        services = Services(engine, settings_of(ctx))
        with progress_bar() as progress:
            report = export_site(services, out_dir, limit_groups=limit_groups, only_groups=group,
                                 base_url=base_url, progress=progress)
    if json_out:
        print_json(report.as_dict())
        return
    rate = report.pages_per_second
    err.print(
        f"{report.artifact_pages:,} artifact pages and {report.comparison_pages:,} comparisons in "
        f"{report.groups} groups: {report.written:,} written, {report.skipped:,} already current, "
        f"{report.seconds:.1f}s" + (f" ({rate:,.0f} pages/s)" if rate else "") + f" → {report.out_dir}",
        highlight=False,
    )
