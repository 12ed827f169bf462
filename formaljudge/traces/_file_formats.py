"""Formats read a whole file at a time, recognised by name or first bytes: Inspect logs and OTLP JSON.

Every other format is read record by record in ``_load``; these two cannot be:
an Inspect ``.eval`` log is a zip archive, and an OTLP file's spans are grouped
by trace id, which needs the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from formaljudge.errors import TraceParseError
from formaljudge.traces._inspect_log import is_inspect_log, load_inspect_log
from formaljudge.traces._model import Trace
from formaljudge.traces._otlp import is_otlp, load_otlp

FileLoader = Callable[[Path], Iterator[Trace | TraceParseError]]
HEAD_BYTES = 512


def file_loader(path: Path) -> FileLoader | None:
    """The loader for a whole-file format, or None when the file is read record by record."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return None  # the record reader reports it
    if is_inspect_log(path, head):
        return load_inspect_log
    if is_otlp(head.removeprefix(b"\xef\xbb\xbf")):
        return load_otlp
    return None
