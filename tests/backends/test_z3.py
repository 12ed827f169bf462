from formaljudge.backends import Verdict
from formaljudge.backends._z3 import solve_z3
from formaljudge.extract import Grounder, TraceContext
from formaljudge.extract._evidence import FactValue
from formaljudge.extract._ground import GAnd, GCmp, GConst, GNot, GOr, GVar
from formaljudge.ir import Const, Constraint, FactType
from formaljudge.traces import parse_record

C = Constraint(id="c", sentence="s", formula=Const(value=True))


def v(key, value, t=FactType.BOOL):
    return GVar(key, t, value, key)


def verdict(g):
    [r] = solve_z3([(C, g)])
    return r


def test_three_values() -> None:
    assert verdict(v("a", True)).verdict is Verdict.SATISFIED
    assert verdict(v("a", False)).verdict is Verdict.VIOLATED
    r = verdict(v("a", None))
    assert r.verdict is Verdict.UNKNOWN and r.depends_on == ["a"]


def test_unknown_that_cannot_matter_is_decided() -> None:
    a, u = v("a", False), v("u", None)
    # a false conjunct decides the conjunction whatever u is
    r = verdict(GAnd((a, u)))
    assert r.verdict is Verdict.VIOLATED and [f.key for f in r.forcing] == ["a"]
    # u or not u holds for every value of u
    assert verdict(GOr((u, GNot(u)))).verdict is Verdict.SATISFIED


def test_core_names_only_the_forcing_facts() -> None:
    x = v("x", 5000, FactType.REAL)
    noise = v("noise", True)
    g = GAnd((noise, GCmp("<=", x, GConst(1000, FactType.INT))))
    r = verdict(g)
    assert r.verdict is Verdict.VIOLATED
    assert {f.key for f in r.forcing} == {"x"}


def test_strings_are_data() -> None:
    evil = '") (assert false) (check-sat) ; \\ " \u202e */'
    s = v("s", evil, FactType.STRING)
    assert verdict(GCmp("==", s, GConst(evil, FactType.STRING))).verdict is Verdict.SATISFIED
    assert verdict(GCmp("==", s, GConst("other", FactType.STRING))).verdict is Verdict.VIOLATED


def test_timeout_is_unknown_never_a_pass() -> None:
    # a nonlinear problem with free variables: with a 1 ms budget the solver may give up
    import z3  # noqa: F401

    xs = [v(f"x{i}", None, FactType.INT) for i in range(6)]
    from formaljudge.extract._ground import GArith

    prod = GArith("*", tuple(xs))
    g = GAnd(
        (
            GCmp("==", prod, GConst(2**61 - 1, FactType.INT)),
            GCmp(">", xs[0], GConst(1, FactType.INT)),
            GCmp(">", xs[1], GConst(1, FactType.INT)),
        )
    )
    [r] = solve_z3([(C, g)], timeout_ms=1)
    assert r.verdict is not Verdict.SATISFIED


def test_grounded_forall_reports_steps() -> None:
    import json

    from formaljudge.ir import Arg, Cmp, Exists, ForAll, Implies, StepSelector
    from formaljudge.traces import StepKind

    trace = parse_record(
        [
            {"role": "user", "content": "pay"},
            {
                "role": "assistant",
                "tool_calls": [{"id": "1", "function": {"name": "pay", "arguments": json.dumps({"amount": 5})}}],
            },
            {"role": "user", "content": "yes"},
            {
                "role": "assistant",
                "tool_calls": [{"id": "2", "function": {"name": "pay", "arguments": json.dumps({"amount": 50})}}],
            },
        ]
    )
    f = ForAll(
        var="p",
        where=StepSelector(kind=StepKind.TOOL_CALL, tool=["pay"]),
        body=Implies(
            left=Cmp(cmp=">", left=Arg(var="p", path="amount", type=FactType.REAL), right=Const(value=10)),
            right=Exists(where=StepSelector(kind=StepKind.USER, text="^yes$", before="p")),
        ),
    )
    g = Grounder(TraceContext(trace), {}).ground(f)
    [r] = solve_z3([(C, g)])
    assert r.verdict is Verdict.SATISFIED
    f2 = f.model_copy(
        update={
            "body": f.body.model_copy(
                update={"right": Exists(where=StepSelector(kind=StepKind.USER, text="^no$", before="p"))}
            )
        }
    )
    [r2] = solve_z3([(C, Grounder(TraceContext(trace), {}).ground(f2))])
    assert r2.verdict is Verdict.VIOLATED
    assert r2.steps == ["steps[3]"]
    assert any("no user message" in f.label for f in r2.forcing)


def test_fact_values_feed_atoms() -> None:
    trace = parse_record([{"role": "user", "content": "x"}])
    facts = {"d": FactValue(name="d", type=FactType.DATE, value="2026-01-31")}
    from formaljudge.ir import Cmp, FactRef

    g = Grounder(TraceContext(trace), facts).ground(
        Cmp(cmp="<", left=FactRef(name="d"), right=Const(value="2026-02-01", type=FactType.DATE))
    )
    r = verdict(g)
    assert r.verdict is Verdict.SATISFIED and r.forcing[0].value == "2026-01-31"
