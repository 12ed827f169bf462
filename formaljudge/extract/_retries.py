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
from bisect import bisect_left, insort
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from formaljudge.extract._context import TraceContext, kind_selector
from formaljudge.extract._numbers import json_objects
from formaljudge.ir._selector import StepSelector
from formaljudge.traces._model import Step, StepKind

_T = TypeVar("_T")
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


def is_retry(
    failed: Step, later: Step, mine: dict[str, str] | None = None, theirs: dict[str, str] | None = None
) -> bool:
    """Does ``later`` ask for the same thing as ``failed`` (both tool calls)? ``mine`` and ``theirs``:
    ``identity(failed)`` and ``identity(later)``, when the caller has them already."""
    if failed.args and later.args == failed.args:
        return True
    if not _variant(failed.tool, later.tool):
        return False
    mine = identity(failed) if mine is None else mine
    theirs = identity(later) if theirs is None else theirs
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
    """``follows_advice`` given the failed result's words. An argument the error names is a way of asking only
    for a call of the same kind of tool ("query by member_no" and then ``member_lookup(member_no=...)``); another
    kind of tool that happens to take it ("card may be linked to the unit" and then ``assign_driver(unit=...)``)
    does another thing."""
    if later.tool and later.tool != call.tool and later.tool.lower() in said:
        return True
    if not (call.tool == later.tool or _tool_words(call.tool) & _tool_words(later.tool)):
        return False
    return any(k.lower() in said for k in later.args if k not in call.args)


# words of a tool's name that say how it asks, not what it acts on
_GENERIC_TOOL_WORDS = frozenset(
    {"get", "set", "list", "fetch", "find", "search", "lookup", "query", "read", "api", "run", "create", "update"}
)


@functools.lru_cache(maxsize=1024)
def _tool_words(tool: str | None) -> frozenset[str]:
    """The words of a tool's name ("badge_deactivate", "getBadgeStatus"), less the generic ones."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tool or "")
    words = (w for w in re.findall(r"[a-z]{3,}", spaced.lower()) if w not in _GENERIC_TOOL_WORDS)
    return frozenset(_singular(w) for w in words)


def _singular(word: str) -> str:
    """ "policies" -> "policy", "boxes" -> "box", "cards" -> "card" ("status" and "class" kept)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")) and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# a result that rejects the request itself (an unknown id, a bad token), not a failure of the service
_REQUEST_ERROR = re.compile(
    r"(?i)not[ _]?found|unknown|invalid|no such|does ?n[o']t exist|unrecogni[sz]ed|not recogni[sz]ed|bad[ _]request"
    r"|malformed|must (?:be|come|match)|\b(?:400|404|422)\b|\bno \w+ (?:with|matching|named|for)\b"
    # the option asked for is gone (a slot, a seat, a room): another one the agent picked puts the request right
    r"|slot[ _]?full|fully[ _]booked|sold[ _]out|(?:at|reached|over)[ _]capacity|capacity[ _](?:reached|exceeded)"
    r"|no[ _]availability|already[ _](?:booked|taken|reserved)|\bis full\b"
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


@dataclass
class _Failed:
    """What ``recovered`` knows of one failed result, kept for as long as the steps it read stay the same.

    What it asks of the failed result is read once; the later calls before ``upto`` were weighed (none of them
    made the call good, and none is waiting for its result), and the date ranges among them that worked are in
    ``parts``. A recovery stays one, but for one found by a correction alone: that holds only while the user has
    not written the value the agent put right, so it is weighed again when the user says more.
    """

    call: Step
    mine: dict[str, str]
    rejected: bool  # the result rejects the request itself (see ``corrected``)
    said: frozenset[str]  # the result's words (advice it gives)
    span: tuple[list[str], date, date] | None  # the date range the call asks for
    rest: dict[str, str]  # the rest of its identity
    variants: dict[str | None, bool] = field(default_factory=dict)  # by tool: a variant of the call's tool
    upto: int = 0
    parts: list[tuple[date, date]] = field(default_factory=list)
    by: int | None = None  # the later call that made it good (the call itself: a range asked again in parts)
    heard: tuple[str, int] | None = None  # by a correction alone: the task and how many user turns it was weighed on

    @classmethod
    def of(cls, call: Step, result: Step) -> _Failed:
        span = _range(call)
        mine = identity(call)
        rest = {k: v for k, v in mine.items() if k not in span[0]} if span is not None else {}
        text = result.text[:600]
        rejected = _REQUEST_ERROR.search(text) is not None
        return cls(call, mine, rejected, _words_of(text), span, rest, upto=call.index + 1)


def recovered(ctx: TraceContext, result: Step) -> bool:
    """A failed tool result whose call was retried with success (asked again, put right, asked the way the
    result advised), or, for a date range, asked again in parts that worked and cover it.

    What is known of each failed result is kept in ``ctx.recovery`` (a guard hands in one dict for a whole
    session): each check weighs only the calls it has not weighed yet.
    """
    if result.result_of is None:
        return False
    st: _Failed | None = ctx.recovery.get(result.index)
    if st is None or st.call.index != result.result_of or st.upto > max(ctx.fixed, st.call.index + 1):
        st = _Failed.of(ctx.trace.steps[result.result_of], result)
        if result.index < ctx.fixed:
            ctx.recovery[result.index] = st
    if st.by is not None:
        if st.heard is None or st.heard == _heard(ctx):
            return True
        later = ctx.trace.steps[st.by]
        if corrected(ctx, result, st.call, later):
            st.heard = _heard(ctx)
            return True
        # the user has now written what the agent changed: weighed again from the start
        st.upto, st.parts, st.by, st.heard = st.call.index + 1, [], None, None
    call = st.call
    steps = ctx.trace.steps
    again = ctx.fixed  # the calls from here on may not be the same at the next check
    at = ctx.indices(kind_selector(StepKind.TOOL_CALL))
    parts: list[tuple[int, date, date]] = []
    for j in range(bisect_left(at, st.upto), len(at)):
        s = steps[at[j]]
        if s.index >= again and ctx.result_of(s) is None:
            continue  # waiting for its result past the fixed steps (the proposed call): looked at again anyway
        variant = st.variants.get(s.tool)
        if variant is None:
            variant = st.variants[s.tool] = _variant(call.tool, s.tool)
        retry = corrects = False
        if variant:
            retry = is_retry(call, s, st.mine, _identity(ctx, s))
            corrects = not retry and st.rejected and corrected(ctx, result, call, s)
        else:  # another tool asked the same: a retry only when it names the same thing ("fetch_claim" for
            # "get_order"), not another part of it ("list_order_notes")
            retry = bool(call.args) and s.args == call.args and _tool_words(call.tool) == _tool_words(s.tool)
        # advice names the call's tool or one of its arguments: none of them among the words, no advice taken
        if not retry and not st.said.isdisjoint(_names(ctx, s)) and _advised(st.said, call, s):
            retry, corrects = True, False
        span = _part(st, s)
        if not (retry or corrects or span is not None):
            continue
        if ctx.result_of(s) is None:
            again = min(again, s.index)  # its result may come later
        elif not ctx.failed(s):
            if retry or corrects:
                if s.index < ctx.fixed:  # kept: a call past the fixed steps may not be there next time
                    st.by, st.heard = s.index, _heard(ctx) if corrects else None
                return True
            if span is not None:
                parts.append((s.index, span[1], span[2]))
    if _covered(st, [(a, b) for _, a, b in parts]):
        if all(i < ctx.fixed for i, _, _ in parts):
            st.by = call.index
        return True
    st.parts += [(a, b) for i, a, b in parts if i < again]
    st.upto = max(st.upto, again)
    return False


@dataclass
class _Watch:
    """The failed results one selector picks among a session's fixed steps, and which of them are still not
    made good, indexed by what a later call must share with one to make it good: its tool's name (a retry, a
    correction, a range asked in parts: the tool or a variant of it), its argument names (the very same
    arguments, of any tool), a word of the result (advice taken). A check weighs each new call only against
    the failures it could make good, so that its work does not grow with the failures of the session."""

    sel: StepSelector
    results_upto: int = 0  # the failed results before this index are listed
    calls_upto: int = 0  # the calls before this index are weighed against every failure listed
    pending: list[int] = field(default_factory=list)  # failures not made good, in order
    held: set[int] = field(default_factory=set)  # the same, as a set
    why: dict[int, str] = field(default_factory=dict)
    by_tool: dict[str | None, set[int]] = field(default_factory=dict)
    by_args: dict[Hashable, set[int]] = field(default_factory=dict)
    by_word: dict[str, set[int]] = field(default_factory=dict)
    variants: dict[tuple[str | None, str | None], bool] = field(default_factory=dict)
    heard: tuple[str, int] | None = None  # ``_heard`` when the failures made good by a correction alone were weighed
    corrected: set[int] = field(default_factory=set)  # those failures

    def hold(self, ctx: TraceContext, result: Step, why: str) -> None:
        """``result`` is not made good (yet): kept in order and indexed."""
        insort(self.pending, result.index)
        self.held.add(result.index)
        self.why[result.index] = why
        st: _Failed | None = ctx.recovery.get(result.index)
        if st is None:  # no call to make good (a result that names none)
            return
        self.by_tool.setdefault(st.call.tool, set()).add(result.index)
        if st.call.args:
            self.by_args.setdefault(_frozen(st.call.args), set()).add(result.index)
        for w in st.said:
            self.by_word.setdefault(w, set()).add(result.index)

    def release(self, ctx: TraceContext, index: int) -> None:
        """A failure made good: out of the index."""
        self.pending.pop(bisect_left(self.pending, index))
        self.held.discard(index)
        st: _Failed | None = ctx.recovery.get(index)
        if st is None:
            return
        self.by_tool[st.call.tool].discard(index)
        if st.call.args:
            self.by_args[_frozen(st.call.args)].discard(index)
        for w in st.said:
            self.by_word[w].discard(index)
        if st.heard is not None:
            self.corrected.add(index)

    def concerned(self, ctx: TraceContext, call: Step) -> set[int]:
        """The failures that ``call`` could make good (a superset of those it does)."""
        out: set[int] = set()
        for tool, found in self.by_tool.items():
            if found:
                variant = self.variants.get((tool, call.tool))
                if variant is None:
                    variant = self.variants[tool, call.tool] = _variant(tool, call.tool)
                if variant:
                    out |= found
        if call.args:
            out |= self.by_args.get(_frozen(call.args), set())
        for w in _names(ctx, call):
            out |= self.by_word.get(w, set())
        return out


def unrecovered_failures(
    ctx: TraceContext, failing: StepSelector, which: Callable[[Step], str | None], key: Hashable, limit: int
) -> tuple[bool, list[tuple[Step, str]]]:
    """``[(s, which(s)) for s in ctx.select(failing) if which(s) is not None and not recovered(ctx, s)]``: whether
    there is one, and the first ``limit`` of them. ``failing`` selects failed tool results (by their static fields
    alone), ``which`` keeps those of a kind and says why each failed; ``key`` names ``which``.

    For the fixed steps the list is kept in ``ctx.store`` (see ``_Watch``): a check lists the failures added since
    the last, weighs the calls added since against the failures each could make good, and weighs again those made
    good by a correction alone when the user has said more."""
    steps = ctx.trace.steps
    store_key = (_WATCH, id(failing), key)
    watch: _Watch | None = ctx.store.get(store_key)
    if watch is None or watch.sel is not failing or max(watch.results_upto, watch.calls_upto) > ctx.fixed:
        watch = ctx.store[store_key] = _Watch(failing)
    gone: set[int] = set()  # made good by a call past the fixed steps: for this trace alone

    def weigh(i: int, why: str) -> None:
        """Failure ``i`` (pending or new) weighed again: released, or held."""
        made_good = recovered(ctx, steps[i])
        st: _Failed | None = ctx.recovery.get(i)
        if st is None or not made_good or st.by is None:  # not made good, or by a call that the next check may not see
            if i not in watch.held:
                watch.hold(ctx, steps[i], why)
            if made_good:
                gone.add(i)
            return
        if i in watch.held:
            watch.release(ctx, i)
        watch.why[i] = why
        if st.heard is not None:
            watch.corrected.add(i)

    heard = _heard(ctx)
    if watch.corrected and heard != watch.heard:
        for i in sorted(watch.corrected):
            watch.corrected.discard(i)
            weigh(i, watch.why[i])
    watch.heard = heard
    # the calls added since the last check, against the failures listed then that each could make good
    at = ctx.indices(kind_selector(StepKind.TOOL_CALL))
    weighed, upto = watch.calls_upto, ctx.fixed
    for j in range(bisect_left(at, weighed), len(at)):
        call = steps[at[j]]
        if ctx.result_of(call) is None:
            upto = min(upto, call.index)  # weighed again when its result has come
            continue
        for i in sorted(watch.concerned(ctx, call)):
            # every call before ``weighed`` has its result and was weighed against this failure where it could
            # concern it: ``recovered`` need not look at them again
            st = ctx.recovery[i]
            st.upto = max(st.upto, weighed)
            weigh(i, watch.why[i])
    watch.calls_upto = max(watch.calls_upto, upto)
    # the failures added since (each weighed against every call after it)
    later: list[tuple[Step, str]] = []
    for s in ctx.select_from(failing, watch.results_upto):
        why = which(s)
        if why is None:
            continue
        if s.index >= ctx.fixed:
            if not recovered(ctx, s):
                later.append((s, why))
        else:
            weigh(s.index, why)
    watch.results_upto = max(watch.results_upto, ctx.fixed)
    pending = [i for i in watch.pending if i not in gone] if gone else watch.pending
    shown = [(steps[i], watch.why[i]) for i in pending[:limit]]
    return bool(pending or later), (shown + later)[:limit]


_WATCH = "retries: failures"


def _frozen(v: Any) -> Hashable:
    """A key for ``v`` that values equal to it (``==``) share: dicts and lists taken apart, anything else that
    cannot be hashed under one key (more values than those equal share one, never fewer)."""
    if isinstance(v, dict):
        return frozenset((k, _frozen(x)) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return tuple(_frozen(x) for x in v)
    try:
        hash(v)
    except TypeError:
        return "?"
    key: Hashable = v
    return key


def _heard(ctx: TraceContext) -> tuple[str, int]:
    """What ``corrected`` reads of the user: the task, and the user turns (by their number; earlier ones stay)."""
    return ctx.trace.task, len(ctx.indices(kind_selector(StepKind.USER)))


def _names(ctx: TraceContext, call: Step) -> frozenset[str]:
    """The lower-cased names of a call's tool and arguments (made once for a call)."""
    return _per_call(ctx, _NAMES, call, _names_of)


def _identity(ctx: TraceContext, call: Step) -> dict[str, str]:
    """``identity(call)``, made once for a call (not to be changed)."""
    return _per_call(ctx, _IDENTITY, call, identity)


def _names_of(call: Step) -> frozenset[str]:
    return frozenset([*([call.tool.lower()] if call.tool else []), *(k.lower() for k in call.args)])


def _per_call(ctx: TraceContext, what: str, call: Step, make: Callable[[Step], _T]) -> _T:
    """``make(call)``, kept for the session (a call among the fixed steps) or for this context (the others)."""
    store = ctx.store if call.index < ctx.fixed else ctx.memo
    key = (what, call.index)
    got: _T | None = store.get(key)
    if got is None:
        got = store[key] = make(call)
    return got


_NAMES = "retries: names"
_IDENTITY = "retries: identity"


def _range(call: Step) -> tuple[list[str], date, date] | None:
    """The date range a call asks for (``from``/``to``, ``start``/``end``): its two keys and days."""
    found = [(k, d) for k, v in call.args.items() if isinstance(v, str) for d in sorted(_days(v.strip()))[:1]]
    if len(found) != 2:
        return None
    (k1, d1), (k2, d2) = sorted(found, key=lambda kd: kd[1])
    return [k1, k2], d1, d2


def _part(st: _Failed, later: Step) -> tuple[list[str], date, date] | None:
    """The date range ``later`` asks for, when it asks again for part of the failed call's range: the same tool,
    alike but for its dates."""
    if st.span is None or later.tool != st.call.tool:
        return None
    theirs = _range(later)
    if theirs is None or {k: v for k, v in identity(later).items() if k not in theirs[0]} != st.rest:
        return None
    return theirs


def _covered(st: _Failed, more: list[tuple[date, date]]) -> bool:
    """A failed call for a date range asked again in parts ("range too large": October to mid-November, then
    the rest): later calls of the same tool, alike but for their dates, that succeeded and cover every day."""
    if st.span is None:
        return False
    _, lo, hi = st.span
    parts = st.parts + more
    reach = lo
    for a, b in sorted(parts):
        if reach >= hi:  # covered: a range asked after it (another month) is no gap in it
            break
        if a > reach + timedelta(days=1):
            return False
        reach = max(reach, b)
    return len(parts) >= 2 and reach >= hi
