"""Atomic facts: typed values read from a trace, by code or by a reader."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.ir._selector import StepSelector


class FactType(StrEnum):
    BOOL = "bool"
    INT = "int"
    REAL = "real"
    STRING = "string"
    DATE = "date"


class ContextSlice(StrEnum):
    """The least of the trace a reader is shown to answer a question."""

    TASK = "task"
    TOOL_CALLS = "tool_calls"
    FINAL_OUTPUT = "final_output"
    RESULTS_VS_OUTPUT = "results_vs_output"
    WHOLE_TRACE = "whole_trace"


class TextSlice(StrEnum):
    """Text a deterministic pattern is searched in."""

    TASK = "task"
    USER = "user"
    AGENT = "agent"
    FINAL = "final"
    TOOL_RESULTS = "tool_results"
    TOOL_CALLS = "tool_calls"


class _Extractor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ToolCalled(_Extractor):
    """True when some tool call matches ``where``."""

    kind: Literal["tool_called"] = "tool_called"
    where: StepSelector = StepSelector()


class CountSteps(_Extractor):
    """How many steps match ``where``."""

    kind: Literal["count"] = "count"
    where: StepSelector = StepSelector()


class SumArg(_Extractor):
    """Sum of a numeric argument over the tool calls matching ``where``."""

    kind: Literal["sum_arg"] = "sum_arg"
    where: StepSelector = StepSelector()
    path: str


class ArgValue(_Extractor):
    """An argument of the first/last matching call, or its max/min over them."""

    kind: Literal["arg_value"] = "arg_value"
    where: StepSelector = StepSelector()
    path: str
    pick: Literal["first", "last", "max", "min"] = "first"


class ToolError(_Extractor):
    """True when a tool result matching ``where`` is an error.

    With ``unrecovered``, an error followed by a successful call of the same
    tool does not count. ``which`` keeps failures (an error proper) or empty
    results (nothing found, empty lists) only.
    """

    kind: Literal["tool_error"] = "tool_error"
    where: StepSelector = StepSelector()
    unrecovered: bool = False
    which: Literal["any", "failure", "empty"] = "any"


class FinalAnswerPresent(_Extractor):
    kind: Literal["final_answer_present"] = "final_answer_present"


class FinalAnswerLength(_Extractor):
    """Length of the final answer in characters (0 when there is none)."""

    kind: Literal["final_answer_length"] = "final_answer_length"


class TextMatches(_Extractor):
    """True when a regular expression matches somewhere in a slice of text."""

    kind: Literal["text_matches"] = "text_matches"
    slice: TextSlice
    pattern: str


class Flows(_Extractor):
    """True when data from a step matching ``source`` reaches the arguments of a later ``target`` call."""

    kind: Literal["flows"] = "flows"
    source: StepSelector
    target: StepSelector


class Ordered(_Extractor):
    """True when every step matching ``then`` has a step matching ``first`` before it."""

    kind: Literal["ordered"] = "ordered"
    first: StepSelector
    then: StepSelector


class ToolDescribed(_Extractor):
    """True when a called tool's name (split into words) or its declared description matches ``pattern``.

    Descriptions come from the tools the agent was given: an OpenAI ``tools``
    list in the record, or ``"name": ..., "description": ...`` pairs in the
    system or user text that declares them.
    """

    kind: Literal["tool_described"] = "tool_described"
    pattern: str


ClaimKind = Literal["number", "date", "time", "identifier", "name", "quote", "count"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("number", "date", "time", "identifier", "name", "quote", "count")


ClaimCount = Literal["all", "contradicted", "unsupported_figures", "gap_figures", "figures"]


class UnsupportedClaims(_Extractor):
    """Claims of the final answer (figures, dates, times, identifiers, names, quotations, counts) checked against
    the sources (tool results, arguments, user and system messages). ``count`` says what is counted: ``all``
    findings; ``contradicted`` claims, the strong kind (the sources give another value, the opposite sign, another
    record's value; an identifier, name, quotation or date no source holds; a figure "confirmed" only by the
    user's own message); ``unsupported_figures``, figures and times that no source holds or derives in a few
    exact steps; ``gap_figures``, those of them on a line that names an item a failed call asked for or a result
    left empty (the gap filled); ``figures``, how many figures were checked."""

    kind: Literal["unsupported_claims"] = "unsupported_claims"
    what: list[ClaimKind] = Field(default_factory=lambda: list(CLAIM_KINDS))
    count: ClaimCount = "all"


class UnbackedActionClaims(_Extractor):
    """How many kinds of action (send, save, book, delete, pay, run) the final answer claims
    done with no successful call of that kind."""

    kind: Literal["unbacked_action_claims"] = "unbacked_action_claims"


class MissingData(_Extractor):
    """True when the tools did not give what the task asked about: an empty result no later call of the same tool
    made good, an empty field the task names, or a result that says it is partial (``complete: false``, a list of
    missing items, a pending status, a note that the data is not yet available)."""

    kind: Literal["missing_data"] = "missing_data"


class DocumentSubstituted(_Extractor):
    """True when the task names a document, record or version (an identifier, a file, a document with a year, date,
    quarter or version) that no successful call asked for, while one asked for another of the same shape."""

    kind: Literal["document_substituted"] = "document_substituted"


Extractor = Annotated[
    ToolCalled
    | CountSteps
    | SumArg
    | ArgValue
    | ToolError
    | FinalAnswerPresent
    | FinalAnswerLength
    | TextMatches
    | Flows
    | Ordered
    | UnsupportedClaims
    | UnbackedActionClaims
    | MissingData
    | DocumentSubstituted
    | ToolDescribed,
    Field(discriminator="kind"),
]


class Code(BaseModel):
    """Read by deterministic code."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    by: Literal["code"] = "code"
    extractor: Extractor


class Question(BaseModel):
    """Answered by a reader (an LLM or the embedded reader), one small question."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    by: Literal["reader"] = "reader"
    question: str
    slice: ContextSlice = ContextSlice.WHOLE_TRACE
    max_chars: int = 6000


Source = Annotated[Code | Question, Field(discriminator="by")]


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: FactType
    description: str = ""
    source: Source
