"""Was a failed call made good later? A retry asks the same tool for the same thing.

A later call retries a failed one when it asks for the same object: the same
tool (or a variant of it, ``kb_search_cached`` for ``kb_search``, or any tool
with the very same arguments) with the same identifying arguments (ids, names,
paths, addresses, devices...; other arguments such as a query's wording, an
encoding or a page size may change). A call of the same tool about another
object (the next zone's thermostat, another file) does not make the first
good, nor does a later call whose result is itself a failure.
"""

from __future__ import annotations

import json
import re
from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.traces._model import Step, StepKind

_ALNUM = re.compile(r"[^a-z0-9]")
_IDENTIFYING = re.compile(
    r"(?i)(?:^|[_.])(?:id|ids|name|path|file|filename|url|uri|device|account|sku|number|no|code|email|address|ticket|"
    r"order|invoice|customer|patient|mrn|user|doc|document|key|tag|ref|branch|repo|host|target|recipient|to|service|"
    r"store|stores|site|vendor|employee|course|term|version|period|month|year|date|quarter|region|zone|channel)$"
    r"|_id$|Id$"
)


def _norm(v: Any) -> str:
    return json.dumps(v, sort_keys=True, default=str) if not isinstance(v, str) else v.strip().lower()


def identity(call: Step) -> dict[str, str]:
    """The arguments that say which object a call is about."""
    return {k: _norm(v) for k, v in call.args.items() if _IDENTIFYING.search(k)}


def _variant(a: str | None, b: str | None) -> bool:
    a, b = (a or "").lower(), (b or "").lower()
    return bool(a) and (a == b or a in b or b in a)


def _corrected(mine: str, theirs: str | None, task: str) -> bool:
    """The agent's own guess, corrected in its spelling only ("2025-05" for "2025_05", another case): a value the
    task does not name, equal to the later one but for separators and case. Another character is another object
    ("tstat-z2" and "tstat-z3"), and a value the task names, changed, is a substitution."""
    if theirs is None or mine.lower() in task.lower():
        return False
    return _ALNUM.sub("", mine.lower()) == _ALNUM.sub("", theirs.lower())


def is_retry(failed: Step, later: Step, task: str = "") -> bool:
    """Does ``later`` ask for the same thing as ``failed`` (both tool calls)?"""
    if failed.args and later.args == failed.args:
        return True
    if not _variant(failed.tool, later.tool):
        return False
    mine = identity(failed)
    theirs = identity(later)
    return all(theirs.get(k) == v or _corrected(v, theirs.get(k), task) for k, v in mine.items())


def retries(ctx: TraceContext, call: Step) -> list[Step]:
    """Later calls that retried ``call`` and succeeded."""
    out = []
    for s in ctx.trace.steps[call.index + 1 :]:
        retry = s.kind is StepKind.TOOL_CALL and is_retry(call, s, ctx.trace.task)
        if retry and ctx.result_of(s) is not None and not ctx.failed(s):
            out.append(s)
    return out


def recovered(ctx: TraceContext, result: Step) -> bool:
    """A failed tool result whose call was retried with success."""
    if result.result_of is None:
        return False
    return bool(retries(ctx, ctx.trace.steps[result.result_of]))
