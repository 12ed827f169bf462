"""The LLM-as-a-judge baselines of the paper: the same model, the whole trace, one verdict.

``llm`` asks plainly; ``llm-cot`` asks for step-by-step reasoning first;
``llm-fewshot`` shows two solved cases; ``llm-structured`` asks about each
rule of the policy in turn. An answer that cannot be parsed is UNKNOWN
(counted as flagged, like every UNKNOWN) and is not cached; a call that got
no answer at all (outage, 429, a proxy's HTML page) is an error, left out of
the metrics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from formaljudge.ir._facts import ContextSlice
from formaljudge.ir._spec import PolicySpec
from formaljudge.llm import LLM, CachedLLM, CircuitOpen, Message, ProviderError, ask
from formaljudge.prompts import template
from formaljudge.readers._slices import cut
from formaljudge.traces._model import Trace

BASELINES = {
    "llm": "judge_plain.v1",
    "llm-cot": "judge_cot.v1",
    "llm-fewshot": "judge_fewshot.v1",
    "llm-structured": "judge_structured.v1",
}
TRACE_CHARS = 24000


@dataclass(frozen=True)
class BaselineVerdict:
    verdict: str  # VIOLATED | SATISFIED | UNKNOWN
    note: str = ""
    error: str | None = None  # the call failed: no verdict at all


def policy_text(spec: PolicySpec) -> str:
    lines = [spec.description] if spec.description else []
    lines += [f"- {c.sentence}" for c in spec.constraints]
    return "\n".join(lines)


class LLMJudge:
    """One baseline: ``style`` is a key of ``BASELINES``."""

    def __init__(self, llm: LLM | CachedLLM, style: str) -> None:
        if style not in BASELINES:
            raise ValueError(f"unknown baseline {style!r}; choose from {', '.join(BASELINES)}")
        self.llm = llm
        self.style = style
        self.name = f"{style} ({llm.provider}:{llm.model})"

    def judge(self, trace: Trace, spec: PolicySpec) -> BaselineVerdict:
        tpl = template(BASELINES[self.style])
        text = cut(trace, ContextSlice.WHOLE_TRACE, TRACE_CHARS).text
        rules = "\n".join(f"{i}. {c.sentence}" for i, c in enumerate(spec.constraints, start=1))
        prompt = tpl.render(policy=policy_text(spec), rules=rules, trajectory=text or "(empty)")
        try:
            c = ask(
                self.llm,
                [Message(role="user", content=prompt)],
                json_schema=None,
                max_tokens=1200 if self.style == "llm-cot" else 400,
                template=tpl.version,
                accept=lambda c: parse_verdict(c.text).verdict != "UNKNOWN",
            )
        except CircuitOpen:
            raise
        except ProviderError as exc:
            return BaselineVerdict("UNKNOWN", "judge error", error=str(exc))
        return parse_verdict(c.text)


def parse_verdict(text: str) -> BaselineVerdict:
    """The verdict of a judge's JSON reply; anything else is UNKNOWN."""
    s = text.strip()
    if s.startswith("```"):
        s = s.strip("`").removeprefix("json").strip()
    start, end = s.find("{"), s.rfind("}")
    try:
        doc = json.loads(s[start : end + 1]) if start >= 0 and end > start else None
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        return BaselineVerdict("UNKNOWN", "the reply is not a JSON object")
    verdict = doc.get("verdict")
    if isinstance(verdict, str) and verdict.strip().lower() in ("violated", "compliant"):
        return BaselineVerdict("VIOLATED" if verdict.strip().lower() == "violated" else "SATISFIED")
    return BaselineVerdict("UNKNOWN", f"no verdict in the reply: {str(verdict)[:60]!r}")
