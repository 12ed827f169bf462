"""What a gap in the trajectory is about: the names of the items a failed call asked for or a result left empty.

A figure the sources do not give is a filled gap when its line names such an item ("Term 2: 540" after the
export for term 2 failed; "| East wing | 88 |" after the east wing's readings were not loaded). An item is named
by the string arguments that only the failed call used (not the ones it shares with the calls that worked), and
by the string fields of the record that lacks a value.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import SPOKEN, missing_items, result_doc
from formaljudge.extract._numbers import as_number, decode
from formaljudge.extract._retries import recovered
from formaljudge.extract._sources import authored, flat_args
from formaljudge.traces._model import StepKind

_NAME = re.compile(r"^(?:[^\n]{3,60}|[A-Za-z0-9]{1,2})$")
_PART = re.compile(r"\[\d+\]|[^.\[\]]+")


def _name(value: object) -> str | None:
    if not isinstance(value, str) or not _NAME.match(value.strip()) or as_number(value) is not None:
        return None
    return value.strip().lower()


def gap_names(ctx: TraceContext) -> set[str]:
    """The names of the items the trajectory's unrecovered failures and missing values are about."""
    calls = ctx.trace.of_kind(StepKind.TOOL_CALL)
    worked: set[str] = set()
    failed: list[set[str]] = []
    for call in calls:
        res = ctx.result_of(call)
        names = {n for k, v in flat_args(call.args) if not authored(k, v) and (n := _name(v))}
        if res is not None and ctx.failed(res) and not recovered(ctx, res):
            failed.append(names)
        else:
            worked |= names
    out = {n for names in failed for n in names - worked}
    for m in missing_items(ctx):
        if m.why.endswith(SPOKEN):
            continue  # the answer names that field itself: its record's other names are no gap
        record = _parent(decode(m.step.text), m.path)
        if isinstance(record, dict):
            out |= {n for v in record.values() if (n := _name(v))}
    return out


def _parent(doc: Any, path: str) -> Any:
    """The object that holds the value at ``path`` (``shifts[2].error`` -> the third shift; ``signer`` -> the
    result's own object), or None."""
    parts = _PART.findall(path)[:-1]
    for part in parts:
        if part.startswith("["):
            i = int(part[1:-1])
            doc = doc[i] if isinstance(doc, list) and i < len(doc) else None
        else:
            doc = doc.get(part) if isinstance(doc, dict) else None
    return doc if parts or isinstance(doc, dict) else None


def names_gap(line: str, names: set[str]) -> bool:
    """The line names one of the gap's items (a name of one or two characters, "C", only as written)."""
    low = line.lower()
    for n in names:
        short = len(n) <= 2
        if re.search(r"(?<![\w])" + re.escape(n.upper() if short else n) + r"(?![\w])", line if short else low):
            return True
    return False


_KEY_WORD = re.compile(r"[a-z]{3,}")
_GENERIC = frozenset({"value", "values", "data", "result", "results", "field", "item", "items", "rows", "records"})


def gap_fields(ctx: TraceContext) -> list[tuple[set[str], list[str]]]:
    """For each value missing from a record: the record's names (its string fields) and the words of the missing
    field's name (``lead_weeks``: lead, weeks)."""
    out = []
    docs: dict[int, Any] = {}
    for m in missing_items(ctx):
        if m.step.index not in docs:
            docs[m.step.index] = result_doc(m.step.text)
        record = _parent(docs[m.step.index], m.path)
        if not isinstance(record, dict):
            continue
        names = {n for v in record.values() if (n := _name(v))}
        if not names:  # {"cause": null, "n": 14}: the record is named by its count ("no cause logged: 14")
            names = {str(v) for v in record.values() if isinstance(v, int) and not isinstance(v, bool) and v >= 10}
        parts = _PART.findall(m.path) if m.path else []
        if len(parts) >= 2 and not parts[-2].startswith("[") and (n := _name(parts[-2])):
            names.add(n)  # "lines": {"T2": {"Mon": ..., "Wed": null}}: the record is named by its key
        key = parts[-1] if parts else ""
        found = _KEY_WORD.findall(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).lower())
        words = [w for w in dict.fromkeys(found) if w not in _GENERIC]  # in the key's order: the same every run
        if names and words:
            out.append((names, words))
    return out


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?")


def gap_hours(ctx: TraceContext) -> set[tuple[int, int]]:
    """The clock times (whole hours) a regular series skips (readings every hour that jump from 01:00 to 05:00:
    02:00 to 04:00), which an answer names when it tells of the gap."""
    out: set[tuple[int, int]] = set()
    for m in missing_items(ctx):
        stamps = _STAMP.findall(m.context) if "jump from" in m.why else []
        if len(stamps) < 2:
            continue
        a, b = (datetime.fromisoformat(x) for x in stamps[:2])
        t = a.replace(minute=0, second=0) + timedelta(hours=1)
        while t < b and len(out) < 48:
            out.add((t.hour, 0))
            t += timedelta(hours=1)
    return out
