"""An on-disk response cache: a rerun of an audit or a benchmark costs no calls.

Keyed by provider, endpoint (base URL), model, prompt template version and
the exact inputs (messages, schema, token budget). Only replies the caller
accepts are stored: an unparseable answer or one that failed validation is
asked again next time, not replayed. One JSON file per entry, written
atomically, so concurrent runs can share a directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from formaljudge.llm._port import LLM, Accept, Completion, Message, Usage


def default_cache_dir() -> Path:
    env = os.environ.get("FORMALJUDGE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "formaljudge"


class ResponseCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()

    @staticmethod
    def key(parts: dict[str, Any]) -> str:
        return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=True).encode()).hexdigest()

    def get(self, key: str) -> Completion | None:
        path = self.directory / key[:2] / f"{key}.json"
        try:
            return Completion.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, completion: Completion) -> None:
        folder = self.directory / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(completion.model_dump_json())
        os.replace(tmp, folder / f"{key}.json")


class CachedLLM:
    """An LLM whose answers are cached on disk; ``template`` is the prompt template version."""

    def __init__(self, inner: LLM, cache: ResponseCache | None = None) -> None:
        self.inner = inner
        self.cache = cache or ResponseCache()
        self.provider = inner.provider
        self.model = inner.model
        self.endpoint = inner.endpoint
        self.usage = Usage()

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
        accept: Accept | None = None,
    ) -> Completion:
        """The cached reply, or the provider's; stored only when ``accept`` (if given) takes it."""
        key = self.cache.key(
            {
                "provider": self.provider,
                "endpoint": self.endpoint,
                "model": self.model,
                "template": template,
                "messages": [m.model_dump() for m in messages],
                "schema": json_schema,
                "max_tokens": max_tokens,
            }
        )
        hit = self.cache.get(key)
        if hit is not None:
            out = hit.model_copy(update={"cached": True})
        else:
            out = self.inner.complete(messages, json_schema=json_schema, max_tokens=max_tokens, template=template)
            if accept is None or accept(out):
                self.cache.put(key, out)
        self.usage.add(out)
        return out


def ask(
    llm: LLM | CachedLLM,
    messages: list[Message],
    *,
    json_schema: dict[str, Any] | None = None,
    max_tokens: int = 512,
    template: str = "",
    accept: Accept | None = None,
) -> Completion:
    """``llm.complete(...)``; a cache keeps the reply only if ``accept`` takes it."""
    if isinstance(llm, CachedLLM):
        return llm.complete(messages, json_schema=json_schema, max_tokens=max_tokens, template=template, accept=accept)
    return llm.complete(messages, json_schema=json_schema, max_tokens=max_tokens, template=template)
