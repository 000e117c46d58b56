"""HTTP behaviour of pages, JSON twins and static files through a real server: gzip, ETag and 304,
Cache-Control, Accept negotiation, the sitemap, offline API docs, compact paginated twins."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from xml.etree import ElementTree

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from web_helpers import LiveServer, shared_server

from matchgraph.web.http_cache import etag_matches, prefers_json

PAGES = ("/", "/search?q=vision+model+that+returns+JSON", "/artifacts/openai/gpt-4o-mini",
         "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o", "/leaderboard", "/leaderboard/text.coding",
         "/capabilities", "/capabilities/vision.ocr", "/docs")
STATIC = ("/static/style.css", "/static/app.js", "/docs/assets/swagger-ui-bundle.js")


@pytest.fixture(scope="module")
def server(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    return shared_server(catalog_db, tmp_path_factory)


@pytest.fixture(scope="module")
def raw(server: LiveServer) -> Iterator[httpx.Client]:
    """A client that shows the bytes on the wire (no automatic decompression)."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def _get(client: httpx.Client, path: str, **headers: str) -> httpx.Response:
    """GET without httpx decoding the body, so the test sees what was sent."""
    with client.stream("GET", path, headers=headers) as r:
        r.read_raw = b"".join(r.iter_raw())  # type: ignore[attr-defined]
    return r


@pytest.mark.parametrize("path", PAGES + STATIC)
def test_every_page_twin_and_static_file_is_compressed_tagged_and_revalidates(raw: httpx.Client, path: str) -> None:
    r = _get(raw, path, **{"Accept-Encoding": "gzip"})
    assert r.status_code == 200, path
    assert r.headers["content-encoding"] == "gzip"
    body = gzip.decompress(r.read_raw)  # type: ignore[attr-defined]
    assert len(body) > len(r.read_raw)  # type: ignore[attr-defined]
    assert "max-age=" in r.headers["cache-control"] or "no-cache" in r.headers["cache-control"]
    assert "Accept-Encoding" in r.headers["vary"]
    etag = r.headers["etag"]
    if path.startswith("/search"):  # every search is a new logged event, so its page is new each time
        again = _get(raw, path, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status_code == 200 and again.headers["etag"] != etag
        return
    again = _get(raw, path, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.read_raw == b""  # type: ignore[attr-defined]
    assert again.headers["etag"] == etag
    plain = _get(raw, path, **{"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.read_raw == body  # type: ignore[attr-defined]  # same bytes, just not compressed
    assert _get(raw, path, **{"Accept-Encoding": "identity", "If-None-Match": plain.headers["etag"]}).status_code == 304
    if not path.startswith(("/static/", "/docs")):
        twin = _get(raw, path + ("&" if "?" in path else "?") + "format=json", **{"Accept-Encoding": "gzip"})
        assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
        assert twin.headers.get("etag") and twin.headers.get("cache-control")
        stale = _get(raw, path, **{"If-None-Match": '"not-this-one"'})
        assert stale.status_code == 200


def test_a_changed_page_gets_a_new_tag(raw: httpx.Client) -> None:
    a = _get(raw, "/artifacts/openai/gpt-4o-mini").headers["etag"]
    b = _get(raw, "/artifacts/openai/gpt-4o").headers["etag"]
    assert a != b


def test_search_results_are_not_shared_by_caches(raw: httpx.Client) -> None:
    r = _get(raw, "/search?q=speech+to+text")
    assert r.headers["cache-control"] == "private, no-cache"


def test_accept_json_negotiates_the_twin(raw: httpx.Client) -> None:
    for path in ("/artifacts/openai/gpt-4o-mini", "/leaderboard", "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o"):
        r = raw.get(path, headers={"Accept": "application/json"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), path
        assert r.json() == raw.get(path, params={"format": "json"}).json()
        assert "Accept" in r.headers["vary"]
    browser = raw.get("/leaderboard", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html")


def test_sitemap_lists_every_artifact_and_capability(raw: httpx.Client) -> None:
    r = raw.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    locs = [e.text or "" for e in ElementTree.fromstring(r.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    artifacts = raw.get("/api/v1/artifacts", params={"limit": 1}).json()
    total = artifacts.get("total") or artifacts.get("count")
    paths = [re.sub(r"^https?://[^/]+", "", u) for u in locs]
    assert "/" in paths and "/leaderboard" in paths and "/capabilities/vision.ocr" in paths
    assert "/artifacts/openai/gpt-4o-mini" in paths
    if total:
        assert sum(p.startswith("/artifacts/") for p in paths) == total
    assert any("/vs/" in p for p in paths)
    for p in paths[:3] + [p for p in paths if "/vs/" in p][:2]:
        assert raw.get(p).status_code == 200, p


def test_api_docs_are_served_offline(raw: httpx.Client) -> None:
    page = raw.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/") for s in scripts + styles)  # nothing from another host
    for asset in scripts + styles:
        assert raw.get(asset).status_code == 200, asset
    assert '<a href="/docs">API docs</a>' in raw.get("/").text  # linked from the nav


def test_board_twins_are_paginated_and_compact(raw: httpx.Client) -> None:
    first = raw.get("/leaderboard/text.coding", params={"format": "json", "limit": 50})
    assert len(first.content) < 200_000
    doc = first.json()
    assert len(doc["results"]) == 50 and doc["page"]["offset"] == 0 and doc["page"]["total"] == doc["matched"]
    assert all(set(c) == {"score", "lower", "upper"} for r in doc["results"] for c in r["components"].values())
    following = raw.get(doc["page"]["next"]).json()
    assert following["page"]["offset"] == 50
    assert following["results"][0]["rank"] == doc["results"][-1]["rank"] + 1
    assert {r["slug"] for r in following["results"]}.isdisjoint(r["slug"] for r in doc["results"])


@given(st.text(max_size=200))
def test_accept_parser_never_fails(header: str) -> None:
    assert prefers_json(header) in (True, False)


@given(st.binary(max_size=100), st.from_regex(r'"[0-9a-f]{1,24}"', fullmatch=True))
def test_etag_comparison_never_fails_and_matches_itself(header: bytes, tag: str) -> None:
    etag_matches(header, tag.encode())
    assert etag_matches(tag.encode(), tag.encode())
    assert etag_matches(b'W/' + tag.encode() + b', "x"', tag.encode())


def test_cached_comparison_pages_match_the_route_and_follow_the_catalog(catalog_db: str, tmp_path) -> None:
    """A comparison page served again from the page cache (before routing) carries the same headers
    and bytes as the one the route rendered, for every encoding and for the negotiated twin; once an
    ingest changes the catalog, the page is rendered anew, as a fresh server renders it."""
    import time
    from pathlib import Path

    from starlette.testclient import TestClient
    from web_helpers import sqlite_copy

    from matchgraph.service.catalog import ingest
    from matchgraph.settings import Settings
    from matchgraph.store import open_store
    from matchgraph.web.app import create_app

    url = sqlite_copy(catalog_db, tmp_path / "copy.db")
    page = "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o"
    variants = ({"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"},
                {"Accept-Encoding": "gzip", "Accept": "application/json"})

    def seen(r: httpx.Response) -> tuple[int, dict[str, str], bytes]:
        headers = {k: v for k, v in r.headers.items() if k not in ("date", "x-request-id")}
        return r.status_code, headers, r.content

    with TestClient(create_app(Settings(db_url=url), warm=False)) as client:
        first = {}
        for headers in variants:
            rendered, replayed = client.get(page, headers=headers), client.get(page, headers=headers)
            assert rendered.status_code == 200
            assert seen(replayed) == seen(rendered), headers
            first[tuple(headers.items())] = seen(rendered)
            tag = rendered.headers["etag"]
            assert client.get(page, headers={**headers, "If-None-Match": tag}).status_code == 304
        engine = open_store(Settings(db_url=url))
        try:
            ingest(engine, "manifest", str(Path(__file__).parent / "data" / "manifests" / "good.yml"),
                   max_bytes=10_000_000)
        finally:
            engine.dispose()
        time.sleep(1.2)  # the page cache re-reads the catalog version at most once a second
        after = {tuple(h.items()): seen(client.get(page, headers=h)) for h in variants}
    with TestClient(create_app(Settings(db_url=url), warm=False)) as fresh:
        expected = {tuple(h.items()): seen(fresh.get(page, headers=h)) for h in variants}
    assert after == expected
    assert after != first
