"""Offsets the results give for their records, counted from a source date: a plan's ``plan_day: 15`` with
``window_minus: 2``, a quote's ``lead_weeks: 6``, a part's ``lead_time_wd: 12`` (working days).

A date the answer reckons from a source date and such an offset ("Check 1 (Day 15, ±2): target May 19, window
May 17 - May 21", from a start on May 5 as Day 1; "6 wk → 17 Feb" from an order on 6 Jan) is read off
the sources: the offset, the offset less one (a schedule that counts the first day as Day 1), either of those
moved by another whole number of days of the same record under 60 (its window); weeks as seven days; working
days skipping weekends, and the working day after (a public holiday on the way).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

from formaljudge.extract._numbers import as_number
from formaljudge.extract._sources import Sources

_WORKING = re.compile(r"(?:^|_)(?:wd|bd|working_?days?|business_?days?|workdays?)$", re.IGNORECASE)
_WEEKS = re.compile(r"(?:^|_)(?:weeks|wks)$|_(?:weeks?|wks?)$", re.IGNORECASE)
_DAYS = re.compile(r"day", re.IGNORECASE)
# "interval_years": 3, "term_months": 18, "warranty_yrs": 2: a period in calendar years or months
_CALENDAR = re.compile(r"(?:^|_|(?<=[a-z])(?=[A-Z]))(?P<u>years?|yrs?|months?|mos)$", re.IGNORECASE)
_MAX_OFFSET = 1500
_MAX_WINDOW = 60
_MAX_RECORDS = 60
_MAX_BASES = 60


def day_offsets(src: Sources) -> tuple[set[int], set[int]]:
    """(calendar days, working days) the records give as offsets, calendar days with their windows applied."""
    days: set[int] = set()
    working: set[int] = set()
    for rec in src.records[:_MAX_RECORDS]:
        ints = _ints(rec.fields)
        keys = [(k.rsplit(".", 1)[-1], int(x)) for k, x in ints if 0 < x <= _MAX_OFFSET]
        working |= {n for k, n in keys if _WORKING.search(k)}
        calendar = [n * 7 for k, n in keys if _WEEKS.search(k) and not _WORKING.search(k)]
        calendar += [n for k, n in keys if _DAYS.search(k) and not _WEEKS.search(k) and not _WORKING.search(k)]
        if not calendar:
            continue
        windows = [int(x) for k, x in ints if 0 < x <= _MAX_WINDOW and not _DAYS.search(k) and not _WEEKS.search(k)]
        for n in calendar:
            for base in (n, n - 1):
                days.add(base)
                days.update(base + sign * w for w in windows for sign in (1, -1))
    return days, working


def calendar_offsets(src: Sources) -> set[tuple[int, str]]:
    """The periods in whole years or months the records give (``interval_years: 3``), as (count, unit)."""
    out: set[tuple[int, str]] = set()
    for rec in src.records[:_MAX_RECORDS]:
        for k, x in _ints(rec.fields):
            m = _CALENDAR.search(k.rsplit(".", 1)[-1])
            if m is not None and 0 < x <= 100:
                out.add((int(x), "year" if m["u"].lower().startswith("y") else "month"))
    return out


def reckoned_dates(src: Sources, bases: list[date]) -> set[tuple[int, int, int]]:
    """Each source date moved by each offset of ``day_offsets``: forward or back by calendar days, forward by
    working days (and to the working day after)."""
    days, working = day_offsets(src)
    out: set[tuple[int, int, int]] = set()
    for d0 in bases[:_MAX_BASES]:
        for n in days:
            for sign in (1, -1):
                try:
                    moved = d0 + timedelta(days=sign * n)
                except OverflowError:
                    continue
                out.add((moved.year, moved.month, moved.day))
        for n in working:
            end = _add_working_days(d0, n)
            if end is None:
                continue
            after = _add_working_days(end, 1)
            out |= {(d.year, d.month, d.day) for d in (end, after) if d is not None}
    return out


def _add_working_days(d0: date, n: int) -> date | None:
    weeks, rest = divmod(n, 5)
    try:
        d = d0 + timedelta(weeks=weeks)
        while rest:
            d += timedelta(days=1)
            if d.weekday() < 5:
                rest -= 1
        while d.weekday() >= 5:  # counted from a weekend date: the next working day
            d += timedelta(days=1)
    except OverflowError:
        return None
    return d


def _ints(fields: dict[str, object]) -> list[tuple[str, Fraction]]:
    out = []
    for k, v in fields.items():
        x = as_number(v)
        if x is not None and x.denominator == 1:
            out.append((k, x))
    return out
