"""The LLM port: what FormalJudge asks of a language model, and what it counts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.llm._errors import LLMError

__all__ = ["LLM", "Accept", "Completion", "LLMError", "Message", "Usage"]


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


# A check of a reply: True when the caller could use it. Only accepted replies are cached.
Accept = Callable[[Completion], bool]


class LLM(Protocol):
    """A chat model at temperature 0. ``json_schema`` asks for JSON of that shape where the provider can.

    ``endpoint`` says where the model is served (a base URL, or "local"): two
    servers with the same model name may answer differently, so caches key on it.
    A call that gets no valid completion raises a ``ProviderError``.
    """

    provider: str
    model: str
    endpoint: str
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
