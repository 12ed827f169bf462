"""OpenTelemetry: each verdict as a span in (and linked to) the audited trace (extra ``otel``)."""

from formaljudge.integrations.otel._export import ExportResult, export_verdicts, verdict_spans

__all__ = ["ExportResult", "export_verdicts", "verdict_spans"]
