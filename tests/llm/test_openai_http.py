"""The OpenAI-compatible provider at the HTTP boundary: request shape, structured output, retries, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

try:  # the HTTP library the installed openai client is built on
    import httpx2 as httpx
except ImportError:  # openai < 3
    import httpx  # type: ignore[no-redef]

from formaljudge.llm import LLMError, Message
from formaljudge.llm import _retry as retry_mod
from formaljudge.llm._openai import OpenAIChat


def _reply(content: str, *, logprob: float | None = None) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
    if logprob is not None:
        choice["logprobs"] = {
            "content": [
                {"token": '{"', "logprob": 0.0, "bytes": None, "top_logprobs": []},
                {"token": "answer", "logprob": 0.0, "bytes": None, "top_logprobs": []},
                {"token": '":', "logprob": 0.0, "bytes": None, "top_logprobs": []},
                {"token": "true", "logprob": logprob, "bytes": None, "top_logprobs": []},
            ]
        }
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [choice],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14},
    }


class Server:
    """Answers with the queued (status, body) pairs and records every request."""

    def __init__(self, *responses: tuple[int, dict[str, Any]]) -> None:
        self.responses = list(responses)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append({"url": str(request.url), "body": json.loads(request.content), "headers": request.headers})
        status, body = self.responses.pop(0)
        return httpx.Response(status, json=body)


def _chat(server: Server, **kw: Any) -> OpenAIChat:
    client = httpx.Client(transport=httpx.MockTransport(server))
    return OpenAIChat("m", base_url="http://llm.test/v1", api_key="k", http_client=client, **kw)


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry_mod.time, "sleep", lambda s: None)


SCHEMA = {"type": "object", "properties": {"answer": {"type": "boolean"}}, "required": ["answer"]}


def test_request_shape_and_structured_output() -> None:
    server = Server((200, _reply('{"answer": true}', logprob=-0.105)))
    c = _chat(server).complete([Message(role="user", content="q?")], json_schema=SCHEMA, max_tokens=50)
    [req] = server.requests
    assert req["url"] == "http://llm.test/v1/chat/completions"
    assert req["headers"]["authorization"] == "Bearer k"
    body = req["body"]
    assert body["model"] == "m" and body["temperature"] == 0 and body["max_tokens"] == 50
    assert body["messages"] == [{"role": "user", "content": "q?"}]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert c.text == '{"answer": true}' and (c.prompt_tokens, c.completion_tokens) == (11, 3)
    assert c.confidence == pytest.approx(0.9, abs=1e-3)


def test_transient_errors_are_retried() -> None:
    server = Server((500, {"error": {"message": "boom"}}), (429, {"error": {"message": "slow"}}), (200, _reply("ok")))
    chat = _chat(server)
    assert chat.complete([Message(role="user", content="q")]).text == "ok"
    assert len(server.requests) == 3 and chat.usage.calls == 1


def test_persistent_failure_is_an_llm_error() -> None:
    server = Server(*[(503, {"error": {"message": "down"}})] * 4)
    with pytest.raises(LLMError, match="m:"):
        _chat(server).complete([Message(role="user", content="q")])
    assert len(server.requests) == 4


def test_server_without_json_schema_falls_back_to_json_mode() -> None:
    server = Server((400, {"error": {"message": "response_format json_schema unsupported"}}), (200, _reply("{}")))
    _chat(server).complete([Message(role="user", content="q")], json_schema=SCHEMA)
    assert [r["body"]["response_format"]["type"] for r in server.requests] == ["json_schema", "json_object"]


def test_missing_configuration_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "FORMALJUDGE_MODEL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(LLMError, match="FORMALJUDGE_MODEL"):
        OpenAIChat()
    with pytest.raises(LLMError, match="OPENAI_API_KEY"):
        OpenAIChat("gpt")
