"""A plain OpenAI-style tool-calling loop: wrap the function that executes tool calls.

    run_tool = guarded(execute_tool, guard)
    for call in reply.tool_calls:
        result = run_tool(messages, call)      # the tool runs only when the guard allows it
        messages.append({"role": "tool", "tool_call_id": call.id, "content": result})

A blocked call does not run: the agent gets a tool result that says why, so it
can change course. ``ask`` goes to ``ask_user`` (no callback: treated as block).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from formaljudge.guard._guard import Decision, Guard, ToolCall


def _as_dict(call: Any) -> dict[str, Any]:
    if isinstance(call, dict):
        return call
    fn = getattr(call, "function", call)  # an openai ChatCompletionMessageToolCall
    return {"id": getattr(call, "id", None), "name": fn.name, "arguments": fn.arguments}


def refusal(decision: Decision) -> str:
    return "Blocked by policy before it ran: " + "; ".join(decision.reasons or ["not allowed"])


def guarded(
    execute: Callable[[ToolCall], str],
    guard: Guard,
    *,
    ask_user: Callable[[ToolCall, Decision], bool] | None = None,
    on_decision: Callable[[ToolCall, Decision], None] | None = None,
) -> Callable[[list[dict[str, Any]], Any], str]:
    """``execute`` guarded: called as ``run(messages_so_far, tool_call)``, returns the tool result text."""

    def run(messages: list[dict[str, Any]], call: Any) -> str:
        proposed = ToolCall.of(_as_dict(call))
        decision = guard.check(messages, proposed)
        if on_decision is not None:
            on_decision(proposed, decision)
        allowed = decision.action == "allow" or (
            decision.action == "ask" and ask_user is not None and ask_user(proposed, decision)
        )
        return execute(proposed) if allowed else refusal(decision)

    return run
