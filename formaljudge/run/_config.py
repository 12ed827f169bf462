"""What every worker needs to judge records the same way: plain values, sent once to each worker."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RunConfig(BaseModel):
    """How to judge: policies, backend, reader; the same in every engine and every worker."""

    model_config = ConfigDict(frozen=True)

    policies: list[str]  # shipped names or spec files
    backend: str = "z3"
    reader: str = "embedded"  # a reader name (``make_reader``)
    use_cache: bool = True
    llm_timeout_s: float | None = None  # each call of an LLM reader (None: the provider's default)
    timeout_ms: int = 2000
    device: str = "auto"  # where the embedded reader's encoder runs: auto, cpu, cuda, cuda:1, mps
    lazy: bool = True  # ask a reader only the questions an undecided constraint depends on
    timings: bool = False  # keep per-stage timings in each report (then reports differ run to run)
    threads: int | None = None  # encoder threads per worker (None: the library's default)
    vector_store: str | None = None  # a file where a pool's workers share encoded sentence vectors
    skip_ids: frozenset[str] = Field(default_factory=frozenset)  # trace ids already judged (bench --resume)
    max_trace_bytes: int | None = None  # a larger trajectory is not judged (UNKNOWN, with the reason)
    trace_timeout_s: float | None = None  # a trajectory that takes longer is stopped (UNKNOWN, with the reason)
