"""Traces recorded without their content: which constraints can still be decided.

OpenTelemetry GenAI instrumentations record messages, tool arguments and tool
results only when content capture is turned on; by default a trace holds the
spans' names, tool names, ids, timing and status, and nothing else. The
adapter lists what is absent in ``metadata["content_not_captured"]``. Any
constraint that reads more than which tools were called and in what order is
then UNKNOWN, whatever the solver made of the empty text: an absent message
is not a message that said no, and an absent result is not a success.
"""

from __future__ import annotations

from pydantic import BaseModel

from formaljudge.backends._verdict import ConstraintResult, Verdict
from formaljudge.ir._facts import Code, CountSteps, Ordered, ToolCalled
from formaljudge.ir._formula import Arg, Count, Exists, FactRef, FlowsInto, ForAll, Matches, Sum
from formaljudge.ir._selector import StepSelector
from formaljudge.ir._spec import Constraint, PolicySpec
from formaljudge.traces._model import StepKind, Trace
from formaljudge.traces._otlp import NO_TOOL_SPANS

HOW_TO_CAPTURE = (
    "the trace was recorded without message content ({missing} absent; GenAI instrumentations leave "
    "content out by default), so this constraint cannot be decided: turn content capture on and record "
    "again, e.g. OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (with the newer GenAI utilities: "
    "OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental and "
    "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=SPAN_ONLY)"
)


def _content_free_selector(sel: StepSelector) -> bool:
    """Selects tool calls by name and order only: readable from span names and attributes without content."""
    return (
        sel.kind is StepKind.TOOL_CALL
        and sel.text is None
        and sel.error is None
        and not sel.arg_present
        and not sel.arg_matches
        and sel.named_in is None
    )


def _content_free(node: BaseModel, spec: PolicySpec) -> bool:
    match node:
        case Sum() | Arg() | FlowsInto():
            return False
        case ForAll(where=w) | Exists(where=w) | Count(where=w) | Matches(where=w) if not _content_free_selector(w):
            return False
        case FactRef(name=n):
            fact = next((f for f in spec.facts if f.name == n), None)
            if fact is None or not isinstance(fact.source, Code):
                return False
            ex = fact.source.extractor
            match ex:
                case ToolCalled(where=w) | CountSteps(where=w):
                    return _content_free_selector(w)
                case Ordered(first=a, then=b):
                    return _content_free_selector(a) and _content_free_selector(b)
                case _:
                    return False
    for value in node.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel) and not isinstance(item, StepSelector) and not _content_free(item, spec):
                return False
    return True


def needs_content(constraint: Constraint, spec: PolicySpec, missing: list[str] | tuple[str, ...] = ()) -> bool:
    """Does the constraint read anything beyond the names and order of the tool calls (or, when even the
    calls were not recorded, anything at all)?"""
    return NO_TOOL_SPANS in missing or not _content_free(constraint.formula, spec)


def without_content(trace: Trace, spec: PolicySpec, results: list[ConstraintResult]) -> list[ConstraintResult]:
    """``results`` with every constraint that needs uncaptured content made UNKNOWN, saying how to capture it."""
    missing = trace.metadata.get("content_not_captured") if isinstance(trace.metadata, dict) else None
    if not missing:
        return results
    by_id = {c.id: c for c in spec.constraints}
    reason = HOW_TO_CAPTURE.format(missing=", ".join(str(m) for m in missing))
    out: list[ConstraintResult] = []
    for r in results:
        c = by_id.get(r.id)
        if c is not None and r.verdict is not Verdict.UNKNOWN and needs_content(c, spec, missing):
            r = r.model_copy(update={"verdict": Verdict.UNKNOWN, "reason": reason, "forcing": []})
        elif c is not None and r.verdict is Verdict.UNKNOWN and needs_content(c, spec, missing):
            r = r.model_copy(update={"reason": f"{r.reason}; {reason}" if r.reason else reason})
        out.append(r)
    return out
