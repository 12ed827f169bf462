"""Expand the paths a user gives into trace files, and load them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from formaljudge.errors import TraceParseError
from formaljudge.traces import Trace, load_traces

TRACE_SUFFIXES = (".json", ".jsonl", ".eval")


def trace_files(paths: list[Path]) -> Iterator[Path | TraceParseError]:
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in TRACE_SUFFIXES)
            if not found:
                yield TraceParseError("directory holds no .json, .jsonl or .eval files", file=str(p))
            yield from found
        elif p.exists():
            yield p
        else:
            yield TraceParseError("no such file or directory", file=str(p))


def load_all(paths: list[Path]) -> tuple[list[Trace], list[TraceParseError]]:
    traces: list[Trace] = []
    errors: list[TraceParseError] = []
    for f in trace_files(paths):
        if isinstance(f, TraceParseError):
            errors.append(f)
            continue
        for item in load_traces(f):
            if isinstance(item, TraceParseError):
                errors.append(item)
            else:
                traces.append(item)
    return traces, errors
