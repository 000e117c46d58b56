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
