"""The service layer: what matchgraph does, called by the CLI, the web app and the MCP server alike."""
