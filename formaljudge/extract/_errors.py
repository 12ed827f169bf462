"""Is a tool result an error? Flags first, then the result's own text."""

from __future__ import annotations

import json
import re
from typing import Any

from formaljudge.traces._model import Step

_HEAD = 400
_ERROR_TEXT = re.compile(
    r"""(?ix)
    \b(?:error|exception|traceback)\b\s*[:(\[]       # "Error: ...", "Exception(", "Traceback ("
    | ^[\s"'{\[]*(?:error|failed|failure|fatal)\b    # starts with the word
    | \b(?:could\ not|cannot|can't|unable\ to|failed\ to)\ (?:find|locate|access|open|read|load|connect|complete
        |process|retrieve|fetch|send|execute|reach|parse|write|save|resolve|authenticate)
    | \b(?:not\ found|no\ such\ (?:file|directory|user|record)|permission\ denied|access\ denied|forbidden
        |unauthori[sz]ed|timed?\ ?out|connection\ refused|service\ unavailable|internal\ server\ error
        |rate\ limit(?:ed)?\ exceeded|invalid\ (?:request|argument|parameter|input|api\ key|credentials))\b
    """
)
_HTTP = re.compile(r"(?i)\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:[ _]code)?)\s*[:=]?\s*\"?([45]\d\d)\b")
_NO_DATA = re.compile(
    r"(?i)^\W*(?:no|zero|0) (?:matching |relevant )?(?:results?|records?|entries|data|items|matches|rows|files?|"
    r"documents?|emails?|messages?|events?)\b(?: (?:were )?(?:found|returned|available|match\w*))?"
)
_EMPTY = {"", "[]", "{}", "null", "none", '""', "''", "no results", "no results found", "not available"}


def _json_error(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("error", "errors", "exception", "error_message", "errorMessage"):
            v = value.get(key)
            if v not in (None, "", [], {}, False):
                return f"{key}: {str(v)[:120]}"
        if value.get("success") is False or value.get("ok") is False:
            return "success: false"
        status = value.get("status")
        if isinstance(status, str) and status.lower() in ("error", "failed", "failure"):
            return f"status: {status}"
        code = value.get("status_code", value.get("statusCode", status))
        if isinstance(code, int) and 400 <= code < 600:
            return f"status code {code}"
    return None


def classify_result(step: Step) -> tuple[bool, str]:
    """(is_error, why) for a tool result step."""
    if step.error is not None:
        return step.error, "error flag set by the source" if step.error else "source says no error"
    text = step.text.strip()
    unquoted = text.strip("\"' \n")
    if unquoted.lower() in _EMPTY:
        return True, "empty result"
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        doc = None
    if doc is not None:
        why = _json_error(doc)
        if why:
            return True, why
        if doc in ([], {}, None, ""):
            return True, "empty result"
        if isinstance(doc, dict):
            # numbers and flags aside, every field is empty and at least one is a list
            fields = [v for v in doc.values() if v is None or not isinstance(v, (int, float, bool))]
            if any(isinstance(v, list) for v in fields) and all(v in ([], None, "", {}) for v in fields):
                return True, "empty result (every list is empty)"
        return False, "structured result without error"
    head = text[:_HEAD]
    if _NO_DATA.match(head):
        return True, "empty result (no data)"
    m = _HTTP.search(head)
    if m:
        return True, f"HTTP {m.group(1)}"
    m = _ERROR_TEXT.search(head)
    if m:
        return True, f"error text: {m.group(0).strip()!r}"
    return False, "no error marker"
