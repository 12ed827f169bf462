"""Accumulates steps while an adapter walks a record."""

from __future__ import annotations

from typing import Any

from formaljudge.traces._model import Step, StepKind


class StepBuilder:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._open_calls: dict[str, int] = {}
        self._last_call: int | None = None

    def add(self, kind: StepKind, *, origin: str, text: str = "", **fields: Any) -> Step:
        step = Step(index=len(self.steps), kind=kind, text=text, origin=origin, **fields)
        self.steps.append(step)
        return step

    def call(self, tool: str, args: dict[str, Any], *, origin: str, call_id: str | None = None, text: str = "") -> Step:
        step = self.add(StepKind.TOOL_CALL, origin=origin, tool=tool, args=args, call_id=call_id, text=text)
        if call_id is not None:
            self._open_calls[call_id] = step.index
        self._last_call = step.index
        return step

    def result(self, text: str, *, origin: str, call_id: str | None = None, error: bool | None = None) -> Step:
        """A tool result, matched to its call by id, else to the latest call."""
        of: int | None = None
        if call_id is not None and call_id in self._open_calls:
            of = self._open_calls[call_id]
        elif call_id is None:
            of = self._last_call
        tool = self.steps[of].tool if of is not None else None
        return self.add(
            StepKind.TOOL_RESULT, origin=origin, text=text, call_id=call_id, result_of=of, error=error, tool=tool
        )

    def promote_final(self) -> None:
        """Make the last agent message the final answer when nothing follows it."""
        for i in range(len(self.steps) - 1, -1, -1):
            s = self.steps[i]
            if s.kind is StepKind.FINAL:
                return
            if s.kind is StepKind.AGENT and s.text.strip():
                if all(t.kind is StepKind.AGENT for t in self.steps[i + 1 :]):
                    self.steps[i] = s.model_copy(update={"kind": StepKind.FINAL})
                return
            if s.kind in (StepKind.TOOL_CALL, StepKind.TOOL_RESULT, StepKind.USER):
                return


def content_text(content: Any) -> str:
    """Plain text of a message content that may be a string or a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                if isinstance(part.get("text"), str):
                    parts.append(part["text"])
                elif "content" in part:
                    parts.append(content_text(part["content"]))
        return "\n".join(parts)
    if isinstance(content, dict) and isinstance(content.get("text"), str):
        return str(content["text"])
    return str(content)
