"""A pre-execution guard: decide on a proposed tool call before it runs."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.errors import FormalJudgeError
from formaljudge.extract import NoReader, Reader, TraceContext, extract_facts
from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.extract._flow import FlowIndex
from formaljudge.extract._ground import GConst, GExpr
from formaljudge.guard._fold import fold
from formaljudge.guard._future import FUTURE, FutureGrounder, Kept, open_facts
from formaljudge.guard._history import History
from formaljudge.guard._patterns import SessionPatterns
from formaljudge.guard._solved import SolvedCache
from formaljudge.ir._facts import Fact, Question
from formaljudge.ir._spec import Constraint, PolicySpec
from formaljudge.readers._slices import cut
from formaljudge.traces import parse_record
from formaljudge.traces._model import Step, StepKind, Trace

if TYPE_CHECKING:
    import networkx as nx

Action = Literal["allow", "block", "ask"]


class ToolCall(BaseModel):
    """A tool call the agent proposes to make."""

    model_config = ConfigDict(frozen=True)

    name: str
    args: dict[str, Any] = Field(default_factory=dict)
    id: str | None = None

    @classmethod
    def of(cls, call: ToolCall | dict[str, Any]) -> ToolCall:
        """From a ``ToolCall`` or an OpenAI-style ``{"name", "arguments"}`` / ``{"function": {...}}`` object."""
        if isinstance(call, ToolCall):
            return call
        fn = call.get("function", call)
        raw = fn.get("arguments", fn.get("args", {}))
        try:
            args = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
        except ValueError:
            raise FormalJudgeError(f"tool call {fn.get('name')!r}: arguments are not JSON") from None
        if not isinstance(args, dict):
            args = {"input": args}
        return cls(name=str(fn.get("name", "")), args=args, id=call.get("id"))


class Decision(BaseModel):
    """What to do with the proposed call, why, and the steps that show it."""

    model_config = ConfigDict(frozen=True)

    action: Action
    reasons: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    constraints: list[ConstraintResult] = Field(default_factory=list)
    latency_ms: float = 0.0

    @property
    def allowed(self) -> bool:
        return self.action == "allow"


class _MemoReader:
    """Answers each (fact, slice text) once per session: earlier steps do not change."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.name = reader.name
        self.memo: dict[tuple[str, str], FactValue] = {}

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        key = (fact.name, cut(trace, question.slice, question.max_chars).text)
        if key not in self.memo:
            self.memo[key] = self.reader.read(fact, question, trace)
        return self.memo[key]


@dataclass
class _Session:
    """What a guard keeps of the session it is checking, for the next check: the steps seen and the work
    done on them. Dropped when the next trace does not extend these steps."""

    steps: tuple[Step, ...] = ()
    errors: dict[int, tuple[bool, str]] = field(default_factory=dict)
    recovery: dict[int, Any] = field(default_factory=dict)
    store: dict[Any, Any] = field(default_factory=dict)  # extractors' work on the steps seen (running sums)
    hits: dict[int, tuple[Any, list[int], int]] = field(default_factory=dict)
    memo: dict[tuple[int, tuple[tuple[str, int], ...]], GExpr] = field(default_factory=dict)
    kept: dict[int, Kept] = field(default_factory=dict)
    flow: FlowIndex | None = None  # made when a fact first reads the flow graph (most policies never do)
    flowed: int = 0  # ``steps[:flowed]`` are in ``flow`` (and the proposed call, while it is checked)
    patterns: SessionPatterns = field(default_factory=SessionPatterns)
    calls: list[int] = field(default_factory=list)  # the tool calls among ``steps``
    answered: set[int] = field(default_factory=set)  # the calls a result names
    upto: int = 0  # ``calls[:upto]`` are answered

    def add(self, steps: tuple[Step, ...]) -> None:
        """The session grows to ``steps`` (which extend the steps seen)."""
        for s in steps[len(self.steps) :]:
            if s.kind is StepKind.TOOL_CALL:
                self.calls.append(s.index)
            elif s.kind is StepKind.TOOL_RESULT and s.result_of is not None:
                self.answered.add(s.result_of)
        self.steps = steps

    def graph(self, steps: tuple[Step, ...]) -> nx.DiGraph:
        """The flow graph of ``steps`` (the session's steps, then the proposed call): the steps not in it yet
        are added, in order."""
        if self.flow is None:
            self.flow = FlowIndex()
        for s in steps[self.flowed :]:
            self.flow.add(s)
        self.flowed = len(steps)
        return self.flow.graph

    def unpropose(self, step: Step) -> None:
        """The proposed call leaves the flow graph (if a fact put it there)."""
        if self.flow is not None and self.flowed > len(self.steps):
            self.flow.drop_last(step)
            self.flowed = len(self.steps)

    def settled(self) -> int:
        """How many steps from the start will read the same at the next check: up to the first call whose
        result has not come (its error status may still change)."""
        while self.upto < len(self.calls) and self.calls[self.upto] in self.answered:
            self.upto += 1
        return self.calls[self.upto] if self.upto < len(self.calls) else len(self.steps)


class _SessionContext(TraceContext):
    """A trace context whose flow graph is the session's, brought up to date when a fact first reads it."""

    def __init__(self, trace: Trace, session: _Session, **caches: Any) -> None:
        super().__init__(trace, **caches)
        self._session = session

    @property
    def graph(self) -> nx.DiGraph:
        if self._graph is None:
            self._graph = self._session.graph(self.trace.steps)
        return self._graph


class Guard:
    """Checks proposed tool calls against a policy, before they run.

    ``check(trace_so_far, call)`` extends the trace with the call and asks Z3
    whether any continuation can still satisfy each constraint: when none
    can, the call is blocked. A constraint that stays UNKNOWN because a fact
    could not be read gets ``on_unknown`` (block by default: fail closed;
    ``ask`` hands the call to a person; ``allow`` fails open). What later steps
    could still settle never blocks a call.

    Successive checks on a growing trace reuse the work for the steps already
    seen: the parsed messages (only new ones are parsed), the parts of
    constraints that only look back from an existing step (grounded and
    folded once, for-alls over them kept folded), the flow graph,
    tool-result classifications, reader answers, and Z3's answer on each
    constraint's open part. A trace that does not extend the last one (a
    new session, edited history) starts afresh; the decision is always the
    one a fresh guard gives. ``reuse=False`` keeps nothing: every check
    parses, reads, grounds in full and hands Z3 every open constraint (the
    reference the tests hold the reusing guard to).
    """

    def __init__(
        self,
        spec: PolicySpec,
        reader: Reader | None = None,
        *,
        on_unknown: Action = "block",
        timeout_ms: int = 500,
        reuse: bool = True,
    ) -> None:
        self.spec = spec
        self.reuse = reuse
        self.reader: Reader = _MemoReader(reader or NoReader()) if reuse else (reader or NoReader())
        self.on_unknown = on_unknown
        self.timeout_ms = timeout_ms
        self.history = History()
        self.solver = SolvedCache()
        self._session = _Session()
        self._closed: dict[tuple[int, frozenset[str]], bool] = {}

    def check(self, trace_so_far: Trace | Any, call: ToolCall | dict[str, Any]) -> Decision:
        """Decide on ``call`` given the trace so far (a ``Trace`` or any record ``parse_record`` reads)."""
        t0 = time.perf_counter()
        if isinstance(trace_so_far, Trace):
            trace = trace_so_far
        elif self.reuse:
            trace = self.history.parse(trace_so_far)
        else:
            trace = parse_record(trace_so_far, allow_empty=True)
        proposed = ToolCall.of(call)
        steps = trace.steps
        session = self._session
        n = len(session.steps)
        if not self.reuse or len(steps) < n or steps[:n] != session.steps:
            session = self._session = _Session()  # another session, or history edited: nothing to reuse
        session.add(steps)
        step = Step(
            index=len(steps), kind=StepKind.TOOL_CALL, tool=proposed.name, args=proposed.args, origin="proposed"
        )
        extended = trace.model_copy(update={"steps": (*steps, step)})
        settled = session.settled()
        # results already classified stay classified; the flow graph grows with the trace, when it is read
        ctx = _SessionContext(
            extended,
            session,
            errors=session.errors,
            recovery=session.recovery,
            settled=(settled, session.hits) if self.reuse else None,
            regex=session.patterns if self.reuse else None,
            store=session.store,
            fixed=len(steps),
        )
        try:
            return self._check(ctx, session, settled, t0)
        finally:
            session.unpropose(step)

    def _check(self, ctx: TraceContext, session: _Session, settled: int, t0: float) -> Decision:
        from formaljudge.backends._z3 import solve_z3

        values = extract_facts(self.spec, ctx, self.reader)
        facts, grow = open_facts(self.spec.facts, values)
        if self.reuse:
            grounder = FutureGrounder(
                ctx, facts, growing=grow, memo=session.memo, frontier=settled, kept=session.kept, closed=self._closed
            )
        else:
            grounder = FutureGrounder(ctx, facts, growing=grow)
        grounded = [(c, grounder.ground(c.formula)) for c in self.spec.constraints]
        domain = tuple(grounder.domain)
        folded = [(c, fold(g)) for c, g in grounded]
        results = {c.id: _settled(c, g) for c, g in folded if isinstance(g, GConst)}
        open_: list[tuple[Constraint, GExpr]] = [(c, g) for c, g in folded if not isinstance(g, GConst)]
        if self.reuse:
            results.update((r.id, r) for r in self.solver.solve(open_, domain, self.timeout_ms))
        elif open_:
            results.update((r.id, r) for r in solve_z3(open_, timeout_ms=self.timeout_ms, domain=domain))
        violated = [c for c in self.spec.constraints if results[c.id].verdict is Verdict.VIOLATED]
        if violated:  # ground those again in full, for the steps and facts that force the verdict
            full = FutureGrounder(ctx, facts, growing=grow)
            again = [(c, full.ground(c.formula)) for c in violated]
            domain = tuple(full.domain)
            results.update((r.id, r) for r in solve_z3(again, timeout_ms=self.timeout_ms, domain=domain))
        opened = {n for n, v in facts.items() if v.note.startswith(FUTURE)}
        ordered = [results[c.id] for c in self.spec.constraints]
        return self._decide(ordered, opened, (time.perf_counter() - t0) * 1e3)

    def _decide(self, results: list[ConstraintResult], opened: set[str], ms: float) -> Decision:
        violated = [r for r in results if r.verdict is Verdict.VIOLATED]
        if violated:
            return Decision(
                action="block",
                reasons=[f"{r.id}: {r.sentence}" for r in violated],
                evidence=[e for r in violated for f in r.forcing for e in f.evidence],
                constraints=results,
                latency_ms=ms,
            )
        unreadable = [
            r
            for r in results
            if r.verdict is Verdict.UNKNOWN and any(not d.startswith(FUTURE) and d not in opened for d in r.depends_on)
        ]
        if unreadable and self.on_unknown != "allow":
            return Decision(
                action=self.on_unknown,
                reasons=[f"{r.id}: undecided ({', '.join(r.depends_on)})" for r in unreadable],
                constraints=results,
                latency_ms=ms,
            )
        return Decision(action="allow", constraints=results, latency_ms=ms)


def _settled(c: Constraint, g: GConst) -> ConstraintResult:
    verdict = Verdict.SATISFIED if g.value else Verdict.VIOLATED
    return ConstraintResult(
        id=c.id, sentence=c.sentence, category=c.category, verdict=verdict, reason="decided by what is known"
    )
