"""Static export throughput: every comparable pair of the bundled catalog (or the first N groups).

Run: python bench/bench_export.py [--limit-groups N] [--arena] [--keep DIR] [--repeat 3] [--workers 2] [--scratch DIR]
Prints pages written per second for a fresh export, the time of a resumed export (every page already
current), and the ratio to a baseline run in the same process: rendering a trivial Jinja2 template and
writing it to a file, the least a static page export has to do per page. Baseline and fresh export
alternate ``--repeat`` times (each export into an emptied directory), so drifting load on the
machine hits both alike; printed are every round's ratio, their median and spread (min..max), by
wall time and by CPU time of this process and its workers (the steadier of the two on a shared machine).
With ``--workers N`` the export renders comparison pages in N processes and the baseline is shared
among N processes too, so the ratio compares like with like. The rounds run on disk and then in
memory (/dev/shm; ``--scratch`` picks others): on disk the figure moves with writeback of what earlier
rounds wrote, in memory it is the renderer's alone.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
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


def _trivial_pages(out: Path, start: int, stop: int, step: int = 1) -> None:
    template = Environment(autoescape=True).from_string("<!doctype html><title>{{ t }}</title><p>{{ t }}</p>")
    folders = [out / f"d{i:02d}" for i in range(100)]
    for i in range(start, stop, step):
        (folders[i % 100] / f"{i}.html").write_text(template.render(t=f"page {i}"), encoding="utf-8")


def trivial_pages_per_second(out: Path, n: int = 10_000, workers: int = 1) -> tuple[float, float]:
    """Baseline: a one-line autoescaped template rendered and written ``n`` times, spread over 100
    folders as the export spreads its pages (one flat folder of thousands of files is a different
    file-system cost); (pages per second of wall time, pages per second of CPU time of this process
    and its finished children). With ``workers`` > 1 the pages are shared among that many forked
    processes, as the export shares its comparison pages."""
    for i in range(100):
        (out / f"d{i:02d}").mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), _cpu()
    if workers <= 1:
        _trivial_pages(out, 0, n)
    else:
        procs = [mp.get_context("fork").Process(target=_trivial_pages, args=(out, w, n, workers))
                 for w in range(workers)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
    return n / (time.perf_counter() - start), n / (_cpu() - cpu)


def _cpu() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-groups", type=int, default=None, help="only the first N groups (default: all)")
    parser.add_argument("--arena", action="store_true", help="ingest the pinned LMArena files first")
    parser.add_argument("--keep", default=None, help="write the site here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="alternating baseline/export rounds")
    parser.add_argument("--scratch", action="append", default=None,
                        help="a folder both the baseline and the export write their pages under (repeatable; "
                             "default: the system's temporary folder, on disk, then /dev/shm, in memory)")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes rendering comparison pages; the baseline gets the same number")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as dbdir:
        engine = open_store(Settings(db_url=f"sqlite:///{dbdir}/bench.db"))
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
        print(f"mode: {'parallel, ' + str(args.workers) + ' processes' if args.workers > 1 else 'serial'} "
              f"(export and baseline alike; {os.cpu_count()} CPUs on this machine)")
        summaries = []
        for scratch in args.scratch or _default_scratches():
            with tempfile.TemporaryDirectory(dir=scratch) as tmp:
                summaries.append(_rounds(services, args, Path(tmp)))
        for line in summaries:
            print(line)
        engine.dispose()


def _default_scratches() -> list[str]:
    """On disk (where an export goes), then in memory. On this machine's disk the baseline fell from
    13,368 to 2,019 pages/s over rounds as writeback of the 800 MB written caught up, so the disk figure
    says how writing behaves; in memory both phases pay little for writing and the figure is the renderer's."""
    out = [tempfile.gettempdir()]
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        out.append(str(shm))
    return out


def _rounds(services: Services, args: argparse.Namespace, tmp: Path) -> str:
    """Alternating baseline and export rounds with pages under ``tmp``; the summary line."""
    print(f"pages written under {tmp}")
    out = Path(args.keep) if args.keep else tmp / "site"
    walls, cpus = [], []
    for r in range(max(1, args.repeat)):
        # Dirty pages of the previous phase are flushed first, so neither phase pays for the other's
        # writeback (without this the baseline swung eighteenfold after a 200 MB export).
        os.sync()
        base, base_cpu = trivial_pages_per_second(tmp / f"baseline-{r}", workers=args.workers)
        shutil.rmtree(tmp / f"baseline-{r}")
        if out.exists():
            shutil.rmtree(out)
        os.sync()
        cpu = _cpu()
        fresh = export_site(services, out, limit_groups=args.limit_groups, workers=args.workers)
        rate = fresh.pages_per_second or 0.0
        rate_cpu = fresh.written / max(_cpu() - cpu, 1e-9)
        walls.append(rate / base)
        cpus.append(rate_cpu / base_cpu)
        print(f"round {r + 1}: baseline {base:,.0f} pages/s ({base_cpu:,.0f} per CPU second); fresh export "
              f"{fresh.written:,} pages ({fresh.artifact_pages:,} artifact, {fresh.comparison_pages:,} "
              f"comparison) in {fresh.seconds:.1f} s = {rate:,.0f} pages/s; ratio {walls[-1]:.2f}x wall, "
              f"{cpus[-1]:.2f}x CPU")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    resumed = export_site(services, out, limit_groups=args.limit_groups)
    print(f"resumed export: {resumed.skipped:,} pages already current, {resumed.written} written, "
          f"{resumed.seconds:.1f} s")
    return (f"export / trivial-template baseline under {tmp.parent} (budget 0.25): median "
            f"{statistics.median(walls):.2f}x by wall time (spread {min(walls):.2f}..{max(walls):.2f}), median "
            f"{statistics.median(cpus):.2f}x by CPU time (spread {min(cpus):.2f}..{max(cpus):.2f}) over "
            f"{len(walls)} rounds; {size / 1e6:,.0f} MB written")


if __name__ == "__main__":
    main()
