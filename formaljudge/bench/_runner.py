"""Run a policy over a labeled data set: concurrent, resumable, with progress, reporting the metrics.

Every judge runs on the same traces: ``formal`` (FormalJudge: facts, then a
solver) and, when an LLM is given, the LLM-as-a-judge baselines. Labels and
annotations never reach a reader or a judge: they stay in the trace's
metadata, which nothing below shows to a model.

A row whose model call failed (outage, 429, a bad reply) is an error, not a
verdict: it is left out of the metrics, counted apart, and never written to
the resume file, so a rerun after the outage judges it again. When the
circuit breaker opens (too many failed calls in a row) no more calls are
made: the remaining rows are errors too, and everything already judged is
kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from formaljudge.backends import Verdict
from formaljudge.bench._baselines import BASELINES, LLMJudge
from formaljudge.bench._metrics import POSITIVE, Row, metrics
from formaljudge.bench._persuasion import SUFFIXES, persuade
from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract._reader import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import JudgeReport, TraceLimits, judge
from formaljudge.llm import LLM, CachedLLM, CircuitOpen, map_bounded
from formaljudge.run import Outcome, RunConfig, groups_of, run_records
from formaljudge.traces import Trace, load_traces

JUDGES = ("formal", *BASELINES)


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
    limits: TraceLimits | None = None,
    workers: int = 1,
    batch_size: int = 32,
    reader_name: str | None = None,
    use_cache: bool = True,
    llm_timeout_s: float | None = None,
) -> dict[str, Any]:
    """Judge every labeled trace with each judge; rows already in ``resume`` are not judged again.

    The result holds FormalJudge's metrics at the top level (when ``formal`` is
    among the judges) and every judge's under ``judges``. With ``persuasion``,
    each positive trace is judged again with each persuasion text appended to
    its final answer, and every verdict that changes is listed.

    FormalJudge's verdicts are streamed: records are read and judged a batch at
    a time, on ``workers`` processes when ``reader_name`` names the reader to
    load in each (reader questions asked and not needed are counted).
    """
    unknown = [j for j in judges if j not in JUDGES]
    if unknown:
        raise FormalJudgeError(f"unknown judge {unknown[0]!r}; choose from {', '.join(JUDGES)}")
    if any(j != "formal" for j in judges) and llm is None:
        raise FormalJudgeError(
            "the LLM-as-a-judge baselines need a model: give --model openai:MODEL or transformers:PATH"
        )
    t0 = time.perf_counter()
    done: dict[tuple[str, str], Row] = {}
    if resume is not None and resume.exists():
        for line in resume.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = Row.model_validate_json(line)
                if row.error is None:  # an error row is never finished: judge it again
                    done[(row.judge, row.id)] = row
    baselines = {j: LLMJudge(llm, j) for j in judges if j != "formal" and llm is not None}
    rows: dict[str, list[Row]] = {j: [] for j in judges}
    bad: list[str] = []
    read = [0]  # labeled records read
    stopped: list[str] = []  # why the run stopped calling models, once the circuit breaker opened
    questions = {"asked": 0, "not_asked": 0}
    sink = resume.open("a", encoding="utf-8") if resume is not None else None

    def keep(row: Row, fresh: bool) -> None:
        rows[row.judge].append(row)
        if fresh and sink is not None and row.error is None:
            sink.write(row.model_dump_json() + "\n")
            sink.flush()
        if on_row is not None:
            on_row(row)

    try:
        if "formal" in judges:
            # streamed: records are read, judged in batches (on --workers processes) and dropped
            def on_outcome(o: Outcome) -> None:
                if o.error is not None:
                    bad.append(o.error)
                    return
                if o.trace_id is None:
                    return
                if o.label is None:
                    bad.append(f"{o.source}, record {o.trace_id}: no label")
                    return
                read[0] += 1
                if o.skipped:
                    keep(done[("formal", o.trace_id)], False)
                    return
                questions["asked"] += o.asked
                questions["not_asked"] += o.not_asked
                verdict = Verdict.combine([Verdict(v) for v in o.verdicts]).value
                report = JudgeReport.model_validate_json(o.lines[0]) if o.lines else None
                row = Row(
                    id=o.trace_id,
                    label=o.label,
                    verdict=verdict,
                    violated=o.violated,
                    groups=o.groups,
                    report=report,
                    error=o.provider_error if verdict == "UNKNOWN" else None,
                )
                keep(row, True)

            config = RunConfig(
                policies=[spec.model_dump_json()],
                backend=backend,
                reader=reader_name or getattr(reader, "name", "none"),
                skip_ids=frozenset(i for j, i in done if j == "formal"),
                use_cache=use_cache,
                llm_timeout_s=llm_timeout_s,
                max_trace_bytes=limits.max_bytes if limits is not None else None,
                trace_timeout_s=limits.timeout_s if limits is not None else None,
            )
            pooled = workers > 1 and reader_name is not None
            try:
                run_records(
                    [dataset],
                    config,
                    on_outcome,
                    workers=workers if pooled else 1,
                    batch_size=batch_size,
                    reader=None if pooled else reader,
                )
            except CircuitOpen as exc:  # the model is down: keep what was judged, the rest are errors
                stopped.append(str(exc))
        others = [j for j in judges if j != "formal"]
        traces: list[Trace] = []
        if others or persuasion or stopped:
            loaded = list(load_traces(dataset))
            traces = [t for t in loaded if isinstance(t, Trace) and t.label is not None]
            if "formal" not in judges:
                bad = [str(e) for e in loaded if isinstance(e, TraceParseError)]
                bad += [
                    f"{t.source_file}, record {t.id}: no label"
                    for t in loaded
                    if isinstance(t, Trace) and t.label is None
                ]
                read[0] = len(traces)
        if stopped and "formal" in judges:  # records the formal judge never reached
            reached = {r.id for r in rows["formal"]}
            for t in traces:
                if t.id not in reached:
                    keep(_error_row("formal", t, f"not judged: {stopped[0]}"), False)
        if on_total is not None:
            on_total(len(rows.get("formal", [])) + len(others) * len(traces))

        def run_one(job: tuple[str, Trace]) -> Row:
            name, trace = job
            if stopped:
                return _error_row(name, trace, f"not judged: {stopped[0]}")
            try:
                b = baselines[name].judge(trace, spec)
            except CircuitOpen as exc:
                stopped.append(str(exc))
                return _error_row(name, trace, str(exc))
            return Row(
                id=trace.id,
                label=str(trace.label),
                verdict=b.verdict,
                violated=[],
                groups=groups_of(trace),
                judge=name,
                error=b.error,
                note=b.note,
            )

        for j in others:
            for t in traces:
                if (j, t.id) in done:
                    keep(done[(j, t.id)], False)
        todo = [(j, t) for j in others for t in traces if (j, t.id) not in done]
        for row in map_bounded(run_one, todo, concurrency=concurrency if llm is not None else 1):
            keep(row, True)
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
        "errors": sum(per_judge[j]["errors"] for j in judges),
        "stopped": stopped[0] if stopped else None,
        "records_read": read[0],
        "bad_records": bad,
        "reader_questions": questions,
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


def _error_row(judge: str, trace: Trace, error: str) -> Row:
    """A row for a trace a judge could not decide because a model call failed: counted apart, never resumed."""
    return Row(
        id=trace.id,
        label=str(trace.label),
        verdict="UNKNOWN",
        violated=[],
        groups=groups_of(trace),
        judge=judge,
        error=error,
    )
