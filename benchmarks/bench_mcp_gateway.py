"""Latency the MCP gateway adds per tool call, as the session's history grows to STEPS steps.

    python benchmarks/bench_mcp_gateway.py [STEPS] [POLICY] [REPEATS]

Two sessions make the same calls to examples/mcp_bank_server.py over stdio:
one straight to the server, one through ``formaljudge gateway`` (reader none).
Both are open at once and take turns, call by call (which goes first
alternates), so a change in the machine's load moves both alike.
Calls alternate get_balance and small transfers (all allowed), so after n
calls the history holds 2n steps. The pair of sessions is run REPEATS times
(default 3, each with a new server and gateway) and the calls near each
size are pooled. Prints, near 25/50/100/200 steps, the median time per call
both ways, the difference (the latency the gateway adds: the guard's check
plus one more stdio hop) and the guard's own check time from the audit log.
Target: median added ≤ 5 ms at 200 steps.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[1]
SERVER = str(ROOT / "examples" / "mcp_bank_server.py")


def calls(n: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("get_balance", {"account": f"acct-{i}"}) if i % 2 == 0 else ("transfer_money", {"amount": 10, "to": "Payee"})
        for i in range(n)
    ]


async def timed(
    direct: StdioServerParameters, gateway: StdioServerParameters, todo: list[tuple[str, dict[str, Any]]]
) -> tuple[list[float], list[float]]:
    """Per-call times (ms) straight to the server and through the gateway, the two sessions taking turns."""
    async with (
        stdio_client(direct) as (dread, dwrite),
        ClientSession(dread, dwrite) as d,
        stdio_client(gateway) as (gread, gwrite),
        ClientSession(gread, gwrite) as g,
    ):
        sessions = (d, g)
        for s in sessions:
            await s.initialize()
            await s.list_tools()
            for _ in range(5):  # warm up both sides (imports, first solver call)
                await s.call_tool("get_balance", {"account": "warmup"})
        out: tuple[list[float], list[float]] = ([], [])
        for i, (name, args) in enumerate(todo):
            for k in (0, 1) if i % 2 == 0 else (1, 0):
                t0 = time.perf_counter()
                result = await sessions[k].call_tool(name, args)
                out[k].append((time.perf_counter() - t0) * 1e3)
                assert not result.is_error, result
    return out


def session_pair(policy: str, todo: list[tuple[str, dict[str, Any]]]) -> tuple[list[float], ...]:
    """Per-call ms straight to the server and through the gateway, and the guard's check ms from the log."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "audit.jsonl"
        direct = StdioServerParameters(command=sys.executable, args=[SERVER])
        cli = ["-c", "from formaljudge.cli import main; main()", "gateway", "--policy", policy, "--reader", "none"]
        gateway = StdioServerParameters(
            command=sys.executable, args=[*cli, "--audit-log", str(log), "--", sys.executable, SERVER]
        )
        plain, guarded = anyio.run(timed, direct, gateway, todo)
        records = [json.loads(line) for line in log.read_text().splitlines()]
    checks = [r["gateway"]["latency_ms"] for r in records if "latency_ms" in r["gateway"]][5:]  # after warm-up
    return plain, guarded, checks


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    policy = sys.argv[2] if len(sys.argv) > 2 else "payments"
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    todo = calls(steps // 2 + 1)
    runs = [session_pair(policy, todo) for _ in range(repeats)]
    print(
        f"gateway: policy {policy}, {len(todo)} calls per session, history up to {2 * len(todo) - 2} steps, "
        f"{repeats} session pairs pooled"
    )
    print(f"{'steps':>7} {'direct ms':>10} {'gateway ms':>11} {'added ms':>9} {'guard check ms':>15}")
    for mark in (25, 50, 100, 200, 400):
        if mark > 2 * len(todo):
            break
        near = [i for i in range(len(todo)) if mark - 20 <= 2 * i <= mark]  # history before call i: 2i steps
        d = statistics.median(plain[i] for plain, _, _ in runs for i in near)
        g = statistics.median(guarded[i] for _, guarded, _ in runs for i in near)
        c = statistics.median(checks[i] for _, _, checks in runs for i in near)
        print(f"{mark:>7} {d:>10.2f} {g:>11.2f} {g - d:>9.2f} {c:>15.2f}")


if __name__ == "__main__":
    main()
