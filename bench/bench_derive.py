"""Ingest + derivation time at 1x and Nx synthetic LiteLLM records, and how it scales.

Run: python bench/bench_derive.py [--litellm PATH] [--scale 10] [--repeat 1]

The Nx database is the pinned LiteLLM file plus (N - 1) renamed copies of every record: copy ``i``
of key ``k`` is ``k-syn{i}``, so each copy resolves to its own artifacts and offers and the
catalog grows N-fold in records, artifacts and peers per capability. Prints, for each size, the
seconds of the whole ingest (read, store, derive) and of derivation alone, and the ratio Nx / 1x
(linear scaling gives about N; a per-pair sort gives about N squared). Each figure is the fastest
of ``--repeat`` runs; CPU seconds of the process are printed beside wall seconds because the wall
clock on a shared machine also counts other processes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from matchgraph.service.catalog import ingest
from matchgraph.settings import Settings
from matchgraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LITELLM = ROOT.parent / "shared" / "data" / "litellm" / "model_prices_and_context_window.json"


def synthetic(data: dict[str, Any], scale: int) -> dict[str, Any]:
    """The database with ``scale - 1`` renamed copies of every record (``sample_spec`` kept once)."""
    out = dict(data)
    for i in range(1, scale):
        for key, record in data.items():
            if key != "sample_spec":
                out[f"{key}-syn{i}"] = record
    return out


def run(path: Path, db_dir: str, tag: str) -> tuple[float, float, float, int]:
    """Wall and CPU seconds of one ingest into a fresh SQLite store, seconds of its derivation, records."""
    engine = open_store(Settings(db_url=f"sqlite:///{db_dir}/{tag}.db"))
    start, cpu = time.perf_counter(), time.process_time()
    result = ingest(engine, "litellm", str(path), max_bytes=2 << 30)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    return total, cpu, result.derive.seconds, result.records_read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--litellm", default=str(DEFAULT_LITELLM))
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    data = json.loads(Path(args.litellm).read_bytes())
    figures: dict[int, tuple[float, float, float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (1, args.scale):
            path = Path(tmp) / f"litellm-{scale}x.json"
            path.write_text(json.dumps(synthetic(data, scale)), encoding="utf-8")
            runs = [run(path, tmp, f"s{scale}-{r}") for r in range(args.repeat)]
            total, cpu, derive = (min(r[i] for r in runs) for i in range(3))
            records = runs[0][3]
            figures[scale] = (total, cpu, derive, records)
            print(
                f"{scale:>3}x: {records:,} records kept; ingest + derive {total:.2f} s wall, {cpu:.2f} s CPU "
                f"(derive alone {derive:.2f} s), {records / total:,.0f} records/s"
            )
    one, many = figures[1], figures[args.scale]
    print(
        f"ratio {args.scale}x / 1x: ingest + derive {many[0] / one[0]:.1f} wall, {many[1] / one[1]:.1f} CPU; "
        f"derive alone {many[2] / one[2]:.1f} (linear = {args.scale})"
    )


if __name__ == "__main__":
    main()
