"""The LLM port and its providers (each an optional extra, imported lazily)."""

from formaljudge.llm._batch import map_bounded
from formaljudge.llm._cache import CachedLLM, ResponseCache, default_cache_dir
from formaljudge.llm._port import LLM, Completion, LLMError, Message, Usage
from formaljudge.llm._registry import PROVIDERS, make_llm

__all__ = [
    "LLM",
    "PROVIDERS",
    "CachedLLM",
    "Completion",
    "LLMError",
    "Message",
    "ResponseCache",
    "Usage",
    "default_cache_dir",
    "make_llm",
    "map_bounded",
]
