"""A whole policy as a readable Dafny library (a pure function: no I/O).

Where the verdict programs (``_dafny_emit``) hold one trace's grounded
facts, this is the policy itself, over every trace: a trace is a sequence of
opaque steps, and what FormalJudge's code reads from a step (its kind, tool
name globs, text regular expressions, errors, arguments, data flow) or what
a reader answers (question facts) enters as a bodiless function, described
in the comment above it. The constraints are predicates over those, one per
constraint, with the policy sentence above each: the part a reviewer checks
is how the atomic facts compose.

Text from the spec appears only in ``//`` comments, escaped to printable ASCII;
string constants become Dafny literals of ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import assert_never

from formaljudge.backends._dafny_emit import comment, ident, real_literal
from formaljudge.ir._check import infer
from formaljudge.ir._facts import Code, FactType
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
from formaljudge.ir._selector import StepSelector
from formaljudge.ir._spec import PolicySpec
from formaljudge.traces._model import StepKind

_TYPE = {
    FactType.BOOL: "bool",
    FactType.INT: "int",
    FactType.DATE: "int",
    FactType.REAL: "real",
    FactType.STRING: "string",
}
_KIND = {k: "".join(p.capitalize() for p in k.value.split("_")) for k in StepKind}

PRELUDE = f"""\
// A trace is a sequence of steps; a step's kind is known, everything else
// about it is read by FormalJudge (code first, a reader for the rest).
datatype Kind = {" | ".join(_KIND.values())}
type Step
type Trace = seq<Step>
function KindOf(s: Step): Kind
// The step is a tool call whose result was an error, or an error result.
predicate IsError(s: Step)
// Data from the result of step a reaches the arguments of step b
// (whole values or runs of five words, on the trace's data-flow graph).
predicate FlowsTo(a: Step, b: Step)
"""


def dafny_string(s: str) -> str:
    """A Dafny string literal of ``\\u`` escapes (UTF-16 code units), whatever ``s`` holds."""
    units = s.encode("utf-16-be")
    return '"' + "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)) + '"'


@dataclass
class _Emitter:
    decls: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # declaration key -> name
    fact_types: dict[str, FactType] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def declare(self, key: str, name: str, text: list[str]) -> str:
        if key not in self.names:
            self.names[key] = name
            self.decls += [*text, ""]
        return self.names[key]

    def atom(self, what: str, detail: object, signature: str, describe: str) -> str:
        key = json.dumps([what, detail], sort_keys=True, default=str)
        if key in self.names:
            return self.names[key]
        self.counts[what] = self.counts.get(what, 0) + 1
        name = f"{what}{self.counts[what]}"
        return self.declare(key, name, [f"// {comment(describe)}", signature.replace("{name}", name)])

    def selector(self, sel: StepSelector, step: str) -> list[str]:
        """Conditions on ``step`` (without the before/after ordering)."""
        parts: list[str] = []
        if sel.kind is not None:
            parts.append(f"KindOf({step}) == {_KIND[sel.kind]}")
        if sel.tool is not None:
            name = self.atom(
                "Tool", sel.tool, "predicate {name}(s: Step)", f"tool name matches {json.dumps(sel.tool)} (any case)"
            )
            parts.append(f"{name}({step})")
        if sel.text is not None:
            name = self.atom("Text", sel.text, "predicate {name}(s: Step)", f"text contains a match of /{sel.text}/")
            parts.append(f"{name}({step})")
        if sel.error is not None:
            parts.append(f"IsError({step})" if sel.error else f"!IsError({step})")
        for path in sel.arg_present:
            name = self.atom("HasArg", path, "predicate {name}(s: Step)", f"argument {path} is present")
            parts.append(f"{name}({step})")
        for path, pattern in sorted(sel.arg_matches.items()):
            describe = f"argument {path} contains a match of /{pattern}/ (any case)"
            name = self.atom("ArgMatches", [path, pattern], "predicate {name}(s: Step)", describe)
            parts.append(f"{name}({step})")
        return parts

    def steps(self, sel: StepSelector, i: str, env: dict[str, str]) -> list[str]:
        """Index ``i`` ranges over the steps matching ``sel``."""
        bounds = [f"0 <= {i} < |t|"]
        if sel.before is not None:
            bounds.append(f"{i} < {env[sel.before]}")
        if sel.after is not None:
            bounds.append(f"{env[sel.after]} < {i}")
        if sel.named_in is not None:
            name = self.atom(
                "NamedIn", "named_in", "predicate {name}(s: Step, r: Step)", "r's text names the tool of step s"
            )
            bounds.append(f"{name}(t[{i}], t[{env[sel.named_in]}])")
        return bounds + self.selector(sel, f"t[{i}]")

    def type_of(self, e: Expr, env: dict[str, str]) -> FactType | None:
        return infer(e, self.fact_types, frozenset(env), [])

    def expr(self, e: Expr, env: dict[str, str]) -> str:
        match e:
            case Const(value=v, type=t):
                if t is FactType.DATE:
                    return str(date_ordinal(str(v)))
                if isinstance(v, bool):
                    return "true" if v else "false"
                if isinstance(v, int):
                    return f"({v})" if v < 0 else str(v)
                if isinstance(v, float):
                    return real_literal(v)
                return dafny_string(v)
            case FactRef(name=n):
                return f"{ident(n, 'Fact_')}(t)"
            case Not(arg=a):
                return f"!({self.expr(a, env)})"
            case And(args=args):
                return "(" + " && ".join(self.expr(a, env) for a in args) + ")" if args else "true"
            case Or(args=args):
                return "(" + " || ".join(self.expr(a, env) for a in args) + ")" if args else "false"
            case Implies(left=lft, right=r):
                return f"({self.expr(lft, env)} ==> {self.expr(r, env)})"
            case Cmp(cmp=op, left=lft, right=r):
                types = (self.type_of(lft, env), self.type_of(r, env))
                if FactType.DATE in types:  # an ISO date constant against a date
                    lft, r = (_as_date(x) for x in (lft, r))
                real = FactType.REAL in types
                return f"({self.number(lft, env, real)} {op} {self.number(r, env, real)})"
            case Arith(fn=fn, args=args):
                real = any(self.type_of(a, env) is FactType.REAL for a in args)
                return "(" + f" {fn} ".join(self.number(a, env, real) for a in args) + ")" if args else "0"
            case ForAll(var=v, where=w, body=b) | Exists(var=v, where=w, body=b):
                i = f"i_{ident(v)}_{len(env)}"
                inner = {**env, v: i}
                cond = " && ".join(self.steps(w, i, env))
                if isinstance(e, ForAll):
                    return f"(forall {i} :: {cond} ==> {self.expr(b, inner)})"
                if b == Const(value=True):
                    return f"(exists {i} :: {cond})"
                return f"(exists {i} :: {cond} && {self.expr(b, inner)})"
            case Count(where=w):
                i = f"i_count_{len(env)}"
                return f"|set {i} | {' && '.join(self.steps(w, i, env))}|"
            case Sum(where=w, path=p):
                if w.variables():
                    raise ValueError("a sum whose steps are ordered against a bound step has no Dafny form here")
                arg = self.arg(p, FactType.REAL)
                cond = " && ".join(self.selector(w, "t[n - 1]") or ["true"])
                name = self.atom(
                    "SumArg",
                    [w.model_dump(mode="json"), p],
                    "function {name}(t: Trace, n: nat): real\n  requires n <= |t|\n  decreases n\n{\n"
                    f"  if n == 0 then 0.0 else {{name}}(t, n - 1) + (if {cond} then {arg}(t[n - 1]) else 0.0)\n}}",
                    f"sum of argument {p} over the matching tool calls among the first n steps",
                )
                return f"{name}(t, |t|)"
            case Arg(var=v, path=p, type=ty):
                return f"{self.arg(p, ty)}(t[{env[v]}])"
            case Matches(var=v, where=w):
                return "(" + " && ".join(self.steps(w, env[v], env)[1:] or ["true"]) + ")"
            case FlowsInto(source=src, var=v):
                j = f"j_flow_{len(env)}"
                return f"(exists {j} :: {' && '.join(self.steps(src, j, env))} && FlowsTo(t[{j}], t[{env[v]}]))"
            case _:
                assert_never(e)

    def number(self, e: Expr, env: dict[str, str], real: bool) -> str:
        if real and isinstance(e, Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
            return real_literal(e.value)
        s = self.expr(e, env)
        if real and self.type_of(e, env) is FactType.INT:
            return f"({s} as real)"
        return s

    def arg(self, path: str, t: FactType) -> str:
        return self.atom(
            f"Arg_{t.value}_", path, f"function {{name}}(s: Step): {_TYPE[t]}", f"argument {path} as {t.value}"
        )


def _as_date(e: Expr) -> Expr:
    if isinstance(e, Const) and isinstance(e.value, str) and e.type is None:
        return Const(value=e.value, type=FactType.DATE)
    return e


def emit_policy(spec: PolicySpec) -> str:
    """The policy as a Dafny file that a person reads, and verifies with ``dafny``."""
    em = _Emitter(fact_types={f.name: f.type for f in spec.facts})
    for f in spec.facts:
        how = (
            f"read by code: {f.source.extractor.model_dump_json(exclude_none=True)}"
            if isinstance(f.source, Code)
            else f"asked of a reader on the {f.source.slice.value} slice: {f.source.question}"
        )
        em.decls += [
            f"// {comment(f.description or f.name)}",
            f"// {comment(how)}",
            f"function {ident(f.name, 'Fact_')}(t: Trace): {_TYPE[f.type]}",
            "",
        ]
    preds: list[str] = []
    for c in spec.constraints:
        body = em.expr(c.formula, {})
        cat = f" [{comment(c.category)}]" if c.category else ""
        preds += [
            f"// {comment(c.sentence)}{cat}",
            f"predicate {ident(c.id, 'C_')}(t: Trace)",
            "{",
            f"  {body}",
            "}",
            "",
        ]
    all_ids = " && ".join(f"{ident(c.id, 'C_')}(t)" for c in spec.constraints) or "true"
    header = [
        f"// Policy {comment(spec.name)}, spec hash {spec.hash}",
        f"// {comment(spec.description)}" if spec.description else "//",
        "// Generated by FormalJudge from the policy's JSON spec; do not edit (regenerate instead).",
        "// Verify: dafny /compile:0 FILE (Dafny 2.x) or dafny verify FILE (Dafny 4.x).",
        "",
    ]
    footer = ["// The trace complies with the policy.", "predicate Complies(t: Trace)", "{", f"  {all_ids}", "}", ""]
    return "\n".join(header + PRELUDE.splitlines() + [""] + em.decls + preds + footer)
