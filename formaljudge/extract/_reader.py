"""The reader port: who answers the facts that code cannot read."""

from __future__ import annotations

from typing import Protocol

from formaljudge.extract._evidence import FactValue
from formaljudge.ir._facts import Fact, Question
from formaljudge.traces._model import Trace


class Reader(Protocol):
    """Answers one question about one trace. Must return UNKNOWN (value None) when unsure."""

    name: str

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue: ...


class NoReader:
    """Leaves every question UNKNOWN. Chosen explicitly; never a silent fallback."""

    name = "none"

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        return FactValue(name=fact.name, type=fact.type, value=None, source="none", note="no reader configured")
