"""The MCP gateway: an MCP server over stdio that proxies a downstream MCP server's tools through the guard.

    formaljudge gateway --policy payments --audit-log session.jsonl -- python bank_server.py

Every tool of the downstream server is listed as it is. Each call is checked
by the guard first: an allowed call is forwarded and its result returned
unchanged; a blocked call is answered with an MCP tool error (``is_error``)
that names the constraint and why, and never reaches the downstream server.
Calls are decided and run one at a time, so each decision sees every call
before it. Only tools are proxied (not resources or prompts).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

from formaljudge.guard import Guard
from formaljudge.integrations.mcp._session import GuardedSession, blocked_text
from formaljudge.ir._spec import PolicySpec


def result_text(result: types.CallToolResult) -> str:
    """A tool result as text for the trace: its text blocks, else the structured content as JSON."""
    import json

    parts = [c.text for c in result.content if isinstance(c, types.TextContent)]
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False, sort_keys=True))
    return "\n".join(parts)


class Gateway:
    """Wires a downstream ``ClientSession`` and a ``GuardedSession`` into an MCP server's handlers."""

    def __init__(self, downstream: ClientSession, session: GuardedSession) -> None:
        self.downstream = downstream
        self.session = session
        self.lock = anyio.Lock()

    async def list_tools(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        listing = await self.downstream.list_tools(params=params)
        known = {t["name"] for t in self.session.tools}
        self.session.tools += [
            {"name": t.name, "description": t.description or ""} for t in listing.tools if t.name not in known
        ]
        return listing

    async def call_tool(
        self, ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        args = dict(params.arguments or {})
        async with self.lock:
            # Calls are decided one at a time under the lock, so the check runs on the loop itself: a
            # thread hop would cost more than it frees.
            decision, call_id = self.session.decide(params.name, args)
            if not decision.allowed:
                text = blocked_text(decision, self.session.spec.name)
                return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)
            # Forwarded as the downstream server sent it: the client at the far end validates the result
            # against the output schema the gateway listed (the downstream's own), so it is not validated
            # twice here (``ClientSession.call_tool`` would).
            request = types.CallToolRequest(params=types.CallToolRequestParams(name=params.name, arguments=args))
            result = await self.downstream.send_request(request, types.CallToolResult)
            self.session.ran(call_id, params.name, args, result_text(result), bool(result.is_error))
            return result


async def serve(
    command: list[str], spec: PolicySpec, guard: Guard, *, audit_log: Path | None, session_id: str | None = None
) -> None:
    """Run the gateway on this process's stdin/stdout until the client goes away."""
    downstream_params = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ))
    session = GuardedSession(spec, guard, audit_log=audit_log, session_id=session_id)
    try:
        async with (
            stdio_client(downstream_params, errlog=sys.stderr) as (down_read, down_write),
            ClientSession(down_read, down_write) as downstream,
        ):
            init = await downstream.initialize()
            gateway = Gateway(downstream, session)
            server: Server[Any] = Server(
                f"formaljudge-gateway ({init.server_info.name})",
                version=init.server_info.version,
                instructions=init.instructions,
                on_list_tools=gateway.list_tools,
                on_call_tool=gateway.call_tool,
            )
            async with stdio_server() as (read, write):
                await server.run(read, write, server.create_initialization_options())
    finally:
        session.close()
