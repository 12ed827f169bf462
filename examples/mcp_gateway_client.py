"""An MCP client that reaches the bank server through `formaljudge gateway` (offline).

    python examples/mcp_gateway_client.py [AUDIT_LOG]
    formaljudge audit AUDIT_LOG --policy payments --reader none   # replays every decision

The same as configuring an MCP host (Claude Desktop, an IDE, an agent SDK) with
the command ``formaljudge gateway --policy payments --audit-log calls.jsonl --
python examples/mcp_bank_server.py`` in place of the bank server's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client

HERE = Path(__file__).resolve().parent


async def main(audit_log: str) -> None:
    cli = ["-c", "from formaljudge.cli import main; main()", "gateway", "--policy", "payments", "--reader", "none"]
    server = [sys.executable, str(HERE / "mcp_bank_server.py")]
    gateway = StdioServerParameters(command=sys.executable, args=[*cli, "--audit-log", audit_log, "--", *server])
    async with stdio_client(gateway) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        print("tools:", ", ".join(t.name for t in (await session.list_tools()).tools))
        for name, args in [
            ("get_balance", {"account": "main"}),
            ("transfer_money", {"amount": 2500, "to": "ACME Ltd"}),
            ("transfer_money", {"amount": 40, "to": "Courier"}),
        ]:
            result = await session.call_tool(name, args)
            status = "BLOCKED" if result.is_error else "ok"
            print(f"{name}({args}) -> {status}: {result.content[0].text if result.content else ''}")


if __name__ == "__main__":
    anyio.run(main, sys.argv[1] if len(sys.argv) > 1 else "gateway-audit.jsonl")
