"""A real uvicorn server on 127.0.0.1 (random free port) in a background thread, for web tests."""

from __future__ import annotations

import atexit
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import httpx
import pytest
import uvicorn
from shared_data import LMARENA_DIR, require_shared

from matchgraph.service.catalog import ingest
from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.web.app import create_app
from matchgraph.web.middleware import json_error_protocol


class LiveServer:
    """A running server; ``url`` is its base URL."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, url: str, db_url: str) -> None:
        self.server = server
        self.thread = thread
        self.url = url
        self.db_url = db_url

    def client(self, **kwargs: object) -> httpx.Client:
        """An HTTP client pointed at the server (redirects are not followed unless asked)."""
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


@contextmanager
def live_server(settings: Settings, *, warm: bool = False) -> Iterator[LiveServer]:
    """Start ``create_app(settings)`` under uvicorn and stop it (gracefully) afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # As `matchgraph serve` does: the app alone decides which X-Forwarded-For to believe.
    config = uvicorn.Config(create_app(settings, warm=warm), log_level="warning", access_log=False,
                            lifespan="on", timeout_graceful_shutdown=5, proxy_headers=False,
                            http=json_error_protocol())
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(server, thread, f"http://127.0.0.1:{port}", settings.db_url)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


ARENA_DIR = LMARENA_DIR
_BUILT: dict[str, str] = {}
_SHARED: dict[str, LiveServer] = {}


def sqlite_copy(src_url: str, dst: Path) -> str:
    """A consistent copy of a SQLite store (the backup API also copies what is still in the WAL)."""
    src = sqlite3.connect(src_url.removeprefix("sqlite:///"))
    out = sqlite3.connect(dst)
    with out:
        src.backup(out)
    src.close()
    out.close()
    return f"sqlite:///{dst}"


def arena_catalog(catalog_db: str, factory: pytest.TempPathFactory) -> str:
    """The bundled catalog plus the pinned LMArena leaderboards as evidence, built once per test run
    (treat as read-only; copy it with :func:`sqlite_copy` to write)."""
    require_shared(ARENA_DIR)
    if "arena" not in _BUILT:
        url = sqlite_copy(catalog_db, factory.mktemp("web") / "arena.db")
        engine = open_store(Settings(db_url=url))
        ingest(engine, "lmarena", str(ARENA_DIR), max_bytes=Settings().max_source_bytes)
        engine.dispose()
        _BUILT["arena"] = url
    return _BUILT["arena"]


def shared_server(catalog_db: str, factory: pytest.TempPathFactory) -> LiveServer:
    """One warmed server over a copy of the arena catalog, shared by the read-mostly web tests of a run."""
    if "shared" not in _SHARED:
        url = sqlite_copy(arena_catalog(catalog_db, factory), factory.mktemp("web") / "shared.db")
        ctx = live_server(Settings(db_url=url), warm=True)
        _SHARED["shared"] = ctx.__enter__()
        atexit.register(ctx.__exit__, None, None, None)
    return _SHARED["shared"]


#: Stored keys that must never reach a person: metric keys, the style suffix, raw arena category keys, price
#: and limit field names.
INTERNAL_KEY = re.compile(
    r"arena_rating:|:style\b|\b(?:aider|mteb|llmstats):\w|\b(?:hard_english_6|hard_6|long_user|no_refusal|no_short"
    r"|no_tie|multiturn|creative_writing\w*|industry_\w+|is_preset_generation|not_preset_generation"
    r"|entity_recognition|pass_rate_2|mean_ndcg_at_10|\w+_per_mtok|per_image|context_window|max_output)\b"
    r"|\((?:if|hard 6|ocr)\)|\btext/\w|\bvision/\w|\bimage/\w")


def visible_text(html: str) -> str:
    """What a person reads on a page as prose: the text outside tags, scripts and styles (attributes
    dropped). Identifiers set as code (a host's model id, a source record's key, kept for audit and to
    copy) are not prose and are left out. Runs of white space read as one space."""
    html = re.sub(r"(?is)<(script|style|code)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"(?s)<[^>]+>", " ", html)).split())


#: Exported page types: the index, an artifact with arena evidence and disputed facts, comparisons within
#: a family and across makers.
EXPORT_GROUPS = ["image generation", "text generation/gpt-4o"]
EXPORT_PAGES = {"export-index": "index.html", "export-artifact": "models/openai/gpt-4o.html",
                "export-image-artifact": "models/black-forest-labs/flux-1.1-pro.html",
                "export-compare": "compare/openai/gpt-4o*/vs/openai/*.html",
                "export-compare-makers": "compare/black-forest-labs/*/vs/openai/*.html"}


def export_page(root: Path, pattern: str) -> Path:
    """The first exported page matching ``pattern`` (a path, or a glob for pages named by pairs)."""
    found = sorted(root.glob(pattern))
    assert found, f"the export has no page {pattern}"
    return found[0]


def exported_site(catalog_db: str, factory: pytest.TempPathFactory) -> Path:
    """A static export of two comparable groups of the arena catalog, built once per test run."""
    from matchgraph.service.context import Services
    from matchgraph.service.export import export_site

    if "export" not in _BUILT:
        out = factory.mktemp("export")
        engine = open_store(Settings(db_url=arena_catalog(catalog_db, factory)))
        try:
            export_site(Services(engine), out, only_groups=EXPORT_GROUPS)
        finally:
            engine.dispose()
        _BUILT["export"] = str(out)
    return Path(_BUILT["export"])
