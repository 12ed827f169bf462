"""Highest and lowest: a figure the answer calls the maximum (or minimum) of a series must be that series' extreme.

"maximum temperature 8.6 °C", "peaked at 412", "the lowest reading was 3.1": the figure is looked up in the
columns of the results (one field over the records of one result). When a column holds it among three values
or more and is not topped (or undercut) by it in any such column, while one of those columns holds a larger
(smaller) value, the figure is contradicted by that value. A figure no column holds is read against the one
column whose values lie on both sides of it, if there is exactly one. The claim is read only when the words between the
extreme word and the figure are plain words: no figure, no clause break, nothing that narrows the series
("second highest", "excluding", "daily") or makes the figure a limit ("maximum allowed", "capacity").
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import Quantity, as_number, quantities
from formaljudge.extract._sources import Atom, Sources, fold

_CLAUSE = re.compile(r"[.;,!?\n\d()\[\]]")
_HIGH = re.compile(r"\b(?:max|maximum|highest|peak|peaked|peaking|largest|biggest|greatest)\b", re.IGNORECASE)
_LOW = re.compile(r"\b(?:min|minimum|lowest|smallest|trough|bottomed)\b", re.IGNORECASE)
_NARROWED = re.compile(
    r"\b(?:second|third|next|other|excluding|except|besides|apart|outside|among|average|mean|median|daily|"
    r"hourly|weekly|monthly|yearly|annual|per|allowed|allowable|permitted|limit|limits|capacity|threshold|"
    r"target|ceiling|cap|rated|dose|setpoint|spec|specification|before|after|since|until|between|during|"
    r"within|without|not|no|never|below|above|under|over|than|range|expected|forecast|projected|predicted)\b",
    re.IGNORECASE,
)
_MIN_VALUES = 3
_INDEX_WORD = re.compile(
    r"\b(?:week|wk|day|month|year|hour|quarter|shift|lot|batch|line|row|item|page|version|round|game|lap|"
    r"no|number|#)\.?\s*$",
    re.IGNORECASE,
)


_WORD_BEFORE = re.compile(r"[A-Za-z][\w-]{0,30}\s{1,3}$")
_WORD_AFTER = re.compile(r"^\s{0,3}[A-Za-z][\w-]{0,30}")


def _in_a_name(src: Sources, text: str, q: Quantity) -> bool:
    """The figure with the words on both sides of it stands as such in the sources (a product or place name)."""
    before = _WORD_BEFORE.search(text[max(0, q.start - 40) : q.start])
    after = _WORD_AFTER.match(text[q.end : q.end + 40])
    if before is None or after is None:
        return False
    phrase = fold(before.group(0) + q.text + after.group(0))
    return len(phrase) >= 8 and f" {phrase} " in f" {src.folded} "


def extreme_mismatch(src: Sources, text: str, q: Quantity, context: str) -> Finding | None:
    """A figure the answer calls a series' highest or lowest value that the series tops or undercuts."""
    head = text[max(0, q.start - 60) : q.start]
    clause = head[max((m.end() for m in _CLAUSE.finditer(head)), default=0) :]
    high, low = _HIGH.search(clause), _LOW.search(clause)
    if (high is None) == (low is None) or _NARROWED.search(clause):
        return None
    if _INDEX_WORD.search(clause) or text[q.end : q.end + 1] == "-":
        return None  # "Peak: week 36", "the highest 3-day mean": the figure names a period, it is not the value
    if _in_a_name(src, text, q):
        return None  # "the biggest line is Captopril 25 mg tabs": the figure is part of a name the sources hold
    parts = _parts_holding(src, q)
    if not parts:
        parts = _parts_around(src, q)
        if len(parts) != 1:
            return None
    pick = max if high is not None else min
    line = _line(text, q.start).lower()
    beyond: Atom | None = None
    for atoms in parts:
        extreme = pick(atoms, key=lambda a: a.value)
        subsets = _named_subsets(src, atoms, line)
        if q.contains(extreme.value) or any(q.contains(pick(sub)) for sub in subsets):
            return None
        if beyond is None or pick(beyond, extreme, key=lambda a: a.value) is extreme:
            beyond = extreme
    assert beyond is not None
    if any(x.contains(beyond.value) for x in quantities(text)):
        return None  # the answer states the larger value too: it hides nothing ("peak demand went 48.0 -> 71.5")
    word = "highest" if high is not None else "lowest"
    why = f"{q.text} is called the {word}, but the same column of the result holds {float(beyond.value):,g}"
    steps = (beyond.step,) if beyond.step is not None else ()
    return Finding("number", "contradicted", context, q.start, q.end, why, steps)


def _line(text: str, at: int) -> str:
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]


def _named_subsets(src: Sources, atoms: list[Atom], line: str) -> list[list[Fraction]]:
    """The column's values over the records that share a text field whose value the answer's line names (the
    partitions of "fulfillment" among every topic's partitions; the p95 rows among p50, p95 and p99)."""
    step = atoms[0].step
    key = atoms[0].label
    if step is None:
        return []
    recs = [r for r in src.records if r.step is step and as_number(r.fields.get(key)) is not None]
    out = []
    for field in dict.fromkeys(k for r in recs for k, v in r.fields.items() if isinstance(v, str) and len(v) >= 2):
        named = {str(r.fields[field]) for r in recs if isinstance(r.fields.get(field), str)}
        for value in named:
            if re.search(r"(?<!\w)" + re.escape(value.lower()) + r"(?!\w)", line):
                xs = [as_number(r.fields.get(key)) for r in recs if r.fields.get(field) == value]
                out.append([x for x in xs if x is not None])
    return [xs for xs in out if len(xs) >= 2]  # one record named is the figure's own, not a subset


def _parts(src: Sources) -> list[list[Atom]]:
    """Each column of one result with three values or more."""
    out = []
    for atoms in src.columns.values():
        by_step: dict[int, list[Atom]] = defaultdict(list)
        for a in atoms:
            by_step[a.step.index if a.step is not None else -1].append(a)
        out += [part for part in by_step.values() if len(part) >= _MIN_VALUES]
    return out


def _parts_holding(src: Sources, q: Quantity) -> list[list[Atom]]:
    return [part for part in _parts(src) if any(q.contains(a.value) for a in part)]


def _parts_around(src: Sources, q: Quantity) -> list[list[Atom]]:
    """Columns whose values lie on both sides of ``q``, which none of them holds: the one column such a figure
    can be the extreme of is read as the column it was taken from ("maximum reading 68.0" among 61.2 ... 70.4)."""
    return [
        part
        for part in _parts(src)
        if min(a.value for a in part) < q.value - q.tol and max(a.value for a in part) > q.value + q.tol
    ]
