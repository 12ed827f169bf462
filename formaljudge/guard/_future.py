"""The unknown future of a trace that is still running.

A guard decides on the trace so far plus a proposed call. Whatever later
steps could still change is left open for the solver: an ``exists`` that a
later step could witness, a count or sum that later steps could add to, and
a fact that later steps could flip. A constraint is then VIOLATED only when
no continuation of the trace can satisfy it: the proposed call breaks it for
good. What later steps cannot change (a transfer with no confirmation before
it) is decided now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from formaljudge.extract._context import describe
from formaljudge.extract._evidence import FactValue
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GOr, Grounder, GVar
from formaljudge.guard._fold import fold
from formaljudge.ir._facts import Code, ContextSlice, Fact, FactType, Question
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
)
from formaljudge.ir._selector import StepSelector

FUTURE = "future: "


_FALSE = GConst(False, FactType.BOOL)


@dataclass
class Kept:
    """A top-level for-all's conjuncts over its steps before the frontier, folded: the steps there do not
    change, so a later check grounds only the steps after ``upto``."""

    expr: ForAll
    upto: int  # steps before this index are folded in
    parts: list[GExpr]  # their conjuncts that stay open, in order
    false: bool = False  # one of them is false


def _past_only(w: StepSelector, env: dict[str, int]) -> bool:
    """Only steps before a step that already exists can match."""
    return w.before is not None and w.before in env


@dataclass
class FutureGrounder(Grounder):
    """Grounds like ``Grounder``, leaving open what later steps could change.

    ``domain`` collects what is known of the open values (a count can only grow).
    """

    domain: list[GExpr] = field(default_factory=list)
    growing: set[str] = field(default_factory=set)  # count and sum facts: later steps can only add to them
    memo: dict[tuple[int, tuple[tuple[str, int], ...]], GExpr] | None = None  # past-closed parts, across checks
    frontier: int = 0  # steps from here on may still change (the proposed one, calls without a result yet)
    kept: dict[int, Kept] | None = None  # top-level for-alls over the steps before the frontier, across checks
    closed: dict[tuple[int, frozenset[str]], bool] = field(default_factory=dict)  # ``past_closed``, remembered

    def _future(self, label: str, t: FactType, *, at_least_zero: bool = False) -> GVar:
        key = FUTURE + label
        fresh = key not in self.atoms
        atom = self._atom(key, t, None, FUTURE + label)
        if fresh and (at_least_zero or t is FactType.INT):
            self.domain.append(GCmp(">=", atom, GConst(0, t)))
        return atom

    def fact(self, name: str) -> GVar | GExpr:  # type: ignore[override]
        now = super().fact(name)
        if name not in self.growing:
            return now
        return GArith("+", (now, self._future(f"more {name}", now.type, at_least_zero=True)))

    def ground(self, e: Expr, env: dict[str, int] | None = None) -> GExpr:
        env = env or {}
        if self.memo is not None and env and max(env.values()) < self.frontier and self._closed(e, env):
            key = (id(e), tuple(sorted(env.items())))
            if key not in self.memo:
                self.memo[key] = fold(super().ground(e, env))
            return self.memo[key]
        match e:
            case ForAll(var=v, body=b) if not env and self.kept is not None and self._closed(b, {v: 0}):
                return self._forall(e, self.kept)
            case Exists(where=w) if not _past_only(w, env):
                return GOr(
                    (
                        super().ground(e, env),
                        self._future(f"a later {w.model_dump_json(exclude_defaults=True)}", FactType.BOOL),
                    )
                )
            case Count(where=w) if not _past_only(w, env):
                more = self._future(f"more {w.model_dump_json(exclude_defaults=True)}", FactType.INT)
                return GArith("+", (super().ground(e, env), more))
            case Sum(where=w, path=p) if not _past_only(w, env):
                more = self._future(f"more of {p} over {w.model_dump_json(exclude_defaults=True)}", FactType.REAL)
                return GArith("+", (super().ground(e, env), more))
        return super().ground(e, env)

    def _closed(self, e: Expr, env: dict[str, int]) -> bool:
        key = (id(e), frozenset(env))
        got = self.closed.get(key)
        if got is None:
            got = self.closed[key] = past_closed(e, key[1])
        return got

    def _forall(self, e: ForAll, kept: dict[int, Kept]) -> GExpr:
        """``ground(e)`` for a for-all whose body looks only back from its step: the conjuncts of the steps
        before the frontier are folded once and kept (folding the result gives what grounding it all gives)."""
        k = kept.get(id(e))
        if k is None or k.expr is not e or k.upto > self.frontier:
            k = kept[id(e)] = Kept(e, 0, [])
        desc = describe(e.where, {})
        rest: list[GExpr] = []
        for s in self.ctx.select_from(e.where, k.upto):
            part = GImplies(self._is(s, desc), self.ground(e.body, {e.var: s.index}))
            if s.index >= self.frontier:
                rest.append(part)
            elif s.index >= k.upto:
                folded = fold(part)
                if isinstance(folded, GConst):
                    k.false = k.false or not folded.value
                else:
                    k.parts.append(folded)
        k.upto = self.frontier
        return GAnd((*k.parts, *([_FALSE] if k.false else []), *rest))


def past_closed(e: Expr, bound: frozenset[str]) -> bool:
    """Whether ``e``, with ``bound`` variables fixed to existing steps, reads only steps before them:
    then later steps cannot change its value, and it can be grounded once and kept."""
    match e:
        case Const() | Arg():
            return True
        case FactRef():
            return False
        case Not(arg=a):
            return past_closed(a, bound)
        case And(args=args) | Or(args=args) | Arith(args=args):
            return all(past_closed(a, bound) for a in args)
        case Implies(left=lft, right=r) | Cmp(left=lft, right=r):
            return past_closed(lft, bound) and past_closed(r, bound)
        case ForAll(var=v, where=w, body=b) | Exists(var=v, where=w, body=b):
            return w.before in bound and past_closed(b, bound | {v})
        case Count(where=w) | Sum(where=w):
            return w.before in bound
        case Matches(where=w):
            return w.before is None or w.before in bound
        case FlowsInto(source=src):
            return src.before in bound
        case _:
            assert_never(e)


def settled(fact: Fact, value: FactValue) -> bool:
    """Whether later steps can no longer change this fact's value on the trace so far."""
    match fact.source:
        case Question(slice=ContextSlice.TASK):
            return True  # the task is written
        case Question():
            return False  # later steps (the final answer above all) are part of what it reads
        case Code() if value.value is None:
            return True  # code could not read it (an argument missing): more steps will not help
        case Code(extractor=ex):
            kind = ex.kind
            if kind == "tool_called":
                return value.value is True  # a call made stays made
            if kind == "ordered":
                return value.value is False  # a step without its predecessor stays so
            if kind == "arg_value":
                return getattr(ex, "pick", "") == "first"
            return False
    return False


def growing(fact: Fact, value: FactValue) -> bool:
    """A count, or a sum of arguments none of which so far is negative: later steps only add to it."""
    if value.value is None or not isinstance(fact.source, Code):
        return False
    kind = fact.source.extractor.kind
    if kind == "count":
        return True
    if kind == "sum_arg":
        return all(not e.quote.startswith("-") for e in value.evidence)
    return False


def open_facts(spec_facts: list[Fact], values: dict[str, FactValue]) -> tuple[dict[str, FactValue], set[str]]:
    """The facts with every value that later steps could change made unknown (and said so), and the
    names of the facts that later steps can only add to (kept, for the grounder to add an open rest)."""
    out = {}
    grow = set()
    for f in spec_facts:
        v = values[f.name]
        if settled(f, v):
            out[f.name] = v
        elif growing(f, v):
            out[f.name] = v
            grow.add(f.name)
        else:
            out[f.name] = v.model_copy(
                update={"value": None, "note": f"{FUTURE}later steps can change it (so far: {v.value!r})"}
            )
    return out, grow
