"""What a guard keeps of a session's failures, sums and matches across checks gives what a fresh read gives.

A long session of failures and their recoveries (a retry of the same call, a
call the error advised, a rejected id put right, a date range asked again in
parts, the very same arguments sent to another tool), failures never made
good, calls made other than proposed, and parallel calls checked before the
first has its result, is replayed call by call. At every check each fact the
reusing guard read (its value, evidence and note) equals the fact read from
scratch on the same trace, and its decision equals ``Guard(reuse=False)``'s.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

import formaljudge.guard._guard as guard_module
from formaljudge.extract import TraceContext, extract_facts
from formaljudge.extract._evidence import FactValue
from formaljudge.guard import Guard, ToolCall
from formaljudge.ir._spec import PolicySpec
from formaljudge.policies import parse_policy
from formaljudge.traces import parse_record
from tests.guard.test_incremental import ROOT

Messages = list[dict[str, Any]]

_ERRORS = [
    {"name": "unrecovered_any", "kind": {"unrecovered": True}},
    {"name": "unrecovered_failure", "kind": {"unrecovered": True, "which": "failure"}},
    {"name": "unrecovered_empty", "kind": {"unrecovered": True, "which": "empty"}},
    {"name": "unrecovered_record", "kind": {"unrecovered": True, "where": {"tool": ["get_record*"]}}},
    {"name": "unrecovered_call", "kind": {"unrecovered": True, "where": {"kind": "tool_call"}}},
    {"name": "any_error", "kind": {}},
]


def _spec() -> PolicySpec:
    """The ten-constraint policy with tool-error facts of every shape, and matches over each slice."""
    raw = json.loads((ROOT / "benchmarks" / "ten_constraints.json").read_text(encoding="utf-8"))
    for e in _ERRORS:
        ex = {"kind": "tool_error", **e["kind"]}
        raw["facts"].append({"name": e["name"], "type": "bool", "source": {"by": "code", "extractor": ex}})
    for sl in ("user", "agent", "tool_calls", "task"):
        ex = {"kind": "text_matches", "slice": sl, "pattern": r"RX-44\d\d|acct-\d"}
        raw["facts"].append({"name": f"says_{sl}", "type": "bool", "source": {"by": "code", "extractor": ex}})
    ex = {"kind": "sum_arg", "where": {"kind": "tool_call", "tool": ["fetch_*"]}, "path": "limit"}
    raw["facts"].append({"name": "limits", "type": "real", "source": {"by": "code", "extractor": ex}})
    return parse_policy(json.dumps(raw), source="test")


SPEC = _spec()


def _turn(calls: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    tool_calls = [
        {"id": cid, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        for cid, name, args in calls
    ]
    return {"role": "assistant", "content": None, "tool_calls": tool_calls}


def _episode(rng: random.Random, i: int) -> list[tuple[str, dict[str, Any], str]]:
    """A few calls and their results: a failure and what follows it, or plain work."""
    rec = f"RX-44{rng.randint(10, 99)}"
    day = rng.randint(1, 9)
    kind = rng.randrange(9)
    if kind == 0:  # a timeout, retried with the same arguments (which may fail again)
        path = f"/data/f{rng.randrange(4)}.txt"
        again = "Error: timeout" if rng.random() < 0.3 else f"ok {i}"
        return [("read_file", {"path": path}, "Error: timeout"), ("read_file", {"path": path}, again)]
    if kind == 1:  # a rejected id put right (the user may name it later: then it was no correction)
        other = f"RX-44{rng.randint(10, 99)}"
        return [
            ("get_record", {"id": rec}, f"Error: record not found: unknown id {rec}"),
            ("get_record", {"id": other}, json.dumps({"id": other, "total": 12})),
        ]
    if kind == 2:  # a date range too large, asked again in parts (with a gap, sometimes)
        gap = rng.random() < 0.3
        month = {"from": f"2024-0{day}-01", "to": f"2024-0{day}-28", "limit": 5}
        return [
            ("fetch_report", month, "Error: range too large"),
            ("fetch_report", {"from": f"2024-0{day}-01", "to": f"2024-0{day}-14", "limit": 5}, "ok part one"),
            ("fetch_report", {"from": f"2024-0{day}-{17 if gap else 15}", "to": f"2024-0{day}-28"}, "ok part two"),
        ]
    if kind == 3:  # advice followed (or not)
        then = "spend_lookup" if rng.random() < 0.6 else "ledger_view"
        return [
            ("get_spend", {"year": 2020 + day}, "Error: endpoint retired; use spend_lookup"),
            (then, {"year": 2020 + day}, f"ok {i}"),
        ]
    if kind == 4:  # the very same arguments sent to another tool
        return [("kb_search", {"topic": f"t{day}"}, "Error: service unavailable"), ("wiki", {"topic": f"t{day}"}, "ok")]
    if kind == 5:  # a failure never made good, and an empty result
        return [("get_weather", {"city": f"c{day}"}, "Error: timeout"), ("list_files", {"dir": "/x"}, "[]")]
    if kind == 6:  # work that pays and reads
        return [("transfer_funds", {"amount": rng.choice([5, 40, 2000]), "to": "acct-9"}, f"ok {i}")]
    if kind == 7:  # a retry through a variant of the tool
        return [("kb_lookup", {"topic": f"t{day}"}, "Error: timeout"), ("kb_lookup_cached", {"topic": f"t{day}"}, "ok")]
    return [("send_email", {"to": "ops@acme.com", "body": f"status {i}"}, "sent")]


def _replay(seed: int, episodes: int) -> int:
    """Replays a session, comparing at every check; gives how many checks were made."""
    rng = random.Random(seed)
    guard = Guard(SPEC, on_unknown="allow")
    msgs: Messages = [{"role": "user", "content": "Reconcile the records and pay the small invoices."}]
    checks = 0

    def check(messages: Messages, name: str, args: dict[str, Any]) -> None:
        nonlocal checks
        call = ToolCall(name=name, args=args)
        got = guard.check(messages, call)
        fresh = Guard(SPEC, on_unknown="allow", reuse=False).check(messages, call)
        assert got.model_dump(exclude={"latency_ms"}) == fresh.model_dump(exclude={"latency_ms"}), checks
        checks += 1

    n = 0
    for i in range(episodes):
        for name, args, result in _episode(rng, i):
            cid = f"c{n}"
            n += 1
            if rng.random() < 0.15:  # proposed, then not made: another call runs in its place
                check(msgs, "read_file", {"path": "/data/f0.txt"})
            else:
                check(msgs, name, args)
            if rng.random() < 0.15:  # a parallel call, checked before the first has its result
                msgs.append(_turn([(cid, name, args), (f"{cid}b", "get_weather", {"city": "c1"})]))
                check(msgs, "get_weather", {"city": "c1"})
                msgs.append({"role": "tool", "tool_call_id": cid, "content": result})
                check(msgs, "list_files", {"dir": "/y"})
                msgs.append({"role": "tool", "tool_call_id": f"{cid}b", "content": "ok"})
            else:
                msgs.append(_turn([(cid, name, args)]))
                msgs.append({"role": "tool", "tool_call_id": cid, "content": result})
        if rng.random() < 0.25:  # the user names a record the agent may have put right: no correction then
            named = [m for m in msgs if m["role"] == "tool" and "unknown id" in (m["content"] or "")]
            said = rng.choice(named)["content"].split()[-1] if named else "acct-9"
            msgs.append({"role": "user", "content": f"yes, go ahead with {said}"})
    return checks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_long_session_of_failures_reads_every_fact_as_a_fresh_read(seed: int, monkeypatch: Any) -> None:
    compared = 0

    def extract(spec: PolicySpec, ctx: TraceContext, reader: Any) -> dict[str, FactValue]:
        nonlocal compared
        got = extract_facts(spec, ctx, reader)
        fresh = extract_facts(spec, TraceContext(ctx.trace), reader)
        for name, value in fresh.items():
            assert got[name] == value, (name, len(ctx.trace.steps), got[name], value)
        compared += 1
        return got

    monkeypatch.setattr(guard_module, "extract_facts", extract)
    checks = _replay(seed, 70)
    assert checks > 150 and compared == 2 * checks


def test_the_session_holds_what_it_should() -> None:
    """The replayed sessions have failures both made good and not (the comparison is not a vacuous one)."""
    seen: dict[str, set[Any]] = {e["name"]: set() for e in _ERRORS}
    real = guard_module.extract_facts

    def extract(spec: PolicySpec, ctx: TraceContext, reader: Any) -> dict[str, FactValue]:
        got = real(spec, ctx, reader)
        for name, found in seen.items():
            found.add((got[name].value, len(got[name].evidence)))
        return got

    guard_module.extract_facts = extract
    try:
        _replay(1, 70)
    finally:
        guard_module.extract_facts = real
    assert all(len(found) > 2 for found in seen.values()), seen


def test_work_kept_for_the_fixed_steps_only_holds_when_the_steps_after_them_change() -> None:
    """A caller that keeps ``store`` and ``recovery`` across traces and says that only the first ``fixed`` steps
    stay (the steps after them are redone: other calls, other results, results that make failures good) reads
    every fact as a fresh read does."""
    rng = random.Random(9)
    store: dict[Any, Any] = {}
    recovery: dict[int, Any] = {}
    msgs: Messages = [{"role": "user", "content": "Reconcile the records."}]
    n = 0
    scripted: list[tuple[list[tuple[str, dict[str, Any], str]], bool]] = [
        ([("read_file", {"path": "/z"}, "Error: timeout")], True),  # a failure among the fixed steps
        ([("read_file", {"path": "/z"}, "ok")], False),  # made good by steps that are then dropped
        ([("fetch_report", {"from": "2024-03-01", "to": "2024-03-31"}, "Error: range too large")], True),
        ([("fetch_report", {"from": "2024-03-01", "to": "2024-03-15"}, "ok")], True),
        ([("fetch_report", {"from": "2024-03-16", "to": "2024-03-31"}, "ok")], False),  # covered, then dropped
    ]
    for i in range(120):
        steps, keep = scripted[i] if i < len(scripted) else (_episode(rng, i), rng.random() < 0.5)
        tail: Messages = []
        for name, args, result in steps:
            cid = f"c{n}"
            n += 1
            tail += [_turn([(cid, name, args)]), {"role": "tool", "tool_call_id": cid, "content": result}]
        fixed = len(parse_record(msgs, allow_empty=True).steps)
        for cut in range(1, len(tail) + 1):  # the episode's steps after the fixed ones, growing
            trace = parse_record([*msgs, *tail[:cut]], allow_empty=True)
            ctx = TraceContext(trace, recovery=recovery, store=store, fixed=fixed)
            assert extract_facts(SPEC, ctx, None) == extract_facts(SPEC, TraceContext(trace), None), (i, cut)
        if keep:  # the steps become fixed; or other steps come in their place
            msgs += tail
