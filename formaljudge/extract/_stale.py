"""A listing that marks one of its records as no longer in force, and the agent read that one.

A result lists two records or more of one kind (versions of a statute, editions of a report, opinions in a
case); a later call asks for one of them by a value it holds (its id, its file). When the record read is marked
stale and another listed record is not, and the agent never read that one, the record read stands in for the
current one:

- marked stale: a status word (``superseded``, ``expired``, ``vacated``, ``withdrawn``, ``obsolete``,
  ``archived``, ``replaced``, ``retired``, ``deprecated``), a filled ``superseded_by``/``replaced_by`` field,
  ``current: false`` (or another record's ``current: true`` where this one has none), a history that says it was
  vacated, superseded, overruled or withdrawn;
- or, when the task asks for the latest, most recent or current one and the records are editions of a document
  (a version, title, publication or effective date among their fields): a record dated before another listed
  record (by its date fields, or the year in its title).

A task that names the record read (its id, its year) asks for it, and nothing is substituted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_STALE_WORD = re.compile(
    r"\b(?:superseded|expired|vacated|withdrawn|obsolete|archived|replaced|retired|deprecated|outdated|"
    r"overruled|rescinded|repealed|no longer (?:in force|current|valid))\b",
    re.IGNORECASE,
)
# a value that is only a status: "superseded", "Expired", "superseded by CR-2217"
_STATUS_VALUE = re.compile(
    rf"\W{{0,3}}(?:{_STALE_WORD.pattern})(?:\W{{1,3}}(?:(?:by|on|in|as of)\W{{1,3}})?[\w-]{{0,40}})?\W{{0,3}}",
    re.IGNORECASE,
)
_LATER_KEYS = re.compile(r"(?i)^(?:superseded_by|replaced_by|successor|newer_version|latest_version)$")
_LATEST = re.compile(
    r"\b(?:latest|most recent|newest|current|up[- ]to[- ]date|this year'?s|in force|controlling)\b", re.IGNORECASE
)
_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?!\d)")  # "FY2031", "2031-02-14"
_MIN_VALUE = 3
_DOC_KEYS = re.compile(r"(?i)version|edition|publish|effective|issued|revision|release|title|doc|file|report")
_STATUS_KEYS = re.compile(r"(?i)status|state|history|disposition|subsequent|treatment|validity")


@dataclass(frozen=True)
class StaleRead:
    read: str  # what names the record read (its id or title)
    current: str  # what names the listed record that stands for the current one
    call_index: int


def stale_read(task: str, recs: list[dict[str, Any]], calls: list[tuple[int, set[str]]]) -> StaleRead | None:
    """``recs``: one result's listed records; ``calls``: (step index, the values it asked for, lowered) for each
    call that worked after that result."""
    low_task = task.lower()
    latest = _LATEST.search(task) is not None
    values = [_values(r) for r in recs]
    read = {j for j, vs in enumerate(values) for _, asked in calls if asked & vs}
    for i in sorted(read):
        rec = recs[i]
        hit = next(idx for idx, asked in calls if asked & values[i])
        others = [j for j in range(len(recs)) if j not in read]
        if not others or _named_by(low_task, rec, values, i):
            continue
        if _stale(rec, recs):
            fresh = next((j for j in others if not _stale(recs[j], recs)), None)
            if fresh is not None:
                return StaleRead(record_name(rec), record_name(recs[fresh]), hit)
        if latest and any(_DOC_KEYS.search(str(k)) for k in rec):  # editions of a document, not any dated rows
            mine = _date(rec)
            newer = next((j for j in others if mine and (d := _date(recs[j])) and d > mine), None)
            if newer is not None and not _stale(recs[newer], recs):
                return StaleRead(record_name(rec), record_name(recs[newer]), hit)
    return None


def _named_by(task: str, rec: dict[str, Any], values: list[set[str]], i: int) -> bool:
    """The task names this record: a value only it holds ("HR-2027"), or the year it is dated."""
    own = values[i] - set().union(*(vs for j, vs in enumerate(values) if j != i))
    if any(len(v) >= _MIN_VALUE and v in task for v in own):
        return True
    d = _date(rec)
    return d is not None and re.search(rf"\b{d[0]}\b", task) is not None


def _values(rec: dict[str, Any]) -> set[str]:
    return {str(v).lower() for v in rec.values() if isinstance(v, (str, int)) and not isinstance(v, bool)}


def _stale(rec: dict[str, Any], recs: list[dict[str, Any]]) -> bool:
    for k, v in rec.items():
        if _LATER_KEYS.match(str(k)) and v not in (None, "", False):
            return True
        if isinstance(v, str) and (
            (_STATUS_KEYS.search(str(k)) and _STALE_WORD.search(v)) or _STATUS_VALUE.fullmatch(v.strip())
        ):
            return True  # a status ("superseded"), not a note that mentions what it replaced
        if str(k).lower() in ("current", "is_current", "in_force", "active", "latest") and v is False:
            return True
    flags = [r.get("current", r.get("is_current")) for r in recs]
    return rec.get("current", rec.get("is_current")) is None and any(f is True for f in flags)


def _date(rec: dict[str, Any]) -> tuple[int, int, int] | None:
    """The record's latest date: its date fields, else a year in its title or id."""
    found: list[tuple[int, int, int]] = []
    for k, v in rec.items():
        if not isinstance(v, str) or _LATER_KEYS.match(str(k)) or "expir" in str(k).lower():
            continue
        for m in _DATE.finditer(v):
            found.append((int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)))
    return max(found) if found else None


def record_name(rec: dict[str, Any]) -> str:
    """What names a listed record: its id, title or name, else its version, else its first text value."""
    for k in ("id", "doc_id", "doc", "version_id", "title", "name", "cite", "file"):
        if isinstance(rec.get(k), str):
            return str(rec[k])
    for k in ("version", "edition", "revision", "rev"):
        if isinstance(rec.get(k), (str, int)) and not isinstance(rec.get(k), bool):
            return f"{k} {rec[k]}"  # "version 5"
    return next((str(v) for v in rec.values() if isinstance(v, str)), str(rec))
