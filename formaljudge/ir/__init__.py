"""The constraint IR: pure pydantic, no I/O, no solver."""

from formaljudge.ir._facts import (
    ArgValue,
    Code,
    ContextSlice,
    CountSteps,
    Extractor,
    Fact,
    FactType,
    FinalAnswerLength,
    FinalAnswerPresent,
    Flows,
    Ordered,
    Question,
    SumArg,
    TextMatches,
    TextSlice,
    ToolCalled,
    ToolError,
)
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
from formaljudge.ir._spec import Constraint, PolicySpec, Provenance

__all__ = [
    "And", "Arg", "ArgValue", "Arith", "Cmp", "Code", "Const", "Constraint", "ContextSlice", "Count",
    "CountSteps", "Exists", "Expr", "Extractor", "Fact", "FactRef", "FactType", "FinalAnswerLength",
    "FinalAnswerPresent", "Flows", "FlowsInto", "ForAll", "Implies", "Matches", "Not", "Or", "Ordered",
    "PolicySpec", "Provenance", "Question", "StepSelector", "Sum", "SumArg", "TextMatches", "TextSlice",
    "ToolCalled", "ToolError", "date_ordinal",
]
