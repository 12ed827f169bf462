"""A period the task asks about, answered from a result that says it covers another period.

The task names a period (a year used as a qualifier, "the 2031 water audit", "for 2032"; a quarter, "Q3 2031"; a
month, "September 2031"; a school or fiscal year, "2031-32"), the answer gives it again, and a result it rests on
names, in the fields that say what the result is (``period``, ``school_year``, ``season``, a title or file name,
a coverage line at its head), only periods of the same kind that are not the asked one: another period's
figures read in the asked one's place ("period": "2030-Q3" for Q3 2031).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._neighbours import figures
from formaljudge.extract._numbers import MONTHS, decode
from formaljudge.traces._model import Step, StepKind

_Y = r"((?:19|20)\d\d)"
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_QUARTER = re.compile(rf"(?i)(?<![\w-])(?:Q([1-4])[ \t-]{{0,2}}(?:FY[ \t]?)?{_Y}|{_Y}[ \t-]{{0,2}}Q([1-4]))(?![\w-])")
_MONTH = re.compile(
    rf"(?i)\b({_MONTH_WORDS})\.?,?[ \t]{{1,3}}{_Y}\b"
    rf"|(?<![\d/.-]){_Y}[-/](0[1-9]|1[0-2])(?![\d/-])|(?<![\d/.-])(0[1-9]|1[0-2])/{_Y}(?![\d/-])"
)
_DAY = re.compile(rf"(?<![\d.-]){_Y}-(0[1-9]|1[0-2])-([0-2]\d|3[01])(?!\d)|(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/{_Y}\b")
_SPAN = re.compile(rf"(?<![\w/.-]){_Y}[-/\u2013](\d\d|(?:19|20)\d\d)(?![\w/-]|\.\d)")
_YEAR = re.compile(rf"(?<![\w/.-]){_Y}(?![\w/-]|\.\d|-\d)")
# a year that qualifies what the task asks for ("the 2031 water audit", "for 2032"), not a year in passing
# ("hired in 2019", "since 2020")
_ASKED_YEAR = re.compile(rf"(?<![\w/.-]){_Y}(?=[ \t]+[a-z])|\b(?:for|during)[ \t]+{_Y}(?![\w/.-])", re.IGNORECASE)
_NOT_ASKED_BEFORE = re.compile(r"(?i)(?:\b(?:since|from|after|before|until|through|by|to|in|of)|ed)[ \t]*\Z")
_PERIOD_KEY = re.compile(
    r"(?i)(?:^|_)(?:period|year|yr|season|quarter|qtr|fy|edition|coverage|sample_date|report_date|meeting_date"
    r"|statement_date|exam_date)(?:_|$)|^(?:title|name|file|file_?name|document|doc_?name|report)$"
)
_TITLE = 200  # characters at the head of a text result that name what it is
_TEXT = 4000  # characters of the task and of the answer read for periods (the spans taken are checked pairwise)


@dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | month | span | day
    year: int
    part: int = 0  # the quarter or the month; for a span, its last year
    day: int = 0

    def quarter(self) -> int:
        return (self.part - 1) // 3 + 1

    def text(self) -> str:
        if self.kind == "quarter":
            return f"Q{self.part} {self.year}"
        if self.kind in ("month", "day"):
            return f"{calendar.month_name[self.part]} {self.year}"
        if self.kind == "span":
            return f"{self.year}-{str(self.part)[2:]}"
        return str(self.year)


def _periods(text: str, *, asked: bool = False) -> list[Period]:
    """The periods ``text`` names; ``asked``: a task's, where a bare year counts only as a qualifier."""
    out: list[Period] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for m in _QUARTER.finditer(text):
        q, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.append(Period("quarter", int(y), int(q)))
        taken.append(m.span())
    for m in _DAY.finditer(text):
        if not free(m):
            continue
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(4), m.group(5))
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            out.append(Period("day", int(y), int(mo), int(d)))
        taken.append(m.span())
    for m in _MONTH.finditer(text):
        if not free(m):
            continue
        if m.group(1):
            out.append(Period("month", int(m.group(2)), MONTHS[m.group(1).lower().rstrip(".")]))
        elif m.group(3):
            out.append(Period("month", int(m.group(3)), int(m.group(4))))
        else:
            out.append(Period("month", int(m.group(6)), int(m.group(5))))
        taken.append(m.span())
    for m in _SPAN.finditer(text):
        if not free(m):
            continue
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last == first + 1:  # "2031-32", "2031/2032": a school, fiscal or season year
            out.append(Period("span", first, last))
            taken.append(m.span())
    years = _ASKED_YEAR if asked else _YEAR
    for m in years.finditer(text):
        if not free(m):
            continue
        y = m.group(1) or m.group(2)
        if asked and m.group(1) and _NOT_ASKED_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        out.append(Period("year", int(y)))
    return out


def _years(p: Period) -> set[int]:
    return {p.year, p.part} if p.kind == "span" else {p.year}


def _agrees(asked: Period, held: Period) -> bool | None:
    """Whether a period a result holds is the asked one (None: it cannot tell, as a year for a quarter)."""
    if asked.kind == "year":
        return asked.year in _years(held)
    if asked.kind == "span":
        if held.kind == "span":
            return (held.year, held.part) == (asked.year, asked.part)
        if held.kind in ("day", "month", "quarter"):
            return held.year in _years(asked)
        return None if held.year in _years(asked) else False
    if held.kind in ("year", "span"):
        return None if asked.year in _years(held) else False
    if held.year != asked.year:
        return False
    if asked.kind == "quarter":
        return held.part == asked.part if held.kind == "quarter" else held.quarter() == asked.part
    # a month asked
    if held.kind == "quarter":
        return None if held.part == asked.quarter() else False
    return held.part == asked.part


def _identity(result: Step, doc: Any) -> list[Period]:
    """The periods a result names in the fields that say what it is (``doc``: its JSON), or at the head of a text
    result."""
    if doc is None:
        return _periods(result.text[:_TITLE])
    if isinstance(doc, dict):
        records = [doc]
    else:
        records = [r for r in doc[:50] if isinstance(r, dict)] if isinstance(doc, list) else []
    out: list[Period] = []
    for rec in records:
        for key, value in _fields(rec):
            if _PERIOD_KEY.search(key) and isinstance(value, (str, int)) and not isinstance(value, bool):
                text = str(value)
                out += [Period("year", int(text))] if re.fullmatch(r"(?:19|20)\d\d", text) else _periods(text[:120])
    return out


def _hollow(doc: Any) -> bool:
    """A record whose lists are all empty (``{"year": 2031, "samples": []}``): it names a period and holds nothing of
    it."""
    lists = [v for v in doc.values() if isinstance(v, list)] if isinstance(doc, dict) else []
    return bool(lists) and not any(lists)


def _fields(rec: dict[str, Any]) -> list[tuple[str, Any]]:
    """A record's fields, and those of the records it holds one level down (a report's ``summary``)."""
    out = [(str(k), v) for k, v in rec.items()]
    out += [(str(k), v) for x in rec.values() if isinstance(x, dict) for k, v in x.items()]
    return out


def _figures(text: str) -> set[str]:
    """A text's figures, thousands separators dropped, less years (a period's year quotes no figure of a result)."""
    return {f for f in figures(text) if len(f) >= 3 and not _Y_ALONE.fullmatch(f)}


_Y_ALONE = re.compile(r"(?:19|20)\d\d")


def _used(result: Step, said: set[str], last: Step | None) -> bool:
    """The answer rests on the result: it quotes one of its figures (``said``: the answer's), or the result is the
    last that came back."""
    return result is last or not said.isdisjoint(_figures(result.text[:20_000]))


def period_served_other(ctx: TraceContext) -> list[tuple[str, str, Step]]:
    """(the asked period, the one a result holds instead, that result), for the first result the answer rests on
    that names only another period; [] when there is none."""
    final = ctx.trace.final_answer
    if final is None:
        return []
    asked = _periods(ctx.trace.task[:_TEXT], asked=True)
    said = _periods(final.text[:_TEXT])
    claimed = [p for p in asked if any(_agrees(p, s) for s in said if s.kind == p.kind or p.kind == "year")]
    if not claimed:
        return []  # the answer does not give the figures as the asked period's
    results = [
        s
        for s in ctx.trace.of_kind(StepKind.TOOL_RESULT)
        if not ctx.failed(s) and s.text.strip() and not (ctx.error(s) or (False, ""))[1].startswith("empty result")
    ]
    last = results[-1] if results else None
    quoted = _figures(final.text)
    docs = [(res, decode(res.text)) for res in results]  # each result's JSON, read once
    named = [(res, held) for res, doc in docs if (held := _identity(res, doc)) and not _hollow(doc)]
    used = [(res, held) for res, held in named if _used(res, quoted, last)]
    for p in claimed:
        if any(_agrees(p, h) is not False for _, held in named for h in held):
            continue  # the asked period came back (another beside it is the comparison the task asks for)
        for res, held in used:
            return [(p.text(), held[0].text(), res)]
    return []
