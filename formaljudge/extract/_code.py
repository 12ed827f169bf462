"""Deterministic extractors: facts that code reads from the trace, with evidence."""

from __future__ import annotations

from typing import Any, assert_never

from formaljudge.extract._action_claims import action_claims_fact
from formaljudge.extract._claims import claims_fact
from formaljudge.extract._context import TraceContext, describe
from formaljudge.extract._convert import convert
from formaljudge.extract._documents import substitution_fact
from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.extract._missing import missing_fact
from formaljudge.extract._retries import recovered
from formaljudge.extract._tools import described_fact
from formaljudge.ir._facts import (
    ArgValue,
    CountSteps,
    DocumentSubstituted,
    Extractor,
    Fact,
    FactType,
    FinalAnswerLength,
    FinalAnswerPresent,
    Flows,
    MissingData,
    Ordered,
    SumArg,
    TextMatches,
    TextSlice,
    ToolCalled,
    ToolDescribed,
    ToolError,
    UnbackedActionClaims,
    UnsupportedClaims,
)
from formaljudge.ir._selector import StepSelector
from formaljudge.traces._address import lookup
from formaljudge.traces._model import Step, StepKind

_MAX_EVIDENCE = 8

_SLICE_KINDS = {
    TextSlice.USER: (StepKind.USER,),
    TextSlice.AGENT: (StepKind.AGENT, StepKind.FINAL),
    TextSlice.FINAL: (StepKind.FINAL,),
    TextSlice.TOOL_RESULTS: (StepKind.TOOL_RESULT,),
    TextSlice.TOOL_CALLS: (StepKind.TOOL_CALL,),
}


def extract_code(fact: Fact, ex: Extractor, ctx: TraceContext) -> FactValue:
    value, evidence, note = _run(ex, ctx, fact.type)
    if not evidence:  # the same on every trace with this value (no transfer, no match): made once
        return _plain(fact, value, note)
    return FactValue(
        name=fact.name, type=fact.type, value=value, source="code", evidence=evidence[:_MAX_EVIDENCE], note=note
    )


# (fact id, value's type, value, note) -> (fact, value without evidence), the fact kept alive; values are frozen
_PLAIN: dict[tuple[Any, ...], tuple[Fact, FactValue]] = {}


def _plain(fact: Fact, value: Any, note: str) -> FactValue:
    key = (id(fact), type(value), value, note)
    try:
        got = _PLAIN.get(key)
    except TypeError:  # an unhashable value
        return FactValue(name=fact.name, type=fact.type, value=value, source="code", note=note)
    if got is None or got[0] is not fact:
        if len(_PLAIN) > 4096:
            _PLAIN.clear()
        got = _PLAIN[key] = (fact, FactValue(name=fact.name, type=fact.type, value=value, source="code", note=note))
    return got[1]


# selectors derived from a spec's own (the same object each time, so that a context's per-selector caches,
# which a guard keeps across checks, find them again): (spec selector, change) -> (spec selector, derived)
_DERIVED: dict[tuple[int, str, Any], tuple[StepSelector, StepSelector]] = {}


def _derived(sel: StepSelector, field: str, value: Any) -> StepSelector:
    key = (id(sel), field, value)
    got = _DERIVED.get(key)
    if got is None or got[0] is not sel:
        if len(_DERIVED) > 4096:
            _DERIVED.clear()
        got = _DERIVED[key] = (sel, sel.model_copy(update={field: value}))
    return got[1]


def _with_kind(sel: StepSelector, kind: StepKind) -> StepSelector:
    """``sel``, or when it names no kind, the same selector for steps of ``kind``."""
    return sel if sel.kind is not None else _derived(sel, "kind", kind)


def _calls(sel: StepSelector) -> StepSelector:
    return _with_kind(sel, StepKind.TOOL_CALL)


def _run(ex: Extractor, ctx: TraceContext, t: FactType) -> tuple[Any, list[Evidence], str]:
    trace = ctx.trace
    match ex:
        case ToolCalled(where=w):
            hits = ctx.select(_calls(w))
            shown = hits[:_MAX_EVIDENCE]  # evidence past that is cut anyway (``extract_code``)
            return bool(hits), [Evidence.of(s) for s in shown], f"{len(hits)} {describe(_calls(w))}"
        case CountSteps(where=w):
            hits = ctx.select(w)
            return len(hits), [Evidence.of(s) for s in hits[:_MAX_EVIDENCE]], f"{len(hits)} x {describe(w)}"
        case SumArg(where=w, path=p):
            total: float = 0
            ev: list[Evidence] = []
            for s in ctx.select(_calls(w)):
                v = _arg(s, p, FactType.REAL)
                if v is None:
                    return None, [Evidence.of(s, f"args.{p}", note="missing or not a number")], "a summand is unknown"
                total += v
                if len(ev) < _MAX_EVIDENCE:
                    ev.append(Evidence.of(s, f"args.{p}", quote=str(v)))
            return convert(total, t), ev, ""
        case ArgValue(where=w, path=p, pick=pick):
            found = [(c, _arg(c, p, t)) for c in ctx.select(_calls(w))]
            found = [(c, v) for c, v in found if v is not None]
            if not found:
                return None, [], f"no {describe(_calls(w))} has argument {p}"
            if pick == "first":
                call, v = found[0]
            elif pick == "last":
                call, v = found[-1]
            else:
                call, v = (max if pick == "max" else min)(found, key=lambda h: h[1])
            return v, [Evidence.of(call, f"args.{p}", quote=str(lookup(call.args, p)))], ""
        case ToolError(where=w, unrecovered=unrecovered, which=which):
            sel = _with_kind(w, StepKind.TOOL_RESULT)
            errors: list[tuple[Step, str]] = []
            for s in ctx.select(sel):
                status = ctx.error(s)
                if status is not None and status[0]:
                    empty = status[1].startswith("empty result")
                    if which == "any" or empty == (which == "empty"):
                        errors.append((s, status[1]))
            if unrecovered:
                errors = [(s, why) for s, why in errors if not recovered(ctx, s)]
            return bool(errors), [Evidence.of(s, note=why) for s, why in errors[:_MAX_EVIDENCE]], ""
        case FinalAnswerPresent():
            fin = ctx.final_answer
            present = fin is not None and bool(fin.text.strip())
            return present, [Evidence.of(fin)] if fin is not None else [], ""
        case FinalAnswerLength():
            fin = ctx.final_answer
            return (len(fin.text.strip()) if fin else 0), [Evidence.of(fin)] if fin else [], ""
        case TextMatches(slice=sl, pattern=pat):
            rx = ctx.regex(pat)
            if sl is TextSlice.TASK:
                m = rx.search(trace.task)
                first_user = next(iter(trace.of_kind(StepKind.USER)), None)
                ev = [Evidence.of(first_user, quote=m.group(0))] if m and first_user else []
                return m is not None, ev, "" if first_user else "matched in the record's task field"
            for s in ctx.of_kind(*_SLICE_KINDS[sl]):
                m = rx.search(s.text)
                if m:
                    return True, [Evidence.of(s, quote=m.group(0))], ""
            return False, [], f"/{pat}/ found in no {sl.value} text"
        case Flows(source=src, target=tgt):
            sources = {s.index for s in ctx.select(src)}
            ev = [e for s in ctx.select(_calls(tgt)) for e in ctx.flow_evidence(sources, s)]
            return bool(ev), ev, ""
        case Ordered(first=f, then=th):
            bad = []
            for s in ctx.select(th):
                env = {"_then": s.index}
                if not ctx.select(_derived(f, "before", "_then"), env):
                    bad.append(s)
            note = f"no {describe(f)} before " + ", ".join(s.address for s in bad) if bad else ""
            return not bad, [Evidence.of(s) for s in bad], note
        case UnsupportedClaims(what=what, count=count):
            return claims_fact(ctx, frozenset(what), count)
        case UnbackedActionClaims():
            return action_claims_fact(ctx)
        case DocumentSubstituted():
            return substitution_fact(ctx)
        case MissingData():
            return missing_fact(ctx)
        case ToolDescribed(pattern=pat):
            return described_fact(ctx, ctx.regex(pat))
        case _:
            assert_never(ex)


def _arg(step: Step, path: str, t: FactType) -> Any:
    try:
        raw = lookup(step.args, path)
    except KeyError:
        return None
    return convert(raw, t)
