"""Property tests: Z3 verdicts agree with a plain evaluator; adapters fail only with our own error."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formaljudge.backends import Verdict
from formaljudge.errors import TraceParseError
from formaljudge.ir import (
    And,
    Arg,
    Arith,
    Cmp,
    Const,
    Constraint,
    Count,
    Exists,
    Expr,
    Fact,
    FactRef,
    FactType,
    FlowsInto,
    ForAll,
    Implies,
    Matches,
    Not,
    Or,
    PolicySpec,
    Question,
    StepSelector,
    Sum,
)
from formaljudge.judge import judge
from formaljudge.traces import StepKind, Trace, parse_json, parse_record
from tests.conftest import ScriptedReader
from tests.reference import Unknown, evaluate

TOOLS = ["pay", "transfer", "read", "send"]
BOOL_FACTS = ["b0", "b1", "b2"]
INT_FACTS = ["i0", "i1"]
FACTS = [Fact(name=n, type=FactType.BOOL, source=Question(question=n)) for n in BOOL_FACTS] + [
    Fact(name=n, type=FactType.INT, source=Question(question=n)) for n in INT_FACTS
]


@st.composite
def traces(draw: st.DrawFn) -> Trace:
    msgs: list[dict[str, Any]] = [{"role": "user", "content": draw(st.sampled_from(["do it", "yes go", "no"]))}]
    for i in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            msgs.append({"role": "user", "content": draw(st.sampled_from(["yes", "stop", "ok 42"]))})
        tool = draw(st.sampled_from(TOOLS))
        amount = draw(st.integers(-5, 60))
        msgs.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"c{i}",
                        "type": "function",
                        "function": {"name": tool, "arguments": json.dumps({"amount": amount})},
                    }
                ],
            }
        )
        msgs.append(
            {
                "role": "tool",
                "tool_call_id": f"c{i}",
                "content": draw(st.sampled_from(["ok", "Error: failed", "value 42", '{"error": "x"}'])),
            }
        )
    return parse_record(msgs)


def selectors(bound: list[str]) -> st.SearchStrategy[StepSelector]:
    order = st.sampled_from([{}] + [{"before": v} for v in bound] + [{"after": v} for v in bound])
    return st.builds(
        lambda kind, tool, err, extra: StepSelector(kind=kind, tool=tool, error=err, **extra),
        st.sampled_from([StepKind.TOOL_CALL, StepKind.USER, StepKind.TOOL_RESULT, None]),
        st.one_of(st.none(), st.lists(st.sampled_from([*TOOLS, "*a*"]), min_size=1, max_size=2)),
        st.sampled_from([None, True, False]),
        order,
    )


def int_exprs(bound: list[str], depth: int) -> st.SearchStrategy[Expr]:
    leaves: list[st.SearchStrategy[Any]] = [
        st.builds(lambda v: Const(value=v), st.integers(-3, 50)),
        st.builds(lambda n: FactRef(name=n), st.sampled_from(INT_FACTS)),
        st.builds(lambda s: Count(where=s), selectors(bound)),
    ]
    call_vars = [v for v in bound if v.startswith("c")]
    if call_vars:
        leaves.append(st.builds(lambda v: Arg(var=v, path="amount", type=FactType.INT), st.sampled_from(call_vars)))
    base = st.one_of(*leaves)
    if depth <= 0:
        return base
    sub = int_exprs(bound, depth - 1)
    return st.one_of(
        base, st.builds(lambda fn, a, b: Arith(fn=fn, args=[a, b]), st.sampled_from(["+", "-", "*"]), sub, sub)
    )


@st.composite
def bool_exprs(draw: st.DrawFn, bound: list[str], depth: int) -> Expr:
    choices = ["const", "fact", "cmp", "matches"] + (
        ["not", "and", "or", "implies", "forall", "exists", "sum"] if depth > 0 else []
    )
    if any(v.startswith("c") for v in bound):
        choices.append("flows")
    kind = draw(st.sampled_from(choices))
    sub = lambda b=bound: bool_exprs(b, depth - 1)  # noqa: E731
    match kind:
        case "const":
            return Const(value=draw(st.booleans()))
        case "fact":
            return FactRef(name=draw(st.sampled_from(BOOL_FACTS)))
        case "cmp":
            return Cmp(
                cmp=draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="])),
                left=draw(int_exprs(bound, 1)),
                right=draw(int_exprs(bound, 1)),
            )
        case "matches":
            if not bound:
                return Const(value=draw(st.booleans()))
            return Matches(var=draw(st.sampled_from(bound)), where=draw(selectors(bound)))
        case "flows":
            return FlowsInto(
                source=draw(selectors(bound)), var=draw(st.sampled_from([v for v in bound if v.startswith("c")]))
            )
        case "not":
            return Not(arg=draw(sub()))
        case "and":
            return And(args=draw(st.lists(sub(), max_size=3)))
        case "or":
            return Or(args=draw(st.lists(sub(), max_size=3)))
        case "implies":
            return Implies(left=draw(sub()), right=draw(sub()))
        case "sum":
            return Cmp(
                cmp=draw(st.sampled_from(["<=", ">"])),
                left=Sum(
                    where=StepSelector(
                        kind=StepKind.TOOL_CALL, tool=draw(st.lists(st.sampled_from(TOOLS), min_size=1, max_size=2))
                    ),
                    path="amount",
                ),
                right=Const(value=draw(st.integers(0, 100))),
            )
        case _:
            var = f"c{len(bound)}" if draw(st.booleans()) else f"s{len(bound)}"
            where = draw(selectors(bound))
            if var.startswith("c"):
                where = where.model_copy(update={"kind": StepKind.TOOL_CALL})
            body = draw(bool_exprs([*bound, var], depth - 1))
            return (ForAll if kind == "forall" else Exists)(var=var, where=where, body=body)


def _spec(formula: Expr) -> PolicySpec:
    return PolicySpec(name="prop", facts=FACTS, constraints=[Constraint(id="c", sentence="generated", formula=formula)])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    trace=traces(),
    formula=bool_exprs([], 3),
    bools=st.lists(st.booleans(), min_size=3, max_size=3),
    ints=st.lists(st.integers(-5, 50), min_size=2, max_size=2),
)
def test_z3_agrees_with_reference_on_concrete_traces(trace, formula, bools, ints) -> None:
    facts = dict(zip(BOOL_FACTS, bools, strict=True)) | dict(zip(INT_FACTS, ints, strict=True))
    report = judge(trace, _spec(formula), reader=ScriptedReader(facts))
    from formaljudge.extract import TraceContext

    expected = evaluate(formula, TraceContext(trace), facts)
    assert report.constraints[0].verdict is (Verdict.SATISFIED if expected else Verdict.VIOLATED)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    trace=traces(),
    formula=bool_exprs([], 2),
    known=st.lists(st.sampled_from([True, False, None]), min_size=3, max_size=3),
    ints=st.lists(st.integers(-5, 50), min_size=2, max_size=2),
)
def test_z3_three_valued_matches_brute_force(trace, formula, known, ints) -> None:
    """With some bool facts unknown, the verdict is what holds for every value of them."""
    from formaljudge.extract import TraceContext

    facts: dict[str, Any] = dict(zip(BOOL_FACTS, known, strict=True)) | dict(zip(INT_FACTS, ints, strict=True))
    report = judge(trace, _spec(formula), reader=ScriptedReader(facts))
    free = [n for n in BOOL_FACTS if facts[n] is None]
    ctx = TraceContext(trace)
    outcomes = set()
    for values in itertools.product([True, False], repeat=len(free)):
        try:
            outcomes.add(bool(evaluate(formula, ctx, facts | dict(zip(free, values, strict=True)))))
        except Unknown:
            outcomes.add(None)
    expected = Verdict.SATISFIED if outcomes == {True} else Verdict.VIOLATED if outcomes == {False} else Verdict.UNKNOWN
    assert report.constraints[0].verdict is expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "role",
                    "content",
                    "messages",
                    "contents",
                    "tool_calls",
                    "function",
                    "name",
                    "arguments",
                    "type",
                    "id",
                    "thought",
                    "action",
                    "tool_use_id",
                    "input",
                    "system",
                    "format",
                    "text",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(value=json_values)
def test_adapters_fail_only_with_parse_error(value) -> None:
    for item in parse_json(value, source="fuzz.json"):
        assert isinstance(item, (Trace, TraceParseError))


@settings(max_examples=200, deadline=None)
@given(action=st.text(max_size=60))
def test_action_parser_never_crashes(action) -> None:
    from formaljudge.traces import parse_action

    out = parse_action(action)
    assert out is None or isinstance(out[1], dict)
