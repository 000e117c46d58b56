"""Web throughput and latency: a cached comparison page vs the app's minimal endpoint, and search p99.

Run: python bench/bench_web.py [--db URL] [--seconds 8] [--concurrency 16]

Each server runs in its own process (one uvicorn worker); the load generator is ``wrk`` (one thread,
keep-alive) when it is installed (Debian: ``apt-get install wrk``), else a keep-alive HTTP/1.1 client on
asyncio in this process (``--client python`` forces it; that client tops out near the framework's
hello-world rate, so its ratios understate the server). Printed: requests/s and p50/p99 latency for
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
import re
import shutil
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


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  io.write(string.format("MG %%d %%d %%d %%.1f %%.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""
CLIENT = {"name": "wrk" if shutil.which("wrk") else "python"}


def _wrk(port: int, paths: list[str], seconds: float, clients: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        done = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "-s", f.name,
                               f"http://127.0.0.1:{port}{paths[0]}"], capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    m = re.search(r"^MG (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)$", done.stdout, re.MULTILINE)
    if m is None:
        raise RuntimeError(f"unexpected wrk output: {done.stdout[-500:]}")
    n, errors, micros = int(m[1]), int(m[2]), int(m[3])
    return {"rps": n / (micros / 1e6), "p50": float(m[4]) / 1000, "p99": float(m[5]) / 1000, "n": n,
            "errors": errors}


def measure(label: str, port: int, paths: list[str], seconds: float, clients: int) -> dict[str, float]:
    if CLIENT["name"] == "wrk":
        out = _wrk(port, paths, seconds, clients)
        print(f"{label:<44} {out['rps']:9.0f} req/s   p50 {out['p50']:7.2f} ms   p99 {out['p99']:7.2f} ms"
              f"   ({out['n']} requests, {out['errors']} errors, {clients} connections, wrk)")
        return out
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
    parser.add_argument("--client", choices=("wrk", "python"), default=CLIENT["name"],
                        help="load generator (default: wrk when installed)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="measure hello world and the cached page this many times, alternating; print medians")
    args = parser.parse_args()
    CLIENT["name"] = args.client
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

        hellos, healths, pages = [], [], []
        for _ in range(max(1, args.repeat)):  # alternating, so drifting load on the machine hits all alike
            hellos.append(measure("FastAPI hello world (framework baseline)", hello_port, ["/"], args.seconds,
                                  args.concurrency))
            healths.append(measure("app minimal endpoint GET /healthz", app_port, ["/healthz"], args.seconds,
                                   args.concurrency))
            pages.append(measure("cached comparison page", app_port, [page], args.seconds, args.concurrency))
        ratios = sorted(c["rps"] / h["rps"] for c, h in zip(pages, hellos, strict=True))

        def med(runs: list[dict[str, float]], key: str) -> float:
            return statistics.median(r[key] for r in runs)

        print(f"\nmedians of {len(pages)} ({CLIENT['name']}): hello {med(hellos, 'rps'):.0f} req/s, "
              f"/healthz {med(healths, 'rps'):.0f} req/s, cached page {med(pages, 'rps'):.0f} req/s")
        print(f"cached page / minimal endpoint:  throughput {med(pages, 'rps') / med(healths, 'rps'):.2f}x, "
              f"p99 {med(pages, 'p99') / med(healths, 'p99'):.2f}x")
        print(f"cached page / framework hello:   throughput {med(pages, 'rps') / med(hellos, 'rps'):.2f}x "
              f"(budget 0.7; per-round ratios {', '.join(f'{r:.2f}' for r in ratios)}), "
              f"p99 {med(pages, 'p99') / med(hellos, 'p99'):.2f}x\n")

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
