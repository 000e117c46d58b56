"""Render every page type at phone (390 px) and desktop (1366 px) width in Chromium and save PNGs.

    PYTHONPATH=src python bench/screenshots.py --db sqlite:////tmp/catalog.db --out /tmp/shots

The database must hold a catalog (``matchgraph init``; ``ingest lmarena`` adds the ratings the charts
plot). Each page is also checked for sideways scrolling, which is printed next to its file name. The
static export has its own templates: ``--export`` also exports two comparable groups and renders its
index, artifact and comparison pages the same way."""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from matchgraph.settings import Settings
from matchgraph.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
PAGES = {
    "home": "/",
    "search": "/search?q=vision+model+that+returns+JSON%2C+128k+context",
    "artifact": "/artifacts/openai/gpt-4o-mini",
    "artifact-rated": "/artifacts/openai/gpt-4o",
    "compare": "/compare/openai/gpt-4o-mini/vs/anthropic/claude-3-5-haiku-20241022",
    "compare-jobs": "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro",
    "compare-seed": "/compare/black-forest-labs/flux-1.1-pro/vs/openai/gpt-4o",
    "leaderboard": "/leaderboard",
    "board-capability": "/leaderboard/vision.image-understanding",
    "capabilities": "/capabilities",
    "capability": "/capabilities/text.coding",
    "not-found": "/artifacts/openai/gpt-4o-mimi",
    "docs": "/docs",
}
#: Static export pages (relative to the export folder; a glob picks the first page of a pair).
EXPORT_GROUPS = ["image generation", "text generation/gpt-4o"]
EXPORT_PAGES = {"export-index": "index.html", "export-artifact": "models/openai/gpt-4o.html",
                "export-compare": "compare/openai/gpt-4o*/vs/openai/*.html",
                "export-compare-makers": "compare/black-forest-labs/*/vs/openai/*.html"}


def export_pages(db_url: str, out: Path) -> dict[str, str]:
    """Export :data:`EXPORT_GROUPS` into ``out`` and return the file URL of each export page type."""
    from matchgraph.service.context import Services
    from matchgraph.service.export import export_site
    from matchgraph.store import open_store

    engine = open_store(Settings(db_url=db_url))
    try:
        export_site(Services(engine), out, only_groups=EXPORT_GROUPS)
    finally:
        engine.dispose()
    return {name: sorted(out.glob(pattern))[0].as_uri() for name, pattern in EXPORT_PAGES.items()
            if sorted(out.glob(pattern))}


@contextmanager
def serve(db_url: str) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, warmed; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db_url=db_url), warm=True), log_level="warning",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="database URL holding a catalog")
    ap.add_argument("--out", type=Path, default=Path("screenshots"))
    ap.add_argument("--only", nargs="*", help="page names to render (default: all)")
    ap.add_argument("--export", action="store_true", help="also export two groups and render the static pages")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = args.only or list(PAGES)
    urls = {}
    if args.export:
        import tempfile

        urls = export_pages(args.db, Path(tempfile.mkdtemp(prefix="mg-export-")))
        names = [*(n for n in names if n not in urls), *(n for n in urls if not args.only or n in args.only)]
    with serve(args.db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width_name, (w, h) in WIDTHS.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for name in names:
                page.goto(urls[name] if name in urls else base + PAGES[name])
                page.wait_for_load_state("load")
                if name == "docs":
                    page.wait_for_selector(".opblock-tag", timeout=30_000)  # Swagger UI has drawn the API
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                path = args.out / f"{name}-{width_name}.png"
                page.screenshot(path=path)  # the first screen, as a person lands on it
                page.screenshot(path=args.out / f"{name}-{width_name}-full.png", full_page=True)
                print(f"{path}  sideways overflow {overflow}px")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
