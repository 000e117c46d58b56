"""The web tier: JSON API, server-rendered pages and the MCP endpoint (``create_app`` in ``app``)."""
