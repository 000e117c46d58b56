"""`matchgraph serve` as an operator runs it: initialises an empty store, logs JSON lines, stops gracefully."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

MATCHGRAPH = str(Path(sys.executable).parent / "matchgraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(proc: subprocess.Popen, port: int, err) -> None:
    """Poll /healthz until the server answers (failing with its stderr if it exits first)."""
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, Path(err.name).read_text()
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.3)


def test_serve_initialises_logs_and_shuts_down_gracefully(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "fresh" / "matchgraph.db"
    out, err = (tmp_path / "stdout.log").open("w+"), (tmp_path / "stderr.log").open("w+")
    proc = subprocess.Popen([MATCHGRAPH, "--db", f"sqlite:///{db}", "serve", "--port", str(port)],
                            stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_until_healthy(proc, port, err)
        stats = httpx.get(f"http://127.0.0.1:{port}/", params={"format": "json"}, timeout=60).json()["stats"]
        assert stats["artifacts"]["model"] > 1000  # the empty file was filled from the bundled snapshot
        httpx.get(f"http://127.0.0.1:{port}/api/v1/nowhere", timeout=10)
        proc.send_signal(signal.SIGTERM)
        # uvicorn finishes the shutdown, then re-raises the signal so the exit status reports it.
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
    lines = [json.loads(line) for line in Path(out.name).read_text().splitlines() if line.startswith("{")]
    by_path = {line["path"]: line for line in lines}
    assert by_path["/healthz"]["status"] == 200 and by_path["/api/v1/nowhere"]["status"] == 404
    assert {"ts", "id", "method", "ms", "bytes", "client"} <= set(by_path["/"])
    log = Path(err.name).read_text()
    assert "Initialised the empty database" in log
    assert "Shutting down" in log and "Application shutdown complete" in log
    assert "DEBUG" not in log


def test_serve_keeps_third_party_debug_logs_off_stderr(catalog_db: str, tmp_path: Path) -> None:
    """At --log-level debug our loggers and uvicorn's say what they say, but a library that sets its
    own logger to DEBUG (bm25s does, on import; the first search builds its index) prints nothing
    below WARNING."""
    from web_helpers import sqlite_copy

    url = sqlite_copy(catalog_db, tmp_path / "serve.db")
    port = free_port()
    err = (tmp_path / "stderr.log").open("w+")
    proc = subprocess.Popen([MATCHGRAPH, "--db", url, "serve", "--port", str(port), "--log-level", "debug",
                             "--no-access-log"], stdout=subprocess.DEVNULL, stderr=err,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        _wait_until_healthy(proc, port, err)
        found = httpx.get(f"http://127.0.0.1:{port}/api/v1/search", params={"q": "cheap vision model"}, timeout=120)
        assert found.status_code == 200 and found.json()["results"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    lines = Path(err.name).read_text().splitlines()
    logged = [line.split(" ", 4)[2:4] for line in lines if line[:4].isdigit()]  # date time LEVEL name: msg
    assert logged and {"uvicorn.error:"} <= {name for _level, name in logged}
    noisy = [f"{level} {name}" for level, name in logged if level in ("DEBUG", "INFO")
             and not name.startswith(("matchgraph", "uvicorn"))]
    assert not noisy, noisy


def test_the_log_filter_passes_our_records_and_third_party_warnings() -> None:
    import logging

    from matchgraph.cli.web_commands import OwnLoggersOnly

    keep = OwnLoggersOnly()

    def record(name: str, level: int) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, "m", None, None)

    assert not keep.filter(record("bm25s", logging.DEBUG)) and not keep.filter(record("httpx", logging.INFO))
    assert keep.filter(record("bm25s", logging.WARNING)) and keep.filter(record("numba", logging.ERROR))
    assert keep.filter(record("matchgraph.web", logging.DEBUG)) and keep.filter(record("uvicorn.error", logging.DEBUG))
    assert not keep.filter(record("uvicornish", logging.DEBUG))
