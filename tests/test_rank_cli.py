"""``matchgraph rank`` and ``matchgraph ratings`` as a user runs them: the console script, a real store."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from rank_helpers import LMARENA_DIR, arena_catalog_file, check_matchrank, private_copy
from shared_data import require_shared

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"


def run(args: list[str], db: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"MATCHGRAPH_DB": db} if db else {})}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, catalog_db: str) -> str:
    return private_copy(arena_catalog_file(tmp_path_factory, catalog_db), tmp_path_factory.mktemp("rank_cli"))


def test_rank_json_is_one_document_of_evidenced_components(db: str) -> None:
    done = run(["rank", "--json"], db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["version"] == "matchrank-2" and data["matched"] > 1500 and len(data["results"]) == 50
    assert [r["rank"] for r in data["results"]] == list(range(1, 51))
    for r in data["results"]:
        check_matchrank(r)


def test_rank_by_capability_and_kind(db: str) -> None:
    done = run(["rank", "--json", "--capability", "capability://vision.ocr", "--kind", "model", "--limit", "5"], db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["capability"] == "capability://vision.ocr" and len(data["results"]) == 5
    for r in data["results"]:
        assert r["kind"] == "model" and r["peer_group"] == "text"
        q = r["quality"]["measured_on"][0]
        assert q["metric"].startswith("arena_rating:vision/ocr")
        assert q["ci_low"] <= q["value"] <= q["ci_high"] and q["fetched_at"]
        assert q["lower"] <= q["percentile"] <= q["upper"]
    pcts = [r["quality"]["percentile"] for r in data["results"]]
    assert pcts == sorted(pcts, reverse=True)


def test_rank_errors_go_to_stderr(db: str) -> None:
    done = run(["rank", "--json", "--capability", "vision.ocrr"], db)
    assert done.returncode != 0 and done.stdout == ""
    assert "unknown capability" in done.stderr and "vision.ocr" in done.stderr
    done = run(["rank", "--json", "--limit", "0"], db)
    assert done.returncode != 0 and "limit" in done.stderr


def test_show_json_includes_matchrank(db: str) -> None:
    # The family head: rated on its dated version's arena rows (a version has no entry of its own).
    done = run(["show", "anthropic/claude-opus-4", "--json"], db)
    assert done.returncode == 0, done.stderr
    mr = json.loads(done.stdout)["matchrank"]
    check_matchrank(mr)
    chat = [e for e in mr["components"]["quality"]["evidence"]["capabilities"]
            if e["capability"] == "capability://text.chat"]
    assert chat and chat[0]["metric"] == "arena_rating:text/full:style" and chat[0]["ci_low"] is not None
    assert chat[0]["measured_on"] == "anthropic/claude-opus-4-20250514"


# --------------------------------------------------------------------------- ratings


def _arena_truth(n: int = 6) -> dict[str, float]:
    """Real overall text ratings of models spread across the board (about 40 places apart)."""
    board = json.loads(require_shared(LMARENA_DIR / "leaderboard-text.json").read_text(encoding="utf-8"))["full"]
    ordered = sorted(board.items(), key=lambda kv: -kv[1]["rating"])
    return {name: v["rating"] for name, v in ordered[::40][:n]}


def _write_votes(path: Path, truth: dict[str, float], n_votes: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    names = list(truth)
    lines = ["model_a,model_b,winner"]
    for _ in range(n_votes):
        i, j = rng.choice(len(names), size=2, replace=False)
        a, b = names[i], names[j]
        p_a = 1 / (1 + 10 ** ((truth[b] - truth[a]) / 400))
        u = rng.random()
        winner = "tie" if u < 0.1 else ("model_a" if rng.random() < p_a else "model_b")
        lines.append(f"{a},{b},{winner}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ratings_json_rows_recover_arena_order(tmp_path: Path) -> None:
    truth = _arena_truth()
    votes = tmp_path / "votes.csv"
    _write_votes(votes, truth, 6000)
    done = run(["ratings", str(votes), "--json"])
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["competitor"] for r in rows] == sorted(truth, key=lambda k: -truth[k])
    assert sum(r["votes"] for r in rows) == 2 * 6000
    for r in rows:
        assert {"competitor", "rating", "lower", "upper", "votes"} <= set(r)
        assert r["lower"] < r["rating"] < r["upper"]
    # Gaps between competitors match the true gaps (the arena scale: 400 points = 10:1 odds).
    est = {r["competitor"]: r["rating"] for r in rows}
    names = list(truth)
    for a, b in itertools.pairwise(names):
        assert est[a] - est[b] == pytest.approx(truth[a] - truth[b], abs=40)


def test_ratings_interval_methods_and_bad_input(tmp_path: Path) -> None:
    truth = _arena_truth(4)
    votes = tmp_path / "votes.csv"
    _write_votes(votes, truth, 800)
    none = json.loads(run(["ratings", str(votes), "--json", "--ci", "none"]).stdout)
    assert all(r["lower"] is None and r["upper"] is None for r in none)
    boot = run(["ratings", str(votes), "--json", "--ci", "bootstrap", "--rounds", "50"])
    assert boot.returncode == 0, boot.stderr
    assert all(r["lower"] <= r["rating"] <= r["upper"] for r in json.loads(boot.stdout))
    # A competitor with one vote: finite ratings on stdout, a warning on stderr.
    with votes.open("a", encoding="utf-8") as f:
        f.write(f"newcomer,{next(iter(truth))},model_b\n")
    warned = run(["ratings", str(votes), "--json"])
    assert warned.returncode == 0 and "warning" in warned.stderr and "newcomer" in warned.stderr
    assert any(r["competitor"] == "newcomer" for r in json.loads(warned.stdout))
    bad = tmp_path / "bad.csv"
    bad.write_text("model_a,model_b,winner\na,b,model_a\na,b,draw\n", encoding="utf-8")
    done = run(["ratings", str(bad), "--json"])
    assert done.returncode != 0 and done.stdout == "" and "line 3" in done.stderr
    done = run(["ratings", str(votes), "--json", "--ci", "jackknife"])
    assert done.returncode != 0 and "--ci" in done.stderr
