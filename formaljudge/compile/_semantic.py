"""Semantic checks of a spec with Z3: constraints that can never hold, always hold, or contradict each other.

Trace-level parts (quantifiers over steps, counts, sums, arguments, flows)
and facts become free variables of their type, one per distinct subterm.
That abstraction has more models than the real semantics, so what it proves
unsatisfiable or valid is so for every trace: no false alarms.
"""

from __future__ import annotations

import json
from typing import Any, assert_never

import z3

from formaljudge.backends._z3 import _coerce
from formaljudge.ir._facts import FactType
from formaljudge.ir._formula import (
    And,
    Arg,
    Arith,
    Cmp,
    Const,
    Count,
    Exists,
    Expr,
    FactRef,
    FlowsInto,
    ForAll,
    Implies,
    Matches,
    Not,
    Or,
    Sum,
    date_ordinal,
)
from formaljudge.ir._spec import PolicySpec


class _Abstract:
    def __init__(self, types: dict[str, FactType]) -> None:
        self.ctx = z3.Context()
        self.types = types
        self.vars: dict[str, Any] = {}
        self.counts: list[Any] = []  # never negative

    def var(self, e: Expr, t: FactType | None) -> Any:
        key = json.dumps(e.model_dump(mode="json"), sort_keys=True)
        if key not in self.vars:
            name = f"a{len(self.vars)}"
            ctx = self.ctx
            sort = (
                {
                    FactType.INT: z3.IntSort(ctx),
                    FactType.DATE: z3.IntSort(ctx),
                    FactType.REAL: z3.RealSort(ctx),
                    FactType.STRING: z3.StringSort(ctx),
                }.get(t)
                if t is not None
                else None
            )
            self.vars[key] = z3.Const(name, sort if sort is not None else z3.BoolSort(ctx))
        return self.vars[key]

    def __call__(self, e: Expr) -> Any:
        ctx = self.ctx
        match e:
            case Const(value=v, type=t):
                if t is FactType.DATE:
                    return z3.IntVal(date_ordinal(str(v)), ctx)
                if isinstance(v, bool):
                    return z3.BoolVal(v, ctx)
                if isinstance(v, int):
                    return z3.IntVal(v, ctx)
                if isinstance(v, float):
                    return z3.RealVal(str(v), ctx)
                return z3.StringVal(v, ctx)
            case FactRef(name=n):
                return self.var(e, self.types.get(n))
            case Not(arg=a):
                return z3.Not(self(a), ctx)
            case And(args=args):
                return z3.And([self(a) for a in args] + [z3.BoolVal(True, ctx)])
            case Or(args=args):
                return z3.Or([self(a) for a in args] + [z3.BoolVal(False, ctx)])
            case Implies(left=lft, right=r):
                return z3.Implies(self(lft), self(r), ctx)
            case Cmp(cmp=op, left=lft, right=r):
                a, b = _coerce(self(lft), self(r))
                return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
            case Arith(fn=fn, args=args):
                terms = _coerce(*[self(a) for a in args]) if args else (z3.IntVal(0, ctx),)
                out = terms[0]
                for t in terms[1:]:
                    out = out + t if fn == "+" else out - t if fn == "-" else out * t
                return out
            case ForAll() | Exists() | Matches() | FlowsInto():
                return self.var(e, FactType.BOOL)
            case Count():
                v = self.var(e, FactType.INT)
                self.counts.append(v)
                return v
            case Sum():
                return self.var(e, FactType.REAL)
            case Arg(type=t):
                return self.var(e, t)
            case _:
                assert_never(e)


def semantic_problems(spec: PolicySpec, *, timeout_ms: int = 2000) -> list[str]:
    """Constraints that no trace can satisfy, that every trace satisfies, and sets that contradict."""
    types = {f.name: f.type for f in spec.facts}
    ab = _Abstract(types)
    formulas = [(c.id, ab(c.formula)) for c in spec.constraints]
    solver = z3.Solver(ctx=ab.ctx)
    solver.set("timeout", timeout_ms)
    for v in ab.counts:
        solver.add(v >= 0)
    problems: list[str] = []
    for cid, phi in formulas:
        if solver.check(phi) == z3.unsat:
            problems.append(f"constraint {cid!r} can never hold: no trace could satisfy it")
        elif solver.check(z3.Not(phi, ab.ctx)) == z3.unsat:
            problems.append(f"constraint {cid!r} always holds: it checks nothing")
    if not problems and len(formulas) > 1:
        lits = {z3.Bool(f"c_{cid}", ab.ctx): cid for cid, _ in formulas}
        for lit, (_, phi) in zip(lits, formulas, strict=True):
            solver.add(z3.Implies(lit, phi))
        if solver.check(*lits) == z3.unsat:
            core = sorted(lits[x] for x in solver.unsat_core())
            problems.append(f"constraints {core} contradict each other: no trace could satisfy them all")
    return problems
