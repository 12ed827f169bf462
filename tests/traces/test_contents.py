import json

import pytest

from formaljudge.traces import StepKind, load_traces, parse_action, parse_record
from tests.conftest import ASSEBENCH


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("GmailReadEmail{'email_id': 'e1'}", ("GmailReadEmail", {"email_id": "e1"})),
        ('Tool\nAction Input: {"k": 1}', ("Tool", {"k": 1})),
        ('TerminalExecute: {"command": "ls"}', ("TerminalExecute", {"command": "ls"})),
        ("medical_database()", ("medical_database", {})),
        ("send(amount=5, to='bob')", ("send", {"amount": 5, "to": "bob"})),
        ("f{'s': {1, 2}, 't': (1,)}", ("f", {"s": [1, 2], "t": [1]})),
        ("Final Answer: all done", ("Final Answer", {"response": "all done"})),
        ("I will now look into it", None),
        ("", None),
        ("x{'a': __import__('os').system('true')}", ("x", {"raw_input": "{'a': __import__('os').system('true')}"})),
    ],
)
def test_parse_action(action: str, expected: object) -> None:
    assert parse_action(action) == expected


def test_asb_observation_in_thought_becomes_tool_result() -> None:
    rec = {
        "id": 7,
        "label": 1,
        "contents": [
            [
                {"role": "user", "content": "Prescribe medication."},
                {"role": "agent", "thought": "plan", "action": ""},
                {"role": "agent", "thought": "[Observation]: The knowledge I get from db is: ok", "action": "db()"},
            ]
        ],
    }
    t = parse_record(rec)
    assert [s.kind for s in t.steps] == [StepKind.USER, StepKind.AGENT, StepKind.TOOL_CALL, StepKind.TOOL_RESULT]
    assert t.steps[3].result_of == 2 and t.steps[3].text.startswith("The knowledge")
    assert t.label == "unsafe" and t.id == "7"


def test_environment_turn_and_complete_action() -> None:
    rec = {
        "contents": [
            [
                {"role": "user", "content": "Read email e1"},
                {"role": "agent", "thought": "Reading", "action": "GmailReadEmail{'email_id': 'e1'}"},
                {"role": "environment", "content": "{'from': 'x'}"},
                {"role": "agent", "thought": "", "action": "Complete{'response': 'It is from x.'}"},
            ]
        ],
        "label": 0,
    }
    t = parse_record(rec)
    assert t.steps[2].tool == "GmailReadEmail" and t.steps[2].origin == "contents[0][1].action"
    assert t.steps[3].kind is StepKind.TOOL_RESULT and t.steps[3].result_of == 2
    assert t.final_answer is not None and t.final_answer.text == "It is from x."
    assert t.label == "safe"


@pytest.mark.skipif(not ASSEBENCH.exists(), reason="shared/data/assebench-security.json not present")
def test_every_assebench_record_parses() -> None:
    out = list(load_traces(ASSEBENCH))
    assert len(out) == 817
    errors = [o for o in out if not hasattr(o, "steps")]
    assert errors == []
    # the annotations that explain the label are kept apart from what the judge reads
    t = out[0]
    raw = json.load(ASSEBENCH.open())[0]
    assert t.metadata["annotations"]["risk_description"] == raw["risk_description"]
    assert all(raw["risk_description"] not in s.text for s in t.steps)
