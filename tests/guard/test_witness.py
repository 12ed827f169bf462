"""An open constraint decided by two witnesses gets exactly the result Z3 gives it."""

from __future__ import annotations

import random

from formaljudge.backends._verdict import Verdict
from formaljudge.backends._z3 import solve_z3
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar
from formaljudge.guard._witness import two_ways
from formaljudge.ir._facts import FactType
from formaljudge.ir._spec import Constraint

C = Constraint.model_validate(
    {"id": "c", "sentence": "A constraint.", "category": "test", "formula": {"op": "const", "value": True}}
)
REAL, INT, BOOL = FactType.REAL, FactType.INT, FactType.BOOL


def _z3(g: GExpr, bounds: tuple[GExpr, ...]) -> object:
    return solve_z3([(C, g)], timeout_ms=2000, domain=bounds)[0]


def test_a_session_limit_with_its_open_future_is_unknown_as_z3_says() -> None:
    more = GVar("future: more total", REAL, None, "future: more total")
    bounds = (GCmp(">=", more, GConst(0, REAL)),)
    for total in (0, 200, 9999.5, 10000):
        g = GCmp("<=", GArith("+", (GVar("fact:total", REAL, total, "total"), more)), GConst(10000, INT))
        got = two_ways(C, g, bounds)
        assert got is not None and got == _z3(g, bounds) and got.verdict is Verdict.UNKNOWN
    over = GCmp("<=", GArith("+", (GVar("fact:total", REAL, 10000.5, "total"), more)), GConst(10000, INT))
    assert two_ways(C, over, bounds) is None  # violated for good: Z3 decides it (and names the forcing atoms)
    assert _z3(over, bounds).verdict is Verdict.VIOLATED  # type: ignore[attr-defined]
    growing = GCmp(">=", GArith("+", (GConst(3, INT), more)), GConst(0, INT))
    assert two_ways(C, growing, bounds) is None  # holds whatever comes: SATISFIED, from Z3


def _atoms(rng: random.Random) -> list[GVar]:
    out = []
    for i in range(rng.randint(1, 4)):
        t = rng.choice((REAL, INT, BOOL))
        known = rng.random() < 0.5
        value = (rng.random() < 0.5) if t is BOOL else rng.choice((-3, 0, 2, 7, 10, 2.5))
        if t is INT and not isinstance(value, bool):
            value = int(value)
        out.append(GVar(f"a{i}", t, value if known else None, f"atom {i}"))
    return out


def _num(rng: random.Random, atoms: list[GVar], depth: int) -> GExpr:
    nums = [a for a in atoms if a.type is not BOOL]
    if depth <= 0 or rng.random() < 0.4:
        if nums and rng.random() < 0.7:
            return rng.choice(nums)
        return GConst(rng.choice((0, 1, 5, 10, 100)), INT)
    fn = rng.choice(("+", "-", "+", "*"))
    return GArith(fn, (_num(rng, atoms, depth - 1), _num(rng, atoms, depth - 1)))


def _formula(rng: random.Random, atoms: list[GVar], depth: int) -> GExpr:
    bools = [a for a in atoms if a.type is BOOL]
    if depth <= 0 or rng.random() < 0.3:
        if bools and rng.random() < 0.4:
            return rng.choice(bools)
        return GCmp(rng.choice(("<=", "<", ">", ">=", "==", "!=")), _num(rng, atoms, 2), _num(rng, atoms, 2))
    match rng.randrange(4):
        case 0:
            return GNot(_formula(rng, atoms, depth - 1))
        case 1:
            return GAnd((_formula(rng, atoms, depth - 1), _formula(rng, atoms, depth - 1)))
        case 2:
            return GOr((_formula(rng, atoms, depth - 1), _formula(rng, atoms, depth - 1)))
        case _:
            return GImplies(_formula(rng, atoms, depth - 1), _formula(rng, atoms, depth - 1))


def test_every_witnessed_verdict_is_z3s_on_random_formulas() -> None:
    rng = random.Random(7)
    witnessed = left = 0
    for _ in range(2000):
        atoms = _atoms(rng)
        g = _formula(rng, atoms, 3)
        nums = [a for a in atoms if a.type is not BOOL and a.value is None]
        bounds = tuple(GCmp(">=", a, GConst(0, a.type)) for a in nums if rng.random() < 0.5)
        got = two_ways(C, g, bounds)
        if got is None:
            left += 1
            continue
        witnessed += 1
        assert got == _z3(g, bounds), g
    assert witnessed > 150 and left > 150  # both paths are exercised
