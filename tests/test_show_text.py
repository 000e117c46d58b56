"""The text of ``show`` laid out without Rich (passport_text) is the text Rich lays out for the same passport,
piped, at 80 and 120 columns: a chat model, an image generator, a model nobody hosts (no prices) and one
with disputed facts; and printing it imports no Rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matchgraph.cli import passport_text, render

KEYS = ["gpt-4o-mini", "black-forest-labs/flux-1.1-pro", "jina/jina-embeddings-v4"]


@pytest.fixture(scope="module")
def passports(catalog_engine) -> dict[str, dict]:
    import sqlalchemy as sa

    from matchgraph.service.passport import passport

    found = {key: passport(catalog_engine, key) for key in KEYS}
    with catalog_engine.connect() as conn:
        slugs = [r[0] for r in conn.execute(sa.text("SELECT slug FROM artifacts ORDER BY slug"))]
    disputed = next(p for p in (passport(catalog_engine, s) for s in slugs) if p["disputed"])
    found["disputed"] = disputed
    return {k: json.loads(json.dumps(p, default=str)) for k, p in found.items()}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("key", [*KEYS, "disputed"])
def test_plain_text_is_what_rich_prints(passports: dict[str, dict], key: str, width: int,
                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    p = passports[key]
    monkeypatch.setenv("COLUMNS", str(width))
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    render.render_passport(p)
    by_rich = capsys.readouterr().out
    assert passport_text.plain_width() == width
    passport_text.print_passport(p)
    plain = capsys.readouterr().out
    assert plain == by_rich
    assert passport_text.passport_text(passport_text.passport_blocks(p), width) == by_rich
    lines = plain.splitlines()
    assert max(map(len, lines)) <= width and "\x1b[" not in plain
    if key == "jina/jina-embeddings-v4":
        assert any(ln.startswith("starting price  none: no hosted offer known") for ln in lines)
    if p["offers"]:
        assert f"Offers ({len(p['offers'])})" in plain
    if width == 120:  # the facts and tables widen with the terminal, so the two widths differ
        assert plain != passport_text.passport_text(passport_text.passport_blocks(p), 80)


def test_a_text_it_cannot_measure_is_left_to_rich(passports: dict[str, dict], capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    p = {**passports["gpt-4o-mini"], "name": "GPT 四 Mini"}  # wide characters: two cells each
    monkeypatch.setenv("COLUMNS", "80")
    assert not passport_text.laid_out_here(passport_text.passport_blocks(p))
    passport_text.print_passport(p)
    out = capsys.readouterr().out
    render.render_passport(p)
    assert out == capsys.readouterr().out and "GPT 四 Mini" in out


def test_printing_a_passport_piped_imports_no_rich(passports: dict[str, dict], tmp_path: Path) -> None:
    doc = tmp_path / "p.json"
    doc.write_text(json.dumps(passports["gpt-4o-mini"]), encoding="utf-8")
    code = ("import json, sys; from matchgraph.cli.passport_text import print_passport; "
            "print_passport(json.load(open(sys.argv[1]))); print('rich' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(doc)], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "False" and "MatchRank" in done.stdout
