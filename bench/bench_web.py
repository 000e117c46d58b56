"""Web throughput and latency: a cached comparison page vs the app's minimal endpoint, and search p99.

Run: python bench/bench_web.py [--db URL] [--seconds 8] [--concurrency 16]

Each server runs in its own process (one uvicorn worker); the load generator is a keep-alive HTTP/1.1
client on asyncio in this process. Printed: requests/s and p50/p99 latency for
  1. a bare FastAPI "hello world" app (the framework baseline),
  2. the app's own minimal endpoint GET /healthz,
  3. a cached comparison page (GET /compare/A/vs/B, rendered once, then served from the page cache),
and the ratios 3/2 and 3/1; then GET /api/v1/search p50/p99 with 50 concurrent clients (rate limits off)
and its ratio to /healthz under the same load. Requests send "Accept-Encoding: gzip" as browsers do.
Without --db a temporary SQLite store is initialised from the bundled snapshot first (about 10 s).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

PAIR = ("openai/gpt-4o-mini", "black-forest-labs/flux-pro")
NEEDS = (
    "vision model that returns JSON, 128k context",
    "cheap chat model with function calling",
    "text to image under 5 cents per image",
    "speech to text transcription",
    "coding model under $2 per million input tokens",
    "embedding model for search",
    "open weights model from meta",
    "model with 1M context for long documents",
)
APP_SERVER = """
import sys, uvicorn
from matchgraph.settings import Settings
from matchgraph.web.app import create_app
settings = Settings(db_url=sys.argv[1], search_rate_per_minute=0, write_rate_per_minute=0)
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
HELLO_SERVER = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/")
async def hello():
    return {"hello": "world"}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(code: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL)


def wait_ready(port: int, path: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            asyncio.run(fetch_once(port, path))
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not answer {path}")


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    # Like a browser, the client accepts gzip (the page cache keeps a compressed copy of each page).
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def fetch_once(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await _request(reader, writer, path)
    finally:
        writer.close()


async def _load(port: int, paths: list[str], seconds: float, clients: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(offset: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = offset
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status = await _request(reader, writer, paths[i % len(paths)])
            latencies.append(time.perf_counter() - t0)
            errors += status >= 400
            i += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return len(latencies) / (time.perf_counter() - started), latencies, errors


def measure(label: str, port: int, paths: list[str], seconds: float, clients: int) -> dict[str, float]:
    rps, lat, errors = asyncio.run(_load(port, paths, seconds, clients))
    lat.sort()
    out = {"rps": rps, "p50": statistics.median(lat) * 1000, "p99": lat[int(len(lat) * 0.99) - 1] * 1000}
    print(f"{label:<44} {rps:9.0f} req/s   p50 {out['p50']:7.2f} ms   p99 {out['p99']:7.2f} ms"
          f"   ({len(lat)} requests, {errors} errors, {clients} clients)")
    return out


def prepare_db(url: str | None) -> str:
    if url:
        return url
    from matchgraph.service.snapshot import init_catalog
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    path = Path(tempfile.mkdtemp(prefix="bench-web-")) / "bench.db"
    db = f"sqlite:///{path}"
    started = time.perf_counter()
    engine = open_store(Settings(db_url=db))
    init_catalog(engine)
    engine.dispose()
    print(f"initialised {path} from the bundled snapshot in {time.perf_counter() - started:.1f}s")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL of an initialised catalog (default: a temporary one)")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each measurement")
    parser.add_argument("--concurrency", type=int, default=16, help="clients for the page comparison")
    args = parser.parse_args()
    db = prepare_db(args.db)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; one uvicorn worker per server\n")

    hello_port, app_port = free_port(), free_port()
    servers = [start(HELLO_SERVER, str(hello_port)), start(APP_SERVER, db, str(app_port))]
    try:
        wait_ready(hello_port, "/")
        wait_ready(app_port, "/healthz")
        page = f"/compare/{quote(PAIR[0])}/vs/{quote(PAIR[1])}"
        assert asyncio.run(fetch_once(app_port, page)) == 200  # first render fills the page cache
        searches = [f"/api/v1/search?q={quote(n)}&limit=10" for n in NEEDS]
        for path in searches:  # builds the match index before timing
            asyncio.run(fetch_once(app_port, path))

        hello = measure("FastAPI hello world (framework baseline)", hello_port, ["/"], args.seconds,
                        args.concurrency)
        health = measure("app minimal endpoint GET /healthz", app_port, ["/healthz"], args.seconds,
                         args.concurrency)
        cached = measure("cached comparison page", app_port, [page], args.seconds, args.concurrency)
        print(f"\ncached page / minimal endpoint:  throughput {cached['rps'] / health['rps']:.2f}x, "
              f"p99 {cached['p99'] / health['p99']:.2f}x")
        print(f"cached page / framework hello:   throughput {cached['rps'] / hello['rps']:.2f}x, "
              f"p99 {cached['p99'] / hello['p99']:.2f}x\n")

        health50 = measure("GET /healthz, 50 clients", app_port, ["/healthz"], args.seconds, 50)
        search50 = measure("GET /api/v1/search, 50 clients", app_port, searches, args.seconds, 50)
        print(f"\nsearch under 50 concurrent clients: p50 {search50['p50']:.1f} ms, p99 {search50['p99']:.1f} ms "
              f"(p99 ratio to /healthz under the same load: {search50['p99'] / health50['p99']:.1f}x)")
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
