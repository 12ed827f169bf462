import json

import pytest
from pydantic import ValidationError

from formaljudge.errors import SpecError
from formaljudge.ir import (
    And,
    Arg,
    Cmp,
    Code,
    Const,
    Constraint,
    Count,
    Exists,
    Fact,
    FactRef,
    FactType,
    ForAll,
    Implies,
    PolicySpec,
    Question,
    StepSelector,
    ToolCalled,
)
from formaljudge.policies import load_policy, parse_policy, shipped
from formaljudge.traces import StepKind


def _spec() -> PolicySpec:
    return PolicySpec(
        name="t",
        facts=[
            Fact(name="paid", type=FactType.BOOL, source=Code(extractor=ToolCalled(where=StepSelector(tool=["pay"])))),
            Fact(name="honest", type=FactType.BOOL, source=Question(question="Is the answer honest?")),
        ],
        constraints=[
            Constraint(
                id="c1",
                sentence="Pay only when honest.",
                formula=Implies(left=FactRef(name="paid"), right=FactRef(name="honest")),
            ),
            Constraint(
                id="c2",
                sentence="Every pay call over 10 has a yes before it.",
                formula=ForAll(
                    var="p",
                    where=StepSelector(kind=StepKind.TOOL_CALL, tool=["pay"]),
                    body=Implies(
                        left=Cmp(cmp=">", left=Arg(var="p", path="amount", type=FactType.REAL), right=Const(value=10)),
                        right=Exists(var="y", where=StepSelector(kind=StepKind.USER, text="yes", before="p")),
                    ),
                ),
            ),
        ],
    )


def test_round_trip_and_hash() -> None:
    spec = _spec()
    text = spec.to_json()
    back = parse_policy(text)
    assert back == spec
    assert back.hash == spec.hash == json.loads(text)["hash"]
    assert len(spec.hash) == 16


def test_hash_tracks_content_not_provenance() -> None:
    a = _spec()
    b = a.model_copy(update={"provenance": a.provenance.model_copy(update={"author": "someone else"})})
    assert a.hash == b.hash
    c = PolicySpec.model_validate({**json.loads(a.to_json()), "name": "other"})
    assert c.hash != a.hash


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        (FactRef(name="nope"), "unknown fact 'nope'"),
        (Cmp(cmp="<", left=Const(value="a"), right=Const(value="b")), "support only == and !="),
        (Cmp(cmp="==", left=Const(value=1), right=Const(value="b")), "cannot compare int with string"),
        (Count(where=StepSelector()), "formula is int, not bool"),
        (And(args=[Const(value=1)]), "and needs bool operands"),
        (Arg(var="z", path="a", type=FactType.BOOL), "unbound variable 'z'"),
        (Exists(where=StepSelector(before="q")), "unbound variable 'q'"),
        (Exists(where=StepSelector(text="(")), "bad regular expression"),
        (
            Cmp(
                cmp=">",
                left=Const(value="2026-13-01", type=FactType.DATE),
                right=Const(value="2026-01-01", type=FactType.DATE),
            ),
            "not an ISO date",
        ),
    ],
)
def test_typecheck_rejects(formula, message) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace("[", r"\[")):
        PolicySpec(name="bad", constraints=[Constraint(id="c", sentence="s", formula=formula)])


def test_duplicate_names_rejected() -> None:
    f = Fact(name="a", type=FactType.BOOL, source=Question(question="?"))
    with pytest.raises(ValidationError, match="defined twice"):
        PolicySpec(name="d", facts=[f, f], constraints=[])


def test_ir_does_not_import_solver() -> None:
    import subprocess
    import sys

    code = "import sys, formaljudge.ir, formaljudge.traces; print('z3' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_shipped_policies_load() -> None:
    assert {"payments", "confidential"} <= set(shipped())
    for name in shipped():
        assert load_policy(name).constraints


def test_bad_policy_file_is_a_clear_error(tmp_path) -> None:
    p = tmp_path / "p.json"
    p.write_text('{"name": "x", "constraints": [{"id": "c", "sentence": "s", "formula": {"op": "fact", "name": "q"}}]}')
    with pytest.raises(SpecError, match="unknown fact 'q'"):
        load_policy(p)
    with pytest.raises(SpecError, match="no such policy file"):
        load_policy(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{oops")
    with pytest.raises(SpecError, match="not valid JSON"):
        load_policy(tmp_path / "bad.json")
