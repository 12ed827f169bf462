"""The normalized trace: one model for every input format."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StepKind(StrEnum):
    SYSTEM = "system"
    USER = "user"
    AGENT = "agent"  # agent message or thought that is not the final answer
    TOOL_CALL = "tool_call"
    TOOL_RESULT = "tool_result"
    FINAL = "final"  # the agent's final answer to the user


class Step(BaseModel):
    """One step of a trajectory.

    ``index`` is the step's position in ``Trace.steps``; its address is
    ``steps[index]`` and a field's address is ``steps[index].args.amount``.
    ``origin`` points into the original record (``messages[3].tool_calls[0]``).
    """

    model_config = ConfigDict(frozen=True)

    index: int
    kind: StepKind
    text: str = ""
    tool: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    call_id: str | None = None
    result_of: int | None = None  # for a tool result: index of its call
    error: bool | None = None  # for a tool result: the source's own error flag
    origin: str = ""

    @property
    def address(self) -> str:
        return f"steps[{self.index}]"

    def field_address(self, path: str) -> str:
        return f"{self.address}.{path}" if path else self.address


class Trace(BaseModel):
    """A normalized agent trajectory.

    ``raw`` keeps the original record untouched (the normalization is
    lossless: every step's ``origin`` points back into it).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    task: str = ""
    steps: tuple[Step, ...] = ()
    label: str | None = None
    format: str = ""
    source_file: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    raw: Any = Field(default=None, repr=False)

    def of_kind(self, *kinds: StepKind) -> list[Step]:
        return [s for s in self.steps if s.kind in kinds]

    @property
    def final_answer(self) -> Step | None:
        finals = self.of_kind(StepKind.FINAL)
        return finals[-1] if finals else None

    def result_for(self, call: Step) -> Step | None:
        for s in self.steps[call.index + 1 :]:
            if s.kind is StepKind.TOOL_RESULT and s.result_of == call.index:
                return s
        return None

    def resolve(self, address: str) -> Any:
        """The value at an address such as ``steps[3].args.amount``."""
        from formaljudge.traces._address import resolve

        return resolve(self, address)
