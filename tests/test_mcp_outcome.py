"""report_outcome over MCP with the SDK's own client: keyed like the HTTP API, on HTTP and on stdio."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
import sqlalchemy as sa
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from web_helpers import LiveServer, live_server, sqlite_copy

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.store.schema import match_events, outcomes
from matchgraph.web.keys import create_key, revoke_key

PEPPER = "mcp-pepper"
MATCHGRAPH = str(Path(sys.executable).parent / "matchgraph")
SRC = str(Path(__file__).resolve().parent.parent / "src")
NEED = "cheap model with tool calling and json mode"


@pytest.fixture(scope="module")
def store(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    url = sqlite_copy(catalog_db, tmp_path_factory.mktemp("mcp-outcome") / "mcp.db")
    engine = open_store(Settings(db_url=url))
    keys = {n: create_key(engine, n, PEPPER)[0] for n in ("agent", "stdio-agent", "gone")}
    revoke_key(engine, "gone")
    engine.dispose()
    return url, keys


@pytest.fixture(scope="module")
def server(store: tuple[str, dict[str, str]]) -> Iterator[LiveServer]:
    with live_server(Settings(db_url=store[0], api_key_pepper=PEPPER)) as srv:
        yield srv


def _client(server: LiveServer, key: str | None) -> Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client(streamable_http_client(server.url + "/mcp", http_client=create_mcp_http_client(headers=headers)),
                  read_timeout_seconds=120)


def _clients(url: str) -> dict[str, str | None]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = {r.id: r.client for r in conn.execute(sa.select(match_events.c.id, match_events.c.client))}
    engine.dispose()
    return found


def _stored(url: str, event: str) -> list[tuple[str, str, str | None]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(outcomes.c.slug, outcomes.c.outcome, outcomes.c.client)
                            .where(outcomes.c.event_id == event)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_report_outcome_over_http_needs_a_key_and_counts_once(server: LiveServer,
                                                               store: tuple[str, dict[str, str]]) -> None:
    url, keys = store

    async def run() -> dict[str, Any]:
        out: dict[str, Any] = {}
        async with _client(server, None) as anon:
            tools = await anon.list_tools()
            out["tools"] = {t.name for t in tools.tools}
            found = (await anon.call_tool("search_models", {"query": NEED, "limit": 3})).structured_content
            out["anon_event"], out["anon_slug"] = found["event_id"], found["results"][0]["slug"]
            resolved = await anon.call_tool("resolve_capability", {"capability": "capability://vision.ocr"})
            out["anon_resolve"] = resolved.structured_content["event_id"]
            out["anon_report"] = await anon.call_tool("report_outcome", {
                "event_id": out["anon_event"], "slug": out["anon_slug"], "outcome": "success"})
        async with _client(server, keys["gone"]) as revoked:
            out["revoked"] = await revoked.call_tool("report_outcome", {
                "event_id": out["anon_event"], "slug": out["anon_slug"], "outcome": "success"})
        async with _client(server, keys["agent"]) as agent:
            found = (await agent.call_tool("search_models", {"query": NEED, "limit": 3})).structured_content
            out["event"], out["slug"] = found["event_id"], found["results"][1]["slug"]
            args = {"event_id": out["event"], "slug": out["slug"], "outcome": "failure"}
            out["first"] = await agent.call_tool("report_outcome", args)
            out["again"] = await agent.call_tool("report_outcome", {**args, "outcome": "success"})
            out["bad_word"] = await agent.call_tool("report_outcome", {**args, "outcome": "meh"})
            out["on_anon"] = await agent.call_tool("report_outcome", {
                "event_id": out["anon_event"], "slug": out["anon_slug"], "outcome": "success"})
        return out

    out = anyio.run(run)
    assert "report_outcome" in out["tools"]
    assert out["anon_report"].is_error and "needs an API key" in out["anon_report"].content[0].text
    assert out["revoked"].is_error and "unknown or revoked" in out["revoked"].content[0].text
    first = out["first"]
    assert not first.is_error, first.content
    assert first.structured_content["outcome"] == "failure" and first.structured_content["counted"] is True
    assert out["again"].is_error and "already recorded (failure" in out["again"].content[0].text
    assert out["bad_word"].is_error
    # A keyed report on an event an anonymous search logged is accepted: the report is what is keyed.
    assert not out["on_anon"].is_error
    assert _stored(url, out["event"]) == [(out["slug"], "failure", "key:agent")]
    clients = _clients(url)
    assert clients[out["anon_event"]] == "ip:127.0.0.1" and clients[out["anon_resolve"]] == "ip:127.0.0.1"
    assert clients[out["event"]] == "key:agent"


def test_report_outcome_over_stdio_with_the_key_from_the_environment(store: tuple[str, dict[str, str]]) -> None:
    url, keys = store
    env = {**os.environ, "PYTHONPATH": SRC, "MATCHGRAPH_API_KEY_PEPPER": PEPPER,
           "MATCHGRAPH_API_KEY": keys["stdio-agent"]}
    params = StdioServerParameters(command=MATCHGRAPH, args=["--db", url, "mcp"], env=env)

    async def run() -> dict[str, Any]:
        async with Client(params, read_timeout_seconds=120) as client:
            found = (await client.call_tool("search_models", {"query": NEED, "limit": 3})).structured_content
            event, slug = found["event_id"], found["results"][0]["slug"]
            done = await client.call_tool("report_outcome", {"event_id": event, "slug": slug, "outcome": "success"})
            return {"event": event, "slug": slug, "done": done}

    out = anyio.run(run)
    assert not out["done"].is_error, out["done"].content
    assert _clients(url)[out["event"]] == "key:stdio-agent"
    assert _stored(url, out["event"]) == [(out["slug"], "success", "key:stdio-agent")]
    # A revoked key stops the stdio server at start, with the reason.
    import subprocess

    bad = subprocess.run([MATCHGRAPH, "--db", url, "mcp", "--api-key", keys["gone"]], env=env, input="",
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "unknown or revoked" in bad.stderr
