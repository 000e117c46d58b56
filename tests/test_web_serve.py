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


def test_serve_initialises_logs_and_shuts_down_gracefully(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "fresh" / "matchgraph.db"
    out, err = (tmp_path / "stdout.log").open("w+"), (tmp_path / "stderr.log").open("w+")
    proc = subprocess.Popen([MATCHGRAPH, "--db", f"sqlite:///{db}", "serve", "--port", str(port)],
                            stdout=out, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, Path(err.name).read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
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
