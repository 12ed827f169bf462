"""The answer cites what the task asked for, while its figures come from a neighbour the agent read instead.

An agent asks a tool for the thing the task names (``rev 58``, ``Amendment-04``, batch ``LT-2207``), then asks
the same tool again with only that value changed to a neighbour of the same shape (``rev 57``,
``Amendment-03``, ``LT-2206``: the same letters, other digits). When the answer names the asked value, never
the neighbour, and states figures that the neighbour's result holds and the asked one's does not, the answer
presents the neighbour's data as the asked thing's: a substitution, whatever the first result said (an error,
an empty listing, "not yet published" in words the error classifier does not know). An answer that also
states a figure only the asked thing's result holds read both (a comparison), and is left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from formaljudge.extract._context import TraceContext
from formaljudge.extract._retries import identity, same_object
from formaljudge.traces._model import Step, StepKind

_CHUNK = re.compile(r"[A-Za-z]+|\d+")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MAX_CALLS = 60


def _skeleton(value: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"[^a-z0-9]+", "", value.lower()))


def _neighbours(a: str, b: str) -> bool:
    """The same letters in the same places, with other digits: "Amendment-04" and "Amendment-03"."""
    return (
        any(c.isdigit() for c in a)
        and a.lower() != b.lower()
        and _skeleton(a) == _skeleton(b)
        and re.findall(r"\d+", a) != re.findall(r"\d+", b)
        and [int(x) for x in re.findall(r"\d+", a)] != [int(x) for x in re.findall(r"\d+", b)]
    )


@lru_cache(maxsize=256)
def _pattern(value: str) -> re.Pattern[str]:
    """``value`` as written in prose: its letters and numbers in order, any separators between, leading zeros
    optional ("Amendment-04" in "Amendment 4", "K25-0419" in "k25 0419")."""
    parts = []
    for c in _CHUNK.findall(value):
        parts.append(r"0*" + str(int(c)) if c.isdigit() else re.escape(c))
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s_./#:-]{0,3}".join(parts) + r"(?![0-9])", re.IGNORECASE)


def _names(value: str, text: str) -> bool:
    return bool(_CHUNK.search(value)) and _pattern(value).search(text) is not None


def figures(text: str) -> set[str]:
    """The figures a text holds, thousands separators dropped (two digits or more)."""
    return {m.group(0).replace(",", "") for m in _DIGITS.finditer(text) if len(re.sub(r"\D", "", m.group(0))) >= 2}


def neighbour_cited(ctx: TraceContext) -> list[tuple[str, str, Step]]:
    """(asked value, neighbour value, the neighbour's call) for each substitution of this kind."""
    trace = ctx.trace
    final = trace.final_answer
    if final is None or not final.text.strip():
        return []
    answer, task = final.text, trace.task
    calls = [c for c in trace.of_kind(StepKind.TOOL_CALL) if ctx.result_of(c) is not None][:_MAX_CALLS]
    out: list[tuple[str, str, Step]] = []
    for i, c1 in enumerate(calls):
        mine = identity(c1)
        for c2 in calls[i + 1 :]:
            if c2.tool != c1.tool or ctx.failed(c2):
                continue
            theirs = identity(c2)
            if set(theirs) != set(mine):
                continue
            changed = [k for k in mine if not same_object(mine[k], theirs[k])]
            if len(changed) != 1:
                continue
            a, b = str(c1.args.get(changed[0], "")), str(c2.args.get(changed[0], ""))
            if not _neighbours(a, b) or not _names(a, task) or _names(b, task):
                continue
            if not _names(a, answer) or _names(b, answer):
                continue
            r1, r2 = ctx.result_of(c1), ctx.result_of(c2)
            assert r1 is not None and r2 is not None
            own = figures(answer) - figures(task) - figures(a) - figures(b)
            first, second = figures(r1.text), figures(r2.text)
            # figures of the neighbour's only, none of the asked one's own (an answer that reads both compares)
            if own & (second - first) and not own & (first - second):
                out.append((a, b, c2))
                break
    return out


# labels that name which one of many: a version, period, edition or part ("rev 42", "Q3", "2025-26", "week 14");
# a neighbour has the same letters and other digits
_LABEL = re.compile(
    r"(?i)\b(?:rev(?:ision)?|version|v|edition|ed|week|wk|q|quarter|amendment|release|fy|phase|lot|batch|block|"
    r"unit|route|section|term|period|no\.?)[ .#-]?\d{1,4}[a-z]?\b"
    r"|(?<![\d/.-])(?:19|20)\d\d(?:[-/](?:19|20)?\d\d)?(?![\d/.-]|-\d)"  # a year or "2025-26", not a date
)


def _labels(text: str) -> set[str]:
    return {m.group(0) for m in _LABEL.finditer(text)}


def neighbour_read(ctx: TraceContext) -> list[tuple[str, str, Step]]:
    """(asked label, neighbour label, the result) when the answer names a label the task asks for, never its
    neighbour, and states figures of a result that holds the neighbour and not the label, got by a call that
    did not ask for the label (a search, a listing, another route): the neighbour's data given as the asked."""
    trace = ctx.trace
    final = trace.final_answer
    if final is None or not final.text.strip():
        return []
    answer, task = final.text, trace.task
    asked = [a for a in _labels(task) if _names(a, answer)]
    if not asked:
        return []
    own = figures(answer) - figures(task)
    results = [r for r in trace.of_kind(StepKind.TOOL_RESULT)[:_MAX_CALLS] if not ctx.failed(r) and r.result_of]
    about: dict[int, str] = {}  # each result's text with its call's arguments: what it is about
    for r in results:
        assert r.result_of is not None
        call = trace.steps[r.result_of]
        about[r.index] = r.text + " " + " ".join(str(v) for v in call.args.values())
    out: list[tuple[str, str, Step]] = []
    for res in results:
        for a in asked:
            if _names(a, about[res.index]):
                continue
            # the answer also states the asked one's own figures: it compares the two ("a year earlier")
            if any(_names(a, about[r.index]) and own & figures(r.text) for r in results if r is not res):
                continue
            near = [b for b in _labels(res.text[:4000]) if _neighbours(a, b) and not _names(b, task)]
            near = [b for b in near if not _names(b, answer)]
            if near and own - figures(a) - figures(near[0]) & figures(res.text):
                out.append((a, near[0], res))
                break
        if out:
            break
    return out
