"""Seconds for `init` from the bundled snapshot and for a full LiteLLM ingest with derivation.

Run: python bench/bench_catalog.py [--litellm PATH] [--pg URL]
Prints each figure and its ratio to a baseline run in the same process: parsing the same
LiteLLM JSON file with the standard library (the least any ingest has to do).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from matchgraph.service.catalog import ingest
from matchgraph.service.snapshot import init_catalog
from matchgraph.settings import Settings
from matchgraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LITELLM = ROOT.parent / "shared" / "data" / "litellm" / "model_prices_and_context_window.json"


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--litellm", default=str(DEFAULT_LITELLM))
    parser.add_argument("--pg", default=None, help="also time on this PostgreSQL URL (tables are replaced)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    baseline = timed(lambda: json.loads(Path(args.litellm).read_bytes()), args.repeat)
    base = statistics.median(baseline)
    print(f"baseline json.loads of the LiteLLM file: {base:.3f} s")

    urls = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            urls.append(f"sqlite:///{tmp}/init{i}.db")

        def run_init(urls=urls) -> None:
            engine = open_store(Settings(db_url=urls.pop()))
            init_catalog(engine)
            engine.dispose()

        init_s = timed(run_init, args.repeat)
        med = statistics.median(init_s)
        print(
            f"init from snapshot (SQLite, incl. migrations): median {med:.2f} s "
            f"(min {min(init_s):.2f}) = {med / base:.0f}x baseline"
        )

        engine = open_store(Settings(db_url=f"sqlite:///{tmp}/ingest.db"))
        records = []

        def run_ingest() -> None:
            result = ingest(engine, "litellm", args.litellm, max_bytes=200 << 20)
            records.append(result.records_read)

        ingest_s = timed(run_ingest, args.repeat)
        med = statistics.median(ingest_s)
        print(
            f"full LiteLLM ingest + derivation (SQLite): median {med:.2f} s, "
            f"{records[-1] / med:,.0f} records/s = {med / base:.0f}x baseline"
        )

    if args.pg:
        engine = open_store(Settings(db_url=args.pg))
        pg_s = timed(lambda: ingest(engine, "litellm", args.litellm, max_bytes=200 << 20), args.repeat)
        med = statistics.median(pg_s)
        print(
            f"full LiteLLM ingest + derivation (PostgreSQL): median {med:.2f} s, "
            f"{records[-1] / med:,.0f} records/s = {med / base:.0f}x baseline"
        )


if __name__ == "__main__":
    main()
