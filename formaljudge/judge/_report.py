"""What the judge says about one trace."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, computed_field

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.extract._evidence import FactValue


class JudgeReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    trace_id: str
    source_file: str | None = None
    policy: str
    policy_hash: str
    backend: str
    reader: str
    verdict: Verdict
    constraints: list[ConstraintResult]
    facts: list[FactValue] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    label: str | None = None
    skipped: str | None = None  # why the trajectory was not judged (over a size or time limit); then all UNKNOWN
    failed: str | None = None  # the judge itself failed on this trajectory: all UNKNOWN, an error to rerun
    reader_questions: dict[str, int] = Field(default_factory=dict)  # asked, and not asked (no verdict needed them)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_usage(self) -> dict[str, int]:
        """LLM calls and tokens spent reading this trace's facts (zero for code and the embedded reader)."""
        return sum_usage(f.llm for f in self.facts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provider_error(self) -> str | None:
        """Why a constraint is UNKNOWN because a model call failed (not because the trace leaves it open).

        Such a report is unfinished: a rerun after the outage may decide it.
        None when every UNKNOWN constraint is UNKNOWN on its own merits. A judge that failed on the
        trajectory (``failed``) is such an error too.
        """
        if self.failed is not None:
            return self.failed
        failed = {f.name: f.error for f in self.facts if f.error}
        if not failed:
            return None
        hit = sorted({d for c in self.constraints if c.verdict is Verdict.UNKNOWN for d in c.depends_on if d in failed})
        if not hit:
            return None
        return "; ".join(f"fact {name}: {failed[name]}" for name in hit)

    @property
    def violated(self) -> list[ConstraintResult]:
        return [c for c in self.constraints if c.verdict is Verdict.VIOLATED]

    @property
    def unknown(self) -> list[ConstraintResult]:
        return [c for c in self.constraints if c.verdict is Verdict.UNKNOWN]


USAGE_KEYS = ("calls", "cached_calls", "prompt_tokens", "completion_tokens")


def sum_usage(parts: Iterable[dict[str, int] | None]) -> dict[str, int]:
    total = dict.fromkeys(USAGE_KEYS, 0)
    for p in parts:
        for k in USAGE_KEYS:
            total[k] += (p or {}).get(k, 0)
    return total
