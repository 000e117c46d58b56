"""Running ``matchgraph show`` as a person does (piped, or on an 80-column pseudo-terminal) and planting
cached answers to prove which one is served (test_show_cache, test_store_postgres_init)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

import pytest

from matchgraph.cli import disk_cache, fast, passport_cache

EXE = shutil.which("matchgraph", path=str(Path(sys.executable).parent)) or "matchgraph"
KEY, SLUG = "gpt-4o-mini", "openai/gpt-4o-mini"
NEED = "gpt-4o-mini vision model with function calling"
STORE_RANKS = ("import sys; from matchgraph.settings import Settings; from matchgraph.store import open_store; "
               "from matchgraph.cli.catalog_commands import store_ranks; "
               "store_ranks(open_store(Settings(db_url=sys.argv[1])))")


def env_for(cache: Path) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "80", "LINES": "50", "MATCHGRAPH_CACHE_DIR": str(cache)}


def run(args: list[str], cache: Path, tty: bool = False) -> str:
    """The console script's stdout: piped, or written to an 80-column pseudo-terminal (``tty``)."""
    env = env_for(cache)
    if not tty:
        done = subprocess.run([EXE, *args], capture_output=True, text=True, env={**env, "TERM": "dumb"},
                              timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([EXE, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=err,
                                env={**env, "TERM": "xterm-256color"})
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        code = proc.wait(timeout=300)
        err.seek(0)
        assert code == 0, err.read().decode()
    return b"".join(chunks).decode()


def outputs(cache: Path) -> set[Path]:
    return set((cache / "output").rglob("*.out")) if (cache / "output").exists() else set()


def plant(url: str, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every cached answer for ``show KEY`` (the text and JSON replays, the index entry) say
    PLANTED, and check that each is what is served while the catalog stays as it is."""
    monkeypatch.setenv(disk_cache.ENV_CACHE_DIR, str(cache))
    shutil.rmtree(cache / "output", ignore_errors=True)  # so each show below records its own output
    for extra in ([], ["--json"]):
        before = outputs(cache)
        run(["--db", url, "show", KEY, *extra], cache)
        (new,) = outputs(cache) - before
        new.write_bytes(b'"PLANTED"\n' + fast._SEP)
        assert run(["--db", url, "show", KEY, *extra], cache) == '"PLANTED"\n'
    shutil.rmtree(cache / "passports", ignore_errors=True)  # a passport a show built is read before the index
    assert passport_cache.write_index(url, [(SLUG, {"slug": SLUG, "planted": True})])
    assert passport_cache.load(url, KEY) == {"slug": SLUG, "planted": True}


def fresh(url: str, cache: Path, tmp_path: Path, name: str) -> dict:
    """After a change: neither planted answer is served, and both outputs are what a process without
    any cache prints; the JSON passport."""
    assert passport_cache.load(url, KEY) is None or "planted" not in passport_cache.load(url, KEY)
    text = run(["--db", url, "show", KEY], cache)
    shown = run(["--db", url, "show", KEY, "--json"], cache)
    assert "PLANTED" not in text and "PLANTED" not in shown
    assert text == run(["--db", url, "show", KEY], tmp_path / f"{name}-text")
    assert shown == run(["--db", url, "show", KEY, "--json"], tmp_path / f"{name}-json")
    return json.loads(shown)


def keyed_outcome(url: str, cache: Path) -> None:
    """A keyed search naming KEY and a keyed success for SLUG on it (only keyed outcomes count)."""
    key = json.loads(run(["--db", url, "keys", "create", "show-cache-test", "--json"], cache))["key"]
    found = json.loads(run(["--db", url, "search", NEED, "--json", "--api-key", key], cache))
    assert SLUG in {r["slug"] for r in found["results"]}
    answer = json.loads(run(["--db", url, "outcome", found["event_id"], SLUG, "success", "--json", "--api-key", key],
                            cache))
    assert answer["counted"] is True
