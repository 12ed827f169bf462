"""Run a policy over a labeled data set: concurrent, resumable, with progress, reporting the metrics.

Every judge runs on the same traces: ``formal`` (FormalJudge: facts, then a
solver) and, when an LLM is given, the LLM-as-a-judge baselines. Labels and
annotations never reach a reader or a judge: they stay in the trace's
metadata, which nothing below shows to a model.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from formaljudge.bench._baselines import BASELINES, LLMJudge
from formaljudge.bench._metrics import POSITIVE, Row, metrics
from formaljudge.bench._persuasion import SUFFIXES, persuade
from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract._reader import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import judge
from formaljudge.llm import LLM, CachedLLM, map_bounded
from formaljudge.traces import Trace, load_traces

GROUP_FIELDS = ("risk_type", "application_scenario", "pattern")
JUDGES = ("formal", *BASELINES)


def _groups(trace: Trace) -> dict[str, str]:
    ann = trace.metadata.get("annotations", {}) if isinstance(trace.metadata, dict) else {}
    return {g: str(ann[g]) for g in GROUP_FIELDS if ann.get(g) is not None}


def _usage(obj: Any) -> dict[str, Any]:
    usage = getattr(obj, "usage", None)
    if usage is None:
        return {"calls": 0, "cached_calls": 0, "prompt_tokens": 0, "completion_tokens": 0}
    return dict(json.loads(usage.model_dump_json()))


def run_bench(
    dataset: Path,
    spec: PolicySpec,
    reader: Reader,
    *,
    backend: str = "z3",
    judges: tuple[str, ...] = ("formal",),
    llm: LLM | CachedLLM | None = None,
    concurrency: int = 4,
    persuasion: bool = False,
    resume: Path | None = None,
    on_row: Callable[[Row], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Judge every labeled trace with each judge; rows already in ``resume`` are not judged again.

    The result holds FormalJudge's metrics at the top level (when ``formal`` is
    among the judges) and every judge's under ``judges``. With ``persuasion``,
    each positive trace is judged again with each persuasion text appended to
    its final answer, and every verdict that changes is listed.
    """
    unknown = [j for j in judges if j not in JUDGES]
    if unknown:
        raise FormalJudgeError(f"unknown judge {unknown[0]!r}; choose from {', '.join(JUDGES)}")
    if any(j != "formal" for j in judges) and llm is None:
        raise FormalJudgeError(
            "the LLM-as-a-judge baselines need a model: give --model openai:MODEL or transformers:PATH"
        )
    t0 = time.perf_counter()
    loaded = list(load_traces(dataset))
    traces = [t for t in loaded if isinstance(t, Trace) and t.label is not None]
    bad = [str(e) for e in loaded if isinstance(e, TraceParseError)]
    bad += [f"{t.source_file}, record {t.id}: no label" for t in loaded if isinstance(t, Trace) and t.label is None]
    done: dict[tuple[str, str], Row] = {}
    if resume is not None and resume.exists():
        for line in resume.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = Row.model_validate_json(line)
                done[(row.judge, row.id)] = row
    baselines = {j: LLMJudge(llm, j) for j in judges if j != "formal" and llm is not None}

    def run_one(job: tuple[str, Trace]) -> Row:
        name, trace = job
        report, note = None, ""
        if name == "formal":
            report = judge(trace, spec, backend=backend, reader=reader)
            verdict, violated = report.verdict.value, [c.id for c in report.violated]
        else:
            b = baselines[name].judge(trace, spec)
            verdict, violated, note = b.verdict, [], b.note
        return Row(
            id=trace.id,
            label=str(trace.label),
            verdict=verdict,
            violated=violated,
            groups=_groups(trace),
            judge=name,
            note=note,
            report=report,
        )

    todo = [(j, t) for j in judges for t in traces if (j, t.id) not in done]
    if on_total is not None:
        on_total(len(judges) * len(traces))
    rows: dict[str, list[Row]] = {j: [done[(j, t.id)] for t in traces if (j, t.id) in done] for j in judges}
    for row in (r for rs in rows.values() for r in rs):
        if on_row is not None:
            on_row(row)
    sink = resume.open("a", encoding="utf-8") if resume is not None else None
    try:
        # threads pay off while LLM calls are in flight; local work is faster on one
        uses_llm = llm is not None or getattr(reader, "llm", None) is not None
        workers = concurrency if uses_llm and backend != "dafny" else 1
        for row in map_bounded(run_one, todo, concurrency=workers):
            rows[row.judge].append(row)
            if sink is not None:
                sink.write(row.model_dump_json() + "\n")
                sink.flush()
            if on_row is not None:
                on_row(row)
    finally:
        if sink is not None:
            sink.close()
    categories = {c.id: c.category for c in spec.constraints if c.category}
    per_judge = {j: metrics(rows[j], categories if j == "formal" else None) for j in judges}
    name_of = {"formal": f"formaljudge ({getattr(reader, 'name', '?')} reader, {backend})"}
    name_of.update({j: b.name for j, b in baselines.items()})
    out: dict[str, Any] = {
        "dataset": str(dataset),
        "policy": spec.name,
        "policy_hash": spec.hash,
        "reader": getattr(reader, "name", "?"),
        "backend": backend,
        "judges": {j: {"name": name_of[j], **per_judge[j]} for j in judges},
        "date": time.strftime("%Y-%m-%d"),
        "resumed_rows": len(done),
        "records_read": len(traces),
        "bad_records": bad,
        "llm": {"reader": _usage(getattr(reader, "llm", None)), "baselines": _usage(llm)},
    }
    if "formal" in judges:
        out.update(per_judge["formal"])
        out["judge"] = "formal"
    if persuasion:
        out["persuasion"] = _persuasion(traces, spec, reader, backend, rows.get("formal", []))
    out["wall_s"] = round(time.perf_counter() - t0, 2)
    return out


def _persuasion(
    traces: list[Trace], spec: PolicySpec, reader: Reader, backend: str, formal_rows: list[Row]
) -> dict[str, Any]:
    """Append each persuasion text to every positive trace's final answer; list the verdicts that change."""
    base = {r.id: r.verdict for r in formal_rows}
    positives = [t for t in traces if str(t.label).lower() in POSITIVE]
    changed = []
    checked = 0
    for t in positives:
        before = base.get(t.id) or judge(t, spec, backend=backend, reader=reader).verdict.value
        for i, text in enumerate(SUFFIXES):
            after = judge(persuade(t, text), spec, backend=backend, reader=reader).verdict.value
            checked += 1
            if after != before:
                changed.append({"id": t.id, "suffix": i, "before": before, "after": after})
    return {"traces": len(positives), "variants": checked, "changed": changed}
