"""Command-line start-up: wall time of `matchgraph --help` and `matchgraph show KEY` against `python -c pass`.

Run: python bench/bench_cli.py [--db URL] [--runs 15] [--key gpt-4o-mini]

Every command is a fresh process (as a person runs it), output piped; the figure is the median wall
time of ``--runs`` runs, interleaved so that load on the machine hits all three alike. Each command
is run once before timing, on an empty cache (that first-run time is printed too), so that its cached
output for the current code, terminal and catalog state exists: the case a person meets from the
second run on. The cache is a temporary MATCHGRAPH_CACHE_DIR, not the user's. Printed: the medians
and the ratios help/pass and show/pass.
Without --db a temporary SQLite store is initialised from the bundled snapshot first.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def exe() -> list[str]:
    """The installed console script next to this interpreter, else the package entry point."""
    script = shutil.which("matchgraph", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from matchgraph.cli import main; main()"]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[:500]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL with a catalog (default: a fresh temporary SQLite store)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--key", default="gpt-4o-mini")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "COLUMNS": "80"}
    tmp = None
    cache = tempfile.TemporaryDirectory()
    env["MATCHGRAPH_CACHE_DIR"] = cache.name
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
        subprocess.run([*exe(), "--db", db, "init"], env=env, check=True, capture_output=True)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "matchgraph --help": [*exe(), "--help"],
        f"matchgraph show {args.key}": [*exe(), "--db", db, "show", args.key],
    }
    first = {name: timed(cmd, env)[0] for name, cmd in commands.items()}  # fills the cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))
    med = {name: statistics.median(t[0] for t in ts) for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) for name, ts in times.items()}
    base, cpu_base = med["python -c pass"], max(cpu["python -c pass"], 1e-3)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times stretch under load)")
    for name, value in med.items():
        print(f"{name:<32} wall {value * 1000:7.1f} ms ({value / base:5.1f}×)  "
              f"CPU {cpu[name] * 1000:7.1f} ms ({cpu[name] / cpu_base:5.1f}×)")
    show = f"matchgraph show {args.key}"
    print(f"ratio help/pass {med['matchgraph --help'] / base:.1f} (budget 5), show/pass {med[show] / base:.1f} "
          f"(budget 10); by CPU time {cpu['matchgraph --help'] / cpu_base:.1f} and {cpu[show] / cpu_base:.1f}")
    print("first run (empty cache): " + ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in first.items()))
    cache.cleanup()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
