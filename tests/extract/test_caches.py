"""What is made once per spec rather than per trace gives what making it each time gave."""

from __future__ import annotations

from formaljudge.extract._code import _calls, _with_kind
from formaljudge.extract._context import TraceContext, _describe, describe
from formaljudge.ir import StepSelector
from formaljudge.traces import StepKind, parse_record


def test_derived_selectors_are_made_once_and_keep_the_original() -> None:
    sel = StepSelector(tool=["*transfer*"])
    calls = _calls(sel)
    assert calls is _calls(sel)
    assert calls == sel.model_copy(update={"kind": StepKind.TOOL_CALL})
    assert _with_kind(sel, StepKind.TOOL_RESULT).kind is StepKind.TOOL_RESULT
    typed = StepSelector(kind=StepKind.USER)
    assert _calls(typed) is typed  # a selector that names its kind is kept


def test_descriptions_follow_the_bound_steps() -> None:
    sel = StepSelector(kind=StepKind.USER, text="yes", before="t")
    assert describe(sel, {"t": 3}) == "user message matching /yes/ before steps[3]" == _describe(sel, {"t": 3})
    assert describe(sel, {"t": 5}) == "user message matching /yes/ before steps[5]"
    assert describe(sel) == "user message matching /yes/ before t"
    same_fields = StepSelector(kind=StepKind.USER, text="no", before="t")
    assert describe(same_fields, {"t": 3}) == "user message matching /no/ before steps[3]"


def test_spec_patterns_are_compiled_once() -> None:
    trace = parse_record({"id": "x", "messages": [{"role": "user", "content": "Pay Bob"}]})
    a, b = TraceContext(trace), TraceContext(trace)
    assert a.regex(r"\bpay\b") is b.regex(r"\bpay\b")
    assert a.regex(r"\bpay\b").search("PAY now")  # case-insensitive, as compile_user makes it
