"""What the judge says about one trace."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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

    @property
    def violated(self) -> list[ConstraintResult]:
        return [c for c in self.constraints if c.verdict is Verdict.VIOLATED]

    @property
    def unknown(self) -> list[ConstraintResult]:
        return [c for c in self.constraints if c.verdict is Verdict.UNKNOWN]
