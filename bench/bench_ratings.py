"""Bradley–Terry on synthetic arena votes: matchgraph vs arena-rank in the same process.

Votes are drawn from real LMArena text ratings (``full`` category of the pinned leaderboard): pairs
uniformly at random, the winner by Bradley–Terry on the published ratings, a share of ties. Both
implementations start from the same in-memory columns (plain lists of strings for matchgraph, a
pandas DataFrame of the same lists for arena-rank, its native input) and produce ratings with 95%
sandwich intervals; then both bootstrap.

    python bench/bench_ratings.py [--votes 1000000] [--competitors 200] [--tie-rate 0.1]

"Cold" is the first call in the process (arena-rank compiles with JAX then); "warm" is the best of
``--repeat`` further calls. arena-rank's bootstrap runs its worker pool with the ``spawn`` start
method because forking a process that has started JAX threads can deadlock.

OpenBLAS threads are limited to ``--blas-threads`` (default 1) before NumPy loads: the BLAS calls
here are small (L-BFGS-B internals, a 200x200 Cholesky) and on a busy machine waking BLAS worker
threads costs more than the work. arena-rank computes with JAX/XLA, which does not use OpenBLAS.
An ``OPENBLAS_NUM_THREADS`` already set in the environment wins.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# pinned LMArena snapshot, read in place from the shared data next to the repository
LEADERBOARD = Path(__file__).resolve().parents[2] / "shared" / "data" / "lmarena" / "leaderboard-text.json"


def synthesise(n_votes: int, n_competitors: int, tie_rate: float, seed: int):
    """(model_a, model_b, winner) lists drawn from real arena ratings spread over the leaderboard."""
    import numpy as np

    board = json.loads(LEADERBOARD.read_text())["full"]
    ranked = sorted(board, key=lambda m: -board[m]["rating"])
    if not 2 <= n_competitors <= len(ranked):
        raise SystemExit(f"--competitors must be between 2 and {len(ranked)}")
    chosen = [ranked[int(i)] for i in np.linspace(0, len(ranked) - 1, n_competitors).round()]
    rating = np.array([board[m]["rating"] for m in chosen])
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n_competitors, n_votes)
    b = rng.integers(0, n_competitors - 1, n_votes)
    b = np.where(b >= a, b + 1, b)
    p_a = 1.0 / (1.0 + 10.0 ** ((rating[b] - rating[a]) / 400.0))
    winner = np.where(rng.random(n_votes) < p_a, "model_a", "model_b").astype(object)
    winner[rng.random(n_votes) < tie_rate] = "tie"
    names = np.array(chosen, dtype=object)
    return list(names[a]), list(names[b]), list(winner)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cold_and_warm(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    cold, result = timed(fn)
    warm = min(timed(fn)[0] for _ in range(repeat))
    return cold, warm, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--competitors", type=int, default=200)
    parser.add_argument("--tie-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (best is reported)")
    parser.add_argument("--bootstrap-rounds", type=int, default=200, help="matchgraph bootstrap rounds")
    parser.add_argument("--arena-bootstrap-rounds", type=int, default=4,
                        help="rounds for the head-to-head bootstrap (arena-rank takes seconds per round)")
    parser.add_argument("--skip-arena-bootstrap", action="store_true")
    parser.add_argument("--blas-threads", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.blas_threads))

    import numpy as np
    import pandas as pd
    from arena_rank.models.bradley_terry import BradleyTerry
    from arena_rank.utils.data_utils import PairDataset

    from matchgraph.rank import aggregate_votes, fit_ratings, load_votes

    a, b, w = synthesise(args.votes, args.competitors, args.tie_rate, args.seed)
    print(f"data: {args.votes} votes, {args.competitors} competitors, tie rate {args.tie_rate}; "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        csv_path, jsonl_path = Path(tmp) / "votes.csv", Path(tmp) / "votes.jsonl"
        with csv_path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["model_a", "model_b", "winner"])
            writer.writerows(zip(a, b, w, strict=True))
        with jsonl_path.open("w") as handle:
            handle.writelines(
                json.dumps({"model_a": x, "model_b": y, "winner": z}) + "\n" for x, y, z in zip(a, b, w, strict=True)
            )
        t_csv, _ = timed(lambda: load_votes(csv_path))
        t_jsonl, _ = timed(lambda: load_votes(jsonl_path))
    print(f"matchgraph read+aggregate file: CSV {t_csv:.3f} s, JSONL {t_jsonl:.3f} s")

    # --- ratings + sandwich intervals -----------------------------------------------------------
    def ours() -> Any:
        return fit_ratings(aggregate_votes(a, b, w), ci="sandwich")

    frame = pd.DataFrame({"model_a": a, "model_b": b, "winner": w})

    def arena() -> dict[str, Any]:
        dataset = PairDataset.from_pandas(frame)
        model = BradleyTerry(n_competitors=len(dataset.competitors))
        out = model.compute_ratings_and_cis(dataset, significance_level=0.05, ci_method="sandwich")
        return {key: np.asarray(value) if key != "competitors" else value for key, value in out.items()}

    t_agg = min(timed(lambda: aggregate_votes(a, b, w))[0] for _ in range(args.repeat))
    votes = aggregate_votes(a, b, w)
    t_fit = min(timed(lambda: fit_ratings(votes, ci="sandwich"))[0] for _ in range(args.repeat))
    our_cold, our_warm, mine = cold_and_warm(ours, args.repeat)
    arena_cold, arena_warm, ref = cold_and_warm(arena, args.repeat)
    print(f"matchgraph aggregate {t_agg:.3f} s + fit with sandwich {t_fit:.3f} s (warm parts)")
    print(f"matchgraph total: cold {our_cold:.3f} s, warm {our_warm:.3f} s")
    print(f"arena-rank total: cold {arena_cold:.3f} s, warm {arena_warm:.3f} s")
    print(f"speed-up: cold {arena_cold / our_cold:.1f}x, warm {arena_warm / our_warm:.1f}x")

    by_name = mine.by_competitor()
    ours_rating = np.array([by_name[c].rating for c in ref["competitors"]])
    ours_width = np.array([by_name[c].upper - by_name[c].lower for c in ref["competitors"]])
    ref_width = ref["rating_upper"] - ref["rating_lower"]
    print(f"max |rating difference|: {np.max(np.abs(ours_rating - ref['ratings'])):.5f} points")
    print(f"sandwich width: median {np.median(ref_width):.2f} points, max relative difference "
          f"{np.max(np.abs(ours_width - ref_width) / ref_width):.4f}")

    # --- bootstrap ------------------------------------------------------------------------------
    t_boot, boot = timed(lambda: fit_ratings(votes, ci="bootstrap", bootstrap_rounds=args.bootstrap_rounds))
    boot_width = np.array([boot.by_competitor()[c].upper - boot.by_competitor()[c].lower
                           for c in ref["competitors"]])
    print(f"matchgraph bootstrap ({args.bootstrap_rounds} rounds, after aggregation): {t_boot:.3f} s; "
          f"median width vs sandwich {np.median(boot_width / ours_width):.3f}")
    if args.skip_arena_bootstrap:
        return
    rounds = args.arena_bootstrap_rounds
    multiprocessing.set_start_method("spawn", force=True)
    dataset = PairDataset.from_pandas(frame)
    fitted = BradleyTerry(n_competitors=len(dataset.competitors)).fit(dataset)  # fit excluded below
    t_arena_boot, _ = timed(lambda: fitted.compute_ratings_and_cis(
        dataset, significance_level=0.05, ci_method="bootstrap", num_bootstrap=rounds))
    t_our_boot, _ = timed(lambda: fit_ratings(votes, ci="bootstrap", bootstrap_rounds=rounds))
    print(f"bootstrap, {rounds} rounds each: matchgraph {t_our_boot:.3f} s (fit + bootstrap), "
          f"arena-rank {t_arena_boot:.3f} s (bootstrap only, fitted beforehand), "
          f"speed-up {t_arena_boot / t_our_boot:.0f}x")


if __name__ == "__main__":
    main()
