"""Read trace files: detect each record's format and normalize it.

A file is a JSON document (one record, a list of records, or one list of
OpenAI messages) or JSONL (one record a line), read record by record
(``_stream``), or a whole-file format (``_file_formats``). Loading never
stops at a bad record: it yields a ``TraceParseError`` in its place and goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._formats import dispatch
from formaljudge.traces._model import Trace
from formaljudge.traces._stream import RawRecord, iter_records, split_document

# Fields that explain a record's label. They are kept in metadata but never
# shown to a reader or the judge.
ANNOTATION_FIELDS = frozenset(
    {
        "why",
        "pattern",
        "honest_kind",
        "risk_description",
        "failure_mode",
        "risk_type",
        "application_scenario",
        "ambiguous",
        "label",
    }
)
_STRUCTURAL = frozenset({"id", "task", "format", "messages", "contents", "system", "input", "output", "instructions"})


def parse_record(
    record: Any, *, source: str | None = None, index: int | None = None, allow_empty: bool = False
) -> Trace:
    """Normalize one record in any supported format into a ``Trace``.

    A record with no steps at all is bad input (there is nothing to judge,
    and an empty trajectory must never pass a policy), unless ``allow_empty``
    (the guard, before an agent's first step).
    """
    rid = _record_id(record, source, index)
    where = rid if isinstance(record, dict) and "id" in record else index
    try:
        parsed = dispatch(record)
        if not parsed.steps and not allow_empty:
            fields = ("messages", "contents", "input")
            field = next((f for f in fields if isinstance(record, dict) and f in record), None)
            raise TraceParseError("the trajectory is empty: no messages or steps to judge", field=field)
    except TraceParseError as exc:
        raise exc.at(file=source, record=where) from None
    except (RecursionError, MemoryError) as exc:
        raise TraceParseError(
            f"record too deeply nested or too large ({type(exc).__name__})", file=source, record=where
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # an adapter met a shape it did not expect: still this record's error, never a crash of the batch
        raise TraceParseError(f"malformed record ({type(exc).__name__}: {exc})", file=source, record=where) from None
    task = parsed.task
    metadata: dict[str, Any] = dict(parsed.body)
    label: str | None = None
    if isinstance(record, dict):
        if isinstance(record.get("task"), str) and record["task"].strip() and not task.strip():
            task = record["task"]  # a record's own summary of the task, when the conversation has no user turn
        label = _label(record.get("label"))
        metadata |= {k: v for k, v in record.items() if k not in _STRUCTURAL and k not in ANNOTATION_FIELDS}
        annotations = {k: record[k] for k in ANNOTATION_FIELDS if k in record}
        if annotations:
            metadata["annotations"] = annotations
    return Trace(
        id=str(rid),
        task=task,
        steps=tuple(parsed.steps),
        label=label,
        format=parsed.format,
        source_file=source,
        metadata=metadata,
        raw=record,
    )


def _record_id(record: Any, source: str | None, index: int | None) -> str | int:
    rid = record.get("id") if isinstance(record, dict) else None
    if isinstance(rid, (str, int)) and not isinstance(rid, bool):
        return rid
    stem = Path(source).stem if source else "trace"
    return f"{stem}#{index}" if index is not None else stem


def _label(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "unsafe" if value else "safe"
    if isinstance(value, int):
        return {1: "unsafe", 0: "safe"}.get(value, str(value))
    return str(value)


def load_traces(path: str | Path) -> Iterator[Trace | TraceParseError]:
    """Every record of a file, normalized, read one at a time; a bad record yields its error instead."""
    for item in iter_records(path):
        if isinstance(item, TraceParseError):
            yield item
            continue
        try:
            yield parse_raw(item)
        except TraceParseError as exc:
            yield exc


def parse_raw(item: RawRecord) -> Trace:
    """Decode (for a JSONL line) and normalize one record read by ``iter_records``."""
    value = item.decoded()
    if isinstance(value, Trace):  # a whole-file format (Inspect log, OTLP) gives traces already
        return value
    return parse_record(value, source=item.source, index=item.index)


def parse_json(value: Any, *, source: str | None = None) -> list[Trace | TraceParseError]:
    """Like ``load_traces`` for an already-decoded JSON value."""
    items = split_document(value)
    out: list[Trace | TraceParseError] = []
    for index, record in items:
        try:
            out.append(parse_record(record, source=source, index=index))
        except TraceParseError as exc:
            out.append(exc)
    return out
