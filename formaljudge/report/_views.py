"""Traces and judge reports turned into the page's data: steps to show, evidence located in them."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from formaljudge.backends._verdict import ConstraintResult, ForcingFact
from formaljudge.errors import TraceParseError
from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.judge._report import JudgeReport
from formaljudge.report._model import (
    BadRecordView,
    ConstraintMeta,
    ConstraintView,
    EvidenceView,
    FactView,
    ForcingView,
    PolicyView,
    ReportView,
    SourceKind,
    StepView,
    TraceView,
)
from formaljudge.report._spans import Collapsed
from formaljudge.traces._address import split_path
from formaljudge.traces._model import Trace

_STEP_ADDRESS = re.compile(r"steps\[(\d{1,9})\]")


def source_kind(source: str) -> SourceKind:
    """Who read a fact: the code extractors, the embedded reader, an LLM, or nobody."""
    if source == "code":
        return "code"
    if source.startswith("embedded"):
        return "embedded"
    if source in ("none", ""):
        return "none"
    return "llm"


def plain(value: Any) -> Any:
    """A JSON value the page can show: numbers that JSON cannot hold (NaN, infinities) become text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def args_text(args: dict[str, Any]) -> tuple[str, dict[str, int]]:
    """The arguments as ``key: value`` lines (strings as they are), and where each key's line starts."""
    lines: list[str] = []
    starts: dict[str, int] = {}
    offset = 0
    for key, value in args.items():
        if isinstance(value, str):
            shown = value
        else:
            indent = 2 if isinstance(value, dict | list) else None
            shown = json.dumps(plain(value), ensure_ascii=False, indent=indent)
        line = f"{key}: {shown}"
        starts[str(key)] = offset
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), starts


# The views of facts, constraints and evidence are many (tens per trace) and built from values that are
# already typed (JudgeReport), so they are made with ``model_construct``: validating them again would only copy.


class TraceIndex:
    """The traces of one page, each shown once; reports and rows refer to them by position."""

    def __init__(self) -> None:
        self.views: list[TraceView] = []
        self._arg_starts: list[list[dict[str, int]]] = []
        self._position: dict[tuple[str | None, str], int] = {}
        self._collapsed: dict[tuple[int, int, str], Collapsed] = {}

    def _text(self, trace: int, step: int, field: str) -> Collapsed:
        key = (trace, step, field)
        if key not in self._collapsed:
            shown = self.views[trace].steps[step]
            self._collapsed[key] = Collapsed(shown.text if field == "text" else shown.args)
        return self._collapsed[key]

    def add(self, trace: Trace) -> int:
        key = (trace.source_file, trace.id)
        if key in self._position:
            return self._position[key]
        steps: list[StepView] = []
        starts: list[dict[str, int]] = []
        for s in trace.steps:
            shown, where = args_text(s.args)
            starts.append(where)
            steps.append(
                StepView(
                    kind=s.kind.value,
                    text=s.text,
                    tool=s.tool,
                    args=shown,
                    error=s.error,
                    result_of=s.result_of,
                    origin=s.origin,
                )
            )
        view = TraceView(
            id=trace.id,
            file=trace.source_file,
            format=trace.format,
            task=trace.task,
            label=trace.label,
            steps=steps,
        )
        self._position[key] = len(self.views)
        self.views.append(view)
        self._arg_starts.append(starts)
        return self._position[key]

    def find(self, source_file: str | None, trace_id: str) -> int | None:
        return self._position.get((source_file, trace_id))

    def evidence(self, trace: int, ev: Evidence) -> EvidenceView:
        """The evidence with the step it names and, when the quote is found there, where it sits."""
        m = _STEP_ADDRESS.match(ev.address)
        view = self.views[trace]
        step = int(m.group(1)) if m else None
        if step is None or step >= len(view.steps):
            return EvidenceView.model_construct(address=ev.address, quote=ev.quote, origin=ev.origin, note=ev.note)
        path = ev.address[m.end() :].lstrip(".") if m else ""
        at: tuple[Any, int, int] | None = None
        order: list[str] = ["args", "text"] if path.startswith("args") else ["text", "args"]
        for field in order:
            start = 0
            if field == "args" and path.startswith("args"):
                try:
                    parts = split_path(path)
                except KeyError:
                    parts = []
                if len(parts) > 1:
                    start = self._arg_starts[trace][step].get(str(parts[1]), 0)
            span = self._text(trace, step, field).find(ev.quote, start) if ev.quote else None
            if span is not None:
                at = (field, span[0], span[1])
                break
        return EvidenceView.model_construct(
            address=ev.address, step=step, quote=ev.quote, origin=ev.origin, note=ev.note, at=at
        )


class PolicyIndex:
    """Policies by name, with each constraint's sentence and category as the reports give them."""

    def __init__(self) -> None:
        self.views: list[PolicyView] = []
        self._position: dict[str, int] = {}
        self._constraints: list[dict[str, ConstraintMeta]] = []

    def add(self, report: JudgeReport) -> int:
        i = self._position.get(report.policy)
        if i is None:
            i = self._position[report.policy] = len(self.views)
            self.views.append(PolicyView(name=report.policy, hash=report.policy_hash))
            self._constraints.append({})
        known = self._constraints[i]
        for c in report.constraints:
            if c.id not in known:
                known[c.id] = ConstraintMeta(id=c.id, sentence=c.sentence, category=c.category)
        return i

    def finished(self) -> list[PolicyView]:
        pairs = zip(self.views, self._constraints, strict=True)
        return [v.model_copy(update={"constraints": list(c.values())}) for v, c in pairs]


def _forcing(traces: TraceIndex, trace: int, f: ForcingFact) -> ForcingView:
    return ForcingView.model_construct(
        label=f.label,
        value=plain(f.value),
        source=f.source,
        kind=source_kind(f.source),
        evidence=[traces.evidence(trace, e) for e in f.evidence],
    )


def _constraint(traces: TraceIndex, trace: int, c: ConstraintResult, reasons: dict[str, str]) -> ConstraintView:
    return ConstraintView.model_construct(
        id=c.id,
        verdict=c.verdict.value,
        reason=None if reasons.get(c.verdict.value) == c.reason else c.reason,
        forcing=[_forcing(traces, trace, f) for f in c.forcing],
        depends_on=list(c.depends_on),
    )


def _fact(traces: TraceIndex, trace: int, f: FactValue) -> FactView:
    return FactView.model_construct(
        name=f.name,
        type=f.type.value,
        value=plain(f.value),
        known=f.known,
        source=f.source,
        kind=source_kind(f.source),
        confidence=f.confidence if f.confidence is None or math.isfinite(f.confidence) else None,
        note=f.note,
        evidence=[traces.evidence(trace, e) for e in f.evidence],
    )


def usual_reasons(reports: Iterable[JudgeReport]) -> dict[str, str]:
    """For each verdict, the reason most constraints give (the page stores it once)."""
    counts: dict[str, Counter[str]] = {}
    for r in reports:
        for c in r.constraints:
            counts.setdefault(c.verdict.value, Counter())[c.reason] += 1
    return {v: n.most_common(1)[0][0] for v, n in counts.items()}


def report_view(
    traces: TraceIndex, policies: PolicyIndex, trace: int, report: JudgeReport, reasons: dict[str, str]
) -> ReportView:
    return ReportView(
        trace=trace,
        policy=policies.add(report),
        verdict=report.verdict.value,
        backend=report.backend,
        reader=report.reader,
        constraints=[_constraint(traces, trace, c, reasons) for c in report.constraints],
        facts=[_fact(traces, trace, f) for f in report.facts],
        llm_calls=report.llm_usage.get("calls", 0),
    )


def placeholder_trace(report: JudgeReport) -> Trace:
    """For a report whose trace was not given: its id and file, no steps."""
    return Trace(id=report.trace_id, source_file=report.source_file, label=report.label)


def bad_records(errors: Iterable[TraceParseError | str]) -> list[BadRecordView]:
    out = []
    for e in errors:
        if isinstance(e, TraceParseError):
            record = None if e.record is None else str(e.record)
            out.append(BadRecordView(message=e.message, file=e.file, record=record, field=e.field))
        else:
            out.append(BadRecordView(message=str(e)))
    return out
