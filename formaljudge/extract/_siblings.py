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


def _block_of(lines: list[tuple[int, str]], start: int) -> list[tuple[int, str]]:
    """The run of non-blank lines that holds the line at ``start``."""
    i = next(k for k, (s, _) in enumerate(lines) if s == start)
    lo, hi = i, i
    while lo > 0 and lines[lo - 1][1].strip():
        lo -= 1
    while hi + 1 < len(lines) and lines[hi + 1][1].strip():
        hi += 1
    return lines[lo : hi + 1]


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _same_kind(line: str, percent: bool) -> list[Quantity]:
    return [x for x in quantities(line, claims_only=True) if x.percent == percent and not x.points]


Unit = tuple[Record, ...]  # one record, or the same record's two readings (two periods, two calls)


def _unit(line: str, records: list[Record]) -> Unit | None:
    """What a line is about: the one record it names, or two records of one shape from two results (the same
    item of two calls, "Sablefish: 188,300 lb (+14.7% vs 2023)"), earlier first; else None."""
    named = [r for r in records if _names(line, _labels(r))]
    if len(named) == 1:
        return (named[0],)
    if len(named) == 2 and _shape(named[0]) == _shape(named[1]) and named[0].step is not named[1].step:
        a, b = sorted(named, key=lambda r: r.step.index)
        return (a, b)
    return None


def _kind(unit: Unit) -> tuple[tuple[str | None, str], ...]:
    return tuple(_shape(r) for r in unit)


Formula = tuple[str, str, str, bool]  # op, first field, second field, pair reversed


Totals = dict[tuple[tuple[str | None, str], str], Fraction]  # (record shape, field) -> the column's sum
_TOTAL = "total of "


def _totals(records: list[Record]) -> Totals:
    out: Totals = {}
    for r in records:
        for k, v in r.numbers()[:_FIELDS]:
            out[(_shape(r), k)] = out.get((_shape(r), k), Fraction(0)) + v
    return out


def _formulas(unit: Unit, totals: Totals) -> list[tuple[Formula, Fraction, Fraction]]:
    """Each formula a line about ``unit`` may carry, with its two operands for this unit: two fields of the
    record, a field's share of its column's total ("4,812 min (42.8%)"), or a field in two readings."""
    if len(unit) == 1:
        nums = unit[0].numbers()[:_FIELDS]
        out = [((op, ka, kb, False), a, b) for (ka, a), (kb, b) in itertools.permutations(nums, 2) for op in _OPS]
        for k, a in nums:
            total = totals.get((_shape(unit[0]), k))
            if total:
                out.append((("share", k, _TOTAL + k, False), a, total))
        # three or more fields of one unit ("base_usd", "baf_usd", "thc_usd"): their sum, an all-in figure
        by_unit: dict[str, list[tuple[str, Fraction]]] = {}
        for k, x in nums:
            if "_" in k:
                by_unit.setdefault(k.rsplit("_", 1)[-1].lower(), []).append((k, x))
        for parts in by_unit.values():
            if len(parts) >= 3:
                head, (last, b) = parts[:-1], parts[-1]
                out.append(
                    (("+", "+".join(k for k, _ in head), last, False), sum((x for _, x in head), Fraction(0)), b)
                )
        return out
    early, late = (dict(r.numbers()[:_FIELDS]) for r in unit)
    out = []
    for key in (k for k in late if k in early):
        for op in _OPS:
            out.append(((op, key, key, False), late[key], early[key]))
            out.append(((op, key, key, True), early[key], late[key]))
    return out


_OPS = _PERCENT_OPS + _AMOUNT_OPS


def _operands(unit: Unit, formula: Formula, totals: Totals) -> tuple[Fraction, Fraction] | None:
    _, ka, kb, reverse = formula
    if len(unit) == 1 and kb.startswith(_TOTAL):
        a, b = as_number(unit[0].fields.get(ka)), totals.get((_shape(unit[0]), ka))
    elif len(unit) == 1 and "+" in ka:  # the sum of several fields, then one more
        xs = [as_number(unit[0].fields.get(k)) for k in ka.split("+")]
        a = None if any(x is None for x in xs) else sum((x for x in xs if x is not None), Fraction(0))
        b = as_number(unit[0].fields.get(kb))
    elif len(unit) == 1:
        a, b = as_number(unit[0].fields.get(ka)), as_number(unit[0].fields.get(kb))
    else:
        early, late = unit
        a, b = as_number(late.fields.get(ka)), as_number(early.fields.get(kb))
        if reverse:
            a, b = b, a
    return None if a is None or b is None else (a, b)


def sibling_formula(src: Sources, text: str, q: Quantity, *, block: bool = False) -> tuple[str, Step, Fraction] | None:
    """For a figure on a line about one record, what the formula that gives its siblings' lines gives for
    this record, when that is another value (a description, the record's step, the value); else None.
    ``block``: the siblings only among the lines of the figure's own block (no blank line between): a list or
    a table, not a remark elsewhere that names the record."""
    lines = _lines(text)
    if len(src.records) > _MAX_RECORDS or len(lines) > _MAX_LINES:
        return None
    start, line = next((s, ln) for s, ln in reversed(lines) if s <= q.start)
    if block:
        lines = _block_of(lines, start)
    unit = _unit(line, src.records)
    if unit is None:
        return None
    mine = _same_kind(line, q.percent)
    index = next((i for i, x in enumerate(mine) if x.start + start == q.start), None)
    if index is None:
        return None
    per_unit: dict[tuple[int, ...], tuple[Unit, list[str]]] = {}
    for s, ln in lines:
        if s == start:
            continue
        other = _unit(ln, src.records)
        if other is not None and _kind(other) == _kind(unit) and not set(map(id, other)) & set(map(id, unit)):
            per_unit.setdefault(tuple(map(id, other)), (other, []))[1].append(ln)
    siblings: list[tuple[Unit, Quantity]] = []
    for other, about in per_unit.values():
        if len(about) != 1:
            continue
        figures = _same_kind(about[0], q.percent)
        if len(figures) == len(mine):
            siblings.append((other, figures[index]))
    if len(siblings) < _MIN_SIBLINGS and not (siblings and _precise(siblings[0][1])):
        return None  # one sibling decides only when its figure is too precise to fit a formula by chance
    fits: list[tuple[str, Fraction]] = []
    totals = _totals(src.records)
    kept: list[Formula] = []
    for formula, a, b in _formulas(unit, totals):
        op = formula[0]
        if (op in _PERCENT_OPS) != q.percent or not _fits_all(siblings, formula, totals):
            continue
        if op in ("/", "share", "change") and not b:
            return None
        how = (
            f"{op} of {formula[1]} and {formula[2]}"
            if len(unit) == 1
            else f"{op} of {formula[1]} between the two results"
        )
        fits.append((how, exact(op, a, b)))
        kept.append(formula)
        if len(siblings) >= _MIN_SIBLINGS:
            break
    if not fits and len(unit) == 1 and not q.percent:
        fits = _scaled(unit[0], siblings)
    if not fits or len({v for _, v in fits}) > 1:
        return None  # no formula, or (one sibling) several that part ways here
    how, value = fits[0]
    if accepts(q, value) or (kept and _fits_another(src.records, unit, kept[0], q, totals)):
        return None
    return (how, unit[-1].step, value)


def _fits_another(records: list[Record], unit: Unit, formula: Formula, q: Quantity, totals: Totals) -> bool:
    """The formula gives ``q`` for another record of the unit's kind: the line may be about that one too
    ("Claims has the most (37) and HR the highest share (12.2%)", with HR's name too short to read)."""
    if len(unit) != 1:
        return False
    for r in records[:_MAX_RECORDS]:
        if r is unit[0] or _shape(r) != _shape(unit[0]):
            continue
        pair = _operands((r,), formula, totals)
        divides = formula[0] in ("/", "share", "change")
        if pair is not None and (pair[1] or not divides) and accepts(q, exact(formula[0], *pair)):
            return True
    return False


def _scaled(rec: Record, siblings: list[tuple[Unit, Quantity]]) -> list[tuple[str, Fraction]]:
    """One field times one factor that gives every sibling line holding that field (at least two): a recipe
    scaled from 4 to 6 servings, prices in another currency. The factor is a simple fraction read off a
    sibling; each field that fits gives this record's value."""
    out = []
    for key, mine in rec.numbers()[:_FIELDS]:
        pairs = []
        for other, figure in siblings:
            if len(other) == 1:
                value = as_number(other[0].fields.get(key))
                if value:
                    pairs.append((value, figure))
        if len(pairs) < _MIN_SIBLINGS:
            continue
        factors = {(x.value / v).limit_denominator(20) for v, x in pairs}
        for k in factors:
            if k > 0 and all(accepts(x, v * k) for v, x in pairs):
                out.append((f"{key} times {k}, as on every other line", mine * k))
                break
    return out


def _precise(x: Quantity) -> bool:
    """Three significant digits or more ("4.02%", "18,412"): a formula that gives it is unlikely by chance."""
    return len(re.sub(r"\D", "", x.text).lstrip("0")) >= 3


def _fits_all(siblings: list[tuple[Unit, Quantity]], formula: Formula, totals: Totals) -> bool:
    op = formula[0]
    for other, figure in siblings:
        pair = _operands(other, formula, totals)
        if pair is None or (op in ("/", "share", "change") and not pair[1]):
            return False
        if not accepts(figure, exact(op, *pair)):
            return False
    return True
