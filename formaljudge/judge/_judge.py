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

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.errors import FormalJudgeError
from formaljudge.extract import Grounder, NoReader, Reader, ReadRequest, TraceContext, extract_facts, read_many
from formaljudge.extract._evidence import FactValue
from formaljudge.extract._ground import GExpr, atoms_of
from formaljudge.ir._facts import Fact, Question
from formaljudge.ir._spec import Constraint, PolicySpec
from formaljudge.judge._capture import without_content
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
) -> list[JudgeReport]:
    """Audit a batch of traces; one report per trace, in order.

    Reader questions of the whole batch go to the reader together. With
    ``lazy`` (the default, Z3 only) only the questions that an undecided
    constraint depends on are asked.
    """
    if backend not in BACKENDS:
        raise FormalJudgeError(f"unknown backend {backend!r}: choose z3 or dafny")
    reader = reader or NoReader()
    lazy = lazy and backend == "z3"
    questions = [(f, f.source) for f in spec.facts if isinstance(f.source, Question)]
    work: list[_Work] = []
    for trace in traces:
        t0 = time.perf_counter()
        ctx = TraceContext(trace)
        w = _Work(trace, ctx, extract_facts(spec, ctx, None))
        w.timings["extract"] = (time.perf_counter() - t0) * 1e3
        work.append(w)
    if lazy:
        for w in work:
            _ground_and_solve(w, spec, timeout_ms)
        needs = [_needed(w, questions) for w in work]
    else:
        needs = [{f.name for f, _ in questions} for _ in work]
    _ask(reader, work, needs, questions)
    if backend == "dafny":
        for w in work:
            t0 = time.perf_counter()
            grounder = Grounder(w.ctx, w.facts)
            w.grounded = [(c, grounder.ground(c.formula)) for c in spec.constraints]
            w.timings["ground"] = (time.perf_counter() - t0) * 1e3
        _solve_dafny(work, spec, timeout_ms, dafny_time_limit_s, dafny_program)
    else:
        for w, need in zip(work, needs, strict=True):
            if not lazy:
                _ground_and_solve(w, spec, timeout_ms)
            elif need:
                _resolve(w, need, timeout_ms)
    policy_hash = _hash(spec)
    return [_report(w, spec, policy_hash, backend, reader, not_asked=len(questions) - w.asked) for w in work]


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
    grounder = Grounder(w.ctx, w.facts)
    w.grounded = [(c, grounder.ground(c.formula)) for c in spec.constraints]
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


def _ask(reader: Reader, work: list[_Work], needs: list[set[str]], questions: list[tuple[Fact, Question]]) -> None:
    requests: list[ReadRequest] = []
    owners: list[_Work] = []
    for w, need in zip(work, needs, strict=True):
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
    lazy: bool = True,
) -> Iterator[JudgeReport]:
    """Audit many traces; yields one report per trace, in order, judging ``batch_size`` at a time.

    With the Dafny backend each batch is one verifier process. Each lemma gets
    ``dafny_time_limit_s`` (default: ten times ``timeout_ms``, at least 10 s,
    since the verifier is far slower to start than Z3); ``dafny_program``
    keeps the last program verified.
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
            dafny_time_limit_s=dafny_time_limit_s,
            dafny_program=dafny_program,
        ):
            if on_report is not None:
                on_report(report)
            yield report
