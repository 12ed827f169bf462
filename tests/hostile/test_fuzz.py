"""Property-based fuzzing of every adapter and of the CLI on mutated real trajectories:
never a traceback, never a lost good record."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formaljudge.cli._audit import run_audit
from formaljudge.errors import TraceParseError
from formaljudge.traces import Trace, load_traces, parse_record
from tests.conftest import ROOT


def _examples() -> list[Any]:
    """One record of every format the examples hold (OpenAI, Anthropic, contents, labeled records, JSONL)."""
    out: list[Any] = []
    for p in sorted((ROOT / "agents_traces").glob("*.json")):
        out.append(json.loads(p.read_text()))
    for p in (ROOT / "agents_traces" / "records_mixed.jsonl", ROOT / "agents_traces" / "deception" / "examples.jsonl"):
        out += [json.loads(line) for line in p.read_text().splitlines()[:6] if line.strip()]
    return out


EXAMPLES = _examples()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
JUNK = st.recursive(
    SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=8
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A real record with a few places replaced by junk, deleted, duplicated or retyped."""
    record = copy.deepcopy(draw(st.sampled_from(EXAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(record) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = record
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        action = draw(st.sampled_from(["junk", "delete", "stringify", "wrap", "empty"]))
        if action == "junk":
            parent[key] = draw(JUNK)
        elif action == "delete":
            del parent[key]
        elif action == "stringify":
            parent[key] = json.dumps(parent[key])
        elif action == "wrap":
            parent[key] = [parent[key]]
        else:
            parent[key] = type(parent[key])() if isinstance(parent[key], list | dict | str) else None
    return record


@settings(max_examples=300, deadline=None)
@given(record=mutated())
def test_every_adapter_on_mutated_records_fails_only_with_a_parse_error(record: Any) -> None:
    try:
        trace = parse_record(record, source="fuzz.json", index=0)
    except TraceParseError as exc:
        assert exc.message and exc.file == "fuzz.json"
    else:
        assert isinstance(trace, Trace) and trace.steps


def _line(record: Any) -> str:
    return json.dumps(record, allow_nan=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bad=st.lists(
        st.one_of(mutated(), JUNK).map(_line) | st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
        min_size=1,
        max_size=4,
    ),
    good=st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=3),
    where=st.randoms(use_true_random=False),
)
def test_audit_cli_on_mixed_files_keeps_every_good_record(
    tmp_path: Path, bad: list[str], good: list[Any], where: Any
) -> None:
    lines = [_line({**g, "id": f"good-{i}"}) if isinstance(g, dict) else _line(g) for i, g in enumerate(good)]
    expect = sum(1 for g in good if isinstance(g, dict)) + sum(1 for g in good if isinstance(g, list))
    mixed = lines + bad
    where.shuffle(mixed)
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    parsed = [x for x in load_traces(f) if isinstance(x, Trace)]
    good_ids = {t.id for t in parsed if t.id.startswith("good-")}
    assert len(good_ids) == sum(1 for g in good if isinstance(g, dict))
    out, err = io.StringIO(), io.StringIO()
    code = run_audit([f], ["payments", "deception"], fmt="json", reader=None, stdout=out, stderr=err)
    doc = json.loads(out.getvalue())
    assert code in (0, 1, 2, 3)
    audited = {r["trace_id"] for r in doc["reports"]}
    assert good_ids <= audited  # no good record lost
    assert doc["summary"]["traces"] >= expect - sum(1 for g in good if isinstance(g, list))
    assert "Traceback" not in err.getvalue()
