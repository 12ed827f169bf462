"""The LLM port: what FormalJudge asks of a language model, and what it counts."""

from __future__ import annotations

import threading
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.errors import FormalJudgeError


class LLMError(FormalJudgeError):
    """A provider failed after its retries, or is misconfigured."""


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Literal["system", "user", "assistant"]
    content: str


class Completion(BaseModel):
    """One answer. ``confidence`` is the probability of the answer's first token, where the provider gives it."""

    model_config = ConfigDict(frozen=True)

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    confidence: float | None = None
    cached: bool = False


class Usage(BaseModel):
    """Calls and tokens spent (thread-safe to add to)."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    lock: Any = Field(default_factory=threading.Lock, exclude=True, repr=False)

    def add(self, c: Completion) -> None:
        with self.lock:
            if c.cached:
                self.cached_calls += 1
            else:
                self.calls += 1
                self.prompt_tokens += c.prompt_tokens
                self.completion_tokens += c.completion_tokens


class LLM(Protocol):
    """A chat model at temperature 0. ``json_schema`` asks for JSON of that shape where the provider can."""

    provider: str
    model: str
    usage: Usage

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
    ) -> Completion:
        """``template`` names the prompt template version (for caches; providers ignore it)."""
        ...
