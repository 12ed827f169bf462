"""Which adapter reads a record: the one place formats are detected.

A record's shape decides, not its ``format`` field (a hint some files carry
and others spell differently or leave out): R-Judge / ASSEBench ``contents``;
chat messages in OpenAI form (``tool_calls``, role ``tool``) or Anthropic form
(``tool_use`` / ``tool_result`` blocks, a top-level ``system``); OpenAI
Responses items (``function_call`` / ``function_call_output``). Each may come
bare (a list), as a request body (``{model, system?, messages, tools}`` or
``{model, input, tools}``, with ``output`` when the response was logged
too), or as a body wrapped by a labeled record under ``messages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._anthropic import has_anthropic_blocks, parse_anthropic
from formaljudge.traces._model import Step
from formaljudge.traces._openai import has_openai_markers, looks_like_openai, parse_openai_messages
from formaljudge.traces._responses import body_items, looks_like_responses, parse_responses
from formaljudge.traces._rjudge import looks_like_contents, parse_contents

# Keys of a request body that describe the run rather than the conversation.
BODY_METADATA = ("model", "tools")


@dataclass(frozen=True)
class Parsed:
    format: str
    task: str
    steps: list[Step]
    body: dict[str, Any] = field(default_factory=dict)  # the request body's own metadata (model, tools)


def dispatch(record: Any) -> Parsed:
    """Detect a record's format from its content and parse it."""
    if isinstance(record, list):
        return _items(record)
    if not isinstance(record, dict):
        raise TraceParseError(f"a record must be a JSON object or a list of messages, got {type(record).__name__}")
    if looks_like_contents(record):
        task, steps = parse_contents(record)
        return Parsed("contents", task, steps)
    inner = record.get("messages")
    if isinstance(inner, dict):  # a request body logged under ``messages``
        parsed = _body(inner, "messages.", record.get("format"))
        meta = {k: inner[k] for k in BODY_METADATA if k in inner}
        return Parsed(parsed.format, parsed.task, parsed.steps, meta)
    if isinstance(inner, list) and not inner:
        raise TraceParseError("has no messages", field="messages")
    return _body(record, "", record.get("format"))


def _body(body: dict[str, Any], prefix: str, hint: Any) -> Parsed:
    if "messages" in body:
        messages = body["messages"]
        if not isinstance(messages, list):
            raise TraceParseError("must be a list of messages or a request body", field=f"{prefix}messages")
        if looks_like_responses(messages):
            task, steps = parse_responses([(f"{prefix}messages[{i}]", m) for i, m in enumerate(messages)])
            return Parsed("openai-responses", task, steps)
        anthropic = has_anthropic_blocks(messages) or (
            not has_openai_markers(messages) and ("system" in body or hint == "anthropic")
        )
        if anthropic:
            task, steps = parse_anthropic(body, prefix=prefix)
            return Parsed("anthropic", task, steps)
        if looks_like_openai(messages):
            task, steps = parse_openai_messages(messages, prefix=f"{prefix}messages")
            return Parsed("openai", task, steps)
        raise TraceParseError(
            "messages are neither OpenAI chat messages nor Anthropic messages", field=f"{prefix}messages"
        )
    if "input" in body or "output" in body:
        items = [(prefix + where, item) for where, item in body_items(body)]
        task, steps = parse_responses(items, body.get("instructions"))
        return Parsed("openai-responses", task, steps)
    raise TraceParseError("unrecognized record: expected a 'messages', 'input' or 'contents' field")


def _items(record: list[Any]) -> Parsed:
    if looks_like_responses(record):
        task, steps = parse_responses([(f"[{i}]", m) for i, m in enumerate(record)])
        return Parsed("openai-responses", task, steps)
    if has_anthropic_blocks(record):
        task, steps = parse_anthropic({"messages": record}, prefix="", bare=True)
        return Parsed("anthropic", task, steps)
    if looks_like_openai(record):
        task, steps = parse_openai_messages(record, prefix="")
        return Parsed("openai", task, steps)
    raise TraceParseError("a list record must be chat messages or Responses items (objects with a 'role' or 'type')")
