"""The MCP server through the official SDK's own client: stdio (`matchgraph mcp`) and streamable HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from web_helpers import shared_server, sqlite_copy

TOOLS = {"resolve_capability", "search_models", "trust_passport", "compare_models", "report_outcome"}
MATCHGRAPH = str(Path(sys.executable).parent / "matchgraph")


async def exercise(client: Client) -> dict[str, Any]:
    """Call every tool once (and one failing call); return what came back."""
    tools = await client.list_tools()
    found = await client.call_tool("search_models", {"query": "speech to text transcription", "limit": 3})
    resolved = await client.call_tool("resolve_capability", {"capability": "capability://vision.ocr", "limit": 2})
    passport = await client.call_tool("trust_passport", {"key": "gpt-4o-mini"})
    compared = await client.call_tool("compare_models", {"a": "gpt-4o-mini", "b": "black_forest_labs/flux-pro"})
    missing = await client.call_tool("trust_passport", {"key": "gpt-4o-mni"})
    return {"tools": {t.name for t in tools.tools}, "search": found, "resolve": resolved, "passport": passport,
            "compare": compared, "missing": missing}


def check(out: dict[str, Any]) -> None:
    assert out["tools"] == TOOLS
    search = out["search"].structured_content
    assert not out["search"].is_error and search["event_id"] and search["results"]
    assert "audio" in search["constraints"]["input_modalities"]
    assert out["resolve"].structured_content["results"]
    passport = out["passport"].structured_content
    assert passport["slug"] == "openai/gpt-4o-mini"
    # The starting price is the cheapest active API offer: OpenAI's own $0.15 or a host below it.
    creator = [o for o in passport["offers"] if o["first_party"] and o["kind"] == "api"]
    assert creator and creator[0]["prices"]["input_per_mtok"] == 0.15
    start = passport["prices"]["input_per_mtok"]
    priced = [o["prices"].get("input_per_mtok") for o in passport["offers"]
              if o["kind"] in ("api", "free_tier") and o["status"] == "active"]
    assert start == min(p for p in priced if p is not None and p > 0) and start <= 0.15
    assert out["compare"].structured_content["verdict"]["different_jobs"] is True
    assert out["missing"].is_error
    text = out["missing"].content[0].text
    assert "gpt-4o-mni" in text and "gpt-4o mini" in text.lower()  # the suggestion reaches the agent


def test_stdio_server(catalog_db: str, tmp_path: Path) -> None:
    url = sqlite_copy(catalog_db, tmp_path / "mcp.db")
    params = StdioServerParameters(command=MATCHGRAPH, args=["--db", url, "mcp"])

    async def run() -> dict[str, Any]:
        async with Client(params, read_timeout_seconds=120) as client:
            return await exercise(client)

    check(anyio.run(run))


def test_streamable_http_mounted_in_the_app(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    server = shared_server(catalog_db, tmp_path_factory)

    async def run() -> dict[str, Any]:
        async with Client(server.url + "/mcp", read_timeout_seconds=120) as client:
            return await exercise(client)

    check(anyio.run(run))
