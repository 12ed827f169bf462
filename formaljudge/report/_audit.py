"""The page of an audit: judge reports with their traces."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from formaljudge.errors import TraceParseError
from formaljudge.judge._report import JudgeReport
from formaljudge.report._model import Bar, Overview, Page, PageData
from formaljudge.report._views import (
    PolicyIndex,
    TraceIndex,
    bad_records,
    placeholder_trace,
    report_view,
    usual_reasons,
)
from formaljudge.traces._model import Trace

VERDICTS = ("VIOLATED", "UNKNOWN", "SATISFIED")


def audit_page(
    reports: Iterable[JudgeReport],
    traces: Iterable[Trace] = (),
    errors: Iterable[TraceParseError] = (),
    *,
    title: str = "FormalJudge audit",
) -> Page:
    """The page for an audit. ``traces`` gives each report's steps (a report without its trace shows none)."""
    index = TraceIndex()
    for t in traces:
        index.add(t)
    policies = PolicyIndex()
    views = []
    all_reports = list(reports)
    reasons = usual_reasons(all_reports)
    for r in all_reports:
        at = index.find(r.source_file, r.trace_id)
        if at is None:
            at = index.add(placeholder_trace(r))
        views.append(report_view(index, policies, at, r, reasons))
    data = PageData(
        kind="audit",
        title=title,
        reasons=reasons,
        policies=policies.finished(),
        traces=index.views,
        reports=views,
        bad=bad_records(errors),
    )
    return Page(overview=_overview(data, title), data=data)


def _overview(data: PageData, title: str) -> Overview:
    verdicts: Counter[str] = Counter(r.verdict for r in data.reports)
    per_policy: dict[int, Counter[str]] = {i: Counter() for i in range(len(data.policies))}
    per_constraint: dict[tuple[int, str], Counter[str]] = {
        (i, c.id): Counter() for i, p in enumerate(data.policies) for c in p.constraints
    }
    for r in data.reports:
        per_policy[r.policy][r.verdict] += 1
        for c in r.constraints:
            per_constraint[(r.policy, c.id)][c.verdict] += 1
    sentences = {(i, c.id): c.sentence for i, p in enumerate(data.policies) for c in p.constraints}
    by_policy = [
        Bar(
            label=p.name,
            key=str(i),
            title=f"policy {p.name} ({p.hash})",
            counts={v: per_policy[i][v] for v in VERDICTS},
        )
        for i, p in enumerate(data.policies)
    ]
    by_constraint = [
        Bar(
            label=f"{data.policies[i].name} · {cid}",
            key=f"{i}/{cid}",
            title=sentences[(i, cid)],
            counts={v: counts[v] for v in VERDICTS},
        )
        for (i, cid), counts in sorted(
            per_constraint.items(), key=lambda kv: (-kv[1]["VIOLATED"], -kv[1]["UNKNOWN"], kv[0][0])
        )
    ]
    traced = len(data.traces)  # one view per (file, id)
    counts = {
        "traces": traced,
        "reports": len(data.reports),
        **{v.lower(): verdicts[v] for v in VERDICTS},
        "bad_records": len(data.bad),
    }
    readers = sorted({r.reader for r in data.reports if r.reader})
    backends = sorted({r.backend for r in data.reports if r.backend})
    subtitle = " · ".join(
        part
        for part in (
            f"{traced} trajectories, {len(data.reports)} checks",
            ("policies " + ", ".join(p.name for p in data.policies)) if data.policies else "",
            ("backend " + ", ".join(backends)) if backends else "",
            ("reader " + ", ".join(readers)) if readers else "",
        )
        if part
    )
    return Overview(
        kind="audit",
        title=title,
        subtitle=subtitle,
        counts=counts,
        by_policy=by_policy,
        by_constraint=by_constraint,
    )
