"""`matchgraph compare` and `matchgraph export` run as a user runs them: the console script, a real store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

EXE = shutil.which("matchgraph", path=str(Path(os.sys.executable).parent)) or "matchgraph"


def run(args: list[str], db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHGRAPH_DB": db}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize(("a", "b", "different"), [
    ("gpt-4o-mini", "black_forest_labs/flux-pro", True),
    ("openai/gpt-5-image-mini", "black_forest_labs/flux-pro", False),
])
def test_compare_json_acceptance(catalog_db: str, a: str, b: str, different: bool) -> None:
    done = run(["compare", a, b, "--format", "json", "--workload", "requests=10000/month,input=1500,output=300"],
               catalog_db)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["verdict"]["different_jobs"] is different
    assert doc["cost"]["workload"]["requests_per_month"] == 10000
    assert len(doc["faq"]) >= 4


def test_compare_markdown_and_html(catalog_db: str) -> None:
    md = run(["compare", "flux-1.1-pro", "gpt-4o", "--format", "md"], catalog_db)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# FLUX 1.1 Pro vs GPT-4o") and "## Verdict" in md.stdout
    html = run(["compare", "flux-1.1-pro", "gpt-4o", "--format", "html"], catalog_db)
    assert html.returncode == 0, html.stderr
    assert html.stdout.startswith("<!doctype html>") and "</html>" in html.stdout


def test_compare_errors_go_to_stderr(catalog_db: str) -> None:
    missing = run(["compare", "gpt-4o-minii", "gpt-4o", "--format", "json"], catalog_db)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "Did you mean" in missing.stderr
    bad = run(["compare", "gpt-4o-mini", "gpt-4o", "--workload", "images=5,size=huge"], catalog_db)
    assert bad.returncode == 1 and "WIDTHxHEIGHT" in bad.stderr and bad.stdout == ""


def test_export_command(catalog_db: str, tmp_path: Path) -> None:
    done = run(["export", str(tmp_path), "--group", "moderation", "--json"], catalog_db)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["groups"] == 1 and report["written"] == report["artifact_pages"] + report["comparison_pages"]
    assert (tmp_path / "index.html").exists() and (tmp_path / "sitemap.xml").exists()
