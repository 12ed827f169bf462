"""A table's cell against its row and its column: rows are fields, columns are records (or the other way).

When an answer's Markdown table puts one record's values down a column (Jan
2023, Jan 2024) and one field's values along a row (kWh, Cost), every cell
names both: the column's record and the row's field. A cell whose figure is
not that record's value of that field, while other cells of its row hold that
field of their columns' records and other cells of its column hold fields of
that record, is contradicted by the sources ("Cost | $2,947.20 | $2,667.36"
where the 2024 bill's ``amount_usd`` is 2919.36). The orientation does not
matter: a row may be a record and a column a field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import Quantity, quantities
from formaljudge.extract._sources import Record, Sources

_PATH_INDEX = re.compile(r"\[\d+\]")
_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_MAX_CELLS = 400
# a row of totals or averages holds no record's value
_TOTAL = re.compile(r"\b(?:total|totals|sum|overall|all|average|avg|mean|median|combined|net|grand)\b", re.IGNORECASE)

_AVERAGE = re.compile(r"\b(?:average|avg|mean|median|net)\b", re.IGNORECASE)  # worked out across fields

Cell = tuple[int, int, int]  # (table row, column, figure within the cell)


def _tables(text: str, labels: dict[int, str] | None = None) -> list[dict[Cell, Quantity]]:
    """The figures of each Markdown table of ``text``, keyed by (row, column, index in the cell); ``labels``
    gets each row's label cell, lowercase, by the start of its first figure's table."""
    out: list[dict[Cell, Quantity]] = []
    current: dict[Cell, Quantity] | None = None
    pos, row, body = 0, 0, False
    header: list[str] = []
    for line in text.split("\n"):
        if line.lstrip().startswith("|"):
            if current is None:
                current, row, body, header = {}, 0, False, []
                out.append(current)
            if _RULE.match(line):
                body = True  # the rows above the rule are the header
            elif not body:
                header = line.split("|")
            elif not _TOTAL.search(line.split("|", 2)[1] if line.count("|") >= 2 else ""):
                at = pos
                cells = line.split("|")
                if labels is not None and len(cells) > 1:
                    labels[len(out) * 10_000 + row] = cells[1].strip(" *_").lower()
                for col, cell in enumerate(cells):
                    # cells[0] is before the first bar, cells[1] the row's label; a column of averages ("5-day
                    # avg", "Net due") holds no record's value (a "Total cost" column may be a field the records hold)
                    if col >= 2 and not (col < len(header) and _AVERAGE.search(header[col])):
                        for i, q in enumerate(quantities(cell, claims_only=True)):
                            moved = Quantity(**{**q.__dict__, "start": q.start + at, "end": q.end + at})
                            current[(row, col, i)] = moved
                    at += len(cell) + 1
                row += 1
        else:
            current = None
        pos += len(line) + 1
    return [t for t in out if 4 <= len(t) <= _MAX_CELLS]


def _shape(rec: Record) -> tuple[str | None, str]:
    return rec.step.tool, _PATH_INDEX.sub("[]", rec.path)


def grid_mismatches(src: Sources, text: str, checked: set[int]) -> list[Finding]:
    """Contradicted cells among the figures that start at ``checked`` (unsupported or reached by arithmetic)."""
    by_value: dict[Fraction, list[tuple[int, str]]] = defaultdict(list)
    for n, rec in enumerate(src.records):
        for k, v in rec.numbers():
            by_value[v].append((n, k))
    out: list[Finding] = []
    labels: dict[int, str] = {}
    for t, table in enumerate(_tables(text, labels), start=1):
        rows = {r: labels.get(t * 10_000 + r, "") for r, _, _ in table}
        hits: dict[Cell, list[tuple[int, str]]] = {}
        for cell, q in table.items():
            hits[cell] = [h for v, hs in by_value.items() if q.contains(v) for h in hs]
        # a figure that repeats another cell of its row or column (a "Good" of 12 beside "Units" 12, nothing
        # damaged) is no evidence of what its line holds
        repeated = _repeated(table, hits)
        hits = {c: ([] if c in repeated else h) for c, h in hits.items()}
        for cell, q in table.items():
            if q.start not in checked:
                continue
            found = _expected(src, table, hits, cell) or _across_results(src, table, hits, cell, rows)
            if found is None:
                continue
            rec, key, value = found
            if not q.contains(value):
                why = f"{q.text}: its column and row name {key} of a record that holds {rec.fields[key]}"
                out.append(Finding("number", "contradicted", q.text, q.start, q.end, why, (rec.step,)))
    return out


def _repeated(table: dict[Cell, Quantity], hits: dict[Cell, list[tuple[int, str]]]) -> set[Cell]:
    """The cells whose one record value is also another cell's of the same row or column."""
    seen: dict[tuple[object, tuple[int, str]], list[Cell]] = defaultdict(list)
    for c in table:
        if len(set(hits[c])) == 1:
            seen[("row", c[0]), hits[c][0]].append(c)
            seen[("col", c[1:]), hits[c][0]].append(c)
    return {c for cells in seen.values() if len(cells) > 1 for c in cells[1:]}


def _agreed(cells: list[Cell], hits: dict[Cell, list[tuple[int, str]]], part: int) -> object | None:
    """What the cells agree on (part 0: the record, 1: the field): every cell whose figure is one record's
    value says the same, and those are at least half of the cells; else None (a column of figures worked
    out, "Good" = units less damaged, where one happens to equal some record's value, names no field)."""
    said = [hits[c][0][part] for c in cells if len(set(hits[c])) == 1]
    if not said or len(set(said)) != 1 or 2 * len(said) < len(cells):
        return None
    return said[0]


def _consistent(table: dict[Cell, Quantity], hits: dict[Cell, list[tuple[int, str]]], line_is_record: bool) -> bool:
    """Do the cells whose figure is one record's value fit the orientation: each line (row of the table) one
    record and each column one field, or each line one field and each column one record?"""
    records: dict[object, set[int]] = defaultdict(set)
    fields: dict[object, set[str]] = defaultdict(set)
    for (row, col, i), found in hits.items():
        if len(set(found)) != 1:
            continue
        n, k = found[0]
        line, column = row, (col, i)
        records[line if line_is_record else column].add(n)
        fields[column if line_is_record else line].add(k)
    return bool(records) and all(len(v) == 1 for v in records.values()) and all(len(v) == 1 for v in fields.values())


def _expected(
    src: Sources, table: dict[Cell, Quantity], hits: dict[Cell, list[tuple[int, str]]], cell: Cell
) -> tuple[Record, str, Fraction] | None:
    """The record and field that ``cell``'s line and column agree on, with its value; None when they do not
    agree on one (in either orientation)."""
    row, col, i = cell
    for line_is_record in (False, True):
        if not _consistent(table, hits, line_is_record):
            continue
        # the cells that share the record with this one, and those that share the field; a cell of a line
        # across whose figures are all worked out ("Change", "Good") holds no record's value: not counted
        held_rows = {c[0] for c in table if hits[c]}
        held_columns = {c[1:] for c in table if hits[c]}
        by_column = [c for c in table if c != cell and c[1:] == (col, i) and c[0] in held_rows]
        by_row = [c for c in table if c != cell and c[0] == row and c[1:] in held_columns]
        same_record, same_field = (by_row, by_column) if line_is_record else (by_column, by_row)
        best = _agreed(same_record, hits, 0)
        if not isinstance(best, int):
            continue
        rec = src.records[best]
        siblings = [
            c for c in same_field if all(_shape(src.records[n]) == _shape(rec) and n != best for n, _ in hits[c])
        ]
        key = _agreed(siblings, hits, 1)
        if not isinstance(key, str):
            continue
        value = dict(rec.numbers()).get(key)
        if value is not None:
            return rec, key, value
    return None


def _across_results(
    src: Sources,
    table: dict[Cell, Quantity],
    hits: dict[Cell, list[tuple[int, str]]],
    cell: Cell,
    labels: dict[int, str],
) -> tuple[Record, str, Fraction] | None:
    """The same items read from two results (Sep and Oct bills): each column one result, each row one item (named
    by its label) and one field. The cell's value is the field of the record of its column's result that its
    row's label names."""
    steps: dict[tuple[int, int], set[tuple[int, str]]] = defaultdict(set)
    fields: dict[int, set[str]] = defaultdict(set)
    for (row, col, i), found in hits.items():
        if len(set(found)) == 1:
            n, k = found[0]
            steps[(col, i)].add(_result(src.records[n]))
            fields[row].add(k)
            if labels.get(row, "") not in _names_of(src.records[n]):
                return None  # a cell whose record its row's label does not name: another layout
    if len(steps) < 2 or any(len(v) != 1 for v in steps.values()) or any(len(v) != 1 for v in fields.values()):
        return None
    if len({r for v in steps.values() for r in v}) < len(steps):
        return None  # two columns from one result: fields side by side in a row per record, not results compared
    row, col, i = cell
    if (col, i) not in steps or row not in fields:
        return None
    (step,), (key,) = steps[(col, i)], fields[row]
    label = labels.get(row, "")
    own = [r for r in src.records if _result(r) == step and label and label in _names_of(r)]
    if len(own) != 1:
        return None
    value = dict(own[0].numbers()).get(key)
    return (own[0], key, value) if value is not None else None


def _result(rec: Record) -> tuple[int, str]:
    """The listing a record is an item of: its step and its path without the item's index."""
    return rec.step.index, rec.path.rsplit("[", 1)[0]


def _names_of(rec: Record) -> set[str]:
    return {v.strip().lower() for v in rec.fields.values() if isinstance(v, str) and len(v.strip()) >= 2}
