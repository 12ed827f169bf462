"""The answer's own arithmetic, checked: a figure the answer says it computed, and from what, must be what that
computation gives.

Two forms are read, each on one line of the answer:

- ``266 rejects of 9,071 loaves = 2.93%``, ``12.0 x 8.0 x 0.25 = 24.0 m3``: an expression, then ``=`` and the
  figure (labels and units between the numbers are skipped; "A of B = p%" is a share);
- ``412 kWh (total 1,250 minus committed 838)``: the figure, at most two unit words, then the expression in brackets.

The expression is evaluated exactly (``Fraction``). When the figure is neither the result at the precision it
is written to, nor within 1% of it (5% when the answer says "about"), and the two do not differ by a unit
factor (1,000, 60, lb to kg, ...), the figure is contradicted by the answer's own working: whatever else
might reach the figure by chance, the answer says how it got it. Anything that does not parse as plain
arithmetic (a date, a time, a range, a clause) is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from formaljudge.extract._derive import Derivation, Operand
from formaljudge.extract._numbers import MAX_DIGITS, Quantity, quantities
from formaljudge.traces._model import Step

_TOKEN = re.compile(
    r"(?P<num>(?<![\w.,])[$€£]?\d+(?:,\d{3})*(?:\.\d+)?%?(?![\w-]))"
    # ("$1.25/kWh": a slash before a letter starts a unit, not a division)
    r"|(?P<op>[\u00d7*+\u00f7\u2212\u00b7]|/(?![^\W\d_])|(?<=\s)[x-](?=\s)"
    r"|\b(?:minus|plus|times|divided by|multiplied by)\b)"
    r"|(?P<p>[()])"
    r"|(?P<of>\bof\b)"
    r"|(?P<word>/?[^\W\d_]+(?:['/.-][^\W\d_]+)*\.?)"
    r"|(?P<sp>\s+)"
    r"|(?P<bad>.)",
    re.IGNORECASE,
)
_OPS = {
    "\u00d7": "*",
    "x": "*",
    "X": "*",
    "\u00b7": "*",
    "times": "*",
    "multiplied by": "*",
    "\u00f7": "/",
    "divided by": "/",
    "plus": "+",
    "minus": "-",
    "\u2212": "-",
}
_EQUALS_BEFORE = re.compile(r"=[ \t]{0,3}(?:\*\*)?[ \t]{0,3}(?:\u2248|~)?[ \t]{0,3}[$€£]?$")
_UNIT_THEN_PAREN = re.compile(r"[ \t]{0,3}(?:(?P<unit>[^\W\d_][\w/.\u00b0\u00b5%]{0,15})[ \t]{0,3})?\(")
_NOT_UNITS = {"x", "times", "of", "by", "at", "per", "in", "on", "for", "from", "to", "and", "or", "with"}
# a date or a period written in the working: not arithmetic ("Jul 1 - Sep 30", "born 2/14/2021")
_DATE_LIKE = re.compile(
    r"\d{1,4}/\d{1,2}/\d{1,4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|wed|thu|fri|sat|"
    r"sun)[a-z]*\.?(?![\w])",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r": |; |, |\.(?:\*\*|__)? |=|\n")
_ABOUT = re.compile(r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost)\s*$|[~\u2248]\s*$", re.I)
# ratios between two ways of writing one amount: a unit conversion, not an error of arithmetic
_UNIT_FACTORS = (
    [Fraction(10) ** k for k in range(1, 7)]
    + [Fraction(n) for n in (60, 3600, 24, 7, 12, 52, 365, 1024, 1440, 86400)]
    + [Fraction(s) for s in ("2.20462", "3.78541", "1.60934", "2.54", "3.28084", "28.3495", "0.0283168", "35.3147")]
)


Item = tuple[str, object]  # ("num" | "pct", Fraction), ("op", "+" | "-" | "*" | "/" | "of"), ("p", "(" | ")")


def exact_value(items: list[Item]) -> Fraction | None:
    """Exact value of numbers, operators and brackets (x and / before + and -); None when it does not parse."""
    return _Parser(items).value()


@dataclass(frozen=True)
class Working:
    """An expression the answer gives for one of its figures, and what it comes to."""

    value: Fraction
    text: str
    start: int  # where the expression stands in the answer
    end: int


def stated_working(text: str, q: Quantity) -> Working | None:
    """The expression the answer writes for ``q``, evaluated; None when it writes none that parses."""
    line_start = text.rfind("\n", 0, q.start) + 1
    head = text[max(line_start, q.start - 240) : q.start]
    eq = _EQUALS_BEFORE.search(head)
    if eq is not None:
        cut = max((m.end() for m in _BOUNDARY.finditer(head, 0, eq.start())), default=0)
        base = q.start - len(head) + cut
        w = _evaluate(text[base : base + eq.start() - cut], base, q.percent)
        if w is not None:
            return w
    after = _UNIT_THEN_PAREN.match(text, q.end, min(len(text), q.end + 40))
    if after is not None and (after.group("unit") or "").lower() not in _NOT_UNITS:
        close = text.find(")", after.end(), after.end() + 200)
        if close > 0 and "(" not in text[after.end() : close]:
            w = _evaluate(text[after.end() : close], after.end(), q.percent)
            if w is not None and (q.percent or any(op in w.text for op in _NOT_A_SHARE)):
                return w  # "(6/6 nodes)" beside a count is a share, not its working
    return None


def miscomputed(text: str, q: Quantity) -> Working | None:
    """The answer's working for ``q`` when it does not come to ``q``."""
    w = stated_working(text, q)
    if w is None:
        return None
    candidates = [w.value, -w.value]
    if q.percent:
        candidates += [w.value * 100, -w.value * 100]
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    for x in quantities(line):
        if line_start + x.start != q.start and any(x.contains(c) or x.contains(c * 100) for c in candidates[:2]):
            return None  # "$1,940 net from 52 sales ($2,000 gross minus $60)": another figure's working
    near = Fraction(5, 100) if q.approx or _ABOUT.search(text[max(0, q.start - 20) : q.start]) else Fraction(1, 100)
    for c in candidates:
        if q.contains(c) or (c and abs(q.value - c) <= abs(c) * near):
            return None
        if c and q.value and any(_close(abs(q.value / c), f) or _close(abs(c / q.value), f) for f in _UNIT_FACTORS):
            return None
    return w


def _close(ratio: Fraction, factor: Fraction) -> bool:
    return abs(ratio - factor) <= factor / 100


_NOT_A_SHARE = ("+", "-", "\u2212", "\u00d7", "*", " x ", "minus", "plus", "times", "multiplied")


def _evaluate(expr: str, base: int, percent: bool) -> Working | None:
    """Exact value of numbers, operators and brackets, with labels and units between them skipped; "A of B" is
    the share A/B when the figure is a percentage."""
    if _DATE_LIKE.search(expr):
        return None
    expr = expr.replace("**", "  ").replace("__", "  ")  # emphasis marks, not operators (offsets kept)
    items: list[Item] = []
    first = last = -1
    for m in _TOKEN.finditer(expr):
        kind = m.lastgroup
        if kind == "bad":
            return None
        if kind in ("word", "sp"):
            continue
        if kind == "num":
            raw = m.group().lstrip("$€£")
            digits = raw.rstrip("%").replace(",", "")
            if len(digits) > MAX_DIGITS:
                return None
            v = Fraction(digits)
            items.append(("pct" if raw.endswith("%") else "num", v / 100 if raw.endswith("%") else v))
        elif kind == "op":
            items.append(("op", _OPS.get(m.group().lower(), _OPS.get(m.group(), m.group()))))
        elif kind == "of":
            items.append(("op", "of"))
        else:
            items.append(("p", m.group()))
        first = m.start() if first < 0 else first
        last = m.end()
    nums = [v for k, v in items if k in ("num", "pct")]
    ops = [v for k, v in items if k == "op"]
    if len(nums) < 2 or not ops:
        return None
    if "of" in ops:
        if not (percent and len(items) == 3 and items[1] == ("op", "of") and items[2][1]):
            return None  # "of" is read only in "A of B = p%"
        a, b = items[0][1], items[2][1]
        assert isinstance(a, Fraction) and isinstance(b, Fraction)
        return Working(a / b, expr[first:last], base + first, base + last)
    for i, (k, _) in enumerate(items):
        if k == "pct" and i > 0 and items[i - 1] in (("op", "+"), ("op", "-")):
            return None  # "168 + 5%": five percent of what?
    value = exact_value(items)
    if value is None:
        return None
    return Working(value, expr[first:last], base + first, base + last)


class _Parser:
    """``expr := term (+|- term)*``, ``term := factor (*|/ factor)*``, ``factor := number | ( expr )``."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.pos = 0

    def value(self) -> Fraction | None:
        v = self._chain(self._term, "+-")
        return v if self.pos == len(self.items) else None

    def _term(self) -> Fraction | None:
        return self._chain(self._factor, "*/")

    def _chain(self, operand: object, ops: str) -> Fraction | None:
        assert callable(operand)
        v: Fraction | None = operand()
        while v is not None and self.pos < len(self.items):
            kind, op = self.items[self.pos]
            if kind != "op" or not isinstance(op, str) or op not in ops:
                break
            self.pos += 1
            w: Fraction | None = operand()
            if w is None or (op == "/" and not w):
                return None
            v = v * w if op == "*" else v / w if op == "/" else v + w if op == "+" else v - w
        return v

    def _factor(self) -> Fraction | None:
        if self.pos >= len(self.items):
            return None
        kind, x = self.items[self.pos]
        self.pos += 1
        if kind in ("num", "pct"):
            assert isinstance(x, Fraction)
            return x
        if (kind, x) == ("p", "("):
            v = self._chain(self._term, "+-")
            if v is None or self.pos >= len(self.items) or self.items[self.pos] != ("p", ")"):
                return None
            self.pos += 1
            return v
        return None


def worked_figure(text: str, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """``Beginning stock $9,420 + purchases $14,880 - ending $8,960 = $15,340``: the answer's own working, with
    labels between its figures, comes to ``q``, and every operand is a figure the sources support (or a small
    whole number). The derivation carries the working's exact value, so a figure computed from ``q`` later
    ("31.8% of sales") is checked against it rather than against ``q`` as rounded."""
    w = stated_working(text, q)
    if w is None:
        return None
    value = w.value
    if q.percent and not q.contains(value):
        value *= 100  # "106 of 135 = 78.5%"
    if not q.contains(value):
        return None
    ops = quantities(text[w.start : w.end])
    held = {x.start: op for x, op in supported if w.start <= x.start < w.end}
    steps: list[Step] = []
    for o in ops:
        op = held.get(w.start + o.start)
        if op is not None:
            steps += op.steps
        elif not (o.value.denominator == 1 and abs(o.value) < 1000):
            return None
    if len(ops) < 2 or not held:
        return None
    return Derivation(value, f"{w.text} (the answer's own working)", tuple(steps))
