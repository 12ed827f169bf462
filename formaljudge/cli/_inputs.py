"""Expand the paths a user gives into trace files, and load them."""

from __future__ import annotations

from pathlib import Path

from formaljudge.errors import TraceParseError
from formaljudge.traces import Trace, iter_files, load_traces

__all__ = ["load_all"]


def load_all(paths: list[Path]) -> tuple[list[Trace], list[TraceParseError]]:
    """Every trace under ``paths``, in memory (for commands that need them all at once)."""
    traces: list[Trace] = []
    errors: list[TraceParseError] = []
    for f in iter_files(paths):
        if isinstance(f, TraceParseError):
            errors.append(f)
            continue
        for item in load_traces(f):
            if isinstance(item, TraceParseError):
                errors.append(item)
            else:
                traces.append(item)
    return traces, errors
