"""Verdicts as OpenTelemetry spans, sent with the standard OTLP exporter.

One span per report, named ``formaljudge.audit {policy}``, with attributes
under ``formaljudge.`` (verdict, policy and its hash, backend, reader, the
audited trace id and file, violated and undecided constraint ids) and one
``formaljudge.constraint`` event per constraint that is not satisfied (its
id, verdict, sentence, reason, steps and the span ids its evidence names).
When the audited trace came from OTLP spans, the verdict span is created
inside that trace, as a child of its root span, and links to the root span,
so a tracing backend shows the verdict beside the agent's run.

The exporter is the SDK's OTLP exporter, configured by the usual variables
(``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``,
``..._HEADERS``, ``..._PROTOCOL``: ``http/protobuf``, or ``grpc`` when
``opentelemetry-exporter-otlp-proto-grpc`` is installed; ``OTEL_SERVICE_NAME``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, NonRecordingSpan, SpanContext, Status, StatusCode, TraceFlags, set_span_in_context
from pydantic import BaseModel

from formaljudge.backends._verdict import Verdict
from formaljudge.errors import FormalJudgeError
from formaljudge.judge import JudgeReport
from formaljudge.traces._model import Trace

PREFIX = "formaljudge."
SCOPE = "formaljudge"


class ExportResult(BaseModel):
    spans: int
    ok: bool
    endpoint: str


def _audited_context(trace: Trace | None) -> SpanContext | None:
    """The audited trace's root span, when the trace came from OTLP spans with valid ids."""
    otel = trace.metadata.get("otel") if trace is not None and isinstance(trace.metadata, dict) else None
    if not isinstance(otel, dict):
        return None
    try:
        trace_id, span_id = int(str(otel["trace_id"]), 16), int(str(otel["root_span_id"]), 16)
    except (KeyError, ValueError):
        return None
    if not (0 < trace_id < 2**128 and 0 < span_id < 2**64):
        return None
    return SpanContext(trace_id, span_id, is_remote=True, trace_flags=TraceFlags(TraceFlags.SAMPLED))


def _attributes(report: JudgeReport) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        PREFIX + "verdict": report.verdict.value,
        PREFIX + "policy": report.policy,
        PREFIX + "policy_hash": report.policy_hash,
        PREFIX + "backend": report.backend,
        PREFIX + "reader": report.reader,
        PREFIX + "trace_id": report.trace_id,
        PREFIX + "violated": [c.id for c in report.violated],
        PREFIX + "unknown": [c.id for c in report.unknown],
        PREFIX + "constraints": len(report.constraints),
    }
    if report.source_file:
        attrs[PREFIX + "source_file"] = report.source_file
    return attrs


def verdict_spans(
    reports: Iterable[JudgeReport], traces: dict[tuple[str | None, str], Trace] | None = None
) -> list[ReadableSpan]:
    """The verdict spans for ``reports`` (``traces`` keyed by (source file, trace id) give the links)."""
    collected = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", SCOPE)}))
    provider.add_span_processor(SimpleSpanProcessor(collected))
    tracer = provider.get_tracer(SCOPE)
    for report in reports:
        audited = _audited_context((traces or {}).get((report.source_file, report.trace_id)))
        parent = set_span_in_context(NonRecordingSpan(audited)) if audited is not None else None
        links = [Link(audited, {PREFIX + "link": "audited trace"})] if audited is not None else []
        with tracer.start_as_current_span(
            f"formaljudge.audit {report.policy}", context=parent, links=links, attributes=_attributes(report)
        ) as span:
            for c in report.constraints:
                if c.verdict is Verdict.SATISFIED:
                    continue
                span.add_event(
                    PREFIX + "constraint",
                    {
                        PREFIX + "constraint.id": c.id,
                        PREFIX + "constraint.verdict": c.verdict.value,
                        PREFIX + "constraint.sentence": c.sentence,
                        PREFIX + "constraint.reason": c.reason,
                        PREFIX + "constraint.steps": c.steps,
                        PREFIX + "constraint.evidence": list(
                            dict.fromkeys(e.origin or e.address for f in c.forcing for e in f.evidence)
                        ),
                    },
                )
            span.set_status(Status(StatusCode.OK))
    provider.shutdown()
    return list(collected.get_finished_spans())


def otlp_exporter() -> tuple[SpanExporter, str]:
    """The OTLP span exporter the environment asks for, and where it sends."""
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318"
    )
    if protocol == "grpc":
        try:
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (  # type: ignore[import-not-found]
                OTLPSpanExporter as GrpcExporter,
            )
        except ImportError:
            raise FormalJudgeError(
                "OTEL_EXPORTER_OTLP_PROTOCOL=grpc needs opentelemetry-exporter-otlp-proto-grpc installed"
            ) from None
        return GrpcExporter(), endpoint
    if protocol not in ("http/protobuf", ""):
        raise FormalJudgeError(f"OTLP protocol {protocol!r} is not supported: use http/protobuf or grpc")
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(), endpoint


def export_verdicts(
    reports: Iterable[JudgeReport],
    traces: dict[tuple[str | None, str], Trace] | None = None,
    *,
    exporter: SpanExporter | None = None,
) -> ExportResult:
    """Send one span per report through ``exporter`` (default: the OTLP exporter the environment configures)."""
    spans = verdict_spans(reports, traces)
    endpoint = "custom exporter"
    if exporter is None:
        exporter, endpoint = otlp_exporter()
    try:
        result = exporter.export(spans) if spans else SpanExportResult.SUCCESS
    finally:
        exporter.shutdown()
    return ExportResult(spans=len(spans), ok=result is SpanExportResult.SUCCESS, endpoint=endpoint)
