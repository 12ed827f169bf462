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


_GRAM = 4  # strings are looked up by their rarest run of four characters
_INDEX_FROM = 16  # sources before the texts are indexed
_NUMERAL = re.compile(r"(?<![\d.])-?\d[\d.]*")
_PLAIN_NUMBER = re.compile(r"-?\d[\d.]*")


class FlowIndex:
    """The flow graph of a growing trace: steps are added one at a time, in order.

    Source texts are indexed (runs of four characters, and the numerals they
    hold), so a new call is compared only with the sources that could hold
    its argument values: adding a step costs about the same at step 10 as at
    step 10,000. A trace with fewer than ``_INDEX_FROM`` sources is not
    indexed: each call is compared with all of them (cheaper than indexing).
    """

    def __init__(self) -> None:
        import networkx as nx

        self.graph: nx.DiGraph = nx.DiGraph()
        self.sources: list[tuple[Step, str]] = []
        self._grams: dict[str, list[int]] = {}  # run of four characters -> positions in ``sources``
        self._numbers: dict[str, list[int]] = {}  # a numeral's possible match ('120', '120.50') -> positions
        self._indexed = False  # from ``_INDEX_FROM`` sources on

    def add(self, step: Step) -> None:
        self.graph.add_node(step.index)
        if step.kind is StepKind.TOOL_CALL and self.sources:
            args = list(leaves(step.args))
            found: dict[int, list[tuple[str, Any]]] = {}
            for p, v in args:
                for i in self._candidates(v):
                    src, low = self.sources[i]
                    if _appears(v, low, src.text):
                        found.setdefault(i, []).append((p, v))
            for i in sorted(found):
                hits = found[i]
                self.graph.add_edge(
                    self.sources[i][0].index,
                    step.index,
                    args=[p for p, _ in hits],
                    values=[str(v)[:80] for _, v in hits],
                )
        if step.kind in _SOURCES and step.text:
            if self._indexed:
                self._index(len(self.sources), step.text)
            self.sources.append((step, " ".join(step.text.split()).lower()))
            if not self._indexed and len(self.sources) >= _INDEX_FROM:
                for i, (src, _) in enumerate(self.sources):
                    self._index(i, src.text)
                self._indexed = True

    def _index(self, i: int, text: str) -> None:
        low = " ".join(text.split()).lower()
        for g in {low[k : k + _GRAM] for k in range(len(low) - _GRAM + 1)}:
            self._grams.setdefault(g, []).append(i)
        keys: set[str] = set()
        for m in _NUMERAL.finditer(text):
            token = m.group(0)
            sign = "-" if token.startswith("-") else ""
            body = token[len(sign) :]
            for cut in [k for k, ch in enumerate(body) if ch == "."] + [len(body)]:
                keys.add(body[:cut])
                if sign:
                    keys.add(sign + body[:cut])
        for k in keys:
            self._numbers.setdefault(k, []).append(i)

    def _candidates(self, value: Any) -> list[int]:
        """Sources that may hold ``value`` (a superset of those ``_appears`` accepts), in order."""
        if isinstance(value, bool) or value is None:
            return []
        if not self._indexed:
            short = isinstance(value, str) and len(" ".join(value.split()).lower()) < _MIN_STRING
            return [] if short else self._all()
        if isinstance(value, (int, float)):
            digits = f"{value:g}" if isinstance(value, float) else str(value)
            if not _PLAIN_NUMBER.fullmatch(digits):
                return list(range(len(self.sources)))  # an exponent: check every source
            hits = set(self._numbers.get(digits, ()))
            if digits.startswith("-"):
                hits.update(self._numbers.get(digits[1:], ()))
            return sorted(hits)
        s = " ".join(str(value).split()).lower()
        if len(s) < _MIN_STRING:
            return []
        words = s.split(" ")
        queries = [s] + [" ".join(words[i : i + _RUN]) for i in range(len(words) - _RUN + 1)]
        out: set[int] = set()
        for q in queries:
            if len(q) < _GRAM:
                return list(range(len(self.sources)))
            # a source holding q holds each of its runs: the rarest of a few (start, middle, end) will do
            picks = {0, (len(q) - _GRAM) // 2, len(q) - _GRAM}
            rarest: list[int] | None = None
            for k in picks:
                posting = self._grams.get(q[k : k + _GRAM], [])
                if rarest is None or len(posting) < len(rarest):
                    rarest = posting
            out.update(rarest or ())
        return sorted(out)

    def _all(self) -> list[int]:
        return list(range(len(self.sources)))

    def drop_last(self, step: Step) -> None:
        """Take back the last step added (a proposed call that was only being checked)."""
        self.graph.remove_node(step.index)
        if self.sources and self.sources[-1][0] is step:
            i = len(self.sources) - 1
            for table in (self._grams, self._numbers):
                for postings in table.values():
                    if postings and postings[-1] == i:
                        postings.pop()
            self.sources.pop()


def flow_graph(trace: Trace) -> nx.DiGraph:
    index = FlowIndex()
    for step in trace.steps:
        index.add(step)
    return index.graph
