"""Read trace files: detect each record's format and normalize it.

A file is a JSON document (one record, a list of records, or one list of
OpenAI messages) or JSONL (one record a line). Loading never stops at a bad
record: it yields a ``TraceParseError`` in its place and goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._file_formats import file_loader
from formaljudge.traces._formats import dispatch
from formaljudge.traces._model import Trace
from formaljudge.traces._openai import looks_like_openai

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


def parse_record(record: Any, *, source: str | None = None, index: int | None = None) -> Trace:
    """Normalize one record in any supported format into a ``Trace``."""
    rid = _record_id(record, source, index)
    where = rid if isinstance(record, dict) and "id" in record else index
    try:
        parsed = dispatch(record)
    except TraceParseError as exc:
        raise exc.at(file=source, record=where) from None
    except (RecursionError, MemoryError) as exc:
        raise TraceParseError(
            f"record too deeply nested or too large ({type(exc).__name__})", file=source, record=where
        ) from None
    task = parsed.task
    metadata: dict[str, Any] = dict(parsed.body)
    label: str | None = None
    if isinstance(record, dict):
        if isinstance(record.get("task"), str) and record["task"].strip():
            task = record["task"]
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


def _records(doc: Any) -> list[tuple[int | None, Any]]:
    """A decoded document's records: an array of records, or the document itself
    (one record, or one list of OpenAI messages), with its index when it has one."""
    if isinstance(doc, list) and doc and not looks_like_openai(doc):
        return list(enumerate(doc))
    return [(None, doc)]


def _documents(text: str, source: str) -> Iterator[tuple[int | None, Any] | TraceParseError]:
    """The records of a file: (index, value) pairs, or an error in place of a bad line."""
    stripped = text.strip()
    if not stripped:
        yield TraceParseError("file is empty", file=source)
        return
    try:
        doc = json.loads(stripped)
    except ValueError:
        doc = None
        is_jsonl = True
    except RecursionError:
        yield TraceParseError("JSON nested too deeply", file=source)
        return
    else:
        is_jsonl = False
    if not is_jsonl:
        yield from _records(doc)
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield lineno - 1, json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield TraceParseError(f"invalid JSON on line {lineno}: {exc}", file=source, record=f"line {lineno}")


def load_traces(path: str | Path) -> Iterator[Trace | TraceParseError]:
    """Every record of a file, normalized; a bad record yields its error instead."""
    p = Path(path)
    source = str(path)
    whole_file = file_loader(p)  # Inspect logs, OTLP JSON
    if whole_file is not None:
        yield from whole_file(p)
        return
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        yield TraceParseError("no such file", file=source)
        return
    except IsADirectoryError:
        yield TraceParseError("is a directory, not a trace file", file=source)
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield TraceParseError(f"cannot read file: {exc}", file=source)
        return
    for item in _documents(text, source):
        if isinstance(item, TraceParseError):
            yield item
            continue
        index, record = item
        try:
            yield parse_record(record, source=source, index=index)
        except TraceParseError as exc:
            yield exc


def parse_json(value: Any, *, source: str | None = None) -> list[Trace | TraceParseError]:
    """Like ``load_traces`` for an already-decoded JSON value."""
    items: list[tuple[int | None, Any]] = (
        list(enumerate(value))
        if isinstance(value, list) and value and not looks_like_openai(value)
        else [(None, value)]
    )
    out: list[Trace | TraceParseError] = []
    for index, record in items:
        try:
            out.append(parse_record(record, source=source, index=index))
        except TraceParseError as exc:
            out.append(exc)
    return out
