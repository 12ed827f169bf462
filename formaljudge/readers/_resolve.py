"""A reader from its name on the command line."""

from __future__ import annotations

from pathlib import Path

from formaljudge.extract._reader import NoReader, Reader
from formaljudge.llm import CachedLLM, ResponseCache, make_llm

READERS_HELP = (
    "embedded (offline cues + bundled MiniLM; the default), none (questions stay UNKNOWN), "
    "openai:MODEL (any OpenAI-compatible endpoint), transformers:NAME_OR_PATH (a local model)"
)


def make_reader(
    name: str,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    timeout_s: float | None = None,
    device: str = "auto",
) -> Reader:
    """``device`` places the embedded reader's encoder (auto: a GPU when one is visible); ``timeout_s`` bounds
    each call of an LLM reader."""
    if name == "none":
        return NoReader()
    if name == "embedded":
        from formaljudge.readers._embedded import EmbeddedReader

        return EmbeddedReader(device=device)
    from formaljudge.readers._llm_reader import LLMReader

    llm = make_llm(name, timeout_s=timeout_s)
    return LLMReader(CachedLLM(llm, ResponseCache(cache_dir)) if use_cache else llm)
