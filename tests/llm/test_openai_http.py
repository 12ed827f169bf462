"""The OpenAI-compatible provider at the HTTP boundary: request shape, structured output, retries, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

try:  # the HTTP library the installed openai client is built on
    import httpx2 as httpx
except ImportError:  # openai < 3
    import httpx  # type: ignore[no-redef]

from formaljudge.llm import (
    CallTimeout,
    CircuitOpen,
    InvalidReply,
    LLMError,
    Message,
    ProviderError,
    RequestRefused,
    TransportConfig,
)
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


Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]] | type[Exception]


class Server:
    """Answers with the queued replies — (status, JSON body or raw bytes[, headers]) or an httpx exception
    class to raise — and records every request."""

    def __init__(self, *responses: Reply) -> None:
        self.responses = list(responses)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append({"url": str(request.url), "body": json.loads(request.content), "headers": request.headers})
        r = self.responses.pop(0)
        if isinstance(r, type):
            raise r("simulated", request=request)  # type: ignore[call-arg]
        status, body, *rest = r
        headers = rest[0] if rest else {}
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)


SLEPT: list[float] = []


def _chat(server: Server, **kw: Any) -> OpenAIChat:
    client = httpx.Client(transport=httpx.MockTransport(server))
    cfg = kw.pop("transport", None) or TransportConfig(attempts=4, backoff_s=0.001, backoff_max_s=0.01)
    chat = OpenAIChat("m", base_url="http://llm.test/v1", api_key="k", http_client=client, transport=cfg, **kw)
    chat.transport.sleep = SLEPT.append
    return chat


@pytest.fixture(autouse=True)
def _clear_sleeps() -> None:
    SLEPT.clear()


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
    with pytest.raises(ProviderError, match="HTTP 503") as info:
        _chat(server).complete([Message(role="user", content="q")])
    assert len(server.requests) == 4 and info.value.attempts == 4 and info.value.status == 503
    assert b"down" in info.value.body and "http://llm.test/v1" in str(info.value)


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


def test_retry_after_is_honoured_and_backoff_has_full_jitter() -> None:
    server = Server(
        (429, {"error": {"message": "slow"}}, {"retry-after": "3"}),
        *[(500, {"error": {"message": "x"}})] * 4,
        (200, _reply("ok")),
    )
    cfg = TransportConfig(attempts=6, backoff_s=1.0, backoff_max_s=8.0, budget_s=1000)
    assert _chat(server, transport=cfg).complete([Message(role="user", content="q")]).text == "ok"
    assert SLEPT[0] >= 3.0  # at least what Retry-After asked
    ceilings = [2.0, 4.0, 8.0, 8.0]  # exponential, capped; full jitter waits anywhere below the ceiling
    assert all(0 <= w <= c for w, c in zip(SLEPT[1:], ceilings, strict=True))


def test_total_time_budget_stops_retries() -> None:
    server = Server((429, {"error": {}}, {"retry-after": "50"}), (200, _reply("never")))
    cfg = TransportConfig(attempts=6, backoff_s=0.001, budget_s=10)
    with pytest.raises(ProviderError, match="HTTP 429"):
        _chat(server, transport=cfg).complete([Message(role="user", content="q")])
    assert len(server.requests) == 1 and SLEPT == []  # waiting 50 s would overrun the 10 s budget


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"<html><body>502 Bad Gateway from the proxy</body></html>", "an HTML page"),
        (b"this is not json", "not JSON"),
        (json.dumps({"id": "x", "choices": []}).encode(), "no choices"),
        (json.dumps({"id": "x"}).encode(), "no choices"),
        (json.dumps([1, 2]).encode(), "not a JSON object"),
        (json.dumps({"choices": [{"index": 0}]}).encode(), "no message"),
    ],
)
def test_a_200_that_is_not_a_completion_is_a_typed_error(body: bytes, what: str) -> None:
    server = Server(*[(200, body)] * 4)
    with pytest.raises(InvalidReply, match=what) as info:
        _chat(server).complete([Message(role="user", content="q")])
    assert info.value.status == 200 and info.value.body == body[:200] and len(server.requests) == 4


def test_read_timeout_is_not_retried_but_connect_failures_are() -> None:
    server = Server(httpx.ReadTimeout)
    with pytest.raises(CallTimeout, match="no reply within") as info:
        _chat(server).complete([Message(role="user", content="q")])
    assert len(server.requests) == 1 and info.value.attempts == 1
    server = Server(httpx.ConnectTimeout, httpx.ConnectError, (200, _reply("ok")))
    assert _chat(server).complete([Message(role="user", content="q")]).text == "ok"
    retry = TransportConfig(attempts=2, backoff_s=0.001, retry_timeouts=True)
    server = Server(httpx.ReadTimeout, (200, _reply("again")))
    assert _chat(server, transport=retry).complete([Message(role="user", content="q")]).text == "again"


def test_timeout_is_configurable_by_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORMALJUDGE_TIMEOUT", "7.5")
    monkeypatch.setenv("FORMALJUDGE_ATTEMPTS", "2")
    cfg = TransportConfig.from_env()
    assert cfg.timeout_s == 7.5 and cfg.attempts == 2
    assert TransportConfig.from_env(timeout_s=3).timeout_s == 3  # a flag beats the environment
    monkeypatch.setenv("FORMALJUDGE_TIMEOUT", "soon")
    with pytest.raises(LLMError, match="bad transport setting"):
        TransportConfig.from_env()


def test_a_400_that_is_not_about_a_feature_changes_nothing() -> None:
    too_long = {"error": {"message": "This model's maximum context length is 4096 tokens"}}
    server = Server((400, too_long), (200, _reply('{"answer": true}')))
    chat = _chat(server)
    with pytest.raises(RequestRefused, match="maximum context length"):
        chat.complete([Message(role="user", content="q" * 100)], json_schema=SCHEMA)
    chat.complete([Message(role="user", content="q")], json_schema=SCHEMA)
    second = server.requests[1]["body"]
    assert second["response_format"]["type"] == "json_schema" and second["logprobs"] is True


def test_a_400_about_logprobs_drops_logprobs_only() -> None:
    server = Server((400, {"error": {"message": "logprobs is not supported"}}), (200, _reply("{}")))
    _chat(server).complete([Message(role="user", content="q")], json_schema=SCHEMA)
    first, second = (r["body"] for r in server.requests)
    assert first["logprobs"] is True and "logprobs" not in second
    assert second["response_format"]["type"] == "json_schema"


def test_circuit_breaker_stops_calling_after_consecutive_failures() -> None:
    cfg = TransportConfig(attempts=1, breaker=3, backoff_s=0)
    server = Server(*[(503, {"error": {"message": "down"}})] * 3)
    chat = _chat(server, transport=cfg)
    for _ in range(3):
        with pytest.raises(ProviderError):
            chat.complete([Message(role="user", content="q")])
    with pytest.raises(CircuitOpen, match="last 3 calls failed"):
        chat.complete([Message(role="user", content="q")])
    assert len(server.requests) == 3  # the fourth call made no request


def test_success_resets_the_breaker() -> None:
    cfg = TransportConfig(attempts=1, breaker=2, backoff_s=0)
    server = Server((503, {}), (200, _reply("ok")), (503, {}), (200, _reply("ok")))
    chat = _chat(server, transport=cfg)
    for expect_ok in (False, True, False, True):
        if expect_ok:
            assert chat.complete([Message(role="user", content="q")]).text == "ok"
        else:
            with pytest.raises(ProviderError):
                chat.complete([Message(role="user", content="q")])
