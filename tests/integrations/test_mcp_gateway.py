"""MCP gateway: a client talks to `formaljudge gateway` over stdio, which guards a small bank server."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client
from typer.testing import CliRunner

from formaljudge.cli import app

BANK = '''
import sys
from mcp.server.mcpserver import MCPServer

SEEN = sys.argv[1]
bank = MCPServer("bank")


@bank.tool()
def get_balance(account: str) -> str:
    """The balance of an account."""
    return f"{account}: 5000.00"


@bank.tool()
def transfer_money(amount: float, to: str) -> str:
    """Send money to a payee."""
    with open(SEEN, "a") as f:
        f.write(f"transfer_money {amount} {to}\\n")
    return f"sent {amount:.2f} to {to}"


bank.run()
'''


def _gateway(server: Path, seen: Path, log: Path) -> StdioServerParameters:
    code = "from formaljudge.cli import main; main()"
    args = ["-c", code, "gateway", "--policy", "payments", "--reader", "none", "--audit-log", str(log)]
    args += ["--session-id", "s1", "--", sys.executable, str(server), str(seen)]
    return StdioServerParameters(command=sys.executable, args=args)


async def _session(
    params: StdioServerParameters, calls: list[tuple[str, dict[str, Any]]]
) -> tuple[list[str], list[Any]]:
    async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
        await s.initialize()
        tools = [t.name for t in (await s.list_tools()).tools]
        return tools, [await s.call_tool(name, args) for name, args in calls]


def test_gateway_blocks_forwards_and_logs(tmp_path: Path) -> None:
    server = tmp_path / "bank_server.py"
    server.write_text(BANK)
    seen, log = tmp_path / "seen.log", tmp_path / "audit.jsonl"
    calls = [
        ("get_balance", {"account": "main"}),
        ("transfer_money", {"amount": 2500, "to": "ACME Ltd"}),  # large and unconfirmed: blocked
        ("transfer_money", {"amount": 40, "to": "Courier"}),
    ]
    tools, via_gateway = anyio.run(_session, _gateway(server, seen, log), calls)
    direct_params = StdioServerParameters(command=sys.executable, args=[str(server), str(tmp_path / "direct.log")])
    direct_tools, direct = anyio.run(_session, direct_params, [calls[0]])

    assert sorted(tools) == sorted(direct_tools) == ["get_balance", "transfer_money"]
    balance, big, small = via_gateway
    # an allowed call returns the downstream result unchanged
    assert balance.model_dump() == direct[0].model_dump() and not balance.is_error
    # the blocked call is an MCP tool error naming the constraint, and the bank never saw it
    assert big.is_error and "confirm_large_transfers" in big.content[0].text
    assert "confirmation from the user" in big.content[0].text
    assert seen.read_text().splitlines() == ["transfer_money 40.0 Courier"]
    assert not small.is_error and small.content[0].text == "sent 40.00 to Courier"

    # the audit log replays to the same verdicts
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["id"] for r in records] == ["s1-1", "s1-2", "s1-3", "s1-end"]
    actions = {r["id"]: r["gateway"]["action"] for r in records if "action" in r["gateway"]}
    assert actions == {"s1-1": "allow", "s1-2": "block", "s1-3": "allow"}
    r = CliRunner().invoke(app, ["audit", str(log), "-p", "payments", "--reader", "none", "-f", "json"])
    assert r.exit_code == 1, r.output
    reports = {rep["trace_id"]: rep for rep in json.loads(r.stdout)["reports"]}
    replay = {rid: "block" if reports[rid]["verdict"] == "VIOLATED" else "allow" for rid in actions}
    assert replay == actions
    assert [c["id"] for c in reports["s1-2"]["constraints"] if c["verdict"] == "VIOLATED"] == [
        "confirm_large_transfers"
    ]
    blocked = next(x for x in records if x["id"] == "s1-2")
    assert blocked["gateway"]["reasons"][0].startswith("confirm_large_transfers")
    # the session as it ran: the blocked transfer is not in it, so it keeps the policy
    assert reports["s1-end"]["verdict"] == "SATISFIED"


def test_gateway_without_command_is_a_usage_error() -> None:
    r = CliRunner().invoke(app, ["gateway", "--policy", "payments"])
    assert r.exit_code == 2
