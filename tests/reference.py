"""A plain Python evaluator of IR formulas over a concrete trace.

Deliberately naive and independent of grounding and of Z3: it walks the
formula directly. Selector matching, argument conversion and the flow graph
come from the extract layer (code-level reading is shared; the logic is not).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from formaljudge.extract import TraceContext
from formaljudge.extract._convert import convert
from formaljudge.ir import (
    And,
    Arg,
    Arith,
    Cmp,
    Const,
    Count,
    Exists,
    Expr,
    FactRef,
    FactType,
    FlowsInto,
    ForAll,
    Implies,
    Matches,
    Not,
    Or,
    Sum,
)
from formaljudge.traces._address import lookup


class Unknown(Exception):
    pass


def evaluate(e: Expr, ctx: TraceContext, facts: dict[str, Any], env: dict[str, int] | None = None) -> Any:
    env = env or {}
    ev = lambda x, en=env: evaluate(x, ctx, facts, en)  # noqa: E731
    if isinstance(e, Const):
        return date.fromisoformat(str(e.value)).toordinal() if e.type is FactType.DATE else e.value
    if isinstance(e, FactRef):
        if facts.get(e.name) is None:
            raise Unknown(e.name)
        return facts[e.name]
    if isinstance(e, Not):
        return not ev(e.arg)
    if isinstance(e, And):
        return all([ev(a) for a in e.args])
    if isinstance(e, Or):
        return any([ev(a) for a in e.args])
    if isinstance(e, Implies):
        return (not ev(e.left)) or ev(e.right)
    if isinstance(e, Cmp):
        a, b = ev(e.left), ev(e.right)
        return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[e.cmp]
    if isinstance(e, Arith):
        vals = [ev(a) for a in e.args]
        out = vals[0]
        for v in vals[1:]:
            out = out + v if e.fn == "+" else out - v if e.fn == "-" else out * v
        return out
    if isinstance(e, ForAll):
        return all([ev(e.body, {**env, e.var: s.index}) for s in ctx.select(e.where, env)])
    if isinstance(e, Exists):
        return any([ev(e.body, {**env, e.var: s.index}) for s in ctx.select(e.where, env)])
    if isinstance(e, Count):
        return len(ctx.select(e.where, env))
    if isinstance(e, Sum):
        return sum(_arg(ctx, s.index, e.path, FactType.REAL) for s in ctx.select(e.where, env))
    if isinstance(e, Arg):
        return _arg(ctx, env[e.var], e.path, e.type)
    if isinstance(e, Matches):
        return ctx.matches(ctx.trace.steps[env[e.var]], e.where, env)
    if isinstance(e, FlowsInto):
        sources = {s.index for s in ctx.select(e.source, env)}
        return any(p in sources for p in ctx.graph.predecessors(env[e.var]))
    raise TypeError(e)


def _arg(ctx: TraceContext, index: int, path: str, t: FactType) -> Any:
    try:
        v = convert(lookup(ctx.trace.steps[index].args, path), t)
    except KeyError:
        raise Unknown(path) from None
    if v is None:
        raise Unknown(path)
    return v
