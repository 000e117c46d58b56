"""One error shape for every API error; HTML error pages for people; 503 while the database is down."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from web_helpers import live_server, shared_server

from matchgraph.settings import Settings
from matchgraph.store import open_store


@pytest.fixture(scope="module")
def http(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with shared_server(catalog_db, tmp_path_factory).client() as client:
        yield client


def assert_error_shape(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and err["code"] == code and err["message"]
    assert set(err) <= {"status", "code", "message", "suggestions"}
    return err


def test_unknown_api_route_is_404_json(http: httpx.Client) -> None:
    err = assert_error_shape(http.get("/api/v1/no-such-thing"), 404, "not_found")
    assert "/api/v1/no-such-thing" in err["message"]


def test_wrong_method_is_405_json(http: httpx.Client) -> None:
    assert_error_shape(http.post("/api/v1/search", json={}), 405, "method_not_allowed")


def test_invalid_parameters_are_422_json_naming_the_field(http: httpx.Client) -> None:
    err = assert_error_shape(http.get("/api/v1/search", params={"q": "x", "limit": 0}), 422, "invalid_request")
    assert "limit" in err["message"]
    assert_error_shape(http.get("/api/v1/artifacts", params={"max_input_price": "cheap"}), 422, "invalid_request")
    assert_error_shape(http.post("/api/v1/validate", content=b"{not json", headers={"content-type":
                                                                                      "application/json"}),
                       422, "invalid_request")


def test_oversized_body_is_413_json(http: httpx.Client) -> None:
    big = {"manifest": "x" * (300 * 1024)}
    assert_error_shape(http.post("/api/v1/validate", json=big), 413, "payload_too_large")


def test_streamed_body_without_length_is_cut_at_the_limit(http: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"manifest": "'
        for _ in range(40):
            yield b"y" * 10_000
        yield b'"}'

    r = http.post("/api/v1/validate", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_error_shape(r, 413, "payload_too_large")


def test_pages_get_html_error_pages(http: httpx.Client) -> None:
    r = http.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "<h1>404" in r.text and 'href="/"' in r.text
    missing = http.get("/artifacts/openai/gpt-4o-mni")
    assert missing.status_code == 404
    suggestions = http.get("/api/v1/passport/openai/gpt-4o-mni").json()["error"]["suggestions"]
    assert f'href="/artifacts/{suggestions[0]}"'.replace(" ", "%20") in missing.text  # suggestions are links
    as_json = http.get("/artifacts/openai/gpt-4o-mni", params={"format": "json"})
    assert assert_error_shape(as_json, 404, "not_found")["suggestions"] == suggestions


@pytest.mark.postgres
def test_database_down_gives_503_and_recovers(pg_server: str) -> None:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    moved = schema + "_away"
    admin = sa.create_engine(pg_server)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{pg_server}{'&' if '?' in pg_server else '?'}options=-csearch_path%3D{schema}"
    try:
        open_store(Settings(db_url=url)).dispose()
        with live_server(Settings(db_url=url)) as server, server.client() as http:
            assert http.get("/api/v1/artifacts").json()["total"] == 0
            assert http.get("/readyz").status_code == 200
            with admin.begin() as conn:  # the tables disappear from the app's search path
                conn.execute(sa.text(f'ALTER SCHEMA "{schema}" RENAME TO "{moved}"'))
            down = http.get("/api/v1/artifacts")
            err = assert_error_shape(down, 503, "database_unavailable")
            assert "unavailable" in err["message"] and down.headers["retry-after"]
            assert assert_error_shape(http.get("/readyz"), 503, "database_unavailable")
            page = http.get("/capabilities")
            assert page.status_code == 503 and "unavailable" in page.text
            assert page.headers["content-type"].startswith("text/html")
            assert http.get("/healthz").status_code == 200  # the process itself is alive
            with admin.begin() as conn:
                conn.execute(sa.text(f'ALTER SCHEMA "{moved}" RENAME TO "{schema}"'))
            assert http.get("/api/v1/artifacts").status_code == 200
            assert http.get("/readyz").status_code == 200
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{moved}" CASCADE'))
        admin.dispose()


def test_a_broken_database_file_keeps_the_shape(tmp_path: Path) -> None:
    # A database file that is not a database: every query fails inside the driver.
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a sqlite database" * 100)
    with live_server(Settings(db_url=f"sqlite:///{path}")) as server, server.client() as http:
        r = http.get("/api/v1/artifacts")
        err = assert_error_shape(r, 503, "database_unavailable")
        assert "Nothing was changed" in err["message"]

