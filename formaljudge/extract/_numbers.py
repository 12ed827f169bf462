"""Numbers, dates and times as they are written, read into exact values.

Used on both sides of a claim check: what the final answer states and what
the sources hold. A number keeps the precision it was written with (``1.2 M``
means 1,150,000 to 1,250,000; ``1,860`` means 1,855 to 1,865, trailing zeros
being read as rounding), its sign when one was written, and whether it is a
percentage ("about" adds nothing: a writer rounds to the digits written). Identifiers (``INV-7781``, ``UA 1432``,
``v2.18``), phone numbers, times and dates are not numbers here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

_SCALE = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mm": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
}
NUMBER = re.compile(
    r"(?<![\w./#:-])(?<!\w@)(?<!\d,)(?:(?P<sign>[+\u2212-])(?=[$€£¥\d]))?(?P<cur>[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>\s?(?:%|percent\b|percentage points?\b|pp\b|pts?\b|points?\b|k\b|thousand\b|mm?\b|mn\b|million\b|"
    r"bn?\b|billion\b)|-(?:percentage-)?points?\b)?"  # "a 1.69-point margin"
    r"(?!\w|/\d|[.,:]\d|-\d|\.\w)",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"(?:\b(?:about|around|approximately|approx\.?|roughly|nearly|almost|some|close to|just (?:over|under)|"
    r"an estimated|estimated|circa|ca\.)|~|≈)\s*[$€£¥]?\s*$",
    re.IGNORECASE,
)
# "UA 1432", "#482", "No. 1", "section 7.3", "§ 4", "Table 2": a code or a reference, not a quantity
_CODE_BEFORE = re.compile(
    r"(?:\b[A-Z]{2,5}|#|\bNo\.|\bno\.|\u00a7|\b(?i:sections?|sec\.|clauses?|articles?|chapters?|paragraphs?|"
    r"appendix|annex|exhibit|schedule|tables?|figures?|fig\.|steps?|items?|rules?|parts?|pages?|pp?\.|"
    r"rev\.?|revision))\s?$"
)
# ISO 4217 codes of the currencies most often quoted: "USD 1,200" and "1,200 EUR" are amounts, not codes
_CURRENCY_CODES = (
    "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|RMB|HKD|SGD|INR|KRW|SEK|NOK|DKK|PLN|CZK|HUF|MXN|BRL|ARS|CLP|COP|ZAR|"
    "TRY|ILS|AED|SAR|THB|MYR|IDR|PHP|VND|TWD|RUB|UAH|NGN|KES|EGP"
)
_CURRENCY_BEFORE = re.compile(rf"\b(?:{_CURRENCY_CODES})\s?$")
_CURRENCY_AFTER = re.compile(rf"\s?(?:{_CURRENCY_CODES})\b")
# durations written in parts ("1h 05m", "11m 02s", "2h 3m 10s"): not read as figures ("11m" is not 11 million)
PART_DURATION = re.compile(
    r"(?<![\w.])\d{1,4}\s?h(?:rs?)?\s?\d{1,2}\s?m(?:in)?(?:\s?\d{1,2}\s?s)?(?![\w])"
    r"|(?<![\w.])\d{1,2}h[0-5]\d(?![\w])"  # "2h48": hours and minutes, as timetables write them
    r"|(?<![\w.])\d{1,4}\s?m(?:in)?\s?\d{1,2}(?:\.\d+)?\s?s(?![\w])"
)
_HOURS_MINUTES = re.compile(r"(\d{1,2})h([0-5]\d)")
_DURATION_PART = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(h|m|s)", re.IGNORECASE)
_CLOCK_SECONDS = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2}):(\d{2})(?![\d:])")


def duration_seconds(text: str) -> Fraction:
    """``1h 05m`` -> 3900, ``13m00s`` -> 780 (a ``PART_DURATION`` match)."""
    unit = {"h": 3600, "m": 60, "s": 1}
    bare = _HOURS_MINUTES.fullmatch(text.strip())
    if bare:  # "2h48"
        return Fraction(int(bare.group(1)) * 3600 + int(bare.group(2)) * 60)
    return sum((Fraction(n) * unit[u.lower()] for n, u in _DURATION_PART.findall(text)), Fraction(0))


def durations_in(text: str) -> list[Fraction]:
    """The durations a text writes, in seconds: in parts (``14m44s``) and on a clock with seconds (``01:24:26``,
    read both as a time of day and as a span)."""
    out = [duration_seconds(m.group(0)) for m in PART_DURATION.finditer(text)]
    return out + [Fraction(int(h) * 3600 + int(m) * 60 + int(s)) for h, m, s in _CLOCK_SECONDS.findall(text)]


# phone numbers with a country code or an area code in parentheses: "+1 415 555 0199", "(415) 555-0199"
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?"
    r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{4})(?!\w)"
)
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]\s+|\d+(?:\.\d+)+\s+(?=[A-Z])|[-*•]\s+)")  # "1.", "2)", "2.1 Terms"
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
MONTHS = _MONTHS  # month names and abbreviations ("sept", "october") to their numbers
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?,?[ \t]+)?"
_DATES = (
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    # "July 14.62 kgal" is a month's figure, not a date: no decimals after the day; "4 Nov 12:00" is a time after it
    re.compile(
        r"\b" + _WEEKDAY + _MONTH + r"[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<y>\d{4}))?\b(?![.,:]\d)", re.I
    ),
    re.compile(
        r"(?<![\d.,$])\b"
        + _WEEKDAY
        + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:[ \t]+(?:of[ \t]+)?|-)"  # "15 Oct", "15th of October", "15-Oct-2031"
        + _MONTH
        + r"(?:(?:,?[ \t]+|-)(?P<y>\d{4}))?\b",
        re.I,
    ),
    re.compile(r"(?<![\w-])(?P<m>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4})\b"),  # 6/14/2024, 06-14-2024
)
_LOOSE_DATE = re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])")  # "on 10/14", read in sources only
_UNDERSCORE_DATE = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})_(?P<m>\d{2})_(?P<d>\d{2})(?!\d)")  # "2023_06_30_bf"
# a day range after a month ("Sept 7-8", "Oct 21 to 27", "Feb 10-13"): the end day
_DAY_RANGE_HEAD = re.compile(r"(?<![\d.,/:$])(?P<d>\d{1,2})\s*(?:-|\u2013|to|through|thru)\s*$", re.I)  # "14-17 Oct"
# more days of the month after a date, as a list that closes with "and": ", 10, 17 and 24"
# (not a count: "Nov 3, 5 and 12 units", "Nov 3, 12 of them failed": a word other than a verb after the last number)
_NOT_A_DAY_AFTER = r"(?![\d:/%]|\.\d|[ \t]*(?:%|am|pm)|[ \t]+(?!(?:and|or|were|was|are|is|at|in|on|for|to)\b)[a-z])"
_DAY_LIST = re.compile(
    rf"(?:,[ \t]{{0,2}}\d{{1,2}}(?![\d:/%]|\.\d)){{0,6}},?[ \t]{{1,2}}(?:and|&)[ \t]{{1,2}}\d{{1,2}}{_NOT_A_DAY_AFTER}",
    re.I,
)
_LOOSE_DAY_LIST = re.compile(
    rf"(?:,[ \t]{{0,2}}\d{{1,2}}(?![\d:/%]|\.\d)){{1,6}}(?:,?[ \t]{{1,2}}(?:and|&)[ \t]{{1,2}}\d{{1,2}})?"
    rf"{_NOT_A_DAY_AFTER}",
    re.I,
)
_DAY_RANGE = re.compile(r"^\s*(?:-|\u2013|to|through|thru)\s*(?P<d>\d{1,2})\b(?![:/]|\s*(?:%|am|pm))", re.I)
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2})?\s*(?P<ap>[ap]\.?m\.?)(?![a-z])"
    r"|(?<![\d:])(?P<h24>\d{1,2}):(?P<m24>\d{2})(?P<s24>:\d{2}(?:\.\d+)?)?(?![\d:])"
    r"|\b(?P<word>noon|midnight)\b",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number as written: its exact value, how precisely it was written, and where."""

    value: Fraction
    tol: Fraction
    percent: bool
    signed: bool
    approx: bool
    start: int
    end: int
    text: str
    currency: bool = False
    points: bool = False  # "percentage points"

    def contains(self, x: Fraction) -> bool:
        return abs(x - self.value) <= self.tol

    def near(self, x: float) -> bool:
        """The float test that picks candidates; ``contains`` decides exactly."""
        return abs(x - float(self.value)) <= float(self.tol) * 1.000001 + 1e-12


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int
    day: int
    start: int
    end: int
    text: str
    through: int | None = None  # "Oct 14-17", "14-17 October": the range's last day, on its first day's mention

    def as_date(self) -> date | None:
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class TimeMention:
    hour: int
    minute: int
    start: int
    end: int
    text: str
    ambiguous: bool = False  # "1:30" with no am/pm may be 13:30
    seconds: bool = False  # written with seconds

    def readings(self) -> list[tuple[int, int]]:
        if self.ambiguous and 1 <= self.hour <= 11:
            return [(self.hour, self.minute), (self.hour + 12, self.minute)]
        return [(self.hour, self.minute)]


MAX_DIGITS = 30  # longer digit runs are read as codes, not quantities


def exact(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def _tolerance(written: str, scale: int) -> Fraction:
    digits = written.replace(",", "")
    if "." in digits:
        tol = Fraction(1, 2 * 10 ** len(digits.split(".")[1])) * scale
    else:
        trailing = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        # "1,860" may be rounded to tens; a bare "10" or "500" keeps its last digit
        zeros = trailing if len(digits) - trailing >= 2 else 0
        tol = Fraction(10**zeros, 2) * scale
    return tol


@functools.lru_cache(maxsize=16)  # the same answer is read for figures by several checks
def _masked(text: str) -> str:
    """``text`` with dates and times blanked out, so that their digits are not read as numbers."""
    chars = list(text)
    for d in date_mentions(text):
        chars[d.start : d.end] = " " * (d.end - d.start)
    for t in time_mentions(text):
        chars[t.start : t.end] = " " * (t.end - t.start)
    for span in PART_DURATION.finditer(text):
        chars[span.start() : span.end()] = " " * (span.end() - span.start())
    for p in _PHONE.finditer(text):
        chars[p.start() : p.end()] = " " * (p.end() - p.start())
    return "".join(chars)


def quantities(text: str, *, claims_only: bool = False) -> list[Quantity]:
    """Numbers in ``text``. With ``claims_only``, leave out list markers and numbers that belong to a code
    (``UA 1432``, ``#482``, ``No. 1``)."""
    masked = _masked(text)
    out: list[Quantity] = []
    for m in NUMBER.finditer(masked):
        digits = m.group("num")
        if len(digits) > MAX_DIGITS:  # a code or an id, not a quantity (and huge Fractions cost quadratic time)
            continue
        suf = (m.group("suf") or "").strip().lower().lstrip("-").replace("-", " ")
        points = suf.startswith(("percentage point", "pt", "point")) or suf == "pp"
        percent = suf in ("%", "percent") or points
        written = (m.group("suf") or "").strip()
        # "23.4 mm" is millimetres; only "MM" (or "mm" after a currency sign) is the finance million
        scale = 1 if written == "mm" and not m.group("cur") else _SCALE.get(suf, 1)
        before = masked[max(0, m.start() - 24) : m.start()]
        if claims_only:
            # a list marker: only spaces since the line began (looked for within 200 characters: linear)
            lo = max(0, m.start() - 200)
            nl = masked.rfind("\n", lo, m.start())
            line_start = nl + 1 if nl >= 0 else (0 if lo == 0 else -1)
            if (
                line_start >= 0
                and not masked[line_start : m.start()].strip()
                and _LIST_MARKER.match(masked[line_start : m.end() + 2])
            ):
                continue
            if (
                not m.group("cur")
                and not m.group("sign")
                and _CODE_BEFORE.search(before)
                and not _CURRENCY_BEFORE.search(before)
            ):
                continue
        value = exact(digits) * scale
        sign = m.group("sign")
        if sign and sign != "+":
            value = -value
        approx = bool(_APPROX.search(before))
        out.append(
            Quantity(
                value=value,
                tol=_tolerance(digits, scale),
                percent=percent,
                signed=sign is not None,
                approx=approx,
                start=m.start() + len(m.group(0)) - len(m.group(0).lstrip()),  # where its text starts
                end=m.end(),
                text=m.group(0).strip(),
                currency=m.group("cur") is not None
                or bool(_CURRENCY_BEFORE.search(before))
                or bool(_CURRENCY_AFTER.match(masked, m.end())),
                points=points,
            )
        )
    return out


def references(text: str) -> set[str]:
    """Dotted numbers the text writes after a reference word ("section 7.3", "§ 4.2"): elsewhere in the same
    text the bare "7.3" is that reference again, not a quantity."""
    masked = _masked(text)
    out = set()
    for m in NUMBER.finditer(masked):
        if (
            "." in m.group("num")
            and not m.group("cur")
            and _CODE_BEFORE.search(masked[max(0, m.start() - 24) : m.start()])
            and not _CURRENCY_BEFORE.search(masked[max(0, m.start() - 8) : m.start()])  # "GBP 2,400.00" is money
        ):
            out.add(m.group("num"))
    return out


def date_mentions(text: str, *, loose: bool = False) -> list[DateMention]:
    return list(_date_mentions(text, loose))


@functools.lru_cache(maxsize=16)
def _date_mentions(text: str, loose: bool) -> tuple[DateMention, ...]:
    """Dates in ``text``; ``loose`` also reads a bare ``10/14`` (in sources, where a fraction is unlikely)."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rx in (*_DATES, _LOOSE_DATE, _UNDERSCORE_DATE) if loose else _DATES:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            if g.get("mon") == "may" and not g.get("y"):
                continue  # "rev 4 may change": the verb; the month is written with a capital or a year
            month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
            day = int(g["d"])
            year = int(g["y"]) if g.get("y") else None
            if rx is _DATES[0] and loose and month > 12 and 1 <= day <= 12:
                month, day = day, month  # "2024-13-02" in a source: year, day, month is the one valid reading
            elif rx is _DATES[3] and month > 12 and 1 <= day <= 12:
                month, day = day, month  # "31/12/2024": day first, as most of the world writes it
            elif rx is _DATES[3] and loose and day <= 12 and month != day:  # "03/04/2024" in a source: both
                out.append(DateMention(year, day, month, m.start(), m.start(), m.group(0)))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            days_after = _LOOSE_DAY_LIST if loose else _DAY_LIST  # a source's list may close without "and"
            listed = days_after.match(text, m.end()) if rx is _DATES[1] and year is None else None
            if listed is not None:  # "Mar 3, 10, 17 and 24": the days after the first are of the same month
                days = [int(d) for d in re.findall(r"\d+", listed.group(0))]
                if all(a < b for a, b in zip([day, *days], days, strict=False)) and days[-1] <= 31:
                    for d in re.finditer(r"\d+", listed.group(0)):
                        a, b = m.end() + d.start(), m.end() + d.end()
                        out.append(DateMention(None, month, int(d.group(0)), a, b, text[a:b]))
                    taken.append((m.end(), listed.end()))
            tail = _DAY_RANGE.match(text[m.end() :]) if rx is _DATES[1] and year is None else None
            head = _DAY_RANGE_HEAD.search(text, max(0, m.start() - 12), m.start()) if rx is _DATES[2] else None
            if tail and day < int(tail.group("d")) <= 31:  # "Oct 21 to 27": the end day after the month's
                a, b = m.end() + tail.start("d"), m.end() + tail.end("d")
                out.append(DateMention(year, month, day, m.start(), m.end(), m.group(0), int(tail.group("d"))))
                out.append(DateMention(None, month, int(tail.group("d")), a, b, text[a:b]))
                taken += [(m.start(), m.end()), (m.end(), b)]
                continue
            if head and 1 <= int(head.group("d")) < day:  # "14-17 October": the first day before the month's
                a, b = head.start("d"), head.end("d")
                out.append(DateMention(year, month, int(head.group("d")), a, b, text[a:b], day))
                taken.append((a, b))
            out.append(DateMention(year, month, day, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    return tuple(sorted(out, key=lambda d: d.start))


def time_mentions(text: str) -> list[TimeMention]:
    out: list[TimeMention] = []
    for m in _TIME.finditer(text):
        if m.group("word"):
            h, mi = (12, 0) if m.group("word").lower() == "noon" else (0, 0)
        elif m.group("ap"):
            h, mi = int(m.group("h")), int(m.group("m") or 0)
            if not 1 <= h <= 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
        else:
            h, mi = int(m.group("h24")), int(m.group("m24"))
        if h > 23 or mi > 59:
            continue
        plain = m.group("h24") is not None and not m.group("h24").startswith("0")
        out.append(TimeMention(h, mi, m.start(), m.end(), m.group(0), ambiguous=plain, seconds=bool(m.group("s24"))))
    return out


def json_scalars(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every leaf of a decoded JSON value with its path (``rows[2].amount``)."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{p}.{k}" if p else str(k), x) for k, x in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend((f"{p}[{i}]", x) for i, x in reversed(list(enumerate(v))))
        else:
            out.append((p, v))
    return out


def as_number(v: Any) -> Fraction | None:
    """A JSON number, or a string that is exactly a number (``"18460.00"``), as an exact value."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        return Fraction(repr(v)) if v == v and v not in (float("inf"), float("-inf")) else None
    if isinstance(v, str):
        m = _MONEY.fullmatch(v.strip())
        if m is not None:  # "18460.00", "$21,400.00", "-€310.50": a currency sign does not make a figure a label
            value = exact(m["n"])
            return -value if m["neg"] else value
    return None


_MONEY = re.compile(r"(?P<neg>-)?[$€£¥]?(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)")


def decode(text: str) -> Any:
    """A tool result's JSON value, or None when it is not JSON."""
    s = text.strip()
    if not s or s[0] not in "[{":
        return None
    try:
        return json.loads(s)
    except (ValueError, RecursionError):
        return None


def json_objects(text: str, limit: int) -> list[dict[str, Any]]:
    """Every JSON object in a tool result, depth first, at most ``limit`` of them; none when it is not JSON."""
    out: list[dict[str, Any]] = []
    stack = [decode(text)]
    while stack and len(out) < limit:
        v = stack.pop()
        if isinstance(v, dict):
            out.append(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out
