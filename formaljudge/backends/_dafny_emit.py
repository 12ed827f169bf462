"""Grounded constraints as a Dafny program (a pure function: no I/O).

Flat declarations (no modules: Dafny 2.3 spends seconds resolving a few
hundred), every name prefixed by its trace (``t3_``). Known atoms are
constants; unknown atoms are the parameters of a predicate per constraint,
so that a proof about the predicate covers *every* value of the unknowns.

Two kinds of proof obligations:

* **Independent** lemmas, two per constraint: ``<c>_holds`` verifies →
  SATISFIED, ``<c>_fails`` verifies → VIOLATED, neither → UNKNOWN.
* **Certificates**: when a verdict is already predicted (by Z3), one lemma
  per group of traces whose postconditions state each predicted verdict:
  ``forall u :: P(u)`` (SATISFIED), ``forall u :: !P(u)`` (VIOLATED), or
  ``P(w1) && !P(w2)`` with a witness for each side (UNKNOWN: it really
  depends on the unknowns). Dafny 2.3 restarts its prover for every lemma
  (about 0.13 s), so a few certificate lemmas per batch are what makes it
  fast; a certificate that fails is re-decided by independent lemmas.

Strings are data: every string value is interned as an integer id (the
grounded formulas compare strings only with ``==``/``!=``, which ids
preserve exactly), and appears in the program only inside a ``//`` comment,
with every character outside printable ASCII escaped, so no trace content
can end a comment or a literal.
The subset used (``const``, ``predicate``, ``lemma``, ``forall``, ``as
real``) verifies on Dafny 2.3 and on Dafny 4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, assert_never

from formaljudge.backends._verdict import Verdict
from formaljudge.extract._ground import GAnd, GArith, GCmp, GConst, GExpr, GImplies, GNot, GOr, GVar, atoms_of
from formaljudge.ir._facts import FactType
from formaljudge.ir._spec import Constraint, PolicySpec

_DAFNY_TYPE = {
    FactType.BOOL: "bool",
    FactType.INT: "int",
    FactType.DATE: "int",
    FactType.REAL: "real",
    FactType.STRING: "int",
}


@dataclass
class Lemma:
    trace_index: int
    constraint: str
    polarity: str  # "holds" | "fails"
    first_line: int
    last_line: int


@dataclass
class Certificate:
    """One lemma stating the predicted verdicts of a group of traces."""

    trace_indices: list[int]
    first_line: int
    last_line: int


@dataclass
class Program:
    text: str
    lemmas: list[Lemma] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)


@dataclass(frozen=True)
class Claim:
    """A predicted verdict to certify: for UNKNOWN, the witnesses of both sides."""

    verdict: Verdict
    holds_with: dict[str, Any] | None = None
    fails_with: dict[str, Any] | None = None

    @property
    def certifiable(self) -> bool:
        return self.verdict is not Verdict.UNKNOWN or (self.holds_with is not None and self.fails_with is not None)


def comment(text: str) -> str:
    """A one-line comment body that no content can escape from: printable ASCII, the rest as ``\\u`` escapes."""
    return "".join(
        c if " " <= c <= "~" else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text
    )


def ident(text: str, prefix: str = "") -> str:
    s = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not s or not (s[0].isalpha()):
        s = "x" + s
    return prefix + s.replace("__", "_x_")


def real_literal(value: Any) -> str:
    f = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    num = f"{abs(f.numerator)}.0" if f.denominator == 1 else f"({abs(f.numerator)}.0 / {f.denominator}.0)"
    return f"(-{num})" if f < 0 else num


class _Emitter:
    def __init__(self) -> None:
        self.strings: dict[str, int] = {}

    def string_id(self, s: str) -> int:
        return self.strings.setdefault(s, len(self.strings))

    def value(self, value: Any, t: FactType) -> str:
        match t:
            case FactType.BOOL:
                return "true" if value else "false"
            case FactType.INT | FactType.DATE:
                return f"({int(value)})" if int(value) < 0 else str(int(value))
            case FactType.REAL:
                return real_literal(value)
            case FactType.STRING:
                return str(self.string_id(str(value)))
            case _:
                assert_never(t)

    def claim(self, claim: Claim, pred: str, params: list[GVar], sig: str, args: str) -> str:
        """The postcondition that states a predicted verdict."""
        match claim.verdict:
            case Verdict.SATISFIED:
                return f"forall {sig} :: {pred}({args})" if params else f"{pred}()"
            case Verdict.VIOLATED:
                return f"forall {sig} :: !{pred}({args})" if params else f"!{pred}()"
            case Verdict.UNKNOWN:
                assert claim.holds_with is not None and claim.fails_with is not None
                yes = ", ".join(self.value(claim.holds_with[a.key], a.type) for a in params)
                no = ", ".join(self.value(claim.fails_with[a.key], a.type) for a in params)
                return f"({pred}({yes}) && !{pred}({no}))"
            case _:
                assert_never(claim.verdict)

    def expr(self, g: GExpr, names: dict[str, str]) -> str:
        match g:
            case GConst(value=v, type=t):
                return self.value(v, t)
            case GVar(key=k):
                return names[k]
            case GNot(arg=a):
                return f"!({self.expr(a, names)})"
            case GAnd(args=args):
                return "(" + " && ".join(self.expr(a, names) for a in args) + ")" if args else "true"
            case GOr(args=args):
                return "(" + " || ".join(self.expr(a, names) for a in args) + ")" if args else "false"
            case GImplies(left=lft, right=r):
                return f"({self.expr(lft, names)} ==> {self.expr(r, names)})"
            case GCmp(op=op, left=lft, right=r):
                left_s, right_s = self.numeric(lft, names, r), self.numeric(r, names, lft)
                return f"({left_s} {op} {right_s})"
            case GArith(fn=fn, args=args):
                if not args:
                    return "0"
                is_real = any(_type(a) is FactType.REAL for a in args)
                parts = [self.expr(a, names) for a in args]
                if is_real:
                    parts = [
                        p if _type(a) is FactType.REAL else f"({p} as real)" for p, a in zip(parts, args, strict=True)
                    ]
                return "(" + f" {fn} ".join(parts) + ")"
            case _:
                assert_never(g)

    def numeric(self, g: GExpr, names: dict[str, str], other: GExpr) -> str:
        """An int operand compared with a real one is converted to real."""
        s = self.expr(g, names)
        if _type(g) is FactType.INT and _type(other) is FactType.REAL:
            return f"({s} as real)"
        return s


def _type(g: GExpr) -> FactType:
    match g:
        case GConst(type=t) | GVar(type=t):
            return t
        case GNot() | GAnd() | GOr() | GImplies() | GCmp():
            return FactType.BOOL
        case GArith(args=args):
            return FactType.REAL if any(_type(a) is FactType.REAL for a in args) else FactType.INT
        case _:
            assert_never(g)


Grounded = list[tuple[Constraint, GExpr]]


def emit_program(
    spec: PolicySpec,
    traces: list[tuple[str, Grounded]],
    claims: list[list[Claim]] | None = None,
    *,
    group_size: int = 50,
) -> Program:
    """Dafny source for a batch of traces, and where each proof obligation sits in it.

    Without ``claims`` every constraint gets independent lemmas. With them
    (one list per trace, aligned with its constraints), certifiable claims go
    into one certificate lemma per ``group_size`` traces and the rest get
    independent lemmas.
    """
    em = _Emitter()
    lines: list[str] = [
        f"// FormalJudge verification of policy {comment(spec.name)} (spec hash {spec.hash})",
        "// Generated; verify with: dafny /compile:0 FILE (Dafny 2.x) or dafny verify FILE (Dafny 4.x)",
        "",
    ]
    program = Program("")
    pending: list[tuple[int, list[str]]] = []  # certificate clauses per trace, not yet written
    for ti, (trace_id, grounded) in enumerate(traces):
        prefix = f"t{ti}_"
        lines.append(f"// trace {comment(trace_id)}")
        atoms: dict[str, GVar] = {}
        for _, g in grounded:
            for a in atoms_of(g):
                atoms.setdefault(a.key, a)
        names: dict[str, str] = {}
        for i, (key, a) in enumerate(atoms.items()):
            names[key] = f"{prefix}k{i}" if a.value is not None else f"u{i}"
            if a.value is not None:
                shown = f" = {comment(str(a.value))}" if a.type is FactType.STRING else ""
                lines.append(f"// {comment(a.label)}{shown}")
                lines.append(f"const {prefix}k{i}: {_DAFNY_TYPE[a.type]} := {em.value(a.value, a.type)}")
        clauses: list[str] = []
        for ci, (c, g) in enumerate(grounded):
            params = [a for a in atoms_of(g) if a.value is None]
            sig = ", ".join(f"{names[a.key]}: {_DAFNY_TYPE[a.type]}" for a in params)
            args = ", ".join(names[a.key] for a in params)
            pred = ident(c.id, f"{prefix}C_")
            lines.append("")
            lines.append(f"// {comment(c.sentence)}")
            for a in params:
                lines.append(f"// unknown {names[a.key]}: {comment(a.label)}")
            lines += [f"predicate {pred}({sig})", "{", f"  {em.expr(g, names)}", "}"]
            claim = claims[ti][ci] if claims is not None else None
            if claim is not None and claim.certifiable:
                clauses.append(em.claim(claim, pred, params, sig, args))
                continue
            for polarity, neg in (("holds", ""), ("fails", "!")):
                first = len(lines) + 1
                lines += [f"lemma {pred}_{polarity}({sig})", f"  ensures {neg}{pred}({args})", "{}"]
                program.lemmas.append(Lemma(ti, c.id, polarity, first, len(lines)))
        lines.append("")
        if claims is not None:
            pending.append((ti, clauses))
        if pending and (len(pending) >= group_size or ti == len(traces) - 1):
            first = len(lines) + 1
            lines.append(f"lemma Certificate_{pending[0][0]}_{pending[-1][0]}()")
            lines += [f"  ensures {clause}" for _, cs in pending for clause in cs]
            lines += ["{}", ""]
            program.certificates.append(Certificate([t for t, _ in pending], first, len(lines)))
            pending = []
    if em.strings:
        lines.append("// string ids")
        lines += [f"//   {i}: {comment(s)}" for s, i in em.strings.items()]
    program.text = "\n".join(lines) + "\n"
    return program
