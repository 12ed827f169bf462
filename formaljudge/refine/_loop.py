"""Iterative refinement: run the agent, judge, feed the violations back, run again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from formaljudge.errors import TraceParseError
from formaljudge.extract._reader import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import judge
from formaljudge.llm._errors import ProviderError
from formaljudge.refine._feedback import feedback as make_feedback
from formaljudge.traces import Trace, parse_record

# An agent takes the task and the feedback on its last attempt (None on the first) and returns its
# trajectory: a Trace, or any record parse_record reads (OpenAI or Anthropic messages, ...).
Agent = Callable[[str, str | None], Any]


class Round(BaseModel):
    n: int
    verdict: str
    violated: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)
    fixed: list[str] = Field(default_factory=list)  # not satisfied last round, satisfied now
    broke: list[str] = Field(default_factory=list)  # satisfied last round, not now
    feedback: str = ""  # what the agent is told after this round (empty when it passed)


class RefineResult(BaseModel):
    task: str
    policy: str
    feedback_style: str
    rounds: list[Round]
    error: str | None = None  # the agent's (or a reader's) model call failed; the finished rounds are kept

    @property
    def satisfied(self) -> bool:
        return bool(self.rounds) and self.rounds[-1].verdict == "SATISFIED"


def refine(
    task: str,
    agent: Agent,
    spec: PolicySpec,
    *,
    rounds: int = 3,
    feedback: str = "dafny",
    reader: Reader | None = None,
    on_round: Callable[[Round], None] | None = None,
) -> RefineResult:
    """Up to ``rounds`` attempts; stops at the first whose verdict is SATISFIED.

    A failed model call (the agent's, or an LLM reader's) ends the loop with
    ``error`` set and every finished round kept.
    """
    out: list[Round] = []
    note: str | None = None
    before: set[str] | None = None
    for n in range(1, rounds + 1):
        try:
            raw = agent(task, note)
            trace = raw if isinstance(raw, Trace) else parse_record(raw)
            report = judge(trace, spec, reader=reader)
        except ProviderError as exc:
            return RefineResult(
                task=task, policy=spec.name, feedback_style=feedback, rounds=out, error=f"round {n}: {exc}"
            )
        except TraceParseError as exc:
            return RefineResult(
                task=task,
                policy=spec.name,
                feedback_style=feedback,
                rounds=out,
                error=f"round {n}: the agent's trajectory cannot be read: {exc}",
            )
        bad = {c.id for c in report.constraints if c.verdict.value != "SATISFIED"}
        note = make_feedback(report, spec, feedback) if bad else ""
        r = Round(
            n=n,
            verdict=report.verdict.value,
            violated=[c.id for c in report.violated],
            unknown=[c.id for c in report.unknown],
            fixed=sorted(before - bad) if before is not None else [],
            broke=sorted(bad - before) if before is not None else [],
            feedback=note,
        )
        out.append(r)
        if on_round is not None:
            on_round(r)
        before = bad
        if not bad:
            break
    return RefineResult(task=task, policy=spec.name, feedback_style=feedback, rounds=out)
