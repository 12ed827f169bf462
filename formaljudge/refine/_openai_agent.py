"""An agent served by an OpenAI-compatible endpoint, for ``formaljudge refine``.

The task file gives the task, the tools (OpenAI function schemas) and what
each tool returns (a simulated environment: ``tool_results`` maps a tool name
to its result text; a tool not listed returns ``"ok"``). The feedback on the
last attempt goes in as a second user message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from formaljudge.errors import FormalJudgeError


class TaskFile(BaseModel):
    task: str
    system: str = "You are a careful assistant. Use the tools when they help."
    tools: list[dict[str, Any]] = Field(default_factory=list)
    tool_results: dict[str, str] = Field(default_factory=dict)
    max_turns: int = 8

    @classmethod
    def load(cls, path: Path) -> TaskFile:
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise FormalJudgeError(f"{path}: cannot read: {exc}") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(file)"
            raise FormalJudgeError(f"{path}: not a task file: {where}: {first['msg']}") from None


class OpenAIToolAgent:
    def __init__(
        self,
        spec: TaskFile,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        http_client: Any = None,
    ) -> None:
        try:
            import openai
        except ImportError:
            raise FormalJudgeError(
                'the refine agent needs the openai package: pip install "formaljudge[openai]"'
            ) from None
        base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if base_url else None)
        if key is None:
            raise FormalJudgeError("no API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
        self.task_file = spec
        self.model = model
        self.client = openai.OpenAI(base_url=base_url, api_key=key, max_retries=2, http_client=http_client)

    def __call__(self, task: str, feedback: str | None) -> list[dict[str, Any]]:
        msgs: list[dict[str, Any]] = [
            {"role": "system", "content": self.task_file.system},
            {"role": "user", "content": task},
        ]
        if feedback:
            msgs.append({"role": "user", "content": feedback})
        for _ in range(self.task_file.max_turns):
            kwargs: dict[str, Any] = {"model": self.model, "messages": msgs, "temperature": 0}
            if self.task_file.tools:
                kwargs["tools"] = self.task_file.tools
            reply = self.client.chat.completions.create(**kwargs).choices[0].message
            calls = reply.tool_calls or []
            msgs.append(
                {
                    "role": "assistant",
                    "content": reply.content,
                    **(
                        {
                            "tool_calls": [
                                {
                                    "id": c.id,
                                    "type": "function",
                                    "function": {"name": c.function.name, "arguments": c.function.arguments},
                                }
                                for c in calls
                            ]
                        }
                        if calls
                        else {}
                    ),
                }
            )
            if not calls:
                break
            for c in calls:
                result = self.task_file.tool_results.get(c.function.name, "ok")
                msgs.append({"role": "tool", "tool_call_id": c.id, "content": result})
        return msgs
