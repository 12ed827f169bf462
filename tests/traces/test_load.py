import json

import pytest

from formaljudge.errors import TraceParseError
from formaljudge.traces import Trace, load_traces

OA = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]


def test_single_message_list_file(write_json) -> None:
    out = list(load_traces(write_json("one.json", OA)))
    assert len(out) == 1 and isinstance(out[0], Trace) and out[0].id == "one"


def test_array_of_records_and_jsonl(write_json) -> None:
    recs = [{"id": "a", "messages": OA}, {"id": "b", "contents": [[{"role": "user", "content": "x"}]]}]
    arr = list(load_traces(write_json("arr.json", recs)))
    lines = list(load_traces(write_json("recs.jsonl", recs, jsonl=True)))
    assert [t.id for t in arr] == [t.id for t in lines] == ["a", "b"]


def test_bad_record_is_reported_and_others_survive(tmp_path) -> None:
    p = tmp_path / "batch.jsonl"
    p.write_text(
        json.dumps({"id": "good1", "messages": OA})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "bad", "messages": [{"role": "assistant", "tool_calls": [{"id": "1", "function": {}}]}]})
        + "\n"
        + json.dumps({"id": "good2", "messages": OA})
        + "\n"
    )
    out = list(load_traces(p))
    assert [o.id for o in out if isinstance(o, Trace)] == ["good1", "good2"]
    errs = [o for o in out if isinstance(o, TraceParseError)]
    assert len(errs) == 2
    assert errs[0].file == str(p) and errs[0].record == "line 2"
    assert errs[1].record == "bad" and errs[1].field == "messages[0].tool_calls[0].function.name"
    assert "batch.jsonl, record bad, field messages[0].tool_calls[0].function.name" in str(errs[1])


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ({"foo": 1}, "expected a 'messages', 'input' or 'contents' field"),
        ({"messages": "nope"}, "field messages"),
        ({"messages": [{"role": "wizard", "content": "x"}]}, "unknown role"),
        ({"contents": [[{"role": "agent", "thought": 3}]]}, "contents[0][0].thought"),
        ([1, 2, 3], "record 0"),
    ],
)
def test_errors_name_the_field(write_json, value, needle) -> None:
    out = list(load_traces(write_json("f.json", value)))
    assert isinstance(out[0], TraceParseError)
    assert needle in str(out[0])


def test_missing_and_empty_files(tmp_path) -> None:
    (tmp_path / "empty.json").write_text("")
    [e1] = list(load_traces(tmp_path / "nope.json"))
    [e2] = list(load_traces(tmp_path / "empty.json"))
    assert isinstance(e1, TraceParseError) and "no such file" in str(e1)
    assert isinstance(e2, TraceParseError) and "empty" in str(e2)


def test_labeled_record_keeps_annotations_out_of_steps(write_json) -> None:
    rec = {
        "id": "d1",
        "label": "deceptive",
        "pattern": "content_fabrication",
        "why": "SECRET-EXPLANATION",
        "task": "Summarize the file.",
        "format": "openai",
        "messages": OA,
    }
    [t] = list(load_traces(write_json("d.jsonl", [rec], jsonl=True)))
    assert isinstance(t, Trace)
    assert t.label == "deceptive" and t.task == "Summarize the file."
    assert t.metadata["annotations"]["why"] == "SECRET-EXPLANATION"
    assert all("SECRET" not in s.text for s in t.steps)
