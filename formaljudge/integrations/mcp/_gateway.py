"""The MCP gateway: sits on stdio between an MCP client and a downstream MCP server, and guards its tool calls.

    formaljudge gateway --policy payments --audit-log calls.jsonl -- python bank_server.py

The gateway starts the downstream server and relays JSON-RPC lines both ways
(see ``_relay``): everything passes as it is (initialize, the tool listing,
pings, notifications, resources, prompts) except tool calls. Each call is
checked by the guard first: an allowed call is forwarded and its result
returned unchanged; a blocked call is answered with an MCP tool error
(``isError``) that names the constraint and why, and never reaches the
downstream server. Calls are decided and run one at a time, so each decision
sees every call before it.

The downstream server is started and stopped by the MCP SDK's own stdio
transport helpers (a process group of its own; on exit its stdin is closed,
then the whole tree is terminated after a grace period); its stderr is the
gateway's.
"""

from __future__ import annotations

import gc
import os
from contextlib import suppress
from pathlib import Path

import anyio
from anyio.abc import TaskGroup

# The SDK's process handling (mcp is pinned exactly): the stdio client's own spawn and shutdown, without its
# message parsing.
from mcp.client.stdio import _create_platform_compatible_process, _get_executable_command, _stop_server_process
from mcp.os.win32.utilities import ServerProcess

from formaljudge.guard import Guard
from formaljudge.integrations.mcp._relay import Relay, result_text
from formaljudge.integrations.mcp._session import GuardedSession
from formaljudge.integrations.mcp._stdio import Receive, Send, client_stdio, lines_of
from formaljudge.ir._spec import PolicySpec

__all__ = ["result_text", "serve"]


async def serve(
    command: list[str], spec: PolicySpec, guard: Guard, *, audit_log: Path | None, session_id: str | None = None
) -> None:
    """Run the gateway on this process's stdin/stdout until the client goes away (or the server does)."""
    import formaljudge.backends._z3  # noqa: F401  (loaded now, not on the first call the guard sends to Z3)

    # what is loaded by now lives as long as the gateway: a full collection during the session looks only at
    # what the session made (else it walks every loaded module's objects: ~100 ms, seen in a session's calls)
    gc.freeze()
    session = GuardedSession(spec, guard, audit_log=audit_log, session_id=session_id)
    try:
        executable = await _get_executable_command(command[0])
        process = await _create_platform_compatible_process(executable, command[1:], env=dict(os.environ))
        try:
            async with client_stdio() as (readline, write), anyio.create_task_group() as tg:
                await _run(process, readline, write, session, tg)
        finally:
            with anyio.CancelScope(shield=True):
                await _stop_server_process(process)
    finally:
        session.close()


async def _run(process: ServerProcess, readline: Receive, write: Send, session: GuardedSession, tg: TaskGroup) -> None:
    assert process.stdin is not None and process.stdout is not None
    server_in = process.stdin

    async def to_client(data: bytes) -> None:
        try:
            await write(data)
        except OSError:  # the client is gone
            tg.cancel_scope.cancel()

    async def to_server(data: bytes) -> None:
        with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            await server_in.send(data)  # a server that is gone is seen as the end of its output

    relay = Relay(session, to_client, to_server)

    async def from_client() -> None:
        while True:
            try:
                line = await readline()
            except ValueError:  # a line over the limit, dropped
                line = b"\x00\n"  # answered as unreadable
            except OSError:
                line = b""
            if not line:
                break
            await relay.from_client(line)
        # the client's input ended: the calls it sent are decided (and run) first; then the server's input
        # ends, and it has a grace period to exit before it is stopped
        await relay.calls.join()
        await _stop_server_process(process)

    tg.start_soon(relay.run_calls)
    tg.start_soon(from_client)
    async for line in lines_of(process.stdout):
        await relay.from_server(line)
    await relay.server_gone()
    tg.cancel_scope.cancel()
