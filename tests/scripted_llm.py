"""A scripted double of the LLM port, for unit tests only."""

from __future__ import annotations

from typing import Any

from formaljudge.llm import Completion, Message, Usage


class ScriptedLLM:
    provider = "scripted"
    model = "script"

    def __init__(self, *replies: str, confidence: float | None = None) -> None:
        self.replies = list(replies)
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
        c = Completion(text=self.replies.pop(0), prompt_tokens=10, completion_tokens=5, confidence=self.confidence)
        self.usage.add(c)
        return c
