"""Owned slugs over HTTP on a real catalog: no overwrite of source-derived or another key's artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from web_helpers import LiveServer, live_server, sqlite_copy

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.store.schema import slug_owners, source_records
from matchgraph.web.keys import create_key

PEPPER = "publish-pepper"
GOOD = (Path(__file__).parent / "data" / "manifests" / "good.yml").read_text(encoding="utf-8")
SOURCE_SLUG = "openai/gpt-4o-mini"


def _as(slug: str, name: str, price: str = "0.15") -> str:
    text = GOOD.replace(SOURCE_SLUG, slug).replace("GPT-4o mini", name)
    text = text.replace("[gpt-4o-mini, \"OpenAI: GPT-4o-mini\"]", "[]")
    return text.replace("input_per_mtok: 0.15", f"input_per_mtok: {price}")


@pytest.fixture(scope="module")
def setup(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    url = sqlite_copy(catalog_db, tmp_path_factory.mktemp("publish") / "publish.db")
    engine = open_store(Settings(db_url=url))
    keys = {n: create_key(engine, n, PEPPER)[0] for n in ("alice", "mallory")}
    engine.dispose()
    with live_server(Settings(db_url=url, api_key_pepper=PEPPER)) as server:
        yield server, keys


def _post(server: LiveServer, key: str, text: str, **extra: Any) -> Any:
    with server.client() as http:
        return http.post("/api/v1/manifests", json={"manifest": text, **extra},
                         headers={"Authorization": f"Bearer {key}"})


def _passport(server: LiveServer, slug: str) -> dict[str, Any]:
    with server.client() as http:
        doc = http.get(f"/api/v1/passport/{slug}").json()
    return doc


def test_a_source_derived_slug_cannot_be_overwritten(setup: tuple[LiveServer, dict[str, str]]) -> None:
    server, keys = setup
    before = _passport(server, SOURCE_SLUG)
    assert GOOD.count("input_per_mtok: 0.15") == 1
    hijack = _post(server, keys["mallory"], GOOD.replace("input_per_mtok: 0.15", "input_per_mtok: 0.01")
                   .replace("GPT-4o mini", "Cheapest model ever"))
    assert hijack.status_code == 403, hijack.text
    err = hijack.json()["error"]
    assert err["code"] == "forbidden" and "derived from source records (litellm" in err["message"]
    assert err["owner"].startswith("sources: ") and "litellm" in err["owner"]
    assert _passport(server, SOURCE_SLUG) == before
    # A new slug in a namespace that holds source-derived artifacts cannot be claimed either.
    squat = _post(server, keys["mallory"], _as("openai/gpt-6-preview", "GPT-6 preview"))
    assert squat.status_code == 403 and "namespace 'openai' holds artifacts" in squat.json()["error"]["message"]


def test_first_publisher_owns_slug_and_namespace(setup: tuple[LiveServer, dict[str, str]]) -> None:
    server, keys = setup
    made = _post(server, keys["alice"], _as("alice-labs/parser-1", "Parser One"))
    assert made.status_code == 201, made.text
    assert made.json()["publisher"] == "key:alice" and made.json()["mode"] == "owner"
    before = _passport(server, "alice-labs/parser-1")
    assert before["name"] == "Parser One"
    stolen = _post(server, keys["mallory"], _as("alice-labs/parser-1", "Parser One (free!)", "0.0"))
    assert stolen.status_code == 403 and stolen.json()["error"]["owner"] == "key:alice"
    assert "owned by the API key 'alice'" in stolen.json()["error"]["message"]
    beside = _post(server, keys["mallory"], _as("alice-labs/parser-2", "Parser Two"))
    assert beside.status_code == 403 and "namespace 'alice-labs' is owned" in beside.json()["error"]["message"]
    assert _passport(server, "alice-labs/parser-1") == before
    # The owner updates its own artifact, and adds more under its namespace.
    updated = _post(server, keys["alice"], _as("alice-labs/parser-1", "Parser One", "0.2"))
    assert updated.status_code == 201
    assert _passport(server, "alice-labs/parser-1")["prices"]["input_per_mtok"] == 0.2
    assert _post(server, keys["alice"], _as("alice-labs/parser-2", "Parser Two")).status_code == 201
    engine = sa.create_engine(server.db_url)
    with engine.connect() as conn:
        owners = {(r.kind, r.name): r.owner for r in conn.execute(sa.select(slug_owners))}
    engine.dispose()
    assert owners == {("namespace", "alice-labs"): "alice", ("slug", "alice-labs/parser-1"): "alice",
                      ("slug", "alice-labs/parser-2"): "alice"}


def test_extending_a_source_artifact_adds_a_record_and_replaces_none(
        setup: tuple[LiveServer, dict[str, str]]) -> None:
    server, keys = setup
    engine = sa.create_engine(server.db_url)

    def records() -> dict[str, str]:
        with engine.connect() as conn:
            return {f"{r.source}:{r.key}": r.content_hash for r in conn.execute(
                sa.select(source_records.c.source, source_records.c.key, source_records.c.content_hash))}

    before = records()
    passport_before = _passport(server, SOURCE_SLUG)
    claim = GOOD.replace("input_per_mtok: 0.15", "input_per_mtok: 0.01").replace("name: GPT-4o mini",
                                                                              "name: Alice's GPT-4o mini")
    done = _post(server, keys["alice"], claim, extend=True)
    assert done.status_code == 201, done.text
    assert done.json()["mode"] == "extension" and done.json()["record_key"] == f"{SOURCE_SLUG}@key:alice"
    after = records()
    assert set(after) - set(before) == {f"manifest:{SOURCE_SLUG}@key:alice"}
    assert all(after[k] == v for k, v in before.items())  # every earlier record is untouched
    with engine.connect() as conn:
        payload = conn.execute(sa.select(source_records.c.payload).where(
            source_records.c.key == f"{SOURCE_SLUG}@key:alice")).scalar_one()
    engine.dispose()
    assert payload["publisher"] == "key:alice" and payload["extends"] is True
    after_passport = _passport(server, SOURCE_SLUG)
    # Its claims are counted next to the sources' in the facts (with the record named), not as an offer.
    voters = [r for fact in after_passport["facts"].values() for r in fact["records"]]
    assert {"source": "manifest", "key": f"{SOURCE_SLUG}@key:alice", "value": True} in voters
    assert all(f["status"] != "creator" or all(r["key"] != f"{SOURCE_SLUG}@key:alice" for r in f["records"][:1])
               for f in after_passport["facts"].values())
    # A claim, not an overwrite: the name, prices and offers stay those of the sources.
    for field in ("name", "prices", "offers"):
        assert after_passport[field] == passport_before[field], field
