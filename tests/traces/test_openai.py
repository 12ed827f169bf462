from formaljudge.traces import StepKind, parse_record

MESSAGES = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Send 50 to Bob."},
    {
        "role": "assistant",
        "content": "Checking the balance first.",
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "get_balance", "arguments": "{}"}},
            {"id": "c2", "type": "function", "function": {"name": "lookup", "arguments": '{"name": "Bob"}'}},
        ],
    },
    # results arrive out of order: matched by tool_call_id, not position
    {"role": "tool", "tool_call_id": "c2", "content": '{"iban": "DE1"}'},
    {"role": "tool", "tool_call_id": "c1", "content": '{"balance": 120}'},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "c3",
                "type": "function",
                "function": {"name": "transfer", "arguments": '{"to": "DE1", "amount": 50}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "c3", "content": "ok"},
    {"role": "assistant", "content": "Sent 50 to Bob."},
]


def test_steps_kinds_and_addresses() -> None:
    t = parse_record({"id": "x", "messages": MESSAGES})
    kinds = [s.kind for s in t.steps]
    assert kinds == [
        StepKind.SYSTEM,
        StepKind.USER,
        StepKind.AGENT,
        StepKind.TOOL_CALL,
        StepKind.TOOL_CALL,
        StepKind.TOOL_RESULT,
        StepKind.TOOL_RESULT,
        StepKind.TOOL_CALL,
        StepKind.TOOL_RESULT,
        StepKind.FINAL,
    ]
    assert t.task == "Send 50 to Bob."
    assert t.format == "openai"
    transfer = t.steps[7]
    assert transfer.tool == "transfer" and transfer.args == {"to": "DE1", "amount": 50}
    assert transfer.origin == "messages[5].tool_calls[0]"
    assert t.resolve("steps[7].args.amount") == 50


def test_results_matched_by_tool_call_id() -> None:
    t = parse_record(MESSAGES)
    r_lookup, r_balance = t.steps[5], t.steps[6]
    assert r_lookup.result_of == 4 and r_lookup.tool == "lookup"
    assert r_balance.result_of == 3 and r_balance.tool == "get_balance"
    assert t.result_for(t.steps[3]) == r_balance


def test_final_answer_is_last_assistant_text() -> None:
    t = parse_record(MESSAGES)
    assert t.final_answer is not None and t.final_answer.text == "Sent 50 to Bob."


def test_python_literal_and_bad_arguments_are_kept() -> None:
    msgs = [
        {"role": "user", "content": "hi"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "a", "type": "function", "function": {"name": "f", "arguments": "{'k': (1, 2)}"}},
                {"id": "b", "type": "function", "function": {"name": "g", "arguments": "not json at all"}},
            ],
        },
    ]
    t = parse_record(msgs)
    assert t.steps[1].args == {"k": [1, 2]}
    assert t.steps[2].args == {"raw_input": "not json at all"}
