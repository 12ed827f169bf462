"""dafny_specs/ holds every shipped policy as Dafny: current, readable, and verified."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from formaljudge.backends._dafny_policy import dafny_string, emit_policy
from formaljudge.ir import Constraint, PolicySpec
from formaljudge.policies import load_policy, shipped, write_dafny_specs
from tests.backends.test_dafny import needs_dafny
from tests.conftest import ROOT

SPECS = ROOT / "dafny_specs"


def test_dafny_specs_are_current(tmp_path: Path) -> None:
    fresh = {p.name: p.read_text() for p in write_dafny_specs(tmp_path)}
    committed = {p.name: p.read_text() for p in SPECS.glob("*.dfy")}
    stale = sorted(n for n in fresh.keys() | committed.keys() if fresh.get(n) != committed.get(n))
    assert not stale, f"dafny_specs/ is stale for {stale}: run `formaljudge policies --write-dafny dafny_specs`"


def test_each_constraint_is_a_predicate_under_its_sentence() -> None:
    for name in shipped():
        spec = load_policy(name)
        text = emit_policy(spec)
        assert spec.hash in text
        for c in spec.constraints:
            at = text.index(f"predicate C_{c.id}(t: Trace)")
            assert c.sentence in text[:at].splitlines()[-1]


def test_spec_text_cannot_escape_comments_or_literals() -> None:
    evil = '"; } predicate X() { true } //\n*/ \u2028 é'
    spec = PolicySpec.model_validate(
        {
            "name": evil,
            "description": evil,
            "constraints": [
                Constraint.model_validate(
                    {
                        "id": "c",
                        "sentence": evil,
                        "formula": {
                            "op": "exists",
                            "where": {"kind": "tool_call", "tool": [evil], "text": evil},
                        },
                    }
                )
            ],
        }
    )
    code = [line for line in emit_policy(spec).splitlines() if not line.startswith("//")]
    assert not any("predicate X" in line for line in code)
    assert dafny_string('a"\\') == '"\\u0061\\u0022\\u005c"'


@needs_dafny
@pytest.mark.parametrize("name", shipped())
def test_dafny_specs_verify(name: str) -> None:
    proc = subprocess.run(
        ["dafny", "/compile:0", "/nologo", str(SPECS / f"{name}.dfy")], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0 and " 0 errors" in proc.stdout, proc.stdout[-2000:]
