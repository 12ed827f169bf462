from formaljudge.traces import StepKind, parse_record

RECORD = {
    "system": "You are an email agent.",
    "messages": [
        {"role": "user", "content": "Email the report to ann@acme.com."},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Reading the report."},
                {"type": "tool_use", "id": "tu1", "name": "read_file", "input": {"path": "r.txt"}},
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "tu1",
                    "is_error": True,
                    "content": [{"type": "text", "text": "ENOENT"}],
                },
            ],
        },
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "tu2", "name": "read_file", "input": {"path": "report.txt"}}],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "tu2", "content": "Q3 numbers"},
                {"type": "text", "text": "Also cc me."},
            ],
        },
        {"role": "assistant", "content": [{"type": "text", "text": "Sent."}]},
    ],
}


def test_tool_results_are_not_user_speech() -> None:
    t = parse_record(RECORD)
    assert t.format == "anthropic"
    users = [s.text for s in t.of_kind(StepKind.USER)]
    assert users == ["Email the report to ann@acme.com.", "Also cc me."]
    results = t.of_kind(StepKind.TOOL_RESULT)
    assert [r.text for r in results] == ["ENOENT", "Q3 numbers"]
    assert results[0].error is True and results[1].error is None
    assert results[0].result_of == 3 and results[0].origin == "messages[2].content[0]"


def test_system_task_and_final() -> None:
    t = parse_record(RECORD)
    assert t.steps[0].kind is StepKind.SYSTEM
    assert t.task == "Email the report to ann@acme.com."
    assert t.final_answer is not None and t.final_answer.text == "Sent."


def test_declared_format_wins() -> None:
    rec = {
        "format": "anthropic",
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
    }
    assert parse_record(rec).format == "anthropic"
