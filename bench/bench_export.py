"""Static export throughput: every comparable pair of the bundled catalog (or the first N groups).

Run: python bench/bench_export.py [--limit-groups N] [--arena] [--keep DIR]
Prints pages written per second for a fresh export, the time of a resumed export (every page already
current), and the ratio to a baseline run in the same process: rendering a trivial Jinja2 template and
writing it to a file, the least a static page export has to do per page.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from jinja2 import Environment

from matchgraph.service.catalog import ingest
from matchgraph.service.context import Services
from matchgraph.service.export import comparable_groups, export_site
from matchgraph.service.snapshot import init_catalog
from matchgraph.settings import Settings
from matchgraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
LMARENA = ROOT.parent / "shared" / "data" / "lmarena"


def trivial_pages_per_second(out: Path, n: int = 5000) -> tuple[float, float]:
    """Baseline: a one-line autoescaped template rendered and written ``n`` times; (pages per second of
    wall time, pages per second of this process's CPU time)."""
    template = Environment(autoescape=True).from_string("<!doctype html><title>{{ t }}</title><p>{{ t }}</p>")
    out.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        (out / f"{i}.html").write_text(template.render(t=f"page {i}"), encoding="utf-8")
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-groups", type=int, default=None, help="only the first N groups (default: all)")
    parser.add_argument("--arena", action="store_true", help="ingest the pinned LMArena files first")
    parser.add_argument("--keep", default=None, help="write the site here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(Settings(db_url=f"sqlite:///{tmp}/bench.db"))
        init_catalog(engine)
        if args.arena:
            ingest(engine, "lmarena", str(LMARENA), max_bytes=Settings(db_url="").max_source_bytes)
        services = Services(engine)
        groups = comparable_groups(services.view())
        chosen = groups if args.limit_groups is None else groups[:args.limit_groups]
        pairs = sum(len(g.pairs()) for g in chosen)
        print(f"catalog: {len(services.view().artifacts)} artifacts, {len(groups)} comparable groups, "
              f"{sum(len(g.pairs()) for g in groups)} pairs in all; exporting {len(chosen)} groups, {pairs} pairs"
              + (" (arena evidence ingested)" if args.arena else ""))

        base, base_cpu = trivial_pages_per_second(Path(tmp) / "baseline")
        print(f"baseline: trivial template render + write: {base:,.0f} pages/s ({base_cpu:,.0f} per CPU second)")

        out = Path(args.keep) if args.keep else Path(tmp) / "site"
        if out.exists():
            shutil.rmtree(out)
        cpu = time.process_time()
        fresh = export_site(services, out, limit_groups=args.limit_groups)
        rate = fresh.pages_per_second or 0.0
        rate_cpu = fresh.written / max(time.process_time() - cpu, 1e-9)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(f"fresh export: {fresh.written:,} pages ({fresh.artifact_pages:,} artifact, "
              f"{fresh.comparison_pages:,} comparison) in {fresh.seconds:.1f} s = {rate:,.0f} pages/s "
              f"(ratio {rate / base:.2f}× of baseline); {size / 1e6:,.0f} MB on disk; by CPU time "
              f"{rate_cpu:,.0f} pages/s (ratio {rate_cpu / base_cpu:.2f}×, steadier on a loaded machine)")
        resumed = export_site(services, out, limit_groups=args.limit_groups)
        print(f"resumed export: {resumed.skipped:,} pages already current, {resumed.written} written, "
              f"{resumed.seconds:.1f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
