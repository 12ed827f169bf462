"""Gaps in a plain-text listing that has no header row: one item per line, one of which holds nothing.

A tool that prints a list ("unit  VIN  plate  expiry", one line per unit, no header) may leave one item's
cell as a database's empty value (``<null>``, ``NULL``), or say on the item's line that there is no
record of it (``U-7  -- no record --``). Where the other lines give their values, that item is missing from
what the result gives: the same gap a JSON list shows with a ``null``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MAX_LINES = 200
# a cell that holds no value: a database's empty value printed as text, or a dash left on purpose
_EMPTY_CELL = re.compile(r"(?i)^(?:<null>|\(null\)|null|<na>|nan)$")  # not "N/A" or "--": "not applicable" is data
# the line of an item that says the result has no record of it: "U-7  -- no record --", "PO-18: not found"
_NO_RECORD = re.compile(
    r"(?i)^[ \t]{0,8}(?P<item>[^\s:|]{2,40})[ \t]{0,8}[:|]?[ \t]{0,8}(?:-{1,3}[ \t]{0,3}|\(|\[)?"
    r"(?:no (?:record|data|result|reading|entry|match|value)s?(?: (?:found|on file|returned))?"
    r"|not found|none on file)\b"
)
_SPLIT = re.compile(r"[ \t]{0,8}\|[ \t]{0,8}|\t|[ \t]{2,}")


@dataclass(frozen=True)
class TextGap:
    line: int  # the line's number in the result, from 0
    item: str  # the line's first cell: what the gap is about
    why: str
    context: str  # the line itself


def text_gaps(text: str) -> list[TextGap]:
    """Items of a header-less listing that the result gives no value for (see the module's docstring)."""
    lines = [(i, ln) for i, ln in enumerate(text.splitlines()[:_MAX_LINES]) if ln.strip()]
    if len(lines) < 3:
        return []
    out: list[TextGap] = []
    said = [(i, ln, _NO_RECORD.match(ln)) for i, ln in lines]
    if sum(m is None for _, _, m in said) >= 2:
        for i, ln, m in said:
            if m is not None:
                out.append(TextGap(i, m.group("item"), f"{m.group('item')}: the result has no record of it", ln))
    out += _empty_cells(lines)
    return out


def _empty_cells(lines: list[tuple[int, str]]) -> list[TextGap]:
    """A column that most lines fill and one or more leave as an empty value, in lines split into the same
    number of cells (by pipes, tabs or runs of spaces)."""
    rows = [(i, ln, [c.strip() for c in _SPLIT.split(ln.strip().strip("|"))]) for i, ln in lines]
    width = Counter(len(c) for _, _, c in rows).most_common(1)[0][0]  # the commonest count (the first, on a tie)
    table = [(i, ln, c) for i, ln, c in rows if len(c) == width]
    if width < 3 or len(table) < 3:
        return []
    out: list[TextGap] = []
    for col in range(1, width):
        empty = [(i, ln, c) for i, ln, c in table if _EMPTY_CELL.match(c[col])]
        if empty and len(table) - len(empty) >= max(2, len(empty)):
            i, ln, c = empty[0]
            out.append(
                TextGap(i, c[0], f"{c[0]}: cell {col + 1} is empty ({c[col]}) where the other lines fill it", ln)
            )
    return out
