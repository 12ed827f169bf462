"""Synthetic agent sessions of any length, for the scale and guard benchmarks.

A user asks for a chore; the agent calls tools of several kinds (files, web,
transfers, mail), some calls fail, the user confirms now and then, and the
agent answers at the end.
"""

from __future__ import annotations

import json
from typing import Any

TOOLS = ["read_file", "search_web", "transfer_funds", "send_email", "list_files", "get_weather"]


def call(i: int) -> dict[str, Any]:
    """The ``i``-th proposed tool call, OpenAI style (``{"name", "arguments"}``)."""
    tool = TOOLS[i % len(TOOLS)]
    args: dict[str, Any] = (
        {"path": f"/data/f{i}.txt"} if tool != "transfer_funds" else {"amount": 10 + i % 7, "to": "acct-9"}
    )
    if tool == "send_email":
        args = {"to": "ops@example.com", "body": f"status {i}"}
    return {"name": tool, "arguments": json.dumps(args)}


def session(steps: int) -> list[dict[str, Any]]:
    """OpenAI chat messages: about ``steps`` steps (user turns, calls, results), then a final answer."""
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Tidy up the data folder and pay the small invoices."}
    ]
    i = 0
    while len(messages) < steps - 1:
        proposed = call(i)
        cid = f"c{i}"
        tool_call = {"id": cid, "type": "function", "function": proposed}
        messages.append({"role": "assistant", "content": None, "tool_calls": [tool_call]})
        result = "Error: timeout" if i % 11 == 5 else f"ok {i}: 3 rows, total 120.50"
        messages.append({"role": "tool", "tool_call_id": cid, "content": result})
        if i % 9 == 8:
            messages.append({"role": "user", "content": "yes, go ahead"})
        i += 1
    messages.append({"role": "assistant", "content": "Done: the folder is tidy and the invoices are paid."})
    return messages
