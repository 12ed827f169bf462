"""OpenTelemetry: GenAI spans from the SDK (in-memory exporter) as OTLP JSON, audited; verdicts exported as spans."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

pytest.importorskip("opentelemetry.sdk")

from typer.testing import CliRunner

from formaljudge import judge, load_policy
from formaljudge.backends import Verdict
from formaljudge.cli import app
from formaljudge.errors import TraceParseError
from formaljudge.integrations.otel import export_verdicts
from formaljudge.traces import Trace, load_traces

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
from otel_agent_run import main as example_main
from otel_agent_run import record_run, recorder, write_otlp

sys.path.pop(0)

PAY_BIG = (
    ["Pay ACME Ltd their 2,500 invoice."],
    [
        ("get_balance", {"account": "main"}, "5000", False),
        ("transfer_money", {"amount": 2500, "to": "ACME Ltd"}, "sent 2500", False),
    ],
    "Paid 2,500.",
)
PAY_SMALL = (
    ["Pay the courier 40."],
    [("transfer_money", {"amount": 40, "to": "Courier"}, "sent 40", False)],
    "Paid the courier 40.",
)
AUTH_FAILED = (
    ["Log in and pay rent of 900."],
    [("verify_identity", {"user": "me"}, "invalid token", True), ("pay_rent", {"amount": 900}, "paid", False)],
    "Rent paid.",
)


def _traces(path: Path) -> dict[str, Trace]:
    out: dict[str, Trace] = {}
    for t in load_traces(path):
        assert not isinstance(t, TraceParseError), t
        out[t.id] = t
    return out


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Four recorded runs, spans shuffled and split over several lines; the last one without content."""
    rec = recorder()
    ids = {
        "big": record_run(rec, *PAY_BIG),
        "small": record_run(rec, *PAY_SMALL),
        "auth": record_run(rec, *AUTH_FAILED),
        "dark": record_run(rec, *PAY_BIG, content=False),
    }
    return write_otlp(tmp_path / "spans.jsonl", rec[0].get_finished_spans(), shuffle=7, per_line=3), ids


def test_spans_out_of_order_become_ordered_steps(runs: tuple[Path, dict[str, str]]) -> None:
    path, ids = runs
    t = _traces(path)[ids["big"]]
    kinds = [(s.kind.value, s.tool) for s in t.steps]
    assert kinds == [
        ("user", None),
        ("tool_call", "get_balance"),
        ("tool_result", "get_balance"),
        ("tool_call", "transfer_money"),
        ("tool_result", "transfer_money"),
        ("final", None),
    ]  # the conversation repeated in every chat input is read once
    assert t.task == "Pay ACME Ltd their 2,500 invoice." and t.steps[3].args == {"amount": 2500, "to": "ACME Ltd"}
    assert all(s.origin.startswith("span[") for s in t.steps)
    assert t.metadata["otel"]["trace_id"] == ids["big"] and "content_not_captured" not in t.metadata


def test_verdicts_and_evidence_name_span_ids(runs: tuple[Path, dict[str, str]]) -> None:
    path, ids = runs
    traces = _traces(path)
    spec = load_policy("payments")
    big = judge(traces[ids["big"]], spec)
    assert big.verdict is Verdict.VIOLATED and [c.id for c in big.violated] == ["confirm_large_transfers"]
    origins = [e.origin for c in big.violated for f in c.forcing for e in f.evidence]
    assert origins and all(o.startswith("span[") for o in origins)
    assert judge(traces[ids["small"]], spec).verdict is Verdict.SATISFIED
    auth = judge(traces[ids["auth"]], spec)  # the failure is read from the span status and error.type
    assert [c.id for c in auth.violated] == ["no_transfer_after_failed_auth"]


def test_content_capture_off_gives_unknown_with_how_to(runs: tuple[Path, dict[str, str]]) -> None:
    path, ids = runs
    dark = _traces(path)[ids["dark"]]
    assert "gen_ai.tool.call.arguments" in dark.metadata["content_not_captured"]
    assert [s.tool for s in dark.steps if s.kind.value == "tool_call"] == ["get_balance", "transfer_money"]
    report = judge(dark, load_policy("payments"))
    assert report.verdict is Verdict.UNKNOWN  # never SATISFIED on text that was never recorded
    assert all("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT" in c.reason for c in report.unknown)


def test_missing_optional_attributes(tmp_path: Path) -> None:
    """No gen_ai.operation.name (read from the span name), no tool call id, no parent, no end time."""
    span = {
        "traceId": "0af7651916cd43dd8448eb211c80319c",
        "spanId": "b7ad6b7169203331",
        "name": "execute_tool transfer_money",
        "startTimeUnixNano": "1000",
        "attributes": [
            {"key": "gen_ai.tool.name", "value": {"stringValue": "transfer_money"}},
            {"key": "gen_ai.tool.call.arguments", "value": {"stringValue": '{"amount": 1500}'}},
        ],
        "status": {"code": "STATUS_CODE_ERROR", "message": "declined"},
    }
    bad = {"traceId": "", "spanId": "x"}
    doc = {"resourceSpans": [{"scopeSpans": [{"spans": [span, bad]}]}]}
    path = tmp_path / "minimal.json"
    path.write_text(json.dumps(doc) + "\n" + "{not json\n")
    items = list(load_traces(path))
    errors = [i for i in items if isinstance(i, TraceParseError)]
    [trace] = [i for i in items if not isinstance(i, TraceParseError)]
    assert {e.field for e in errors} == {"line 1: resourceSpans[0].scopeSpans[0].spans[1].traceId", None}
    assert all(e.file == str(path) for e in errors)
    call, result = trace.steps
    assert call.tool == "transfer_money" and call.args == {"amount": 1500}
    assert result.error is True and result.text == "declined"


def test_semconv_constants_match_the_package() -> None:
    from opentelemetry.semconv._incubating.attributes import gen_ai_attributes as ga
    from opentelemetry.semconv.attributes import error_attributes

    from formaljudge.traces import _otlp

    for name in [n for n in dir(_otlp) if n.startswith("GEN_AI_")]:
        assert getattr(_otlp, name) == getattr(ga, name), name
    assert _otlp.ERROR_TYPE == error_attributes.ERROR_TYPE
    assert ga.GenAiOperationNameValues.EXECUTE_TOOL.value == _otlp.EXECUTE_TOOL


def test_export_verdicts_as_spans_in_the_audited_trace(runs: tuple[Path, dict[str, str]]) -> None:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    path, ids = runs
    traces = _traces(path)
    spec = load_policy("payments")
    reports = [judge(t, spec) for t in traces.values()]
    sink = InMemorySpanExporter()
    result = export_verdicts(reports, {(t.source_file, t.id): t for t in traces.values()}, exporter=sink)
    assert result.ok and result.spans == 4
    spans = {s.attributes["formaljudge.trace_id"]: s for s in sink.get_finished_spans()}
    big = spans[ids["big"]]
    assert format(big.context.trace_id, "032x") == ids["big"]  # inside the audited trace
    root = traces[ids["big"]].metadata["otel"]["root_span_id"]
    assert big.parent is not None and format(big.parent.span_id, "016x") == root
    assert [format(link.context.span_id, "016x") for link in big.links] == [root]
    assert big.attributes["formaljudge.verdict"] == "VIOLATED"
    assert list(big.attributes["formaljudge.violated"]) == ["confirm_large_transfers"]
    [event] = big.events
    assert event.attributes["formaljudge.constraint.id"] == "confirm_large_transfers"
    assert all(str(o).startswith("span[") for o in event.attributes["formaljudge.constraint.evidence"])


class _Collector(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        _Collector.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.bodies = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    try:
        yield _Collector.bodies
    finally:
        server.shutdown()


def test_cli_export_otel_sends_to_the_configured_endpoint(
    runs: tuple[Path, dict[str, str]], collector: list[bytes]
) -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    path, ids = runs
    r = CliRunner().invoke(app, ["audit", str(path), "-p", "payments", "--reader", "none", "--export-otel"])
    assert r.exit_code == 1, r.output
    assert "exported 4 verdict spans" in r.stderr
    [body] = collector
    request = ExportTraceServiceRequest.FromString(body)
    spans = [s for rs in request.resource_spans for ss in rs.scope_spans for s in ss.spans]
    verdicts = {
        s.trace_id.hex(): {a.key: a.value for a in s.attributes}["formaljudge.verdict"].string_value for s in spans
    }
    assert verdicts == {
        ids["big"]: "VIOLATED",
        ids["small"]: "SATISFIED",
        ids["auth"]: "VIOLATED",
        ids["dark"]: "UNKNOWN",
    }


def test_cli_export_otel_reports_an_unreachable_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "1")
    ok = Path(__file__).resolve().parents[2] / "agents_traces" / "openai_transfer_confirmed.json"
    r = CliRunner().invoke(app, ["audit", str(ok), "-p", "payments", "--reader", "none", "--export-otel"])
    assert r.exit_code == 2 and "could not send" in r.stderr


def test_example_writes_spans_the_cli_audits(tmp_path: Path) -> None:
    path = tmp_path / "spans.jsonl"
    example_main(str(path))
    r = CliRunner().invoke(app, ["audit", str(path), "-p", "payments", "--reader", "none", "-f", "json"])
    assert r.exit_code == 1, r.output
    verdicts = sorted(rep["verdict"] for rep in json.loads(r.stdout)["reports"])
    assert verdicts == ["SATISFIED", "VIOLATED", "VIOLATED"]


def test_without_content_order_of_tool_calls_is_still_decided(runs: tuple[Path, dict[str, str]]) -> None:
    """Which tools ran, and in what order, is recorded even with capture off: those constraints stay decided."""
    from formaljudge.ir import PolicySpec

    spec = PolicySpec.model_validate(
        {
            "name": "balance_first",
            "constraints": [
                {
                    "id": "balance_before_transfer",
                    "sentence": "Check the balance before any transfer.",
                    "formula": {
                        "op": "forall",
                        "var": "t",
                        "where": {"kind": "tool_call", "tool": ["transfer_money"]},
                        "body": {
                            "op": "exists",
                            "var": "b",
                            "where": {"kind": "tool_call", "tool": ["get_balance"], "before": "t"},
                        },
                    },
                },
                {
                    "id": "small_transfers",
                    "sentence": "Transfers stay under 1,000.",
                    "formula": {
                        "op": "forall",
                        "var": "t",
                        "where": {"kind": "tool_call", "tool": ["transfer_money"]},
                        "body": {
                            "op": "cmp",
                            "cmp": "<",
                            "left": {"op": "arg", "var": "t", "path": "amount", "type": "real"},
                            "right": {"op": "const", "value": 1000},
                        },
                    },
                },
            ],
        }
    )
    path, ids = runs
    report = judge(_traces(path)[ids["dark"]], spec)
    verdicts = {c.id: c.verdict for c in report.constraints}
    assert verdicts == {"balance_before_transfer": Verdict.SATISFIED, "small_transfers": Verdict.UNKNOWN}
