"""Providers by name, imported only when asked for."""

from __future__ import annotations

from typing import Any

from formaljudge.llm._port import LLM, LLMError

PROVIDERS = {
    "openai": "any OpenAI-compatible endpoint: openai:MODEL (OPENAI_BASE_URL, OPENAI_API_KEY)",
    "transformers": "a local causal LM: transformers:NAME_OR_PATH",
}


def make_llm(spec: str, *, timeout_s: float | None = None, **options: Any) -> LLM:
    """``openai:gpt-4o-mini`` or ``transformers:/models/qwen`` → a provider.

    ``timeout_s`` (an endpoint's reply timeout) overrides ``FORMALJUDGE_TIMEOUT``; local models ignore it.
    """
    name, _, model = spec.partition(":")
    if name == "openai":
        from formaljudge.llm._openai import OpenAIChat

        return OpenAIChat(model or None, timeout_s=timeout_s, **options)
    if name == "transformers":
        if not model:
            raise LLMError("transformers needs a model: transformers:NAME_OR_PATH")
        from formaljudge.llm._transformers import TransformersChat

        return TransformersChat(model, **options)
    known = "; ".join(f"{k} ({v})" for k, v in PROVIDERS.items())
    raise LLMError(f"unknown provider {name!r}: use {known}")
