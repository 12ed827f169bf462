"""Numbers and dates as they are written in prose and in tool output.

Used on both sides of a claim check: what the final answer states, and what
the tool results, arguments and task contain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_NUMBER = re.compile(
    r"(?<![\w./#:-])(?P<neg>-)?(?P<cur>[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>\s?(?:%|percent\b|k\b|thousand\b|mn?\b|million\b|bn?\b|billion\b))?"
    r"(?![\w/]|[.,:]\d|-\d)",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")
# "(?<!\s)": a match starts only where a run of spaces starts, so a search over a long run is linear
_COUNT_NOUN = re.compile(
    r"(?<!\s)\s+(?:\w+\s+)?(?:files?|documents?|emails?|messages?|records?|rows?|items?|entries|entry|tests?|"
    r"users?|customers?|orders?|tickets?|transactions?|invoices?|reports?|pages?|results?|issues?|errors?|"
    r"attachments?|contacts?|events?|meetings?|products?|accounts?|requests?|calls?|regions?|cities|"
    r"countries|employees?|people|persons?|participants?|attendees?)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(r"(?<!\s)\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b", re.I)
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
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})\b", re.I),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"),
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")


@dataclass(frozen=True)
class Mention:
    """A number as written: its value, how precisely it was written, and where."""

    value: float
    tolerance: float
    percent: bool
    start: int
    end: int
    text: str


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def date_mentions(text: str) -> list[tuple[date, int, int, str]]:
    out: list[tuple[date, int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATES:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
            try:
                d = date(int(g["y"]), month, int(g["d"]))
            except ValueError:
                continue
            out.append((d, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    return out


def number_mentions(text: str, *, claims_only: bool = False) -> list[Mention]:
    """Numbers in ``text``; dates and times are not numbers here.

    With ``claims_only``, keep what reads as a factual claim: a figure with two
    or more digits, a decimal, a percentage or an amount of money, or a small
    count of something ("3 files"); not list markers, years standing alone or
    durations ("24 hours").
    """
    spans = [(a, b) for _, a, b, _ in date_mentions(text)] + [(m.start(), m.end()) for m in _TIME.finditer(text)]
    masked = _mask(text, spans)
    out: list[Mention] = []
    for m in _NUMBER.finditer(masked):
        raw = m.group("num")
        digits = raw.replace(",", "")
        value = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        suf = (m.group("suf") or "").strip().lower()
        percent = suf in ("%", "percent")
        scale = _SCALE.get(suf, 1.0)
        if m.group("neg"):
            value = -value
        after = masked[m.end() : m.end() + 80]  # enough for "  3 more files"; not a copy of the rest per number
        count = decimals == 0 and not suf and not m.group("cur") and _COUNT_NOUN.match(after) is not None
        if claims_only:
            # a list marker: only spaces since the line began (looked for in the 200 characters before)
            lo = max(0, m.start() - 200)
            nl = masked.rfind("\n", lo, m.start())
            line_start = nl + 1 if nl >= 0 else (0 if lo == 0 else -1)
            if (
                line_start >= 0
                and masked[line_start : m.start()].strip() == ""
                and _LIST_MARKER.match(masked[line_start : m.end() + 2])
            ):
                continue
            if not (percent or suf or m.group("cur") or decimals) and _DURATION.match(after):
                continue
            plain_year = decimals == 0 and not suf and not m.group("cur") and 1900 <= value <= 2100
            small = abs(value) < 10 and decimals == 0 and not suf and not m.group("cur")
            if plain_year or (small and not count):
                continue
        tol = 0.5 * 10**-decimals * scale + 1e-9
        out.append(Mention(value * scale, tol, percent, m.start(), m.end(), m.group(0).strip()))
    return out


def json_numbers(value: Any) -> list[float]:
    """Every number in a decoded JSON value (strings that are numbers included)."""
    out: list[float] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            out.append(float(v))
        elif isinstance(v, str):
            out.extend(m.value for m in number_mentions(v))
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def derived_numbers(value: Any) -> list[float]:
    """Figures a faithful answer may compute from a JSON result: list lengths, and the
    sum, mean, minimum and maximum of each numeric field over a list of records."""
    out: list[float] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            out.append(float(len(v)))
            stack.extend(v)
            columns: dict[str, list[float]] = {}
            for row in v:
                if isinstance(row, dict):
                    for k, x in row.items():
                        if isinstance(x, (int, float)) and not isinstance(x, bool):
                            columns.setdefault(k, []).append(float(x))
            nums = [float(x) for x in v if isinstance(x, (int, float)) and not isinstance(x, bool)]
            if nums:
                columns["_"] = nums
            for xs in columns.values():
                out += [sum(xs), sum(xs) / len(xs), min(xs), max(xs)]
    return out


def decode(text: str) -> Any:
    """A tool result's JSON value, or None when it is not JSON."""
    s = text.strip()
    if not s or s[0] not in "[{":
        return None
    try:
        return json.loads(s)
    except (ValueError, RecursionError):
        return None
