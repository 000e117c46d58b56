"""Command-line start-up: wall time of `matchgraph --help` and `matchgraph show KEY` against `python -c pass`.

Run: python bench/bench_cli.py [--db URL] [--runs 15] [--key gpt-4o-mini]

Every command is a fresh process (as a person runs it), output piped; each figure is the median
wall (and child CPU) time of ``--runs`` runs, interleaved so that load on the machine hits all
commands alike. These cases are timed, each against the same ``python -c pass`` baseline:
  first run   the cache as ``init`` leaves it (restored before every run: the MatchRank table, the
              index of every artifact's passport and the top-level help it writes; no output stored by
              a command): what a person meets on the first ``--help`` and ``show`` after initialising;
  no cache    an empty cache directory (``show`` ranks the whole catalog itself);
  warm        the stored output of the same command line (from the second run on);
  after search the cache as init left it, then a ``search`` (untimed) whose results include KEY, so the
              event log and KEY's counters have moved since the cache was written (no output stored yet:
              the text is rendered, as on the first run);
  show, search, show  the same after one untimed ``show`` (its output stored) before the search: what the
              next ``show`` costs when searches and shows alternate.
The cache is a temporary MATCHGRAPH_CACHE_DIR, not the user's. Without --db a temporary SQLite
store is initialised from the bundled snapshot first (through the CLI, so its cache is written);
with --db, the cache is written as ``init`` would (catalog_commands.store_ranks).
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
from collections.abc import Callable
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


def restore(cache: Path, saved: Path) -> None:
    """Put the cache back as ``saved`` holds it."""
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(saved, cache)


def medians(commands: dict[str, list[str]], env: dict[str, str], runs: int,
            before: Callable[[], None] | None = None) -> tuple[dict[str, float], dict[str, float]]:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            if before is not None and name != "python -c pass":  # the baseline never reads the cache
                before()
            times[name].append(timed(cmd, env))
    wall = {name: statistics.median(t[0] for t in ts) for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) for name, ts in times.items()}
    return wall, cpu


def report(title: str, wall: dict[str, float], cpu: dict[str, float]) -> None:
    base, cpu_base = wall["python -c pass"], max(cpu["python -c pass"], 1e-3)
    print(title)
    for name, value in wall.items():
        print(f"  {name:<32} wall {value * 1000:7.1f} ms ({value / base:5.1f}x)  "
              f"CPU {cpu[name] * 1000:7.1f} ms ({cpu[name] / cpu_base:5.1f}x)")


def ratios(label: str, wall: dict[str, float], show: str) -> None:
    base = wall["python -c pass"]
    parts = []
    if "matchgraph --help" in wall:
        parts.append(f"help/pass {wall['matchgraph --help'] / base:.1f} (budget 5)")
    parts.append(f"show/pass {wall[show] / base:.1f} (budget 10)")
    print(f"  {label}: " + ", ".join(parts))


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
    cache_dir = Path(cache.name)
    env["MATCHGRAPH_CACHE_DIR"] = cache.name
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
        subprocess.run([*exe(), "--db", db, "init"], env=env, check=True, capture_output=True)
    else:
        code = ("import sys; from matchgraph.settings import Settings; from matchgraph.store import open_store; "
                "from matchgraph.cli.catalog_commands import store_ranks; "
                "store_ranks(open_store(Settings(db_url=sys.argv[1])))")
        subprocess.run([sys.executable, "-c", code, db], env=env, check=True)
    show = f"matchgraph show {args.key}"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "matchgraph --help": [*exe(), "--help"],
        show: [*exe(), "--db", db, "show", args.key],
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times stretch under load)")
    saved = Path(tempfile.mkdtemp(prefix="bench-cli-init-")) / "cache"
    shutil.copytree(cache_dir, saved)
    empty = saved.parent / "empty"
    empty.mkdir()
    first = medians(commands, env, args.runs, lambda: restore(cache_dir, saved))
    report("first run after init (the cache as init left it, restored before every run):", *first)
    bare = {k: v for k, v in commands.items() if k != "matchgraph --help"}
    none = medians(bare, env, max(3, args.runs // 5), lambda: restore(cache_dir, empty))
    report("no cache at all (empty cache directory before every run):", *none)
    subprocess.run(commands[show], env=env, check=True, capture_output=True)  # stores the output again
    subprocess.run(commands["matchgraph --help"], env=env, check=True, capture_output=True)
    warm = medians(commands, env, args.runs)
    report("warm (the same command line run before):", *warm)
    need = [*exe(), "--db", db, "search", f"{args.key} vision model with function calling", "--json"]

    def after_search() -> None:
        restore(cache_dir, saved)
        subprocess.run(need, env=env, check=True, capture_output=True)

    searched = medians(bare, env, max(3, args.runs // 3), after_search)
    report("after a search (the cache as init left it, then one search naming the key, before every run):",
           *searched)

    def shown_then_searched() -> None:
        restore(cache_dir, saved)
        subprocess.run(commands[show], env=env, check=True, capture_output=True)
        subprocess.run(need, env=env, check=True, capture_output=True)

    alternating = medians(bare, env, max(3, args.runs // 3), shown_then_searched)
    report("show, search, show (the cache as init left it, then one show and one search naming the key, "
           "before every run):", *alternating)
    print("ratios by wall time:")
    ratios("first run after init", first[0], show)
    ratios("no cache at all", none[0], show)
    ratios("warm", warm[0], show)
    ratios("after a search", searched[0], show)
    ratios("show, search, show", alternating[0], show)
    print("ratios by CPU time: " + ", ".join(
        f"{label} help {c.get('matchgraph --help', float('nan')) / max(c['python -c pass'], 1e-3):.1f} "
        f"show {c[show] / max(c['python -c pass'], 1e-3):.1f}"
        for label, c in (("first", first[1]), ("warm", warm[1]))))
    cache.cleanup()
    shutil.rmtree(saved.parent, ignore_errors=True)
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
