from formaljudge.extract import TraceContext, extract_code, flow_graph
from formaljudge.ir import (
    ArgValue,
    Code,
    CountSteps,
    Fact,
    FactType,
    FinalAnswerLength,
    FinalAnswerPresent,
    Flows,
    Ordered,
    StepSelector,
    SumArg,
    TextMatches,
    TextSlice,
    ToolCalled,
    ToolError,
)
from formaljudge.traces import StepKind, parse_record


def call(cid, name, args):
    import json

    return {"id": cid, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


TRACE = parse_record(
    [
        {"role": "user", "content": "Pay invoices due 2026-03-01. Send the receipt to ops@acme.com."},
        {"role": "assistant", "content": None, "tool_calls": [call("1", "fetch_invoices", {})]},
        {"role": "tool", "tool_call_id": "1", "content": "Error: upstream timed out"},
        {"role": "assistant", "content": None, "tool_calls": [call("2", "fetch_invoices", {})]},
        {"role": "tool", "tool_call_id": "2", "content": '[{"id": "INV-7731", "amount": 120.5, "due": "2026-03-01"}]'},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [call("3", "pay", {"invoice": "INV-7731", "amount": 120.5, "date": "2026-02-27"})],
        },
        {"role": "tool", "tool_call_id": "3", "content": "paid"},
        {"role": "assistant", "content": None, "tool_calls": [call("4", "pay", {"invoice": "INV-9", "amount": "30"})]},
        {"role": "tool", "tool_call_id": "4", "content": '{"error": "unknown invoice"}'},
        {"role": "assistant", "content": "Paid INV-7731."},
    ]
)


def fv(extractor, t=FactType.BOOL):
    return extract_code(Fact(name="f", type=t, source=Code(extractor=extractor)), extractor, TraceContext(TRACE))


def test_tool_called_and_count() -> None:
    assert fv(ToolCalled(where=StepSelector(tool=["pay"]))).value is True
    assert fv(ToolCalled(where=StepSelector(tool=["refund*"]))).value is False
    r = fv(CountSteps(where=StepSelector(kind=StepKind.TOOL_CALL, tool=["FETCH_*"])), FactType.INT)
    assert r.value == 2 and [e.address for e in r.evidence] == ["steps[1]", "steps[3]"]


def test_sum_and_arg_values() -> None:
    s = fv(SumArg(where=StepSelector(tool=["pay"]), path="amount"), FactType.REAL)
    assert s.value == 150.5 and [e.address for e in s.evidence] == ["steps[5].args.amount", "steps[7].args.amount"]
    assert fv(ArgValue(where=StepSelector(tool=["pay"]), path="amount", pick="max"), FactType.REAL).value == 120.5
    assert fv(ArgValue(where=StepSelector(tool=["pay"]), path="invoice", pick="last"), FactType.STRING).value == "INV-9"
    d = fv(ArgValue(where=StepSelector(tool=["pay"]), path="date"), FactType.DATE)
    from datetime import date

    assert d.value == date(2026, 2, 27).toordinal()
    missing = fv(ArgValue(where=StepSelector(tool=["pay"]), path="nope"), FactType.REAL)
    assert missing.value is None and not missing.known


def test_tool_errors_and_recovery() -> None:
    any_err = fv(ToolError())
    assert any_err.value is True and [e.address for e in any_err.evidence] == ["steps[2]", "steps[8]"]
    # the fetch error was retried successfully; the failed pay was not
    unrec = fv(ToolError(unrecovered=True))
    assert [e.address for e in unrec.evidence] == ["steps[8]"]
    only_fetch = fv(ToolError(where=StepSelector(kind=StepKind.TOOL_RESULT, tool=["fetch_invoices"]), unrecovered=True))
    assert only_fetch.value is False


def test_final_answer_and_text() -> None:
    assert fv(FinalAnswerPresent()).value is True
    assert fv(FinalAnswerLength(), FactType.INT).value == len("Paid INV-7731.")
    m = fv(TextMatches(slice=TextSlice.TASK, pattern=r"\d{4}-\d{2}-\d{2}"))
    assert m.value is True and m.evidence[0].quote == "2026-03-01"
    assert fv(TextMatches(slice=TextSlice.FINAL, pattern="refund")).value is False


def test_flow_and_order() -> None:
    g = flow_graph(TRACE)
    assert g.has_edge(4, 5)  # invoice id read in steps[4] is paid in steps[5]
    assert not g.has_edge(4, 7)
    f = fv(Flows(source=StepSelector(kind=StepKind.TOOL_RESULT), target=StepSelector(tool=["pay"])))
    assert f.value is True and f.evidence[1].address == "steps[5].args.invoice"
    assert fv(Ordered(first=StepSelector(tool=["fetch_invoices"]), then=StepSelector(tool=["pay"]))).value is True
    assert fv(Ordered(first=StepSelector(tool=["pay"]), then=StepSelector(tool=["fetch_invoices"]))).value is False
