"""`/api/v1/search` throughput on one worker against the in-process `search()` rate, both logging events.

Run: python bench/bench_api.py [--db URL] [--seconds 8] [--connections 4] [--repeat 3]

The baseline is ``search(services, need)`` called in a loop in this process, one thread, each call
logging its event as the API does (the event log is the cost the budget names "with logging"). The
server is one uvicorn worker on a copy of the same catalog, loaded by ``wrk`` (one thread, keep-alive;
Debian: ``apt-get install wrk``) with the same needs in the same order, rate limits off. Rounds
alternate (baseline, server) so drifting load on the machine hits both; the medians and every
round's ratio are printed. Budget: server rate >= 0.7x the in-process rate.
Needs: every need of the evaluation sets (tests/eval), the mix of lengths and languages people type.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import eval_needs
from bench_web import (
    APP_SERVER,
    CLIENT,
    fetch_once,
    free_port,
    measure,
    prepare_db,
    start,
    wait_ready,
)

from matchgraph.service.context import Services
from matchgraph.service.search import search
from matchgraph.settings import Settings
from matchgraph.store import open_store


def copy_sqlite(url: str, dst: Path) -> str:
    """A consistent copy of a SQLite catalog, so the logged events do not land in the caller's store."""
    src = sqlite3.connect(url.removeprefix("sqlite:///"))
    out = sqlite3.connect(dst)
    with out:
        src.backup(out)
    src.close()
    out.close()
    return f"sqlite:///{dst}"


def in_process_rate(services: Services, needs: list[str], seconds: float) -> float:
    """Searches per second of ``search()`` with event logging, one thread."""
    done, i = 0, 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        search(services, needs[i % len(needs)], client="ip:127.0.0.1")
        done += 1
        i += 1
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="SQLite URL of an initialised catalog (default: a temporary one)")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=4, help="wrk connections to the one worker")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt-get install wrk): a Python client would share the CPU it measures")
    CLIENT["name"] = "wrk"
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    source = prepare_db(args.db)
    if not source.startswith("sqlite:///"):
        raise SystemExit("give a SQLite catalog (it is copied, so the bench's events stay out of it)")
    db = copy_sqlite(source, tmp / "api.db")
    needs = [n for n in eval_needs() if n.strip()]  # the API refuses an empty q (422) by contract
    paths = [f"/api/v1/search?q={quote(n)}&limit=10" for n in needs]

    engine = open_store(Settings(db_url=db))
    services = Services(engine)
    for n in needs:  # builds the index and fills whatever per-need caches exist, as the server's warm-up does
        search(services, n, log=False)
    port = free_port()
    server = start(APP_SERVER, db, str(port))
    rates, served = [], []
    try:
        wait_ready(port, "/healthz")
        for p in paths:  # the server's own warm-up: every need once
            asyncio.run(fetch_once(port, p))
        for _ in range(max(1, args.repeat)):
            rates.append(in_process_rate(services, needs, args.seconds))
            print(f"in-process search() with logging, one thread   {rates[-1]:9.1f} searches/s")
            out = measure(f"GET /api/v1/search, one worker, {args.connections} conns", port, paths, args.seconds,
                          args.connections)
            served.append(out["rps"])
    finally:
        server.terminate()
        server.wait(timeout=30)
        engine.dispose()
        shutil.rmtree(tmp, ignore_errors=True)
    ratios = [s / r for s, r in zip(served, rates, strict=True)]
    print(f"\nmedians of {len(rates)}: in-process {statistics.median(rates):.1f}/s, "
          f"API {statistics.median(served):.1f}/s;"
          f" API / in-process {statistics.median(served) / statistics.median(rates):.2f}x (budget 0.7;"
          f" per-round {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
