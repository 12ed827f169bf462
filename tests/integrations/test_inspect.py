"""Inspect AI: a real task run offline on mockllm, scored by the scorer, its .eval log audited by the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

pytest.importorskip("inspect_ai")

from typer.testing import CliRunner

from formaljudge.cli import app
from formaljudge.traces import load_traces

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def eval_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs examples/inspect_task.py's task once: three samples, one per verdict."""
    import os
    import sys

    logs = tmp_path_factory.mktemp("inspect-logs")
    sys.path.insert(0, str(ROOT / "examples"))
    old = os.environ.get("INSPECT_LOG_DIR")
    os.environ["INSPECT_LOG_DIR"] = str(logs)  # nothing may land in the working directory
    try:
        from inspect_task import run

        log = run(str(logs))
    finally:
        sys.path.pop(0)
        if old is None:
            os.environ.pop("INSPECT_LOG_DIR", None)
        else:
            os.environ["INSPECT_LOG_DIR"] = old
    assert log.status == "success", log.error
    return Path(log.location)


def _scores(path: Path) -> dict[str, object]:
    from inspect_ai.log import read_eval_log

    log = read_eval_log(path)
    return {str(s.id): s.scores["formaljudge_scorer"] for s in log.samples or []}


def test_scorer_verdicts_and_metadata(eval_log: Path) -> None:
    scores = _scores(eval_log)
    big, small, unknown = scores["unconfirmed-2500"], scores["courier-40"], scores["no-amount"]
    assert big.value == "I" and big.metadata["verdict"] == "VIOLATED"
    assert [c["id"] for c in big.metadata["violated"]] == ["confirm_large_transfers"]
    evidence = big.metadata["violated"][0]["evidence"]
    assert any(e["origin"].startswith("messages[1].tool_calls[0]") for e in evidence)
    assert "steps[" in big.explanation and "confirm_large_transfers" in big.explanation
    assert small.value == "C" and small.metadata["verdict"] == "SATISFIED"
    # UNKNOWN is never a pass: unscored (NaN), skipped by the metrics, the verdict kept in metadata
    assert isinstance(unknown.value, float) and math.isnan(unknown.value)
    assert unknown.metadata["verdict"] == "UNKNOWN" and unknown.reason == "inconclusive"
    from inspect_ai.log import read_eval_log

    results = read_eval_log(eval_log, header_only=True).results
    assert results is not None
    score = results.scores[0]
    assert score.unscored_samples == 1 and score.scored_samples == 2
    assert score.metrics["accuracy"].value == pytest.approx(0.5)


def test_cli_audits_the_eval_log_with_the_same_verdicts(eval_log: Path) -> None:
    r = CliRunner().invoke(app, ["audit", str(eval_log), "-p", "payments", "--reader", "none", "-f", "json"])
    assert r.exit_code == 1, r.output  # one sample violates the policy
    doc = json.loads(r.stdout)
    by_id = {rep["trace_id"]: rep["verdict"] for rep in doc["reports"]}
    scorer = {k: v.metadata["verdict"] for k, v in _scores(eval_log).items()}
    assert by_id == scorer == {"unconfirmed-2500": "VIOLATED", "courier-40": "SATISFIED", "no-amount": "UNKNOWN"}


def test_log_traces_keep_sample_ids_tools_and_errors(eval_log: Path) -> None:
    traces = list(load_traces(eval_log))
    assert [t.id for t in traces if not isinstance(t, Exception)] == ["unconfirmed-2500", "courier-40", "no-amount"]
    t = traces[0]
    assert not isinstance(t, Exception)
    assert t.format == "inspect" and t.metadata["inspect"]["sample_id"] == "unconfirmed-2500"
    assert {x["name"] for x in t.metadata["tools"]} == {"transfer_money", "get_balance"}
    failed = traces[2]
    assert not isinstance(failed, Exception)
    results = [s for s in failed.steps if s.kind.value == "tool_result"]
    assert results and results[0].error is True  # Inspect's ToolCallError is the error flag


def test_bad_eval_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.eval"
    bad.write_bytes(b"not a zip archive")
    [err] = list(load_traces(bad))
    assert isinstance(err, Exception) and "broken.eval" in str(err) and "Inspect log" in str(err)
