"""MCP: a gateway that checks every tool call of a downstream MCP server with the guard (extra ``mcp``)."""

from formaljudge.integrations.mcp._session import GuardedSession, blocked_text

__all__ = ["GuardedSession", "blocked_text"]
