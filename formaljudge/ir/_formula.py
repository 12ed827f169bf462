"""Formulas over facts and over the steps of a trace.

A closed union discriminated by ``op``; every translator walks it with
``match`` and ``assert_never`` so that a new node fails loudly where it is
not handled.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.ir._facts import FactType
from formaljudge.ir._selector import StepSelector

CmpOp = Literal["==", "!=", "<", "<=", ">", ">="]
ArithOp = Literal["+", "-", "*"]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Const(_Node):
    op: Literal["const"] = "const"
    value: bool | int | float | str
    type: FactType | None = None  # needed only for dates: {"value": "2026-01-31", "type": "date"}


class FactRef(_Node):
    op: Literal["fact"] = "fact"
    name: str


class Not(_Node):
    op: Literal["not"] = "not"
    arg: Expr


class And(_Node):
    op: Literal["and"] = "and"
    args: list[Expr]


class Or(_Node):
    op: Literal["or"] = "or"
    args: list[Expr]


class Implies(_Node):
    op: Literal["implies"] = "implies"
    left: Expr
    right: Expr


class Cmp(_Node):
    op: Literal["cmp"] = "cmp"
    cmp: CmpOp
    left: Expr
    right: Expr


class Arith(_Node):
    op: Literal["arith"] = "arith"
    fn: ArithOp
    args: list[Expr]


class ForAll(_Node):
    """For every step matching ``where`` (bound to ``var``), ``body`` holds."""

    op: Literal["forall"] = "forall"
    var: str
    where: StepSelector
    body: Expr


class Exists(_Node):
    """Some step matching ``where`` (bound to ``var``) makes ``body`` hold."""

    op: Literal["exists"] = "exists"
    var: str = "_"
    where: StepSelector
    body: Expr = Const(value=True)


class Count(_Node):
    """Number of steps matching ``where`` (an int)."""

    op: Literal["count"] = "count"
    where: StepSelector


class Sum(_Node):
    """Sum of argument ``path`` over the tool calls matching ``where`` (a real)."""

    op: Literal["sum"] = "sum"
    where: StepSelector
    path: str


class Arg(_Node):
    """Argument ``path`` of the step bound to ``var``; unknown when absent."""

    op: Literal["arg"] = "arg"
    var: str
    path: str
    type: FactType


class Matches(_Node):
    """True when the step bound to ``var`` also matches ``where``."""

    op: Literal["matches"] = "matches"
    var: str
    where: StepSelector


class FlowsInto(_Node):
    """Data from the result of a step matching ``source`` reaches the arguments of the step bound to ``var``."""

    op: Literal["flows"] = "flows"
    source: StepSelector
    var: str


Expr = Annotated[
    Const
    | FactRef
    | Not
    | And
    | Or
    | Implies
    | Cmp
    | Arith
    | ForAll
    | Exists
    | Count
    | Sum
    | Arg
    | Matches
    | FlowsInto,
    Field(discriminator="op"),
]

for _m in (Not, And, Or, Implies, Cmp, Arith, ForAll, Exists):
    _m.model_rebuild()


def fact_refs(node: BaseModel) -> set[str]:
    """Names of the facts a formula (or any part of the IR) refers to."""
    if isinstance(node, FactRef):
        return {node.name}
    out: set[str] = set()
    for value in node.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                out |= fact_refs(item)
    return out


def date_ordinal(value: str | date) -> int:
    """Dates are compared as day numbers."""
    d = value if isinstance(value, date) else date.fromisoformat(value[:10])
    return d.toordinal()
