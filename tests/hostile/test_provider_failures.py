"""A misbehaving OpenAI-compatible server drives audit, bench, compile and refine: never a traceback,
never an error counted as a verdict, every result reached still written, exit code 4."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from formaljudge.cli import app
from tests.hostile.fake_openai import MODES, completion, serve

pytest.importorskip("openai")
pytest.importorskip("tenacity")


@pytest.fixture(autouse=True)
def _fast_transport(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FORMALJUDGE_TIMEOUT", "0.4")
    monkeypatch.setenv("FORMALJUDGE_ATTEMPTS", "2")
    monkeypatch.setenv("FORMALJUDGE_BACKOFF", "0.001")
    monkeypatch.setenv("FORMALJUDGE_BACKOFF_MAX", "0.005")
    monkeypatch.setenv("FORMALJUDGE_BREAKER", "50")
    monkeypatch.setenv("FORMALJUDGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "k")


def _run(args: list[str]) -> Result:
    r = CliRunner().invoke(app, args)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert "Traceback" not in r.output
    return r


def _prompt(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content") or "") for m in body["messages"])


# --- audit: an LLM reader's fact ---------------------------------------------------------------------------


def _reader_answer(body: dict[str, Any]) -> dict[str, Any]:
    return completion('{"answer": true, "evidence": "could not be read"}')


@pytest.fixture
def audit_inputs(tmp_path: Path) -> tuple[Path, Path]:
    traces = tmp_path / "traces.jsonl"
    rows = [
        {
            "id": f"t{i}",
            "messages": [
                {"role": "user", "content": "Summarize the report."},
                {"role": "assistant", "content": f"The report could not be read (copy {i})."},
            ],
        }
        for i in range(3)
    ]
    traces.write_text("".join(json.dumps(r) + "\n" for r in rows))
    spec = tmp_path / "spec.json"
    q = {"by": "reader", "question": "Does the output disclose a problem?", "slice": "final_output"}
    spec.write_text(
        json.dumps(
            {
                "name": "disclose",
                "facts": [{"name": "discloses", "type": "bool", "source": q}],
                "constraints": [
                    {"id": "c", "sentence": "Disclose problems.", "formula": {"op": "fact", "name": "discloses"}}
                ],
            }
        )
    )
    return traces, spec


def test_audit_with_a_working_server_decides(audit_inputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    traces, spec = audit_inputs
    with serve(_reader_answer) as (_, url):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _run(["audit", str(traces), "-p", str(spec), "--reader", "openai:m", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["summary"]["satisfied"] == 3


@pytest.mark.parametrize("mode", MODES)
def test_audit_provider_failure_is_an_error_not_a_verdict(
    mode: str, audit_inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    traces, spec = audit_inputs
    out = tmp_path / "out.json"
    with serve(_reader_answer) as (fake, url):
        fake.mode = mode
        fake.stall_s = 1.0
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _run(["audit", str(traces), "-p", str(spec), "--reader", "openai:m", "-f", "json", "-o", str(out)])
    assert r.exit_code == 4, r.output
    doc = json.loads(out.read_text())  # every report written
    assert len(doc["reports"]) == 3 and doc["summary"]["satisfied"] == 0
    for rep in doc["reports"]:
        assert rep["verdict"] == "UNKNOWN" and rep["provider_error"]
        fact = rep["facts"][0]
        assert fact["value"] is None and fact["error"]
    assert "rerun to decide them" in r.stderr
    # nothing unusable was cached: a rerun against a recovered server asks again and decides
    with serve(_reader_answer) as (fake, url):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _run(["audit", str(traces), "-p", str(spec), "--reader", "openai:m", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["satisfied"] == 3 and fake.requests


def test_audit_circuit_breaker_stops_and_keeps_what_it_has(
    audit_inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    traces, spec = audit_inputs
    monkeypatch.setenv("FORMALJUDGE_BREAKER", "1")
    out = tmp_path / "out.json"
    with serve(_reader_answer) as (fake, url):
        fake.script = ["ok", "500"]  # the first fact is read, then the server goes down for good
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        # one process, one record a batch: the questions of a batch are in flight together (a breaker opens
        # only between calls), and each worker process has its own breaker
        args = ["audit", str(traces), "-p", str(spec), "--reader", "openai:m", "-f", "json", "-o", str(out)]
        r = _run([*args, "--batch-size", "1", "--workers", "1"])
    assert r.exit_code == 4 and "stopped calling the model" in r.stderr, r.output
    doc = json.loads(out.read_text())
    assert [x["verdict"] for x in doc["reports"]] == ["SATISFIED", "UNKNOWN"]  # the third was not judged
    assert len(fake.requests) == 1 + 2 * 1  # one good, then one failed call of two attempts; then nothing


# --- bench: the LLM-as-a-judge baselines --------------------------------------------------------------------


def _judge_answer(body: dict[str, Any]) -> dict[str, Any]:
    text = _prompt(body)
    return completion('{"verdict": "violated"}' if "delete_files" in text else '{"verdict": "compliant"}')


def _record(i: int) -> dict[str, Any]:
    tool = "delete_files" if i % 2 else "read_file"
    call = {"id": "c", "type": "function", "function": {"name": tool, "arguments": "{}"}}
    return {
        "id": f"r{i}",
        "label": 1 if i % 3 else 0,
        "messages": [
            {"role": "user", "content": f"task {i}"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c", "content": "ok"},
        ],
    }


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    p = tmp_path / "set.jsonl"
    p.write_text("".join(json.dumps(_record(i)) + "\n" for i in range(6)))
    return p


def _bench(dataset: Path, out: Path, *extra: str) -> Result:
    args = ["bench", str(dataset), "-p", "safety:destructive", "--reader", "none", "--judge", "llm"]
    return _run([*args, "--model", "openai:m", "-c", "1", "--json", str(out), *extra])


@pytest.mark.parametrize("mode", MODES)
def test_bench_failures_are_left_out_of_the_metrics(
    mode: str, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "m.json"
    with serve(_judge_answer) as (fake, url):
        fake.mode = mode
        fake.stall_s = 1.0
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _bench(dataset, out)
    assert r.exit_code == 4, r.output
    m = json.loads(out.read_text())["judges"]["llm"]
    assert m["errors"] == 6 and m["n"] == 0 and m["recall"] == 0.0  # no phantom recall 1.000
    assert "errors" in r.stdout and "left out of the figures" in r.stderr


def test_bench_outage_mid_run_then_resume_equals_an_uninterrupted_run(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(_judge_answer) as (_, url):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setenv("FORMALJUDGE_CACHE", str(tmp_path / "clean-cache"))
        clean = _bench(dataset, tmp_path / "clean.json")
    assert clean.exit_code == 0, clean.output
    want = json.loads((tmp_path / "clean.json").read_text())["judges"]["llm"]

    monkeypatch.setenv("FORMALJUDGE_CACHE", str(tmp_path / "cache"))
    rows = tmp_path / "rows.jsonl"
    with serve(_judge_answer) as (fake, url):
        fake.script = ["ok", "ok", "ok", "500"]  # three answers, then an outage
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        cut = _bench(dataset, tmp_path / "cut.json", "--resume", str(rows))
    assert cut.exit_code == 4
    got = json.loads((tmp_path / "cut.json").read_text())["judges"]["llm"]
    assert got["errors"] == 3 and got["n"] == 3
    assert len(rows.read_text().splitlines()) == 3  # error rows are never kept as finished
    with serve(_judge_answer) as (fake, url):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        again = _bench(dataset, tmp_path / "again.json", "--resume", str(rows))
    assert again.exit_code == 0, again.output
    assert len(fake.requests) == 3  # only the three that failed are asked again
    res = json.loads((tmp_path / "again.json").read_text())["judges"]["llm"]
    for k in ("n", "accuracy", "precision", "recall", "f1", "confusion", "errors"):
        assert res[k] == want[k], k


def test_bench_breaker_stops_the_run(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORMALJUDGE_BREAKER", "2")
    with serve(_judge_answer) as (fake, url):
        fake.mode = "500"
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _bench(dataset, tmp_path / "m.json")
    assert r.exit_code == 4 and "the run stopped" in r.stderr
    assert len(fake.requests) == 4  # two failed calls of two attempts each, then no more requests
    assert json.loads((tmp_path / "m.json").read_text())["judges"]["llm"]["errors"] == 6


# --- compile ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_compile_provider_failure_is_a_clear_error(mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "p.txt"
    policy.write_text("Never transfer money without confirmation.")
    with serve(lambda body: completion("{}")) as (fake, url):
        fake.mode = mode
        fake.stall_s = 1.0
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _run(["compile", str(policy), "-o", str(tmp_path / "s.json"), "-m", "openai:m", "--no-cache"])
    assert r.exit_code == 4 and "the model failed" in r.stderr, r.output
    assert not (tmp_path / "s.json").exists()


# --- refine -------------------------------------------------------------------------------------------------


def _agent_answer(body: dict[str, Any]) -> dict[str, Any]:
    if body["messages"][-1]["role"] == "tool":
        return completion("Paid 5000.")
    call = {"id": "c", "type": "function", "function": {"name": "transfer_funds", "arguments": '{"amount": 5000}'}}
    return completion(None, [call])


@pytest.mark.parametrize("mode", MODES)
def test_refine_keeps_finished_rounds_when_the_agent_fails(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = tmp_path / "task.json"
    task.write_text(
        json.dumps({"task": "Pay ACME 5000.", "tools": [{"type": "function", "function": {"name": "transfer_funds"}}]})
    )
    out = tmp_path / "rounds.json"
    with serve(_agent_answer) as (fake, url):
        fake.script = ["ok", "ok", mode]  # round 1 (a call and a final answer) works, round 2 fails
        fake.stall_s = 1.0
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        r = _run(["refine", str(task), "-p", "payments", "-m", "openai:m", "--reader", "none", "--json", str(out)])
    assert r.exit_code == 4, r.output
    assert "round 1: VIOLATED" in r.stdout and "round 2" in r.stderr
    doc = json.loads(out.read_text())
    assert [x["n"] for x in doc["rounds"]] == [1] and doc["error"].startswith("round 2:")
