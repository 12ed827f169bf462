"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, LM Studio) through the ``openai`` client.

Every request goes through ``Transport`` (retries, backoff, breaker) and
``send_chat``, which turns whatever came back into either a decoded chat
completion or a typed ``ProviderError`` with the status and the first bytes
of the body — an HTML page from a proxy, a non-JSON 200 or a reply without
choices is an error, never a crash.
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import partial
from typing import Any

from formaljudge.llm._errors import CallTimeout, InvalidReply, LLMError, ProviderError, RequestRefused
from formaljudge.llm._port import Completion, Message, Usage
from formaljudge.llm._transport import Transport, TransportConfig, retry_after_s

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_RETRY_STATUS = {408, 409, 425, 429}


def openai_client(
    *, base_url: str | None, api_key: str | None, timeout_s: float, http_client: Any = None
) -> tuple[Any, str]:
    """The ``openai`` client (its own retries off: the transport retries) and the endpoint it talks to."""
    try:
        import openai
    except ImportError:
        raise LLMError('the openai provider needs the openai package: pip install "formaljudge[openai]"') from None
    base_url = base_url or os.environ.get("OPENAI_BASE_URL")
    key = api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if base_url else None)
    if key is None:
        raise LLMError("no API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
    client = openai.OpenAI(base_url=base_url, api_key=key, timeout=timeout_s, max_retries=0, http_client=http_client)
    return client, (base_url or DEFAULT_BASE_URL).rstrip("/")


def send_chat(client: Any, kwargs: dict[str, Any], *, endpoint: str, timeout_s: float) -> dict[str, Any]:
    """One request to ``/chat/completions``: the decoded completion, or a ``ProviderError``."""
    import openai

    try:
        raw = client.chat.completions.with_raw_response.create(**kwargs)
    except openai.APITimeoutError as exc:
        connect = type(exc.__cause__).__name__ == "ConnectTimeout"
        err = CallTimeout(
            f"no connection within {timeout_s:g} s" if connect else f"no reply within {timeout_s:g} s (--timeout)",
            endpoint=endpoint,
        )
        err.retryable = connect  # nothing was generated yet: safe to try again
        raise err from None
    except openai.APIConnectionError as exc:
        raise ProviderError(f"cannot connect: {exc.__cause__ or exc}", endpoint=endpoint) from None
    except openai.APIStatusError as exc:
        status = exc.status_code
        body = exc.response.content if exc.response is not None else b""
        after = retry_after_s(exc.response.headers.get("retry-after")) if exc.response is not None else None
        if status in _RETRY_STATUS or status >= 500:
            raise ProviderError(
                "the server failed", status=status, body=body, endpoint=endpoint, retry_after=after
            ) from None
        raise RequestRefused("the server refused the request", status=status, body=body, endpoint=endpoint) from None
    except openai.OpenAIError as exc:
        raise ProviderError(f"{type(exc).__name__}: {exc}", endpoint=endpoint) from None
    body = raw.http_response.content
    return completion_json(body, status=raw.status_code, endpoint=endpoint)


def completion_json(body: bytes, *, status: int, endpoint: str) -> dict[str, Any]:
    """The body as a chat completion (a JSON object with a non-empty ``choices`` list of messages)."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        what = "an HTML page" if body.lstrip()[:1] == b"<" else "not JSON"
        raise InvalidReply(f"the reply is {what}", status=status, body=body, endpoint=endpoint) from None
    if not isinstance(doc, dict):
        raise InvalidReply("the reply is not a JSON object", status=status, body=body, endpoint=endpoint)
    if "error" in doc and not doc.get("choices"):
        raise InvalidReply("the reply is an error", status=status, body=body, endpoint=endpoint)
    choices = doc.get("choices")
    if not isinstance(choices, list) or not choices:
        raise InvalidReply("the reply has no choices", status=status, body=body, endpoint=endpoint)
    first = choices[0]
    if not isinstance(first, dict) or not isinstance(first.get("message"), dict):
        raise InvalidReply("the reply's first choice has no message", status=status, body=body, endpoint=endpoint)
    return doc


def unsupported_feature(error: RequestRefused, asked: dict[str, Any]) -> str | None:
    """The request field a 400 says the server does not support, among those asked for; None otherwise."""
    if error.status != 400:
        return None
    text = error.body.decode("utf-8", "replace").lower()
    if "response_format" in asked and re.search(r"response_format|json_schema|json_object|structured output", text):
        return "response_format"
    if "logprobs" in asked and "logprob" in text:
        return "logprobs"
    return None


class OpenAIChat:
    """Temperature 0; JSON schema output where the server takes it, JSON mode or plain text where not.

    ``base_url``, ``api_key`` and ``model`` default to ``OPENAI_BASE_URL``,
    ``OPENAI_API_KEY`` and ``FORMALJUDGE_MODEL``. Local servers that need no
    key get a placeholder one. A 400 that names structured output or
    logprobs switches off that feature only (structured output steps down
    from a JSON schema to JSON mode to plain text); any other 400 is an error.
    """

    provider = "openai"

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float | None = None,
        logprobs: bool = True,
        http_client: Any = None,
        transport: TransportConfig | None = None,
    ) -> None:
        self.model = model or os.environ.get("FORMALJUDGE_MODEL") or ""
        if not self.model:
            raise LLMError("no model given: use openai:MODEL or set FORMALJUDGE_MODEL")
        cfg = transport or TransportConfig.from_env(timeout_s=timeout_s)
        self.client, self.endpoint = openai_client(
            base_url=base_url, api_key=api_key, timeout_s=cfg.timeout_s, http_client=http_client
        )
        self.transport = Transport(self.endpoint, cfg)
        self.usage = Usage()
        self._format = "json_schema"  # then json_object, then none, as the server refuses each
        self._logprobs_ok = logprobs

    def _kwargs(self, messages: list[Message], json_schema: dict[str, Any] | None, max_tokens: int) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [m.model_dump() for m in messages],
            "temperature": 0,
            "max_tokens": max_tokens,
        }
        if self._logprobs_ok:
            kwargs["logprobs"] = True
        if json_schema is not None and self._format == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
            }
        elif json_schema is not None and self._format == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def _send(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        return send_chat(self.client, kwargs, endpoint=self.endpoint, timeout_s=self.transport.config.timeout_s)

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
    ) -> Completion:
        while True:
            kwargs = self._kwargs(messages, json_schema, max_tokens)
            try:
                resp = self.transport.call(partial(self._send, kwargs))
                break
            except RequestRefused as exc:
                feature = unsupported_feature(exc, kwargs)
                if feature == "response_format":
                    self._format = "json_object" if self._format == "json_schema" else "none"
                elif feature == "logprobs":
                    self._logprobs_ok = False
                else:
                    raise
        choice = resp["choices"][0]
        text = choice["message"].get("content")
        if not isinstance(text, str):
            raise InvalidReply("the reply's message has no text", status=200, endpoint=self.endpoint)
        logprobs = choice.get("logprobs")
        content = logprobs.get("content") if isinstance(logprobs, dict) else None
        usage = resp.get("usage")
        usage = usage if isinstance(usage, dict) else {}
        out = Completion(
            text=text,
            prompt_tokens=_int(usage.get("prompt_tokens")),
            completion_tokens=_int(usage.get("completion_tokens")),
            confidence=_answer_confidence(content) if isinstance(content, list) else None,
        )
        self.usage.add(out)
        return out


def _int(v: Any) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _answer_confidence(tokens: list[Any]) -> float | None:
    """Probability of the first token that carries the answer (skipping JSON punctuation and keys)."""
    skip = {'{"', '"', "{", "answer", '":', ":", ' "', " ", '":"', "\n", "  "}
    for tok in tokens:
        if not isinstance(tok, dict) or not isinstance(tok.get("token"), str):
            return None
        t = tok["token"]
        if t.strip() in skip or t in skip:
            continue
        lp = tok.get("logprob")
        return float(math.exp(lp)) if isinstance(lp, int | float) and not isinstance(lp, bool) else None
    return None
