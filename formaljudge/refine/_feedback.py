"""Feedback to the agent from a judge report: Dafny, Z3 (the formula) or plain language."""

from __future__ import annotations

from formaljudge.backends._dafny_policy import emit_policy
from formaljudge.backends._verdict import ConstraintResult
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge._report import JudgeReport

STYLES = ("dafny", "z3", "natural")


def _dafny_predicate(dafny: str, cid: str) -> str:
    lines = dafny.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("predicate ") and line.split("(")[0].endswith(cid):
            end = lines.index("}", i)
            start = i - 1 if i and lines[i - 1].startswith("//") else i
            return "\n".join(lines[start : end + 1])
    return ""


def _steps(c: ConstraintResult) -> list[str]:
    out = []
    for f in c.forcing:
        for e in f.evidence[:3]:
            quote = f' "{e.quote}"' if e.quote else ""
            out.append(f"  - {e.address}{quote} ({f.label})")
    return out or [f"  - {', '.join(c.steps) or 'no single step'}"]


def feedback(report: JudgeReport, spec: PolicySpec, style: str = "dafny") -> str:
    """What the agent is told about the constraints its last attempt did not satisfy."""
    if style not in STYLES:
        raise ValueError(f"unknown feedback style {style!r}; choose from {', '.join(STYLES)}")
    bad = [c for c in report.constraints if c.verdict.value != "SATISFIED"]
    if not bad:
        return ""
    dafny = emit_policy(spec) if style == "dafny" else ""
    parts = ["Your last attempt did not satisfy the policy. Fix these and try again without breaking the others."]
    for c in bad:
        state = "was violated" if c.verdict.value == "VIOLATED" else "could not be shown to hold"
        if style == "natural":
            parts.append(f'\nThe rule "{c.sentence}" {state}. The steps involved:')
        elif style == "z3":
            formula = spec.constraints[[k.id for k in spec.constraints].index(c.id)].formula
            parts.append(f"\nConstraint {c.id} {state} (Z3: {c.reason}). Formula:\n{formula.model_dump_json()}")
            parts.append("Facts that force it:")
        else:
            parts.append(f"\nDafny predicate {c.id} {state}:\n{_dafny_predicate(dafny, c.id)}")
            parts.append("Facts of your trajectory that make it false:")
        parts += _steps(c)
        if c.depends_on:
            parts.append("  Undetermined: " + "; ".join(c.depends_on))
    return "\n".join(parts)
