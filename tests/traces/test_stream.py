import json
from pathlib import Path

from formaljudge.errors import TraceParseError
from formaljudge.traces import Trace, iter_files, load_traces

OA = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]


def rec(i: int) -> dict:
    return {"id": f"r{i}", "messages": OA}


def test_invalid_utf8_costs_one_line(tmp_path: Path) -> None:
    p = tmp_path / "u.jsonl"
    bad = json.dumps(rec(1)).encode().replace(b"hello", b"hel\xfflo")
    p.write_bytes(b"\n".join([json.dumps(rec(0)).encode(), bad, json.dumps(rec(2)).encode()]) + b"\n")
    out = list(load_traces(p))
    assert [t.id for t in out if isinstance(t, Trace)] == ["r0", "r2"]
    [err] = [e for e in out if isinstance(e, TraceParseError)]
    assert err.file == str(p) and err.record == "line 2" and "UTF-8" in str(err)


def test_syntax_error_in_pretty_json_reported_once_with_line_and_column(tmp_path: Path) -> None:
    text = json.dumps([rec(i) for i in range(4)], indent=2)
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if '"r2"' in line)
    lines[n] = lines[n].replace('"r2",', '"r2" oops,')
    p = tmp_path / "pretty.json"
    p.write_text("\n".join(lines))
    out = list(load_traces(p))
    assert [t.id for t in out if isinstance(t, Trace)] == ["r0", "r1"]
    [err] = [e for e in out if isinstance(e, TraceParseError)]
    assert err.record == 2
    assert f"line {n + 1}, column {lines[n].index('oops') + 1}" in str(err)


def test_truncated_document_and_bad_first_jsonl_line(tmp_path: Path) -> None:
    p = tmp_path / "cut.json"
    p.write_text(json.dumps([rec(0), rec(1)], indent=1)[:-20])
    out = list(load_traces(p))
    assert isinstance(out[0], Trace) and isinstance(out[-1], TraceParseError)
    assert "ends before it is complete" in str(out[-1])
    q = tmp_path / "lines.json"  # JSONL without the suffix, first line broken
    q.write_text("{broken\n" + json.dumps(rec(1)) + "\n" + json.dumps(rec(2)) + "\n")
    out = list(load_traces(q))
    assert [t.id for t in out if isinstance(t, Trace)] == ["r1", "r2"]
    assert isinstance(out[0], TraceParseError) and out[0].record == "line 1"


def test_one_line_array_and_message_list(tmp_path: Path) -> None:
    p = tmp_path / "arr.json"
    p.write_text(json.dumps([rec(0), rec(1)]))
    assert [t.id for t in load_traces(p) if isinstance(t, Trace)] == ["r0", "r1"]
    q = tmp_path / "msgs.json"
    q.write_text(json.dumps(OA, indent=2))
    [t] = list(load_traces(q))
    assert isinstance(t, Trace) and t.id == "msgs" and len(t.steps) == 2


def test_directories_walked_in_sorted_path_order(tmp_path: Path) -> None:
    for name in ("b.json", "a/z.jsonl", "a b/x.json", "c.txt", "a.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("[]")
    found = [str(f.relative_to(tmp_path)) for f in iter_files([tmp_path]) if isinstance(f, Path)]
    assert found == sorted(found) == ["a b/x.json", "a.json", "a/z.jsonl", "b.json"]
