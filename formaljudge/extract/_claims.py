"""Claims against evidence: figures, dates and quotations in the final answer
that nothing the agent read supports.

The evidence is what the agent was given or got back: the task and other user
messages, the tool calls' arguments, and the tool results that did not fail.
A claimed figure is supported when it equals, to the precision it is written
with, a number in the evidence, a figure derived from one result (a list's
length; a column's sum, mean, minimum or maximum; the total of a result's
numbers), a simple combination of two evidence numbers (difference, ratio,
percentage change), or, for a count, the number of tool calls made.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from formaljudge.extract._context import TraceContext
from formaljudge.extract._evidence import Evidence
from formaljudge.extract._numbers import Mention, date_mentions, decode, derived_numbers, json_numbers, number_mentions
from formaljudge.traces._model import Step, StepKind

_PAIRWISE_MAX = 40  # distinct evidence numbers beyond which pairs are not tried
_QUOTE = re.compile(r"[\"“](?P<q>[^\"“”\n]{12,300})[\"”]")
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Unsupported:
    kind: str  # number | date | quote
    claim: str
    why: str
    nearest: Step | None = None
    nearest_quote: str = ""


class _Evidence:
    """Numbers, dates and text the final answer may rest on."""

    def __init__(self, ctx: TraceContext) -> None:
        trace = ctx.trace
        self.numbers: list[tuple[float, Step | None]] = []
        self.derived: list[float] = []
        self.dates: set[date] = set()
        texts: list[str] = [trace.task]
        for m in number_mentions(trace.task):
            self.numbers.append((m.value, None))
        self.dates |= {d for d, *_ in date_mentions(trace.task)}
        calls = trace.of_kind(StepKind.TOOL_CALL)
        self.derived += [float(len(calls)), float(sum(1 for c in calls if not ctx.failed(c)))]
        for s in trace.steps:
            if s.kind in (StepKind.USER, StepKind.SYSTEM):
                text = s.text
                self.numbers += [(m.value, s) for m in number_mentions(text)]
            elif s.kind is StepKind.TOOL_CALL:
                text = " ".join(str(v) for v in s.args.values())
                self.numbers += [(v, s) for v in json_numbers(s.args)]
            elif s.kind is StepKind.TOOL_RESULT and not ctx.failed(s):
                text = s.text
                doc = decode(text)
                nums = json_numbers(doc) if doc is not None else [m.value for m in number_mentions(text)]
                if doc is not None:
                    self.derived += derived_numbers(doc)
                if nums:
                    self.derived.append(sum(nums))
                self.numbers += [(v, s) for v in nums]
            else:
                continue
            self.dates |= {d for d, *_ in date_mentions(text)}
            texts.append(text)
        self.text = _fold(" ".join(texts))
        distinct = sorted({v for v, _ in self.numbers})
        if len(distinct) <= _PAIRWISE_MAX:
            for a, b in itertools.permutations(distinct, 2):
                self.derived += [a + b, a - b, a * b]
                if b:
                    self.derived += [a / b, a / b * 100, (a - b) / b * 100]
        self.pool = [v for v, _ in self.numbers] + self.derived

    def supports(self, m: Mention) -> bool:
        targets = [m.value] + ([m.value / 100] if m.percent else [])
        return any(
            abs(t - v) <= (m.tolerance if t == m.value else m.tolerance / 100) for t in targets for v in self.pool
        )

    def nearest(self, m: Mention) -> tuple[Step | None, float | None]:
        best: tuple[float, Step | None, float | None] = (float("inf"), None, None)
        for v, s in self.numbers:
            if s is not None and abs(v - m.value) < best[0]:
                best = (abs(v - m.value), s, v)
        return best[1], best[2]


def _fold(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def unsupported_claims(ctx: TraceContext, kinds: frozenset[str]) -> tuple[list[Unsupported], Step | None]:
    """The final answer's claims that the evidence does not support, and the final answer's step."""
    final = ctx.trace.final_answer
    if final is None or not final.text.strip():
        return [], final
    ev = _Evidence(ctx)
    text = final.text
    out: list[Unsupported] = []
    if "number" in kinds:
        for m in number_mentions(text, claims_only=True):
            if not ev.supports(m):
                step, v = ev.nearest(m)
                why = f"{m.text} is in no tool result, argument or user message"
                if v is not None:
                    why += f" (nearest figure read: {v:g})"
                out.append(Unsupported("number", _context(text, m.start, m.end), why, step, f"{v:g}" if v else ""))
    if "date" in kinds:
        for d, a, b, raw in date_mentions(text):
            if d not in ev.dates:
                out.append(Unsupported("date", _context(text, a, b), f"{raw} ({d.isoformat()}) is in no source"))
    if "quote" in kinds:
        for qm in _QUOTE.finditer(text):
            q = _fold(qm.group("q"))
            if len(q.split()) >= 3 and q not in ev.text:
                out.append(Unsupported("quote", qm.group(0), "quoted text that appears in no source"))
    return out, final


def _context(text: str, a: int, b: int, width: int = 50) -> str:
    lo, hi = max(0, a - width), min(len(text), b + width)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def claim_evidence(final: Step, found: list[Unsupported]) -> list[Evidence]:
    """Both sides of each contradiction: the claim in the answer, and the nearest figure read."""
    ev: list[Evidence] = []
    for u in found:
        ev.append(Evidence.of(final, quote=u.claim, note=f"{u.kind}: {u.why}"))
        if u.nearest is not None:
            ev.append(Evidence.of(u.nearest, quote=u.nearest_quote, note="nearest figure in the evidence"))
    return ev


def claims_fact(ctx: TraceContext, kinds: frozenset[str]) -> tuple[int, list[Evidence], str]:
    found, final = unsupported_claims(ctx, kinds)
    note = "; ".join(f"{u.kind}: {u.why}" for u in found[:3])
    return len(found), claim_evidence(final, found) if final is not None else [], note
