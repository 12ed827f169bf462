"""The Dafny backend: emission is pure and safe; verdicts agree with Z3 when dafny is installed."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from formaljudge.backends import Verdict, _dafny
from formaljudge.backends._dafny import clean_output, read_verdicts, solve_dafny
from formaljudge.backends._dafny_emit import comment, emit_program, real_literal
from formaljudge.extract._ground import GCmp, GConst, GVar
from formaljudge.ir import Const, Constraint, FactType, PolicySpec
from formaljudge.judge import ground_trace, judge
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces
from tests.conftest import ROOT

HAS_DAFNY = shutil.which("dafny") is not None
needs_dafny = pytest.mark.skipif(
    not HAS_DAFNY, reason="dafny is not installed (apt-get install -y dafny); CI installs it"
)
HOSTILE = [
    "*/ } lemma X() ensures false {} /*",
    'a"b\\"c',
    "line1\nline2\r\n// x",
    "\u202eRTL \u2028 sep",
    "emoji \U0001f600",
    "\\u0022 \\x00",
    "const k0: bool := false",
]
SPEC = PolicySpec(
    name="s */ evil\nname",
    constraints=[Constraint(id="c", sentence="end */ of comment\nnext", formula=Const(value=True))],
)


def _string_case(value: str, other: str) -> list[tuple[Constraint, object]]:
    s = GVar("steps[1].args.to", FactType.STRING, value, f"to = {value}")
    return [(SPEC.constraints[0], GCmp("==", s, GConst(other, FactType.STRING)))]


def test_comments_cannot_be_escaped() -> None:
    for h in HOSTILE:
        c = comment(h)
        assert "\n" not in c and "\r" not in c and "\u2028" not in c
        assert c.isascii()


def test_hostile_strings_stay_out_of_code() -> None:
    prog = emit_program(SPEC, [(h, _string_case(h, h)) for h in HOSTILE])  # type: ignore[misc]
    code_lines = [line for line in prog.text.splitlines() if not line.strip().startswith("//")]
    for piece in ("lemma X", "*/", "line2", "emoji", "RTL", 'a"b', ":= false"):
        assert not any(piece in line for line in code_lines), piece
    assert prog.text.isascii()


def test_real_literals() -> None:
    assert real_literal(5400) == "5400.0"
    assert real_literal(84.2) == "(421.0 / 5.0)"
    assert real_literal(-0.5) == "(-(1.0 / 2.0))"


def test_output_parsing_is_never_a_pass() -> None:
    prog = emit_program(SPEC, [("t", [(SPEC.constraints[0], GConst(True, FactType.BOOL))])])
    verdicts, reason = read_verdicts(prog, "t.dfy(3,1): Error: invalid token\n1 parse errors detected in t.dfy", 2)
    assert verdicts == {} and "did not verify" in reason
    noisy = "Prover error: line 18 column 28: unknown parameter 'model_compress'\nLegal parameters are:\n  a (bool)\nok"
    assert clean_output(noisy) == "ok"


@needs_dafny
def test_hostile_strings_verify_with_right_verdicts() -> None:
    batch = [(f"t{i}", _string_case(h, h)) for i, h in enumerate(HOSTILE)]
    batch += [(f"u{i}", _string_case(h, "something else")) for i, h in enumerate(HOSTILE)]
    rows = solve_dafny(batch, SPEC)  # type: ignore[arg-type]
    assert [r[0].verdict for r in rows] == [Verdict.SATISFIED] * len(HOSTILE) + [Verdict.VIOLATED] * len(HOSTILE)


@needs_dafny
@pytest.mark.parametrize("policy", ["payments", "confidential"])
def test_dafny_agrees_with_z3_on_examples(policy: str) -> None:
    spec = load_policy(policy)
    traces = [t for f in sorted((ROOT / "agents_traces").iterdir()) for t in load_traces(f) if isinstance(t, Trace)]
    traces += [
        t for f in sorted((ROOT / "tests" / "golden").glob("*/trace.*")) for t in load_traces(f) if isinstance(t, Trace)
    ]
    rows = solve_dafny([(t.id, ground_trace(t, spec)[0]) for t in traces], spec)
    for t, row in zip(traces, rows, strict=True):
        z = judge(t, spec)
        assert [r.verdict for r in row] == [c.verdict for c in z.constraints], t.id


@needs_dafny
def test_emitted_file_verifies_by_hand(tmp_path) -> None:
    spec = load_policy("payments")
    [t] = [t for t in load_traces(ROOT / "agents_traces" / "openai_transfer_unconfirmed.json")]
    assert isinstance(t, Trace)
    out = tmp_path / "out.dfy"
    solve_dafny([(t.id, ground_trace(t, spec)[0])], spec, keep=out)
    proc = subprocess.run(["dafny", "/compile:0", str(out)], capture_output=True, text=True, timeout=300)
    assert "Dafny program verifier finished" in proc.stdout


@needs_dafny
def test_dafny_agrees_with_z3_on_generated_traces() -> None:
    """A few hundred generated trajectories, one verifier run."""
    import random

    from formaljudge.traces import parse_record

    rng = random.Random(7)
    spec = load_policy("payments")
    traces = []
    for n in range(200):
        msgs: list[dict[str, object]] = [{"role": "user", "content": rng.choice(["pay it", "yes, go ahead", "no"])}]
        for i in range(rng.randint(0, 4)):
            if rng.random() < 0.3:
                msgs.append({"role": "user", "content": rng.choice(["yes", "stop", "confirm"])})
            tool = rng.choice(["bank_transfer", "verify_identity", "pay", "read_file"])
            args = {"amount": rng.choice([5, 500, 1500, 4000, "2,500.00", "n/a"])} if rng.random() < 0.9 else {}
            msgs.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {"id": f"c{i}", "type": "function", "function": {"name": tool, "arguments": json.dumps(args)}}
                    ],
                }
            )
            msgs.append({"role": "tool", "tool_call_id": f"c{i}", "content": rng.choice(["ok", "Error: denied"])})
        traces.append(parse_record({"id": f"gen{n}", "messages": msgs}))
    batch = [(t.id, ground_trace(t, spec)[0]) for t in traces]
    seen: list[set[int]] = []
    original = _dafny.read_certificates

    def spy(program, output):  # type: ignore[no-untyped-def]
        seen.append(original(program, output))
        return seen[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_dafny, "read_certificates", spy)
        rows = solve_dafny(batch, spec)
    assert seen == [set(range(len(batch)))], "every certificate should verify: no second run"
    verdicts = set()
    for t, row in zip(traces, rows, strict=True):
        z = judge(t, spec)
        assert [r.verdict for r in row] == [c.verdict for c in z.constraints], t.id
        verdicts |= {r.verdict for r in row}
    assert verdicts == {Verdict.SATISFIED, Verdict.VIOLATED, Verdict.UNKNOWN}
    # the independent lemmas, with no prediction at all, reach the same verdicts
    sample = list(range(0, len(batch), 10))
    independent = solve_dafny([batch[i] for i in sample], spec, certify=False)
    assert [[r.verdict for r in rows[i]] for i in sample] == [[r.verdict for r in row] for row in independent]


@needs_dafny
def test_a_wrong_prediction_is_caught_and_redecided(monkeypatch) -> None:
    """Dafny checks Z3's predictions: a flipped one fails its certificate and is decided again."""
    from formaljudge.backends import _z3

    spec = load_policy("payments")
    traces = [t for f in sorted((ROOT / "agents_traces").iterdir()) for t in load_traces(f) if isinstance(t, Trace)]
    batch = [(t.id, ground_trace(t, spec)[0]) for t in traces]
    honest = solve_dafny(batch, spec)
    flip = {Verdict.SATISFIED: Verdict.VIOLATED, Verdict.VIOLATED: Verdict.SATISFIED, Verdict.UNKNOWN: Verdict.UNKNOWN}

    def lying(grounded, timeout_ms):  # type: ignore[no-untyped-def]
        out = _z3.solve_with_witnesses(grounded, timeout_ms=timeout_ms)
        return [
            _z3.Solved(s.result.model_copy(update={"verdict": flip[s.result.verdict]}), s.fails_with, s.holds_with)
            for s in out
        ]

    monkeypatch.setattr(_dafny, "solve_with_witnesses", lying)
    rows = solve_dafny(batch, spec)
    assert [[r.verdict for r in row] for row in rows] == [[r.verdict for r in row] for row in honest]
    assert all("proved it holds for some" not in r.reason for row in rows for r in row if r.verdict is Verdict.UNKNOWN)


def test_missing_dafny_gives_install_hint(monkeypatch) -> None:
    from typer.testing import CliRunner

    from formaljudge.backends import _dafny
    from formaljudge.cli import app

    monkeypatch.setattr(_dafny.shutil, "which", lambda _: None)
    _dafny.find_dafny.cache_clear()
    try:
        r = CliRunner().invoke(
            app, ["verify", "payments", str(ROOT / "agents_traces" / "anthropic_small_payment.json")]
        )
    finally:
        _dafny.find_dafny.cache_clear()
    assert r.exit_code == 2
    assert "apt-get install -y dafny" in r.stderr and "Traceback" not in r.output
