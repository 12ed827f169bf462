"""Anthropic Messages: ``tool_use`` blocks, and ``tool_result`` blocks inside user turns.

A ``tool_result`` block is the environment speaking, not the user: it becomes
a tool result step, and only the text blocks of a user turn are user speech.
"""

from __future__ import annotations

from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._builder import StepBuilder, content_text
from formaljudge.traces._model import Step, StepKind

_BLOCKS = {"text", "tool_use", "tool_result", "thinking", "redacted_thinking", "image", "document"}


def has_anthropic_blocks(messages: Any) -> bool:
    """Some message holds a ``tool_use`` or ``tool_result`` content block."""
    for m in messages if isinstance(messages, list) else []:
        if isinstance(m, dict) and isinstance(m.get("content"), list):
            for block in m["content"]:
                if isinstance(block, dict) and block.get("type") in ("tool_use", "tool_result"):
                    return True
    return False


def parse_anthropic(record: dict[str, Any], *, prefix: str = "", bare: bool = False) -> tuple[str, list[Step]]:
    """(task, steps) of an Anthropic Messages body; ``prefix`` is the body's address in the record
    (``bare``: the record is the message list itself)."""
    b = StepBuilder()
    task = ""
    system = record.get("system")
    if system:
        b.add(StepKind.SYSTEM, origin=f"{prefix}system", text=content_text(system))
    for i, m in enumerate(record["messages"]):
        where = f"[{i}]" if bare else f"{prefix}messages[{i}]"
        if not isinstance(m, dict):
            raise TraceParseError("message must be an object", field=where)
        role = m.get("role")
        if role not in ("user", "assistant"):
            raise TraceParseError(f"unknown role {role!r}", field=f"{where}.role")
        content = m.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if not isinstance(blocks, list):
            raise TraceParseError("content must be a string or a list of blocks", field=f"{where}.content")
        for j, block in enumerate(blocks):
            bw = f"{where}.content[{j}]"
            if not isinstance(block, dict) or block.get("type") not in _BLOCKS:
                raise TraceParseError("unknown content block", field=f"{bw}.type")
            kind = block["type"]
            if kind == "text":
                text = str(block.get("text", ""))
                if role == "user":
                    task = task or text
                    b.add(StepKind.USER, origin=bw, text=text)
                elif text.strip():
                    b.add(StepKind.AGENT, origin=bw, text=text)
            elif kind == "thinking" and role == "assistant":
                b.add(StepKind.AGENT, origin=bw, text=str(block.get("thinking", "")))
            elif kind == "tool_use":
                if not isinstance(block.get("name"), str):
                    raise TraceParseError("tool_use needs a name", field=f"{bw}.name")
                args = block.get("input") or {}
                if not isinstance(args, dict):
                    raise TraceParseError("tool_use input must be an object", field=f"{bw}.input")
                b.call(block["name"], args, origin=bw, call_id=block.get("id"))
            elif kind == "tool_result":
                err = block.get("is_error")
                b.result(
                    content_text(block.get("content")),
                    origin=bw,
                    call_id=block.get("tool_use_id"),
                    error=err if isinstance(err, bool) else None,
                )
    b.promote_final()
    return task, b.steps
