"""Per-trajectory limits: an oversized or slow trajectory becomes UNKNOWN with the reason, and the batch goes on.

``judge_limited`` is the one wrapper around the per-trajectory judge call.
The size is the trajectory's text (task, every step's text and arguments)
in UTF-8 bytes, measured before any work. The time limit interrupts the
judge: in the main thread with a timer signal (which also stops a long
regular-expression match), elsewhere at checkpoints between facts and
between constraints. ``checkpoint`` also reports progress within a long
trajectory to whoever asked for it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge._report import JudgeReport
from formaljudge.traces._model import Trace

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
DEFAULT_TIMEOUT_S = 300.0


class TraceLimits(BaseModel):
    """``None`` (or 0 on the command line) switches a limit off."""

    model_config = ConfigDict(frozen=True)

    max_bytes: int | None = Field(DEFAULT_MAX_BYTES, gt=0)
    timeout_s: float | None = Field(DEFAULT_TIMEOUT_S, gt=0)

    @classmethod
    def of(cls, max_bytes: int | None, timeout_s: float | None) -> TraceLimits:
        return cls(max_bytes=max_bytes or None, timeout_s=timeout_s or None)


def trace_bytes(trace: Trace) -> int:
    """The size of a trajectory's text in UTF-8 bytes: task, step texts, tool arguments."""
    total = len(trace.task.encode("utf-8", "replace"))
    for s in trace.steps:
        total += len(s.text.encode("utf-8", "replace"))
        if s.args:
            total += len(json.dumps(s.args, ensure_ascii=False, default=str).encode("utf-8", "replace"))
    return total


def unjudged(trace: Trace, spec: PolicySpec, reason: str, *, backend: str, reader: str) -> JudgeReport:
    """A report that says why the trajectory was not judged: every constraint UNKNOWN, never a pass."""
    return JudgeReport(
        trace_id=trace.id,
        source_file=trace.source_file,
        policy=spec.name,
        policy_hash=spec.hash,
        backend=backend,
        reader=reader,
        verdict=Verdict.UNKNOWN,
        constraints=[
            ConstraintResult(id=c.id, sentence=c.sentence, verdict=Verdict.UNKNOWN, reason=reason, category=c.category)
            for c in spec.constraints
        ],
        skipped=reason,
        label=trace.label,
    )


def oversized(trace: Trace, limits: TraceLimits | None) -> str | None:
    """Why the trajectory is too large to judge, or None."""
    if limits is None or limits.max_bytes is None:
        return None
    size = trace_bytes(trace)
    if size <= limits.max_bytes:
        return None
    return (
        f"not judged: the trajectory holds {size:,} bytes of text, "
        f"over the limit of {limits.max_bytes:,} (--max-trace-bytes)"
    )


def too_slow(limits: TraceLimits) -> str:
    return f"not judged: the trajectory took longer than {limits.timeout_s:g} s (--trace-timeout)"


def judge_limited(trace: Trace, spec: PolicySpec, limits: TraceLimits | None = None, **options: Any) -> JudgeReport:
    """``judge(trace, spec, **options)`` within ``limits``; an oversized or slow trajectory is UNKNOWN."""
    from formaljudge.judge._judge import judge_traces

    return judge_traces([trace], spec, limits=limits, **options)[0]
