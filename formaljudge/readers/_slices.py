"""The least of a trace a reader sees: a context slice, cut to a size budget."""

from __future__ import annotations

import json
from dataclasses import dataclass

from formaljudge.ir._facts import ContextSlice
from formaljudge.traces._model import Step, StepKind, Trace

_KINDS: dict[ContextSlice, set[StepKind]] = {
    ContextSlice.TASK: {StepKind.USER},
    ContextSlice.TOOL_CALLS: {StepKind.TOOL_CALL, StepKind.TOOL_RESULT},
    ContextSlice.FINAL_OUTPUT: {StepKind.FINAL},
    ContextSlice.RESULTS_VS_OUTPUT: {StepKind.TOOL_RESULT, StepKind.FINAL},
    ContextSlice.WHOLE_TRACE: set(StepKind),
}


@dataclass(frozen=True)
class Slice:
    text: str
    steps: tuple[Step, ...]

    def find(self, quote: str) -> Step | None:
        """The step whose text holds ``quote`` (whitespace and case folded); None when it is not there."""
        q = _fold(quote)
        if not q:
            return None
        for s in self.steps:
            if q in _fold(step_text(s)):
                return s
        return None


def _fold(s: str) -> str:
    return " ".join(s.split()).casefold()


def step_text(s: Step) -> str:
    if s.kind is StepKind.TOOL_CALL:
        return f"{s.tool}({json.dumps(s.args, ensure_ascii=False, default=str)})"
    return s.text


def cut(trace: Trace, which: ContextSlice, max_chars: int = 6000) -> Slice:
    """Steps of the slice in order, each headed by its address; the middle is elided past ``max_chars``."""
    kinds = _KINDS[which]
    steps = [s for s in trace.steps if s.kind in kinds]
    if which is ContextSlice.TASK:
        steps = steps[:1]
    if which is ContextSlice.FINAL_OUTPUT and not steps:
        agent = [s for s in trace.steps if s.kind is StepKind.AGENT]
        steps = agent[-1:]
    parts = [f"[{s.address} {s.kind.value}{' ' + s.tool if s.tool else ''}] {step_text(s)}" for s in steps]
    text = "\n".join(parts)
    if which is ContextSlice.TASK and not steps and trace.task:
        text = trace.task
    if len(text) > max_chars:
        half = max_chars // 2
        text = text[:half] + "\n[... elided ...]\n" + text[-half:]
    return Slice(text, tuple(steps))
