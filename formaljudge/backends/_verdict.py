"""Three-valued verdicts and what a backend returns per constraint."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.extract._evidence import Evidence


class Verdict(StrEnum):
    VIOLATED = "VIOLATED"
    UNKNOWN = "UNKNOWN"
    SATISFIED = "SATISFIED"

    @property
    def rank(self) -> int:
        return _RANK[self.value]

    @staticmethod
    def combine(verdicts: list[Verdict]) -> Verdict:
        """The worst verdict: any violation wins, then any unknown. Empty: SATISFIED."""
        for worst in (Verdict.VIOLATED, Verdict.UNKNOWN):
            if worst in verdicts:
                return worst
        return Verdict.SATISFIED


_RANK = {"VIOLATED": 0, "UNKNOWN": 1, "SATISFIED": 2}


class ForcingFact(BaseModel):
    """An atom in the unsat core: its value forces the verdict."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: object = None
    source: str = "code"
    evidence: list[Evidence] = Field(default_factory=list)


class ConstraintResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    sentence: str
    verdict: Verdict
    reason: str = ""
    forcing: list[ForcingFact] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    category: str | None = None

    @property
    def steps(self) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.forcing:
            for ev in f.evidence:
                seen.setdefault(ev.address.split(".")[0], None)
        return list(seen)
