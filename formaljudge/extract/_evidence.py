"""Values read from a trace, with the evidence that they were read there."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.ir._facts import FactType
from formaljudge.traces._model import Step

QUOTE_CHARS = 160


class Evidence(BaseModel):
    """A pointer into the trace: normalized address, original location, quote."""

    model_config = ConfigDict(frozen=True)

    address: str
    origin: str = ""
    quote: str = ""
    note: str = ""

    @classmethod
    def of(cls, step: Step, path: str = "", quote: str | None = None, note: str = "") -> Evidence:
        text = step.text if quote is None else quote
        text = " ".join(text.split())
        if len(text) > QUOTE_CHARS:
            text = text[: QUOTE_CHARS - 1] + "…"
        # validated: pydantic-core builds a model faster than ``model_construct`` does (this runs for every
        # selected step)
        return cls(address=step.field_address(path), origin=step.origin, quote=text, note=note)


class FactValue(BaseModel):
    """A fact's value for one trace. ``value is None`` means UNKNOWN."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: FactType
    value: Any = None
    source: str = "code"
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float | None = None
    note: str = ""
    llm: dict[str, int] | None = None  # for an LLM reader's answer: calls, cached_calls, prompt/completion tokens
    error: str | None = None  # the reader's model call failed (outage, 429, bad reply): not an answer, retry later

    @property
    def known(self) -> bool:
        return self.value is not None
