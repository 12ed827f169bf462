"""An agent served by an OpenAI-compatible endpoint, for ``formaljudge refine``.

The task file gives the task, the tools (OpenAI function schemas) and what
each tool returns (a simulated environment: ``tool_results`` maps a tool name
to its result text; a tool not listed returns ``"ok"``). The feedback on the
last attempt goes in as a second user message.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from formaljudge.errors import FormalJudgeError
from formaljudge.llm._errors import InvalidReply
from formaljudge.llm._openai import openai_client, send_chat
from formaljudge.llm._transport import Transport, TransportConfig


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
    """Every request goes through the shared transport (retries, timeout, breaker); a reply that is not a
    completion, or a failed call, raises a ``ProviderError`` that ``refine`` records."""

    def __init__(
        self,
        spec: TaskFile,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        http_client: Any = None,
        transport: TransportConfig | None = None,
    ) -> None:
        cfg = transport or TransportConfig.from_env()
        self.client, self.endpoint = openai_client(
            base_url=base_url, api_key=api_key, timeout_s=cfg.timeout_s, http_client=http_client
        )
        self.transport = Transport(self.endpoint, cfg)
        self.task_file = spec
        self.model = model

    def _send(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return send_chat(self.client, kwargs, endpoint=self.endpoint, timeout_s=self.transport.config.timeout_s)

    def __call__(self, task: str, feedback: str | None) -> list[dict[str, Any]]:
        msgs: list[dict[str, Any]] = [
            {"role": "system", "content": self.task_file.system},
            {"role": "user", "content": task},
        ]
        if feedback:
            msgs.append({"role": "user", "content": feedback})
        for _ in range(self.task_file.max_turns):
            kwargs: dict[str, Any] = {"model": self.model, "messages": list(msgs), "temperature": 0}
            if self.task_file.tools:
                kwargs["tools"] = self.task_file.tools
            reply = self.transport.call(partial(self._send, kwargs))["choices"][0]["message"]
            calls = _tool_calls(reply.get("tool_calls"), self.endpoint)
            content = reply.get("content")
            msgs.append(
                {
                    "role": "assistant",
                    "content": content if isinstance(content, str) else None,
                    **({"tool_calls": calls} if calls else {}),
                }
            )
            if not calls:
                break
            for c in calls:
                result = self.task_file.tool_results.get(c["function"]["name"], "ok")
                msgs.append({"role": "tool", "tool_call_id": c["id"], "content": result})
        return msgs


def _tool_calls(raw: Any, endpoint: str) -> list[dict[str, Any]]:
    """The reply's tool calls in OpenAI's shape; a malformed list is an invalid reply."""
    if raw is None:
        return []
    out = []
    for i, c in enumerate(raw if isinstance(raw, list) else [None]):
        fn = c.get("function") if isinstance(c, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise InvalidReply(f"tool call {i} of the reply has no function name", status=200, endpoint=endpoint)
        args = fn.get("arguments")
        out.append(
            {
                "id": str(c.get("id") or f"call_{i}"),
                "type": "function",
                "function": {"name": fn["name"], "arguments": args if isinstance(args, str) else json.dumps(args)},
            }
        )
    return out
