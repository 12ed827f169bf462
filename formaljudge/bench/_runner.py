"""Run a policy over a labeled data set: resumable, with progress, reporting the metrics."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from formaljudge.bench._metrics import Row, metrics
from formaljudge.errors import TraceParseError
from formaljudge.extract._reader import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import judge
from formaljudge.traces import Trace, load_traces

GROUP_FIELDS = ("risk_type", "application_scenario", "pattern")


def _groups(trace: Trace) -> dict[str, str]:
    ann = trace.metadata.get("annotations", {}) if isinstance(trace.metadata, dict) else {}
    return {g: str(ann[g]) for g in GROUP_FIELDS if ann.get(g) is not None}


def run_bench(
    dataset: Path,
    spec: PolicySpec,
    reader: Reader,
    *,
    backend: str = "z3",
    resume: Path | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> dict[str, Any]:
    """Judge every labeled trace; rows already in ``resume`` are not judged again."""
    t0 = time.perf_counter()
    loaded = list(load_traces(dataset))
    traces = [t for t in loaded if isinstance(t, Trace) and t.label is not None]
    bad = [str(e) for e in loaded if isinstance(e, TraceParseError)]
    done: dict[str, Row] = {}
    if resume is not None and resume.exists():
        for line in resume.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = Row.model_validate_json(line)
                done[row.id] = row
    sink = resume.open("a", encoding="utf-8") if resume is not None else None
    rows: list[Row] = []
    try:
        for trace in traces:
            if trace.id in done:
                rows.append(done[trace.id])
                if on_row is not None:
                    on_row(done[trace.id])
                continue
            report = judge(trace, spec, backend=backend, reader=reader)
            row = Row(
                id=trace.id,
                label=str(trace.label),
                verdict=report.verdict.value,
                violated=[c.id for c in report.violated],
                groups=_groups(trace),
            )
            rows.append(row)
            if sink is not None:
                sink.write(row.model_dump_json() + "\n")
                sink.flush()
            if on_row is not None:
                on_row(row)
    finally:
        if sink is not None:
            sink.close()
    usage = getattr(getattr(reader, "llm", None), "usage", None)
    return {
        "dataset": str(dataset),
        "policy": spec.name,
        "policy_hash": spec.hash,
        "reader": getattr(reader, "name", "?"),
        "backend": backend,
        "judge": "formal",
        "date": time.strftime("%Y-%m-%d"),
        "wall_s": round(time.perf_counter() - t0, 2),
        "resumed_rows": len([r for r in rows if r.id in done]),
        "bad_records": bad,
        "llm": json.loads(usage.model_dump_json()) if usage is not None else {"calls": 0, "prompt_tokens": 0},
        **metrics(rows),
    }
