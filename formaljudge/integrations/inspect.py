"""Inspect AI: a scorer that audits each sample's trajectory against a policy.

    from formaljudge.integrations.inspect import formaljudge_scorer

    Task(dataset=..., solver=[use_tools(...), generate()], scorer=formaljudge_scorer(policy="payments"))

The sample's messages (assistant tool calls, tool results with their errors,
the final answer) are judged like any trace. SATISFIED scores ``C`` and
VIOLATED ``I``, so ``accuracy`` is the share of samples that kept the policy;
UNKNOWN is never a pass: the score is ``Score.unscored`` (NaN, which Inspect's
metrics skip and count as unscored) with the verdict in its metadata. The
metadata holds the verdict, the violated and undecided constraints and the
evidence steps (addresses into ``messages``).
"""

from __future__ import annotations

from typing import Any

from inspect_ai.scorer import CORRECT, INCORRECT, Score, Scorer, Target, accuracy, scorer, stderr
from inspect_ai.solver import TaskState

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.extract import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import JudgeReport, judge
from formaljudge.traces._inspect_log import sample_trace

UNKNOWN_REASON = "inconclusive"


def _constraint(c: ConstraintResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "sentence": c.sentence,
        "reason": c.reason,
        "steps": c.steps,
        "evidence": [
            {"address": e.address, "origin": e.origin, "quote": e.quote} for f in c.forcing for e in f.evidence
        ],
        "depends_on": c.depends_on,
    }


def report_score(report: JudgeReport) -> Score:
    """A judge report as an Inspect ``Score`` (UNKNOWN: unscored, never a pass)."""
    violated = [_constraint(c) for c in report.violated]
    unknown = [_constraint(c) for c in report.unknown]
    metadata = {
        "verdict": report.verdict.value,
        "policy": report.policy,
        "policy_hash": report.policy_hash,
        "backend": report.backend,
        "reader": report.reader,
        "violated": violated,
        "unknown": unknown,
        "evidence_steps": sorted({s for c in report.violated for s in c.steps}),
    }
    lines = [f"{report.policy}: {report.verdict.value}"]
    for c in report.violated:
        lines.append(f"violated {c.id} ({', '.join(c.steps) or 'no step'}): {c.sentence}")
    for c in report.unknown:
        lines.append(f"undecided {c.id}: {c.reason}")
    explanation = "\n".join(lines)
    if report.verdict is Verdict.UNKNOWN:
        return Score.unscored(
            reason=UNKNOWN_REASON, answer=report.verdict.value, explanation=explanation, metadata=metadata
        )
    value = CORRECT if report.verdict is Verdict.SATISFIED else INCORRECT
    return Score(value=value, answer=report.verdict.value, explanation=explanation, metadata=metadata)


def _tools(state: TaskState) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for t in state.tools:
        name = getattr(t, "name", None) or getattr(t, "__name__", None)
        info = getattr(t, "description", None)
        if name is None:  # a Tool callable: its registry info
            from inspect_ai.tool import ToolDef

            tdef = ToolDef(t)
            name, info = tdef.name, tdef.description
        out.append({"name": str(name), "description": str(info or "")})
    return out


@scorer(metrics=[accuracy(), stderr()])
def formaljudge_scorer(
    policy: str | PolicySpec = "payments",
    reader: str | Reader = "embedded",
    backend: str = "z3",
    timeout_ms: int = 2000,
) -> Scorer:
    """Audit each sample's trajectory against ``policy`` (a shipped name, a spec file or a ``PolicySpec``).

    ``reader`` answers the facts code cannot read (``embedded``, ``none``, ``openai:MODEL``, ...);
    ``backend`` is ``z3`` or ``dafny``.
    """
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader

    spec = policy if isinstance(policy, PolicySpec) else load_policy(policy)
    the_reader = make_reader(reader) if isinstance(reader, str) else reader

    async def score(state: TaskState, target: Target) -> Score:
        import anyio.to_thread

        messages = [m.model_dump(mode="json", exclude_none=True) for m in state.messages]
        trace = sample_trace(state.sample_id, state.epoch, messages, tools=_tools(state))
        report = await anyio.to_thread.run_sync(
            lambda: judge(trace, spec, backend=backend, reader=the_reader, timeout_ms=timeout_ms)
        )
        return report_score(report)

    return score
