"""Ground a formula over one trace: trace-level operators become plain logic.

The result is a small expression tree whose leaves are constants and atoms
(``GVar``). An atom is a fact or a per-step value such as
``steps[3].args.amount``; it carries its value when code or a reader knew
it (``None`` = unknown) and the evidence for it. Solver backends translate
this tree; they never see the trace.
"""

from __future__ import annotations

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
        fv = self.facts[name]
        value = fv.value
        if value is not None and fv.type is FactType.DATE and not isinstance(value, int):
            value = date_ordinal(str(value))
        return self._atom(f"fact:{name}", fv.type, value, name, tuple(fv.evidence), fv.source)

    def ground(self, e: Expr, env: Env | None = None) -> GExpr:
        env = env or {}
        steps = self.ctx.trace.steps
        match e:
            case Const(value=v, type=t):
                if t is FactType.DATE:
                    return GConst(date_ordinal(str(v)), FactType.DATE)
                if isinstance(v, bool):
                    return GConst(v, FactType.BOOL)
                if isinstance(v, int) and t is not FactType.REAL:
                    return GConst(v, FactType.INT)
                if isinstance(v, (int, float)):
                    return GConst(v, FactType.REAL)
                return GConst(v, FactType.STRING)
            case FactRef(name=n):
                return self.fact(n)
            case Not(arg=a):
                return GNot(self.ground(a, env))
            case And(args=args):
                return GAnd(tuple(self.ground(a, env) for a in args))
            case Or(args=args):
                return GOr(tuple(self.ground(a, env) for a in args))
            case Implies(left=lft, right=r):
                return GImplies(self.ground(lft, env), self.ground(r, env))
            case Cmp(cmp=op, left=lft, right=r):
                return GCmp(op, self.ground(lft, env), self.ground(r, env))
            case Arith(fn=fn, args=args):
                return GArith(fn, tuple(self.ground(a, env) for a in args))
            case ForAll(var=v, where=w, body=b):
                desc = describe(w, env)
                parts: list[GExpr] = []
                for s in self.ctx.select(w, env):
                    parts.append(GImplies(self._is(s, desc), self.ground(b, {**env, v: s.index})))
                return GAnd(tuple(parts))
            case Exists(var=v, where=w, body=b):
                desc = describe(w, env)
                if b == _TRUE:  # only whether such a step exists: the first one shows it
                    first = self.ctx.first(w, env)
                    if first is None:
                        return self._atom(f"some {desc}", FactType.BOOL, False, f"there is no {desc}")
                    return self._is(first, desc)
                hits = self.ctx.select(w, env)
                if not hits:
                    return self._atom(f"some {desc}", FactType.BOOL, False, f"there is no {desc}")
                return GOr(tuple(GAnd((self._is(s, desc), self.ground(b, {**env, v: s.index}))) for s in hits))
            case Count(where=w):
                desc = describe(w, env)
                many = self.ctx.count(w, env)
                shown = self.ctx.select(w, env, limit=8) if many else []
                return self._atom(
                    f"count {desc}",
                    FactType.INT,
                    many,
                    f"number of {desc}s = {many}",
                    tuple(Evidence.of(s) for s in shown),
                )
            case Sum(where=w, path=p):
                terms: list[GExpr] = [self._arg(s.index, p, FactType.REAL) for s in self.ctx.select(w, env)]
                return GArith("+", tuple(terms)) if terms else GConst(0, FactType.REAL)
            case Arg(var=v, path=p, type=t):
                return self._arg(env[v], p, t)
            case Matches(var=v, where=w):
                s = steps[env[v]]
                desc = describe(w, env)
                key = f"{s.address} is {desc}"
                if key in self.atoms:
                    return self.atoms[key]
                ok = self.ctx.matches(s, w, env)
                label = f"{s.address} {'is' if ok else 'is not'} a {desc}"
                return self._atom(key, FactType.BOOL, ok, label, (Evidence.of(s),))
            case FlowsInto(source=src, var=v):
                target = steps[env[v]]
                ev = self.ctx.flow_from(src, env, target)
                desc = describe(src, env)
                label = f"data from a {desc} {'reaches' if ev else 'does not reach'} {target.address}"
                return self._atom(f"flow {desc} -> {target.address}", FactType.BOOL, bool(ev), label, tuple(ev))
            case _:
                assert_never(e)

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
