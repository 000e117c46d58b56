"""The human output of the command line, as a person reads it in an 80-column terminal or a pipe:
numbers visible, the passport's MatchRank and offers, stats as a table, messages printed as typed,
one error per line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchgraph.cli.app import error_lines

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"
BAD_MANIFEST = """manifest_version: 1
identity:
  slug: Bad[slug]
  name: x
"""


def run(args: list[str], db: str) -> subprocess.CompletedProcess[str]:
    """The console script with its output piped (not a terminal), 80 columns."""
    env = {**os.environ, "MATCHGRAPH_DB": db, "COLUMNS": "80", "TERM": "dumb"}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture(scope="module")
def db(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    from web_helpers import sqlite_copy

    return sqlite_copy(catalog_db, tmp_path_factory.mktemp("cli-text") / "cli.db")


def _fits(text: str) -> None:
    wide = [line for line in text.splitlines() if len(line.rstrip()) > 80]
    assert wide == [], wide[:3]


def test_rank_shows_every_number_at_80_columns(db: str) -> None:
    human = run(["rank", "--limit", "15"], db)
    assert human.returncode == 0, human.stderr
    data = json.loads(run(["rank", "--limit", "15", "--json"], db).stdout)
    assert "…" not in human.stdout
    _fits(human.stdout)
    for r in data["results"]:
        line = next(ln for ln in human.stdout.splitlines() if re.match(rf"^\s*{r['rank']}\s", ln))
        assert f"{r['score']:.0f} ({r['known']}/{r['total']})" in line, line
        for c in r["components"].values():
            expected = "unknown" if c["score"] is None else f"{c['score']:.0f}"
            assert expected in line, (expected, line)


def test_show_has_matchrank_and_the_offers_table(db: str) -> None:
    human = run(["show", "gpt-4o-mini"], db)
    assert human.returncode == 0, human.stderr
    data = json.loads(run(["show", "gpt-4o-mini", "--json"], db).stdout)
    text = human.stdout
    _fits(text)
    assert f"MatchRank {data['matchrank']['score']:.0f}/100" in text
    assert f"Offers ({len(data['offers'])})" in text
    for o in data["offers"]:
        assert re.search(rf"^{re.escape(o['host'])}\s+{re.escape(o['host_key'])}\s", text, re.M), o
    assert "Chat" in text and "capability://" not in text  # capability names, not URIs


def test_stats_is_a_table_of_the_json_counts(db: str) -> None:
    human = run(["stats"], db)
    data = json.loads(run(["stats", "--json"], db).stdout)
    assert human.returncode == 0
    _fits(human.stdout)
    assert re.search(rf"^artifacts\s+{sum(data['artifacts'].values()):,}$", human.stdout, re.M)
    assert re.search(rf"^offers\s+{data['offers']:,}$", human.stdout, re.M)
    for kind, n in data["artifacts"].items():
        assert re.search(rf"^\s+{kind}\s+{n:,}$", human.stdout, re.M)


def test_validation_messages_keep_their_brackets(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "matchgraph.yml"
    bad.write_text(BAD_MANIFEST, encoding="utf-8")
    done = run(["validate", str(bad)], db)
    assert done.returncode == 1
    assert "'Bad[slug]'" in done.stderr and "[a-z0-9._-]" in done.stderr


def test_ingest_prints_one_error_per_line(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "matchgraph.yml"
    bad.write_text(BAD_MANIFEST, encoding="utf-8")
    expected = [i for i in json.loads(run(["validate", str(bad), "--json"], db).stdout)["errors"]]
    done = run(["ingest", "manifest", str(bad)], db)
    assert done.returncode != 0
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    located = [ln for ln in lines if re.match(rf"^{re.escape(str(bad))}:\d+: error: ", ln)]
    assert len(located) == len(expected) == len(lines)
    assert any("[a-z0-9._-]" in ln for ln in located)


def test_ingest_names_a_missing_path(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    done = run(["ingest", "lmarena", str(missing)], db)
    assert done.returncode != 0
    assert done.stderr.strip() == (f"error: {missing}: no such file or folder (give the path of the lmarena data, "
                                   "or an http(s) URL)")
    # A source read only from a local copy does not offer a URL it would refuse.
    local = run(["ingest", "mteb", str(missing)], db)
    assert local.returncode != 0
    assert local.stderr.strip() == f"error: {missing}: no such file or folder (give the path of the mteb data)"


def test_help_fits_and_lists_the_commands(db: str) -> None:
    done = run(["--help"], db)
    assert done.returncode == 0
    for command in ("init", "search", "show", "compare", "rank", "stats", "ingest", "serve"):
        assert re.search(rf"^\s+{command}\b", done.stdout, re.M), command


@given(st.lists(st.from_regex(r"[a-z./]{1,12}:[0-9]{1,3}: error: [a-z \[\]._-]{1,30}", fullmatch=True),
                min_size=1, max_size=6))
def test_located_problems_split_into_lines(problems: list[str]) -> None:
    assert error_lines("; ".join(problems)) == problems


@given(st.text(max_size=200))
def test_any_message_keeps_all_its_text(message: str) -> None:
    assert "; ".join(error_lines(message)) == message


def test_help_and_show_are_replayed_the_same_and_follow_the_catalog(db: str, tmp_path: Path) -> None:
    """A second `--help` / `show` prints exactly what the first printed, from the cache under
    MATCHGRAPH_CACHE_DIR; a change of the catalog's state renders the passport again."""
    import sqlite3

    cache = tmp_path / "cache"
    env = {**os.environ, "MATCHGRAPH_DB": db, "COLUMNS": "80", "TERM": "dumb", "MATCHGRAPH_CACHE_DIR": str(cache)}

    def go(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=180)

    first, again = go("--help"), go("--help")
    assert first.returncode == again.returncode == 0
    assert first.stdout == again.stdout and "Usage: matchgraph" in first.stdout and "show" in first.stdout
    sub = go("show", "--help")
    assert sub.returncode == 0 and "--json" in sub.stdout and sub.stdout != first.stdout
    shown, replayed = go("show", "gpt-4o-mini"), go("show", "gpt-4o-mini")
    assert shown.returncode == replayed.returncode == 0
    assert shown.stdout == replayed.stdout and "MatchRank" in shown.stdout
    outputs = list((cache / "output").rglob("*.out"))
    assert len(outputs) == 3 and list((cache / "passports").rglob("*.json"))
    missing = go("show", "no-such-model-xyz")
    assert missing.returncode == 2 and len(list((cache / "output").rglob("*.out"))) == 3  # failures are not kept
    path = db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT value FROM catalog_meta WHERE key = 'derived_at'").fetchone()[0]
        conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'derived_at'", (before + "0",))
    try:
        after = go("show", "gpt-4o-mini")
        assert after.returncode == 0 and after.stdout == shown.stdout
        assert len(list((cache / "output").rglob("*.out"))) == 4  # a new catalog state, a new entry
    finally:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'derived_at'", (before,))


def test_the_disk_cache_is_bounded_and_prunes_least_recently_used(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from matchgraph.cli import disk_cache

    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(tmp_path / "c"))
    monkeypatch.setenv(disk_cache.ENV_CACHE_MB, "0.01")  # 10 KiB
    assert disk_cache.root() == tmp_path / "c" and disk_cache.limit_bytes() == 10485
    files = [Path(disk_cache.path("output", f"{i:02x}" * 32, ".out")) for i in range(8)]
    for i, f in enumerate(files[:3]):
        disk_cache.write(f, b"x" * 3000)
        os.utime(f, (1_000_000 + i, 1_000_000 + i))
    assert all(f.exists() for f in files[:3])
    assert disk_cache.read(files[0]) == b"x" * 3000  # a hit makes the oldest the most recent
    disk_cache.write(files[3], b"y" * 3000)  # 12000 bytes > bound: prune to ≤ 3/4 of it
    kept = [f for f in files[:4] if f.exists()]
    assert files[0] in kept and files[3] in kept and not files[1].exists()
    assert sum(f.stat().st_size for f in kept) <= 10485 * 3 // 4
    monkeypatch.setenv(disk_cache.ENV_CACHE_MB, "lots")
    assert disk_cache.limit_bytes() == disk_cache.DEFAULT_MB * 1024 * 1024


@pytest.fixture(scope="module")
def arena_db(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    from web_helpers import arena_catalog, sqlite_copy

    return sqlite_copy(arena_catalog(catalog_db, tmp_path_factory), tmp_path_factory.mktemp("cli-arena") / "a.db")


def test_show_and_compare_md_say_where_it_stands_in_words(arena_db: str) -> None:
    from web_helpers import INTERNAL_KEY

    data = json.loads(run(["show", "gpt-4o", "--json"], arena_db).stdout)
    human = run(["show", "gpt-4o"], arena_db).stdout
    _fits(human)
    assert "Where it stands" in human and not INTERNAL_KEY.findall(human), INTERNAL_KEY.findall(human)[:5]
    flat = " ".join(human.split())
    overall = next(p for p in data["positions"] if p["metric"] == "arena_rating:text/full:style")
    assert " ".join(overall["text"].split()) in flat
    # Each evidence row states who measured it and when it was observed.
    assert "independent" in human and "maker" in human and re.search(r"\d{4}-\d{2}-\d{2}\*", human)
    md = run(["compare", "flux-1.1-pro", "gpt-4o", "--format", "md"], arena_db)
    assert md.returncode == 0, md.stderr
    assert not INTERNAL_KEY.findall(md.stdout), INTERNAL_KEY.findall(md.stdout)[:5]
    assert overall["text"] in md.stdout
    doc = json.loads(run(["compare", "flux-1.1-pro", "gpt-4o", "--format", "json"], arena_db).stdout)
    sources = md.stdout.split("## Sources", 1)[1]
    # One line per source in Markdown; every record stays in the JSON.
    rows = [ln for ln in sources.splitlines() if ln.startswith("| ") and not ln.startswith("| Source")]
    assert len(rows) == len({s["source"] for s in doc["sources"]}) < len(doc["sources"])


@pytest.mark.parametrize("args", [["show", "gpt-4o-mini"], ["show", "gpt-4o-mini", "--json"],
                                  ["show", "no-such-model-xyz"]])
def test_plain_show_prints_what_the_typer_command_prints(db: str, tmp_path: Path, args: list[str]) -> None:
    """`show KEY` skips building the Typer application; its output and exit status are the command's."""
    import sys

    env = {**os.environ, "MATCHGRAPH_DB": db, "COLUMNS": "80", "TERM": "dumb"}
    typer_app = [sys.executable, "-c", "import sys; from matchgraph.cli import app; sys.argv[0] = 'matchgraph'; app()"]
    runs = []
    for n, cmd in enumerate(([EXE], typer_app)):
        env["MATCHGRAPH_CACHE_DIR"] = str(tmp_path / f"cache-{n}")  # nothing replayed: both compute
        runs.append(subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=180))
    direct, via_typer = runs
    assert (direct.returncode, direct.stdout, direct.stderr) == (via_typer.returncode, via_typer.stdout,
                                                                 via_typer.stderr)
    assert direct.returncode == (2 if "no-such" in args[1] else 0)


def test_show_of_a_model_nobody_hosts_says_so_and_keeps_its_figures_digits(db: str) -> None:
    human = run(["show", "jina/jina-embeddings-v4"], db)
    assert human.returncode == 0, human.stderr
    data = json.loads(run(["show", "jina/jina-embeddings-v4", "--json"], db).stdout)
    text = human.stdout
    _fits(text)
    assert re.search(r"^starting price\s+none: no hosted offer known", text, re.M)
    assert re.search(r"^hosts\s+no hosted offer known", text, re.M)
    assert "Offers (" not in text
    # nDCG@10 figures read as 0.561, not rounded to 1.
    mean = next(e for e in data["evidence"] if e["metric"].startswith("mteb:eng-v2-retrieval:mean"))
    assert f"{mean['value']:.3g}" in text


def test_show_lists_disputed_facts_with_what_each_source_says(db: str) -> None:
    """A fact the sources disagree on is marked in the facts table and listed with each stated value."""
    data = json.loads(run(["show", "01-ai/yi-large", "--json"], db).stdout)
    assert "max_output" in data["disputed"], "the pinned catalog no longer disputes this fact; pick another"
    text = run(["show", "01-ai/yi-large"], db).stdout
    _fits(text)
    assert re.search(r"^max output\s+\S+ \(disputed\)", text, re.M)
    listed = " ".join(text.split("Disputed facts (", 1)[1].split("MatchRank", 1)[0].split())
    assert listed.startswith(f"{len(data['disputed'])}): sources disagree")
    for r in data["facts"]["max_output"]["records"]:
        assert f"{r['value']:,} ({r['source']} {r['key']}" in listed, r
    assert "max_output" not in text  # field names in words
