"""An open constraint shown to go both ways by two assignments of its unknowns, without a solver call.

A guard's open constraints are mostly of one shape: what is known so far
plus the open future (``total + more <= 10000``, ``more >= 0``). Z3 answers
UNKNOWN for such a constraint when it finds one assignment of the unknown
atoms, within their bounds, that makes it hold and one that makes it fail.
Here a few values are tried for each unknown atom (0, 1, -1 and a value
larger than any number in the formula; false and true), the formula is
evaluated exactly on each (``backends._settle``: integers and fractions, as
Z3's arithmetic), and when both outcomes turn up the verdict is UNKNOWN, as
Z3's would be: both checks are satisfiable, whatever else holds. Anything
else (no such pair found, a product of unknowns, a string, too many
unknowns) goes to Z3. The answer is a function of the formula alone, as
Z3's is; ``tests/guard`` holds the two to each other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, assert_never

from formaljudge.backends._settle import settle
from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar, atoms_of
from formaljudge.ir._facts import FactType
from formaljudge.ir._spec import Constraint

MAX_TRIES = 64  # assignments tried at most; more unknowns go to Z3
_NUMERIC = (FactType.INT, FactType.REAL, FactType.DATE)


def two_ways(c: Constraint, g: GExpr, bounds: tuple[GExpr, ...]) -> ConstraintResult | None:
    """Z3's UNKNOWN verdict on ``g`` under ``bounds`` when two tried assignments of its unknown atoms (one
    making it hold, one making it fail, both within the bounds) show it; None when they do not."""
    if settle(g) is not None:
        return None  # decided without a solver by ``solve_z3`` itself: its answer, as ever
    unknown: dict[str, GVar] = {}
    for e in (g, *bounds):
        for a in atoms_of(e):
            if a.value is None:
                unknown.setdefault(a.key, a)
    if not unknown or any(a.type not in (FactType.BOOL, *_NUMERIC) for a in unknown.values()):
        return None
    if any(_product_of_unknowns(e) for e in (g, *bounds)):
        return None  # nonlinear: Z3 may give up where a witness exists; keep its answer
    sizes = [m for e in (g, *bounds) for m in _magnitudes(e)]
    if any(m is None for m in sizes):
        return None  # a number that is not finite
    big = 10 * (1 + sum(m for m in sizes if m is not None))
    choices = [(False, True) if a.type is FactType.BOOL else (0, 1, -1, big, -big) for a in unknown.values()]
    tries = 1
    for ch in choices:
        tries *= len(ch)
    if tries > MAX_TRIES:
        return None
    holds = fails = False
    for values in itertools.product(*choices):
        given = dict(zip(unknown, values, strict=True))
        if not all(_value(b, given) is True for b in bounds):
            continue
        v = _value(g, given)
        if v is None:
            return None  # something only Z3 can evaluate
        holds, fails = holds or v, fails or not v
        if holds and fails:
            return ConstraintResult(
                id=c.id,
                sentence=c.sentence,
                category=c.category,
                verdict=Verdict.UNKNOWN,
                reason="depends on facts that could not be read",
                depends_on=[a.label for a in atoms_of(g) if a.value is None],
            )
    return None


def _value(g: GExpr, given: dict[str, Any]) -> bool | None:
    """``g``'s truth value with the unknown atoms given these values (None: not exactly evaluable)."""
    got = settle(_substitute(g, given))
    return None if got is None or got[0] is None else got[0]


def _substitute(g: GExpr, given: dict[str, Any]) -> GExpr:
    match g:
        case GConst():
            return g
        case GVar(value=None, key=k):
            return GConst(given[k], g.type)
        case GVar():
            return g
        case GNot(arg=a):
            return GNot(_substitute(a, given))
        case GAnd(args=args):
            return GAnd(tuple(_substitute(a, given) for a in args))
        case GOr(args=args):
            return GOr(tuple(_substitute(a, given) for a in args))
        case GImplies(left=lft, right=r):
            return GImplies(_substitute(lft, given), _substitute(r, given))
        case GCmp(op=op, left=lft, right=r):
            return GCmp(op, _substitute(lft, given), _substitute(r, given))
        case GArith(fn=fn, args=args):
            return GArith(fn, tuple(_substitute(a, given) for a in args))
        case _:
            assert_never(g)


def _nodes(g: GExpr) -> Iterator[GExpr]:
    stack = [g]
    while stack:
        n = stack.pop()
        yield n
        match n:
            case GNot(arg=a):
                stack.append(a)
            case GAnd(args=args) | GOr(args=args) | GArith(args=args):
                stack.extend(args)
            case GImplies(left=lft, right=r) | GCmp(left=lft, right=r):
                stack.extend((lft, r))


def _product_of_unknowns(g: GExpr) -> bool:
    """A product with an unknown factor: Z3 may find it nonlinear."""
    return any(isinstance(n, GArith) and n.fn not in ("+", "-") and any(_open(a) for a in n.args) for n in _nodes(g))


def _open(g: GExpr) -> bool:
    return any(isinstance(n, GVar) and n.value is None for n in _nodes(g))


def _magnitudes(g: GExpr) -> Iterator[int | None]:
    """A bound on the size of each number written in ``g`` (constants and known atoms); None for one that is
    not finite."""
    for n in _nodes(g):
        if isinstance(n, GConst | GVar) and n.value is not None and n.type in _NUMERIC:
            v = n.value
            if isinstance(v, float) and not math.isfinite(v):
                yield None
            elif isinstance(v, int | float | Fraction) and not isinstance(v, bool):
                yield math.floor(abs(Fraction(v))) + 1
