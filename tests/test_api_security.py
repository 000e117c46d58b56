"""Protected writes: API keys stored hashed, outcomes and manifest submissions, rate limits per key and client."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from web_helpers import LiveServer, live_server, sqlite_copy

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.web.keys import create_key, hash_key, revoke_key

PEPPER = "test-pepper"
MATCHGRAPH = str(Path(sys.executable).parent / "matchgraph")
GOOD_MANIFEST = Path(__file__).parent / "data" / "manifests" / "good.yml"


@pytest.fixture(scope="module")
def writable(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return sqlite_copy(catalog_db, tmp_path_factory.mktemp("writes") / "writes.db")


@pytest.fixture(scope="module")
def server(writable: str) -> Iterator[LiveServer]:
    with live_server(Settings(db_url=writable, api_key_pepper=PEPPER)) as srv:
        yield srv


@pytest.fixture
def limited(writable: str) -> Iterator[LiveServer]:
    """A server with tiny limits: 4 searches and 3 writes a minute."""
    settings = Settings(db_url=writable, api_key_pepper=PEPPER, search_rate_per_minute=4,
                        write_rate_per_minute=3)
    with live_server(settings) as srv:
        yield srv


@pytest.fixture(scope="module")
def keys(writable: str) -> dict[str, str]:
    engine = open_store(Settings(db_url=writable))
    out = {name: create_key(engine, name, PEPPER)[0] for name in ("agent-a", "agent-b", "revoked", "writer")}
    revoke_key(engine, "revoked")
    engine.dispose()
    return out


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_only_hashes_are_stored(writable: str, keys: dict[str, str]) -> None:
    engine = sa.create_engine(writable)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, prefix, key_hash FROM api_keys")).all()
    engine.dispose()
    stored = " ".join(str(v) for row in rows for v in row)
    for plain in keys.values():
        assert plain not in stored
        assert hash_key(plain, PEPPER) in stored
        assert hash_key(plain, "another pepper") not in stored


def test_outcome_needs_a_valid_key_and_updates_the_passport(server: LiveServer, keys: dict[str, str]) -> None:
    with server.client() as http:
        found = http.get("/api/v1/search", params={"q": "text to image model", "limit": 3}).json()
        event, slug = found["event_id"], found["results"][0]["slug"]
        body = {"slug": slug, "outcome": "success"}
        path = f"/api/v1/events/{event}/outcome"
        anonymous = http.post(path, json=body)
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
        assert "matchgraph keys create" in anonymous.json()["error"]["message"]
        assert http.post(path, json=body, headers=bearer(keys["revoked"])).status_code == 401
        assert http.post(path, json=body, headers=bearer("mgk_" + "x" * 43)).status_code == 401
        ok = http.post(path, json=body, headers={"X-API-Key": keys["agent-a"]})
        assert ok.status_code == 200, ok.text
        assert ok.json()["slug"] == slug and ok.json()["outcome"] == "success"
        again = http.post(path, json=body, headers=bearer(keys["agent-a"]))
        assert again.status_code == 409 and "already recorded" in again.json()["error"]["message"]
        assert again.json()["error"]["stored"]["outcome"] == "success" and again.json()["error"]["code"] == "conflict"
        caps = http.get(f"/api/v1/passport/{slug}").json()["capabilities"]
        assert any(c["successes"] >= 1 and c["success_rate"] is not None for c in caps)
        unknown = http.post("/api/v1/events/no-such-event/outcome", json=body, headers=bearer(keys["agent-a"]))
        assert unknown.status_code == 404


def test_manifest_submission_needs_a_key_and_lands_in_the_catalog(server: LiveServer,
                                                                  keys: dict[str, str]) -> None:
    text = GOOD_MANIFEST.read_text().replace("openai/gpt-4o-mini", "example-org/submitted-model") \
        .replace("GPT-4o mini", "Submitted Model").replace("[gpt-4o-mini, \"OpenAI: GPT-4o-mini\"]", "[]")
    with server.client() as http:
        assert http.post("/api/v1/manifests", json={"manifest": text}).status_code == 401
        broken = http.post("/api/v1/manifests", json={"manifest": "identity: {}"}, headers=bearer(keys["writer"]))
        assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid_manifest"
        created = http.post("/api/v1/manifests", json={"manifest": text}, headers=bearer(keys["writer"]))
        assert created.status_code == 201, created.text
        assert created.json()["url"] == "/artifacts/example-org/submitted-model"
        page = http.get(created.json()["url"])
        assert page.status_code == 200 and "Submitted Model" in page.text
        assert http.get("/api/v1/passport/example-org/submitted-model").json()["prices"]["input_per_mtok"] == 0.15


def test_writes_are_rate_limited_per_key(limited: LiveServer, keys: dict[str, str]) -> None:
    statuses = []
    with limited.client() as http:
        for _ in range(5):
            r = http.post("/api/v1/events/none/outcome", json={"slug": "a/b", "outcome": "failure"},
                          headers=bearer(keys["agent-b"]))
            statuses.append(r.status_code)
        limited = r
    # 3 a minute: the first three reach the service (404: no such event), then 429 with Retry-After.
    assert statuses[:3] == [404, 404, 404] and statuses[3:] == [429, 429]
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"


def test_search_is_rate_limited_per_client_and_keys_have_their_own_bucket(limited: LiveServer,
                                                                          keys: dict[str, str]) -> None:
    with limited.client() as http:
        codes = [http.get("/api/v1/search", params={"q": f"chat model {i}", "limit": 1}).status_code
                 for i in range(6)]
        assert 429 in codes and codes[0] == 200
        assert http.get("/search", params={"q": "chat"}).status_code == 429  # pages share the limit
        keyed = http.get("/api/v1/search", params={"q": "chat model", "limit": 1}, headers=bearer(keys["agent-b"]))
        assert keyed.status_code == 200


def test_keys_cli_prints_the_key_once(tmp_path: Path, writable: str) -> None:
    url = sqlite_copy(writable, tmp_path / "cli.db")
    env = {"MATCHGRAPH_API_KEY_PEPPER": PEPPER, "PATH": "/usr/bin:/bin"}
    made = subprocess.run([MATCHGRAPH, "--db", url, "keys", "create", "ci-bot", "--json"],
                          capture_output=True, text=True, env=env, check=True)
    key = json.loads(made.stdout)["key"]
    assert key.startswith("mgk_") and "not shown again" in made.stderr
    listed = subprocess.run([MATCHGRAPH, "--db", url, "keys", "list", "--json"], capture_output=True, text=True,
                            env=env, check=True)
    assert key not in listed.stdout and json.loads(listed.stdout)[-1]["name"] == "ci-bot"
    dup = subprocess.run([MATCHGRAPH, "--db", url, "keys", "create", "ci-bot"], capture_output=True, text=True,
                         env=env)
    assert dup.returncode != 0 and "already exists" in dup.stderr
    engine = open_store(Settings(db_url=url))
    from matchgraph.web.keys import verify_key

    assert verify_key(engine, key, PEPPER) is not None and verify_key(engine, key, "wrong") is None
    engine.dispose()
