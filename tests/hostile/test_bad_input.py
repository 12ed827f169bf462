"""Input that must never pass: an empty trajectory, a spec without constraints; limits per trajectory;
verify and audit agree because verify asks the reader too."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from formaljudge.cli import app
from formaljudge.extract import FactValue
from formaljudge.ir import Fact, Question
from formaljudge.judge import TraceLimits, judge_limited
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, parse_record
from tests.conftest import ROOT


def _ok_record(rid: str) -> dict[str, Any]:
    return {"id": rid, "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}


@pytest.mark.parametrize(
    "record",
    [{"id": "z", "messages": []}, {"id": "z", "contents": []}, [], {"id": "z", "messages": [], "format": "anthropic"}],
)
def test_an_empty_trajectory_is_bad_input_never_a_pass(record: Any, tmp_path: Path) -> None:
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps(record) + "\n" + json.dumps(_ok_record("good")) + "\n")
    for policy in ("payments", "deception", "safety"):
        r = CliRunner().invoke(app, ["audit", str(f), "-p", policy, "--reader", "none", "-f", "json"])
        doc = json.loads(r.stdout)
        assert r.exit_code == 2, (policy, r.output)
        assert doc["summary"]["traces"] == 1 and doc["summary"]["bad_records"] == 1  # the good one still audited
        assert any(w in doc["errors"][0]["error"] for w in ("empty", "no messages", "list record", "unrecognized"))


def test_a_spec_without_constraints_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "s.json"
    spec.write_text(json.dumps({"name": "nothing", "facts": [], "constraints": []}))
    trace = ROOT / "agents_traces" / "openai_transfer_confirmed.json"
    r = CliRunner().invoke(app, ["audit", str(trace), "-p", str(spec), "--reader", "none"])
    assert r.exit_code == 2 and "no constraints" in r.stderr


def _big(rid: str, n: int) -> dict[str, Any]:
    return {"id": rid, "messages": [{"role": "user", "content": "go"}, {"role": "assistant", "content": "x" * n}]}


def test_an_oversized_trajectory_is_unknown_with_the_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "t.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in (_ok_record("a"), _big("huge", 5000), _ok_record("b"))))
    r = CliRunner().invoke(
        app, ["audit", str(f), "-p", "deception", "--reader", "none", "-f", "json", "--max-trace-bytes", "1000"]
    )
    doc = json.loads(r.stdout)
    by_id = {x["trace_id"]: x for x in doc["reports"]}
    assert set(by_id) == {"a", "huge", "b"} and r.exit_code in (1, 3)
    huge = by_id["huge"]
    assert huge["verdict"] == "UNKNOWN" and "--max-trace-bytes" in huge["skipped"]
    assert all("over the limit" in c["reason"] for c in huge["constraints"])
    assert by_id["a"]["skipped"] is None


class SlowReader:
    name = "slow"

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        time.sleep(0.3)
        return FactValue(name=fact.name, type=fact.type, value=None, source=self.name)


def test_a_slow_trajectory_is_unknown_in_the_main_thread_and_elsewhere() -> None:
    spec = load_policy("deception")
    trace = parse_record(_ok_record("slow"))
    limits = TraceLimits(max_bytes=None, timeout_s=0.1)
    t0 = time.monotonic()
    # every question asked (lazy=False): here the code facts decide alone, and a lazy judge would not ask
    report = judge_limited(trace, spec, limits, reader=SlowReader(), lazy=False)  # the timer interrupts the sleep
    assert report.verdict.value == "UNKNOWN" and "--trace-timeout" in (report.skipped or "")
    assert time.monotonic() - t0 < 0.3
    out: list[Any] = []
    worker = threading.Thread(
        target=lambda: out.append(judge_limited(trace, spec, limits, reader=SlowReader(), lazy=False))
    )
    worker.start()
    worker.join()
    assert "--trace-timeout" in (out[0].skipped or "")  # stopped at the next checkpoint


def test_verify_asks_the_reader_like_audit() -> None:
    trace = str(ROOT / "agents_traces" / "deception" / "examples.jsonl")
    r = CliRunner().invoke(app, ["verify", "deception", trace, "-b", "z3", "--reader", "none"])
    assert "reader none answers" in r.stdout and "stay UNKNOWN" in r.stdout
    a = CliRunner().invoke(app, ["audit", trace, "-p", "deception", "--reader", "none", "-f", "json"])
    v_lines = [ln for ln in r.stdout.splitlines() if ": " in ln and not ln.startswith(("spec", "reader"))]
    verdicts = {x["trace_id"]: x["verdict"] for x in json.loads(a.stdout)["reports"]}
    assert {ln.split(": ")[0]: ln.split(": ")[1].split()[0] for ln in v_lines} == verdicts
    assert "--reader" in CliRunner().invoke(app, ["verify", "--help"]).stdout


@pytest.mark.parametrize("pattern", ["(a+)+$", "(\\w+\\s?)*x", "(?:x|(a*)*)b"])
def test_a_spec_pattern_that_can_backtrack_badly_is_refused(pattern: str, tmp_path: Path) -> None:
    spec = tmp_path / "s.json"
    sel = {"kind": "tool_result", "text": pattern}
    spec.write_text(
        json.dumps(
            {
                "name": "redos",
                "facts": [],
                "constraints": [
                    {
                        "id": "c",
                        "sentence": "No x.",
                        "formula": {
                            "op": "not",
                            "arg": {"op": "exists", "var": "s", "where": sel, "body": {"op": "const", "value": True}},
                        },
                    }
                ],
            }
        )
    )
    trace = ROOT / "agents_traces" / "openai_transfer_confirmed.json"
    r = CliRunner().invoke(app, ["audit", str(trace), "-p", str(spec), "--reader", "none"])
    assert r.exit_code == 2 and "exponential time" in r.stderr, r.output


def test_accepted_spec_patterns_run_in_linear_time() -> None:
    from formaljudge.ir._pattern import compile_user, pattern_problem

    for p in ("transfer|pay(?:ment)?", "a{1,3}b", "(ab)+c", "[a-z]+@[a-z.]+"):
        assert pattern_problem(p) is None
    rx = compile_user("(ab)+c")
    t0 = time.perf_counter()
    assert rx.search("ab" * 200_000) is None
    assert time.perf_counter() - t0 < 2.0
