"""The data one report page holds, embedded once as JSON and read by the page's script.

Everything here is plain data: strings from traces stay strings (the page
only ever puts them in text nodes). Offsets (``EvidenceView.at``) count UTF-16
code units, as JavaScript strings do.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["code", "embedded", "llm", "none"]
VerdictName = Literal["VIOLATED", "UNKNOWN", "SATISFIED"]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class StepView(_View):
    kind: str
    text: str = ""
    tool: str | None = None
    args: str = ""  # one "key: value" line per argument; string values as they are
    error: bool | None = None
    result_of: int | None = None
    origin: str = ""


class TraceView(_View):
    id: str
    file: str | None = None
    format: str = ""
    task: str = ""
    label: str | None = None
    steps: list[StepView] = Field(default_factory=list)


class EvidenceView(_View):
    address: str
    step: int | None = None
    quote: str = ""
    origin: str = ""
    note: str = ""
    at: tuple[Literal["text", "args"], int, int] | None = None  # where the quote sits in the step


class ForcingView(_View):
    label: str
    value: Any = None
    source: str = "code"
    kind: SourceKind = "code"
    evidence: list[EvidenceView] = Field(default_factory=list)


class ConstraintView(_View):
    id: str
    verdict: VerdictName
    reason: str | None = None  # None: the page's usual reason for this verdict (PageData.reasons)
    forcing: list[ForcingView] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)


class FactView(_View):
    name: str
    type: str
    value: Any = None
    known: bool = False
    source: str = "code"
    kind: SourceKind = "code"
    confidence: float | None = None
    note: str = ""
    evidence: list[EvidenceView] = Field(default_factory=list)


class ReportView(_View):
    trace: int  # index into Page.traces
    policy: int  # index into Page.policies
    verdict: VerdictName
    backend: str = ""
    reader: str = ""
    constraints: list[ConstraintView] = Field(default_factory=list)
    facts: list[FactView] = Field(default_factory=list)
    llm_calls: int = 0


class ConstraintMeta(_View):
    id: str
    sentence: str = ""
    category: str | None = None


class PolicyView(_View):
    name: str
    hash: str = ""
    constraints: list[ConstraintMeta] = Field(default_factory=list)


class BadRecordView(_View):
    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None


class JudgeRef(_View):
    key: str
    name: str


class BenchRowView(_View):
    trace: int | None  # None: the record was not found in the data set any more
    id: str
    judge: int  # index into BenchData.judges
    label: str
    truth: bool
    verdict: VerdictName
    note: str = ""
    report: int | None = None  # index into Page.reports (FormalJudge's rows)


class BenchData(_View):
    judges: list[JudgeRef]
    rows: list[BenchRowView]


class PageData(_View):
    """What the page's script reads (``<script type="application/json" id="fj-data">``)."""

    kind: Literal["audit", "bench"]
    title: str
    reasons: dict[str, str] = Field(default_factory=dict)  # verdict → the solver's reason most constraints give
    policies: list[PolicyView] = Field(default_factory=list)
    traces: list[TraceView] = Field(default_factory=list)
    reports: list[ReportView] = Field(default_factory=list)
    bad: list[BadRecordView] = Field(default_factory=list)
    bench: BenchData | None = None


# What the template draws on the server side (charts, counts): no trace data beyond names.


class Bar(_View):
    """One horizontal bar: a label and its segments (verdict → count)."""

    label: str
    key: str  # what the page's filter takes: a policy's index, or "policy index/constraint id"
    title: str = ""
    counts: dict[str, int]


class Interval(_View):
    value: float | None
    lo: float | None = None
    hi: float | None = None
    k: int = 0  # successes
    n: int = 0  # trials (for a proportion)


class JudgeFigures(_View):
    key: str
    name: str
    n: int
    accuracy: Interval
    precision: Interval
    recall: Interval
    f1: Interval
    confusion: dict[str, int]
    unknown: int
    errors: int


class GroupRecall(_View):
    value: str
    n: int
    positives: int
    recall: list[Interval]  # one per judge, in JudgeFigures order


class Group(_View):
    name: str
    rows: list[GroupRecall]


class Overview(_View):
    """The server-rendered part of the page."""

    kind: Literal["audit", "bench"]
    title: str
    subtitle: str = ""
    counts: dict[str, int] = Field(default_factory=dict)  # audit: verdict → reports; traces; bad_records
    by_policy: list[Bar] = Field(default_factory=list)
    by_constraint: list[Bar] = Field(default_factory=list)
    judges: list[JudgeFigures] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Page(_View):
    """A whole report: what the server draws and what the script reads."""

    overview: Overview
    data: PageData
