"""Deterministic extractors: facts that code reads from the trace, with evidence."""

from __future__ import annotations

from typing import Any, assert_never

from formaljudge.extract._action_claims import action_claims_fact
from formaljudge.extract._claims import claims_fact
from formaljudge.extract._context import TraceContext, describe, kind_selector, text_selector
from formaljudge.extract._convert import convert
from formaljudge.extract._documents import substitution_fact
from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.extract._missing import missing_fact
from formaljudge.extract._retries import recovered, unrecovered_failures
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
            return _sum(ctx, _calls(w), p, t)
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
            if sel.error is False:  # results that worked: none of them is an error
                return False, [], ""
            failing = sel if sel.error else _derived(sel, "error", True)  # through the selector caches

            def why(s: Step) -> str | None:
                status = ctx.error(s)
                if status is None or not status[0]:
                    return None
                empty = status[1].startswith("empty result")
                return status[1] if which == "any" or empty == (which == "empty") else None

            if unrecovered and failing.kind is StepKind.TOOL_RESULT:
                any_error, errors = unrecovered_failures(ctx, failing, why, which, _MAX_EVIDENCE)
            else:
                errors = []
                for s in ctx.select(failing):
                    reason = why(s)
                    if reason is not None and not (unrecovered and recovered(ctx, s)):
                        errors.append((s, reason))
                        if len(errors) == _MAX_EVIDENCE:  # evidence past that is cut anyway
                            break
                any_error = bool(errors)
            return any_error, [ctx.evidence(s, note=reason) for s, reason in errors], ""
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
                first_user = ctx.first(kind_selector(StepKind.USER))
                ev = [Evidence.of(first_user, quote=m.group(0))] if m and first_user else []
                return m is not None, ev, "" if first_user else "matched in the record's task field"
            # the first step of the slice that the pattern finds, through the selector caches
            firsts = [ctx.first(text_selector(k, pat)) for k in _SLICE_KINDS[sl]]
            first = min((s for s in firsts if s is not None), key=_index, default=None)
            if first is not None:
                return True, [ctx.evidence(first, quote=rx.search(first.text).group(0))], ""
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


def _index(s: Step) -> int:
    return s.index


def _sum(ctx: TraceContext, sel: StepSelector, path: str, t: FactType) -> tuple[Any, list[Evidence], str]:
    """The sum of ``path`` over the calls ``sel`` selects, in order, with evidence for the first summands (or,
    at the first summand that is not a number, that it is unknown). The sum over the fixed steps is kept in
    ``ctx.store``: a check adds only the calls after them."""
    key = (_SUM, id(sel), path)
    kept: tuple[StepSelector, int, float, list[Evidence], Step | None] | None = ctx.store.get(key)
    if kept is None or kept[0] is not sel or kept[1] > ctx.fixed:
        kept = (sel, 0, 0, [], None)
    _, upto, total, ev, missing = kept
    if missing is None:
        ev = list(ev)
        for s in ctx.select_from(sel, upto):
            if s.index >= ctx.fixed and upto < ctx.fixed:  # what the next check can build on
                ctx.store[key] = (sel, ctx.fixed, total, list(ev), None)
                upto = ctx.fixed
            v = _arg(s, path, FactType.REAL)
            if v is None:
                missing = s
                break
            total += v
            if len(ev) < _MAX_EVIDENCE:
                ev.append(ctx.evidence(s, f"args.{path}", quote=str(v)))
        else:
            if upto < ctx.fixed:
                ctx.store[key] = (sel, ctx.fixed, total, list(ev), None)
    if missing is not None:
        if missing.index < ctx.fixed:
            ctx.store[key] = (sel, ctx.fixed, total, [], missing)  # the sum stays unknown
        return None, [ctx.evidence(missing, f"args.{path}", note="missing or not a number")], "a summand is unknown"
    return convert(total, t), ev, ""


_SUM = "sum_arg"


def _arg(step: Step, path: str, t: FactType) -> Any:
    try:
        raw = lookup(step.args, path)
    except KeyError:
        return None
    return convert(raw, t)
