"""Read trace files record by record, so that memory stays flat as the input grows.

A file is JSONL (one record a line), one JSON document holding an array of
records (streamed element by element with ``ijson``), or one JSON document
that is a single record (or one list of OpenAI messages). Lines are decoded
one at a time from bytes: a line with invalid UTF-8 or bad JSON costs that
line only. A syntax error inside a JSON document is reported once, with its
line and column. Directories are walked lazily, in sorted path order.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from formaljudge.errors import TraceParseError

TRACE_SUFFIXES = (".json", ".jsonl", ".eval")
_LINE_SUFFIXES = (".jsonl", ".ndjson")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record of a file, not yet normalized.

    ``index`` is its position in the file (array element or 0-based line;
    None when the file is one record). ``data`` holds a JSONL line still to
    be decoded (by whoever judges it); otherwise ``value`` is the decoded record
    (or, from a whole-file format, the ``Trace`` already made).
    """

    source: str
    index: int | None
    value: Any = None
    data: bytes | None = None

    def decoded(self) -> Any:
        """The record's JSON value; a bad line raises ``TraceParseError`` naming its line."""
        if self.data is None:
            return self.value
        lineno = (self.index or 0) + 1
        try:
            return decode_line(self.data)
        except ValueError as exc:
            raise TraceParseError(
                f"invalid JSON on line {lineno}: {exc}", file=self.source, record=f"line {lineno}"
            ) from None


def decode_line(data: bytes) -> Any:
    """One JSON value from bytes: orjson, and the standard library for what orjson refuses
    (integers past 64 bits, NaN). Raises ``ValueError`` (bad UTF-8 included)."""
    import orjson

    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start + 1} of the line)") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def iter_files(paths: list[Path]) -> Iterator[Path | TraceParseError]:
    """The trace files under ``paths`` (files as given, directories searched lazily, sorted)."""
    for p in paths:
        if p.is_dir():
            found = False
            for f in _walk(p):
                found = True
                yield f
            if not found:
                yield TraceParseError("directory holds no .json, .jsonl or .eval files", file=str(p))
        elif p.exists():
            yield p
        else:
            yield TraceParseError("no such file or directory", file=str(p))


def _walk(d: Path) -> Iterator[Path]:
    """Files in sorted full-path order (a directory's name sorts as ``name/``), one directory at a time."""
    try:
        entries = list(os.scandir(d))
    except OSError:
        return
    keyed = sorted((e.name + ("/" if e.is_dir() else ""), e) for e in entries)
    for _, e in keyed:
        path = d / e.name
        if e.is_dir():
            yield from _walk(path)
        elif e.is_file() and path.suffix in TRACE_SUFFIXES:
            yield path


def iter_records(path: str | Path, *, source: str | None = None) -> Iterator[RawRecord | TraceParseError]:
    """Every record of one file, in order; an error in place of what cannot be read."""
    source = source if source is not None else str(path)
    from formaljudge.traces._file_formats import file_loader

    whole_file = file_loader(Path(path))  # Inspect logs, OTLP JSON: read whole, already traces
    if whole_file is not None:
        for index, trace in enumerate(whole_file(Path(path))):
            yield trace if isinstance(trace, TraceParseError) else RawRecord(source, index, trace)
        return
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; the generator may stop early
    except FileNotFoundError:
        yield TraceParseError("no such file", file=source)
        return
    except IsADirectoryError:
        yield TraceParseError("is a directory, not a trace file", file=source)
        return
    except OSError as exc:
        yield TraceParseError(f"cannot read file: {exc}", file=source)
        return
    with f:
        try:
            yield from records_of(f, source, Path(path).suffix.lower() in _LINE_SUFFIXES)
        except OSError as exc:
            yield TraceParseError(f"cannot read file: {exc}", file=source)


def records_of(f: IO[bytes], source: str, lines: bool) -> Iterator[RawRecord | TraceParseError]:
    first_line, first_no = _first_nonblank(f)
    if first_line is None:
        yield TraceParseError("file is empty", file=source)
        return
    if lines:
        f.seek(0)
        yield from _jsonl(f, source)
        return
    try:
        first = decode_line(first_line)
    except ValueError:
        first = _NOTHING
    if first is not _NOTHING:
        second, _ = _first_nonblank(f)
        if second is not None:  # more than one value, one a line
            f.seek(0)
            yield from _jsonl(f, source)
            return
        for index, value in split_document(first):
            yield RawRecord(source, index, value)
        return
    # a document over several lines (pretty-printed), or JSONL whose first line is bad
    f.seek(0)
    yielded = False
    try:
        for item in _document(f, source):
            yielded = True
            yield item
    except _SyntaxProblem as problem:
        if not yielded and _later_line_decodes(f, first_no):
            f.seek(0)
            yield from _jsonl(f, source)
            return
        yield TraceParseError(_locate(f, problem), file=source, record=problem.index)


_NOTHING = object()


class _SyntaxProblem(Exception):
    def __init__(self, index: int | None) -> None:
        self.index = index


def _first_nonblank(f: IO[bytes]) -> tuple[bytes | None, int]:
    """The next line with content (without its newline) and its 1-based number from where ``f`` stands."""
    n = 0
    for raw in f:
        n += 1
        line = raw.strip()
        if line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :].strip()
        if line:
            return line, n
    return None, n


def _later_line_decodes(f: IO[bytes], first_no: int) -> bool:
    """Whether the second non-blank line is a JSON value on its own (then the file is JSONL)."""
    f.seek(0)
    for _ in range(first_no):
        f.readline()
    line, _ = _first_nonblank(f)
    if line is None:
        return False
    try:
        decode_line(line)
    except ValueError:
        return False
    return True


def _jsonl(f: IO[bytes], source: str) -> Iterator[RawRecord | TraceParseError]:
    for lineno, raw in enumerate(f, start=1):
        line = raw.strip()
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :].strip()
        if line:
            yield RawRecord(source, lineno - 1, data=line)


def split_document(doc: Any) -> list[tuple[int | None, Any]]:
    """A decoded document's records: an array of records, or the document itself
    (one record, or one list of OpenAI messages), with its index when it has one."""
    from formaljudge.traces._openai import looks_like_openai

    if isinstance(doc, list) and doc and not looks_like_openai(doc):
        return list(enumerate(doc))
    return [(None, doc)]


def _document(f: IO[bytes], source: str) -> Iterator[RawRecord]:
    """One JSON document: an array streamed element by element, anything else decoded whole."""
    import ijson

    head = f.read(_CHUNK).lstrip()
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :].lstrip()
    f.seek(0)
    if not head.startswith(b"["):
        try:
            value = decode_line(f.read())
        except ValueError:
            raise _SyntaxProblem(None) from None
        for index, v in split_document(value):
            yield RawRecord(source, index, v)
        return
    items = ijson.items(f, "item", use_float=True)
    at = 0  # the element being read
    try:
        first = next(items, _NOTHING)
        if first is _NOTHING:
            yield RawRecord(source, None, [])
            return
        if isinstance(first, dict) and isinstance(first.get("role"), str):
            # maybe one list of OpenAI messages: one record, read whole
            rest = list(items)
            for i, v in split_document([first, *rest]):
                yield RawRecord(source, i, v)
            return
        yield RawRecord(source, 0, first)
        at = 1
        for value in items:
            yield RawRecord(source, at, value)
            at += 1
    except (ijson.JSONError, UnicodeDecodeError, ValueError, RecursionError):
        raise _SyntaxProblem(at) from None


def _locate(f: IO[bytes], problem: _SyntaxProblem) -> str:
    """Where the document stops being JSON: 'invalid JSON at line L, column C: why'."""
    f.seek(0)
    offset, why = _bad_utf8(f)
    if offset is None:
        f.seek(0)
        offset, why = _bad_syntax(f)
    if offset is None:
        return "invalid JSON"
    f.seek(0)
    line, col = _line_col(f, offset)
    return f"invalid JSON at line {line}, column {col}: {why}"


def _bad_utf8(f: IO[bytes]) -> tuple[int | None, str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = 0
    while chunk := f.read(_CHUNK):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return consumed + exc.start - len(decoder.getstate()[0]), "not valid UTF-8"
        consumed += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return consumed, "not valid UTF-8 (truncated character at the end)"
    return None, ""


_AT = re.compile(r"at (\d+)\b")


def _bad_syntax(f: IO[bytes]) -> tuple[int | None, str]:
    """The byte offset of the first syntax error, from ijson's pure-Python parser (which counts characters)."""
    from ijson.backends import python as slow

    try:
        for _ in slow.basic_parse(f):
            pass
    except Exception as exc:  # the parser's own error types; only read for where it stopped
        text = str(exc)
        m = _AT.search(text)
        if m is not None:
            return _char_to_byte(f, int(m.group(1))), text.split(" at ")[0]
        f.seek(0, os.SEEK_END)
        return f.tell(), "the document ends before it is complete"
    return None, ""


def _char_to_byte(f: IO[bytes], chars: int) -> int:
    f.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = consumed = 0
    while chunk := f.read(_CHUNK):
        text = decoder.decode(chunk)
        if seen + len(text) >= chars:
            return consumed + len(text[: chars - seen].encode("utf-8"))
        seen += len(text)
        consumed += len(chunk)
    return consumed


def _line_col(f: IO[bytes], offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line, line_start, pos = 1, 0, 0
    while pos < offset and (chunk := f.read(min(_CHUNK, offset - pos))):
        start = 0
        while (nl := chunk.find(b"\n", start)) != -1:
            line += 1
            line_start = pos + nl + 1
            start = nl + 1
        pos += len(chunk)
    f.seek(line_start)
    col = len(f.read(offset - line_start).decode("utf-8", errors="replace")) + 1
    return line, col
