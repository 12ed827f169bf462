"""OpenAI chat messages: assistant ``tool_calls`` and ``role: tool`` results."""

from __future__ import annotations

import json
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._actions import parse_literal
from formaljudge.traces._builder import StepBuilder, content_text
from formaljudge.traces._model import Step, StepKind


def looks_like_openai(messages: Any) -> bool:
    if not isinstance(messages, list) or not messages:
        return False
    if not all(isinstance(m, dict) and isinstance(m.get("role"), str) for m in messages):
        return False
    for m in messages:
        if m["role"] in ("tool", "function") or "tool_calls" in m or "function_call" in m:
            return True
    return all(isinstance(m.get("content"), (str, type(None))) for m in messages)


def has_openai_markers(messages: Any) -> bool:
    """Some message has a shape only OpenAI chat uses: tool calls, or a tool/system role."""
    return isinstance(messages, list) and any(
        isinstance(m, dict)
        and (m.get("role") in ("tool", "function", "system", "developer") or "tool_calls" in m or "function_call" in m)
        for m in messages
    )


def parse_arguments(raw: Any, field: str) -> dict[str, Any]:
    """Tool-call arguments given as a JSON string, an object, or a Python literal."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str):
        raise TraceParseError(f"arguments must be a JSON string or object, got {type(raw).__name__}", field=field)
    try:
        value = json.loads(raw)
    except ValueError:
        try:
            value = parse_literal(raw)
        except ValueError:
            return {"raw_input": raw}
    return value if isinstance(value, dict) else {"input": value}


def parse_openai_messages(messages: list[Any], prefix: str = "messages") -> tuple[str, list[Step]]:
    """(task, steps) of a list of OpenAI chat messages."""
    b = StepBuilder()
    task = ""
    for i, m in enumerate(messages):
        said = add_openai_message(b, m, f"{prefix}[{i}]")
        if said is not None and not task:
            task = said
    b.promote_final()
    return task, b.steps


def add_openai_message(b: StepBuilder, m: Any, where: str) -> str | None:
    """The steps of one chat message (at address ``where``) added to ``b``; a user message's text is returned
    (the task is the first non-empty one). The guard feeds a session's new messages one at a time."""
    if not isinstance(m, dict):
        raise TraceParseError("message must be an object", field=where)
    role = m.get("role")
    text = content_text(m.get("content"))
    if role in ("system", "developer"):
        b.add(StepKind.SYSTEM, origin=f"{where}.content", text=text)
    elif role == "user":
        b.add(StepKind.USER, origin=f"{where}.content", text=text)
        return text
    elif role == "assistant":
        if text.strip():
            b.add(StepKind.AGENT, origin=f"{where}.content", text=text)
        calls = m.get("tool_calls") or []
        if not isinstance(calls, list):
            raise TraceParseError("tool_calls must be a list", field=f"{where}.tool_calls")
        for j, call in enumerate(calls):
            cw = f"{where}.tool_calls[{j}]"
            fn = call.get("function") if isinstance(call, dict) else None
            if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                raise TraceParseError("tool call needs function.name", field=f"{cw}.function.name")
            args = parse_arguments(fn.get("arguments"), f"{cw}.function.arguments")
            b.call(fn["name"], args, origin=cw, call_id=call.get("id"))
        fc = m.get("function_call")
        if isinstance(fc, dict) and isinstance(fc.get("name"), str):
            b.call(fc["name"], parse_arguments(fc.get("arguments"), f"{where}.function_call.arguments"), origin=where)
    elif role in ("tool", "function"):
        error = m.get("is_error") if isinstance(m.get("is_error"), bool) else None
        b.result(text, origin=f"{where}.content", call_id=m.get("tool_call_id"), error=error)
    else:
        raise TraceParseError(f"unknown role {role!r}", field=f"{where}.role")
    return None
