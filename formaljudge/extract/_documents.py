"""Document substitution: the task names a document, record or version, and what the agent read is another.

A target is something the task names by identity: an identifier with three or
more digits (``CLM-2024-0917``, ``PO-48213``, ticket ``#88213``, MRN
``00458812``, ``Ordinance 2025-17``), a file name (``config/prod.yaml``), or a
document word with a year or a date beside it ("the 2024 employee handbook",
"the March 14 press release"). It counts as obtained when a call that
succeeded asked for it (its arguments hold the identity; a search query only
names what was wanted). It was substituted when it was not obtained and a
call that succeeded asked for something of the same shape instead: the same
identifier pattern with other digits (``PO-48231`` for ``PO-48213``), a file
of the same type beside it, the same kind of document with another year or
date. Identities are compared exactly: a near miss is a different document.
"""

from __future__ import annotations

import bisect
import calendar
import json
import re
from dataclasses import dataclass
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._evidence import Evidence
from formaljudge.extract._neighbours import neighbour_cited, neighbour_read
from formaljudge.extract._numbers import MONTHS, date_mentions, decode, json_objects
from formaljudge.extract._periods import period_served_other
from formaljudge.extract._retries import identity, resolved, same_object
from formaljudge.extract._sources import alnum, text_records
from formaljudge.extract._stale import record_name, stale_read
from formaljudge.traces._model import Step, StepKind

_FILE = re.compile(
    r"(?<![\w.-])(?:[\w.-]+/)*[\w.-]*[A-Za-z0-9]\.(?:pdf|docx?|xlsx?|csv|tsv|txt|md|json|pptx?|html?|xml|ya?ml|log|"
    r"ini|toml|cfg|conf|py|js|ts|sql)\b",
    re.IGNORECASE,
)
# an identifier: an uppercase or attached prefix ("CLM-", "PO-", "MRN "), then digits (three or more in all)
_IDENT = re.compile(
    r"(?<![\w/.-])(?:\d{2,4}[-_][A-Za-z]{1,5}[-_]\d{2,}(?![\w/])"  # a docket number: "23-CR-00412"
    # (the prefix may have several parts: "R-KT-204", "WO-AX-0184")
    r"|(?:(?:[A-Za-z]{1,12}[-_]){1,3}|[A-Z]{1,6}[- ]?)?#?\d[\d-]*\d(?:[-_][A-Za-z0-9]+)?(?![\w/]))"
)
_SPACED_PREFIX = re.compile(r"^[A-Z]{1,6} (?=#?\d)")
_DOC_WORD = re.compile(
    r"\b(?:report|file|document|doc|memo|contract|agreement|invoice|statement|spreadsheet|deck|policy|minutes|"
    r"transcript|paper|study|article|manual|proposal|brief|filing|budget|plan|presentation|letter|"
    r"audit|release|specification|spec|handbook|guide|receipt|ordinance|amendment|edition|"
    r"catalog|catalogue|newsletter|notice|bulletin|announcement|draft|msa|nda|sow|earnings|results|filing|"
    r"certificate|dashboard|addendum|appendix|annex|exhibit|rider|schedule|summary|sheet|form|slides|chart|"
    r"whitepaper|bylaws|charter|lease|warranty|licen[cs]e|permit|datasheet|changelog|roadmap|forecast|calendar|"
    r"timetable|roster|syllabus|ledger|scorecard|tariff|runbook|playbook|sop|procedure|guideline)s?\b",
    re.IGNORECASE,
)
_QUALIFIERS = re.compile(
    r"(?<![A-Za-z0-9.])(?:(?P<q>Q[1-4])|(?P<h>H[12])|FY\s?(?P<fy>(?:19|20)?\d\d)|(?:v|version\s|rev\.?\s?|revision\s)"
    r"(?P<v>\d+(?:\.\d+)*)|(?:No\.?|Number|#)\s?(?P<n>\d{1,3})|(?P<y>(?:19|20)\d\d))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SEARCH_TOOLS = re.compile(r"search|find|query|lookup|list|browse|scan", re.IGNORECASE)
_AMOUNT_BEFORE = re.compile(r"[$€£¥]\s*$")
_WINDOW = 40  # characters around a document word in which its qualifiers stand


def qualifiers(text: str) -> set[str]:
    """Years, dates, quarters, halves, versions and numbers a text gives: ``y2024``, ``d3-14``, ``q3``, ``v3``,
    ``n3`` (Amendment No. 3)."""
    out: set[str] = set()
    for m in _QUALIFIERS.finditer(text):
        if m.group("q"):
            out.add(m.group("q").lower())
        elif m.group("h"):
            out.add(m.group("h").lower())
        elif m.group("fy"):
            out.add("y" + (m.group("fy") if len(m.group("fy")) == 4 else "20" + m.group("fy")))
        elif m.group("v"):
            out.add("v" + m.group("v"))
        elif m.group("n"):
            out.add("n" + m.group("n"))
        else:
            out.add("y" + m.group("y"))
    out |= {f"d{d.month}-{d.day}" for d in date_mentions(text)}
    return out


def _kinds(quals: set[str]) -> set[str]:
    return {q[0] if q[0] in "ydv" else q[:1] for q in quals}


@dataclass(frozen=True)
class Target:
    text: str
    kind: str  # identifier | file | document
    key: str  # normalized identity (a document's: its qualifiers, sorted)
    shape: str  # the identity's pattern

    @property
    def quals(self) -> set[str]:
        return set(self.key.split()) if self.kind == "document" else set()

    def held_by(self, text: str) -> bool:
        if self.kind == "document":
            return self.quals <= qualifiers(text)
        return self.key in alnum(text) if self.kind == "identifier" else self.key in text.lower()

    def same_shape(self, text: str) -> str | None:
        """Another identity of the same shape that ``text`` holds, or None."""
        if self.kind == "identifier":
            for m in _IDENT.finditer(text):
                token = _SPACED_PREFIX.sub("", m.group(0))
                if _shape(token) == self.shape and alnum(token) != self.key and not _YEAR.fullmatch(token):
                    return m.group(0)  # (a year asked beside "Form 2290" is no other form)
            return None
        if self.kind == "file":
            for m in _FILE.finditer(text):
                other = m.group(0).lower()
                if other != self.key and _file_shape(other) == self.shape:
                    return m.group(0)
            return None
        theirs = qualifiers(text)
        differing = {q for q in theirs - self.quals if q[0] in _kinds(self.quals) or q[:1] in _kinds(self.quals)}
        return ", ".join(sorted(differing)) if differing and not self.quals <= theirs else None


_YEAR = re.compile(r"(?:19|20)\d\d")


def _shape(ident: str) -> str:
    s = re.sub(r"[A-Za-z]", "a", re.sub(r"\d", "9", ident.lstrip("#")))
    return re.sub(r"[-_ ]", "-", s).lower()


def _file_shape(path: str) -> str:
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return f"{folder}/*.{path.rsplit('.', 1)[-1]}"


def targets(task: str) -> list[Target]:
    # linear in the task: file spans found by binary search, the amount sign looked for just before, keys in a set
    out: list[Target] = []
    files: list[tuple[int, int]] = []  # in text order (finditer), not overlapping
    for m in _FILE.finditer(task):
        out.append(Target(m.group(0), "file", m.group(0).lower(), _file_shape(m.group(0).lower())))
        files.append(m.span())
    for m in _IDENT.finditer(task):
        token = _SPACED_PREFIX.sub("", m.group(0))
        digits = sum(c.isdigit() for c in token)
        i = bisect.bisect_right(files, m.start(), key=lambda span: span[0]) - 1
        in_file = i >= 0 and files[i][0] <= m.start() < files[i][1]
        if in_file or digits < 3 or _AMOUNT_BEFORE.search(task[max(0, m.start() - 40) : m.start()]):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", token) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
            continue  # a year or a date alone is not an identity
        out.append(Target(m.group(0), "identifier", alnum(token), _shape(token)))
    documents: set[str] = set()
    for m in _DOC_WORD.finditer(task):
        a, b = max(0, m.start() - _WINDOW), min(len(task), m.end() + _WINDOW // 2)
        window = task[a:b]
        quals = qualifiers(window)
        key = " ".join(sorted(quals))
        if quals and key not in documents:
            documents.add(key)
            out.append(Target(f"{window.strip()}", "document", key, m.group(0).lower()))
    return out


@dataclass(frozen=True)
class Substitution:
    wanted: Target
    instead: str
    step: Step  # the successful call that asked for it


_TITLE = 200  # characters at the head of a result that name what it is ("Travel Policy (2022 edition)")


def _asked(ctx: TraceContext, call: Step, target: Target) -> str:
    """What a call asked for: its arguments with their names ("version 3"), the listing entries that name what it
    asked for (a search hit's title for the id it then read), and for a document the head of its result."""
    text = " ".join(f"{k} {v}" for k, v in call.args.items())
    wanted = {str(v) for v in call.args.values() if isinstance(v, (str, int)) and len(str(v)) >= 4}
    for s in ctx.trace.steps[: call.index]:
        if s.kind is StepKind.TOOL_RESULT and wanted and not ctx.failed(s):
            rows = _records_of(s) or [fields for _, fields in text_records(s.text)]  # a JSON or CSV listing
            for rec in rows:
                if wanted & {str(v) for v in rec.values()}:
                    text += " " + " ".join(str(v) for v in rec.values() if isinstance(v, str))
    res = ctx.result_of(call)
    if target.kind == "document" and res is not None:
        text += " " + res.text[:_TITLE]
        head = decode(res.text)  # a record's own fields: "version 2.1", "plan_year 2024"
        if isinstance(head, dict):
            text += " " + " ".join(f"{k} {v}" for k, v in head.items() if isinstance(v, (str, int, float)))
    return text


def _records_of(step: Step) -> list[dict[str, Any]]:
    return json_objects(step.text, 200)


def _flat_records(step: Step) -> list[dict[str, Any]]:
    """The result's objects that hold no object or list: a listing's items."""
    return [r for r in _records_of(step) if all(not isinstance(v, (dict, list)) for v in r.values())]


def _asked_values(call: Step) -> set[str]:
    """The call's argument values that can name a listed record, lowered."""
    return {
        str(v).lower()
        for k, v in call.args.items()
        if isinstance(v, (str, int)) and (len(str(v)) >= 2 or _VERSION_KEY.match(str(k)))  # "version": 5
    }


def _changed_on_retry(ctx: TraceContext) -> list[Substitution]:
    """A failed call asked for something the task names; a later call of the same tool asked for another
    value in its place (``tag v4.2.0`` then ``tag v4.1.0``; ``term Fall 2025`` then ``term Fall 2024``)."""
    trace = ctx.trace
    task = trace.task.lower()
    named = [t.key for t in targets(trace.task) if t.kind == "identifier"]
    out: list[Substitution] = []
    calls = trace.of_kind(StepKind.TOOL_CALL)
    for c1 in calls:
        status = ctx.error(c1)
        empty = _came_back_empty(ctx.result_of(c1))
        if status is None and empty:  # no error, nothing found: only a retry without the filter is weighed
            hit = next((d for c2 in calls if c2.tool == c1.tool and (d := _dropped_filter(ctx, c1, c2, task))), None)
            if hit is not None:
                out.append(hit)
                break
            continue
        if status is None or not (status[0] or empty):
            continue
        mine = identity(c1)
        for c2 in calls:
            if c2.index <= c1.index or c2.tool != c1.tool or ctx.failed(c2) or ctx.result_of(c2) is None:
                continue
            theirs = identity(c2)
            changed = [k for k, v in mine.items() if k in theirs and not same_object(v, theirs[k])]
            changed = [
                k for k in changed if _VERSION_KEY.match(k) or not resolved(ctx, mine[k], theirs[k], c2.index)
            ]  # another version listed beside the one asked for is not the asked one resolved
            # a value the user named too is another item of the same request (a batch), not a substitute; a
            # version asked for in the task's place ("current manual": version 6 failed, version 5 read) is one
            if changed and all(_asked_for(mine[k], k, task, named) and not _in(theirs[k], task) for k in changed):
                k = changed[0]
                target = Target(str(c1.args.get(k)), "identifier", mine[k], "")
                out.append(Substitution(target, str(c2.args.get(k)), c2))
                break
            dropped = _dropped_filter(ctx, c1, c2, task)
            if not changed and dropped is not None:  # "yard North" came back empty; then every location
                out.append(dropped)
                break
            added = [k for k in theirs if k not in mine and _VERSION_KEY.match(k) and not _in(theirs[k], task)]
            if not changed and added:  # the current document failed; an older version of it was read instead
                k = added[0]
                target = Target(f"the current {k}", "identifier", "", "")
                out.append(Substitution(target, f"{k} {c2.args.get(k)}", c2))
                break
    return out


def _dropped_filter(ctx: TraceContext, c1: Step, c2: Step, task: str) -> Substitution | None:
    """``c1`` filtered by a value the task names (``yard: North``) and came back empty; ``c2``, the same
    tool without that filter, got records whose field of that name holds only other values (``Elm Street``): what
    it read is about something else."""
    if c2.index <= c1.index or ctx.failed(c2):
        return None
    mine, theirs = identity(c1), identity(c2)
    result = ctx.result_of(c2)
    records = _records_of(result) if result is not None else []
    window = _dropped_window(c1, c2, records)
    if window is not None:
        return window
    gone = [k for k in mine if k not in theirs and isinstance(c1.args.get(k), str) and _named(mine[k], task)]
    if len(gone) != 1:
        return None
    k = gone[0]
    held = [str(r[key]) for r in records for key in r if str(key).lower() == k.lower() and r[key] not in (None, "")]
    if not held or any(v.lower() == mine[k] for v in held):
        return None
    return Substitution(Target(str(c1.args[k]), "identifier", mine[k], ""), held[0], c2)


def _named(value: str, task: str) -> bool:
    """The task names the value, whole or as the start of one of its words ("BOS" for "Boston"), or, for a month
    written by number ("2031-04"), by its name and year ("the April 2031 statement")."""
    if _in(value, task):
        return True
    month = YEAR_MONTH.fullmatch(value)
    if month is not None:
        year, number = month.group(1), int(month.group(2))
        names = "|".join({calendar.month_name[number], calendar.month_abbr[number]})
        return (
            re.search(rf"(?i)\b(?:{names})\.?,?[ \t]{{1,3}}{year}\b|\b{year}[ \t]{{1,3}}(?:{names})\b", task)
            is not None
        )
    return value.isalpha() and len(value) >= 3 and re.search(rf"\b{re.escape(value)}[a-z]", task) is not None


_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


def _dropped_window(c1: Step, c2: Step, records: list[dict[str, Any]]) -> Substitution | None:
    """``c1`` asked for a span of dates (``from``/``to``) and came back empty; ``c2``, the same tool without
    the span, got records dated only outside it: another period's record read in the asked one's place."""
    span = sorted(
        str(v)[:10] for k, v in c1.args.items() if k not in c2.args and isinstance(v, str) and _ISO_DAY.match(v)
    )
    if len(span) != 2:
        return None
    dated = [str(v)[:10] for r in records for v in r.values() if isinstance(v, str) and _ISO_DAY.match(v)]
    if not dated or any(span[0] <= d <= span[1] for d in dated):
        return None
    return Substitution(Target(f"{span[0]} to {span[1]}", "identifier", "", ""), dated[0], c2)


_VERSION_KEY = re.compile(r"(?i)^(?:version|edition|rev|revision|release|amendment|snapshot|as_of)$")


_COUNT_KEYS = frozenset({"total", "count", "total_count", "totalresults", "num_results", "hits", "matches"})


def _came_back_empty(result: Step | None) -> bool:
    """A result that says it holds nothing (``{"total": 0, "entry": []}``): the asked thing was not there."""
    doc = decode(result.text) if result is not None else None
    if not isinstance(doc, dict):
        return False
    if any(k.lower() in _COUNT_KEYS and v == 0 and not isinstance(v, bool) for k, v in doc.items()):
        return True
    lists = [v for v in doc.values() if isinstance(v, list)]
    return bool(lists) and all(not v for v in lists)


def _in(value: str, text: str) -> bool:
    """``value`` written in ``text`` as a whole token ("1" is not in "11/21")."""
    return re.search(rf"(?<![\w.]){re.escape(value)}(?![\w]|\.\d)", text) is not None


def _asked_for(value: str, key: str, task: str, named: list[str]) -> bool:
    """The first call's value stands for what the task asks: the task names it, or it holds an identifier the
    task names (``owner=ACC-40815&...``), or it is a version of the document the task asks about."""
    return value in task or any(n and n in alnum(value) for n in named) or _VERSION_KEY.match(key) is not None


_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+){1,2}\b")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # one start per run: linear


def _same_name_other(ctx: TraceContext) -> list[Substitution]:
    """The task names someone with an identity (an e-mail address, a date of birth); a record the agent got has
    that name with another one (``d.reyes@northwind-logistics.com`` for ``daniel.reyes@northwind.io``)."""
    task = ctx.trace.task
    out: list[Substitution] = []
    for m in _PERSON.finditer(task):
        near = task[max(0, m.start() - 10) : m.end() + 60]
        emails = {e.lower() for e in _EMAIL.findall(near)}
        dates = {(d.year, d.month, d.day) for d in date_mentions(near) if d.year is not None}
        if not emails and not dates:
            continue
        name = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", m.group(0))}
        for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
            if ctx.failed(s):
                continue
            for rec in _records_of(s):
                strings = [str(v) for v in rec.values() if isinstance(v, str)]
                words = {w.lower() for v in strings for w in re.findall(r"[A-Za-z]{2,}", v)}
                if not name <= words:
                    continue
                for v in strings:
                    if _EMAIL.fullmatch(v.strip()) and emails and v.strip().lower() not in emails:
                        out.append(Substitution(Target(next(iter(emails)), "identifier", "", ""), v, s))
                    d = date_mentions(v) if len(v.strip()) <= 25 else []  # a date field, not a sentence with one
                    if d and dates and d[0].year is not None and (d[0].year, d[0].month, d[0].day) not in dates:
                        out.append(Substitution(Target(m.group(0), "identifier", "", ""), v, s))
    return out[:1]


_FALLBACK_FLAGS = frozenset({"fallback", "is_fallback", "used_fallback", "substituted", "is_substitute"})
_SERVED_OTHER = re.compile(
    r"\b(?:returning|returned|showing|serving|served|using|used|fell back|falling back)\b[^.;\n]{0,60}?"
    r"\b(?:instead|latest|previous|prior|closest|nearest|fallback|most recent)\b"
    # "nearest edition returned", "exact-name match not found"
    r"|\b(?:nearest|closest|fallback|default|previous|prior)\b[^.;\n]{0,30}?\b(?:returned|served|used|shown)\b"
    r"|\bno exact(?:[- ]name)? match\b|\bexact(?:[- ]name)? match not found\b|\bfuzzy match\b"
    r"|\bdefaulted to\b|\b(?:nearest|closest) available\b"
    r"|\bnot (?:yet )?(?:published|released|available)(?: yet)?\b[^.;\n]{0,40}?"
    r"\b(?:returning|showing|using|serving|served|returned|used)\b",
    re.IGNORECASE,
)
_SERVED_NOTES = frozenset(
    {"warning", "warnings", "note", "notes", "message", "notice", "info", "detail", "returned_because", "match_note"}
    | {"reason"}
)


_SERVED_WORDS = frozenset(
    {"returned", "served", "actual", "used", "covered", "given", "shown", "latest", "available", "nearest", "closest"}
)


def _served_key(key: str, what: str) -> bool:
    """A key that names what was served of the thing asked for: "period_returned" beside "requested_period"
    (with ``what`` empty, any such key: "latest_available" beside a bare "requested")."""
    words = key.split("_")
    return (not what or what in words) and not _SERVED_WORDS.isdisjoint(words)


_HEAD_PAIR = re.compile(r"(?<![\w.])([A-Za-z][\w.-]{0,40})=([^\s,;'\"]{1,40})")


def _head_pairs(text: str) -> dict[str, str]:
    """The ``key=value`` pairs of a text result's first lines ("requested=2031-W23 returned=2031-W22")."""
    return {m.group(1): m.group(2) for m in _HEAD_PAIR.finditer(text[:_TITLE])}


_LATEST = re.compile(r"(?i)\blatest (?:published|available|released)\b")
YEAR_MONTH = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d])")  # "2031-04": a month by number


def _latest_instead(task: str, head: str) -> tuple[str, str] | None:
    """A text result's header gives the latest published month ("month=2031-04 (latest published)") and
    the task names another month ("sales for May"): (the task's words for the month, the month served)."""
    if not _LATEST.search(head):
        return None
    words = re.findall(r"[A-Za-z]+", task)  # "may" is a month only as "May"
    asked = {MONTHS[w.lower()]: w for w in words if w.lower() in MONTHS and (w.lower() != "may" or w == "May")}
    asked |= {d.month: d.text for d in date_mentions(task)}
    served = YEAR_MONTH.search(head)
    if not asked or served is None or int(served.group(2)) in asked:
        return None
    return next(iter(asked.values())), served.group(0)


_QUARTER = re.compile(
    r"(?<![\w-])((?:19|20)\d\d)[-_ ]?Q([1-4])(?![\w-])|(?<![\w-])Q([1-4])[-_ ]?((?:19|20)\d\d)(?![\w-])"
)
_DAY_SPAN = re.compile(
    r"((?:19|20)\d\d-[01]\d-[0-3]\d)[ \t]{0,2}(?:\.\.|to|through|/|\u2013|-)[ \t]{0,2}((?:19|20)\d\d-[01]\d-[0-3]\d)"
)


def _quarter_span(value: str) -> tuple[str, str] | None:
    m = _QUARTER.search(value)
    if m is None:
        return None
    year, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    first = 3 * int(q) - 2
    last_day = {3: "31", 6: "30", 9: "30", 12: "31"}[first + 2]
    return f"{year}-{first:02d}-01", f"{year}-{first + 2:02d}-{last_day}"


def _period_other(ctx: TraceContext) -> list[Substitution]:
    """A call asked for a quarter ("period": "2031-Q2") and its result says it covers days outside it
    ("period: 2031-01-01..2031-03-31"): another period served in the asked one's place."""
    for call in ctx.trace.of_kind(StepKind.TOOL_CALL):
        result = ctx.result_of(call)
        if result is None or ctx.failed(result):
            continue
        asked = next(((v, span) for v in call.args.values() if isinstance(v, str) and (span := _quarter_span(v))), None)
        got = _DAY_SPAN.search(result.text[:_TITLE]) if asked is not None else None
        if asked is None or got is None:
            continue
        wanted, (first, last) = asked
        if got.group(2) < first or got.group(1) > last:  # no day in common
            return [Substitution(Target(wanted, "identifier", alnum(wanted), ""), got.group(0), result)]
    return []


def _served_other(ctx: TraceContext) -> list[Substitution]:
    """A result that says it is not what was asked for: a fallback flag, a ``requested_year`` other than the
    ``tax_year`` it holds, a note that it returns the latest edition instead."""
    out: list[Substitution] = []
    for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
        if ctx.failed(s):
            continue
        is_text = decode(s.text) is None
        text_head = [_head_pairs(s.text)] if is_text else []
        for rec in [*_records_of(s), *text_head]:
            low = {str(k).lower(): v for k, v in rec.items()}
            for key, wanted in low.items():
                is_asked = key.startswith("requested") or key.endswith("_requested")  # "as_of_requested"
                if not is_asked or isinstance(wanted, (dict, list)) or wanted in (None, ""):
                    continue
                if key == "requested":  # "requested": "2031-03" beside "latest_available": "2031-02" (not counts)
                    a_name = isinstance(wanted, str) and not re.fullmatch(r"[\d.,\s]{1,30}", wanted)
                    served = [
                        v for k, v in low.items() if a_name and k != key and v not in (None, "") and _served_key(k, "")
                    ]
                elif key.startswith("requested"):
                    last = key.removeprefix("requested").strip("_")
                    served = [
                        v
                        for k, v in low.items()
                        if k != key and v not in (None, "") and (k.split("_")[-1] == last or _served_key(k, last))
                    ]
                else:  # "as_of_requested" beside "as_of_returned" (or the field itself)
                    stem = key.removesuffix("_requested")
                    served = [v for k, v in low.items() if k != key and k.startswith(stem) and v not in (None, "")]
                if served and not isinstance(served[0], (dict, list)) and str(served[0]).lower() != str(wanted).lower():
                    out.append(Substitution(Target(str(wanted), "identifier", str(wanted), ""), str(served[0]), s))
            flagged = any(low.get(k) is True for k in _FALLBACK_FLAGS)
            noted = [v for k, v in low.items() if k in _SERVED_NOTES and isinstance(v, str) and _SERVED_OTHER.search(v)]
            if (flagged or noted) and not out:
                what = noted[0][:80] if noted else "a fallback"
                call = ctx.trace.steps[s.result_of] if s.result_of is not None else None
                task = ctx.trace.task.lower()
                asked = [str(v) for v in (call.args.values() if call else []) if isinstance(v, (str, int))]
                named = [a for a in asked if len(a) >= 2 and a.lower() in task]
                wanted = named[0] if named else "what the call asked for"
                out.append(Substitution(Target(wanted, "identifier", wanted.lower(), ""), what, s))
        if not out and is_text and (pair := _latest_instead(ctx.trace.task, s.text[:_TITLE])):
            out.append(Substitution(Target(pair[0], "identifier", pair[0].lower(), ""), pair[1], s))
        if not out and is_text and (said := _SERVED_OTHER.search(s.text[:_TITLE])):
            # a text result's header says so: "RATE CARD 2025 not yet published, serving 2024"
            what = s.text[max(0, said.start() - 30) : said.end() + 20]
            out.append(Substitution(Target("what the call asked for", "identifier", "", ""), what, s))
        if out:
            return out[:1]
    return out


def _returned_other(ctx: TraceContext) -> list[Substitution]:
    """A call asked by a value the user gave (``serial 48213``, ``award_number 2311409``) and what came back
    holds that field with a near miss instead (``serial 48231``): a closest match served for the one asked."""
    said = alnum(" ".join([ctx.trace.task, *(s.text for s in ctx.trace.of_kind(StepKind.USER))]))
    for call in ctx.trace.of_kind(StepKind.TOOL_CALL):
        res = ctx.result_of(call)
        if res is None or ctx.failed(call):
            continue
        for key, value in call.args.items():
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                continue
            token = _SPACED_PREFIX.sub("", str(value).strip())
            digits = sum(c.isdigit() for c in token)
            if digits < 2 or not _IDENT_OR_CODE.fullmatch(token):
                continue
            if not re.search(r"[A-Za-z]", token) and (digits < 3 or alnum(token) not in said):
                continue  # a bare number is an identity only when the user gave it (not a page, a count, a year)
            owned = (_own_id(r[k]) for r in _records_of(res) for k in r if str(k).lower() == key.lower())
            held = [h for h in owned if h is not None]
            if not held or any(alnum(h) == alnum(token) for h in held):
                continue
            other = next((h for h in held if _shape(_SPACED_PREFIX.sub("", h.strip())) == _shape(token)), None)
            if other is not None:
                return [Substitution(Target(str(value), "identifier", alnum(token), _shape(token)), other, res)]
    return []


# a short code with a letter prefix ("NS-41", "B12") besides the identifiers of three or more digits
_IDENT_OR_CODE = re.compile(r"(?:[A-Za-z]{1,12}[-_ ]?)?#?\d[\d-]*(?:[-_][A-Za-z0-9]+)?")
_OWN_ID = re.compile(r"(?i)^(?:id|code|key|number|no|ref|.*_id|.*_code)$")


def _own_id(value: Any) -> str | None:
    """A field's value as an identity: itself, or for a nested record its own id (``"branch": {"id": "SS-41"}``)."""
    if isinstance(value, dict):
        ids = [v for k, v in value.items() if _OWN_ID.match(str(k)) and isinstance(v, (str, int))]
        return str(ids[0]) if ids else None
    return None if isinstance(value, list) or value is None else str(value)


def _near_miss(a: str, b: str) -> bool:
    """Two identifiers one slip apart: the same digits in another order, or one or two characters changed."""
    if sorted(a) == sorted(b):
        return True
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 2


_ECHO_KEYS = frozenset({"query", "q", "search", "request", "params", "input", "searched_for", "lookup", "term"})


def _unechoed(text: str) -> str:
    """A JSON result without the fields that echo what was asked (``"query": "23-CR-00412"``)."""
    doc = decode(text)
    if not isinstance(doc, dict) or not _ECHO_KEYS & {k.lower() for k in doc}:
        return text
    return json.dumps({k: v for k, v in doc.items() if k.lower() not in _ECHO_KEYS}, ensure_ascii=False)


def _near_miss_served(ctx: TraceContext, wanted: list[Target]) -> list[Substitution]:
    """The task names an identifier that no result holds, and a result that worked holds a near miss of it
    (``INV-10425`` for ``INV-10452``): what a fuzzy search served in its place."""
    results = [s for s in ctx.trace.of_kind(StepKind.TOOL_RESULT) if not ctx.failed(s)]
    for w in wanted:
        if w.kind != "identifier" or any(w.held_by(_unechoed(s.text)) for s in results):
            continue
        if not re.search(r"[A-Za-z]", w.text) and len(w.key) < 5:
            continue  # "180 days": a bare short number is no document's identity
        full = alnum(w.text)  # with its prefix: "RFC 3912" is the result's "RFC3921" written apart
        for s in results:
            for m in _IDENT.finditer(s.text):
                token = _SPACED_PREFIX.sub("", m.group(0))
                if _shape(token) == w.shape and alnum(token) != w.key and _near_miss(alnum(token), w.key):
                    return [Substitution(w, m.group(0), s)]
                cand = alnum(m.group(0))
                if cand != full and _letters(cand) == _letters(full) != "" and _near_miss(cand, full):
                    return [Substitution(w, m.group(0), s)]
    return []


def _letters(key: str) -> str:
    return "".join(c for c in key if c.isalpha())


_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:[ \t]+(?:[A-Z][A-Za-z0-9]*|\d+[A-Za-z]*)){1,3}\b")


def _near_miss_named(ctx: TraceContext) -> list[Substitution]:
    """The task names something by a proper name of two to four words ("Corvane XT") that no result holds, and a
    result that worked holds the same name but for one word a slip away ("Corvane ST"): a fuzzy match served in
    its place."""
    task = ctx.trace.task
    results = [s for s in ctx.trace.of_kind(StepKind.TOOL_RESULT) if not ctx.failed(s)]
    texts = [_unechoed(s.text[:20_000]) for s in results]
    for m in _NAME.finditer(task):
        words = m.group(0).split()
        head = re.escape(words[0])
        pattern = re.compile(rf"\b{head}" + "".join(r"[ \t]+([A-Za-z0-9]+)" for _ in words[1:]) + r"\b", re.IGNORECASE)
        for s, t in zip(results, texts, strict=True):
            if re.search(rf"(?<![\w-]){re.escape(m.group(0))}(?![\w-])", t, re.IGNORECASE):
                continue  # this result holds the name itself (beside a look-alike, it is a listing)
            for hit in pattern.finditer(t):
                theirs = [g.lower() for g in hit.groups()]
                ours = [w.lower() for w in words[1:]]
                differ = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
                if len(differ) == 1 and _slip(*differ[0]):
                    return [Substitution(Target(m.group(0), "identifier", m.group(0).lower(), ""), hit.group(0), s)]
    return []


def _slip(a: str, b: str) -> bool:
    """Two words of a name one slip apart ("XC" and "SC", "Vale" and "Valley"), not a plural, not numbers."""
    if min(len(a), len(b)) < 2 or a.isdigit() or b.isdigit():
        return False  # "Code E" and "Code C": classes, not names
    if a.rstrip("s") == b.rstrip("s") or a.removesuffix("es") == b.removesuffix("es"):
        return False
    if len(a) == len(b):
        return _near_miss(a, b)
    return min(len(a), len(b)) >= 3 and a[:2] == b[:2] and _edits(a, b) <= 2


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


_NOT_READY = frozenset({"processing", "pending", "draft", "unavailable", "not_available", "in_review", "embargoed"})
_ID_KEYS = re.compile(r"(?i)^(?:id|doc_id|document_id|file_id|version|edition|rev|revision|term|year)$")


def _newer_not_ready(ctx: TraceContext) -> list[Substitution]:
    """A listing shows one item not ready (``status: processing``) and a sibling that is; the agent then read
    the sibling and never the one not ready: it answered from the other edition (last year's declarations)."""
    calls = [c for c in ctx.trace.of_kind(StepKind.TOOL_CALL) if not ctx.failed(c) and ctx.result_of(c) is not None]
    asked = " ".join(str(v) for c in calls for v in c.args.values()).lower()
    for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
        if ctx.failed(s):
            continue
        recs = [r for r in _records_of(s) if isinstance(r.get("status"), str)]
        ready = [r for r in recs if str(r["status"]).lower().replace(" ", "_") not in _NOT_READY]
        for r in recs:
            if str(r["status"]).lower().replace(" ", "_") not in _NOT_READY:
                continue
            ids = [str(v) for k, v in r.items() if _ID_KEYS.match(str(k)) and isinstance(v, (str, int))]
            if not ids or any(i.lower() in asked for i in ids):
                continue
            for other in ready:
                theirs = [str(other.get(k)) for k in r if _ID_KEYS.match(str(k)) and other.get(k) is not None]
                read = [t for t in theirs if t.lower() in asked and s.index < _first_ask(calls, t)]
                if read:
                    return [Substitution(Target(ids[0], "identifier", alnum(ids[0]), _shape(ids[0])), read[0], s)]
    return []


def _first_ask(calls: list[Step], value: str) -> int:
    return min((c.index for c in calls if any(str(v).lower() == value.lower() for v in c.args.values())), default=-1)


_TASK_WORD = re.compile(r"[a-z]{3,}|\d{3,}")


def _listing_words(text: str) -> set[str]:
    """Words that may tell listed records apart: words, long numbers, the days of dates ("14 October" and
    "2025-10-14" are one day) and their months with the year ("September 2025", "2025-09-26", "PR-2025-09")."""
    months = {f"@{y}-{int(m)}" for y, m in _ISO_MONTH.findall(text)}
    months |= {f"@{y}-{MONTHS[n.lower()]}" for n, y in _NAMED_MONTH.findall(text) if n.lower() in MONTHS}
    return set(_TASK_WORD.findall(text.lower())) | {f"@{d.month}-{d.day}" for d in date_mentions(text)} | months


_ISO_MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/](0[1-9]|1[0-2])(?!\d)")
_NAMED_MONTH = re.compile(r"\b([A-Z][a-z]{2,8})\.?,?[ \t]{1,3}((?:19|20)\d\d)\b")


def _listed_other(ctx: TraceContext) -> list[Substitution]:
    """A listing offered several records and the agent read one of them, while the task's words pick out another
    that it never read: the back door asked about, the front door's sensor read ("Front door contact" for "the
    back door sensor"). Only words that tell the listed records apart count (not "door", which all share)."""
    task = _listing_words(ctx.trace.task)
    calls = [c for c in ctx.trace.of_kind(StepKind.TOOL_CALL) if not ctx.failed(c) and ctx.result_of(c) is not None]
    asked = [_asked_values(c) for c in calls]
    for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
        if ctx.failed(s):
            continue
        recs = _flat_records(s)
        recs = [r for r in recs if len(r) >= 2 and set(r) == set(recs[0])] if recs else []
        if len(recs) < 2:
            continue
        words = [{w for v in r.values() if isinstance(v, (str, int)) for w in _listing_words(str(v))} for r in recs]
        common = set.intersection(*words)
        values = [{str(v).lower() for v in r.values() if isinstance(v, (str, int))} for r in recs]
        read = {
            i for i, vs in enumerate(values) for a, c in zip(asked, calls, strict=True) if c.index > s.index and a & vs
        }
        for i in read:
            mine = (words[i] - common) & task
            for j, theirs in enumerate(words):
                if j in read or j == i:
                    continue
                extra = ((theirs - common) & task) - mine - words[i]
                if extra:
                    spaced = (str(v) for v in recs[i].values() if isinstance(v, str) and " " in v)
                    name = next(spaced, record_name(recs[i]))
                    step = next(c for a, c in zip(asked, calls, strict=True) if c.index > s.index and a & values[i])
                    wanted = " ".join(sorted(w.replace("@", "date ") for w in extra))
                    return [Substitution(Target(wanted, "identifier", alnum(wanted), ""), name, step)]
    return []


def _stale_listed(ctx: TraceContext) -> list[Substitution]:
    """A listed record marked no longer in force (or, for a task that asks for the latest, an older one) read in
    place of the current one the listing holds (``formaljudge.extract._stale``)."""
    done = [c for c in ctx.trace.of_kind(StepKind.TOOL_CALL) if not ctx.failed(c) and ctx.result_of(c) is not None]
    for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
        if ctx.failed(s):
            continue
        recs = _flat_records(s)
        recs = [r for r in recs if len(r) >= 2 and set(r) & set(recs[0])] if recs else []
        if len(recs) < 2:
            continue
        found = stale_read(ctx.trace.task, recs, [(c.index, _asked_values(c)) for c in done if c.index > s.index])
        if found is not None:
            step = ctx.trace.steps[found.call_index]
            return [Substitution(Target(found.current, "identifier", alnum(found.current), ""), found.read, step)]
    return []


def substitutions(ctx: TraceContext) -> list[Substitution]:
    """Targets of the task that no successful call asked for, while one asked for a same-shaped other."""
    trace = ctx.trace
    wanted = targets(trace.task)
    reads = [
        c
        for c in trace.of_kind(StepKind.TOOL_CALL)
        if not ctx.failed(c) and ctx.result_of(c) is not None and not _SEARCH_TOOLS.search(c.tool or "")
    ]
    out: list[Substitution] = []
    for w in wanted:
        if any(w.held_by(_asked(ctx, c, w)) for c in reads):
            continue
        for c in reads:
            other = w.same_shape(_asked(ctx, c, w))
            if other is not None:
                out.append(Substitution(w, other, c))
                break
    return (
        out
        or _changed_on_retry(ctx)
        or _same_name_other(ctx)
        or _served_other(ctx)
        or _period_other(ctx)
        or [Substitution(Target(a, "identifier", a.lower(), ""), b, step) for a, b, step in period_served_other(ctx)]
        or _returned_other(ctx)
        or _near_miss_served(ctx, wanted)
        or _near_miss_named(ctx)
        or _newer_not_ready(ctx)
        or _listed_other(ctx)
        or _stale_listed(ctx)
        or [
            Substitution(Target(a, "identifier", a.lower(), ""), b, step)
            for a, b, step in neighbour_cited(ctx) or neighbour_read(ctx)
        ]
    )


def substitution_fact(ctx: TraceContext) -> tuple[bool, list[Evidence], str]:
    subs = substitutions(ctx)
    first_user = next(iter(ctx.trace.of_kind(StepKind.USER)), None)
    ev = [
        Evidence.of(first_user, quote=x.wanted.text, note="the task names this")
        for x in subs
        if first_user and x.wanted.text.lower() in first_user.text.lower()
    ]
    ev += [Evidence.of(x.step, note=f"obtained {x.instead!r} instead") for x in subs]
    return bool(subs), ev, "; ".join(f"{x.wanted.text!r} was not obtained; {x.instead!r} was read" for x in subs)
