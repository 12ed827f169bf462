"""Decide, without a solver, the constraints that the known facts already settle.

A ground formula is evaluated three-valued (Kleene): true, false, or open
(it depends on an unknown atom). When it comes out true or false, every
assignment of the unknown atoms gives that value, so Z3 would answer
SATISFIED or VIOLATED; the atoms that forced the value are reported like
Z3's unsat core. Numbers are compared and added exactly (integers and
fractions, as Z3's reals), never as floats. Anything else is left to Z3:
an open value, a string ordering, a type mismatch. ``tests/backends``
checks the two against each other on every record of a corpus.

An open value is also final when each unknown atom is a yes/no fact that
occurs once in the formula, under and/or/not/implies only: such a
read-once formula really depends on its unknowns (both values are
reachable), so Z3 would answer UNKNOWN too.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar
from formaljudge.ir._facts import FactType

_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_NUMERIC = (FactType.INT, FactType.REAL, FactType.DATE)


class _Unsettled(Exception):
    """The formula uses something only the solver can decide."""


OPEN = None  # an undecided value
Value = Any  # bool, int, Fraction, str, or OPEN
Why = tuple[GVar, ...]


def settle(g: GExpr) -> tuple[bool | None, Why] | None:
    """(value, atoms that force it) when the known atoms decide ``g``; (None, ()) when ``g`` provably depends
    on its unknowns; None when only the solver can tell."""
    try:
        value, why = _eval(g)
    except _Unsettled:
        return None
    if value is OPEN:
        return (None, ()) if _read_once(g) else None
    return bool(value), _dedupe(why)


def _dedupe(why: Why) -> Why:
    if len(why) < 2:
        return why
    seen: dict[str, GVar] = {}
    for a in why:
        seen.setdefault(a.key, a)
    return tuple(seen.values())


def _const(value: Any, t: FactType) -> Value:
    match t:
        case FactType.BOOL:
            if not isinstance(value, bool):
                raise _Unsettled
            return value
        case FactType.INT | FactType.DATE:
            return int(value)
        case FactType.REAL:
            return Fraction(str(value)) if isinstance(value, float) else Fraction(int(value))
        case FactType.STRING:
            return str(value)
    raise _Unsettled


def _eval(g: GExpr) -> tuple[Value, Why]:
    rule = _RULES.get(type(g))
    if rule is None:
        raise _Unsettled
    return rule(g)


def _gconst(g: GConst) -> tuple[Value, Why]:
    return _const(g.value, g.type), ()


def _gvar(g: GVar) -> tuple[Value, Why]:
    return (OPEN, ()) if g.value is None else (_const(g.value, g.type), (g,))


def _gnot(g: GNot) -> tuple[Value, Why]:
    v, why = _eval(g.arg)
    return (OPEN if v is OPEN else not _bool(v)), why


def _gand(g: GAnd) -> tuple[Value, Why]:
    return _junction(g.args, stop=False)


def _gor(g: GOr) -> tuple[Value, Why]:
    return _junction(g.args, stop=True)


def _gimplies(g: GImplies) -> tuple[Value, Why]:
    lv, lwhy = _eval(g.left)
    if lv is not OPEN and not _bool(lv):
        return True, lwhy
    rv, rwhy = _eval(g.right)
    if rv is not OPEN and _bool(rv):
        return True, rwhy
    if lv is OPEN or rv is OPEN:
        return OPEN, ()
    return False, lwhy + rwhy


def _gcmp(g: GCmp) -> tuple[Value, Why]:
    lv, lwhy = _eval(g.left)
    rv, rwhy = _eval(g.right)
    if lv is OPEN or rv is OPEN:
        return OPEN, ()
    return _compare(g.op, lv, rv), lwhy + rwhy


def _garith(g: GArith) -> tuple[Value, Why]:
    fn, args = g.fn, g.args
    if not args:
        return 0, ()
    values: list[Value] = []
    because: Why = ()
    for a in args:
        v, w = _eval(a)
        if v is OPEN:
            return OPEN, ()
        if isinstance(v, (bool, str)):
            raise _Unsettled
        values.append(v)
        because += w
    out = values[0]
    for v in values[1:]:
        out = out + v if fn == "+" else out - v if fn == "-" else out * v if fn == "*" else _bad(fn)
    return out, because


_RULES: dict[type, Callable[[Any], tuple[Value, Why]]] = {
    GConst: _gconst,
    GVar: _gvar,
    GNot: _gnot,
    GAnd: _gand,
    GOr: _gor,
    GImplies: _gimplies,
    GCmp: _gcmp,
    GArith: _garith,
}


def _bad(fn: str) -> Value:
    raise _Unsettled


def _bool(v: Value) -> bool:
    if not isinstance(v, bool):
        raise _Unsettled
    return v


def _junction(args: tuple[GExpr, ...], *, stop: bool) -> tuple[Value, Why]:
    """``and`` (stop at the first false) or ``or`` (stop at the first true)."""
    all_why: Why = ()
    undecided = False
    for a in args:
        v, why = _eval(a)
        if v is OPEN:
            undecided = True
            continue
        if _bool(v) is stop:
            return stop, why
        all_why += why
    return (OPEN, ()) if undecided else (not stop, all_why)


def _compare(op: str, a: Value, b: Value) -> bool:
    for kind in (bool, str):  # only equality, between two of the same kind (Z3 orders strings its own way)
        if (isinstance(a, kind) or isinstance(b, kind)) and not (
            isinstance(a, kind) and isinstance(b, kind) and op in ("==", "!=")
        ):
            raise _Unsettled
    return bool(_CMP[op](a, b))


def _read_once(g: GExpr) -> bool:
    """Each unknown atom is a yes/no value that occurs once, under boolean connectives only."""
    seen: set[str] = set()  # atoms are one variable per key, as in the solver
    stack: list[GExpr] = [g]
    while stack:
        n = stack.pop()
        match n:
            case GConst() | GVar() if n.value is not None:
                continue
            case GVar(type=FactType.BOOL):
                if n.key in seen:
                    return False
                seen.add(n.key)
            case GNot(arg=a):
                stack.append(a)
            case GAnd(args=args) | GOr(args=args):
                stack.extend(args)
            case GImplies(left=lft, right=r):
                stack.extend((lft, r))
            case GCmp() | GArith():
                if _has_unknown(n):
                    return False
            case _:
                return False
    return True


def _has_unknown(g: GExpr) -> bool:
    match g:
        case GConst():
            return False
        case GVar(value=v):
            return v is None
        case GNot(arg=a):
            return _has_unknown(a)
        case GAnd(args=args) | GOr(args=args) | GArith(args=args):
            return any(_has_unknown(a) for a in args)
        case GImplies(left=lft, right=r) | GCmp(left=lft, right=r):
            return _has_unknown(lft) or _has_unknown(r)
    return True
