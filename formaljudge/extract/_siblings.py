"""One figure against its siblings: the same formula over each record's own fields.

An answer often lists one line per record — a list item or a table row per
location, per tank, per team — each with a figure computed the same way from
that record's fields (food cost = cogs / sales). When the lines of at least
two other records of the same kind each carry exactly what one formula gives
over their own fields, and the line of this record carries something else,
the figure contradicts the sources: ``Riverside: 29.2%`` where Riverside's
cogs / sales is 32.3%, while that share gives every other location's line.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from formaljudge.extract._derive import accepts, exact
from formaljudge.extract._numbers import Quantity, as_number, quantities
from formaljudge.extract._sources import Record, Sources
from formaljudge.traces._model import Step

_MIN_SIBLINGS = 2
_MAX_RECORDS = 200  # beyond these, a listing too large to pair line by line (the check is skipped)
_MAX_LINES = 400
_FIELDS = 8  # numeric fields of a record tried in pairs
_PERCENT_OPS = ("share", "change")
_AMOUNT_OPS = ("+", "-", "*", "/")


def _shape(rec: Record) -> tuple[str | None, str]:
    return (rec.step.tool, re.sub(r"\[\d+\]", "[]", rec.path))


def _labels(rec: Record) -> list[str]:
    """The record's names: its text fields of a few characters, not sentences."""
    out = []
    for v in rec.fields.values():
        if isinstance(v, str) and 3 <= len(v) <= 60 and as_number(v) is None:
            out.append(v.lower())
    return out


def _names(line: str, labels: list[str]) -> bool:
    low = line.lower()
    return any(re.search(r"(?<!\w)" + re.escape(label) + r"(?!\w)", low) for label in labels)


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _same_kind(line: str, percent: bool) -> list[Quantity]:
    return [x for x in quantities(line, claims_only=True) if x.percent == percent and not x.points]


def sibling_formula(src: Sources, text: str, q: Quantity) -> tuple[str, Step, Fraction] | None:
    """For a figure on a line about one record, what the formula that gives its siblings' lines gives for
    this record, when that is another value (a description, the record's step, the value); else None."""
    lines = _lines(text)
    if len(src.records) > _MAX_RECORDS or len(lines) > _MAX_LINES:
        return None
    start, line = next((s, ln) for s, ln in reversed(lines) if s <= q.start)
    records = [r for r in src.records if _names(line, _labels(r))]
    if len(records) != 1:
        return None
    rec = records[0]
    mine = _same_kind(line, q.percent)
    index = next((i for i, x in enumerate(mine) if x.start + start == q.start), None)
    if index is None:
        return None
    siblings: list[tuple[Record, Quantity]] = []
    for other in src.records:
        if other is rec or _shape(other) != _shape(rec):
            continue
        about = [ln for s, ln in lines if s != start and _names(ln, _labels(other)) and not _names(ln, _labels(rec))]
        if len(about) != 1:
            continue
        figures = _same_kind(about[0], q.percent)
        if len(figures) == len(mine):
            siblings.append((other, figures[index]))
    if len(siblings) < _MIN_SIBLINGS:
        return None
    nums = rec.numbers()[:_FIELDS]
    for (ka, a), (kb, b) in itertools.permutations(nums, 2):
        for op in _PERCENT_OPS if q.percent else _AMOUNT_OPS:
            if not _fits_all(siblings, op, ka, kb):
                continue
            if op in ("/", "share", "change") and not b:
                return None
            value = exact(op, a, b)
            return None if accepts(q, value) else (f"{op} of {ka} and {kb}", rec.step, value)
    return None


def _fits_all(siblings: list[tuple[Record, Quantity]], op: str, ka: str, kb: str) -> bool:
    for other, figure in siblings:
        a, b = as_number(other.fields.get(ka)), as_number(other.fields.get(kb))
        if a is None or b is None or (op in ("/", "share", "change") and not b):
            return False
        if not accepts(figure, exact(op, a, b)):
            return False
    return True
