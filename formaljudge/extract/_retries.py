"""Was a failed call made good later? A retry asks the same tool for the same thing.

A later call retries a failed one when it asks for the same object: the same
tool (or a variant of it, ``kb_search_cached`` for ``kb_search``, or any tool
with the very same arguments) with the same arguments, but for those that say
how to ask (a query's wording, an encoding, a page size, a timeout) and for
spelling (separators and case). A call of the same tool about another
object (the next zone's thermostat, another file) does not make the first
good, nor does a later call whose result is itself a failure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from bisect import bisect_left
from datetime import date, timedelta
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import json_objects
from formaljudge.traces._model import Step, StepKind

_ALNUM = re.compile(r"[^a-z0-9]")
_HOW = re.compile(
    r"(?i)^(?:query|q|sql|search|text|prompt|question|keywords?|limit|page|page_size|per_page|offset|cursor|sort|"
    r"page_token|next_token|next_page_token|continuation_token|pagination_token|starting_after|"
    r"order_by|format|encoding|timeout|timeout_s|timeout_ms|retries|mode|fields|include|expand|verbose|options|"
    r"wait|wait_seconds|endpoint|replica|source|cache|fuzzy|max_results|top|k|n|dry_run|comment|note|reason|"
    r"body|content|message|description|summary)$"
)


def _norm(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str) if not isinstance(v, str) else v.strip().lower()


def identity(call: Step) -> dict[str, str]:
    """The arguments that say which object a call is about: all but how it asks (a query's wording, a page
    size, a format, a timeout)."""
    return {k: _norm(v) for k, v in call.args.items() if not _HOW.search(k)}


def _variant(a: str | None, b: str | None) -> bool:
    a, b = (a or "").lower(), (b or "").lower()
    return bool(a) and (a == b or a in b or b in a)


@functools.lru_cache(maxsize=8192)  # the same pairs of argument values come back for every later call
def same_object(mine: str, theirs: str | None) -> bool:
    """The same value spelled again ("2025-05" for "2025_05", "HO 4471" for "HO-4471"), or reached by another
    route ("prod-east-private" for "prod-east": a word added after a separator). Another character or digit is
    another object ("tstat-z2" and "tstat-z3", "v4.2" and "v4.2.1")."""
    if theirs is None:
        return False
    a, b = mine.lower(), theirs.lower()
    if _ALNUM.sub("", a) == _ALNUM.sub("", b) or _same_day_or_week(a, b):
        return True
    digits_a, digits_b = re.findall(r"\d+", a), re.findall(r"\d+", b)
    if sum(len(d) for d in digits_a) >= 5 and _in_order(digits_a, digits_b):
        return True  # "POL 2024 88213" and "HO3-2024-88213": the same number, written with another prefix
    if _same_groups(a, b) or _same_groups(b, a) or _leads(a, b) or _leads(b, a):
        return True
    return b.startswith(a) and re.fullmatch(r"[-_ .:/](?:[a-z]+[-_ .:/]?)+", b[len(a) :]) is not None


def _same_groups(a: str, b: str) -> bool:
    """The same letters and the same numbers, padded or with the century written ("KX23-000481" and
    "KX-2023-0481", "0614-2207-18" and "00614-2207-18")."""
    if re.sub(r"[^a-z]", "", a) != re.sub(r"[^a-z]", "", b):
        return False
    da, db = re.findall(r"\d+", a), re.findall(r"\d+", b)
    if len(da) != len(db) or sum(len(d) for d in da) < 5:
        return False
    return all(
        int(x) == int(y) or (len(x) == 2 and len(y) == 4 and y[:2] in ("19", "20") and y[2:] == x)
        for x, y in zip(da, db, strict=True)
    )


def _leads(a: str, b: str) -> bool:
    """``b`` is ``a`` spelled without its spaces or separators and then goes on past a separator ("88
    Elmgrove Rd, Dunmere" and "88 Elm Grove Rd, Dunmere, ZX4 1PQ")."""
    key = _ALNUM.sub("", a)
    if len(key) < 12 or not any(c.isdigit() for c in key):
        return False
    i = 0
    for ch in b:
        if i == len(key):
            return not ch.isalnum()
        if ch.isalnum():
            if ch != key[i]:
                return False
            i += 1
    return False


_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_SLASH_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")


def _days(text: str) -> set[date]:
    """The days a date argument may mean (``10/01/2024``: October 1 or January 10)."""
    out: set[date] = set()
    m = _ISO_DAY.match(text)
    readings = [(m.group(1), m.group(2), m.group(3))] if m else []
    m = _SLASH_DAY.match(text)
    if m:
        readings += [(m.group(3), m.group(1), m.group(2)), (m.group(3), m.group(2), m.group(1))]
    for y, mo, d in readings:
        with contextlib.suppress(ValueError):  # not a day ("2024-13-01")
            out.add(date(int(y), int(mo), int(d)))
    return out


def _same_day_or_week(a: str, b: str) -> bool:
    """One day written in two formats (``10/01/2024`` and ``2024-10-01``), or a day and the ISO week that
    holds it (``2024-11-11`` and ``2024-W46``): the same object asked for again."""
    days_a, days_b = _days(a), _days(b)
    if days_a and days_b:
        return bool(days_a & days_b)
    weeks = [_ISO_WEEK.match(x) for x in (a, b)]
    for week, days in ((weeks[0], days_b), (weeks[1], days_a)):
        if week and days:
            wanted = (int(week.group(1)), int(week.group(2)))
            return any(d.isocalendar()[:2] == wanted for d in days)
    return False


def _in_order(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(d == x for x in it) for d in small)


def is_retry(failed: Step, later: Step, mine: dict[str, str] | None = None) -> bool:
    """Does ``later`` ask for the same thing as ``failed`` (both tool calls)? ``mine``: ``identity(failed)``,
    when the caller has it already."""
    if failed.args and later.args == failed.args:
        return True
    if not _variant(failed.tool, later.tool):
        return False
    mine = identity(failed) if mine is None else mine
    theirs = identity(later)
    return all(
        theirs.get(k) == v
        or same_object(v, theirs.get(k))
        or (k not in theirs and any(same_object(v, t) for t in theirs.values()))  # "contract" -> "contract_id"
        for k, v in mine.items()
    )


_WORDS = re.compile(r"[A-Za-z0-9][\w.-]*[A-Za-z0-9]")


@functools.lru_cache(maxsize=1024)  # one failed result is weighed against every later call
def _words_of(text: str) -> frozenset[str]:
    """The words a failed result says, less the settings it echoes (``port=443``, ``timeout=15``: how the
    failed connection was made, not advice on how to ask)."""
    return frozenset(w.lower() for w in _WORDS.findall(_SETTING.sub(" ", text)))


_SETTING = re.compile(r"\b[A-Za-z_]{1,30}\s?=\s?\d[\d.]{0,20}")


def follows_advice(failed: Step, call: Step, later: Step) -> bool:
    """Does ``later`` ask the way the failed result said to ask: through a tool it names ("v1 retired; use
    get_spend_v2") or by an argument it names ("refine by policy_no")? A value it offers instead ("latest
    available: the 2022 release") is another object, not a way of asking, and does not count."""
    return _advised(_words_of(failed.text[:600]), call, later)


def _advised(said: frozenset[str], call: Step, later: Step) -> bool:
    """``follows_advice`` given the failed result's words."""
    if later.tool and later.tool != call.tool and later.tool.lower() in said:
        return True
    return any(k.lower() in said for k in later.args if k not in call.args)


# a result that rejects the request itself (an unknown id, a bad token), not a failure of the service
_REQUEST_ERROR = re.compile(
    r"(?i)not[ _]?found|unknown|invalid|no such|does ?n[o']t exist|unrecogni[sz]ed|not recogni[sz]ed|bad[ _]request"
    r"|malformed|must (?:be|come|match)|\b(?:400|404|422)\b|\bno \w+ (?:with|matching|named|for)\b"
)


def _said(ctx: TraceContext) -> str:
    """What the user wrote (the task and later turns), letters and digits only."""
    users = " ".join(s.text for s in ctx.trace.of_kind(StepKind.USER))
    return _ALNUM.sub("", f"{ctx.trace.task} {users}".lower())


def resolved(ctx: TraceContext, old: str, new: str, before: int) -> bool:
    """A result that worked, before step ``before``, holds ``new`` in a record that also names ``old`` (a lookup
    that turned "sandvik" into athlete "RPC-017"): the same object under its proper identity."""
    old_k, new_k = _ALNUM.sub("", old.lower()), _ALNUM.sub("", new.lower())
    if len(old_k) < 3 or len(new_k) < 2:
        return False
    for s in ctx.trace.of_kind(StepKind.TOOL_RESULT):
        if s.index >= before or ctx.failed(s):
            continue
        for rec in json_objects(s.text, 500):
            values = [_ALNUM.sub("", str(v).lower()) for v in rec.values() if isinstance(v, (str, int))]
            if new_k in values and any(old_k in v for v in values if v != new_k):
                return True
    return False


def corrected(ctx: TraceContext, failed: Step, call: Step, later: Step) -> bool:
    """Does ``later`` ask again for what ``call`` meant, with the request put right? The failed result rejected
    the request (an unknown id, an invalid token), and each argument that changed was either the agent's own
    guess (the user never wrote it), dropped, or resolved by a lookup to the new value."""
    if not _variant(call.tool, later.tool) or not _REQUEST_ERROR.search(failed.text[:600]):
        return False
    mine, theirs = identity(call), identity(later)
    said = None
    for k, v in mine.items():
        if k not in theirs or theirs[k] == v or same_object(v, theirs[k]):
            continue
        said = _said(ctx) if said is None else said
        if _users(v, said) and not resolved(ctx, v, theirs[k], later.index):
            return False
    return True


def _users(value: str, said: str) -> bool:
    """Did the user give this value: its digits ("PM-INC-4471" for "the INC-4471 postmortem", "v3.8.0" for
    "the 3.8.0 release"), or, with fewer than two digits, the whole of it ("sandvik")?"""
    digits = "".join(re.findall(r"\d", value))
    return digits in said if len(digits) >= 2 else _ALNUM.sub("", value.lower()) in said


def retries(ctx: TraceContext, call: Step) -> list[Step]:
    """Later calls that retried ``call`` and succeeded."""
    out = []
    mine = identity(call)
    for s in ctx.trace.steps[call.index + 1 :]:
        retry = s.kind is StepKind.TOOL_CALL and is_retry(call, s, mine)
        if retry and ctx.result_of(s) is not None and not ctx.failed(s):
            out.append(s)
    return out


def recovered(ctx: TraceContext, result: Step) -> bool:
    """A failed tool result whose call was retried with success.

    Answers are kept in ``ctx.recovery`` (a guard hands in one dict for a whole session): a recovery stays
    one, and a "not yet" is looked at again only from the first retry whose result had not come.
    """
    if result.result_of is None:
        return False
    call = ctx.trace.steps[result.result_of]
    hit = ctx.recovery.get(result.index)
    if hit is not None and hit[0]:
        return True
    steps = ctx.trace.steps
    again = len(steps)
    mine = identity(call)
    # what ``is_retry``, ``corrected`` and ``follows_advice`` ask of the failed result, once for every later call:
    # a call of a tool that is no variant of this one retries it only with the very same arguments, and is
    # never a correction
    rejected = _REQUEST_ERROR.search(result.text[:600]) is not None
    said = _words_of(result.text[:600])
    variants: dict[str | None, bool] = {}
    at, calls, names = _calls(ctx)
    for j in range(bisect_left(at, hit[1] if hit is not None else call.index + 1), len(calls)):
        s = calls[j]
        variant = variants.get(s.tool)
        if variant is None:
            variant = variants[s.tool] = _variant(call.tool, s.tool)
        if variant:
            again_asked = is_retry(call, s, mine) or (rejected and corrected(ctx, result, call, s))
        else:
            again_asked = bool(call.args) and s.args == call.args
        # advice names the call's tool or one of its arguments: none of them among the words, no advice taken
        if not (again_asked or (not said.isdisjoint(names[j]) and _advised(said, call, s))):
            continue
        if ctx.result_of(s) is None:
            again = min(again, s.index)  # its result may come later
        elif not ctx.failed(s):
            ctx.recovery[result.index] = (True, s.index)
            return True
    if _split_and_covered(ctx, call):
        ctx.recovery[result.index] = (True, call.index)
        return True
    ctx.recovery[result.index] = (False, again)
    return False


def _calls(ctx: TraceContext) -> tuple[list[int], list[Step], list[frozenset[str]]]:
    """The trace's tool calls (their indices, the calls, the lower-cased names of each one's tool and
    arguments), listed once per trace for every failed result weighed against them."""
    got: tuple[list[int], list[Step], list[frozenset[str]]] | None = ctx.memo.get(_CALLS)
    if got is None:
        calls = ctx.of_kind(StepKind.TOOL_CALL)
        names = [frozenset([*([s.tool.lower()] if s.tool else []), *(k.lower() for k in s.args)]) for s in calls]
        got = ctx.memo[_CALLS] = ([s.index for s in calls], calls, names)
    return got


_CALLS = "retries: tool calls"


def _range(call: Step) -> tuple[list[str], date, date] | None:
    """The date range a call asks for (``from``/``to``, ``start``/``end``): its two keys and days."""
    found = [(k, d) for k, v in call.args.items() if isinstance(v, str) for d in sorted(_days(v.strip()))[:1]]
    if len(found) != 2:
        return None
    (k1, d1), (k2, d2) = sorted(found, key=lambda kd: kd[1])
    return [k1, k2], d1, d2


def _split_and_covered(ctx: TraceContext, call: Step) -> bool:
    """A failed call for a date range asked again in parts ("range too large": October to mid-November, then
    the rest): later calls of the same tool, alike but for their dates, that succeeded and cover every day."""
    asked = _range(call)
    if asked is None:
        return False
    keys, lo, hi = asked
    rest = {k: v for k, v in identity(call).items() if k not in keys}
    parts = []
    for s in ctx.trace.steps[call.index + 1 :]:
        if s.kind is not StepKind.TOOL_CALL or s.tool != call.tool or ctx.result_of(s) is None or ctx.failed(s):
            continue
        theirs = _range(s)
        if theirs is not None and {k: v for k, v in identity(s).items() if k not in theirs[0]} == rest:
            parts.append((theirs[1], theirs[2]))
    reach = lo
    for a, b in sorted(parts):
        if a > reach + timedelta(days=1):
            return False
        reach = max(reach, b)
    return len(parts) >= 2 and reach >= hi
