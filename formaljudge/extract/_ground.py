"""Ground a formula over one trace: trace-level operators become plain logic.

The result is a small expression tree whose leaves are constants and atoms
(``GVar``). An atom is a fact or a per-step value such as
``steps[3].args.amount``; it carries its value when code or a reader knew
it (``None`` = unknown) and the evidence for it. Solver backends translate
this tree; they never see the trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, assert_never

from formaljudge.extract._context import Env, TraceContext, describe
from formaljudge.extract._convert import convert
from formaljudge.extract._evidence import Evidence, FactValue
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
from formaljudge.traces._address import lookup
from formaljudge.traces._model import Step

_TRUE = Const(value=True)


@dataclass(frozen=True, slots=True)
class GConst:
    value: Any
    type: FactType


@dataclass(frozen=True, slots=True, eq=False)
class GVar:
    key: str
    type: FactType
    value: Any  # None = unknown; dates as day numbers
    label: str
    evidence: tuple[Evidence, ...] = ()
    source: str = "code"


@dataclass(frozen=True, slots=True)
class GNot:
    arg: GExpr


@dataclass(frozen=True, slots=True)
class GAnd:
    args: tuple[GExpr, ...]


@dataclass(frozen=True, slots=True)
class GOr:
    args: tuple[GExpr, ...]


@dataclass(frozen=True, slots=True)
class GImplies:
    left: GExpr
    right: GExpr


@dataclass(frozen=True, slots=True)
class GCmp:
    op: str
    left: GExpr
    right: GExpr


@dataclass(frozen=True, slots=True)
class GArith:
    fn: str
    args: tuple[GExpr, ...]


GExpr = GConst | GVar | GNot | GAnd | GOr | GImplies | GCmp | GArith


@dataclass
class Grounder:
    """Grounds formulas for one trace; atoms are shared across constraints."""

    ctx: TraceContext
    facts: dict[str, FactValue]
    atoms: dict[str, GVar] = field(default_factory=dict)

    def _atom(
        self, key: str, t: FactType, value: Any, label: str, evidence: tuple[Evidence, ...] = (), source: str = "code"
    ) -> GVar:
        if key not in self.atoms:
            self.atoms[key] = GVar(key, t, value, label, evidence, source)
        return self.atoms[key]

    def fact(self, name: str) -> GVar:
        got = self.atoms.get(f"fact:{name}")
        if got is not None:
            return got
        fv = self.facts[name]
        value = fv.value
        if value is not None and fv.type is FactType.DATE and not isinstance(value, int):
            value = date_ordinal(str(value))
        return self._atom(f"fact:{name}", fv.type, value, name, tuple(fv.evidence), fv.source)

    def ground(self, e: Expr, env: Env | None = None) -> GExpr:
        rule = _RULES.get(type(e))
        if rule is None:
            raise AssertionError(f"Expected code to be unreachable, but got: {e!r}")
        return rule(self, e, env or {})

    def _is(self, s: Step, desc: str) -> GVar:
        """The atom 'step s is a <desc>' (true: s was selected as one)."""
        key = f"{s.address} is {desc}"
        got = self.atoms.get(key)
        if got is None:
            got = self.atoms[key] = GVar(key, FactType.BOOL, True, f"{s.address} is a {desc}", (Evidence.of(s),))
        return got

    def _arg(self, index: int, path: str, t: FactType) -> GVar:
        s = self.ctx.trace.steps[index]
        addr = s.field_address(f"args.{path}")
        key = f"{addr}:{t.value}"
        if key in self.atoms:
            return self.atoms[key]
        try:
            raw = lookup(s.args, path)
        except KeyError:
            return self._atom(key, t, None, f"{addr} (absent)", (Evidence.of(s, note=f"no argument {path}"),))
        value = convert(raw, t)
        label = f"{addr} = {raw!r}" if value is not None else f"{addr} (not a {t.value}: {str(raw)[:40]!r})"
        return self._atom(key, t, value, label, (Evidence.of(s, f"args.{path}", quote=str(raw)),))


# One rule per formula node (dispatched on its type). A rule grounds its children through ``g.ground``, so
# that a subclass (the guard's ``FutureGrounder``) sees every node.


def _const(g: Grounder, e: Const, env: Env) -> GExpr:
    """The same constant on every trace: made once per node."""
    got = _CONSTS.get(id(e))
    if got is None or got[0] is not e:
        if len(_CONSTS) > 4096:
            _CONSTS.clear()
        got = _CONSTS[id(e)] = (e, _gconst(e.value, e.type))
    return got[1]


def _gconst(v: Any, t: FactType | None) -> GConst:
    if t is FactType.DATE:
        return GConst(date_ordinal(str(v)), FactType.DATE)
    if isinstance(v, bool):
        return GConst(v, FactType.BOOL)
    if isinstance(v, int) and t is not FactType.REAL:
        return GConst(v, FactType.INT)
    if isinstance(v, (int, float)):
        return GConst(v, FactType.REAL)
    return GConst(v, FactType.STRING)


_CONSTS: dict[int, tuple[Const, GConst]] = {}  # by node identity (the node kept alive)
_TRIVIAL: dict[int, tuple[Exists, bool]] = {}  # exists-nodes whose body is just ``true``
_NONE = GAnd(())  # a for-all over no steps


def _fact(g: Grounder, e: FactRef, env: Env) -> GExpr:
    return g.fact(e.name)


def _not(g: Grounder, e: Not, env: Env) -> GExpr:
    return GNot(g.ground(e.arg, env))


def _and(g: Grounder, e: And, env: Env) -> GExpr:
    return GAnd(tuple(g.ground(a, env) for a in e.args))


def _or(g: Grounder, e: Or, env: Env) -> GExpr:
    return GOr(tuple(g.ground(a, env) for a in e.args))


def _implies(g: Grounder, e: Implies, env: Env) -> GExpr:
    return GImplies(g.ground(e.left, env), g.ground(e.right, env))


def _cmp(g: Grounder, e: Cmp, env: Env) -> GExpr:
    return GCmp(e.cmp, g.ground(e.left, env), g.ground(e.right, env))


def _arith(g: Grounder, e: Arith, env: Env) -> GExpr:
    return GArith(e.fn, tuple(g.ground(a, env) for a in e.args))


def _forall(g: Grounder, e: ForAll, env: Env) -> GExpr:
    hits = g.ctx.select(e.where, env)
    if not hits:
        return _NONE
    desc = describe(e.where, env)
    v, b = e.var, e.body
    return GAnd(tuple(GImplies(g._is(s, desc), g.ground(b, {**env, v: s.index})) for s in hits))


def _exists(g: Grounder, e: Exists, env: Env) -> GExpr:
    w = e.where
    if _trivial(e):  # only whether such a step exists: the first one shows it
        first = g.ctx.first(w, env)
        desc = describe(w, env)
        if first is None:
            return g._atom(f"some {desc}", FactType.BOOL, False, f"there is no {desc}")
        return g._is(first, desc)
    hits = g.ctx.select(w, env)
    desc = describe(w, env)
    if not hits:
        return g._atom(f"some {desc}", FactType.BOOL, False, f"there is no {desc}")
    v, b = e.var, e.body
    return GOr(tuple(GAnd((g._is(s, desc), g.ground(b, {**env, v: s.index}))) for s in hits))


def _trivial(e: Exists) -> bool:
    got = _TRIVIAL.get(id(e))
    if got is None or got[0] is not e:
        if len(_TRIVIAL) > 4096:
            _TRIVIAL.clear()
        got = _TRIVIAL[id(e)] = (e, e.body == _TRUE)
    return got[1]


def _count(g: Grounder, e: Count, env: Env) -> GExpr:
    w = e.where
    desc = describe(w, env)
    many = g.ctx.count(w, env)
    shown = g.ctx.select(w, env, limit=8) if many else []
    return g._atom(
        f"count {desc}", FactType.INT, many, f"number of {desc}s = {many}", tuple(Evidence.of(s) for s in shown)
    )


def _sum(g: Grounder, e: Sum, env: Env) -> GExpr:
    terms: list[GExpr] = [g._arg(s.index, e.path, FactType.REAL) for s in g.ctx.select(e.where, env)]
    return GArith("+", tuple(terms)) if terms else GConst(0, FactType.REAL)


def _argument(g: Grounder, e: Arg, env: Env) -> GExpr:
    return g._arg(env[e.var], e.path, e.type)


def _matches(g: Grounder, e: Matches, env: Env) -> GExpr:
    s = g.ctx.trace.steps[env[e.var]]
    desc = describe(e.where, env)
    key = f"{s.address} is {desc}"
    if key in g.atoms:
        return g.atoms[key]
    ok = g.ctx.matches(s, e.where, env)
    label = f"{s.address} {'is' if ok else 'is not'} a {desc}"
    return g._atom(key, FactType.BOOL, ok, label, (Evidence.of(s),))


def _flows(g: Grounder, e: FlowsInto, env: Env) -> GExpr:
    target = g.ctx.trace.steps[env[e.var]]
    ev = g.ctx.flow_from(e.source, env, target)
    desc = describe(e.source, env)
    label = f"data from a {desc} {'reaches' if ev else 'does not reach'} {target.address}"
    return g._atom(f"flow {desc} -> {target.address}", FactType.BOOL, bool(ev), label, tuple(ev))


_RULES: dict[type, Callable[[Grounder, Any, Env], GExpr]] = {
    Const: _const,
    FactRef: _fact,
    Not: _not,
    And: _and,
    Or: _or,
    Implies: _implies,
    Cmp: _cmp,
    Arith: _arith,
    ForAll: _forall,
    Exists: _exists,
    Count: _count,
    Sum: _sum,
    Arg: _argument,
    Matches: _matches,
    FlowsInto: _flows,
}


def atoms_of(g: GExpr) -> list[GVar]:
    """Every atom in a ground expression, each once, in order of appearance."""
    seen: dict[int, GVar] = {}
    stack: list[GExpr] = [g]
    while stack:
        n = stack.pop()
        match n:
            case GVar():
                seen.setdefault(id(n), n)
            case GConst():
                pass
            case GNot(arg=a):
                stack.append(a)
            case GAnd(args=args) | GOr(args=args) | GArith(args=args):
                stack.extend(reversed(args))
            case GImplies(left=lft, right=r) | GCmp(left=lft, right=r):
                stack.extend((r, lft))
            case _:
                assert_never(n)
    return list(seen.values())
