"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, LM Studio) through the ``openai`` client."""

from __future__ import annotations

import math
import os
from typing import Any

from formaljudge.llm._port import Completion, LLMError, Message, Usage
from formaljudge.llm._retry import with_retries


class OpenAIChat:
    """Temperature 0; JSON schema output where the server takes it, JSON mode or plain text where not.

    ``base_url``, ``api_key`` and ``model`` default to ``OPENAI_BASE_URL``,
    ``OPENAI_API_KEY`` and ``FORMALJUDGE_MODEL``. Local servers that need no
    key get a placeholder one.
    """

    provider = "openai"

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        attempts: int = 4,
        logprobs: bool = True,
        http_client: Any = None,
    ) -> None:
        try:
            import openai
        except ImportError:
            raise LLMError('the openai provider needs the openai package: pip install "formaljudge[openai]"') from None
        self.model = model or os.environ.get("FORMALJUDGE_MODEL") or ""
        if not self.model:
            raise LLMError("no model given: use openai:MODEL or set FORMALJUDGE_MODEL")
        base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if base_url else None)
        if key is None:
            raise LLMError("no API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server")
        self._openai = openai
        self.client = openai.OpenAI(
            base_url=base_url, api_key=key, timeout=timeout_s, max_retries=0, http_client=http_client
        )
        self.attempts = attempts
        self.logprobs = logprobs
        self.usage = Usage()
        self._schema_ok = True  # set False once the server refuses json_schema
        self._logprobs_ok = logprobs

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
    ) -> Completion:
        o = self._openai
        transient = (o.APIConnectionError, o.APITimeoutError, o.RateLimitError, o.InternalServerError)

        def call() -> Any:
            kwargs: dict[str, Any] = {
                "model": self.model,
                "messages": [m.model_dump() for m in messages],
                "temperature": 0,
                "max_tokens": max_tokens,
            }
            if self._logprobs_ok:
                kwargs["logprobs"] = True
            if json_schema is not None:
                kwargs["response_format"] = (
                    {"type": "json_schema", "json_schema": {"name": "answer", "schema": json_schema, "strict": True}}
                    if self._schema_ok
                    else {"type": "json_object"}
                )
            return self.client.chat.completions.create(**kwargs)

        try:
            resp = with_retries(call, transient=transient, attempts=self.attempts)
        except o.BadRequestError as exc:
            # Older or local servers reject json_schema or logprobs: degrade once, then parse strictly.
            if json_schema is not None and self._schema_ok:
                self._schema_ok = False
            elif self._logprobs_ok:
                self._logprobs_ok = False
            else:
                raise LLMError(f"{self.model}: request refused: {exc}") from None
            return self.complete(messages, json_schema=json_schema, max_tokens=max_tokens, template=template)
        except o.OpenAIError as exc:
            raise LLMError(f"{self.model}: {type(exc).__name__}: {exc}") from None
        if not resp.choices:
            raise LLMError(f"{self.model}: empty response")
        choice = resp.choices[0]
        text = choice.message.content or ""
        confidence = None
        content = getattr(choice.logprobs, "content", None) if choice.logprobs is not None else None
        if content:
            confidence = _answer_confidence(content)
        usage = resp.usage
        out = Completion(
            text=text,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            confidence=confidence,
        )
        self.usage.add(out)
        return out


def _answer_confidence(tokens: list[Any]) -> float | None:
    """Probability of the first token that carries the answer (skipping JSON punctuation and keys)."""
    skip = {'{"', '"', "{", "answer", '":', ":", ' "', " ", '":"', "\n", "  "}
    for tok in tokens:
        if tok.token.strip() in skip or tok.token in skip:
            continue
        return float(math.exp(tok.logprob))
    return None
