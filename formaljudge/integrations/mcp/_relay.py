"""The gateway's relay: JSON-RPC lines between the client and the downstream server, read only where the guard needs.

Every message from the client is parsed (to find its method) and forwarded as
it was parsed (serialized again, so the server reads exactly what the gateway
read); lines from the server are relayed as they came. Only these are looked at:

- ``tools/call``: the params are validated and the guard decides, one call at a
  time in arrival order. A blocked call is answered here with an MCP tool error
  and never forwarded; an allowed one is forwarded, and its response, when it
  comes, joins the session's trace before it is relayed unchanged.
- ``tools/list`` responses: the tools' names and descriptions join the session.
- the ``initialize`` response: the server's name is shown as the gateway's.
- ``notifications/cancelled`` for a call still waiting or running: the gateway
  stops waiting for it (and forwards the notification).

A line from the client that is not JSON gets a JSON-RPC parse error; one that
is not a JSON object, or a ``tools/call`` without a usable id, an invalid
request error. Nothing from either side is evaluated: it is data.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, TypeGuard

import mcp_types as types
from pydantic import ValidationError

from formaljudge.integrations.mcp._session import GuardedSession, blocked_text
from formaljudge.integrations.mcp._stdio import Send

RequestId = str | int


def result_text(result: dict[str, Any]) -> str:
    """A tool result (its JSON) as text for the trace: its text blocks, else the structured content as JSON."""
    content = result.get("content")
    blocks = content if isinstance(content, list) else []
    parts = [
        b["text"] for b in blocks if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str)
    ]
    if not parts and result.get("structuredContent") is not None:
        parts.append(json.dumps(result["structuredContent"], ensure_ascii=False, sort_keys=True))
    return "\n".join(parts)


def _is_id(value: object) -> TypeGuard[RequestId]:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _line(message: dict[str, Any]) -> bytes:
    """One JSON-RPC line; ASCII-escaped, so any string JSON can carry is written as valid UTF-8."""
    return json.dumps(message, allow_nan=False, separators=(",", ":")).encode() + b"\n"


def _error(rid: RequestId | None, code: int, message: str) -> bytes:
    return _line({"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message}})


class _Call:
    """A forwarded tool call waiting for its response."""

    __slots__ = ("args", "call_id", "done", "name")

    def __init__(self, call_id: str, name: str, args: dict[str, Any]) -> None:
        self.call_id, self.name, self.args = call_id, name, args
        self.done = asyncio.Event()


class Relay:
    """Routes the lines of one gateway session; ``to_client`` and ``to_server`` write one line each."""

    def __init__(self, session: GuardedSession, to_client: Send, to_server: Send) -> None:
        self.session = session
        self.to_client = to_client
        self.to_server = to_server
        self.waiting: dict[RequestId, str | _Call] = {}  # forwarded requests whose response the gateway reads
        self.calls: asyncio.Queue[tuple[RequestId, dict[str, Any]]] = asyncio.Queue()
        self.queued: set[RequestId] = set()  # tools/call ids not decided yet
        self.cancelled: set[RequestId] = set()  # ... of those, the ones the client cancelled

    async def from_client(self, line: bytes) -> None:
        if not line.strip():
            return
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            await self.to_client(_error(None, types.PARSE_ERROR, "Parse error"))
            return
        if not isinstance(message, dict):
            await self.to_client(_error(None, types.INVALID_REQUEST, "Invalid request: not a JSON object"))
            return
        method, rid = message.get("method"), message.get("id")
        if method == "tools/call":
            if not _is_id(rid):
                await self.to_client(_error(None, types.INVALID_REQUEST, "Invalid request: tools/call needs an id"))
                return
            self.queued.add(rid)
            self.calls.put_nowait((rid, message))
            return
        try:
            out = _line(message)
        except ValueError:  # NaN or an infinity
            await self.to_client(_error(rid if _is_id(rid) else None, types.INVALID_REQUEST, "Invalid request"))
            return
        if method in ("initialize", "tools/list") and _is_id(rid):
            self.waiting[rid] = method
        elif method == "notifications/cancelled":
            self._cancel(message.get("params"))
        await self.to_server(out)

    async def from_server(self, line: bytes) -> None:
        if not line.endswith(b"\n"):
            line += b"\n"
        if self.waiting:  # else nothing to look for: relayed unread
            try:
                message = json.loads(line)
            except (ValueError, RecursionError):
                message = None
            rid = message.get("id") if isinstance(message, dict) and "method" not in message else None
            if _is_id(rid) and rid in self.waiting:
                assert isinstance(message, dict) and rid is not None
                what = self.waiting.pop(rid)
                if isinstance(what, _Call):
                    try:
                        await self.to_client(line)
                    finally:
                        try:  # the result joins the trace before the next call is decided
                            self._ran(what, message.get("result"))
                        finally:
                            what.done.set()
                    return
                result = message.get("result")
                if isinstance(result, dict):
                    if what == "tools/list":
                        self._listed(result)
                    elif _renamed(result):
                        line = _line(message)
        await self.to_client(line)

    async def run_calls(self) -> None:
        """Decide the tool calls one at a time, in the order they came; each waits for the one before."""
        while True:
            rid, message = await self.calls.get()
            self.queued.discard(rid)
            try:
                if rid in self.cancelled:
                    self.cancelled.discard(rid)
                else:
                    await self._call(rid, message)
            finally:
                self.calls.task_done()

    async def server_gone(self) -> None:
        """The downstream server closed its output: every request still waiting gets an error."""
        waiting, self.waiting = self.waiting, {}
        for rid, what in waiting.items():
            await self.to_client(_error(rid, types.INTERNAL_ERROR, "The downstream MCP server closed"))
            if isinstance(what, _Call):
                what.done.set()

    async def _call(self, rid: RequestId, message: dict[str, Any]) -> None:
        params = message.get("params")
        try:
            types.CallToolRequestParams.model_validate(params)
        except ValidationError as exc:
            await self.to_client(_error(rid, types.INVALID_PARAMS, f"Invalid params: {exc.errors()[0]['msg']}"))
            return
        assert isinstance(params, dict)
        # the name and arguments the guard judges are those forwarded: read from the message itself
        name, args = params["name"], dict(params.get("arguments") or {})
        try:
            out = _line(message)
        except ValueError:
            await self.to_client(_error(rid, types.INVALID_PARAMS, "Invalid params: NaN or infinity"))
            return
        try:
            decision, call_id = self.session.decide(name, args)
        except Exception as exc:  # a fault in the check: the call is not forwarded, and the gateway goes on
            await self.to_client(_error(rid, types.INTERNAL_ERROR, f"The guard failed: {type(exc).__name__}: {exc}"))
            return
        if not decision.allowed:
            text = blocked_text(decision, self.session.spec.name)
            result = types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)
            dumped = result.model_dump(by_alias=True, exclude_unset=True, mode="json")
            await self.to_client(_line({"jsonrpc": "2.0", "id": rid, "result": dumped}))
            self.session.write_log()  # after the answer: the agent does not wait for the log
            return
        call = _Call(call_id, name, args)
        self.waiting[rid] = call
        await self.to_server(out)
        self.session.write_log()  # while the server runs the call
        await call.done.wait()

    def _ran(self, call: _Call, result: object) -> None:
        # an error response (not a result) is relayed, but the call is not known to have run: not in the trace
        if isinstance(result, dict):
            self.session.ran(call.call_id, call.name, call.args, result_text(result), result.get("isError") is True)

    def _listed(self, result: dict[str, Any]) -> None:
        tools = result.get("tools")
        known = {t["name"] for t in self.session.tools}
        for t in tools if isinstance(tools, list) else []:
            name = t.get("name") if isinstance(t, dict) else None
            if isinstance(name, str) and name not in known:
                description = t.get("description")
                self.session.tools.append(
                    {"name": name, "description": description if isinstance(description, str) else ""}
                )
                known.add(name)

    def _cancel(self, params: object) -> None:
        rid = params.get("requestId") if isinstance(params, dict) else None
        if not _is_id(rid):
            return
        assert rid is not None
        if rid in self.queued:
            self.cancelled.add(rid)
        what = self.waiting.get(rid)
        if isinstance(what, _Call):  # the client no longer waits for it; nor does the gateway
            del self.waiting[rid]
            what.done.set()


def _renamed(result: dict[str, Any]) -> bool:
    """The initialize result's server name, shown as the gateway's (True if it was changed)."""
    info = result.get("serverInfo")
    if isinstance(info, dict) and isinstance(info.get("name"), str):
        info["name"] = f"formaljudge-gateway ({info['name']})"
        return True
    return False
