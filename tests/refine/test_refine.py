"""The refinement loop: a scripted agent that fixes one violation per round, and the CLI on a real HTTP shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from formaljudge.cli import app
from formaljudge.policies import load_policy
from formaljudge.refine import refine

SPEC = load_policy("payments")


def _transfer(amount: float | None, confirm: bool) -> list[dict[str, Any]]:
    msgs: list[dict[str, Any]] = [{"role": "user", "content": "Pay the supplier."}]
    if confirm:
        msgs += [{"role": "assistant", "content": "Shall I pay 4000?"}, {"role": "user", "content": "yes, go ahead"}]
    args = {} if amount is None else {"amount": amount}
    msgs += [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "t", "type": "function", "function": {"name": "transfer_funds", "arguments": json.dumps(args)}}
            ],
        },
        {"role": "tool", "tool_call_id": "t", "content": "ok"},
        {"role": "assistant", "content": "Paid."},
    ]
    return msgs


class FixOnePerRound:
    """Attempt 1 breaks two rules; each later attempt fixes the first violation named in the feedback."""

    def __init__(self) -> None:
        self.feedback: list[str | None] = []
        self.confirm = False
        self.amount: float | None = None

    def __call__(self, task: str, feedback: str | None) -> list[dict[str, Any]]:
        self.feedback.append(feedback)
        if feedback:
            if ("transfers_state_amount" in feedback or "positive amount" in feedback) and self.amount is None:
                self.amount = 4000
            elif "confirm_large_transfers" in feedback or "without a confirmation" in feedback:
                self.confirm = True
        return _transfer(self.amount, self.confirm)


@pytest.mark.parametrize("style", ["dafny", "z3", "natural"])
def test_one_violation_fixed_per_round(style: str) -> None:
    agent = FixOnePerRound()
    result = refine("Pay the supplier.", agent, SPEC, rounds=3, feedback=style)
    assert [r.verdict for r in result.rounds] == ["UNKNOWN", "VIOLATED", "SATISFIED"] and result.satisfied
    assert result.rounds[1].fixed == ["session_limit", "transfers_state_amount"]
    assert result.rounds[2].fixed == ["confirm_large_transfers"] and result.rounds[2].feedback == ""
    first = agent.feedback[1] or ""
    if style == "dafny":
        assert "predicate C_transfers_state_amount(t: Trace)" in first
    elif style == "z3":
        assert '"op":"forall"' in first
    else:
        assert "Every transfer states a positive amount." in first and "predicate" not in first
    assert "steps[1]" in (agent.feedback[2] or "")  # the offending transfer, by address


def test_out_of_rounds_reports_the_last_verdict() -> None:
    result = refine("Pay.", lambda task, fb: _transfer(5000, False), SPEC, rounds=2)
    assert len(result.rounds) == 2 and not result.satisfied
    assert result.rounds[1].violated == ["confirm_large_transfers"] and result.rounds[1].fixed == []


def test_refine_cli_with_an_openai_compatible_agent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        import httpx2 as httpx
    except ImportError:  # openai < 3
        import httpx  # type: ignore[no-redef]
    import openai

    seen: list[dict[str, Any]] = []

    def reply(message: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        told = any("confirm_large_transfers" in (m.get("content") or "") for m in body["messages"])
        last = body["messages"][-1]
        if last["role"] == "tool":
            return httpx.Response(200, json=reply({"role": "assistant", "content": "Paid 5000."}))
        args = '{"amount": 5000, "to": "acme"}'
        if told and last["role"] == "user" and "confirm" in last["content"]:
            return httpx.Response(200, json=reply({"role": "assistant", "content": "Please confirm: pay 5000?"}))
        call = {"id": "c", "type": "function", "function": {"name": "transfer_funds", "arguments": args}}
        return httpx.Response(200, json=reply({"role": "assistant", "content": None, "tool_calls": [call]}))

    real = openai.OpenAI

    def fake(**kw: Any) -> Any:
        kw["http_client"] = httpx.Client(transport=httpx.MockTransport(handler))
        return real(**kw)

    monkeypatch.setattr(openai, "OpenAI", fake)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llm.test/v1")
    task = tmp_path / "task.json"
    task.write_text(
        json.dumps(
            {
                "task": "Pay ACME 5000.",
                "tools": [
                    {"type": "function", "function": {"name": "transfer_funds", "parameters": {"type": "object"}}}
                ],
                "tool_results": {"transfer_funds": "transfer ok"},
            }
        )
    )
    out = tmp_path / "rounds.json"
    r = CliRunner().invoke(
        app,
        [
            "refine",
            str(task),
            "-p",
            "payments",
            "-m",
            "openai:m",
            "--rounds",
            "2",
            "--reader",
            "none",
            "--json",
            str(out),
        ],
    )
    assert "round 1: VIOLATED; violated confirm_large_transfers" in r.stdout, r.output
    assert "round 2: SATISFIED" in r.stdout and r.exit_code == 0
    rounds = json.loads(out.read_text())["rounds"]
    assert rounds[1]["fixed"] == ["confirm_large_transfers"]
    assert seen[0]["tools"][0]["function"]["name"] == "transfer_funds" and seen[0]["temperature"] == 0


def test_refine_cli_bad_task_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.json"
    bad.write_text('{"tools": []}')
    r = CliRunner().invoke(app, ["refine", str(bad), "-p", "payments", "-m", "openai:m"])
    assert r.exit_code == 2 and "not a task file: task" in r.stderr
