"""The reader port: who answers the facts that code cannot read."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class ReadRequest:
    """One question about one trace."""

    fact: Fact
    question: Question
    trace: Trace


def read_many(reader: Reader, requests: list[ReadRequest]) -> list[FactValue]:
    """Answers to many questions, in order. A reader with its own ``read_many`` answers them as one
    batch (the embedded reader encodes every sentence in one model call); others, one at a time."""
    if not requests:
        return []
    batch = getattr(reader, "read_many", None)
    if batch is not None:
        answers: list[FactValue] = batch(requests)
        return answers
    return [reader.read(r.fact, r.question, r.trace) for r in requests]


def not_asked(fact: Fact) -> FactValue:
    """A reader fact left unasked, because no verdict depended on it."""
    return FactValue(name=fact.name, type=fact.type, value=None, source="not asked", note=NOT_ASKED)


NOT_ASKED = "not asked: no verdict depends on it"
