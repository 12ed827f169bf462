"""Which steps a trace-level operator ranges over."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.traces._model import StepKind


class StepSelector(BaseModel):
    """Steps that match every field given.

    ``tool`` holds names or glob patterns (``*transfer*``), matched without
    case. ``text`` is a regular expression searched in the step's text.
    ``error`` keeps only tool calls whose result is (or is not) an error,
    or tool results that are (not) errors. ``before``/``after`` name a
    variable bound by an enclosing ``forall``/``exists``: the step must come
    before/after that bound step. ``arg_present`` lists argument paths that
    must exist; ``arg_matches`` maps argument paths to regular expressions
    searched (without case) in the argument's value. ``named_in`` names a
    variable bound to a step whose text must name this step's tool (an
    instruction in a tool result that says which tool to call).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: StepKind | None = None
    tool: list[str] | None = None
    text: str | None = None
    error: bool | None = None
    before: str | None = None
    after: str | None = None
    arg_present: list[str] = Field(default_factory=list)
    arg_matches: dict[str, str] = Field(default_factory=dict)
    named_in: str | None = None

    def variables(self) -> set[str]:
        return {v for v in (self.before, self.after, self.named_in) if v is not None}
