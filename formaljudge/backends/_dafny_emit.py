"""Grounded constraints as a Dafny program (a pure function: no I/O).

One module per trace. Known atoms are constants; unknown atoms are the
parameters of a predicate per constraint, so that a lemma proves the
predicate (or its negation) for *every* value of the unknowns:

* ``<c>_holds`` verifies → SATISFIED
* ``<c>_fails`` verifies → VIOLATED
* neither → UNKNOWN

Strings are data: every string value is interned as an integer id (the
grounded formulas compare strings only with ``==``/``!=``, which ids
preserve exactly), and appears in the program only inside a ``//`` comment,
JSON-escaped to ASCII, so no trace content can end a comment or a literal.
The subset used (modules, ``const``, ``predicate``, ``lemma``, ``as real``)
verifies on Dafny 2.3 and on Dafny 4.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, assert_never

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
class Program:
    text: str
    lemmas: list[Lemma] = field(default_factory=list)


def comment(text: str) -> str:
    """A one-line comment body that no content can escape from."""
    return json.dumps(text, ensure_ascii=True)[1:-1]


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


def emit_program(spec: PolicySpec, traces: list[tuple[str, list[tuple[Constraint, GExpr]]]]) -> Program:
    """Dafny source for a batch of traces, and where each lemma sits in it."""
    em = _Emitter()
    lines: list[str] = [
        f"// FormalJudge verification of policy {comment(spec.name)} (spec hash {spec.hash})",
        "// Generated; verify with: dafny /compile:0 FILE (Dafny 2.x) or dafny verify FILE (Dafny 4.x)",
        "",
    ]
    lemmas: list[Lemma] = []
    for ti, (trace_id, grounded) in enumerate(traces):
        lines.append(f"// trace {comment(trace_id)}")
        lines.append(f"module {ident(str(ti), 'Trace')} {{")
        atoms: dict[str, GVar] = {}
        for _, g in grounded:
            for a in atoms_of(g):
                atoms.setdefault(a.key, a)
        names: dict[str, str] = {}
        for i, (key, a) in enumerate(atoms.items()):
            names[key] = f"k{i}" if a.value is not None else f"u{i}"
            if a.value is not None:
                shown = f" = {comment(str(a.value))}" if a.type is FactType.STRING else ""
                lines.append(f"  // {comment(a.label)}{shown}")
                lines.append(f"  const k{i}: {_DAFNY_TYPE[a.type]} := {em.value(a.value, a.type)}")
        for c, g in grounded:
            params = [a for a in atoms_of(g) if a.value is None]
            sig = ", ".join(f"{names[a.key]}: {_DAFNY_TYPE[a.type]}" for a in params)
            args = ", ".join(names[a.key] for a in params)
            pred = ident(c.id, "C_")
            lines.append("")
            lines.append(f"  // {comment(c.sentence)}")
            for a in params:
                lines.append(f"  // unknown {names[a.key]}: {comment(a.label)}")
            lines.append(f"  predicate {pred}({sig})")
            lines.append("  {")
            lines.append(f"    {em.expr(g, names)}")
            lines.append("  }")
            for polarity, neg in (("holds", ""), ("fails", "!")):
                first = len(lines) + 1
                lines.append(f"  lemma {pred}_{polarity}({sig})")
                lines.append(f"    ensures {neg}{pred}({args})")
                lines.append("  {}")
                lemmas.append(Lemma(ti, c.id, polarity, first, len(lines)))
        lines.append("}")
        lines.append("")
    if em.strings:
        lines.append("// string ids")
        lines += [f"//   {i}: {comment(s)}" for s, i in em.strings.items()]
    return Program("\n".join(lines) + "\n", lemmas)
