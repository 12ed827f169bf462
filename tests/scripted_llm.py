"""A scripted double of the LLM port, for unit tests only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from formaljudge.llm import Completion, Message, Usage


class ScriptedLLM:
    provider = "scripted"
    model = "script"
    endpoint = "scripted"

    def __init__(
        self, *replies: str, confidence: float | None = None, reply: Callable[[str], str] | None = None
    ) -> None:
        """Replies in order, or ``reply(prompt)`` for each call when given (order-free, for concurrent use)."""
        self.replies = list(replies)
        self.reply = reply
        self.seen: list[list[Message]] = []
        self.usage = Usage()
        self.confidence = confidence

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
    ) -> Completion:
        self.seen.append(list(messages))
        text = self.reply(messages[-1].content) if self.reply is not None else self.replies.pop(0)
        c = Completion(text=text, prompt_tokens=10, completion_tokens=5, confidence=self.confidence)
        self.usage.add(c)
        return c
