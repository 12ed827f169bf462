"""OpenAI Responses API items: ``message``, ``function_call``, ``function_call_output``.

A record is a list of items, or a request/response body whose ``input``
(items or one user string) and ``output`` (items) hold them. Tool results
carry no error flag here: failures are read from their text later.
"""

from __future__ import annotations

import json
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._builder import StepBuilder, content_text
from formaljudge.traces._model import Step, StepKind
from formaljudge.traces._openai import parse_arguments

_CALLS = {"function_call", "custom_tool_call"}
_OUTPUTS = {"function_call_output", "custom_tool_call_output"}
_ITEM_TYPES = _CALLS | _OUTPUTS | {"message", "reasoning"}


def looks_like_responses(items: Any) -> bool:
    """A list holding at least one Responses item that chat messages never have."""
    if not isinstance(items, list) or not items:
        return False
    if not all(isinstance(i, dict) for i in items):
        return False
    typed = [i.get("type") for i in items]
    return any(t in _CALLS or t in _OUTPUTS or t == "reasoning" for t in typed) or (
        all(t == "message" for t in typed) and any(isinstance(i.get("content"), list) for i in items)
    )


def body_items(body: dict[str, Any]) -> list[tuple[str, Any]]:
    """A body's items with their addresses: ``input`` then ``output``."""
    out: list[tuple[str, Any]] = []
    for key in ("input", "output"):
        value = body.get(key)
        if isinstance(value, str):
            out.append((key, {"type": "message", "role": "user", "content": value}))
        elif isinstance(value, list):
            out += [(f"{key}[{i}]", item) for i, item in enumerate(value)]
        elif value is not None:
            raise TraceParseError("must be a string or a list of items", field=key)
    return out


def _output_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return content_text(value)
    return json.dumps(value, ensure_ascii=False)


def parse_responses(items: list[tuple[str, Any]], instructions: Any = None) -> tuple[str, list[Step]]:
    """(task, steps) of Responses items, each given with its address in the record."""
    b = StepBuilder()
    task = ""
    if isinstance(instructions, str) and instructions.strip():
        b.add(StepKind.SYSTEM, origin="instructions", text=instructions)
    for where, item in items:
        if not isinstance(item, dict):
            raise TraceParseError("item must be an object", field=where)
        kind = item.get("type", "message" if "role" in item else None)
        if kind not in _ITEM_TYPES:
            raise TraceParseError(f"unknown item type {kind!r}", field=f"{where}.type")
        if kind == "message":
            role = item.get("role")
            text = content_text(item.get("content"))
            if role in ("system", "developer"):
                b.add(StepKind.SYSTEM, origin=f"{where}.content", text=text)
            elif role == "user":
                task = task or text
                b.add(StepKind.USER, origin=f"{where}.content", text=text)
            elif role == "assistant":
                if text.strip():
                    b.add(StepKind.AGENT, origin=f"{where}.content", text=text)
            else:
                raise TraceParseError(f"unknown role {role!r}", field=f"{where}.role")
        elif kind == "reasoning":
            text = content_text(item.get("summary")) or content_text(item.get("content"))
            if text.strip():
                b.add(StepKind.AGENT, origin=where, text=text)
        elif kind in _CALLS:
            if not isinstance(item.get("name"), str):
                raise TraceParseError("a call needs a name", field=f"{where}.name")
            raw = item.get("arguments", item.get("input"))
            args = parse_arguments(raw, f"{where}.arguments")
            b.call(item["name"], args, origin=where, call_id=item.get("call_id"))
        else:
            b.result(_output_text(item.get("output")), origin=f"{where}.output", call_id=item.get("call_id"))
    b.promote_final()
    return task, b.steps
