"""Request bodies and Responses items, bare and wrapped by labeled records; detected by shape."""

from __future__ import annotations

import json

import pytest

from formaljudge.errors import TraceParseError
from formaljudge.traces import StepKind, Trace, parse_record

TOOLS_OPENAI = [{"type": "function", "function": {"name": "get_invoice", "description": "Look up an invoice."}}]
TOOLS_ANTHROPIC = [{"name": "get_invoice", "description": "Look up an invoice.", "input_schema": {"type": "object"}}]

OPENAI_BODY = {
    "model": "gpt-x",
    "tools": TOOLS_OPENAI,
    "messages": [
        {"role": "system", "content": "You are an AP assistant."},
        {"role": "user", "content": "Total of INV-1?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "get_invoice", "arguments": '{"id": "INV-1"}'}}
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "HTTP 503 Service Unavailable"},
        {"role": "assistant", "content": "The lookup failed."},
    ],
}

ANTHROPIC_BODY = {
    "model": "claude-x",
    "system": "You are an AP assistant.",
    "tools": TOOLS_ANTHROPIC,
    "messages": [
        {"role": "user", "content": "Total of INV-1?"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "get_invoice", "input": {"id": "INV-1"}}],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "t1",
                    "is_error": True,
                    "content": [{"type": "text", "text": "not found"}],
                }
            ],
        },
        {"role": "assistant", "content": [{"type": "text", "text": "INV-1 was not found."}]},
    ],
}

RESPONSES_ITEMS = [
    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Total of INV-1?"}]},
    {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Look it up."}]},
    {"type": "function_call", "call_id": "f1", "name": "get_invoice", "arguments": '{"id": "INV-1"}'},
    {"type": "function_call_output", "call_id": "f1", "output": '{"total": 120.5}'},
    {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "INV-1 totals $120.50."}]},
]


def kinds(t: Trace) -> list[str]:
    return [s.kind.value for s in t.steps]


@pytest.mark.parametrize("wrapped", [False, True])
def test_openai_chat_completions_body(wrapped: bool) -> None:
    record = {"id": "o", "label": "honest", "format": "whatever", "messages": OPENAI_BODY} if wrapped else OPENAI_BODY
    t = parse_record(record)
    assert t.format == "openai"
    assert kinds(t) == ["system", "user", "tool_call", "tool_result", "final"]
    assert t.steps[2].args == {"id": "INV-1"} and t.steps[3].result_of == 2
    assert t.metadata["tools"] == TOOLS_OPENAI and t.metadata["model"] == "gpt-x"
    assert t.steps[2].origin == ("messages.messages[2].tool_calls[0]" if wrapped else "messages[2].tool_calls[0]")


@pytest.mark.parametrize("wrapped", [False, True])
def test_anthropic_messages_body_with_is_error(wrapped: bool) -> None:
    # the format hint says "openai": the shape decides
    record = {"id": "a", "format": "openai", "messages": ANTHROPIC_BODY} if wrapped else ANTHROPIC_BODY
    t = parse_record(record)
    assert t.format == "anthropic"
    assert kinds(t) == ["system", "user", "tool_call", "tool_result", "final"]
    assert t.steps[0].text == "You are an AP assistant."
    assert t.steps[3].error is True and t.steps[3].text == "not found"
    assert t.task == "Total of INV-1?"
    assert t.metadata["tools"] == TOOLS_ANTHROPIC
    # the tool result sits in a user turn but is not user speech
    assert [s.text for s in t.of_kind(StepKind.USER)] == ["Total of INV-1?"]


def test_anthropic_body_without_tools_is_read_by_its_system_field() -> None:
    body = {
        "system": [{"type": "text", "text": "Be brief."}],
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
    }
    t = parse_record({"id": "s", "messages": body})
    assert t.format == "anthropic" and kinds(t) == ["system", "user", "final"]


@pytest.mark.parametrize(
    "record",
    [
        RESPONSES_ITEMS,
        {"model": "gpt-x", "input": RESPONSES_ITEMS[:1], "output": RESPONSES_ITEMS[1:]},
        {"id": "r", "label": "honest", "messages": {"input": RESPONSES_ITEMS[:4], "output": RESPONSES_ITEMS[4:]}},
        {"id": "r", "messages": RESPONSES_ITEMS},
    ],
)
def test_openai_responses_items(record: object) -> None:
    t = parse_record(record)
    assert t.format == "openai-responses"
    assert kinds(t) == ["user", "agent", "tool_call", "tool_result", "final"]
    assert t.task == "Total of INV-1?"
    assert t.steps[2].tool == "get_invoice" and t.steps[2].args == {"id": "INV-1"}
    assert t.steps[3].result_of == 2 and json.loads(t.steps[3].text) == {"total": 120.5}


def test_responses_input_string_and_instructions() -> None:
    t = parse_record(
        {
            "instructions": "Be brief.",
            "input": "hi",
            "output": [{"type": "message", "role": "assistant", "content": "hello"}],
        }
    )
    assert kinds(t) == ["system", "user", "final"] and t.task == "hi"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"messages": {"messages": "x"}}, "messages.messages"),
        (
            {"input": [{"type": "function_call", "call_id": "1"}, {"type": "function_call_output", "call_id": "1"}]},
            "input[0].name",
        ),
        (
            {
                "input": [
                    {"type": "message", "role": "user", "content": "x"},
                    {"type": "web_thing"},
                    {"type": "reasoning"},
                ]
            },
            "input[1].type",
        ),
        ({"messages": {"model": "m"}}, None),
    ],
)
def test_bad_bodies_name_the_field(record: object, field: str | None) -> None:
    with pytest.raises(TraceParseError) as info:
        parse_record(record)
    assert info.value.field == field
