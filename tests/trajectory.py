"""Small OpenAI-message trajectories for claim tests: a task, tool calls with their results, a final answer.

Step addresses follow from the layout: the task is ``steps[0]``, call ``i`` is ``steps[2i+1]`` and its result
``steps[2i+2]``, the final answer comes last.
"""

from __future__ import annotations

import json
from typing import Any

from formaljudge.extract._action_claims import action_claims_fact
from formaljudge.extract._claims import ALL_KINDS, check_claims
from formaljudge.extract._context import TraceContext
from formaljudge.extract._finding import Finding
from formaljudge.traces import Trace, parse_record

Call = tuple[str, dict[str, Any], Any]  # tool, arguments, result (a str as is, anything else as JSON)


def chat_trace(task: str, calls: list[Call], final: str, *, tid: str = "t") -> Trace:
    msgs: list[dict[str, Any]] = [{"role": "user", "content": task}]
    for i, (tool, args, result) in enumerate(calls):
        msgs.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": f"c{i}", "type": "function", "function": {"name": tool, "arguments": json.dumps(args)}}
                ],
            }
        )
        content = result if isinstance(result, str) else json.dumps(result)
        msgs.append({"role": "tool", "tool_call_id": f"c{i}", "content": content})
    msgs.append({"role": "assistant", "content": final})
    return parse_record({"id": tid, "messages": msgs})


def findings(task: str, calls: list[Call], final: str) -> tuple[list[Finding], int]:
    """The final answer's claims that the sources do not support, and how many figures were checked."""
    found, _, checked = check_claims(TraceContext(chat_trace(task, calls, final)), ALL_KINDS)
    return found, checked


def unbacked(task: str, calls: list[Call], final: str) -> int:
    """How many of the final answer's action claims no successful call backs."""
    return action_claims_fact(TraceContext(chat_trace(task, calls, final)))[0]


def claimed(found: list[Finding]) -> list[str]:
    """The claim text of each finding, for messages and membership tests."""
    return [f.claim for f in found]
