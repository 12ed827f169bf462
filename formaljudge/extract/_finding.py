"""A claim of the final answer that the sources do not support, or contradict."""

from __future__ import annotations

from dataclasses import dataclass

from formaljudge.traces._model import Step


@dataclass(frozen=True)
class Finding:
    """A claim of the answer that the sources do not support, or contradict."""

    kind: str  # number | date | time | identifier | name | quote | count
    status: str  # unsupported | contradicted
    claim: str
    start: int
    end: int
    why: str
    steps: tuple[Step, ...] = ()
    source_quote: str = ""
