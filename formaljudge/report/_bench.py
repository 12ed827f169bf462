"""The page of a benchmark run: every judge's figures, their errors, and each trajectory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from formaljudge.bench._metrics import Row, f1_interval, wilson
from formaljudge.report._model import (
    BenchData,
    BenchRowView,
    Group,
    GroupRecall,
    Interval,
    JudgeFigures,
    JudgeRef,
    Overview,
    Page,
    PageData,
    ReportView,
)
from formaljudge.report._views import PolicyIndex, TraceIndex, bad_records, report_view, usual_reasons
from formaljudge.traces._model import Trace


def _proportion(k: int, n: int) -> Interval:
    if n == 0:
        return Interval(value=None, k=k, n=n)
    lo, hi = wilson(k, n)
    return Interval(value=k / n, lo=lo, hi=hi, k=k, n=n)


def figures(key: str, name: str, rows: list[Row]) -> JudgeFigures:
    """A judge's accuracy, precision and recall with 95% Wilson intervals, F1 with a bootstrap interval."""
    tp = sum(r.truth and r.flagged for r in rows)
    fp = sum(not r.truth and r.flagged for r in rows)
    fn = sum(r.truth and not r.flagged for r in rows)
    tn = sum(not r.truth and not r.flagged for r in rows)
    n = len(rows)
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else None
    lo, hi = f1_interval(tp, fp, fn, tn) if n else (None, None)
    return JudgeFigures(
        key=key,
        name=name,
        n=n,
        accuracy=_proportion(tp + tn, n),
        precision=_proportion(tp, tp + fp),
        recall=_proportion(tp, tp + fn),
        f1=Interval(value=f1, lo=lo if f1 is not None else None, hi=hi if f1 is not None else None, n=n),
        confusion={"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        unknown=sum(r.verdict == "UNKNOWN" for r in rows),
        errors=fp + fn,
    )


def _recall(rows: list[Row]) -> Interval:
    return _proportion(sum(r.flagged for r in rows if r.truth), sum(r.truth for r in rows))


def _groups(judges: list[str], rows: dict[str, list[Row]]) -> list[Group]:
    names: dict[str, None] = {}
    for rs in rows.values():
        for r in rs:
            names.update(dict.fromkeys(r.groups))
    out = []
    for g in names:
        per_value: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for j in judges:
            for r in rows.get(j, []):
                if g in r.groups:
                    per_value[r.groups[g]][j].append(r)
        recalls = []
        for value in sorted(per_value):
            first = per_value[value][judges[0]] if judges else []
            positives = sum(r.truth for r in first)
            recall = [_recall(per_value[value][j]) for j in judges]
            recalls.append(GroupRecall(value=value, n=len(first), positives=positives, recall=recall))
        out.append(Group(name=g, rows=recalls))
    return out


def bench_page(result: dict[str, Any], rows: Iterable[Row], traces: Iterable[Trace], *, title: str = "") -> Page:
    """The page for ``run_bench``'s ``result``, its ``rows`` (every judge's) and the data set's ``traces``."""
    judge_names: dict[str, str] = {k: str(v.get("name", k)) for k, v in (result.get("judges") or {}).items()}
    by_judge: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_judge[r.judge].append(r)
        judge_names.setdefault(r.judge, r.judge)
    keys = list(judge_names)
    index = TraceIndex()
    by_id: dict[str, int] = {}
    wanted = {r.id for rs in by_judge.values() for r in rs}
    for t in traces:
        if t.id in wanted and t.id not in by_id:
            by_id[t.id] = index.add(t)
    policies = PolicyIndex()
    reasons = usual_reasons(r.report for rs in by_judge.values() for r in rs if r.report is not None)
    reports: list[ReportView] = []
    views: list[BenchRowView] = []
    for j, key in enumerate(keys):
        for r in by_judge.get(key, []):
            at = by_id.get(r.id)
            report = None
            if r.report is not None and at is not None:
                report = len(reports)
                reports.append(report_view(index, policies, at, r.report, reasons))
            views.append(
                BenchRowView(
                    trace=at,
                    id=r.id,
                    judge=j,
                    label=r.label,
                    truth=r.truth,
                    verdict=r.verdict if r.verdict in ("VIOLATED", "UNKNOWN", "SATISFIED") else "UNKNOWN",
                    note=r.note,
                    report=report,
                )
            )
    dataset = str(result.get("dataset", ""))
    page_title = title or f"FormalJudge bench · {Path(dataset).name or 'data set'}"
    data = PageData(
        kind="bench",
        title=page_title,
        reasons=reasons,
        policies=policies.finished(),
        traces=index.views,
        reports=reports,
        bad=bad_records(str(b) for b in result.get("bad_records") or []),
        bench=BenchData(judges=[JudgeRef(key=k, name=judge_names[k]) for k in keys], rows=views),
    )
    judges = [figures(k, judge_names[k], by_judge.get(k, [])) for k in keys]
    subtitle = " · ".join(
        str(part)
        for part in (
            dataset,
            f"policy {result.get('policy', '?')}",
            f"reader {result.get('reader', '?')}",
            f"backend {result.get('backend', '?')}",
            result.get("date", ""),
            f"{result['wall_s']} s" if "wall_s" in result else "",
        )
        if part
    )
    notes = []
    if result.get("resumed_rows"):
        notes.append(f"{result['resumed_rows']} rows were taken from the resume file, not judged again.")
    if data.bad:
        notes.append(f"{len(data.bad)} records could not be read; they are listed at the end and counted nowhere.")
    missing = sum(r.report is None for r in by_judge.get("formal", []))
    if missing:
        notes.append(f"{missing} FormalJudge rows carry no report (resumed from a file written without one).")
    p = result.get("persuasion")
    if isinstance(p, dict):
        notes.append(
            f"Persuasion: {p.get('variants', 0)} variants of {p.get('traces', 0)} positive traces, "
            f"{len(p.get('changed') or [])} verdicts changed."
        )
    for who, u in (result.get("llm") or {}).items():
        if isinstance(u, dict) and u.get("calls"):
            notes.append(
                f"LLM ({who}): {u['calls']} calls, {u.get('cached_calls', 0)} from cache, "
                f"{u.get('prompt_tokens', 0)} prompt + {u.get('completion_tokens', 0)} completion tokens."
            )
    overview = Overview(
        kind="bench",
        title=page_title,
        subtitle=subtitle,
        counts={"records": len({r.id for rs in by_judge.values() for r in rs}), "bad_records": len(data.bad)},
        judges=judges,
        groups=_groups(keys, by_judge),
        notes=notes,
    )
    return Page(overview=overview, data=data)
