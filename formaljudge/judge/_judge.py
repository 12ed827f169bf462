"""``judge(trace, spec)``: extract facts, ground the constraints, solve."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.errors import FormalJudgeError
from formaljudge.extract import Grounder, NoReader, Reader, TraceContext, extract_facts
from formaljudge.extract._ground import GExpr
from formaljudge.ir._spec import Constraint, PolicySpec
from formaljudge.judge._capture import without_content
from formaljudge.judge._report import JudgeReport
from formaljudge.traces._model import Trace


def ground_trace(
    trace: Trace, spec: PolicySpec, reader: Reader | None = None
) -> tuple[list[tuple[Constraint, GExpr]], Grounder, dict[str, float]]:
    """Facts extracted and every constraint grounded over ``trace``."""
    reader = reader or NoReader()
    t0 = time.perf_counter()
    ctx = TraceContext(trace)
    facts = extract_facts(spec, ctx, reader)
    t1 = time.perf_counter()
    grounder = Grounder(ctx, facts)
    grounded = [(c, grounder.ground(c.formula)) for c in spec.constraints]
    t2 = time.perf_counter()
    return grounded, grounder, {"extract": (t1 - t0) * 1e3, "ground": (t2 - t1) * 1e3}


def judge(
    trace: Trace,
    spec: PolicySpec,
    *,
    backend: str = "z3",
    reader: Reader | None = None,
    timeout_ms: int = 2000,
) -> JudgeReport:
    """Audit one trace against a policy and return the proved verdicts."""
    if backend == "dafny":
        return next(judge_many([trace], spec, backend="dafny", reader=reader, timeout_ms=timeout_ms))
    reader = reader or NoReader()
    grounded, grounder, timings = ground_trace(trace, spec, reader)
    t0 = time.perf_counter()
    if backend == "z3":
        from formaljudge.backends._z3 import solve_z3

        results = solve_z3(grounded, timeout_ms=timeout_ms)
    else:
        raise FormalJudgeError(f"unknown backend {backend!r}: choose z3 or dafny")
    timings["solve"] = (time.perf_counter() - t0) * 1e3
    return _report(trace, spec, backend, reader, results, grounder, timings)


def _report(
    trace: Trace,
    spec: PolicySpec,
    backend: str,
    reader: Reader,
    results: list[ConstraintResult],
    grounder: Grounder,
    timings: dict[str, float],
) -> JudgeReport:
    results = without_content(trace, spec, results)  # traces recorded without their content (OTLP)
    return JudgeReport(
        trace_id=trace.id,
        source_file=trace.source_file,
        policy=spec.name,
        policy_hash=spec.hash,
        backend=backend,
        reader=reader.name,
        verdict=Verdict.combine([r.verdict for r in results]),
        constraints=results,
        facts=list(grounder.facts.values()),
        timings_ms={k: round(v, 3) for k, v in timings.items()},
        label=trace.label,
    )


def judge_many(
    traces: Iterable[Trace],
    spec: PolicySpec,
    *,
    backend: str = "z3",
    reader: Reader | None = None,
    timeout_ms: int = 2000,
    on_report: Callable[[JudgeReport], None] | None = None,
    batch_size: int = 100,
    dafny_time_limit_s: int | None = None,
    dafny_program: Path | None = None,
) -> Iterator[JudgeReport]:
    """Audit many traces; yields one report per trace, in order.

    With the Dafny backend, traces go to the verifier in batches of
    ``batch_size`` (one verifier process per batch). Each lemma gets
    ``dafny_time_limit_s`` (default: ten times ``timeout_ms``, at least 10 s,
    since the verifier is far slower to start than Z3); ``dafny_program``
    keeps the last program verified.
    """
    if backend != "dafny":
        for trace in traces:
            report = judge(trace, spec, backend=backend, reader=reader, timeout_ms=timeout_ms)
            if on_report is not None:
                on_report(report)
            yield report
        return
    from formaljudge.backends._dafny import solve_dafny

    reader = reader or NoReader()
    pending: list[tuple[Trace, list[tuple[Constraint, GExpr]], Grounder, dict[str, float]]] = []

    def flush() -> Iterator[JudgeReport]:
        t0 = time.perf_counter()
        limit = dafny_time_limit_s or max(1, timeout_ms // 1000) * 10
        rows = solve_dafny([(t.id, g) for t, g, _, _ in pending], spec, timeout_s=limit, keep=dafny_program)
        per_trace = (time.perf_counter() - t0) * 1e3 / max(1, len(pending))
        for (trace, _, grounder, timings), results in zip(pending, rows, strict=True):
            report = _report(trace, spec, "dafny", reader, results, grounder, {**timings, "solve": per_trace})
            if on_report is not None:
                on_report(report)
            yield report
        pending.clear()

    for trace in traces:
        grounded, grounder, timings = ground_trace(trace, spec, reader)
        pending.append((trace, grounded, grounder, timings))
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
