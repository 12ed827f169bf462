"""OpenTelemetry GenAI spans in OTLP JSON (the file exporter's JSON Lines of ``resourceSpans``).

Spans are grouped by trace id, one trajectory per trace. This needs the whole
file in memory: a trace's spans may be spread over the file in any order (a
parent span is exported after its children), so no trace is complete before
the file ends. Within a trace, spans are replayed in time order: a span that
carries messages (``chat``, ``invoke_agent``) adds its new input messages when
it starts and its output messages when it ends; an ``execute_tool`` span adds
its tool call when it starts (unless a chat output already named that call
id) and its result when it ends, with the span status and ``error.type`` as
the error flag. Messages repeated in later inputs (most instrumentations send
the whole conversation to every chat) are added once.

Content attributes (messages, tool arguments and results) are opt-in in the
conventions and off by default; the trace records which ones are absent in
``metadata["content_not_captured"]`` and the judge answers UNKNOWN for the
constraints that need them (``formaljudge.judge._capture``).

The attribute names are the semantic conventions' own; this module does not
import ``opentelemetry`` (the core installs light) and a test checks the
constants against ``opentelemetry-semantic-conventions``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._builder import StepBuilder
from formaljudge.traces._model import StepKind, Trace

GEN_AI_OPERATION_NAME = "gen_ai.operation.name"
GEN_AI_INPUT_MESSAGES = "gen_ai.input.messages"
GEN_AI_OUTPUT_MESSAGES = "gen_ai.output.messages"
GEN_AI_SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions"
GEN_AI_TOOL_NAME = "gen_ai.tool.name"
GEN_AI_TOOL_CALL_ID = "gen_ai.tool.call.id"
GEN_AI_TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments"
GEN_AI_TOOL_CALL_RESULT = "gen_ai.tool.call.result"
GEN_AI_TOOL_DESCRIPTION = "gen_ai.tool.description"
GEN_AI_TOOL_DEFINITIONS = "gen_ai.tool.definitions"
GEN_AI_AGENT_NAME = "gen_ai.agent.name"
GEN_AI_CONVERSATION_ID = "gen_ai.conversation.id"
ERROR_TYPE = "error.type"
EXECUTE_TOOL = "execute_tool"
NO_TOOL_SPANS = "execute_tool spans"  # absent, and no chat output captured: the tool calls themselves are unknown

_HEAD = re.compile(rb'^\s*\{\s*"resourceSpans"\s*:')
_STATUS_ERROR = (2, "STATUS_CODE_ERROR")


def is_otlp(head: bytes) -> bool:
    """An OTLP JSON export: its first object's first key is ``resourceSpans``."""
    return _HEAD.match(head) is not None


@dataclass
class Span:
    trace_id: str
    span_id: str
    parent_id: str
    name: str
    start: int
    end: int
    attributes: dict[str, Any]
    failed: bool
    status_message: str
    where: str  # file position, for errors

    @property
    def operation(self) -> str:
        op = self.attributes.get(GEN_AI_OPERATION_NAME)
        if isinstance(op, str):
            return op
        return self.name.split(" ", 1)[0]  # span names are "{operation} {model or tool}"

    def origin(self, attr: str) -> str:
        return f"span[{self.span_id}].{attr}"


def _value(v: Any) -> Any:
    """An OTLP ``AnyValue`` as a plain value."""
    if not isinstance(v, dict) or not v:
        return None
    key, val = next(iter(v.items()))
    if key == "stringValue":
        return str(val)
    if key == "boolValue":
        return bool(val)
    if key == "intValue":
        return int(val)
    if key == "doubleValue":
        return float(val)
    if key == "arrayValue":
        return [_value(x) for x in (val or {}).get("values", [])]
    if key == "kvlistValue":
        return _attributes((val or {}).get("values", []))
    if key == "bytesValue":
        return base64.b64decode(val).hex() if isinstance(val, str) else None
    return None


def _attributes(items: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kv in items if isinstance(items, list) else []:
        if isinstance(kv, dict) and isinstance(kv.get("key"), str):
            out[kv["key"]] = _value(kv.get("value"))
    return out


def _nanos(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def _span(raw: Any, where: str) -> Span:
    if not isinstance(raw, dict):
        raise TraceParseError("span must be an object", field=where)
    for key in ("traceId", "spanId"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise TraceParseError(f"span needs a {key}", field=f"{where}.{key}")
    attrs = _attributes(raw.get("attributes"))
    raw_status = raw.get("status")
    status: dict[str, Any] = raw_status if isinstance(raw_status, dict) else {}
    start = _nanos(raw.get("startTimeUnixNano"))
    return Span(
        trace_id=raw["traceId"],
        span_id=raw["spanId"],
        parent_id=str(raw.get("parentSpanId") or ""),
        name=str(raw.get("name") or ""),
        start=start,
        end=max(start, _nanos(raw.get("endTimeUnixNano"))),
        attributes=attrs,
        failed=status.get("code") in _STATUS_ERROR or bool(attrs.get(ERROR_TYPE)),
        status_message=str(status.get("message") or attrs.get(ERROR_TYPE) or ""),
        where=where,
    )


def _spans_of(doc: Any, where: str) -> Iterator[Span | TraceParseError]:
    resource_spans = doc.get("resourceSpans") if isinstance(doc, dict) else None
    if not isinstance(resource_spans, list):
        yield TraceParseError("expected an object with a resourceSpans list", field=f"{where}resourceSpans")
        return
    for i, rs in enumerate(resource_spans):
        for j, ss in enumerate((rs or {}).get("scopeSpans") or [] if isinstance(rs, dict) else []):
            spans = ss.get("spans") if isinstance(ss, dict) else None
            for k, raw in enumerate(spans if isinstance(spans, list) else []):
                at = f"{where}resourceSpans[{i}].scopeSpans[{j}].spans[{k}]"
                try:
                    yield _span(raw, at)
                except TraceParseError as exc:
                    yield exc


def read_spans(text: str, source: str) -> Iterator[Span | TraceParseError]:
    """Every span of an OTLP JSON document or JSON Lines file; a bad line or span yields an error."""
    try:
        docs: list[tuple[str, Any]] = [("", json.loads(text))]
    except ValueError:
        docs = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                docs.append((f"line {n}: ", json.loads(line)))
            except (ValueError, RecursionError) as exc:
                yield TraceParseError(f"invalid JSON on line {n}: {exc}", file=source, record=f"line {n}")
    except RecursionError:
        yield TraceParseError("JSON nested too deeply", file=source)
        return
    for where, doc in docs:
        for item in _spans_of(doc, where):
            yield item.at(file=source) if isinstance(item, TraceParseError) else item


def _json(value: Any) -> Any:
    """A structured attribute, which exporters write as a JSON string or as a structured value."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _args(value: Any) -> dict[str, Any]:
    value = _json(value)
    if value is None or value == "":
        return {}
    return value if isinstance(value, dict) else {"input": value}


@dataclass
class _Replay:
    """Builds one trace's steps from its spans, adding each message, call and result once."""

    b: StepBuilder = field(default_factory=StepBuilder)
    seen_text: dict[tuple[str, str], int] = field(default_factory=dict)
    calls: set[str] = field(default_factory=set)
    results: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    task: str = ""

    def messages(self, span: Span, attr: str) -> None:
        raw = span.attributes.get(attr)
        msgs = _json(raw)
        if not isinstance(msgs, list):
            return
        occurrences: dict[tuple[str, str], int] = {}
        for i, m in enumerate(msgs):
            if not isinstance(m, dict):
                continue
            role = str(m.get("role") or "")
            raw_parts = m.get("parts")
            parts: list[Any] = raw_parts if isinstance(raw_parts, list) else []
            where = f"{attr}[{i}]"
            text = "\n".join(
                str(p.get("content"))
                for p in parts
                if isinstance(p, dict) and p.get("type") == "text" and p.get("content") is not None
            )
            if text.strip():
                key = (role, text)
                occurrences[key] = occurrences.get(key, 0) + 1
                if occurrences[key] > self.seen_text.get(key, 0):  # new: not in an earlier span's messages
                    self.seen_text[key] = occurrences[key]
                    self._message(span, role, text, f"{where}.parts")
            for j, p in enumerate(parts):
                if isinstance(p, dict):
                    self._part(span, p, f"{where}.parts[{j}]")

    def _message(self, span: Span, role: str, text: str, where: str) -> None:
        origin = span.origin(where)
        if role == "user":
            self.task = self.task or text
            self.b.add(StepKind.USER, origin=origin, text=text)
        elif role == "system":
            self.b.add(StepKind.SYSTEM, origin=origin, text=text)
        elif role == "tool":
            self.b.result(text, origin=origin)
        else:
            self.b.add(StepKind.AGENT, origin=origin, text=text)

    def _part(self, span: Span, p: dict[str, Any], where: str) -> None:
        kind = p.get("type")
        cid = p.get("id") if isinstance(p.get("id"), str) else None
        if kind == "tool_call" and isinstance(p.get("name"), str):
            if cid is None or cid not in self.calls:
                self.b.call(p["name"], _args(p.get("arguments")), origin=span.origin(where), call_id=cid)
                if cid is not None:
                    self.calls.add(cid)
        elif kind == "tool_call_response" and cid is not None and cid not in self.results:
            self.results.add(cid)
            self.b.result(_text(_json(p.get("response"))), origin=span.origin(f"{where}.response"), call_id=cid)

    def system(self, span: Span) -> None:
        parts = _json(span.attributes.get(GEN_AI_SYSTEM_INSTRUCTIONS))
        if isinstance(parts, list):
            text = "\n".join(str(p.get("content")) for p in parts if isinstance(p, dict) and p.get("type") == "text")
            key = ("system", text)
            if text.strip() and key not in self.seen_text:
                self.seen_text[key] = 1
                self.b.add(StepKind.SYSTEM, origin=span.origin(GEN_AI_SYSTEM_INSTRUCTIONS), text=text)

    def tool_start(self, span: Span) -> None:
        cid = span.attributes.get(GEN_AI_TOOL_CALL_ID)
        cid = str(cid) if cid is not None else f"span:{span.span_id}"
        if cid in self.calls:
            return
        self.calls.add(cid)
        name = span.attributes.get(GEN_AI_TOOL_NAME)
        if not isinstance(name, str):
            name = span.name.removeprefix(EXECUTE_TOOL).strip() or "unknown_tool"
        raw = span.attributes.get(GEN_AI_TOOL_CALL_ARGUMENTS)
        if raw is None:
            self.missing.add(GEN_AI_TOOL_CALL_ARGUMENTS)
        self.b.call(name, _args(raw), origin=span.origin(GEN_AI_TOOL_CALL_ARGUMENTS), call_id=cid)

    def tool_end(self, span: Span) -> None:
        cid = span.attributes.get(GEN_AI_TOOL_CALL_ID)
        cid = str(cid) if cid is not None else f"span:{span.span_id}"
        if cid in self.results:
            return
        self.results.add(cid)
        result = span.attributes.get(GEN_AI_TOOL_CALL_RESULT)
        if result is None and not span.failed:
            self.missing.add(GEN_AI_TOOL_CALL_RESULT)
        text = _text(_json(result)) if result is not None else span.status_message
        # the span's status is the source's own error flag; without a captured result it is all there is
        error: bool | None = True if span.failed else (None if result is not None else False)
        self.b.result(text, origin=span.origin(GEN_AI_TOOL_CALL_RESULT), call_id=cid, error=error)


_MESSAGE_OPS = frozenset({"chat", "generate_content", "text_completion", "invoke_agent", "invoke_workflow"})
_MODEL_OPS = frozenset({"chat", "generate_content", "text_completion"})


def trace_of(trace_id: str, spans: list[Span], source: str) -> Trace:
    """One trace's spans (any order) as a trajectory."""
    events: list[tuple[int, int, int, Span]] = []
    for n, s in enumerate(spans):
        events.append((s.start, 0, n, s))  # 0: the span starts
        events.append((s.end, 1, n, s))  # 1: the span ends
    events.sort(key=lambda e: (e[0], e[1], e[3].start, e[2]))
    r = _Replay()
    for _, phase, _, span in events:
        op = span.operation
        if op == EXECUTE_TOOL:
            (r.tool_start if phase == 0 else r.tool_end)(span)
        elif op in _MESSAGE_OPS:
            if phase == 0:
                r.system(span)
                r.messages(span, GEN_AI_INPUT_MESSAGES)
            else:
                r.messages(span, GEN_AI_OUTPUT_MESSAGES)
            if op in _MODEL_OPS and GEN_AI_INPUT_MESSAGES not in span.attributes and phase == 0:
                r.missing.add(GEN_AI_INPUT_MESSAGES)
            if op in _MODEL_OPS and GEN_AI_OUTPUT_MESSAGES not in span.attributes and phase == 1:
                r.missing.add(GEN_AI_OUTPUT_MESSAGES)
    r.b.promote_final()
    tool_spans = sum(s.operation == EXECUTE_TOOL for s in spans)
    if GEN_AI_OUTPUT_MESSAGES in r.missing and not tool_spans:
        r.missing.add(NO_TOOL_SPANS)
    ordered = sorted(spans, key=lambda s: (s.start, s.span_id))
    root = next((s for s in ordered if not s.parent_id or s.parent_id not in {x.span_id for x in spans}), ordered[0])
    metadata: dict[str, Any] = {"otel": {"trace_id": trace_id, "root_span_id": root.span_id, "spans": len(spans)}}
    agent = next((s.attributes[GEN_AI_AGENT_NAME] for s in ordered if GEN_AI_AGENT_NAME in s.attributes), None)
    if agent is not None:
        metadata["otel"]["agent"] = agent
    tools = _tool_definitions(ordered)
    if tools:
        metadata["tools"] = tools
    if r.missing:
        metadata["content_not_captured"] = sorted(r.missing)
    return Trace(
        id=trace_id,
        task=r.task,
        steps=tuple(r.b.steps),
        format="otlp",
        source_file=source,
        metadata=metadata,
        raw={"trace_id": trace_id, "spans": [s.span_id for s in ordered]},
    )


def _tool_definitions(spans: list[Span]) -> list[dict[str, str]]:
    out: dict[str, str] = {}
    for s in spans:
        defs = _json(s.attributes.get(GEN_AI_TOOL_DEFINITIONS))
        for d in defs if isinstance(defs, list) else []:
            fn = d.get("function", d) if isinstance(d, dict) else None
            if isinstance(fn, dict) and isinstance(fn.get("name"), str):
                out.setdefault(fn["name"], str(fn.get("description") or ""))
        name, desc = s.attributes.get(GEN_AI_TOOL_NAME), s.attributes.get(GEN_AI_TOOL_DESCRIPTION)
        if isinstance(name, str) and isinstance(desc, str):
            out.setdefault(name, desc)
    return [{"name": n, "description": d} for n, d in out.items()]


def load_otlp(path: Path) -> Iterator[Trace | TraceParseError]:
    """Every trace in an OTLP JSON file, in order of first appearance."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield TraceParseError(f"cannot read file: {exc}", file=source)
        return
    by_trace: dict[str, list[Span]] = {}
    for item in read_spans(text, source):
        if isinstance(item, TraceParseError):
            yield item
        else:
            by_trace.setdefault(item.trace_id, []).append(item)
    if not by_trace:
        yield TraceParseError("no spans found", file=source)
    for trace_id, spans in by_trace.items():
        try:
            yield trace_of(trace_id, spans, source)
        except TraceParseError as exc:
            yield exc.at(file=source, record=trace_id)
