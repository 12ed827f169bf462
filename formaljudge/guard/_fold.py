"""Evaluate what is already known of a grounded formula, so the solver sees only what is open.

On a long trace most of a constraint is settled (every past transfer had
its confirmation); folding turns those parts into constants once, and the
guard caches them, so each check hands Z3 only the new step and the open
future.
"""

from __future__ import annotations

import operator
from typing import Any, assert_never

from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar
from formaljudge.ir._facts import FactType

_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_TRUE = GConst(True, FactType.BOOL)
_FALSE = GConst(False, FactType.BOOL)


def _b(v: bool) -> GConst:
    return _TRUE if v else _FALSE


def fold(g: GExpr) -> GExpr:
    """``g`` with every part whose atoms are all known replaced by its value."""
    match g:
        case GConst():
            return g
        case GVar(value=v, type=t):
            return g if v is None else GConst(v, t)
        case GNot(arg=a):
            fa = fold(a)
            return _b(not fa.value) if isinstance(fa, GConst) else GNot(fa)
        case GAnd(args=args):
            kept: list[GExpr] = []
            for a in args:
                fa = fold(a)
                if isinstance(fa, GConst):
                    if not fa.value:
                        return _FALSE
                    continue
                kept.append(fa)
            return GAnd(tuple(kept)) if kept else _TRUE
        case GOr(args=args):
            kept = []
            for a in args:
                fa = fold(a)
                if isinstance(fa, GConst):
                    if fa.value:
                        return _TRUE
                    continue
                kept.append(fa)
            return GOr(tuple(kept)) if kept else _FALSE
        case GImplies(left=lft, right=r):
            fl = fold(lft)
            if isinstance(fl, GConst) and not fl.value:
                return _TRUE
            fr = fold(r)
            if isinstance(fr, GConst) and fr.value:
                return _TRUE
            if isinstance(fl, GConst):
                return fr
            return GImplies(fl, fr)
        case GCmp(op=op, left=lft, right=r):
            fl, fr = fold(lft), fold(r)
            if isinstance(fl, GConst) and isinstance(fr, GConst):
                return _b(bool(_CMP[op](fl.value, fr.value)))
            return GCmp(op, fl, fr)
        case GArith(fn=fn, args=args):
            fargs = tuple(fold(a) for a in args)
            if all(isinstance(a, GConst) for a in fargs):
                return GConst(_arith(fn, [a.value for a in fargs if isinstance(a, GConst)]), _type(fargs))
            return GArith(fn, fargs)
        case _:
            assert_never(g)


def _arith(fn: str, values: list[Any]) -> Any:
    out = values[0]
    for v in values[1:]:
        out = out + v if fn == "+" else out - v if fn == "-" else out * v
    return out


def _type(args: tuple[GExpr, ...]) -> FactType:
    types = {a.type for a in args if isinstance(a, GConst)}
    return FactType.REAL if FactType.REAL in types else FactType.INT
