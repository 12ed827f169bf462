"""The least of a trace a reader sees: a context slice, cut to a size budget."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from formaljudge.ir._facts import ContextSlice
from formaljudge.traces._model import Step, StepKind, Trace

_KINDS: dict[ContextSlice, set[StepKind]] = {
    ContextSlice.TASK: {StepKind.USER},
    ContextSlice.TOOL_CALLS: {StepKind.TOOL_CALL, StepKind.TOOL_RESULT},
    ContextSlice.FINAL_OUTPUT: {StepKind.FINAL},
    ContextSlice.RESULTS_VS_OUTPUT: {StepKind.TOOL_RESULT, StepKind.FINAL},
    ContextSlice.WHOLE_TRACE: set(StepKind),
}


# what ``cut`` adds around the steps' own text: "[steps[3] tool_result search]" headers and the elision mark
_HEADER = re.compile(r"\[steps\[\d{1,9}\][^\]\n]{0,200}\]")
_ELIDED = "[... elided ...]"


@dataclass(frozen=True)
class Slice:
    text: str
    steps: tuple[Step, ...]
    _index_cache: dict[str, tuple[str, list[tuple[int, int, Step]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def find_all(self, quote: str) -> tuple[Step, ...]:
        """The steps a quote comes from, in order; empty when it is not in the slice.

        The quote is matched with the excerpt's step headers and elision mark
        removed, whitespace collapsed and case folded, so it may be copied from
        the excerpt as shown (header included) and may run across steps.
        """
        q = _fold(_HEADER.sub(" ", quote.replace(_ELIDED, " ")))
        if not q:
            return ()
        text, spans = self._index()
        at = text.find(q)
        if at < 0:
            return ()
        end = at + len(q)
        return tuple(step for start, stop, step in spans if start < end and stop > at)

    def find(self, quote: str) -> Step | None:
        """The first step a quote comes from (see ``find_all``); None when it is not there."""
        found = self.find_all(quote)
        return found[0] if found else None

    def _index(self) -> tuple[str, list[tuple[int, int, Step]]]:
        """The steps' folded texts joined by one space, and where each step's text lies in it."""
        if "index" not in self._index_cache:
            spans: list[tuple[int, int, Step]] = []
            texts = []
            pos = 0
            for s in self.steps:
                t = _fold(step_text(s))
                texts.append(t)
                spans.append((pos, pos + len(t), s))
                pos += len(t) + 1
            self._index_cache["index"] = (" ".join(texts), spans)
        return self._index_cache["index"]


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
