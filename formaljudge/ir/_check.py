"""Static checks of a spec: names defined, variables bound, types agree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, assert_never

from pydantic import BaseModel

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
from formaljudge.ir._pattern import pattern_problem
from formaljudge.ir._selector import StepSelector

if TYPE_CHECKING:
    from formaljudge.ir._spec import PolicySpec

_NUMERIC = {FactType.INT, FactType.REAL}


def check_spec(spec: PolicySpec) -> list[str]:
    problems: list[str] = []
    names = [f.name for f in spec.facts]
    dupes = {n for n in names if names.count(n) > 1}
    problems += [f"fact {n!r} is defined twice" for n in sorted(dupes)]
    for f in spec.facts:
        for pattern in _fact_patterns(f.source):
            problem = pattern_problem(pattern)
            if problem is not None:
                problems.append(f"fact {f.name!r}: {problem}")
    ids = [c.id for c in spec.constraints]
    problems += [f"constraint {i!r} is defined twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    types = {f.name: f.type for f in spec.facts}
    for c in spec.constraints:
        errs: list[str] = []
        t = infer(c.formula, types, frozenset(), errs)
        if t is not None and t is not FactType.BOOL:
            errs.append(f"formula is {t.value}, not bool")
        problems += [f"constraint {c.id!r}: {e}" for e in errs]
    return problems


def _selector(sel: StepSelector, bound: frozenset[str], errs: list[str]) -> None:
    for v in sel.variables():
        if v not in bound:
            errs.append(f"selector refers to unbound variable {v!r}")
    for pattern in ([sel.text] if sel.text is not None else []) + list(sel.arg_matches.values()):
        problem = pattern_problem(pattern)
        if problem is not None:
            errs.append(problem)


def _fact_patterns(value: Any) -> list[str]:
    """Every pattern in a fact's extractor (its own, and its selectors')."""
    out: list[str] = []
    if isinstance(value, StepSelector):
        out += ([value.text] if value.text is not None else []) + list(value.arg_matches.values())
    elif isinstance(value, BaseModel):
        pattern = getattr(value, "pattern", None)
        if isinstance(pattern, str):
            out.append(pattern)
        for name in type(value).model_fields:
            out += _fact_patterns(getattr(value, name))
    elif isinstance(value, list | tuple):
        for v in value:
            out += _fact_patterns(v)
    return out


def infer(e: Expr, types: dict[str, FactType], bound: frozenset[str], errs: list[str]) -> FactType | None:
    """The type of ``e``; problems are appended to ``errs`` (None when untypable)."""
    match e:
        case Const(value=v, type=t):
            if t is FactType.DATE:
                try:
                    date_ordinal(str(v))
                except ValueError:
                    errs.append(f"{v!r} is not an ISO date")
                return FactType.DATE
            if isinstance(v, bool):
                return FactType.BOOL
            if isinstance(v, int):
                return FactType.REAL if t is FactType.REAL else FactType.INT
            if isinstance(v, float):
                return FactType.REAL
            return FactType.STRING
        case FactRef(name=n):
            if n not in types:
                errs.append(f"unknown fact {n!r}")
                return None
            return types[n]
        case Not(arg=a):
            _expect_bool(infer(a, types, bound, errs), "not", errs)
            return FactType.BOOL
        case And(args=args) | Or(args=args):
            for a in args:
                _expect_bool(infer(a, types, bound, errs), e.op, errs)
            return FactType.BOOL
        case Implies(left=lft, right=r):
            _expect_bool(infer(lft, types, bound, errs), "implies", errs)
            _expect_bool(infer(r, types, bound, errs), "implies", errs)
            return FactType.BOOL
        case Cmp(cmp=op, left=lft, right=r):
            lt, rt = infer(lft, types, bound, errs), infer(r, types, bound, errs)
            if lt is None or rt is None:
                return FactType.BOOL
            if lt in _NUMERIC and rt in _NUMERIC:
                return FactType.BOOL
            if lt != rt:
                errs.append(f"cannot compare {lt.value} with {rt.value}")
            elif lt in (FactType.BOOL, FactType.STRING) and op not in ("==", "!="):
                errs.append(f"{lt.value} values support only == and !=, not {op}")
            return FactType.BOOL
        case Arith(args=args):
            ts = [infer(a, types, bound, errs) for a in args]
            if not args:
                errs.append("arith needs operands")
            for t in ts:
                if t is not None and t not in _NUMERIC:
                    errs.append(f"arithmetic on {t.value}")
            return FactType.INT if all(t is FactType.INT for t in ts) else FactType.REAL
        case ForAll(var=v, where=w, body=b) | Exists(var=v, where=w, body=b):
            _selector(w, bound, errs)
            _expect_bool(infer(b, types, bound | {v}, errs), e.op, errs)
            return FactType.BOOL
        case Count(where=w):
            _selector(w, bound, errs)
            return FactType.INT
        case Sum(where=w):
            _selector(w, bound, errs)
            return FactType.REAL
        case Arg(var=v, type=t):
            if v not in bound:
                errs.append(f"arg refers to unbound variable {v!r}")
            return t
        case Matches(var=v, where=w) | FlowsInto(var=v, source=w):
            if v not in bound:
                errs.append(f"{e.op} refers to unbound variable {v!r}")
            _selector(w, bound, errs)
            return FactType.BOOL
        case _:
            assert_never(e)


def _expect_bool(t: FactType | None, where: str, errs: list[str]) -> None:
    if t is not None and t is not FactType.BOOL:
        errs.append(f"{where} needs bool operands, got {t.value}")
