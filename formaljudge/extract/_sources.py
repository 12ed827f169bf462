"""The sources a final answer may rest on: everything the agent was given or got back.

The task and other user messages, the system prompt, the agent's own tool
arguments, and every tool result (failed ones included: an honest agent
reporting a failure quotes its status code). The agent's own intermediate
messages are not sources. Each value keeps the step it came from, so that a
finding can point at it.

Tool results are read as data: JSON (records, columns of a list of records,
``{"columns": [...], "rows": [[...]]}`` tables), CSV text, ``key: value``
lines, and numbers in prose.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import as_number, date_mentions, decode, quantities, time_mentions
from formaljudge.traces._model import Step, StepKind

_MAX_TEXT = 200_000  # characters of one source that are read
_MAX_RECORDS = 400
_MAX_DATES = 200
_KEY_VALUE = re.compile(r"(?m)^[#\s*-]*(?P<k>[A-Za-z][\w .()/-]{0,60}?)\s*[:=]\s*(?P<v>[^\n]{1,80})$")
# the gap between two "KEY: value" pairs on one line of a fixed-width report ("SEATED: 40   STANDING: 55")
_PAIR_GAP = re.compile(r" {2,}|\t+| \| ")
_KEY_EQ = re.compile(r"(?<![\w.])(?P<k>[A-Za-z][\w.-]{0,40})=(?P<v>[^\s,;]{1,40})")  # "requests=18,402,117"
_WORD = re.compile(r"[a-z0-9]+")
# a date in basic form: eight digits with a four-digit year (and a time, "T1900" or run on); ten digits with a
# two-digit year only with its time. Each part in range, and no digit either side.
_COMPACT_STAMP = re.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d\d)|(?P<yy>[0-4]\d)(?=\d{8}(?!\d)))(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:T?(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?:[0-5]\d)?)?(?![\d.])"
)
# a date as reservation systems write it ("15NOV", "03JAN26"), and the clock times after it ("1125 1530+1")
_GDS_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_GDS_DATE = re.compile(
    r"(?<![A-Za-z0-9])(?P<d>[0-3]?\d)(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(?P<y>\d{2}|\d{4})?"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_GDS_TIME = re.compile(r"(?<![\d:.])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?:\+(?P<next>\d))?(?![\d:.])")
_DURATION = re.compile(
    r"\b(?P<n>\d{1,4})\s*\)?\s*(?P<u>years?|months?|weeks?|days?|business days?|hours?)\b", re.IGNORECASE
)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
_PATH_INDEX = re.compile(r"\[\d+\]")
_LAST_INDEX = re.compile(r"\[\d+\](?=[^\[]*$)")
_ATTACHED_UNIT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)(?:kg|g|lbs?|t|min|mins|h|hrs?|s|ms|km|mi|m|ft|gb|mb|kb|tb|gib|mib|kw|kwh|mw|mwh|"
    r"l|ml|gal|c|f|pct|x|mg|mcg|ug|iu|mm|cm|mph|kph|rpm|psi|hz|khz|mhz|ghz|w|wh|v|mah)\b",
    re.IGNORECASE,
)
_RANGE = re.compile(r"(?<![\w.,/-])(\d{1,4}(?:\.\d+)?)\s?[-\u2013]\s?(\d{1,4}(?:\.\d+)?)(?![\w.,/-])")
_EPOCH_MIN, _EPOCH_MAX = 946684800, 4102444800  # Unix seconds of 2000-01-01 and 2100-01-01
_FRACTION = re.compile(r"(?<![\d/.-])(\d{1,6})/(\d{1,6})(?![\d/])")


@dataclass(frozen=True)
class Atom:
    """A number in a source. ``origin``: task, user, system, args, result or failed (a failed result)."""

    value: Fraction
    step: Step | None
    label: str
    origin: str


@dataclass
class Record:
    """One row of data: a JSON object, a table or CSV row, or the ``key: value`` lines of a text result."""

    step: Step
    path: str
    fields: dict[str, Any]

    def numbers(self) -> list[tuple[str, Fraction]]:
        out = []
        for k, v in self.fields.items():
            x = as_number(v)
            if x is not None:
                out.append((k, x))
        return out


@dataclass
class Sources:
    atoms: list[Atom] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    columns: dict[tuple[str, str], list[Atom]] = field(default_factory=lambda: defaultdict(list))
    words: set[str] = field(default_factory=set)
    alnum: str = ""
    folded: str = ""
    authored: str = ""  # what the agent wrote in its calls (an e-mail body, a post), folded: quotable, not a fact
    dates: dict[tuple[int, int], list[tuple[int | None, Step | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    times: dict[tuple[int, int], Step | None] = field(default_factory=dict)
    durations: set[tuple[int, str]] = field(default_factory=set)
    list_lengths: list[Atom] = field(default_factory=list)
    digit_groups: set[str] = field(default_factory=set)
    full_dates: list[tuple[date, Step | None]] = field(default_factory=list)
    multipliers: set[Fraction] = field(default_factory=set)  # whole numbers of the task (units, nights, ...)
    texts: list[str] = field(default_factory=list)  # every source's text (capped), in trajectory order

    def has_date(self, month: int, day: int, year: int | None) -> Step | bool | None:
        for y, step in self.dates.get((month, day), []):
            if year is None or y is None or y == year:
                return step if step is not None else True
        return False


def word_numbers(text: str) -> list[int]:
    """Numbers written as words ("four years", "thirty (30) days")."""
    return [_WORD_NUMBERS[m.group(1).lower()] for m in _WORD_NUMBER.finditer(text)]


def fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def alnum(text: str) -> str:
    return "".join(_WORD.findall(text.lower()))


def _table_rows(doc: Any) -> list[tuple[str, dict[str, Any]]]:
    """``{"columns": [...], "rows": [[...], ...]}`` as records."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(doc, dict):
        cols, rows = doc.get("columns"), doc.get("rows")
        if isinstance(cols, list) and isinstance(rows, list) and all(isinstance(c, str) for c in cols):
            for i, row in enumerate(rows):
                if isinstance(row, list) and len(row) == len(cols):
                    out.append((f"rows[{i}]", dict(zip(cols, row, strict=True))))
    return out


def _labels_of_one(key: str, v: Any) -> dict[str, str]:
    """The text fields of a list's only object (``"tags": [{"system": "x", "label": "Round 2"}]``): labels
    of the record that holds the list as well as of their own."""
    if isinstance(v, list) and len(v) == 1 and isinstance(v[0], dict):
        return {f"{key}.{k}": x for k, x in v[0].items() if isinstance(x, str)}
    return {}


def _json_records(doc: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every object in a JSON value with its scalar fields (nested objects flattened one level)."""
    out: list[tuple[str, dict[str, Any]]] = _table_rows(doc)
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack and len(out) < _MAX_RECORDS:
        path, v = stack.pop()
        if isinstance(v, dict):
            fields: dict[str, Any] = {}
            for k, x in v.items():
                if isinstance(x, dict):
                    for k2, x2 in x.items():
                        if isinstance(x2, dict) and all(not isinstance(x3, (dict, list)) for x3 in x2.values()):
                            # {"Metrics": {"UnblendedCost": {"Amount": "5214.67"}}}: two levels down, still its own
                            fields.update({f"{k}.{k2}.{k3}": x3 for k3, x3 in x2.items()})
                        elif not isinstance(x2, (dict, list)):
                            fields[f"{k}.{k2}"] = x2
                        else:
                            stack.append((f"{path}.{k}.{k2}" if path else f"{k}.{k2}", x2))
                            fields.update(_labels_of_one(f"{k}.{k2}", x2))
                elif isinstance(x, list) and 0 < len(x) <= 3 and all(isinstance(e, str) for e in x):
                    fields[str(k)] = " / ".join(x)  # "Keys": ["AWS Data Transfer"]: the record's name
                elif isinstance(x, list) and 0 < len(x) <= 4 and all(isinstance(e, (str, int, float)) for e in x):
                    fields.update({f"{k}[{i}]": e for i, e in enumerate(x)})  # "value": [1700000000, "12.5"]
                elif isinstance(x, list):
                    stack.append((f"{path}.{k}" if path else str(k), x))
                    fields.update(_labels_of_one(str(k), x))
                else:
                    fields[str(k)] = x
            if fields:
                out.append((path, fields))
        elif isinstance(v, list):
            stack.extend((f"{path}[{i}]", x) for i, x in reversed(list(enumerate(v))))
    return out


_RULE = re.compile(r"^[\s|+:=-]+$")  # a table's rule line: "----+----", "|---|---:|"


def _pipe_table(lines: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """A psql or markdown table: a header with ``|`` separators, a rule line, then rows."""
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(len(lines) - 1):
        if "|" in lines[i] and _RULE.match(lines[i + 1]) and "-" in lines[i + 1]:
            head = _cells(lines[i])
            for j, line in enumerate(lines[i + 2 : i + 2 + _MAX_RECORDS]):
                if "|" not in line:
                    break
                cells = _cells(line)
                if len(cells) > len(head) and not "".join(cells[len(head) :]).strip():
                    cells = cells[: len(head)]  # "| a | b |" read against a header without the edge pipes
                if len(cells) == len(head) >= 2:
                    out.append((f"rows[{j}]", dict(zip(head, cells, strict=True))))
            break
    if out:
        return out
    # pipes without a rule line ("code|desc|minutes" over "93|Late inbound|4812"): a header of names, then rows
    # with as many pipes as it has
    for i in range(min(len(lines) - 1, 5)):
        n = lines[i].count("|")
        head = _cells(lines[i])
        if n and lines[i + 1].count("|") == n and len(head) >= 2 and all(h and as_number(h) is None for h in head):
            for j, line in enumerate(lines[i + 1 : i + 1 + _MAX_RECORDS]):
                if line.count("|") != n:
                    break
                out.append((f"rows[{j}]", dict(zip(head, _cells(line), strict=True))))
            break
    return out


def _cells(line: str) -> list[str]:
    """A table line's cells; the pipes at the edges of a markdown row open and close it, they part no cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
        if text.endswith("|"):
            text = text[:-1]
    return [c.strip() for c in text.split("|")]


_COLUMN_GAP = re.compile(r"\s{2,}|\t")


def _aligned_table(lines: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """A fixed-width table (CLI output): a header of names parted by runs of spaces, then rows with as many
    fields ("GROUP  TOPIC  PARTITION  LAG", "TIMESTAMP  P50_MS  P95_MS")."""
    out: list[tuple[str, dict[str, Any]]] = []
    for i, line in enumerate(lines[:40]):
        head = [h for h in _COLUMN_GAP.split(line.strip()) if h]
        if len(head) < 2 or any(as_number(h) is not None or ": " in h or h.endswith(":") for h in head):
            continue  # figures, or a preamble of "Probe: P-3  Step: 1 h" pairs: not column names
        starts = [m.start() for m in re.finditer(r"(?:^|(?<=\s\s)|(?<=\t))\S", line.rstrip())]
        rows = []
        for row in lines[i + 1 : i + 1 + _MAX_RECORDS]:
            cells = [c for c in _COLUMN_GAP.split(row.strip()) if c]
            if len(cells) < len(head) and len(starts) == len(head) and len(row.rstrip()) <= starts[len(cells)]:
                cells += [""] * (len(head) - len(cells))  # trailing columns left blank ("...  4.6" under ALARM)
            elif len(cells) != len(head) and len(row.split()) == len(head):
                cells = row.split()
            if len(cells) != len(head):
                break
            rows.append(dict(zip(head, cells, strict=True)))
        if len(rows) >= 2 and any(as_number(v) is not None for r in rows for v in r.values()):
            return [(f"rows[{j}]", r) for j, r in enumerate(rows)]
    return out


_FLAGS = {"true": True, "false": False}


def text_records(text: str, *, line_pairs: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """Table rows (psql or markdown pipes, CSV), and the ``key: value`` lines of a text result as one record;
    with ``line_pairs``, also the pairs of a line that holds several ("SEATED: 40   STANDING: 55") (values the
    answer may quote; a report's header counts, "failed_logins: 6", are not read as the result's own gaps)."""
    out: list[tuple[str, dict[str, Any]]] = []
    kv = {m.group("k").strip(): m.group("v").strip() for m in _KEY_VALUE.finditer(text[:20_000])}
    if line_pairs:
        kv |= _line_pairs(text[:20_000])
    kv |= {m.group("k"): m.group("v").rstrip("%") for m in _KEY_EQ.finditer(text[:20_000])}
    # figures, and flags ("TRUNCATED=true": a partial result says so in a text header too)
    kv = {k: _FLAGS.get(v.lower(), v) for k, v in kv.items() if as_number(v) is not None or v.lower() in _FLAGS}
    if kv:
        out.append(("", kv))
    lines = [ln for ln in text[:50_000].splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    table = _pipe_table(lines) or _aligned_table(lines)
    if table:
        return out + table + _pairs(table)
    # a CSV block: its header is the first line with commas that the next line matches, after any preamble
    # ("submission=2023 unit=MMT" above "year,value")
    first = next(
        (
            i
            for i in range(min(len(lines) - 1, 5))
            if lines[i].count(",") >= 1 and lines[i + 1].count(",") == lines[i].count(",")
        ),
        None,
    )
    if first is not None:
        lines = lines[first:]
    if len(lines) >= 2 and lines[0].count(",") >= 1:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines))))
        except csv.Error:
            rows = []
        head = rows[0] if rows else []
        csv_rows = [
            (f"rows[{i}]", dict(zip(head, row, strict=True)))
            for i, row in enumerate(rows[1:_MAX_RECORDS])
            if len(row) == len(head) >= 2
        ]
        out += csv_rows + _pairs(csv_rows)
    return out


def _embedded_tables(doc: Any) -> list[tuple[str, dict[str, Any]]]:
    """The rows of a table held as text in a JSON string (``"format": "csv", "data": "id,age,ill\\nP001,..."``)."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            if isinstance(v, str) and v.count("\n") >= 2:
                out += [(f"{k}.{path}", row) for path, row in text_records(v) if path]
    return out


def _pairs(rows: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """A two-column table of names and values ("metric,value" / "period,2023-Q2") as one record."""
    if not rows or any(len(r) != 2 for _, r in rows):
        return []
    record = {}
    for _, r in rows:
        name, value = list(r.values())
        if isinstance(name, str) and name.strip() and as_number(name) is None:
            record[name.strip()] = value
    return [("", record)] if len(record) >= 2 else []


def _line_pairs(text: str) -> dict[str, str]:
    """The pairs of lines that hold several ``KEY: value`` pairs apart by wide gaps (a fixed-width report's
    "SEATED: 40   STANDING: 55"), each key with its own value; a line with one pair is ``_KEY_VALUE``'s."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.count(":") + line.count("=") < 2:
            continue
        pairs = [m for part in _PAIR_GAP.split(line.strip()) if (m := _KEY_VALUE.fullmatch(part.strip()))]
        if len(pairs) >= 2:
            out |= {m.group("k").strip(): m.group("v").strip() for m in pairs}
    return out


def _label_before(text: str, start: int) -> str:
    return " ".join(_WORD.findall(text[max(0, start - 40) : start].lower())[-4:])


class _Builder:
    def __init__(self) -> None:
        self.src = Sources()
        self.texts: list[str] = []

    def text(self, text: str, step: Step | None, origin: str) -> None:
        text = text[:_MAX_TEXT]
        self.texts.append(text)
        for q in quantities(text):
            self.src.atoms.append(Atom(q.value, step, _label_before(text, q.start), origin))
            if q.percent:
                self.src.atoms.append(Atom(q.value / 100, step, _label_before(text, q.start), origin))
        for m in _FRACTION.finditer(text):  # "3/6 pods": both counts and their ratio
            a, b = Fraction(m.group(1)), Fraction(m.group(2))
            self.src.atoms += [Atom(a, step, m.group(0), origin), Atom(b, step, m.group(0), origin)]
            if b:
                self.src.atoms.append(Atom(a / b, step, m.group(0), origin))
        for m in _ATTACHED_UNIT.finditer(text):  # "68min", "842kg": a figure with its unit written on
            self.src.atoms.append(Atom(Fraction(m.group(1)), step, m.group(0), origin))
        for m in _RANGE.finditer(text):  # "95% CI 68-79": both ends (read alone, "68-79" looks like a code)
            self.src.atoms += [Atom(Fraction(m.group(i)), step, m.group(0), origin) for i in (1, 2)]
        for m in _WORD_NUMBER.finditer(text):
            self.src.atoms.append(Atom(Fraction(_WORD_NUMBERS[m.group(1).lower()]), step, m.group(0), origin))
        named_months = {d.month for d in date_mentions(text)} | _month_names(text)
        for m in _ORDINAL_DAY.finditer(text) if len(named_months) == 1 else ():  # "June's rent, due on the 1st"
            if 1 <= int(m.group(1)) <= 31:
                self.src.dates[(next(iter(named_months)), int(m.group(1)))].append((None, step))
        for d in date_mentions(text, loose=True):
            self.src.dates[(d.month, d.day)].append((d.year, step))
            for day in range(d.day + 1, d.through or 0):  # "14-17 October": the days between are the range's too
                self.src.dates[(d.month, day)].append((d.year, step))
            full = d.as_date()
            if full is not None and len(self.src.full_dates) < _MAX_DATES:
                self.src.full_dates.append((full, step))
        for m in _COMPACT_STAMP.finditer(text):  # "20250310T1900", "2503101900": a date and time in basic form
            self.compact(m, step)
        for m in _GDS_DATE.finditer(text):  # "XY 210 AKL-SYD 09JUN 0815 1035": a day, then clock times
            month = _GDS_MONTHS.index(m["mon"].upper()) + 1
            year = (2000 + int(m["y"][-2:])) if m["y"] else None
            if 1 <= int(m["d"]) <= 31:
                self.src.dates[(month, int(m["d"]))].append((year, step))
            line_end = text.find("\n", m.end())
            for g in _GDS_TIME.finditer(text[m.end() : line_end if line_end >= 0 else m.end() + 60][:60]):
                self.src.times.setdefault((int(g["h"]), int(g["mi"])), step)
                if g["next"] and 1 <= int(m["d"]) <= 31:  # "0620+1": arriving the next day
                    try:
                        later = date(year or 2024, month, int(m["d"])) + timedelta(days=int(g["next"]))
                    except ValueError:
                        continue
                    self.src.dates[(later.month, later.day)].append((year and later.year, step))
        for t in time_mentions(text):
            for hour, mins in t.readings():
                for minute in (mins, mins + 1) if t.seconds else (mins,):  # 03:16:45 may be written 03:17
                    self.src.times.setdefault((hour + minute // 60, minute % 60), step)
        for m in _DURATION.finditer(text):
            unit = m.group("u").lower().split()[-1].rstrip("s")
            self.src.durations.add((int(m.group("n")), unit))
        for m in re.finditer(r"\(\s*(\d{1,4})\s*\)\s*(years?|months?|weeks?|days?)", text, re.IGNORECASE):
            self.src.durations.add((int(m.group(1)), m.group(2).lower().rstrip("s")))

    def compact(self, m: re.Match[str], step: Step | None) -> None:
        """A date (and time) written in basic form, when it is a valid one: ``20250310``, ``20250310T1900``,
        ``202503101900``, or a two-digit year with its time (``2503101900``, as NOTAMs and some logs write it)."""
        year = int(m["y"]) if m["y"] else 2000 + int(m["yy"])
        try:
            full = date(year, int(m["m"]), int(m["d"]))
        except ValueError:
            return
        self.src.dates[(full.month, full.day)].append((full.year, step))
        if len(self.src.full_dates) < _MAX_DATES:
            self.src.full_dates.append((full, step))
        if m["hh"] is not None:
            self.src.times.setdefault((int(m["hh"]), int(m["mm"])), step)

    def epoch(self, seconds: int, step: Step) -> None:
        t = datetime.fromtimestamp(seconds, tz=UTC)
        self.src.dates[(t.month, t.day)].append((t.year, step))
        self.src.times.setdefault((t.hour, t.minute), step)

    def window_dates(self, query: str, step: Step) -> None:
        """The dates of a query's window; an exclusive upper bound (``< '2024-11-04'``) also ends the day before."""
        for d in date_mentions(query):
            full = d.as_date()
            self.src.dates[(d.month, d.day)].append((d.year, step))
            if full is not None and re.search(r"<\s*['\"]?$", query[max(0, d.start - 4) : d.start]):
                last = full - timedelta(days=1)
                self.src.dates[(last.month, last.day)].append((last.year, step))

    def data(self, doc: Any, step: Step, origin: str) -> None:
        tool = step.tool or ""
        records = _json_records(doc) + _embedded_tables(doc) if doc is not None else text_records(step.text)
        for path, fields in records:
            rec = Record(step, path, fields)
            self.src.records.append(rec)
            col_path = _PATH_INDEX.sub("[]", path)
            # an array inside an array (each month's cost groups): each outer item's own column as well
            inner = _LAST_INDEX.sub("[]", path) if path.count("[") >= 2 else None
            for k, x in rec.numbers():
                atom = Atom(x, step, k, origin)
                self.src.atoms.append(atom)
                # Unix seconds: the moment it stands for (a list's items are read as a list below)
                if x.denominator == 1 and _EPOCH_MIN <= x < _EPOCH_MAX and not k.endswith("]"):
                    self.epoch(int(x), step)
                self.src.columns[(tool, f"{col_path}.{k}" if col_path else k)].append(atom)
                if inner is not None:
                    self.src.columns[(tool, f"{inner}.{k}")].append(atom)
        if doc is not None:
            stack = [doc]
            while stack:
                v = stack.pop()
                if isinstance(v, list):
                    self.src.list_lengths.append(Atom(Fraction(len(v)), step, "number of items", origin))
                    numeric = [x for x in v if isinstance(x, (int, float)) and not isinstance(x, bool)]
                    for n in numeric:
                        if isinstance(n, int) and _EPOCH_MIN <= n < _EPOCH_MAX:
                            self.epoch(n, step)
                    if numeric:
                        col = self.src.columns[(tool, f"list@{step.index}:{id(v)}")]
                        col += [
                            Atom(Fraction(repr(x) if isinstance(x, float) else x), step, "", origin) for x in numeric
                        ]
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.values())


_ORDINAL_DAY = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b(?! of\b)", re.IGNORECASE)
_MONTH_WORD = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", re.IGNORECASE
)


def _month_names(text: str) -> set[int]:
    names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    return {names.index(m.group(1).lower()) + 1 for m in _MONTH_WORD.finditer(text)}


def collect_sources(ctx: TraceContext) -> Sources:
    """Everything the final answer may rest on, read once per trace."""
    trace = ctx.trace
    b = _Builder()
    b.text(trace.task, None, "task")
    written: list[str] = []
    b.src.multipliers = {q.value for q in quantities(trace.task) if q.value.denominator == 1 and 1 < q.value <= 1000}
    for s in trace.steps:
        if s.kind in (StepKind.USER, StepKind.SYSTEM):
            b.text(s.text, s, "user" if s.kind is StepKind.USER else "system")
        elif s.kind is StepKind.TOOL_CALL:
            inputs = [(k, v) for k, v in flat_args(s.args) if not authored(k, v)]
            b.text(" ".join(f"{k} {v}" for k, v in inputs), s, "args")
            for k, v in inputs:
                x = as_number(v)
                if x is not None:
                    b.src.atoms.append(Atom(x, s, k, "args"))
            # what the agent wrote (a file's content, an e-mail body) is not a source of facts; a query's date
            # window is what the agent chose to read, so the dates of a long query stand for that window
            for k, v in flat_args(s.args):
                if isinstance(v, str) and authored(k, v):
                    written.append(v)
                if isinstance(v, str) and not _AUTHORED_KEYS.search(k):
                    b.window_dates(v, s)  # a query's window: "< '2024-11-11'" also ends on the 10th
                    if _BEFORE_KEY.search(k):  # "created_before": 2024-03-01 ends the window on Feb 29
                        b.window_dates(f"< {v.strip()}", s)
        elif s.kind is StepKind.TOOL_RESULT:
            origin = "failed" if ctx.failed(s) else "result"
            b.text(s.text, s, origin)
            b.data(decode(s.text), s, origin)
            if origin == "failed":  # "Error from server (NotFound)": an honest report may say "it 404'd"
                head = s.text[:600]
                b.src.atoms += [
                    Atom(Fraction(code), s, rx.pattern, origin) for rx, code in _STATUS_WORDS if rx.search(head)
                ]
    b.src.texts = b.texts
    joined = "\n".join(b.texts)
    b.src.digit_groups |= set(re.findall(r"\d+", joined))
    b.src.words = set(_WORD.findall(joined.lower()))
    b.src.alnum = alnum(joined)
    b.src.folded = fold(joined)
    b.src.authored = fold("\n".join(written))
    return b.src


# the HTTP status an error's own words stand for
_STATUS_WORDS = tuple(
    (re.compile(rx, re.IGNORECASE), code)
    for rx, code in (
        (r"\bnot ?found\b", 404),
        (r"\bforbidden\b|permission denied|access denied", 403),
        (r"\bunauthori[sz]ed\b|\bunauthenticated\b", 401),
        (r"too many requests|rate[ _-]?limit", 429),
        (r"\bbad request\b", 400),
        (r"\bconflict\b", 409),
        (r"internal (?:server )?error", 500),
        (r"bad gateway", 502),
        (r"service unavailable|temporarily unavailable", 503),
        (r"gateway time-?out", 504),
        (r"\btimed? ?out\b|\btimeout\b", 504),
        (r"\btimed? ?out\b|\btimeout\b", 408),
    )
)


_BEFORE_KEY = re.compile(r"(?i)(?:^|[._-])(?:before|lt)$|before[._-]")  # exclusive bounds only
_AUTHORED_KEYS = re.compile(
    r"(?i)(?:^|[._])(?:content|contents|body|text|message|note|notes|summary|description|comment|html|markdown|"
    r"draft|data|cover_note)$"
)


def authored(key: str, value: Any) -> bool:
    """An argument that carries text the agent wrote rather than an input it chose."""
    return isinstance(value, str) and (bool(_AUTHORED_KEYS.search(key)) or len(value) > 200)


def flat_args(args: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = list(args.items())
    while stack:
        k, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{k}.{k2}", v2) for k2, v2 in v.items())
        elif isinstance(v, list):
            stack.extend((k, x) for x in v)
        else:
            out.append((k, v))
    return out
