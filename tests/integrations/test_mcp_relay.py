"""The gateway's relay: raw JSON-RPC lines through `formaljudge gateway`, and the relay's routing in process."""

from __future__ import annotations

import asyncio
import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

from formaljudge.guard import Guard
from formaljudge.integrations.mcp._relay import Relay
from formaljudge.integrations.mcp._session import GuardedSession
from formaljudge.policies import load_policy
from formaljudge.readers import make_reader

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "examples" / "mcp_bank_server.py"


class _Gateway:
    """`formaljudge gateway` over the example bank server, spoken to line by line."""

    def __init__(self, seen: Path, log: Path) -> None:
        code = "from formaljudge.cli import main; main()"
        args = [sys.executable, "-c", code, "gateway", "-p", "payments", "-r", "none", "--audit-log", str(log)]
        self.proc = subprocess.Popen(
            [*args, "--", sys.executable, str(BANK), str(seen)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def send(self, line: bytes | dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line if isinstance(line, bytes) else json.dumps(line).encode() + b"\n")
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(self.lines.get(timeout=30))
        return message

    def call(self, rid: int, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, **({"params": params} if params else {})})
        return self.receive()


def test_raw_lines_pass_through_and_tool_calls_are_guarded(tmp_path: Path) -> None:
    seen, log = tmp_path / "seen.log", tmp_path / "audit.jsonl"
    gw = _Gateway(seen, log)
    try:
        # a malformed line gets a parse error, and the gateway goes on
        gw.send(b"{not json\n")
        assert gw.receive() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
        gw.send(b"[1, 2]\n")
        assert gw.receive()["error"]["code"] == -32600
        init = gw.call(
            1,
            "initialize",
            {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}},
        )
        assert init["id"] == 1 and init["result"]["serverInfo"]["name"] == "formaljudge-gateway (bank)"
        gw.send({"jsonrpc": "2.0", "method": "notifications/initialized"})  # a notification: forwarded, no answer
        assert gw.call(2, "ping") == {"jsonrpc": "2.0", "id": 2, "result": {}}
        unknown = gw.call(3, "no/such_method", {"x": 1})  # the server's own answer, relayed
        assert unknown["id"] == 3 and unknown["error"]["code"] == -32601
        listing = gw.call(4, "tools/list")
        assert sorted(t["name"] for t in listing["result"]["tools"]) == ["get_balance", "transfer_money"]
        small = gw.call(5, "tools/call", {"name": "transfer_money", "arguments": {"amount": 40, "to": "Courier"}})
        assert small["id"] == 5 and small["result"]["content"][0]["text"] == "sent 40.00 to Courier"
        big = gw.call("six", "tools/call", {"name": "transfer_money", "arguments": {"amount": 2500, "to": "ACME"}})
        assert big["id"] == "six" and big["result"]["isError"] is True
        assert "confirm_large_transfers" in big["result"]["content"][0]["text"]
        bad = gw.call(7, "tools/call", {"arguments": {"amount": 1}})  # no tool name
        assert bad["id"] == 7 and bad["error"]["code"] == -32602
        gw.send({"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "transfer_money"}})  # no id
        assert gw.receive()["error"]["code"] == -32600
        assert gw.call(8, "ping")["result"] == {}
    finally:
        assert gw.proc.stdin is not None
        gw.proc.stdin.close()
        assert gw.proc.wait(timeout=30) == 0
    assert seen.read_text().splitlines() == ["transfer_money 40.0 Courier"]  # the blocked call never got there
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["gateway"].get("tool"), r["gateway"].get("action")) for r in records] == [
        ("transfer_money", "allow"),
        ("transfer_money", "block"),
        (None, None),
    ]
    # the listed tools reached the session, and the result of the allowed call is in its trace
    assert [t["function"]["name"] for t in records[-1]["tools"]] == ["get_balance", "transfer_money"]
    assert records[-1]["messages"][-1]["content"] == "sent 40.00 to Courier"


def _relay(
    tools: list[dict[str, str]] | None = None, audit_log: Path | None = None
) -> tuple[Relay, GuardedSession, list[dict[str, Any]], list[dict[str, Any]]]:
    spec = load_policy("payments")
    session = GuardedSession(spec, Guard(spec, make_reader("none")), session_id="r", tools=tools, audit_log=audit_log)
    up: list[dict[str, Any]] = []
    down: list[dict[str, Any]] = []

    async def to_client(data: bytes) -> None:
        assert data.endswith(b"\n")
        up.append(json.loads(data))

    async def to_server(data: bytes) -> None:
        down.append(json.loads(data))

    return Relay(session, to_client, to_server), session, up, down


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\n"


def test_relay_passes_what_it_need_not_read() -> None:
    async def run() -> None:
        relay, session, up, down = _relay()
        note = {"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1, "progress": 0.5}}
        await relay.from_client(_line(note))
        await relay.from_server(_line(note))
        raw = b'{"jsonrpc": "2.0", "id": 9, "result": {"x": "\\u00e9"}}'  # no newline at the end of output
        await relay.from_server(raw)
        assert down == [note] and up == [note, {"jsonrpc": "2.0", "id": 9, "result": {"x": "é"}}]
        # a tools/list response feeds the session's tools
        await relay.from_client(_line({"jsonrpc": "2.0", "id": "l", "method": "tools/list"}))
        listed = {"tools": [{"name": "get_balance", "description": "A balance.", "inputSchema": {}}, {"x": 1}]}
        await relay.from_server(_line({"jsonrpc": "2.0", "id": "l", "result": listed}))
        assert session.tools == [{"name": "get_balance", "description": "A balance."}]
        assert up[-1]["result"] == listed

    asyncio.run(run())


def test_relay_records_results_and_drops_cancelled_calls() -> None:
    async def run() -> None:
        relay, session, up, down = _relay()
        worker = asyncio.create_task(relay.run_calls())
        call = {"name": "get_balance", "arguments": {"account": "main"}}
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": call}))
        # queued behind the first, then cancelled by the client: never decided, never forwarded
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": call}))
        cancel = {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 2}}
        await relay.from_client(_line(cancel))
        while not down or down[-1].get("id") != 1:
            await asyncio.sleep(0.01)
        result = {"content": [{"type": "text", "text": "main: 5000.00"}], "isError": False}
        await relay.from_server(_line({"jsonrpc": "2.0", "id": 1, "result": result}))
        await relay.calls.join()
        assert [m.get("id") for m in down] == [None, 1]  # the cancel went on; call 2 did not
        assert up == [{"jsonrpc": "2.0", "id": 1, "result": result}]
        assert session.seq == 1 and [m["role"] for m in session.messages] == ["assistant", "tool"]
        assert session.messages[1]["content"] == "main: 5000.00"
        # an error response is relayed, but the call is not known to have run
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": call}))
        while down[-1].get("id") != 3:
            await asyncio.sleep(0.01)
        await relay.from_server(_line({"jsonrpc": "2.0", "id": 3, "error": {"code": -32603, "message": "boom"}}))
        await relay.calls.join()
        assert up[-1]["error"]["message"] == "boom" and len(session.messages) == 2
        # the server goes away while a call runs: the call is answered with an error
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": call}))
        while down[-1].get("id") != 4:
            await asyncio.sleep(0.01)
        await relay.server_gone()
        await relay.calls.join()
        assert up[-1]["id"] == 4 and up[-1]["error"]["code"] == -32603
        worker.cancel()

    asyncio.run(run())


def test_relay_logs_each_decision_once_the_call_is_forwarded_or_answered(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"

    def logged() -> list[tuple[Any, Any, int]]:
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        return [(r["gateway"].get("tool"), r["gateway"].get("action"), len(r["messages"])) for r in records]

    async def run() -> None:
        relay, session, up, down = _relay(audit_log=log)
        worker = asyncio.create_task(relay.run_calls())
        small = {"name": "transfer_money", "arguments": {"amount": 40, "to": "Courier"}}
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": small}))
        while not down:
            await asyncio.sleep(0.01)
        assert logged() == [("transfer_money", "allow", 1)]  # logged while the server runs the call
        result = {"content": [{"type": "text", "text": "sent 40.00 to Courier"}]}
        await relay.from_server(_line({"jsonrpc": "2.0", "id": 1, "result": result}))
        big = {"name": "transfer_money", "arguments": {"amount": 2500, "to": "ACME"}}
        await relay.from_client(_line({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": big}))
        await relay.calls.join()
        assert up[-1]["id"] == 2 and up[-1]["result"]["isError"] is True
        # the blocked call's line, written once it was answered, holds the trace it was judged on
        assert logged() == [("transfer_money", "allow", 1), ("transfer_money", "block", 3)]
        worker.cancel()
        session.close()
        assert logged()[-1] == (None, None, 2)

    asyncio.run(run())


def test_session_writes_every_decision_in_order_by_close(tmp_path: Path) -> None:
    """Decisions not written yet (the gateway stopped between a decision and its line) are written at close,
    each with the trace as it was when it was decided."""
    spec = load_policy("payments")
    log = tmp_path / "audit.jsonl"
    session = GuardedSession(spec, Guard(spec, make_reader("none")), session_id="s", audit_log=log)
    decision, call_id = session.decide("get_balance", {"account": "a"})
    assert decision.allowed and log.read_text(encoding="utf-8") == ""
    session.ran(call_id, "get_balance", {"account": "a"}, "a: 5000.00", False)
    session.decide("transfer_money", {"amount": 2500, "to": "ACME"})  # writes the first decision's line
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    session.close()
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["s-1", "s-2", "s-end"]
    assert [len(r["messages"]) for r in records] == [1, 3, 2]
    assert [r["gateway"].get("action") for r in records] == ["allow", "block", None]
