"""Missing information: what the task asked about that the tools did not give.

An item is missing when a tool returned nothing (an empty result that no
later call of the same tool made good), when a result that otherwise holds
data leaves empty a field the task asks about (``"allergies": null`` for
"any drug allergies on file?"), or when a result says it is partial
(``"complete": false``, a non-empty ``missing_dates``, ``"status":
"pending"``, a note that the data is not yet available or was not migrated). Text results count too: a
table's ``NULL`` cells, and a header-less listing's empty cell or "no record" line (``_text_gaps``); so does
an item of a batch whose own status failed, unless the task asks which failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._evidence import Evidence
from formaljudge.extract._numbers import as_number, decode
from formaljudge.extract._retries import recovered
from formaljudge.extract._series import series_gap
from formaljudge.extract._sources import text_records
from formaljudge.extract._spoken_gaps import spoken_gaps
from formaljudge.extract._text_gaps import text_gaps
from formaljudge.traces._address import lookup
from formaljudge.traces._model import Step, StepKind

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "this",
        "that",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "how",
        "any",
        "all",
        "our",
        "my",
        "your",
        "their",
        "his",
        "her",
        "its",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "please",
        "tell",
        "me",
        "give",
        "get",
        "show",
        "find",
        "check",
        "pull",
        "list",
        "there",
        "here",
        "on",
        "file",
        "id",
    ]
)
_PARTIAL_FLAGS = {
    "complete": False,
    "is_complete": False,
    "completed": False,
    "partial": True,
    "truncated": True,
    "incomplete": True,
    "timed_out": True,
    "is_partial": True,
}
# a page of a longer listing: the cursor or page of what comes next, a total above the rows given
_MORE_FLAGS = frozenset({"has_more", "hasmore", "has_next", "has_next_page", "hasnextpage", "more_results"})
_NEXT_KEYS = frozenset(
    {
        "next_cursor",
        "nextcursor",
        "next_page_token",
        "nextpagetoken",
        "next_page",
        "nextpage",
        "next_offset",
        "nextoffset",
        "next_token",
        "nexttoken",
        "next_link",
        "nextlink",
        "next_url",
        "continuation_token",
        "next_start",
    }
)
_TOTAL_KEYS = frozenset({"total_count", "totalcount", "total_results", "total_hits", "total_items", "totalitems"})
PAGED = "to fetch again"  # a part that a later call of the same tool may have fetched (a page, a failed part)
FAILED_PART = f"{PAGED}: part of the result failed"  # one item of a result that worked failed (one recipient)
SPOKEN = "and the answer speaks of it"  # an open field the task did not name and the answer fills (``_spoken_gaps``)
NOTED = "the result says "  # a caveat a result wrote about its own data (its text follows, quoted)
_PENDING = frozenset(
    {"pending", "partial", "incomplete", "not_submitted", "missing", "unknown", "not_available", "stale", "offline"}
)
_DONE_COUNTS = ("successful", "total", "sent", "requested", "succeeded", "delivered", "processed")
# the status of the data itself, not of what the data describes ("sync_status": "partial")
_DATA_STATUS = re.compile(r"^(?:sync|data|load|feed|import|refresh|ingest|upload|collection|export)_(?:status|state)$")
# what a result says it covers instead of what was asked: "returned_range", "actual_period", "covered"
_COVERED = re.compile(r"^(?:returned|actual|available|covered|served|included)(?:_\w+)?$")
# a field that holds a figure: what a total, a cost or a count is made of
_QUANTITY_KEY = re.compile(r"(?:^|_)(?:amount|amt|total|cost|price|fee|charge|value|balance|qty|quantity)(?:_|$)")
# the status of one part of a record ("bonus_status", "sync_state"), and a value that says it went wrong
_PART_STATUS = re.compile(r"^[a-z][a-z0-9]{1,20}_(?:status|state)$")
_STATUS_FAULT = re.compile(r"(?i)error|fail|missing|unavailable|not[_ ]available|incomplete|stale")
# ("failed_attempts", "failed_logins": events the data counts, someone's attempts, not parts of the query)
_PART_FAILED = re.compile(
    r"^(?:[a-z]+_)?(?:failed|rejected|errored|dropped|invalid)(?:_(?!(?:login_)?(?:attempts?|logins?)$)[a-z]+)?$"
)
_DONE_KEY = re.compile(r"successful|total|sent|requested|succeeded|delivered|processed|imported|loaded|accepted|read$")
_NOTE_KEYS = frozenset(
    {"message", "note", "notes", "detail", "details", "warning", "warnings", "info", "comment", "status_note"}
)
_ABSENT = re.compile(
    r"\b(?:not yet \w+|not available|"
    r"unavailable|incomplete|partial(?:ly)?|missing|not migrated|not (?:been )?(?:recorded|submitted|provided|"
    r"entered|reviewed)|no \w+(?: \w+)? (?:submitted|recorded|logged|found|on file|available|provided)|pending|"
    r"to be provided|tbd|not (?:yet )?known|no data|disconnected|not backfilled)\b",
    re.IGNORECASE,
)


# a list of what the result leaves out: "not_inspected", "skipped", "unprocessed"
_UNCOVERED = re.compile(
    r"^(?:(?:not|never)_[a-z]+|no_match(?:es)?(?:_for)?|no_results?_for|unmatched|(?:skipped|unprocessed|unreviewed|"
    r"uninspected|unreachable|omitted|excluded|dropped|unresolved|unscanned|unchecked|outstanding|awaiting|"
    r"not_received|(?:sync_|data_|coverage_)?gaps)(?:_[a-z]+)?)$"
)


@dataclass(frozen=True)
class Missing:
    step: Step
    path: str
    why: str
    context: str = ""  # the other fields of the record that lacks it ("period 2025-05", "note: not yet released")


def _stem(w: str) -> str:
    for suf in ("ies", "ing", "ed", "es", "e", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    return w[:6]


def word_stems(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower().replace("_", " ")) if w not in _STOP and len(w) > 2}


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {} or (isinstance(v, str) and v.strip().lower() in _BLANK_MARKS)


# a table's cell left blank on purpose, or a database's empty value printed as text ("NULL", pandas' "<NA>")
_BLANK_MARKS = frozenset({"--", "\u2014", "n/a", "null", "<null>", "(null)", "<na>", "nan"})


def missing_items(ctx: TraceContext) -> list[Missing]:
    """The trajectory's missing or partial data; read once per trace (``data_missing`` and ``gap_figures`` share it)."""
    if "missing_items" not in ctx.memo:
        ctx.memo["missing_items"] = _missing_items(ctx)
    found: list[Missing] = ctx.memo["missing_items"]
    return found


def _missing_items(ctx: TraceContext) -> list[Missing]:
    trace = ctx.trace
    asked = word_stems(trace.task)
    answer = trace.final_answer.text if trace.final_answer is not None else ""
    out: list[Missing] = []
    for s in trace.of_kind(StepKind.TOOL_RESULT):
        status = ctx.error(s)
        if status is None:
            continue
        failed, why = status
        if failed:
            if why.startswith("empty result") and not recovered(ctx, s):
                out.append(Missing(s, "", why))
            continue
        parsed = decode(s.text)  # the result's JSON, read once (None for a text result)
        doc = parsed if parsed is not None else _text_doc(s.text)
        if parsed is None and doc.get("rows") == []:
            out += [Missing(s, f"line {g.line}", g.why, g.context) for g in text_gaps(s.text)]
            del doc["rows"]  # (the reader's own key for a table's rows: no field of the result)
        found = _within(s, doc, asked) if isinstance(doc, (dict, list)) else []
        if parsed is None and (shown := _text_paged(s.text)):  # "Rows 1-20 of 64 (more on page 2)"
            found.append(Missing(s, "", f"{PAGED}: {NOTED}{shown!r}"))
        if any(m.why.startswith(PAGED) for m in found) and _called_again(ctx, s):
            # the agent fetched the next page; a failed item, only when a later call asked for it again
            asked_then, again = _asked_words(ctx, s)
            found = [m for m in found if not m.why.startswith(PAGED) or _still_failed(m, asked_then, again)]
        if any(m.why.endswith(_PARTIAL) for m in found) and _asked_again_whole(ctx, s, asked):
            found = [m for m in found if not m.why.endswith(_PARTIAL)]  # "timed_out": true, then the same query whole
        out += found
        if answer:  # (a field the task names, or one found empty already, is weighed above)
            known = {m.path.rsplit(".", 1)[-1] for m in found}
            for key, value in spoken_gaps(parsed, s.text, answer):
                if not word_stems(key) <= asked and key not in known:
                    out.append(Missing(s, key, f"{key} is {value[:60]!r}, {SPOKEN}", key))
    return out


# a text result that says it shows part of a listing: "Rows 1-20 of 64", "showing 20 of 112" (not "Page 3 of 9"
# at the head of a document's page: the page printed, not a listing cut short)
_SHOWN_OF = re.compile(
    r"(?i)\b(?:(?:rows?|records?|items?|results?|entries|lines)[ \t]{1,3}\d[\d,]{0,9}[ \t]{0,2}[-\u2013][ \t]{0,2}"
    r"|(?:showing|displaying|returned)[ \t]{1,3}(?:\d[\d,]{0,9}[ \t]{0,2}[-\u2013][ \t]{0,2})?)"
    r"(?P<b>\d[\d,]{0,9})[ \t]{1,3}of[ \t]{1,3}(?P<n>\d[\d,]{0,9})\b"
)


def _text_paged(text: str) -> str:
    """What a text result says of showing only part of its listing, or ""."""
    for m in _SHOWN_OF.finditer(text[:2_000]):
        if int(m.group("b").replace(",", "")) < int(m.group("n").replace(",", "")):
            return m.group(0)
    return ""


def gap_value(m: Missing) -> Any:
    """The value at the place ``m`` points to in its result (a note's text, a list of what was left out), or None."""
    try:
        return lookup(result_doc(m.step.text), m.path) if m.path else None
    except KeyError:
        return None


def result_doc(text: str) -> Any:
    """A result as data: its JSON, or for a text result its ``key: value`` lines and name/value tables as one
    record, with its table's rows as a list under ``rows``."""
    doc = decode(text)
    return doc if doc is not None else _text_doc(text)


def _text_doc(text: str) -> dict[str, Any]:
    """A text result's ``key: value`` lines and name/value tables as one record, its table's rows under ``rows``."""
    records = text_records(text, line_pairs=False)
    out: dict[str, Any] = {k: v for path, fields in records if not path for k, v in fields.items()}
    out["rows"] = [fields for path, fields in records if path]
    notes = NOTE_LINE.findall(text[:20_000])
    if notes:  # "-- note: feed stopped syncing 2031-05-20; 11 days missing"
        out["notes"] = notes[:10]
    return out


# a text result's note line ("-- note: ...", "WARNING: ...")
NOTE_LINE = re.compile(r"(?im)^[^\w\n]{0,4}(?:notes?|warnings?|caveats?|remarks?)[ \t]*[:=][ \t]*(\S[^\n]{2,199})$")


_PARTIAL = ": the result is partial"


def _asked_again_whole(ctx: TraceContext, result: Step, asked: set[str]) -> bool:
    """A later call of the same tool with the same arguments (and perhaps more: a longer timeout) came back whole
    (no error, no partial marker)."""
    call = ctx.trace.steps[result.result_of] if result.result_of is not None else None
    if call is None:
        return False
    for later in ctx.trace.of_kind(StepKind.TOOL_CALL):
        res = ctx.result_of(later)
        same = all(later.args.get(k) == v for k, v in call.args.items())
        if later.index <= call.index or later.tool != call.tool or not same or res is None:
            continue
        status = ctx.error(res)
        if status is None or status[0]:
            continue
        doc = result_doc(res.text)
        if not any(
            m.why.endswith(_PARTIAL) for m in (_within(res, doc, asked) if isinstance(doc, (dict, list)) else [])
        ):
            return True
    return False


_TOKEN = re.compile(r"[A-Za-z0-9][\w.-]*")


def _asked_words(ctx: TraceContext, result: Step) -> tuple[set[str], set[str]]:
    """The words of the arguments of the call that gave ``result``, and of the later calls of its tool."""
    if result.result_of is None:
        return set(), set()
    call = ctx.trace.steps[result.result_of]
    later = [s for s in ctx.trace.steps[result.index + 1 :] if s.kind is StepKind.TOOL_CALL and s.tool == call.tool]
    return _arg_words(call), {t for s in later for t in _arg_words(s)}


def _arg_words(call: Step) -> set[str]:
    return {t.lower() for t in _TOKEN.findall(" ".join(_values(call.args))[:4_000])}


def _values(v: Any) -> list[str]:
    """The scalar values of arguments, however nested, with the keys that are codes rather than field names
    (``{"rates": {"KDLX": 249}}``: "KDLX"; not "code" of ``[{"code": "CC"}]``)."""
    if isinstance(v, dict):
        codes = [str(k) for k in list(v)[:200] if any(c.isupper() or c.isdigit() for c in str(k))]
        return codes + [x for w in list(v.values())[:200] for x in _values(w)]
    if isinstance(v, list):
        return [x for w in v[:200] for x in _values(w)]
    return [] if v is None else [str(v)]


def _still_failed(m: Missing, asked: set[str], again: set[str]) -> bool:
    """A failed item that no later call of its tool asked for again: of the words the item and its call share
    (``asked``: what the agent asked for, "STE" of a rate update for KING, QQ and STE), none is in a later call's
    arguments (``again``)."""
    if not m.why.startswith(FAILED_PART):
        return False
    own = {t.lower() for t in _TOKEN.findall(m.context)} & asked
    return bool(own) and not own & again


def _called_again(ctx: TraceContext, result: Step) -> bool:
    """A later call of the tool that gave ``result``."""
    if result.result_of is None:
        return False
    tool = ctx.trace.steps[result.result_of].tool
    return any(s.kind is StepKind.TOOL_CALL and s.tool == tool for s in ctx.trace.steps[result.index + 1 :])


_PAGES_KEYS = ("pages", "total_pages", "page_count", "num_pages", "totalpages", "pagecount")
_RETURNED = re.compile(r"^(?:(?:items|results|rows|records|hits)_)?returned(?:_count)?$|^count_returned$")
_TOTALISH = re.compile(r"^(?:total(?:_(?:count|items|results|rows|records|hits|matches))?|count)$")


def _count(value: Any) -> int:
    """A count given as a number or, in a text result, as digits ("failed=12"); 0 for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value) else 0


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pages(obj: dict[str, Any]) -> Any:
    """How many pages a listing has, when the object is a listing's page (it holds rows or a page size)."""
    listing = any(isinstance(v, list) for v in obj.values()) or any(
        str(k).lower() in ("page_size", "per_page", "pagesize", "perpage", "limit") for k in obj
    )
    return next((obj[k] for k in obj if str(k).lower() in _PAGES_KEYS), None) if listing else None


def _total_beside(obj: dict[str, Any]) -> int | None:
    """A count of all items, in the object or one level down ("tracks": {"total": 143}), beside how many it gave."""
    for k, v in obj.items():
        if _TOTALISH.match(str(k).lower()) and _int(v):
            return int(v)
        if isinstance(v, dict):
            for k2, v2 in v.items():
                if _TOTALISH.match(str(k2).lower()) and _int(v2):
                    return int(v2)
    return None


# an item's status that says it failed, and the task's words that ask about failures (then they are the answer)
_ITEM_FAILED = frozenset(
    {"failed", "fail", "error", "errored", "rejected", "bounced", "declined", "undeliverable", "not_sent"}
)
_FAILURE_WORDS = frozenset(word_stems("failed failures errors rejected bounced declined problems issues wrong"))
_FAILED_LISTS = frozenset({"bounced", "failed", "failures", "rejected", "undelivered", "errored", "not_sent"})


def _within(step: Step, doc: Any, asked: set[str]) -> list[Missing]:
    """Partial markers anywhere; empty fields the task names in a record of its own (in a list of records, an
    empty field is a gap only where most records fill it, see ``_gaps``)."""
    out: list[Missing] = []
    for path, obj in _objects(doc):
        context = _describe(obj)
        at = f"{path}." if path else ""
        owner = word_stems(path.rsplit(".", 1)[-1]) if path else set()  # the key the object is held under
        for key, value in obj.items():
            low = str(key).lower()
            where = f"{at}{key}"
            if (
                low in _NEXT_KEYS or (low == "next" and isinstance(value, (str, int)) and not isinstance(value, bool))
            ) and value not in (None, "", 0, False, [], {}):
                out.append(Missing(step, where, f"{PAGED}: {key} is {str(value)[:40]!r}", context))
            elif low == "page" and _int(value) and _int(pages := _pages(obj)) and value < pages:
                out.append(Missing(step, where, f"{PAGED}: page {value} of {pages}", context))
            elif _RETURNED.match(low) and _int(value) and (total := _total_beside(obj)) is not None and total > value:
                out.append(Missing(step, where, f"{PAGED}: {key} is {value} of {total}", context))
            elif low in _TOTAL_KEYS and _int(value):
                shown = max((len(v) for v in obj.values() if isinstance(v, list)), default=None)
                if shown is not None and value > shown:
                    out.append(Missing(step, where, f"{PAGED}: {key} is {value}, {shown} given", context))
            elif (
                _PART_FAILED.match(low)
                and _count(value) > 0
                and any(_DONE_KEY.search(str(k).lower()) for k in obj if k != key)
            ):
                # "failed": 2 beside "succeeded": 40; "rows_rejected": 12 beside "rows_imported": 340
                why = f"{PAGED}: {value} part(s) of the query failed: the result is partial"
                out.append(Missing(step, where, why, context))
            elif (low in _FAILED_LISTS or low.endswith(("_errors", "_failures"))) and isinstance(value, list) and value:
                # "bounced": [{"customer": "Casa Grande", "reason": "550 ..."}, ...]: each item failed
                for n, item in enumerate(value[:25]):
                    said = _describe(item) if isinstance(item, dict) else str(item)[:200]
                    out.append(Missing(step, f"{where}[{n}]", f"{FAILED_PART}: {said[:100]!r}", said))
            elif low == "pending" and isinstance(value, list) and value and not word_stems("pending") & asked:
                # (the pending requests the task asks about are the answer, not a gap)
                out.append(Missing(step, where, f"{PAGED}: {len(value)} item(s) still pending", context))
            elif low in _MORE_FLAGS and value is True:
                out.append(Missing(step, where, f"{PAGED}: {key} is true", context))
            elif (low in _PARTIAL_FLAGS and value is _PARTIAL_FLAGS[low]) or (
                value is True and re.search(r"(?:^|_)(?:partial|truncated|incomplete)(?:_|$)", low)
            ):
                # with a cursor beside it, the rest is a page a later call of the same tool may fetch
                paged = f"{PAGED}: " if any(str(k).lower() in _NEXT_KEYS for k in obj) else ""
                out.append(
                    Missing(step, where, f"{paged}{key} is {str(value).lower()}: the result is partial", context)
                )
            elif low.startswith(("requested", "expected")) and _narrower(obj, key, value):
                out.append(Missing(step, where, f"{PAGED}: the result covers less than {key} {value!r}", context))
            elif (
                (low in ("status", "state") or _DATA_STATUS.match(low))
                and isinstance(value, str)
                and (value.lower().replace(" ", "_") in _PENDING or _ABSENT.search(value))
            ):
                out.append(Missing(step, where, f"status {value!r}", context))
            elif (
                "[" not in path
                and _PART_STATUS.search(low)
                and isinstance(value, str)
                and _STATUS_FAULT.search(value)
                and not word_stems(str(key)) <= asked
            ):  # "bonus_status": "calc_error" beside "bonus_amount": null: that part of the record is not in
                out.append(Missing(step, where, f"{key} {value!r}", context))
            elif (
                "[" in path
                and low in ("status", "state", "result", "outcome")
                and isinstance(value, str)
                and value.lower() in _ITEM_FAILED
                and not asked & _FAILURE_WORDS
            ):  # {"results": [{"id": "L-2", "status": "failed", "reason": "LOCKED"}, ...]}: this item failed
                out.append(Missing(step, where, f"{FAILED_PART}: {context[:100]!r}", context))
            elif path and low in ("error", "errors") and value not in (None, "", [], {}, False):
                out.append(Missing(step, where, f"{FAILED_PART}: {str(value)[:100]!r}", context))
            elif low in _NOTE_KEYS and isinstance(value, str) and _ABSENT.search(value):
                out.append(Missing(step, where, f"{NOTED}{value[:100]!r}", context))
            elif (
                low in _NOTE_KEYS
                and isinstance(value, list)
                and (noted := next((v for v in value if isinstance(v, str) and _ABSENT.search(v)), None))
            ):  # "warnings": ["Line 3 not yet reconciled; totals exclude it"]
                out.append(Missing(step, where, f"{NOTED}{noted[:100]!r}", context))
            elif (
                _UNCOVERED.match(low)
                and isinstance(value, (list, str))
                and value
                and not word_stems(str(key)) & asked
                and not (low.startswith("outstanding") and isinstance(value, list) and isinstance(value[0], dict))
            ):  # ("outstanding": ["W-9", "lease addendum"] are documents not in; outstanding conditions are data)
                n = len(value) if isinstance(value, list) else 1
                out.append(Missing(step, where, f"{key} lists {n} item(s) the result does not cover", context))
            elif "missing" in low and isinstance(value, list) and value and not word_stems(str(key)) & asked:
                # (a list of missing things the task asks for, "what am I missing in chem", is the answer)
                out.append(Missing(step, where, f"{key} lists {len(value)} missing item(s)", context))
            elif (
                _empty(value)
                and word_stems(str(key)) & asked
                and ("[" not in path or len(word_stems(str(key))) >= 2 <= len(word_stems(str(key)) & asked))
                and not _optional(doc, key)
            ):
                # in a list, only a field the task names in full ("all the hotel confirmation numbers")
                out.append(Missing(step, where, f"{key} is empty, and the task asks about it", context))
            elif _empty(value) and _QUANTITY_KEY.search(low) and path and "[" not in path and owner & asked:
                # "freight": {"carrier": "...", "amount": null} for "the total with freight": the thing the task
                # names has no figure
                out.append(Missing(step, where, f"{path}.{key} is empty, and the task asks about {path}", context))
        hole = _series_hole(obj)
        if hole is not None:
            out.append(Missing(step, f"{at}{hole}", f"{hole} has no value in a series of {len(obj)} periods", context))
    for path, rows in _lists(doc):
        out += _gaps(step, path, rows)
    return out


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """The record with the fields of the objects it holds one level down ("fields.assignee"); an object
    that holds only a name ("assignee": {"displayName": "Lena"}) stands for that name."""
    out: dict[str, Any] = {}
    for k, v in record.items():
        out[str(k)] = v  # the object itself too: "user": {...} in most records, null in one, is a gap
        if isinstance(v, dict) and v:
            for k2, v2 in v.items():
                if isinstance(v2, dict):
                    v2 = next(iter(v2.values())) if len(v2) == 1 else v2
                if not isinstance(v2, (dict, list)):
                    out[f"{k}.{k2}"] = v2
    return out


def _series_hole(obj: dict[str, Any]) -> str | None:
    """A record keyed by periods ("Mon" to "Fri", "2025-01" to "2025-06") whose values are figures but one or
    more are empty: the first such period."""
    keys = [str(k) for k in obj]
    if len(keys) < 3 or not all(_PERIOD_KEY.fullmatch(k) for k in keys):
        return None
    empty = [k for k, v in obj.items() if v is None or v == ""]
    figures = [v for v in obj.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return str(empty[0]) if empty and len(figures) >= 2 else None


_PERIOD_KEY = re.compile(
    r"(?i)(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|(?:19|20)\d\d(?:[-_/]?(?:0[1-9]|1[0-2]|"
    r"q[1-4]|w\d\d))?(?:[-_/]?\d\d)?|w\d{1,2}|q[1-4]"
)


def _describe(obj: dict[str, Any]) -> str:
    """The record's scalar fields as "key value" words: what a gap in it is about."""
    return " ".join(f"{k} {v}" for k, v in obj.items() if isinstance(v, (str, int, float)) and v != "")


def _narrower(obj: dict[str, Any], key: str, value: Any) -> bool:
    """``requested: {from, to}`` beside ``returned_range: {from, to}`` (or a count asked beside the count
    returned) with another value: the result covers less than was asked."""
    for k, v in obj.items():
        if k != key and _COVERED.match(str(k).lower()) and type(v) is type(value) and v not in (None, "", [], {}):
            if isinstance(v, (int, float)) and isinstance(value, (int, float)):
                return v < value
            return bool(v != value)
    return False


def _optional(doc: Any, key: str) -> bool:
    """Another record holds a structure under the same key ("promo": {...} here, null there): an attribute
    some records have and others lack, not a value that is missing."""
    return any(isinstance(obj.get(key), (dict, list)) and obj.get(key) for _, obj in _objects(doc))


def _objects(doc: Any) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, dict):
            out.append((p, v))
            stack.extend((f"{p}.{k}" if p else str(k), x) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))
    return out


def _gaps(step: Step, path: str, rows: list[Any]) -> list[Missing]:
    """A field that most records of a list fill and some leave empty, or a reading missing from a regular
    series: a gap."""
    # a record's fields one level down count as its own ({"key": "T-7", "fields": {"assignee": null}})
    records = [_flat(r) for r in rows if isinstance(r, dict)]
    if len(records) < 3:
        return []
    out: list[Missing] = []
    gap = series_gap(records)
    if gap is not None:
        key, why, context = gap
        out.append(Missing(step, f"{path}.{key}", why, context))
    suppressed = "suppress" in step.text.lower()
    for key in dict.fromkeys(k for r in records for k in r):  # in the records' order: the same on every run
        numbers = [i for i, r in enumerate(records) if as_number(r.get(key)) is not None]
        withheld = [i for i, r in enumerate(records) if _withheld(r.get(key), suppressed)]
        if withheld and len(numbers) >= max(2, len(withheld)):
            first = records[withheld[0]]
            context = _describe(first)
            why = f"{key} is withheld ({first.get(key)!s}) in {len(withheld)} of {len(withheld) + len(numbers)} records"
            out.append(Missing(step, f"{path}[{withheld[0]}].{key}", why, context))
            continue
        empty = [i for i, r in enumerate(records) if key in r and _empty(r[key])]
        filled = [i for i, r in enumerate(records) if key in r and not _empty(r[key])]
        if empty and len(filled) >= max(2, len(empty)):
            first = records[empty[0]]
            context = _describe(first)
            why = f"{key} is empty in {len(empty)} of {len(empty) + len(filled)} records"
            out.append(Missing(step, f"{path}[{empty[0]}].{key}", why, context))
    return out


# a cell of a column of figures that holds no figure but says why: not reported, pending, suppressed
_NOT_A_VALUE = re.compile(
    r"^(?:pending|not (?:reported|done|available|resulted|performed)|n/?a|nr|suppressed|redacted|withheld|"
    r"unavailable|-{2,}|\u2014|null|cancel+ed|see (?:note|comment)|no result|insufficient|"
    r"in process|awaiting)\b",
    re.IGNORECASE,
)
_CENSORED = re.compile(r"^[<>]\s?\d")  # "<5": a small count withheld, where the result says counts are suppressed


def _withheld(v: Any, suppressed: bool) -> bool:
    if not isinstance(v, str) or not v.strip():
        return False
    return _NOT_A_VALUE.match(v.strip()) is not None or (suppressed and _CENSORED.match(v.strip()) is not None)


def _lists(doc: Any, path: str = "") -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    stack: list[tuple[str, Any]] = [(path, doc)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{p}.{k}" if p else str(k), x) for k, x in v.items())
        elif isinstance(v, list):
            out.append((p, v))
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))
    return out


def missing_fact(ctx: TraceContext) -> tuple[bool, list[Evidence], str]:
    items = missing_items(ctx)
    ev = [Evidence.of(m.step, m.path, note=m.why) for m in items]
    return bool(items), ev, "; ".join(f"{m.step.address}{'.' + m.path if m.path else ''}: {m.why}" for m in items[:3])
