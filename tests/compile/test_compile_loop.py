"""The spec compiler's repair loop, with a scripted model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formaljudge.compile import CompileError, compile_policy, semantic_problems
from formaljudge.ir import PolicySpec
from formaljudge.llm import CachedLLM, ResponseCache
from formaljudge.policies import load_policy, parse_policy
from tests.scripted_llm import ScriptedLLM

POLICY = "Never transfer more than 1,000 without a confirmation from the user before it."
VALID = load_policy("payments").model_dump_json(exclude={"provenance"})


def _with(constraints: list[dict[str, object]], facts: list[dict[str, object]] | None = None) -> str:
    return json.dumps({"name": "p", "facts": facts or [], "constraints": constraints})


UNKNOWN_FACT = _with([{"id": "c", "sentence": "s", "formula": {"op": "fact", "name": "nope"}}])
BIG = {
    "op": "cmp",
    "cmp": ">",
    "left": {"op": "count", "where": {"kind": "tool_call"}},
    "right": {"op": "const", "value": 3},
}
CONTRADICTION = _with(
    [
        {"id": "a", "sentence": "more than three calls", "formula": BIG},
        {"id": "b", "sentence": "not more than three calls", "formula": {"op": "not", "arg": BIG}},
    ]
)


def test_invalid_specs_go_back_with_their_errors_until_one_is_valid() -> None:
    llm = ScriptedLLM("here you go: {not json}", UNKNOWN_FACT, CONTRADICTION, VALID)
    spec = compile_policy(POLICY, llm, name="payments", attempts=4)
    assert spec.hash == load_policy("payments").hash
    assert spec.provenance.author == "compiled" and spec.provenance.model == "scripted:script"
    assert spec.provenance.policy_text == POLICY and spec.provenance.prompt_hash
    last = llm.seen[-1]
    repairs = [m.content for m in last if m.role == "user"][1:]
    assert "not valid JSON" in repairs[0]
    assert "unknown fact 'nope'" in repairs[1]
    assert "contradict each other" in repairs[2] and "['a', 'b']" in repairs[2]
    assert [m.role for m in last] == ["user", "assistant", "user", "assistant", "user", "assistant", "user"]
    assert POLICY in last[0].content


def test_out_of_attempts_is_one_error_with_every_attempt() -> None:
    with pytest.raises(CompileError) as info:
        compile_policy(POLICY, ScriptedLLM("nothing", UNKNOWN_FACT), attempts=2)
    assert len(info.value.attempts) == 2
    assert "attempt 1" in str(info.value) and "no JSON object" in str(info.value)
    assert "attempt 2" in str(info.value) and "unknown fact" in str(info.value)


def test_semantic_checks() -> None:
    always = _with([{"id": "t", "sentence": "s", "formula": {"op": "or", "args": [BIG, {"op": "not", "arg": BIG}]}}])
    never = _with(
        [
            {
                "id": "f",
                "sentence": "s",
                "formula": {
                    "op": "cmp",
                    "cmp": "<",
                    "left": {"op": "count", "where": {}},
                    "right": {"op": "const", "value": 0},
                },
            }
        ]
    )
    assert semantic_problems(parse_policy(always)) == ["constraint 't' always holds: it checks nothing"]
    assert semantic_problems(parse_policy(never)) == ["constraint 'f' can never hold: no trace could satisfy it"]
    assert semantic_problems(load_policy("confidential")) == []


def test_a_cached_rerun_makes_no_calls(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    first = ScriptedLLM(UNKNOWN_FACT, VALID)
    compile_policy(POLICY, CachedLLM(first, cache))
    # the reply that failed validation was not cached, so it is asked again; the valid one comes from the cache
    again = ScriptedLLM(UNKNOWN_FACT)
    cached = CachedLLM(again, cache)
    spec = compile_policy(POLICY, cached)
    assert len(again.seen) == 1 and cached.usage.calls == 1 and cached.usage.cached_calls == 1
    assert spec.hash == load_policy("payments").hash


def test_backend_errors_go_back_for_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spec repair: the Dafny verifier's own error text on a candidate goes back to the model.

    Our emitter has produced a verifying program for every spec tried, so the failure is injected: for
    specs named 'broken' the emitted library gets a lemma that cannot be proved, and real Dafny rejects it.
    """
    import shutil

    if shutil.which("dafny") is None:
        pytest.skip("dafny is not installed")
    import formaljudge.backends._dafny_policy as dp
    from formaljudge.compile import backend_problems

    real = dp.emit_policy

    def emit(spec: PolicySpec) -> str:
        unprovable = "\nlemma Unprovable(x: int)\n  ensures x > x\n{\n}\n"
        return real(spec) + (unprovable if spec.name == "broken" else "")

    monkeypatch.setattr(dp, "emit_policy", emit)
    broken = json.loads(VALID) | {"name": "broken"}
    llm = ScriptedLLM(json.dumps(broken), VALID)
    spec = compile_policy(POLICY, llm, name="payments", attempts=2, extra_check=backend_problems("dafny"))
    assert spec.name == "payments"
    repair = [m.content for m in llm.seen[-1] if m.role == "user"][1]
    assert "Dafny rejected the emitted spec" in repair and "postcondition" in repair.lower()


def test_z3_backend_check_passes_a_decidable_spec() -> None:
    from formaljudge.compile import z3_problems

    assert z3_problems(load_policy("payments")) == []
