"""search, resolve, outcome and events as a user runs them: the console script on a real store."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from rank_helpers import private_copy

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"


def run(args: list[str], db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHGRAPH_DB": db}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=300)


def ok_json(args: list[str], db: str) -> Any:
    done = run(args, db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def db(tmp_path: Path, catalog_db: str) -> str:
    return private_copy(Path(catalog_db.removeprefix("sqlite:///")), tmp_path)


def test_search_json_follows_the_contract(db: str) -> None:
    doc = ok_json(["search", "model with vision and tool calling under $0.20 per million input tokens", "--json",
                   "--limit", "4"], db)
    assert doc["query"].startswith("model with vision")
    assert doc["constraints"]["max_input_per_mtok"] == 0.2
    assert isinstance(doc["event_id"], str) and len(doc["event_id"]) == 36
    assert len(doc["results"]) == 4
    for r in doc["results"]:
        assert {"slug", "name", "score", "components", "reasons", "capabilities", "prices", "sources"} <= set(r)
        assert r["prices"]["input_per_mtok"] <= 0.2
        # Function calling or a narrower kind of it (forced tool choice), as the hard filter reads the taxonomy.
        fc = "capability://tools.function-calling"
        assert any(c == fc or c.startswith(fc + ".") for c in r["capabilities"]), r["slug"]
    keys = {s["key"] for r in doc["results"] for s in r["sources"] if s["source"] == "litellm"}
    assert keys, "the LiteLLM keys of the offers are listed"


def test_outcome_shows_in_passport_and_moves_later_scores(db: str) -> None:
    need = ["search", "cheap model with tool calling and json mode", "--json", "--limit", "6"]
    first = ok_json(need, db)
    event = first["event_id"]
    winner, loser = first["results"][3]["slug"], first["results"][4]["slug"]
    matched = "capability://tools.function-calling"
    key = ok_json(["keys", "create", "cli-tester", "--json"], db)["key"]
    # Without a key the report is stored for audit but counts for nothing; a key-like --client cannot pose as one.
    other = ok_json(need, db)["event_id"]
    anon = run(["outcome", other, winner, "failure", "--client", "key:cli-tester"], db)
    assert anon.returncode == 0 and "audit only" in anon.stderr
    forged = run(["outcome", event, winner, "success", "--api-key", "mgk_not-a-key"], db)
    assert forged.returncode == 1 and "unknown or revoked" in forged.stderr
    assert run(["outcome", event, winner, "success", "--api-key", key], db).returncode == 0
    assert run(["outcome", event, loser, "failure", "--api-key", key], db).returncode == 0
    passport = ok_json(["show", winner, "--json"], db)
    cap = next(c for c in passport["capabilities"] if c["uri"] == matched)
    assert (cap["times_matched"], cap["successes"], cap["failures"], cap["success_rate"]) == (2, 1, 0, 1.0)
    lost = next(c for c in ok_json(["show", loser, "--json"], db)["capabilities"] if c["uri"] == matched)
    assert (lost["successes"], lost["failures"], lost["success_rate"]) == (0, 1, 0.0)
    later = {r["slug"]: r["score"] for r in ok_json([*need[:-1], "50"], db)["results"]}
    before = {r["slug"]: r["score"] for r in first["results"]}
    assert later[winner] > before[winner]
    assert later[loser] < before[loser]
    # Bad reports: a clear line on stderr, nothing on stdout, a non-zero exit.
    bad = run(["outcome", event, first["results"][0]["slug"], "meh"], db)
    assert bad.returncode == 1 and "success' or 'failure'" in bad.stderr and bad.stdout == ""
    missing = run(["outcome", "no-such-event", winner, "success"], db)
    assert missing.returncode == 2 and "no search event" in missing.stderr
    not_shown = run(["outcome", event, "openai/gpt-4o", "success"], db)
    assert not_shown.returncode == 1 and "not among the results" in not_shown.stderr
    again = run(["outcome", event, winner, "failure"], db)
    assert again.returncode == 1 and "already recorded" in again.stderr


@pytest.mark.parametrize("need", ["🚀 модель 中文 😀 under $1/M", "10M context image generator under 1 cent"])
def test_bad_input_explains_without_crashing(db: str, need: str) -> None:
    doc = ok_json(["search", need, "--json"], db)
    assert doc["query"] == need
    assert doc["explanation"]["message"]
    if need.startswith("10M"):
        assert doc["results"] == [] and doc["explanation"]["emptied_by"] == "min_context"
    else:
        assert all(r["prices"]["input_per_mtok"] <= 1.0 for r in doc["results"])


def test_resolve_cli(db: str) -> None:
    doc = ok_json(["resolve", "capability://text.structured-output.json-schema", "--json", "--risk", "production",
                   "--limit", "3"], db)
    assert doc["capability"]["uri"] == "capability://text.structured-output.json-schema"
    assert len(doc["results"]) == 3 and doc["event_id"]
    assert all(r["passport"]["status"] == "active" and r["passport"]["priced"] for r in doc["results"])
    bad = run(["resolve", "capability://vision.ocrr"], db)
    assert bad.returncode == 2 and "Did you mean: capability://vision.ocr" in bad.stderr
    risk = run(["resolve", "ocr", "--risk", "yolo"], db)
    assert risk.returncode == 1 and "risk must be one of" in risk.stderr


def test_events_export_and_import(db: str, tmp_path: Path, catalog_db: str) -> None:
    event = ok_json(["search", "reranker for my RAG pipeline", "--json", "--limit", "3"], db)
    assert run(["outcome", event["event_id"], event["results"][0]["slug"], "success"], db).returncode == 0
    out = tmp_path / "events.jsonl"
    done = run(["events", "export", str(out)], db)
    assert done.returncode == 0 and "1 events and 1 outcomes" in done.stderr
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    fresh = private_copy(Path(catalog_db.removeprefix("sqlite:///")), fresh_dir)
    assert run(["events", "import", str(out)], fresh).returncode == 0

    def stats(url: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return sorted(conn.execute("SELECT * FROM capability_stats").fetchall())

    assert stats(fresh) == stats(db) and stats(db)


def test_search_text_says_what_was_not_understood(db: str) -> None:
    done = run(["search", "chat model that reads tea leaves xqzzy", "--limit", "3"], db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n ") >= 1  # results are still shown
    line = next(x for x in done.stderr.splitlines() if x.startswith("not understood:"))
    assert "'xqzzy'" in line
    doc = ok_json(["search", "chat model that reads tea leaves xqzzy", "--json", "--limit", "3"], db)
    assert "xqzzy" in doc["explanation"]["not_understood"]


def test_search_text_fits_80_columns_and_keeps_every_word(db: str) -> None:
    need = "best model for coding with tool calling and a long context window, under 5 dollars per million"
    env_run = subprocess.run([EXE, "search", need, "--limit", "5"], capture_output=True, text=True,
                             env={**os.environ, "MATCHGRAPH_DB": db, "COLUMNS": "80"}, timeout=300)
    assert env_run.returncode == 0, env_run.stderr
    lines = env_run.stdout.splitlines()
    assert lines and all(len(x) <= 80 for x in lines), max(lines, key=len)
    said = env_run.stderr.splitlines()  # what was read, the closing line, notes and the event to report on
    assert said and all(len(x) <= 80 for x in said), max(said, key=len)
    doc = ok_json(["search", need, "--json", "--limit", "5"], db)
    folded = " ".join(x.strip() for x in lines)
    for r in doc["results"]:
        for reason in r["reasons"][:3]:
            assert reason in folded  # folded at spaces, never cut


def test_search_text_opens_with_what_was_understood(db: str) -> None:
    """Before the results, the text says what the need was read as, or that nothing hard was read."""
    need = "vision model that returns JSON, 128k context"
    done = subprocess.run([EXE, "search", need, "--limit", "3"], capture_output=True, text=True,
                          env={**os.environ, "MATCHGRAPH_DB": db, "COLUMNS": "80"}, timeout=300)
    assert done.returncode == 0, done.stderr
    said = done.stderr.split("\n 1.", 1)[0] if "\n 1." in done.stderr else done.stderr
    first = " ".join(said.split("understood: ", 1)[1].split("\n")[0:2])
    assert "takes image input" in first and "128K" in first
    assert all(len(x) <= 80 for x in done.stderr.splitlines()[:2])
    vague = run(["search", "quiero algo bonito", "--limit", "3"], db)
    assert vague.stderr.startswith("understood: no hard requirement")
    # "ranked by its words" only when there are results to rank.
    for need in ("quiero algo bonito", "something for writing poems"):
        done = run(["search", need, "--limit", "3"], db)
        first = done.stderr.splitlines()[0]
        assert first.startswith("understood: no hard requirement")
        assert ("ranked" in first) == bool(done.stdout.strip()), (need, first, done.stdout[:200])
    assert run(["search", "something for writing poems", "--limit", "3"], db).stdout.strip()


def test_search_text_names_what_the_ranking_weighs_in_words(db: str) -> None:
    """The closing line says what the results are ranked by as a person reads it, not the score's field names."""
    for need, first in (("best model for coding", "quality evidence"), ("cheap image generator", "price")):
        done = run(["search", need, "--limit", "3"], db)
        lines = done.stderr.splitlines()
        start = next(k for k, x in enumerate(lines) if "meet every hard constraint" in x)
        line = " ".join(x.strip() for x in lines[start:start + 3])
        assert f"ranked by {first}" in line, line
        assert not any(key in line for key in ("price_fit", "learned_success", "coverage", "adoption")), line
