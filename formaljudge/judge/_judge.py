"""``judge(trace, spec)``: extract facts, ground the constraints, solve.

Reader facts are asked lazily: code facts first, every constraint solved with
the reader's facts still unknown, and only the facts of constraints that
stay undecided are then asked, for a whole batch of traces at once (the
embedded reader encodes all their sentences in one model call). A verdict
that the code facts already force cannot change whatever the reader says
(VIOLATED means no value of the unknown facts satisfies the constraint), so
laziness changes which facts are asked, never a verdict.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.errors import FormalJudgeError
from formaljudge.extract import Grounder, NoReader, Reader, ReadRequest, TraceContext, extract_facts, read_many
from formaljudge.extract._evidence import FactValue
from formaljudge.extract._ground import GExpr, atoms_of
from formaljudge.extract._pace import TraceTimeout, checkpoint, deadline
from formaljudge.ir._facts import Fact, Question
from formaljudge.ir._spec import Constraint, PolicySpec
from formaljudge.judge._capture import without_content
from formaljudge.judge._limits import TraceLimits, oversized, too_slow, unjudged
from formaljudge.judge._report import JudgeReport
from formaljudge.traces._model import Trace

BACKENDS = ("z3", "dafny")


def ground_trace(
    trace: Trace, spec: PolicySpec, reader: Reader | None = None
) -> tuple[list[tuple[Constraint, GExpr]], Grounder, dict[str, float]]:
    """Facts extracted (every question asked of ``reader``) and every constraint grounded over ``trace``."""
    reader = reader or NoReader()
    t0 = time.perf_counter()
    ctx = TraceContext(trace)
    facts = extract_facts(spec, ctx, reader)
    t1 = time.perf_counter()
    grounder = Grounder(ctx, facts)
    grounded = []
    for i, c in enumerate(spec.constraints):
        checkpoint(f"constraint {c.id}", i, len(spec.constraints))
        grounded.append((c, grounder.ground(c.formula)))
    t2 = time.perf_counter()
    return grounded, grounder, {"extract": (t1 - t0) * 1e3, "ground": (t2 - t1) * 1e3}


def judge(
    trace: Trace,
    spec: PolicySpec,
    *,
    backend: str = "z3",
    reader: Reader | None = None,
    timeout_ms: int = 2000,
    lazy: bool = True,
) -> JudgeReport:
    """Audit one trace against a policy and return the proved verdicts."""
    return judge_traces([trace], spec, backend=backend, reader=reader, timeout_ms=timeout_ms, lazy=lazy)[0]


@dataclass
class _Work:
    """One trace on its way through the stages."""

    trace: Trace
    ctx: TraceContext
    facts: dict[str, FactValue]
    grounded: list[tuple[Constraint, GExpr]] = field(default_factory=list)
    results: list[ConstraintResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    asked: int = 0
    skipped: str | None = None  # not judged (over a time limit): reported UNKNOWN with this reason
    spent_s: float = 0.0  # time spent on this trace in its own stages (reading is shared by the batch)


def judge_traces(
    traces: list[Trace],
    spec: PolicySpec,
    *,
    backend: str = "z3",
    reader: Reader | None = None,
    timeout_ms: int = 2000,
    lazy: bool = True,
    dafny_time_limit_s: int | None = None,
    dafny_program: Path | None = None,
    limits: TraceLimits | None = None,
) -> list[JudgeReport]:
    """Audit a batch of traces; one report per trace, in order.

    Reader questions of the whole batch go to the reader together. With
    ``lazy`` (the default, Z3 only) only the questions that an undecided
    constraint depends on are asked. ``limits``: a trajectory over the size
    limit is not judged, and one whose own stages (extraction, grounding,
    solving) take longer than the time limit is stopped; both are reported
    UNKNOWN with the reason, and the rest of the batch goes on.
    """
    if backend not in BACKENDS:
        raise FormalJudgeError(f"unknown backend {backend!r}: choose z3 or dafny")
    reader = reader or NoReader()
    lazy = lazy and backend == "z3"
    questions = [(f, f.source) for f in spec.facts if isinstance(f.source, Question)]
    oversize: dict[int, str] = {}
    work: list[_Work] = []
    for i, trace in enumerate(traces):
        why = oversized(trace, limits)
        if why is not None:
            oversize[i] = why
            continue
        w = _Work(trace, TraceContext(trace), {})
        _stage(w, limits, "extract", _extract, w, spec)
        work.append(w)
    if lazy:
        for w in work:
            _stage(w, limits, "", _ground_and_solve, w, spec, timeout_ms)
        needs = [_needed(w, questions) if w.skipped is None else set() for w in work]
    else:
        needs = [{f.name for f, _ in questions} if w.skipped is None else set() for w in work]
    _ask_within(reader, work, needs, questions, limits)
    if backend == "dafny":
        for w in work:
            _stage(w, limits, "ground", _ground_all, w, spec)
        _solve_dafny([w for w in work if w.skipped is None], spec, timeout_ms, dafny_time_limit_s, dafny_program)
    else:
        for w, need in zip(work, needs, strict=True):
            if not lazy:
                _stage(w, limits, "", _ground_and_solve, w, spec, timeout_ms)
            elif need:
                _stage(w, limits, "", _resolve, w, need, timeout_ms)
    policy_hash = _hash(spec)
    done = iter(work)
    reports = []
    for i, trace in enumerate(traces):
        if i in oversize:
            reports.append(unjudged(trace, spec, oversize[i], backend=backend, reader=reader.name))
            continue
        w = next(done)
        if w.skipped is not None:
            reports.append(unjudged(trace, spec, w.skipped, backend=backend, reader=reader.name))
        else:
            reports.append(_report(w, spec, policy_hash, backend, reader, not_asked=len(questions) - w.asked))
    return reports


def _stage(w: _Work, limits: TraceLimits | None, timing: str, run: Callable[..., None], *args: Any) -> None:
    """``run(*args)``, one stage of ``w``, within what is left of its time limit; past it, ``w`` is skipped."""
    if w.skipped is not None:
        return
    t0 = time.perf_counter()
    try:
        if limits is None or limits.timeout_s is None:
            run(*args)
        else:
            with deadline(max(1e-3, limits.timeout_s - w.spent_s)):
                checkpoint()
                run(*args)
    except TraceTimeout:
        assert limits is not None
        w.skipped = too_slow(limits)
    took = time.perf_counter() - t0
    w.spent_s += took
    if timing:
        w.timings[timing] = w.timings.get(timing, 0.0) + took * 1e3


def _extract(w: _Work, spec: PolicySpec) -> None:
    w.facts = extract_facts(spec, w.ctx, None)


def _ground_all(w: _Work, spec: PolicySpec) -> None:
    grounder = Grounder(w.ctx, w.facts)
    w.grounded = [(c, grounder.ground(c.formula)) for c in spec.constraints]


_HASHES: dict[int, tuple[PolicySpec, str]] = {}


def _hash(spec: PolicySpec) -> str:
    """The spec's content hash (a serialization of the whole spec), computed once per spec object."""
    got = _HASHES.get(id(spec))
    if got is None or got[0] is not spec:
        if len(_HASHES) > 64:
            _HASHES.clear()
        got = _HASHES[id(spec)] = (spec, spec.hash)
    return got[1]


def _ground_and_solve(w: _Work, spec: PolicySpec, timeout_ms: int) -> None:
    from formaljudge.backends._z3 import solve_z3

    t0 = time.perf_counter()
    _ground_all(w, spec)
    t1 = time.perf_counter()
    w.results = solve_z3(w.grounded, timeout_ms=timeout_ms)
    w.timings["ground"] = w.timings.get("ground", 0.0) + (t1 - t0) * 1e3
    w.timings["solve"] = w.timings.get("solve", 0.0) + (time.perf_counter() - t1) * 1e3


def _needed(w: _Work, questions: list[tuple[Fact, Question]]) -> set[str]:
    """The reader facts that some undecided constraint depends on."""
    names = {f.name for f, _ in questions}
    need: set[str] = set()
    for (_, g), r in zip(w.grounded, w.results, strict=True):
        if r.verdict is Verdict.UNKNOWN:
            need.update(n for a in atoms_of(g) if a.value is None and (n := _fact_name(a.key)) in names)
    return need


def _fact_name(key: str) -> str:
    """The fact an atom stands for ('' for a per-step atom)."""
    return key[5:] if key.startswith("fact:") else ""


def _ask_within(
    reader: Reader,
    work: list[_Work],
    needs: list[set[str]],
    questions: list[tuple[Fact, Question]],
    limits: TraceLimits | None,
) -> None:
    """The batch's questions, asked together within the time its asking traces have left between them
    (for one trace, its own limit); past it, every trace that asked is stopped."""
    asking = [w for w, need in zip(work, needs, strict=True) if need and w.skipped is None]
    if not asking:
        return
    if limits is None or limits.timeout_s is None:
        _ask(reader, work, needs, questions)
        return
    left = sum(max(1e-3, limits.timeout_s - w.spent_s) for w in asking)
    t0 = time.perf_counter()
    try:
        with deadline(left):
            _ask(reader, work, needs, questions)
            checkpoint()
    except TraceTimeout:
        for w in asking:
            w.skipped = too_slow(limits)
    share = (time.perf_counter() - t0) / len(asking)
    for w in asking:
        w.spent_s += share


def _ask(reader: Reader, work: list[_Work], needs: list[set[str]], questions: list[tuple[Fact, Question]]) -> None:
    requests: list[ReadRequest] = []
    owners: list[_Work] = []
    for w, need in zip(work, needs, strict=True):
        if w.skipped is not None:
            continue
        for f, q in questions:
            if f.name in need:
                requests.append(ReadRequest(f, q, w.trace))
                owners.append(w)
    if not requests:
        return
    t0 = time.perf_counter()
    answers = read_many(reader, requests)
    share = (time.perf_counter() - t0) * 1e3 / len(requests)
    for w, answer in zip(owners, answers, strict=True):
        w.facts[answer.name] = answer
        w.asked += 1
        w.timings["read"] = w.timings.get("read", 0.0) + share


def _resolve(w: _Work, need: set[str], timeout_ms: int) -> None:
    """Ground and solve again, with the answers, the constraints that were undecided for want of them."""
    from formaljudge.backends._z3 import solve_z3

    t0 = time.perf_counter()
    grounder = Grounder(w.ctx, w.facts)
    again = [
        i
        for i, ((_, g), r) in enumerate(zip(w.grounded, w.results, strict=True))
        if r.verdict is Verdict.UNKNOWN and any(_fact_name(a.key) in need for a in atoms_of(g))
    ]
    regrounded = [(w.grounded[i][0], grounder.ground(w.grounded[i][0].formula)) for i in again]
    t1 = time.perf_counter()
    for i, r in zip(again, solve_z3(regrounded, timeout_ms=timeout_ms), strict=True):
        w.results[i] = r
    w.timings["ground"] = w.timings.get("ground", 0.0) + (t1 - t0) * 1e3
    w.timings["solve"] = w.timings.get("solve", 0.0) + (time.perf_counter() - t1) * 1e3


def _solve_dafny(
    work: list[_Work], spec: PolicySpec, timeout_ms: int, limit_s: int | None, program: Path | None
) -> None:
    from formaljudge.backends._dafny import solve_dafny

    t0 = time.perf_counter()
    limit = limit_s or max(1, timeout_ms // 1000) * 10
    rows = solve_dafny([(w.trace.id, w.grounded) for w in work], spec, timeout_s=limit, keep=program)
    per_trace = (time.perf_counter() - t0) * 1e3 / max(1, len(work))
    for w, results in zip(work, rows, strict=True):
        w.results = results
        w.timings["solve"] = per_trace


def _report(
    w: _Work, spec: PolicySpec, policy_hash: str, backend: str, reader: Reader, *, not_asked: int
) -> JudgeReport:
    results = without_content(w.trace, spec, w.results)  # traces recorded without their content (OTLP)
    return JudgeReport(
        trace_id=w.trace.id,
        source_file=w.trace.source_file,
        policy=spec.name,
        policy_hash=policy_hash,
        backend=backend,
        reader=reader.name,
        verdict=Verdict.combine([r.verdict for r in results]),
        constraints=results,
        facts=list(w.facts.values()),
        timings_ms={k: round(v, 3) for k, v in w.timings.items()},
        label=w.trace.label,
        reader_questions={"asked": w.asked, "not_asked": not_asked},
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
    limits: TraceLimits | None = None,
    lazy: bool = True,
) -> Iterator[JudgeReport]:
    """Audit many traces; yields one report per trace, in order, judging ``batch_size`` at a time.

    With the Dafny backend each batch is one verifier process. Each lemma gets
    ``dafny_time_limit_s`` (default: ten times ``timeout_ms``, at least 10 s,
    since the verifier is far slower to start than Z3); ``dafny_program``
    keeps the last program verified. ``limits`` turns an oversized or slow
    trajectory into an UNKNOWN report that says why (see ``judge_limited``).
    """
    it = iter(traces)
    while batch := list(islice(it, batch_size)):
        for report in judge_traces(
            batch,
            spec,
            backend=backend,
            reader=reader,
            timeout_ms=timeout_ms,
            lazy=lazy,
            limits=limits,
            dafny_time_limit_s=dafny_time_limit_s,
            dafny_program=dafny_program,
        ):
            if on_report is not None:
                on_report(report)
            yield report
