"""A guard that reuses its work across a session decides every call exactly as a fresh guard (no cache) does.

Sessions are replayed call by call; at each call the long-running guard's
decision (action, reasons, evidence, every constraint's verdict) is compared
with that of a new ``Guard(reuse=False)``, which parses, extracts and grounds
everything from scratch and hands Z3 every open constraint.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Literal

import pytest

from formaljudge.guard import Decision, Guard, ToolCall
from formaljudge.guard._history import History
from formaljudge.integrations.mcp import GuardedSession
from formaljudge.ir._spec import PolicySpec
from formaljudge.policies import load_policy
from formaljudge.traces import parse_record

ROOT = Path(__file__).resolve().parents[2]
TEN = load_policy(ROOT / "benchmarks" / "ten_constraints.json")
PAYMENTS = load_policy("payments")

Messages = list[dict[str, Any]]


def _fresh(spec: PolicySpec, on_unknown: Literal["allow", "block", "ask"] = "allow") -> Guard:
    return Guard(spec, on_unknown=on_unknown, reuse=False)


def _same(got: Decision, fresh: Decision, where: str) -> None:
    assert got.model_dump(exclude={"latency_ms"}) == fresh.model_dump(exclude={"latency_ms"}), where


def _call_msg(cid: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    fn = {"name": name, "arguments": json.dumps(args)}
    return {"role": "assistant", "content": None, "tool_calls": [{"id": cid, "type": "function", "function": fn}]}


def _proposals(i: int) -> tuple[str, dict[str, Any]]:
    """A varied session: reads, failing calls and their retries, small and large transfers, mail out and in,
    identity checks that fail, deletes, confidential results."""
    kinds = [
        ("read_file", {"path": f"/data/f{i % 4}.txt"}),
        ("transfer_funds", {"amount": [10, 2500, 40, 7000, -5][i % 5], "to": "acct-9"}),
        ("send_email", {"to": ["ops@acme.com", "x@evil.example"][i % 2], "body": f"status {i}"}),
        ("verify_identity", {"user": "u1"}),
        ("delete_file", {"path": f"/data/f{i}.txt"}),
        ("search_web", {"q": "acct-9 invoice"}),
    ]
    return kinds[(i * 7 + i // 3) % len(kinds)]


def _result(i: int, name: str) -> str:
    if name == "verify_identity" and i % 2:
        return "Error: verification failed"
    if i % 11 == 5:
        return "Error: timeout"
    if name == "read_file" and i % 5 == 2:
        return "INTERNAL ONLY: payroll for acct-9, do not distribute"
    return f"ok {i}: 3 rows, total 120.50"


def _replay(spec: PolicySpec, calls: int, *, obey: bool = True) -> tuple[Guard, Messages, int]:
    """Replays a session through one guard, comparing with a fresh guard at every call; gives the guard, the
    messages, and how many calls were blocked. ``obey=False``: a blocked call runs all the same (a guard that
    only watches), so the history itself holds violations."""
    guard = Guard(spec, on_unknown="allow")
    msgs: Messages = [{"role": "user", "content": "Tidy up the data folder and pay the small invoices."}]
    blocked = 0
    for i in range(calls):
        name, args = _proposals(i)
        call = ToolCall(name=name, args=args)
        got = guard.check(msgs, call)
        _same(got, _fresh(spec).check(msgs, call), f"call {i} ({name})")
        blocked += got.action == "block"
        if got.action == "block" and obey:
            msgs.append({"role": "assistant", "content": f"I may not run {name}."})
            continue
        msgs.append(_call_msg(f"c{i}", name, args))
        msgs.append({"role": "tool", "tool_call_id": f"c{i}", "content": _result(i, name)})
        if i % 9 == 8:
            msgs.append({"role": "user", "content": "yes, go ahead"})
    return guard, msgs, blocked


@pytest.mark.parametrize(("spec", "obey"), [(TEN, True), (TEN, False), (PAYMENTS, True), (PAYMENTS, False)])
def test_every_call_of_a_long_session_is_decided_as_a_fresh_guard_would(spec: PolicySpec, obey: bool) -> None:
    guard, _, blocked = _replay(spec, 60, obey=obey)
    assert 0 < blocked < 60  # the session exercises blocks and allows
    assert guard.history.full_parses == 1  # after the first call only new messages were parsed
    assert guard.solver.solved < 70 * len(spec.constraints) // 4  # Z3 was asked only what changed


def test_incremental_parse_is_the_full_parse() -> None:
    history = History()
    msgs: Messages = [{"role": "system", "content": "Be careful."}, {"role": "user", "content": "Pay ACME."}]
    for i in range(12):
        name, args = _proposals(i)
        msgs.append(_call_msg(f"c{i}", name, args))
        assert history.parse({"messages": msgs}) == parse_record({"messages": msgs}, allow_empty=True)
        msgs.append({"role": "tool", "tool_call_id": f"c{i}", "content": _result(i, name)})
        if i % 4 == 3:
            msgs.append({"role": "assistant", "content": "Paid so far."})  # a final answer, until more follows
        assert history.parse({"messages": msgs}) == parse_record({"messages": msgs}, allow_empty=True)
    assert history.full_parses == 1


def test_edited_history_is_parsed_and_decided_afresh() -> None:
    guard, msgs, _ = _replay(TEN, 20)
    before = guard.history.full_parses
    call = ToolCall(name="transfer_funds", args={"amount": 30, "to": "acct-9"})

    def check(messages: Messages) -> None:
        _same(guard.check(messages, call), _fresh(TEN).check(messages, call), "edited")

    # an earlier result changed in place (same list, same dict): it now holds a failed identity check
    victim = next(m for m in msgs if m["role"] == "tool")
    victim["content"] = "Error: verification failed"
    check(msgs)
    # the history cut short, then a different conversation of the same length
    check(msgs[:7])
    other = copy.deepcopy(msgs)
    other[0]["content"] = "Send the confidential payroll to x@evil.example."
    check(other)
    # a message with content parts appended (not a plain message): the record is read in full again
    check([*other, {"role": "user", "content": [{"type": "text", "text": "also pay acct-7"}]}])
    assert guard.history.full_parses == before + 4
    check(other)  # and it goes on growing from there
    assert guard.history.full_parses == before + 5


def test_parallel_calls_without_results_are_decided_as_a_fresh_guard_would() -> None:
    """Two calls in one assistant turn: the second is checked before the first has its result."""
    guard = Guard(TEN, on_unknown="allow")
    msgs: Messages = [{"role": "user", "content": "Pay the invoices."}]
    for i in range(6):
        first = {"id": f"a{i}", "type": "function", "function": {"name": "verify_identity", "arguments": "{}"}}
        turn = {"role": "assistant", "content": None, "tool_calls": [first]}
        second = ToolCall(name="transfer_funds", args={"amount": 10 + i, "to": "acct-9"})
        for messages in ([*msgs, turn], [*msgs, turn, {"role": "tool", "tool_call_id": f"a{i}", "content": "ok"}]):
            _same(guard.check(messages, second), _fresh(TEN).check(messages, second), str(i))
        result = "Error: verification failed" if i == 3 else "ok"
        msgs += [turn, {"role": "tool", "tool_call_id": f"a{i}", "content": result}]


def test_mcp_sessions_decide_as_a_fresh_guard_would(tmp_path: Path) -> None:
    session = GuardedSession(PAYMENTS, Guard(PAYMENTS), audit_log=tmp_path / "audit.jsonl")
    script = [
        ("get_balance", {"account": "a"}),
        ("transfer_money", {"amount": 200, "to": "Bob"}),
        ("transfer_money", {"amount": 5000, "to": "Eve"}),  # unconfirmed: blocked
        ("verify_identity", {"user": "u"}),
        ("transfer_money", {"amount": 50, "to": "Bob"}),  # after the failed verification: blocked
        ("get_balance", {"account": "b"}),
    ] * 3
    actions = []
    for i, (name, args) in enumerate(script):
        trace = session.trace()
        decision, call_id = session.decide(name, args)
        fresh = _fresh(PAYMENTS, "block").check(trace, ToolCall(name=name, args=args, id=call_id))
        _same(decision, fresh, f"call {i} ({name})")
        actions.append(decision.action)
        if decision.allowed:
            failed = name == "verify_identity"
            session.ran(call_id, name, args, "Error: verification failed" if failed else "ok", failed)
    session.close()
    assert "block" in actions and "allow" in actions
    # the audit log: each line is what json.dumps writes for its record, the trace judged at that call
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert lines == [json.dumps(r, ensure_ascii=False) for r in records]
    assert len(records) == len(script) + 1 and records[-1]["messages"] == session.messages
    for r in records[:-1]:
        assert r["messages"][:-1] == session.messages[: len(r["messages"]) - 1]
        assert r["messages"][-1]["tool_calls"][0]["function"]["name"] == r["gateway"]["tool"]
