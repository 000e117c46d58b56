"""The MCP server: matchgraph's search, resolve, passport and compare as tools for agents."""

from matchgraph.mcp.server import build_mcp_server, run_stdio

__all__ = ["build_mcp_server", "run_stdio"]
