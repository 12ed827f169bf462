"""Solver backends: Z3 (embedded, default) and Dafny (optional)."""

from __future__ import annotations

from formaljudge.backends._verdict import ConstraintResult, ForcingFact, Verdict

BACKENDS = ("z3", "dafny")

__all__ = ["BACKENDS", "ConstraintResult", "ForcingFact", "Verdict"]
