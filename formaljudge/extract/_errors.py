"""Is a tool result an error? Flags first, then the result's own text.

A result is an error when the source flags it, when a structured result says
so (an ``error`` field, ``success: false``, a failing status or status code),
or when plain text opens with an error (``ERROR:``, ``OSError: [Errno 28]``,
``429 Too Many Requests``, ``HTTP 503``) or states one (``timed out``,
``permission denied``, ``was killed``). A result that holds nothing (an empty
list, ``{"results": [], "total": 0, "message": "No documents matched"}``,
``No matches.``) is an error of its own kind, "empty result". Output that
*reports* failures while the tool itself worked (a test run's ``2 failed,
183 passed``, an ``AssertionError`` inside a test log) is not an error.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from formaljudge.traces._model import Step

_HEAD = 600
_SHORT = 400  # a plain-text result this short whose first sentence says the thing is not there holds nothing else
# an error that opens the text or one of its first lines
_LINE_START = re.compile(
    r"(?m)^[\s\"'{\[]*(?:(?:[A-Z][A-Za-z]*)?(?:Error|Exception)\b|[A-Z][a-z]+(?:Timeout|Fault)\s*:|ERROR\b|error\b|[Ff]atal\b|FATAL\b|Traceback\b"
    r"|(?:[Ff]ailed|FAILED|[Ff]ailure|DENIED|REJECTED|FORBIDDEN|REFUSED|UNAUTHORI[SZ]ED)\s*:"
    r"|HTTP(?:/\d(?:\.\d)?)?\s+[45]\d\d\s+[A-Z][A-Za-z]+|(?:[a-z]+\s)?ERR!"
    # a bare status line opens the text: "503 Service Unavailable", not "610  Payment received" (a code)
    r"|[45]\d\d\s+(?:Bad|Unauthori[sz]ed|Forbidden|Not|Method|Request|Conflict|Gone|Too|Internal|Service|Gateway"
    r"|Payment|Payload|Entity|URI|Unprocessable|Precondition|Unsupported|Locked|Failed|Length|Insufficient|Network"
    r"|Proxy|Upstream|Server|Misdirected|Page|Resource|Unavailable|Expectation|Range|Upgrade|Origin"
    r"|(?-i:[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+|[A-Z]{3,}))\b)"
)
_FIRST_LINE = re.compile(
    r"(?i)^[\s\"']*(?:failed|failure)\b"
    # an error code that opens the text: "SESSION_EXPIRED: token ...", "RX_LOCKED: ...", "DOC_SERVER 409 STALE_INDEX:"
    r"|^[\s\"']{0,3}(?-i:[A-Z][A-Z0-9]{0,20}(?:[_ ][A-Z0-9]{1,20}){0,4}[_ ](?:EXPIRED|LOCKED|DENIED|INVALID|FAILED"
    r"|FAILURE|ERROR|TIMEOUT|UNAVAILABLE|NOT_FOUND|NOTFOUND|REJECTED|CONFLICT|STALE|BUSY|OFFLINE|EXCEEDED|FORBIDDEN"
    r"|UNAUTHORI[SZ]ED|REFUSED|ABORTED|DOWN)(?:_[A-Z0-9]{1,20}){0,2})\s*:"
    # a code and an HTTP-like status open the text: "E_ACL 403: ...", "SMTP 550: ..."
    r"|^[\s\"']{0,3}(?-i:E(?:RR)?_[A-Z0-9_]{1,30}|[A-Z]{2,10}_[A-Z0-9_]{1,30}|SMTP|FTP|LDAP|IMAP|GRPC|API)"
    r"[ \t]{1,3}[45]\d\d[ \t]{0,3}:"
    r"|^[\s\"']{0,3}(?-i:SMTP|FTP|LDAP|IMAP)[ \t]{1,3}[45]\d\d\b"  # "SMTP 554 5.7.1 Relay denied ..."
    # the whole result is one error code: "SCHEMA_CHECK_FAILED"
    r"|^[\s\"']{0,3}(?-i:[A-Z][A-Z0-9]{0,20}(?:_[A-Z0-9]{1,20}){0,4}_(?:FAILED|FAILURE|ERROR|DENIED|REJECTED|TIMEOUT"
    r"|INVALID|FORBIDDEN|UNAUTHORI[SZ]ED|REFUSED|ABORTED))[\s\"'.]{0,3}$"
)
_ERROR_TEXT = re.compile(
    r"""(?ix)
    \b(?:error|exception)\b\s*(?:[:(\[]|\d{3}\b)          # "Error: ...", "error 550", "Exception("
    | \b(?:SMTP|FTP|LDAP|SQL|IMAP)\s+error\b
    | \b(?:could\ not|cannot|can't|unable\ to|failed\ to)\ (?:find|locate|access|open|read|load|connect|complete
        |process|retrieve|fetch|send|execute|reach|parse|write|save|resolve|authenticate|be\ (?:parsed|retrieved
        |read|found|processed|completed|delivered|sent|opened|loaded|reached))
    | \b(?:not\ found|no\ such\ (?:file|directory|user|record|table|key)|permission\ denied|access\ denied|forbidden
        |unauthori[sz]ed|(?<![-_.])timed?\ ?out(?![-_=])|connection\ (?:refused|reset)|service\ unavailable
        |internal\ server\ error
        |bad\ gateway|gateway\ (?:error|timeout)|too\ many\ requests|rate\ limit(?:ed)?(?:\ exceeded)?
        |quota\ (?:exhausted|exceeded)|no\ space\ left|out\ of\ memory|segmentation\ fault|does\ not\ exist
        |was\ killed|sigkill|oom\ ?killed|exited\ unexpectedly|crashed|address\ rejected|mailbox\ unavailable
        |not\ responding|did\ not\ respond|status\ ?[=:]\ ?["']?(?:failed|error|failure)
        |invalid\ (?:request|argument|parameter|input|api\ key|credentials))\b
    | \b(?:error|exception)\s+[A-Z]{0,6}[-_]?\d{2,6}\b                   # "LIMS error LQ-5031: ..."
    | \b(?:query|request|job|operation|statement|call)\b[^.\n]{0,40}?\b(?:was|were|been)\s
      (?:cancell?ed|aborted|terminated)\b
    | \b(?:query|request|job|operation|statement|call|run|upload|download|transfer|export|import)\s
      (?:aborted|terminated)\b                                          # "Query aborted after 90 s"
    | \b(?:query|request|job|command|search)\s(?:was\s)?not\sexecuted\b  # "Query not executed"
    | \bno\ (?:rows|records|results|data)\ (?:were\ )?returned\b | \bno\ data\ found\b
    | \bfault(?:code|string)\s*=|<fault(?:code|string)>|\bsoap(?:env)?:(?:Client|Server)\b  # a SOAP fault
    | \b(?:try|please\ try)\ again\ later\b|\bretry\ later\b
    | \bE(?:NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|ACCES|PERM|NOENT|HOSTUNREACH|NETUNREACH|AI_AGAIN|PIPE)\b
    | \[exit\ (?:code\ )?[1-9]\d{0,2}\] | \bexit(?:ed)?(?:\ with)?\ (?:code|status)\ ?[:=]?\ ?[1-9]\d{0,2}\b
    | \bexit[=:]\ ?[1-9]\d{0,2}\b                                        # "task 12 FAILED exit=2"
    | \ban\ error\ occurred\b | \brate\ exceeded\b | \bnot\ authorized\ to\ perform\b  # a cloud CLI's error
    """
)
# Every match of ``_ERROR_TEXT`` holds one of these words (lower case). ASCII text without any of them cannot
# match, so the costly search is skipped; other text (where ``re``'s case folding reaches past ASCII, as
# the long s for "s") is always searched. ``tests/extract`` checks the two give the same on every result of a corpus.
_ERROR_WORDS = (
    "error",
    "exception",
    "could not",
    "cannot",
    "can't",
    "unable to",
    "failed to",
    "not found",
    "no such ",
    "denied",
    "forbidden",
    "unauthori",
    "timeout",
    "time out",
    "timedout",
    "timed out",
    "connection ",
    "unavailable",
    "gateway",
    "too many requests",
    "rate limit",
    "quota ",
    "no space left",
    "out of memory",
    "segmentation fault",
    "does not exist",
    "was killed",
    "sigkill",
    "oomkilled",
    "oom killed",
    "exited unexpectedly",
    "crashed",
    "address rejected",
    "not responding",
    "did not respond",
    "not executed",
    "status",
    "invalid ",
    "enotfound",
    "econnrefused",
    "econnreset",
    "etimedout",
    "eacces",
    "eperm",
    "enoent",
    "ehostunreach",
    "enetunreach",
    "eai_again",
    "epipe",
    "exit",
    "rate exceeded",
    "not authorized",
    "cancel",
    "aborted",
    "terminated",
    "returned",
    "no data found",
    "fault",
    "soap",
    "again later",
    "retry later",
)
_HTTP_WORDS = ("http", "status")  # as _ERROR_WORDS, for ``_HTTP``
_NOT_THERE_WORDS = ("not",)  # as _ERROR_WORDS, for ``_NOT_THERE``
_HTTP = re.compile(r"(?i)\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:[ _]code)?)\s*[:=]?\s*\"?([45]\d\d)\b")
_NO_DATA = re.compile(
    r"(?i)^\W*(?:no|zero|0) (?:matching |relevant )?(?:results?|records?|entries|data|items|matches|rows|files?|"
    r"documents?|emails?|messages?|events?|hits)\b(?: (?:were )?(?:found|returned|available|match\w*))?"
)
_NOT_THERE = re.compile(
    r"(?i)\b(?:is|are|was|were|has|have)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:available|published|released|loaded|"
    r"uploaded|posted|issued)\b|\bnot yet (?:available|published|released)\b"
)
_NO_SUCH = re.compile(r"(?i)^\W*no \w+(?: \w+)? (?:with|matching|named|under|for (?:id|number|code))\b")
_EMPTY = {"", "[]", "{}", "null", "none", '""', "''", "no results", "no results found", "not available"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
# the first characters of a JSON text (``json.loads`` fails on any other, NaN and Infinity included)
_JSON_START = frozenset('{["-0123456789tfnNI')

_ERROR_KEYS = ("error", "errors", "exception", "error_message", "errorMessage", "error_code", "errorCode", "fault")
_FALSE_MEANS_FAILED = ("success", "ok", "succeeded", "saved", "sent", "created", "completed")
_FAILED_STATUS = frozenset(
    {
        "error",
        "failed",
        "failure",
        "fail",
        "rejected",
        "denied",
        "declined",
        "blocked",
        "forbidden",
        "unauthorized",
        "timeout",
        "timed_out",
        "not_found",
        "unavailable",
        "aborted",
        "killed",
        "invalid",
        "bounced",
        "undeliverable",
        "undelivered",
    }
)
# fields that describe a result rather than carry its data
_MESSAGE_KEYS = frozenset(
    {"message", "msg", "error_msg", "detail", "details", "note", "notes", "info", "warning", "hint", "reason"}
)
_ECHO_KEYS = frozenset({"query", "q", "filter", "filters", "params", "request", "status", "code"})
_COUNT_KEYS = re.compile(r"(?i)^(?:total|count|matches|hits|num\w*|n|size|length|\w*_count|count_\w*|results?)$")
_ABSENCE = re.compile(
    r"(?i)\b(?:not (?:yet )?(?:available|found|published|codified|submitted|logged|migrated|recorded)|unavailable"
    r"|no \w+(?: \w+)? (?:found|matched|exist|logged|submitted|available|returned)|does not exist|could not)\b"
)


def _json_error(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    for key in _ERROR_KEYS:
        v = value.get(key)
        if v in (None, "", [], {}, False):
            continue
        if (
            key == "fault"
            and not isinstance(v, dict)
            and not _holds_no_data({k: x for k, x in value.items() if k != key})
        ):
            continue  # "fault": "pump_seal_leak" in a repair ticket: what the ticket is about, not a SOAP fault
        return f"{key}: {str(v)[:120]}"
    for key in _FALSE_MEANS_FAILED:
        if value.get(key) is False:
            return f"{key}: false"
    status = value.get("status")
    code = value.get("status_code", value.get("statusCode", status))
    if isinstance(code, str) and code.strip().isdigit():
        code = int(code)
    if isinstance(code, int) and not isinstance(code, bool) and 400 <= code < 600:
        return f"status code {code}"
    bare = value.get("code")  # {"code": 401, "message": "Unauthorized: ..."}: a bare status and why, nothing else
    if isinstance(bare, int) and not isinstance(bare, bool) and 400 <= bare < 600 and _holds_no_data(value):
        return f"status code {bare}"
    norm = status.lower().replace(" ", "_").replace("-", "_") if isinstance(status, str) else ""
    if not _holds_no_data(value):  # a record with data: its status describes the thing, not the call ...
        if norm in _FAILED_STATUS and len(value) <= 4 and any(_error_said(v) for v in value.values()):
            return f"status: {status}"  # ... unless a short record says why the call failed ("smtp": "550 ...")
        return None
    if norm in _FAILED_STATUS:
        return f"status: {status}"
    notes = [str(v) for k, v in value.items() if k.lower() in _MESSAGE_KEYS and isinstance(v, str)]
    if norm and any(_ABSENCE.search(n) for n in notes):
        return f"status: {status} ({notes[0][:100]})"
    return None


def _error_said(v: Any) -> bool:
    """A field's text states an error: "550 5.1.1 Recipient address rejected", "Error: quota exceeded"."""
    return isinstance(v, str) and (
        re.match(r"\s{0,3}[45]\d\d\b", v) is not None or _ERROR_TEXT.search(v[:300]) is not None
    )


def _holds_no_data(value: dict[str, Any]) -> bool:
    """Every field is a message, an echo of the request, a zero count or empty."""
    for k, v in value.items():
        key = k.lower()
        if key in _MESSAGE_KEYS or key in _ECHO_KEYS or key.endswith("_id") or key == "id":
            continue
        if v in ([], {}, None, ""):
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v == 0 and _COUNT_KEYS.match(key):
            continue
        return False
    return True


def _json_empty(doc: Any) -> str | None:
    if doc in ([], {}, None, ""):
        return "empty result"
    if isinstance(doc, dict) and doc and _holds_no_data(doc):
        hollow = [k for k, v in doc.items() if k.lower() not in _MESSAGE_KEYS and (v in ([], {}, None, "") or v == 0)]
        if hollow and not all(k.lower() in _PROBLEM_LISTS for k in hollow):
            return "empty result (no records)"
    return None


# lists of problems: empty, they report that there are none ({"alerts": []}), not that the data is missing
_PROBLEM_LISTS = frozenset(
    {
        "alerts",
        "warnings",
        "errors",
        "issues",
        "flags",
        "holds",
        "violations",
        "exceptions",
        "interactions",
        "recalls",
        "incidents",
        "complaints",
        "defects",
        "conflicts",
    }
)


# a short text result that gives what was asked for a status of not being there: "order A-12: not_found"
_NOT_FOUND_STATUS = re.compile(
    r"(?i)[^\n:]{1,80}:[ \t]*(?:not[_ -]?found|does[_ -]not[_ -]exist|unknown[_ -]id)"
    r"[ \t]*[.!]?[ \t]*$"
)


def classify_result(step: Step, asked: str = "") -> tuple[bool, str]:
    """(is_error, why) for a tool result step; ``why`` starts with "empty result" for results that hold nothing.

    ``asked`` is the call's arguments: an error phrase the call searched for ("Out of memory" in a log search)
    is what the result is about, not a failure of the call."""
    if step.error is not None:
        return step.error, "error flag set by the source" if step.error else "source says no error"
    text = step.text.strip()
    unquoted = text.strip("\"' \n")
    if unquoted.lower() in _EMPTY:
        return True, "empty result"
    doc = _json(text) if text[:1] in _JSON_START else None  # no exception raised and caught for plain text
    if doc is not None or text in ("null",):
        why = _json_error(doc) or _json_empty(doc)
        if why:
            return True, why
        return False, "structured result without error"
    head = text[:_HEAD]
    if _NO_DATA.match(head):
        return True, "empty result (no data)"
    low = asked.lower()
    m = _LINE_START.search(head) or _FIRST_LINE.search(head)
    if m:
        line = head[m.start() :].split("\n", 1)[0].strip()
        if not (low and _searched_for(line, low)):
            return True, f"error text: {line[:80]!r}"
    # ASCII text without these words cannot match ``_HTTP`` or ``_ERROR_TEXT``: the costly searches are skipped
    plain = head.isascii()
    hlow = head.lower() if plain else ""
    m = _HTTP.search(head) if not plain or _mentions(hlow, _HTTP_WORDS) else None
    if m:
        return True, f"HTTP {m.group(1)}"
    for m in _ERROR_TEXT.finditer(head) if not plain or _mentions(hlow, _ERROR_WORDS) else ():
        if not (low and m.group(0).strip().lower() in low):
            return True, f"error text: {m.group(0).strip()!r}"
    if len(text) > _SHORT:
        return False, "no error marker"
    if _NO_SUCH.match(head) or _NOT_FOUND_STATUS.match(head):
        return True, "empty result (no such item)"  # "No invoice with id INV-10452.", "order A-1: not_found"
    end = _SENTENCE_END.search(head)
    first = head if end is None else head[: end.start()]
    if (not plain or _mentions(hlow[: len(first)], _NOT_THERE_WORDS)) and _NOT_THERE.search(first):
        return True, "empty result (not available)"  # "Formulary for plan year 2025 is not published ..."
    return False, "no error marker"


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _mentions(low: str, words: tuple[str, ...]) -> bool:
    """Does the lower-cased ASCII text hold one of ``words``? Many words: one pass of RE2 where installed."""
    rx = _words_rx(words) if len(words) > 4 else None
    # ASCII, so its bytes are its characters: RE2's wrapper maps no offsets
    return any(w in low for w in words) if rx is None else rx.search(low.encode()) is not None


@lru_cache(maxsize=8)
def _words_rx(words: tuple[str, ...]) -> Any:
    """The words as one RE2 alternation (linear, one pass over the text), or None without RE2 (then each word
    is looked for in turn; ``re``'s alternation is slower than that)."""
    try:
        import re2
    except ImportError:
        return None
    options = re2.Options()
    options.log_errors = False
    return re2.compile("|".join(re.escape(w) for w in words), options)


def _searched_for(line: str, asked: str) -> bool:
    words = re.findall(r"[a-z]{4,}", line.lower())[:6]
    return bool(words) and sum(w in asked for w in words) >= max(2, len(words) // 2)
