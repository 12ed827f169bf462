"""The data-flow graph of a trace: which step's text reaches which call's arguments.

An edge ``i -> j`` says that a value in tool call ``j``'s arguments appears
in the text of earlier step ``i`` (a tool result or a message). Strings of
four or more characters are matched without case, whole or by any run of
five consecutive words; numbers are matched as whole numerals of at least
two digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from formaljudge.traces._model import Step, StepKind, Trace

_MIN_STRING = 4
_RUN = 5  # words in a run that counts as copied text
_SOURCES = (StepKind.TOOL_RESULT, StepKind.USER, StepKind.SYSTEM)


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, scalar) for every scalar inside a JSON-like value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, f"{path}[{i}]")
    else:
        yield path, value


def _appears(value: Any, text_lower: str, text: str) -> bool:
    """Does an argument value (or a run of five of its words) appear in a source text?"""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        digits = f"{value:g}" if isinstance(value, float) else str(value)
        if len(digits.lstrip("-").replace(".", "")) < 2:
            return False
        return re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d])", text) is not None
    s = " ".join(str(value).split()).lower()
    if len(s) < _MIN_STRING:
        return False
    if s in text_lower:
        return True
    words = s.split(" ")
    return any(" ".join(words[i : i + _RUN]) in text_lower for i in range(len(words) - _RUN + 1))


class FlowIndex:
    """The flow graph of a growing trace: steps are added one at a time, in order."""

    def __init__(self) -> None:
        import networkx as nx

        self.graph: nx.DiGraph = nx.DiGraph()
        self.sources: list[tuple[Step, str]] = []

    def add(self, step: Step) -> None:
        self.graph.add_node(step.index)
        if step.kind is StepKind.TOOL_CALL:
            args = list(leaves(step.args))
            for src, low in self.sources:
                hits = [(p, v) for p, v in args if _appears(v, low, src.text)]
                if hits:
                    self.graph.add_edge(
                        src.index, step.index, args=[p for p, _ in hits], values=[str(v)[:80] for _, v in hits]
                    )
        if step.kind in _SOURCES and step.text:
            self.sources.append((step, " ".join(step.text.split()).lower()))

    def drop_last(self, step: Step) -> None:
        """Take back the last step added (a proposed call that was only being checked)."""
        self.graph.remove_node(step.index)
        if self.sources and self.sources[-1][0] is step:
            self.sources.pop()


def flow_graph(trace: Trace) -> nx.DiGraph:
    index = FlowIndex()
    for step in trace.steps:
        index.add(step)
    return index.graph
