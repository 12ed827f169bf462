"""Z3's answers, remembered per constraint: a check solves only the constraints whose open part changed.

After folding, what a constraint hands the solver is small (the proposed
step and the open future), and from one check to the next it is mostly the
same. The answer is a function of that ground formula alone (its atoms with
their values, labels and evidence, and the bounds on its open atoms), so it
is kept under a key that holds all of it; a formula that differs in any of
these is solved again. An answer not kept comes from Z3 (one constraint per
solver call, so a fresh guard hands Z3 exactly what a long-running one does),
or, for a constraint that two tried assignments of its unknowns show to go
both ways, is the UNKNOWN Z3 would give (``_witness``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import assert_never

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar, atoms_of
from formaljudge.guard._witness import two_ways
from formaljudge.ir._spec import Constraint

GAVE_UP = "solver gave up"  # the Z3 backend's reason for a timeout: never kept, the next check tries again


def shape(g: GExpr) -> Hashable:
    """Everything of ``g`` that Z3's answer and its report depend on, as a hashable value."""
    match g:
        case GConst(value=v, type=t):
            return ("c", type(v).__name__, v, t)
        case GVar():
            return ("v", g.key, g.type, type(g.value).__name__, g.value, g.label, g.source, g.evidence)
        case GNot(arg=a):
            return ("not", shape(a))
        case GAnd(args=args):
            return ("and", *(shape(a) for a in args))
        case GOr(args=args):
            return ("or", *(shape(a) for a in args))
        case GImplies(left=lft, right=r):
            return ("implies", shape(lft), shape(r))
        case GCmp(op=op, left=lft, right=r):
            return ("cmp", op, shape(lft), shape(r))
        case GArith(fn=fn, args=args):
            return ("arith", fn, *(shape(a) for a in args))
        case _:
            assert_never(g)


class SolvedCache:
    """Per-constraint Z3 answers under the shape of what was solved; the oldest go past ``size``."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.solved = 0  # Z3 calls made (for tests and the benchmark)
        self.witnessed = 0  # open constraints shown UNKNOWN by two assignments, without Z3
        self._kept: OrderedDict[Hashable, ConstraintResult] = OrderedDict()

    def solve(
        self, open_: list[tuple[Constraint, GExpr]], domain: tuple[GExpr, ...], timeout_ms: int
    ) -> list[ConstraintResult]:
        """Z3's verdict on each open constraint, with the bounds in ``domain`` that concern its atoms."""
        from formaljudge.backends._z3 import solve_z3

        out = []
        for c, g in open_:
            keys = {a.key for a in atoms_of(g)}
            bounds = tuple(d for d in domain if any(a.key in keys for a in atoms_of(d)))
            key = (c.id, c.sentence, c.category, shape(g), tuple(shape(d) for d in bounds))
            result = self._kept.get(key)
            if result is None:
                result = two_ways(c, g, bounds)
                if result is not None:
                    self.witnessed += 1
                else:
                    self.solved += 1
                    result = solve_z3([(c, g)], timeout_ms=timeout_ms, domain=bounds)[0]
                if not (result.verdict is Verdict.UNKNOWN and result.reason.startswith(GAVE_UP)):
                    self._kept[key] = result
                    if len(self._kept) > self.size:
                        self._kept.popitem(last=False)
            else:
                self._kept.move_to_end(key)
            out.append(result)
        return out
