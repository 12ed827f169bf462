"""Z3 stays the authority: on every record of a corpus, what ``_settle`` decides without Z3 is what Z3 decides,
and the atoms it reports as forcing the verdict are enough for Z3 to reach it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from formaljudge.backends import Verdict
from formaljudge.backends._settle import settle
from formaljudge.backends._z3 import _solve_z3
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar
from formaljudge.ir import Constraint
from formaljudge.judge import ground_trace
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces
from tests.conftest import ASSEBENCH, ROOT

EXAMPLES = sorted((ROOT / "agents_traces").rglob("*.json*"))


def _forget(g: GExpr, keep: set[str]) -> GExpr:
    """``g`` with every known atom outside ``keep`` made unknown."""
    match g:
        case GVar():
            return g if g.value is None or g.key in keep else replace(g, value=None)
        case GConst():
            return g
        case GNot(arg=a):
            return GNot(_forget(a, keep))
        case GAnd(args=args):
            return GAnd(tuple(_forget(a, keep) for a in args))
        case GOr(args=args):
            return GOr(tuple(_forget(a, keep) for a in args))
        case GArith(fn=fn, args=args):
            return GArith(fn, tuple(_forget(a, keep) for a in args))
        case GImplies(left=lft, right=r):
            return GImplies(_forget(lft, keep), _forget(r, keep))
        case GCmp(op=op, left=lft, right=r):
            return GCmp(op, _forget(lft, keep), _forget(r, keep))
    raise AssertionError(g)


def _compare(traces: list[Trace], policy: str) -> tuple[int, int]:
    spec = load_policy(policy)
    settled = checked = 0
    for t in traces:
        grounded = ground_trace(t, spec)[0]
        authority = _solve_z3(grounded, 2000, False, ())
        shortcuts: list[tuple[Constraint, GExpr]] = []
        for (c, g), z in zip(grounded, authority, strict=True):
            checked += 1
            got = settle(g)
            if got is None:
                continue
            settled += 1
            value, why = got
            expected = {True: Verdict.SATISFIED, False: Verdict.VIOLATED, None: Verdict.UNKNOWN}[value]
            assert z.result.verdict is expected, (t.id, c.id)
            if value is not None:
                shortcuts.append((c, _forget(g, {a.key for a in why})))
        for c, g in shortcuts:  # one at a time: each forgets different atoms
            [z] = _solve_z3([(c, g)], 2000, False, ())
            assert z.result.verdict is not Verdict.UNKNOWN, f"{t.id} {c.id}: the forcing atoms do not decide it"
    return settled, checked


@pytest.mark.parametrize(
    "policy", ["payments", "confidential", "safety", "deception", str(ROOT / "benchmarks" / "ten_constraints.json")]
)
def test_settle_agrees_with_z3_on_the_examples(policy: str) -> None:
    traces = [t for f in EXAMPLES for t in load_traces(f) if isinstance(t, Trace)]
    settled, checked = _compare(traces, policy)
    assert checked and settled


@pytest.mark.skipif(not ASSEBENCH.exists(), reason="shared/data/assebench-security.json not present")
def test_settle_agrees_with_z3_on_every_assebench_record() -> None:
    traces = [t for t in load_traces(ASSEBENCH) if isinstance(t, Trace)]
    assert len(traces) == 817
    settled, checked = _compare(traces, str(ROOT / "benchmarks" / "ten_constraints.json"))
    assert settled / checked > 0.9
