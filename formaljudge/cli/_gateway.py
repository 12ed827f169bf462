"""``formaljudge gateway``: an MCP server that guards every tool call of another MCP server."""

from __future__ import annotations

import importlib.util
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from formaljudge.cli._app import app
from formaljudge.readers._resolve import READERS_HELP


class OnUnknown(StrEnum):
    block = "block"
    allow = "allow"


@app.command()
def gateway(
    command: Annotated[
        list[str], typer.Argument(help="The downstream MCP server's command and its arguments, after `--`.")
    ],
    policy: Annotated[str, typer.Option("--policy", "-p", help="A shipped policy name or a spec JSON file.")],
    audit_log: Annotated[
        Path | None,
        typer.Option(
            "--audit-log",
            help="Append every decision here as JSON Lines (OpenAI-messages records: `formaljudge audit` reads "
            "them back).",
        ),
    ] = None,
    on_unknown: Annotated[
        OnUnknown,
        typer.Option(
            "--on-unknown", help="A call whose constraint is undecided (a fact could not be read): block or allow."
        ),
    ] = OnUnknown.block,
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    session_id: Annotated[
        str | None, typer.Option("--session-id", help="The session's id in the audit log (default: random).")
    ] = None,
) -> None:
    """Run as an MCP server over stdio that proxies the tools of the MCP server COMMAND, checking each call.

    A call the guard blocks gets an MCP tool error naming the constraint and why, and never reaches the
    downstream server; allowed calls are forwarded and their results returned unchanged. Example:
    formaljudge gateway --policy payments --audit-log calls.jsonl -- python my_server.py
    """
    from formaljudge.errors import FormalJudgeError
    from formaljudge.guard import Guard
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader

    if importlib.util.find_spec("mcp") is None:
        typer.echo("error: the gateway needs the mcp extra: pip install 'formaljudge[mcp]'", err=True)
        raise typer.Exit(2)
    try:
        spec = load_policy(policy)
        the_reader = make_reader(reader)
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    import anyio

    from formaljudge.integrations.mcp._gateway import serve

    guard = Guard(spec, the_reader, on_unknown=on_unknown.value)
    try:
        anyio.run(lambda: serve(command, spec, guard, audit_log=audit_log, session_id=session_id))
    except OSError as exc:
        typer.echo(f"error: cannot start the downstream server {command[0]!r}: {exc}", err=True)
        raise typer.Exit(2) from None
