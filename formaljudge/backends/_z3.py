"""The Z3 backend: three-valued verdicts with unsat cores.

Every known atom is fixed under its own assumption literal; unknown atoms
stay free. For a constraint φ:

* ``known ∧ φ`` unsat  → VIOLATED (no value of the unknowns saves it);
  the core names the known atoms that force the violation.
* ``known ∧ ¬φ`` unsat → SATISFIED (no value of the unknowns breaks it).
* both sat → UNKNOWN: the verdict depends on the unknown atoms.
* a solver ``unknown`` (timeout) → UNKNOWN, never a pass.

Strings from the trace enter Z3 only as ``StringVal`` values, never as text
of an SMT program.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, assert_never

import z3

from formaljudge.backends._settle import settle
from formaljudge.backends._verdict import ConstraintResult, ForcingFact, Verdict
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar, atoms_of
from formaljudge.ir._facts import FactType
from formaljudge.ir._spec import Constraint

DEFAULT_TIMEOUT_MS = 2000
SEED = 0
_local = threading.local()


def _context() -> z3.Context:
    """One Z3 context per thread (contexts are not thread-safe; making one costs about a millisecond)."""
    ctx: z3.Context | None = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = _local.ctx = z3.Context()
    return ctx


def _sort(t: FactType, ctx: z3.Context) -> z3.SortRef:
    match t:
        case FactType.BOOL:
            return z3.BoolSort(ctx)
        case FactType.INT | FactType.DATE:
            return z3.IntSort(ctx)
        case FactType.REAL:
            return z3.RealSort(ctx)
        case FactType.STRING:
            return z3.StringSort(ctx)
        case _:
            assert_never(t)


def _val(value: Any, t: FactType, ctx: z3.Context) -> z3.ExprRef:
    match t:
        case FactType.BOOL:
            return z3.BoolVal(bool(value), ctx)
        case FactType.INT | FactType.DATE:
            return z3.IntVal(int(value), ctx)
        case FactType.REAL:
            return z3.RealVal(str(value) if isinstance(value, float) else int(value), ctx)
        case FactType.STRING:
            return z3.StringVal(str(value), ctx)
        case _:
            assert_never(t)


class _Translator:
    def __init__(self, ctx: z3.Context) -> None:
        self.ctx = ctx
        self.vars: dict[str, z3.ExprRef] = {}
        self.names: dict[str, GVar] = {}

    def var(self, g: GVar) -> z3.ExprRef:
        if g.key not in self.vars:
            name = f"v{len(self.vars)}"
            self.vars[g.key] = z3.Const(name, _sort(g.type, self.ctx))
            self.names[g.key] = g
        return self.vars[g.key]

    def __call__(self, g: GExpr) -> Any:
        ctx = self.ctx
        match g:
            case GConst(value=v, type=t):
                return _val(v, t, ctx)
            case GVar():
                return self.var(g)
            case GNot(arg=a):
                return z3.Not(self(a), ctx)
            case GAnd(args=args):
                return z3.And([self(a) for a in args] + [z3.BoolVal(True, ctx)])
            case GOr(args=args):
                return z3.Or([self(a) for a in args] + [z3.BoolVal(False, ctx)])
            case GImplies(left=lft, right=r):
                return z3.Implies(self(lft), self(r), ctx)
            case GCmp(op=op, left=lft, right=r):
                a, b = _coerce(self(lft), self(r))
                match op:
                    case "==":
                        return a == b
                    case "!=":
                        return a != b
                    case "<":
                        return a < b
                    case "<=":
                        return a <= b
                    case ">":
                        return a > b
                    case ">=":
                        return a >= b
                raise ValueError(f"unknown comparison {op!r}")
            case GArith(fn=fn, args=args):
                terms = [self(a) for a in args]
                if not terms:
                    return z3.IntVal(0, ctx)
                terms = _coerce(*terms)
                out = terms[0]
                for t in terms[1:]:
                    out = out + t if fn == "+" else out - t if fn == "-" else out * t
                return out
            case _:
                assert_never(g)


def _coerce(*terms: Any) -> Any:
    """Mix ints and reals as reals."""
    if any(z3.is_real(t) for t in terms) and any(z3.is_int(t) for t in terms):
        return tuple(z3.ToReal(t) if z3.is_int(t) else t for t in terms)
    return terms


Witness = dict[str, Any]  # unknown atom key -> a value


@dataclass(frozen=True)
class Solved:
    """A verdict, and for UNKNOWN the values of the unknowns that make the constraint hold and fail."""

    result: ConstraintResult
    holds_with: Witness | None = None
    fails_with: Witness | None = None


def solve_z3(
    grounded: list[tuple[Constraint, GExpr]],
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    domain: tuple[GExpr, ...] = (),
) -> list[ConstraintResult]:
    """Verdicts for one trace's grounded constraints; ``domain`` bounds the unknowns (``count >= 0``)."""
    return [s.result for s in _solve(grounded, timeout_ms, witnesses=False, domain=domain)]


def solve_with_witnesses(
    grounded: list[tuple[Constraint, GExpr]], *, timeout_ms: int = DEFAULT_TIMEOUT_MS
) -> list[Solved]:
    """Verdicts, with a witness of each side for constraints that depend on unknowns."""
    return _solve(grounded, timeout_ms, witnesses=True)


def _solve(
    grounded: list[tuple[Constraint, GExpr]], timeout_ms: int, *, witnesses: bool, domain: tuple[GExpr, ...] = ()
) -> list[Solved]:
    """Constraints that the known atoms settle are decided without Z3 (``_settle``); the rest go to
    one solver per thread, reused across traces (push/pop), each constraint behind a goal literal."""
    out: list[Solved | None] = [None] * len(grounded)
    rest: list[int] = []
    for i, (c, g) in enumerate(grounded):
        settled = None if witnesses else settle(g)
        if settled is None:
            rest.append(i)
        else:
            out[i] = _settled(c, g, *settled)
    if rest:
        for i, solved in zip(rest, _solve_z3([grounded[i] for i in rest], timeout_ms, witnesses, domain), strict=True):
            out[i] = solved
    return [s for s in out if s is not None]


# A settled constraint's result depends on the constraint, its value and the content of the atoms that force
# it; when those atoms carry no evidence (a sum of no transfers, a pattern found nowhere) it is the same on
# every trace that has them: made once. Key: (constraint id, value, each atom's content) -> (constraint,
# result), the constraint kept alive; results are frozen.
_SETTLED: dict[tuple[Any, ...], tuple[Constraint, Solved]] = {}


def _settled(c: Constraint, g: GExpr, value: bool | None, why: tuple[GVar, ...]) -> Solved:
    key = None if value is None else _content(c, value, why)
    if key is None:
        return Solved(_settled_result(c, g, value, why))
    got = _SETTLED.get(key)
    if got is None or got[0] is not c:
        if len(_SETTLED) > 4096:
            _SETTLED.clear()
        got = _SETTLED[key] = (c, Solved(_settled_result(c, g, value, why)))
    return got[1]


def _content(c: Constraint, value: bool, why: tuple[GVar, ...]) -> tuple[Any, ...] | None:
    """What the result is made of, or None when an atom carries evidence (or an unhashable value)."""
    key: tuple[Any, ...] = (id(c), value)
    for a in why:
        if a.evidence:
            return None
        key += (a.key, a.label, a.type, type(a.value), a.value, a.source)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _settled_result(c: Constraint, g: GExpr, value: bool | None, why: tuple[GVar, ...]) -> ConstraintResult:
    base = {"id": c.id, "sentence": c.sentence, "category": c.category}
    if value is None:
        unknown = [a.label for a in atoms_of(g) if a.value is None]
        return ConstraintResult(
            **base, verdict=Verdict.UNKNOWN, reason="depends on facts that could not be read", depends_on=unknown
        )
    forcing = [forcing_fact(a) for a in why]
    if value:
        return ConstraintResult(
            **base, verdict=Verdict.SATISFIED, reason="no value of the unknown facts violates it", forcing=forcing
        )
    return ConstraintResult(
        **base, verdict=Verdict.VIOLATED, reason="no value of the unknown facts satisfies it", forcing=forcing
    )


def _solver(timeout_ms: int) -> z3.Solver:
    """This thread's solver, reused (building and freeing a solver costs more than most checks)."""
    solver: z3.Solver | None = getattr(_local, "solver", None)
    if solver is None:
        solver = _local.solver = z3.Solver(ctx=_context())
        solver.set("random_seed", SEED)
        _local.timeout = None
    if _local.timeout != timeout_ms:
        solver.set("timeout", timeout_ms)
        _local.timeout = timeout_ms
    return solver


def _solve_z3(
    grounded: list[tuple[Constraint, GExpr]], timeout_ms: int, witnesses: bool, domain: tuple[GExpr, ...]
) -> list[Solved]:
    ctx = _context()
    tr = _Translator(ctx)
    solver = _solver(timeout_ms)
    solver.push()
    try:
        formulas = [(c, g, tr(g)) for c, g in grounded]
        for d in domain:
            solver.add(tr(d))
        lits: dict[str, z3.BoolRef] = {}
        by_lit: dict[int, GVar] = {}
        for key, var in tr.vars.items():
            atom = tr.names[key]
            if atom.value is None:
                continue
            lit = z3.Bool(f"k{len(lits)}", ctx)
            lits[key] = lit
            by_lit[lit.get_id()] = atom
            solver.add(z3.Implies(lit, var == _val(atom.value, atom.type, ctx)))
        results = []
        for i, (c, ground, phi) in enumerate(formulas):
            used = atoms_of(ground)
            assumptions = [lits[a.key] for a in used if a.key in lits]
            goal = z3.Bool(f"goal{i}", ctx)
            solver.add(goal == phi)
            results.append(_decide(c, solver, goal, assumptions, by_lit, used, tr if witnesses else None))
        return results
    finally:
        solver.pop()


def _decide(
    c: Constraint,
    solver: z3.Solver,
    goal: z3.BoolRef,
    assumptions: list[z3.BoolRef],
    by_lit: dict[int, GVar],
    used: list[GVar],
    tr: _Translator | None,
) -> Solved:
    """``tr`` given: also read the witnesses from the models (only the Dafny backend needs them)."""
    base = {"id": c.id, "sentence": c.sentence, "category": c.category}
    unknown_atoms = [a for a in used if a.value is None]
    can_hold = solver.check(*assumptions, goal)
    holds_with = _witness(solver, tr, unknown_atoms) if tr is not None and can_hold == z3.sat else None
    if can_hold == z3.unsat:
        return Solved(
            ConstraintResult(
                **base,
                verdict=Verdict.VIOLATED,
                reason="no value of the unknown facts satisfies it",
                forcing=_core(solver, by_lit),
            )
        )
    can_fail = solver.check(*assumptions, z3.Not(goal))
    fails_with = _witness(solver, tr, unknown_atoms) if tr is not None and can_fail == z3.sat else None
    if can_fail == z3.unsat:
        return Solved(
            ConstraintResult(
                **base,
                verdict=Verdict.SATISFIED,
                reason="no value of the unknown facts violates it",
                forcing=_core(solver, by_lit),
            )
        )
    unknown = [a.label for a in unknown_atoms]
    if z3.unknown in (can_hold, can_fail):
        why = solver.reason_unknown()
        return Solved(
            ConstraintResult(**base, verdict=Verdict.UNKNOWN, reason=f"solver gave up: {why}", depends_on=unknown)
        )
    result = ConstraintResult(
        **base, verdict=Verdict.UNKNOWN, reason="depends on facts that could not be read", depends_on=unknown
    )
    return Solved(result, holds_with, fails_with)


def _witness(solver: z3.Solver, tr: _Translator, atoms: list[GVar]) -> Witness | None:
    """The model's value of each unknown atom, as plain Python; None when one is not a plain value."""
    model = solver.model()
    out: Witness = {}
    for a in atoms:
        v = model.eval(tr.vars[a.key], model_completion=True)
        if z3.is_true(v) or z3.is_false(v):
            out[a.key] = z3.is_true(v)
        elif z3.is_int_value(v):
            out[a.key] = v.as_long()
        elif z3.is_rational_value(v):
            out[a.key] = Fraction(v.numerator_as_long(), v.denominator_as_long())
        elif z3.is_string_value(v):
            out[a.key] = v.as_string()
        else:
            return None  # an algebraic number or similar: no plain witness
    return out


def _core(solver: z3.Solver, by_lit: dict[int, GVar]) -> list[ForcingFact]:
    atoms = (by_lit.get(lit.get_id()) for lit in solver.unsat_core())
    return [forcing_fact(g) for g in atoms if g is not None]


def forcing_fact(g: GVar) -> ForcingFact:
    """A known atom as reported: dates shown as ISO dates, with its evidence."""
    value = date.fromordinal(g.value).isoformat() if g.type is FactType.DATE else g.value
    return ForcingFact(key=g.key, label=g.label, value=value, source=g.source, evidence=list(g.evidence))
