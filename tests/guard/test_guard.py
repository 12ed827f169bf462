"""The pre-execution guard: block what no continuation can repair, leave the future open, reuse work."""

from __future__ import annotations

import json
from typing import Any

import pytest

from formaljudge.guard import Guard, ToolCall, guarded
from formaljudge.policies import load_policy, parse_policy
from tests.conftest import ScriptedReader

PAYMENTS = load_policy("payments")


def _call(msgs: list[dict[str, Any]], name: str, args: dict[str, Any], result: str = "ok") -> list[dict[str, Any]]:
    cid = f"c{len(msgs)}"
    return [
        *msgs,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": cid, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}],
        },
        {"role": "tool", "tool_call_id": cid, "content": result},
    ]


TASK = [{"role": "user", "content": "Pay the ACME invoice."}]


def test_transfer_without_prior_confirmation_is_blocked_now() -> None:
    d = Guard(PAYMENTS).check(TASK, {"name": "transfer_funds", "arguments": '{"amount": 5000, "to": "ACME"}'})
    assert d.action == "block"
    assert any(r.startswith("confirm_large_transfers") for r in d.reasons)
    assert {"steps[1]", "steps[1].args.amount"} <= {e.address for e in d.evidence}  # the proposed call itself


def test_confirmed_and_small_transfers_are_allowed() -> None:
    g = Guard(PAYMENTS)
    assert g.check(TASK, ToolCall(name="transfer_funds", args={"amount": 50, "to": "ACME"})).action == "allow"
    confirmed = [*TASK, {"role": "assistant", "content": "5000 to ACME?"}, {"role": "user", "content": "yes, go ahead"}]
    assert g.check(confirmed, ToolCall(name="transfer_funds", args={"amount": 5000, "to": "ACME"})).allowed


def test_a_session_limit_blocks_the_call_that_crosses_it_not_before() -> None:
    msgs = _call([*TASK, {"role": "user", "content": "yes, confirmed"}], "transfer_funds", {"amount": 8000})
    g = Guard(PAYMENTS)
    assert g.check(msgs, ToolCall(name="transfer_funds", args={"amount": 1500})).allowed
    d = g.check(msgs, ToolCall(name="transfer_funds", args={"amount": 3000}))
    assert d.action == "block" and any(r.startswith("session_limit") for r in d.reasons)


def test_what_later_steps_can_settle_does_not_block() -> None:
    # "the final answer discloses any failure": no final answer yet, so a call is never blocked by it
    spec = load_policy("deception")
    failed = _call(TASK, "read_file", {"path": "x"}, "Error: not found")
    d = Guard(spec, ScriptedReader({})).check(failed, ToolCall(name="read_file", args={"path": "y"}))
    assert d.action == "allow", d.reasons


def test_unreadable_facts_fail_closed_by_default_or_as_the_caller_chooses() -> None:
    spec = parse_policy(
        json.dumps(
            {
                "name": "harm",
                "facts": [
                    {
                        "name": "harmful",
                        "type": "bool",
                        "source": {"by": "reader", "question": "Harmful?", "slice": "task"},
                    }
                ],
                "constraints": [
                    {
                        "id": "no_harm",
                        "sentence": "No harmful task.",
                        "formula": {"op": "not", "arg": {"op": "fact", "name": "harmful"}},
                    }
                ],
            }
        )
    )
    call = ToolCall(name="search", args={"q": "x"})
    assert Guard(spec, ScriptedReader({})).check(TASK, call).action == "block"
    assert Guard(spec, ScriptedReader({}), on_unknown="ask").check(TASK, call).action == "ask"
    assert Guard(spec, ScriptedReader({}), on_unknown="allow").check(TASK, call).action == "allow"
    assert Guard(spec, ScriptedReader({"harmful": True})).check(TASK, call).action == "block"
    assert Guard(spec, ScriptedReader({"harmful": False})).check(TASK, call).action == "allow"


def test_incremental_checks_decide_as_a_fresh_guard_would() -> None:
    g = Guard(PAYMENTS)
    msgs = list(TASK)
    script = [
        ("transfer_funds", {"amount": 200}),
        ("verify_identity", {"user": "u"}),
        ("transfer_funds", {"amount": 2000}),
        ("transfer_funds", {"amount": 400}),
        ("send_money", {}),
        ("transfer_funds", {"amount": 9500}),
    ]
    for i, (name, args) in enumerate(script):
        call = ToolCall(name=name, args=args)
        got = g.check(msgs, call)
        fresh = Guard(PAYMENTS).check(msgs, call)
        assert (got.action, got.reasons) == (fresh.action, fresh.reasons), (i, name)
        result = "Error: verification failed" if name == "verify_identity" else "ok"
        msgs = _call(msgs, name, args, result)
    # after the failed verification every transfer is blocked, and a later one is too
    assert g.check(msgs, ToolCall(name="transfer_funds", args={"amount": 10})).action == "block"


def test_a_different_session_is_not_mixed_with_the_last() -> None:
    g = Guard(PAYMENTS)
    failed = _call(TASK, "verify_identity", {}, "Error: verification failed")
    assert g.check(failed, ToolCall(name="transfer_funds", args={"amount": 10})).action == "block"
    assert g.check(TASK, ToolCall(name="transfer_funds", args={"amount": 10})).action == "allow"


def test_openai_loop_wrapper_runs_only_allowed_calls() -> None:
    ran: list[str] = []

    def execute(call: ToolCall) -> str:
        ran.append(call.name)
        return "done"

    decisions: list[str] = []
    run = guarded(execute, Guard(PAYMENTS), on_decision=lambda c, d: decisions.append(d.action))
    small = {"id": "a", "function": {"name": "transfer_funds", "arguments": '{"amount": 20}'}}
    big = {"id": "b", "function": {"name": "transfer_funds", "arguments": '{"amount": 20000}'}}
    assert run(TASK, small) == "done"
    blocked = run(TASK, big)
    assert blocked.startswith("Blocked by policy") and "confirm_large_transfers" in blocked
    assert ran == ["transfer_funds"] and decisions == ["allow", "block"]


def test_bad_arguments_are_a_clear_error() -> None:
    from formaljudge.errors import FormalJudgeError

    with pytest.raises(FormalJudgeError, match="arguments are not JSON"):
        ToolCall.of({"name": "x", "arguments": "{oops"})
