"""A tiny MCP tool server (a bank with two tools) for the gateway example and benchmark.

python examples/mcp_bank_server.py [SEEN_LOG]     # MCP over stdio; each transfer it runs is appended to SEEN_LOG
"""

from __future__ import annotations

import sys

from mcp.server.mcpserver import MCPServer

bank = MCPServer("bank")
SEEN = sys.argv[1] if len(sys.argv) > 1 else None


@bank.tool()
def get_balance(account: str) -> str:
    """The balance of an account."""
    return f"{account}: 5000.00"


@bank.tool()
def transfer_money(amount: float, to: str) -> str:
    """Send money to a payee."""
    if SEEN:
        with open(SEEN, "a", encoding="utf-8") as f:
            f.write(f"transfer_money {amount} {to}\n")
    return f"sent {amount:.2f} to {to}"


if __name__ == "__main__":
    bank.run()
