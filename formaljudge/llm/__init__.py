"""The LLM port and its providers (each an optional extra, imported lazily)."""

from formaljudge.llm._batch import map_bounded
from formaljudge.llm._cache import CachedLLM, ResponseCache, ask, default_cache_dir
from formaljudge.llm._errors import (
    CallTimeout,
    CircuitOpen,
    InvalidReply,
    LLMError,
    ProviderError,
    RequestRefused,
)
from formaljudge.llm._port import LLM, Accept, Completion, Message, Usage
from formaljudge.llm._registry import PROVIDERS, make_llm
from formaljudge.llm._transport import CircuitBreaker, Transport, TransportConfig

__all__ = [
    "LLM",
    "PROVIDERS",
    "Accept",
    "CachedLLM",
    "CallTimeout",
    "CircuitBreaker",
    "CircuitOpen",
    "Completion",
    "InvalidReply",
    "LLMError",
    "Message",
    "ProviderError",
    "RequestRefused",
    "ResponseCache",
    "Transport",
    "TransportConfig",
    "Usage",
    "ask",
    "default_cache_dir",
    "make_llm",
    "map_bounded",
]
