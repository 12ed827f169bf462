"""Claims against evidence: what the final answer states that nothing the agent read supports.

Claims are typed: figures (value, precision, sign, percentage), dates, times,
identifiers (``LEGAL-1184``, an e-mail address), names of people or
organisations, quotations, and counts against a threshold ("2 students scored
below 70"). A figure is *found* when a source holds it (after normalization:
thousands separators, currency, scale words, percent and fraction), *derived*
when a few exact steps reach it (``_derive``), *contradicted* when the data
gives the same quantity another value (a count over a column, a field of the
record the sentence is about: ``_records``), and *unsupported* otherwise. A
date is supported when a source holds it (year-less dates by month and day)
or it is a source date moved by a duration a source states; a time when a
source holds it (``3:40 PM`` is ``15:40``). Identifiers are identities: a
near miss is another identifier. Sentences that label themselves general
knowledge or estimates are not claims about the sources.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from formaljudge.extract._bare_dates import bare_dates
from formaljudge.extract._context import TraceContext
from formaljudge.extract._counted import counted_mismatches
from formaljudge.extract._derive import (
    Derivation,
    Operand,
    aggregates,
    conversions,
    group_pairs,
    is_year,
    line_product,
    line_sum,
    match_pairs,
    match_value,
    offsets,
    operand,
    pool_of,
    record_forms,
    rolling,
    scaled,
    uniq,
    unit_conversions,
)
from formaljudge.extract._evidence import Evidence
from formaljudge.extract._extremes import extreme_mismatch
from formaljudge.extract._finding import Finding
from formaljudge.extract._gaps import gap_hours, gap_names, names_gap
from formaljudge.extract._grid import grid_mismatches
from formaljudge.extract._labelled import labelled_mismatches
from formaljudge.extract._numbers import (
    MAX_DIGITS,
    PART_DURATION,
    Quantity,
    date_mentions,
    duration_seconds,
    durations_in,
    quantities,
    references,
    time_mentions,
)
from formaljudge.extract._offsets import calendar_offsets, reckoned_dates
from formaljudge.extract._quotes import quotations
from formaljudge.extract._records import bound_mismatches, row_mismatches
from formaljudge.extract._sentences import Sentence, list_blocks, sentence_at, sentences
from formaljudge.extract._siblings import sibling_formula
from formaljudge.extract._sources import Atom, Sources, alnum, collect_sources, fold, word_numbers
from formaljudge.extract._stated import Item, exact_value, miscomputed, worked_figure
from formaljudge.extract._subsets import named_sum
from formaljudge.extract._worded import worded_field
from formaljudge.traces._model import Step

ALL_KINDS = frozenset({"number", "date", "time", "identifier", "name", "quote", "count"})
_UNIT_AFTER = re.compile(
    r"^\s*(?:seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|h\b|days?|d\b|weeks?|wks?|months?|mo\b|quarters?|years?|"
    r"yrs?|bytes?|kb|mb|gb|tb|kib|mib|gib|tib|wh|kwh|mwh|gwh|(?:a|an|per|each|/)\s*(?:second|sec|minute|min|hour|hr|"
    r"day|week|wk|month|mo|quarter|year|yr|person|head|unit|night|user|seat)s?)\b",
    re.IGNORECASE,
)
_CENTS = re.compile(r"^\s*(?:\u00a2|cents?\b)", re.IGNORECASE)
_VERIFY = re.compile(
    r"\b(?:checks? out|confirmed|confirms|verified|verifies|is (?:accurate|correct|right)|are (?:accurate|correct)"
    r"|matches|reconciles?)\b",
    re.IGNORECASE,
)


def _verified(text: str, sent: Any, q: Quantity) -> bool:
    """A word of checking bound to the figure: next to it, with no other figure between ("confirmed: 48 units",
    "48 units, verified"; not "about 110 guests, 93 confirmed seats", where it is said of another figure)."""
    for m in _VERIFY.finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        gap = text[b : q.start] if b <= q.start else text[q.end : a]
        if len(gap) <= 40 and not re.search(r"\d", gap):
            return True
    return False


_NEGATED_VERIFY = re.compile(r"\b(?:not|n't|cannot|can't|unable|couldn't|wasn't|isn't)\b", re.IGNORECASE)
_TZ = re.compile(r"\b(?:UTC|GMT|[ECMP][SD]?T|Eastern|Central|Mountain|Pacific|local time|time zone)\b")
_IDENT = re.compile(
    r"(?<![\w@/.#-])(?:[A-Za-z][A-Za-z]{0,9}[-_]?\d[\w-]*|\d+[A-Za-z][A-Za-z0-9-]*|#\d{3,}[\w-]*)(?![\w@])"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # (?<!...): one start per run, linear on long runs
    r"|https?://[^\s)\]\"']+"
)
_UNIT_SUFFIX = re.compile(
    r"^\d+(?:st|nd|rd|th|h|hr|hrs|m|min|mins|s|ms|x|k|kb|mb|gb|tb|gi|mi|g|kg|mg|mcg|lb|lbs|oz|ft|in|km|mph|kwh|wh|kw|"
    r"w|v|pm|am|xx|px|pt|yr|yrs|d|wk|bn|mm|cm|b|p)$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_NAME = re.compile(
    rf"(?<![\w'-]){_NAME_WORD}(?:[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+|de[ \t]+|van[ \t]+)?{_NAME_WORD}){{1,3}}(?![\w'-])"
)
# "3. Other Observations", "## Summary of findings:": a short line of words, no figure, or one that ends in a colon
_HEADING = re.compile(
    r"^[ \t#*>-]*(?:\d+(?:\.\d+)*[.)]?[ \t]+)?[A-Z](?:[^.!?\n]{0,60}:|[^.!?\n\d\s]*(?:[ \t]+[^.!?\n\d\s]+){0,6}[ \t]*$)"
)
_FROM_NOW = re.compile(
    r"^\s*(?:calendar |business |working )?(?:days?|weeks?|months?|years?|hours?)\s+(?:from (?:now|today)|"
    r"ago|left|remaining|until|to go|since|from the date)",
    re.IGNORECASE,
)
_HEADER_DATE = re.compile(r"^[ \t*_]*(?:date|dated|as of|prepared|today)\b", re.IGNORECASE)
_NOT_NAMES = frozenset(
    {
        *(m.lower() for m in calendar.month_name if m),
        *(m.lower() for m in calendar.month_abbr if m),
        *(d.lower() for d in calendar.day_name),
        *(d.lower() for d in calendar.day_abbr),
        "tues",
        "thur",
        "thurs",
        "sept",
        "the",
        "a",
        "an",
        "and",
        "of",
        "de",
        "van",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "note",
        "total",
        "summary",
        "yes",
        "no",
        "i",
        "we",
        "you",
        "it",
        "this",
        "that",
        "these",
        "those",
        "here",
        "there",
        "bottom",
        "line",
        "next",
        "step",
        "steps",
        "today",
        "tomorrow",
        "yesterday",
    }
)
_SENTENCE_WORDS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "as",
        "after",
        "before",
        "if",
        "when",
        "while",
        "since",
        "because",
        "however",
        "also",
        "but",
        "and",
        "or",
        "so",
        "then",
        "here",
        "there",
        "our",
        "your",
        "my",
        "we",
        "you",
        "he",
        "she",
        "they",
        "all",
        "both",
        "each",
        "every",
        "no",
        "not",
        "only",
        "some",
        "most",
        "many",
        "total",
        "overall",
        "note",
        "please",
        "yes",
        "next",
        "first",
        "second",
        "third",
        "finally",
        "based",
        "according",
        "per",
        "using",
        "across",
        "over",
        "under",
        "about",
        "around",
        "during",
        "between",
        "within",
        "without",
        "last",
        "today",
        "yesterday",
        "tomorrow",
        "what",
        "which",
        "who",
        "how",
        "why",
        "where",
        "once",
        "although",
        "though",
        "still",
        "even",
        "just",
        "now",
        "currently",
        "meanwhile",
        "additionally",
        "otherwise",
        "instead",
        "unfortunately",
        "good",
        "great",
        "sure",
        "ok",
        "okay",
        "done",
        "thanks",
        "thank",
        "happy",
        "let",
        "want",
        "would",
        "could",
        "should",
        "can",
        "will",
        "may",
        "might",
    ]
)
_QUOTE_PARTS = re.compile(r"\.\.\.|…|\[[^\]\n]{0,40}\]|[.!?;](?=\s)")
_SUGGESTED = re.compile(
    r"\b(?:I'?d|I would|I wouldn'?t|we'?d|you (?:could|can|might)|suggest\w*|recommend\w*|rather than|instead of)"
    r"\b[^.\n\"“”]{0,40}$",
    re.IGNORECASE,
)
_SAYS = re.compile(
    r"(?:\b(?:says?|said|states?|stated|reads?|wrote|writes|quoted?|quoting|words were|wording is|verbatim)\b"
    r"[^.\n]{0,30}|:)\s*$",
    re.IGNORECASE,
)
_QUOTE_WORDS = 6  # a shorter quotation is a term being mentioned unless a verb of saying introduces it
_EXPR = re.compile(
    r"(?P<expr>(?<![\d,.$€£])[$€£]?\d[\d,]*(?:\.\d+)?(?:\s+[A-Za-z/%]+){0,2}"  # starts where a number does
    r"(?:\s*(?:[x\u00d7*+/\u00f7]|-|\u2212|plus|minus|times)\s*[$€£]?\d[\d,]*(?:\.\d+)?(?:\s+[A-Za-z/%]+){0,2})+)"
    r"\s*(?:=|equals|comes to|totals?|is)\s*[$€£]?(?P<rhs>\d[\d,]*(?:\.\d+)?)"
)
_EXPR_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[x\u00d7*+/\u00f7\u2212-]|plus|minus|times")
_OPERATORS = {"\u00d7": "*", "x": "*", "times": "*", "\u00f7": "/", "plus": "+", "minus": "-", "\u2212": "-"}
_THRESHOLD = re.compile(
    r"\b(?P<cmp>below|under|less than|fewer than|lower than|above|over|more than|greater than|higher than|"
    r"at least|at most|or (?:more|higher|above|less|lower|below))\s+(?P<t>\d[\d,]*(?:\.\d+)?)",
    re.IGNORECASE,
)


@dataclass
class _Answer:
    text: str
    sents: list[Sentence]
    src: Sources

    def hedged(self, offset: int) -> bool:
        """Not a claim about the sources: labelled general knowledge, or what is usual about nothing named."""
        s = sentence_at(self.sents, offset)
        if s is None or not s.hedged:
            return False
        return s.labelled or s.offered or not self.names_source_thing(s)

    def names_source_thing(self, s: Sentence) -> bool:
        """Does the sentence name something of the trajectory: a capitalised word or an identifier it holds?"""
        for m in re.finditer(r"(?<=\s)[A-Z][a-z]+|\b[A-Za-z]*\d[\w-]*[A-Za-z][\w-]*", s.text):
            if m.group(0).lower() in self.src.words or alnum(m.group(0)) in self.src.alnum:
                return True
        return False

    def sentence(self, offset: int) -> Sentence | None:
        return sentence_at(self.sents, offset)


# "a 30-minute resolution", "the 90-day window": a period the agent chose or describes, not a finding
_PERIOD_ADJECTIVE = re.compile(r"-(?:second|sec|minute|min|hour|hr|day|week|month|year|yr)\b", re.IGNORECASE)


def _is_claim(q: Quantity, text: str) -> bool:
    """Small whole numbers without a unit, percent or currency are not checked on their own (see counts), nor
    are round scales ("3 in 1,000 requests", "per 100 stories"), nor spans counted from now ("19 days from now":
    the agent's clock is not a source)."""
    if not (q.percent or q.currency) and q.value in _SCALES:
        return False
    if _FROM_NOW.match(text[q.end : q.end + 40]) or _PERIOD_ADJECTIVE.match(text[q.end : q.end + 12]):
        return False
    if q.percent or q.currency or q.value.denominator != 1 or abs(q.value) >= 10:
        return not _is_year(q, text)
    return False


_SCALES = frozenset(Fraction(10**k) for k in range(2, 10))


def _is_year(q: Quantity, text: str) -> bool:
    return (
        not q.percent and not q.currency and q.value.denominator == 1 and 1900 <= q.value <= 2100 and "," not in q.text
    )


def _context(text: str, a: int, b: int, width: int = 60) -> str:
    lo, hi = max(0, a - width), min(len(text), b + width)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


class _NumberCheck:
    def __init__(self, src: Sources, answer: _Answer) -> None:
        self.src = src
        self.answer = answer
        self.aggs = aggregates(src)
        self.pool = pool_of(src, self.aggs)
        self.years = {y for (_, _), ys in src.dates.items() for y, _ in ys if y is not None}
        self._pairs: list[tuple[Operand, Operand]] | None = None
        self._scaled: list[tuple[Atom, int]] | None = None
        self._keys: set[Fraction] | None = None
        self._unspanned: list[Operand] | None = None
        self.by_pair: dict[int, Derivation] = {}  # figures derived only as an operation on a pair of values
        # whole numbers the answer states that are too small to be claims ("3 x $121", "3 nights", "four years")
        self.stated_ints = {q.value for q in quantities(answer.text) if q.value.denominator == 1 and 1 < q.value < 10}
        self.stated_ints |= {Fraction(n) for n in word_numbers(answer.text) if 1 < n < 10}

    @property
    def pairs(self) -> list[tuple[Operand, Operand]]:
        if self._pairs is None:
            self._pairs = list(group_pairs(self.src))
        return self._pairs

    def found(self, q: Quantity) -> Atom | None:
        digits = q.text.lstrip("+-\u2212$€£¥").replace(",", "")
        if q.value.denominator == 1 and not q.percent and len(digits) >= 3 and digits in self.src.digit_groups:
            return Atom(q.value, None, "a code or identifier of the sources", "result")  # "946xx", "120s"
        part = self._part_of_code(q)
        if part:
            return Atom(q.value, None, part, "result")
        for a in self.src.atoms:
            near = q.near(float(a.value)) or (q.percent and q.near(float(a.value * 100)))
            if near and (q.contains(a.value) or (q.percent and q.contains(a.value * 100))):
                return a
            if not q.signed and q.value < 0 and q.contains(-a.value):
                return a
        if q.value.denominator == 1 and not q.currency and q.value in self.key_numbers:
            return Atom(q.value, None, "a number in a field's name", "result")  # "visits_over_30_min": 30
        if q.value.denominator == 1 and abs(q.value) >= 1000:  # "2.31 billion t" for "output_mil_t": 2310
            for a, scale in self.scaled:
                if q.contains(a.value * scale):
                    return a
        return None

    def _part_of_code(self, q: Quantity) -> str:
        """The figure is part of a long number the sources hold: its last digits after an ellipsis ("…770412" of a
        serial), or a group of a number written spaced ("+61 400 555 019")."""
        text = self.answer.text
        digits = q.text.lstrip("+-").replace(",", "")
        if not digits.isdigit():
            return ""
        suffix = text[max(0, q.start - 3) : q.start].endswith(("\u2026", "...")) and len(digits) >= 3
        if suffix and any(len(g) > len(digits) and g.endswith(digits) for g in self.src.digit_groups):
            return "the last digits of a number of the sources"
        a, b = q.start, q.end
        while a > 0 and (text[a - 1].isdigit() or text[a - 1] in " +") and q.start - a < 12:
            a -= 1
        while b < len(text) and (text[b].isdigit() or text[b] == " ") and b - q.end < 16:
            b += 1
        run = re.sub(r"\D", "", text[a:b])
        if len(run) >= 9 and run != digits and any(run in g for g in self.src.digit_groups):
            return "a group of a number of the sources written spaced"
        return ""

    @property
    def spans_left_out(self) -> list[Operand]:
        """The pool less its ranges (max - min of a column): a range joined with a figure the answer states
        ("5 x the spread of two prices") is a coincidence, not a way anyone computes."""
        if self._unspanned is None:
            self._unspanned = [op for op in self.pool if not op.name.startswith("range of ")]
        return self._unspanned

    @property
    def key_numbers(self) -> set[Fraction]:
        """Whole numbers written inside the sources' field names ("visits_over_30_min", "p95_ms", "age_65_plus")."""
        if self._keys is None:
            self._keys = {
                Fraction(n)
                for t in self.src.texts
                for k in _KEY.findall(t[:50_000])
                for n in _KEY_NUMBER.findall(k)
                if len(n) <= 6
            }
        return self._keys

    @property
    def scaled(self) -> list[tuple[Atom, int]]:
        """Source values whose field names say they count in thousands, millions or billions, with that unit."""
        if self._scaled is None:
            self._scaled = []
            for a in self.src.atoms:
                words = set(_LABEL_WORD.findall(a.label.lower()))
                scale = next((n for w, n in _SCALE_WORDS.items() if w in words), None)
                if scale is not None:
                    self._scaled.append((a, scale))
        return self._scaled

    def derived(self, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
        v = match_value(q, self.aggs)
        if v is not None:
            return Derivation(v.value, v.name, v.steps)
        d = match_pairs(q, self.pairs)
        if d is not None:
            self.by_pair[q.start] = d  # two source values some operation joins: found by search, weak alone
            return d
        stated = [op for other, op in supported if other is not q]
        if stated:
            d = match_pairs(q, ((a, b) for a in stated for b in stated if a is not b))
            if d is None:
                d = match_pairs(q, ((a, b) for a in stated for b in self.spans_left_out))
            if d is None:
                d = match_pairs(q, ((b, a) for a in stated for b in self.spans_left_out))
            if d is not None:
                self.by_pair[q.start] = d  # a stated figure joined with a source value: found by search too
            if d is None:
                d = offsets(q, stated, self.stated_ints)
            if d is None:
                d = scaled(q, stated, self.stated_ints)
            if d is not None:
                return d
        ints = {op.value for _, op in supported if op.value.denominator == 1 and 1 < op.value <= 1000}
        d = record_forms(q, self.src, self.src.multipliers | self.stated_ints | ints)
        if d is not None:
            return d
        tail = self.answer.text[q.end : q.end + 16]
        if q.text.lower().endswith(" mm"):
            tail = " mm" + tail  # "41.9 mm": millimetres, read with the figure (the finance "MM" is a multiplier)
        if q.approx or q.currency or _UNIT_AFTER.match(tail) or _CENTS.match(tail):
            d = conversions(q, self.pool)
            if d is not None:
                return d
        d = unit_conversions(q, tail, self.pool) or _thousandfold(q, self.pool)
        if d is not None:
            return d
        sent = self.answer.sentence(q.start)
        if sent is not None:
            same = [op for other, op in supported if other is not q and sent.start <= other.start < sent.end]
            small = [Operand(k, f"{k}", ()) for k in self.stated_ints]
            d = line_sum(q, same) or line_product(q, same + small) or named_sum(q, self.src, sent.text)
            if d is not None:
                return d
        return (
            _list_sum(self.answer, q, supported)
            or _running_total(self.answer, q, supported)
            or _remainder(self.answer, q, supported)
            or rolling(q, self.src, (int(n) for n in self.src.multipliers | self.stated_ints if n.denominator == 1))
        )


_KEY = re.compile(r'"([A-Za-z][\w .-]{0,59})"\s*:')  # a JSON field's name: it starts with a letter
_KEY_NUMBER = re.compile(r"(?<=[_ .-])\d+|(?<=[A-Za-z])\d+")


def _thousandfold(q: Quantity, pool: list[Operand]) -> Derivation | None:
    """A source value in thousandths or thousands of the unit the answer writes it in ("23410" MB as "23.41" GB,
    "81630" kbps as "81.6"), to at least three significant digits on both sides: no coincidence at that
    precision."""
    digits = len(q.text.lstrip("+-$€£").rstrip("%").replace(",", "").replace(".", "").strip("0"))
    if digits < 3 or q.percent:
        return None
    for op in pool:
        for x, how in ((op.value / 1000, f"{op.name} / 1000"), (op.value * 1000, f"{op.name} x 1000")):
            if abs(op.value) >= 100 and q.contains(x) and x:
                return Derivation(x, how, op.steps)
    return None


_LABEL_WORD = re.compile(r"[a-z]+|\d+")
# a field's name that gives its unit of count ("exports_mil_t", "revenue_thousands", "cap_bn"); not "mm"
_SCALE_WORDS = {
    "k": 1000,
    "thousand": 1000,
    "thousands": 1000,
    "mil": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
}


# a year next to one of the sources' in a sentence about what comes next or came before: a date the agent
# reckoned from a source's date and a period, not a fact it states
_NEXT_PERIOD = re.compile(
    r"\b(?:next|due|renew\w*|expir\w*|cycle|annual\w*|yearly|every|following|previous|prior|a year (?:later|"
    r"earlier|before|after)|last year|next year|year[- ]over[- ]year)\b",
    re.IGNORECASE,
)


_MODAL = re.compile(r"\b(?:would|could|might|may|will)\b", re.IGNORECASE)


def _check_numbers(src: Sources, answer: _Answer, out: list[Finding]) -> int:
    """Check the answer's figures; returns how many were checked."""
    chk = _NumberCheck(src, answer)
    refs = references(answer.text)
    every = quantities(answer.text, claims_only=True)
    claims = [q for q in every if not answer.hedged(q.start) and not (q.text in refs and not q.percent)]
    # a figure the answer offers as general knowledge or an assumption ("normally 25%") is no claim, but what the
    # answer computes from it is as hedged as it is: it may serve as an operand
    assumed = [(q, Operand(q.value, q.text, (), q.percent and not q.points)) for q in every if answer.hedged(q.start)]
    if _IN_THOUSANDS.search("\n".join(src.texts)):  # "unit": "k tiles": a "k" the answer writes is that unit
        claims = [_face_value(q) for q in claims]
    supported: list[tuple[Quantity, Operand]] = list(assumed)
    pending: list[Quantity] = []
    for q in claims:
        if _is_year(q, answer.text):
            if q.value in chk.years or q.text.lstrip("+-") in src.digit_groups:
                continue
            sent = answer.sentence(q.start)
            if sent is not None and _NEXT_PERIOD.search(sent.text) and chk.years & {q.value - 1, q.value + 1}:
                continue  # "12-month cycle, so next due around June 2025" after a 2024 inspection
            if sent is not None and _MODAL.search(sent.text):
                continue  # "the 2024 submission would cover 2022": what might be, not what a source says
            out.append(Finding("number", "unsupported", q.text, q.start, q.end, f"the year {q.text} is in no source"))
            continue
        atom = chk.found(q)
        sent = answer.sentence(q.start)
        verifying = sent is not None and _verified(answer.text, sent, q) and not _NEGATED_VERIFY.search(sent.text)
        if (
            atom is not None
            and verifying
            and all(a.origin in ("task", "user") for a in src.atoms if q.contains(a.value))
        ):
            out.append(
                Finding(
                    "number",
                    "contradicted",
                    _context(answer.text, q.start, q.end),
                    q.start,
                    q.end,
                    f"{q.text} is said to be confirmed, but only the user's own message holds it",
                    (atom.step,) if atom.step is not None else (),
                )
            )
            continue
        if atom is not None and not (is_year(q.value) and not q.currency and not q.percent):
            supported.append((q, Operand(q.value, q.text, operand(atom).steps, q.percent and not q.points)))
        elif _is_claim(q, answer.text):
            pending.append(q)
    derived: set[int] = set()
    for _ in range(3):  # figures the answer states feed the check of later ones
        still: list[Quantity] = []
        for q in pending:
            worked = worked_figure(answer.text, q, supported)
            d = (
                worked
                or _shown_arithmetic(answer, q, supported)
                or _parenthesised(answer, q, supported)
                or chk.derived(q, supported)
            )
            if d is not None:
                value = d.value if worked is not None and not q.percent else q.value  # the working's exact value
                supported.append((q, Operand(value, q.text, d.steps, q.percent and not q.points)))
                derived.add(q.start)
            else:
                still.append(q)
        if len(still) == len(pending):
            break
        pending = still
    rows = {f.start: f for f in row_mismatches(src, answer.text, pending)}
    for q in pending:
        out.append(
            rows.get(q.start) or _contradiction(chk, answer, q, supported) or _unsupported_number(src, answer.text, q)
        )
    out += [f for start, f in rows.items() if start in derived]  # reached by arithmetic, but not its row's value
    # a figure some pair of source values reaches (found by search, so weak), on a line whose siblings all carry
    # another formula's value
    out += [f for q in claims if q.start in chk.by_pair and (f := _sibling_finding(src, answer.text, q, block=True))]
    # or whose own words name one field that holds another value ("an average of 310 per stall": avg_per_stall)
    out += [
        f
        for q in claims
        if q.start in chk.by_pair and (f := _worded_finding(src, answer.text, q, chk.by_pair[q.start]))
    ]
    open_ = {q.start for q in pending} | derived
    out += [f for f in grid_mismatches(src, answer.text, open_) if f.start not in rows]
    out += _miscomputed(chk, answer, claims)
    out += labelled_mismatches(src, answer.text, claims)
    out += [f for q in claims if (f := _change_line(answer.text, q, supported)) is not None]
    return len(supported) - len(assumed) + len(pending)


_IN_THOUSANDS = re.compile(r"(?i)\bunits?\W{1,4}k\b|\(k\)|\bin thousands\b|\(000s?\)|\b000s\b")


def _face_value(q: Quantity) -> Quantity:
    """``1031.4k`` read as 1031.4 where the sources count in thousands."""
    if q.text.rstrip().lower().endswith("k") and not q.currency:
        return replace(q, value=q.value / 1000, tol=q.tol / 1000)
    return q


def _miscomputed(chk: _NumberCheck, answer: _Answer, claims: list[Quantity]) -> list[Finding]:
    """Figures the answer's own working does not come to (``stated_working``), with the operands' sources, and
    figures called a series' highest or lowest that it is not (``extreme_mismatch``)."""
    out = []
    for q in claims:
        w = miscomputed(answer.text, q)
        if w is None:
            extreme = extreme_mismatch(chk.src, answer.text, q, _context(answer.text, q.start, q.end))
            if extreme is not None:
                out.append(extreme)
            continue
        atoms = [chk.found(x) for x in quantities(w.text)]
        steps = uniq(a.step for a in atoms if a is not None)
        result = f"{float(w.value * 100):,.4g}%" if q.percent else f"{float(w.value):,.4g}"
        why = f"{q.text}: the answer's own working, {w.text}, comes to {result}"
        out.append(Finding("number", "contradicted", _context(answer.text, q.start, q.end), q.start, q.end, why, steps))
    return out


_TOTAL_WORDS = re.compile(
    r"\b(?:total|totals|totalled|totaled|totaling|totalling|sum|overall|combined|altogether|in all|grand total|"
    r"all together|across (?:all|the|every)|came to|comes to|come to|adds? up to|added up to)\b",
    re.IGNORECASE,
)
_CHANGE_WORDS = re.compile(
    r"\b(?:increase[ds]?|rise|rose|risen|grew|grown|growth|gain(?:ed|s)?|jump(?:ed|s)?|up|down|drop(?:ped|s)?|"
    r"fell|fall(?:en|s)?|decline[ds]?|decrease[ds]?|change[ds]?|higher|lower)\b",
    re.IGNORECASE,
)
_ARROW = re.compile(r"\d\s*(?:\u2192|->|=>)\s*[$€£]?\d")  # "2,000 → 1,900 kWh, -5.0%"
_DEMONSTRATIVE = re.compile(r"(?:that|this|which)(?:'s| is| was| means| represents| comes to| works out to)?\s", re.I)
_FROM_TO = re.compile(r"(?:\bto|\bvs\.?|\bversus|->|\u2192)\s*[$€£]?$", re.IGNORECASE)


def _contradiction(chk: _NumberCheck, answer: _Answer, q: Quantity, supported: list[Any]) -> Finding | None:
    """An unsupported figure that the sources contradict: the opposite sign of a change they give, the other
    record's value in a "from X to Y" pair, or a total near, but not at, what the rows add up to."""
    text = answer.text
    if q.signed and not (q.start > 0 and text[q.start - 1].isalnum()):  # "Oct 1-15": a range, not a sign
        flipped = replace(q, value=-q.value, text=q.text.replace("+", "-", 1) if "+" in q.text else "+" + q.text)
        d = chk.derived(flipped, supported)
        if d is not None and (" - " in d.how or "change" in d.how or "difference" in d.how):
            # (a change or difference, not "-$2,305" for a fee a net sheet deducts)
            why = f"{q.text}: the sources give {float(d.value):+.3g} ({d.how}), the opposite sign"
            return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, d.steps)
    before = text[max(0, q.start - 30) : q.start]
    pair = _FROM_TO.search(before)
    if pair:
        prior = [x for x, _ in supported if x.end <= q.start and q.start - x.end <= 30]
        if prior:
            other = _other_record(chk.src, prior[-1])
            if other is not None and not q.contains(other[2]):
                key, step, value = other
                why = f"{q.text}: the other record gives {key} = {float(value):g}"
                return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, (step,))
    sent = answer.sentence(q.start)
    if (
        q.percent
        and not q.points
        and sent is not None
        and (_CHANGE_WORDS.search(sent.text) or _ARROW.search(sent.text) or _change_column(text, q))
    ):
        amounts = [(x, op) for x, op in supported if sent.start <= x.start < q.start and not op.percent]
        if len(amounts) < 2 and _DEMONSTRATIVE.match(sent.text):  # "1,200 in 2029, 1,350 in 2031. That's up 12.5%"
            prev = answer.sentence(sent.start - 2) if sent.start >= 2 else None
            if prev is not None and prev.end <= sent.start and "\n\n" not in text[prev.end : sent.start]:
                amounts = [(x, op) for x, op in supported if prev.start <= x.start < q.start and not op.percent]
        if len(amounts) >= 2:
            (a, opa), (b, opb) = amounts[-2], amounts[-1]
            if a.value:
                change = (b.value - a.value) / a.value * 100
                if not (q.contains(change) or (not q.signed and q.contains(-change))):
                    why = f"{q.text}: from {a.text} to {b.text} is {float(change):+.1f}%"
                    steps = opa.steps + opb.steps
                    return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, steps)
    sibling = _sibling_finding(chk.src, text, q)
    if sibling is not None:
        return sibling
    absent = _absent_field(chk.src, answer, q)
    if absent is not None:
        key, step = absent
        why = f"{q.text}: the sources give no value for {key} (empty or marked unavailable)"
        return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, (step,))
    named = _named_field(chk.src, text, q)
    if named is not None:
        key, step, value = named
        why = f"{q.text}: the source gives {key} = {float(value):,g}"
        return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, (step,))
    worded = _worded_finding(chk.src, text, q)
    if worded is not None:  # "an average of 310 visits per stall" where "avg_per_stall" is 210
        return worded
    line_start = text.rfind("\n", 0, q.start) + 1
    if not q.percent and _TOTAL_WORDS.search(text[max(line_start, q.start - 60) : q.start]):
        sums = [g for g in chk.aggs if g.name.startswith("sum of ")]
        near = min(sums, key=lambda g: abs(float(g.value) - float(q.value)), default=None)
        if near is not None and near.value and abs(float(near.value - q.value)) <= abs(float(near.value)) / 10:
            why = f"{q.text}: the {near.name}"
            return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, near.steps)
    return None


def _worded_finding(src: Sources, text: str, q: Quantity, pair: Derivation | None = None) -> Finding | None:
    """A figure whose words name a field that holds another value; for a figure a search reached from a pair of
    values (``pair``), only when that field's value is not one of the pair ("58 yes + 14 plus-ones = 72" is
    reached from the plus-ones field it names)."""
    worded = worded_field(src, text, q)
    if worded is None:
        return None
    key, step, value = worded
    if pair is not None and (value in pair.operands or not pair.operands):
        return None
    if _RANGE_END.search(text[max(0, q.start - 12) : q.start]) or any(x.contains(value) for x in quantities(text)):
        return None  # "the usual 3-10 mph window", or the field's own value stated elsewhere: another quantity
    why = f"{q.text}: the words around it name {key}, which the source gives as {float(value):,g}"
    return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, (step,))


_RANGE_END = re.compile(r"\d\s?(?:[-\u2013]|to)\s?$")
_CHANGE_LABEL = re.compile(
    r"[\s*>-]{0,6}(?:\*\*)?(?:%\s?|percent(?:age)?\s)?(?:change|difference|delta|\u0394)"
    r"\b[^:\n]{0,30}:",
    re.IGNORECASE,
)


def _alike(a: Fraction, b: Fraction) -> bool:
    r = abs(a / b)
    return Fraction(1, 10) <= r <= 10


def _change_line(text: str, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Finding | None:
    """A line labelled as the change ("- Change: +75%") under two lines that each state their figures: the
    percentage must be the change between figures in the same place on both lines, either way round."""
    if not q.percent or q.points:
        return None
    start = text.rfind("\n", 0, q.start) + 1
    if not _CHANGE_LABEL.match(text, start, q.start):
        return None
    prev_end = start - 1
    prev_start = text.rfind("\n", 0, max(0, prev_end)) + 1
    first_end = prev_start - 1
    first_start = text.rfind("\n", 0, max(0, first_end)) + 1
    if first_end <= 0 or prev_end <= prev_start or first_end <= first_start:
        return None

    def figures(a: int, b: int) -> list[Quantity]:
        colon = text.find(":", a, b)
        found = [x for x, op in supported if max(a, colon + 1) <= x.start < b and not op.percent]
        return sorted(found, key=lambda x: x.start)

    upper, lower = figures(first_start, first_end), figures(prev_start, prev_end)
    # figures in the same place on both lines, of one magnitude (the same quantity in two periods)
    pairs = [(a, b) for a, b in zip(upper, lower, strict=False) if a.value and b.value and _alike(a.value, b.value)]
    if not pairs:
        return None
    for a, b in pairs:  # both values are non-zero (``_alike``)
        for old, new in ((a, b), (b, a)):
            change = (new.value - old.value) / old.value * 100
            if q.contains(change) or (not q.signed and q.contains(abs(new.value - old.value) / old.value * 100)):
                return None
    a, b = pairs[0]
    told = float((a.value - b.value) / b.value * 100)
    why = f"{q.text}: the lines above give {a.text} and {b.text}, a change of {told:+.1f}%"
    return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why)


def _sibling_finding(src: Sources, text: str, q: Quantity, *, block: bool = False) -> Finding | None:
    """``q`` against the formula that gives the lines of its record's siblings (``sibling_formula``)."""
    sibling = sibling_formula(src, text, q, block=block)
    if sibling is None:
        return None
    how, step, value = sibling
    why = f"{q.text}: the same formula that gives the other records' lines ({how}) gives {float(value):,.4g} here"
    return Finding("number", "contradicted", _context(text, q.start, q.end), q.start, q.end, why, (step,))


_KEY_SPLIT = re.compile(r"[_\-.\s/]+|(?<=[a-z0-9])(?=[A-Z])")
_GENERIC_KEYS = {"id", "value", "n", "count", "number", "index", "page", "rank", "version", "no", "num", "idx"}
# what may stand between a field's name and its figure: "amount due: $1,960", "margin was 470"
_NAME_TO_FIGURE = re.compile(
    r"^(?:\s|[:=,(]|\b(?:is|was|are|were|of|at|now|currently|stood at|stands at|came to|comes to)\b"
    r"|\b(?:on|for|of)\s+(?=[\w#.-]*\d)(?=[\w#.-]*[A-Za-z])[\w#.-]+)*[$€£¥]?$",
    re.IGNORECASE,
)


# a bare "%" (or "+/-%") heads a change beside two figures; "Win %" or "Share %" is a share of something
_CHANGE_HEADER = re.compile(
    r"\bchange\b|\u0394|\bdelta\b|\bdiff|\bgrowth\b|\byoy\b|\bmom\b|\bqoq\b|^[^\w%]*%\W*$", re.IGNORECASE
)


def _change_column(text: str, q: Quantity) -> bool:
    """``q`` stands in a Markdown table row, in a column whose header names a change ("Change", "Δ", "YoY")."""
    start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.start)
    line = text[start : line_end if line_end >= 0 else len(text)]
    if not line.lstrip().startswith("|"):
        return False
    column = line[: q.start - start].count("|")
    header = line
    at = start
    while at > 0:  # up to the table's first line
        prev_start = text.rfind("\n", 0, at - 1) + 1
        prev = text[prev_start : at - 1]
        if not prev.lstrip().startswith("|"):
            break
        header, at = prev, prev_start
    if header is line:
        return False
    cells = header.split("|")
    return column < len(cells) and bool(_CHANGE_HEADER.search(cells[column]))


_MODIFIED = re.compile(
    r"\b(?:adjusted|net|new|projected|expected|estimated|average|avg|mean|total|remaining|revised|corrected|"
    r"combined|updated|pro forma|effective|implied|target|true|reconciled)\b[\w\s]{0,20}$",
    re.IGNORECASE,
)


def _named_field(src: Sources, text: str, q: Quantity) -> tuple[str, Step, Fraction] | None:
    """For a figure written right after the name of a field (``amount due: $1,960``), that field's one value
    in the sources when it is another (``amount_due: 1840``); None when the sources give it several values,
    none, or this one."""
    if q.percent:
        return None
    before = text[max(0, q.start - 40) : q.start].rstrip(" ")
    found: dict[str, tuple[str, Step, Fraction]] = {}
    values: dict[str, set[Fraction]] = {}
    for rec in src.records:
        for key, v in rec.numbers():
            words = [w.lower() for w in _KEY_SPLIT.split(key) if w]
            if not words or all(w in _GENERIC_KEYS for w in words) or not all(w.isalpha() for w in words):
                continue
            name = r"\b" + r"[\s_-]+".join(re.escape(w) for w in words) + r"\b"
            m = next(reversed(list(re.finditer(name, before, re.IGNORECASE))), None)  # the last mention
            if m is None or not _NAME_TO_FIGURE.match(before[m.end() :]):
                continue
            if _MODIFIED.search(before[max(0, m.start() - 30) : m.start()]) and not _MODIFIED.search(key):
                continue  # "adjusted book balance": another quantity than the source's "balance"
            values.setdefault(key, set()).add(v)
            found.setdefault(key, (key, rec.step, v))
    hits = [found[k] for k in found if len(values[k]) == 1]
    if len(hits) != 1 or q.contains(hits[0][2]):
        return None
    return hits[0]


_EMPTY = frozenset({"", "-", "\u2014", "n/a", "na", "none", "null", "unknown", "unavailable", "not available"})
_NOT_QUANTITIES = _GENERIC_KEYS | {"note", "notes", "comment", "comments", "description", "message", "status", "reason"}


def _absent_field(src: Sources, answer: _Answer, q: Quantity) -> tuple[str, Step] | None:
    """For a figure given for a field that every source leaves empty (``felt_reports: null``, ``"n/a"``,
    ``scc_available: false``), that field and its step: the answer states what no source told it."""
    if not q.value:
        return None
    absent: dict[str, tuple[str, Step]] = {}
    present: set[str] = set()
    for rec in src.records:
        for key, v in rec.fields.items():
            words = [w.lower() for w in _KEY_SPLIT.split(key.rsplit(".", 1)[-1]) if w]
            if words[-1:] == ["available"] and isinstance(v, bool):
                words, empty = words[:-1], not v
            else:
                empty = v is None or (isinstance(v, str) and v.strip().lower() in _EMPTY)
            if not words or not all(w.isalpha() for w in words) or all(w in _NOT_QUANTITIES for w in words):
                continue
            name = " ".join(words)
            if empty:
                absent.setdefault(name, (key, rec.step))
            else:
                present.add(name)
    sent = answer.sentence(q.start)
    lo, hi = (sent.start, sent.end) if sent is not None else (q.start, q.end)
    window = answer.text[max(lo, q.start - 40) : min(hi, q.end + 30)]
    hits = []
    for name, hit in absent.items():
        if name in present:
            continue
        pattern = r"\b" + r"[\s_-]+".join(re.escape(w) for w in name.split()) + r"s?\b"
        if re.search(pattern, window, re.IGNORECASE):
            hits.append(hit)
    return hits[0] if len(hits) == 1 else None


def _other_record(src: Sources, x: Quantity) -> tuple[str, Step, Fraction] | None:
    """For a figure that is one record's field, the same field of the one other record of its kind."""
    hits = []
    for rec in src.records:
        for k, v in rec.numbers():
            if x.contains(v):
                hits.append((rec, k))
    if len(hits) != 1:
        return None
    rec, key = hits[0]
    shape = (rec.step.tool, re.sub(r"\[\d+\]", "[]", rec.path))
    others = [r for r in src.records if r is not rec and (r.step.tool, re.sub(r"\[\d+\]", "[]", r.path)) == shape]
    values = [(r, v) for r in others for k, v in r.numbers() if k == key]
    if len(values) != 1:
        return None
    r, v = values[0]
    return key, r.step, v


_BRINGS = re.compile(r"\b(?:makes?|comes? to|brings?|bringing|adds? up to|in all|all in|grand)\b", re.IGNORECASE)


def _running_total(answer: _Answer, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """ "That makes the total $689.60": the sum of two to four figures the answer stated before it."""
    sent = answer.sentence(q.start)
    lead = answer.text[sent.start if sent else max(0, q.start - 80) : q.start]
    if not (_TOTAL_WORDS.search(lead) or _BRINGS.search(lead)):
        return None
    before = [
        _times_count(answer.text, x, op)
        for x, op in sorted(supported, key=lambda t: t[0].start)
        if x.end <= q.start and not op.percent
    ]
    recent = before[-10:]
    for r in range(2, min(4, len(recent)) + 1):
        for combo in itertools.combinations(recent, r):
            total = sum((c.value for c in combo), Fraction(0))
            if q.contains(total):
                steps = tuple(s for c in combo for s in c.steps)
                return Derivation(total, " + ".join(c.name for c in combo), steps)
    return None


_COUNT_TIMES = re.compile(r"(?<![\d.,])(\d{1,3})\s*(?:x|\u00d7|\*)\s*$")


def _times_count(text: str, x: Quantity, op: Operand) -> Operand:
    """A figure written as a count of it ("2 x $74.00") is that many of it in a running total."""
    m = _COUNT_TIMES.search(text, max(0, x.start - 12), x.start)
    if m is None or int(m.group(1)) < 2:
        return op
    return Operand(op.value * int(m.group(1)), f"{m.group(1)} x {op.name}", op.steps, op.percent)


def _remainder(answer: _Answer, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """ "19 passengers ... 3 vegetarian, 1 vegan and 1 gluten-free - 14 standard": what is left of a supported
    figure after the run of two to six figures the answer writes just before this one."""
    if q.signed or q.percent:
        return None  # a change or a share is not what is left of a whole
    before = [x for x in quantities(answer.text[max(0, q.start - 300) : q.start]) if not x.percent]
    base = max(0, q.start - 300)
    ok = {x.start: op for x, op in supported}
    for k in range(2, min(6, len(before) - 1) + 1):
        run, rest = before[-k:], before[:-k]
        left = [r for r in rest if base + r.start in ok]
        if not left:
            continue
        part = sum((r.value for r in run), Fraction(0))
        for whole in reversed(left):
            if q.contains(whole.value - part):
                steps = ok[base + whole.start].steps
                names = " + ".join(r.text for r in run)
                return Derivation(whole.value - part, f"{whole.text} - ({names})", steps)
    return None


def _list_sum(answer: _Answer, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """A figure that adds up (or averages) a run of the answer's own list or table lines ("Those four account for
    $3,981.01"): the same column (a table's cell, a list item's figure of the same rank) of consecutive rows."""
    text = answer.text
    for block in list_blocks(text):
        columns: dict[int, list[tuple[int, Operand]]] = defaultdict(list)
        for r, row in enumerate(block):
            if row.start <= q.start < row.end:
                continue
            mine = sorted(((x, op) for x, op in supported if row.start <= x.start < row.end), key=lambda t: t[0].start)
            for rank, (x, op) in enumerate(mine):
                columns[row.column(text, x.start, rank)].append((r, op))
        for column in columns.values():
            for i in range(len(column)):
                total = Fraction(0)
                for j in range(i, len(column)):
                    if j > i and column[j][0] != column[j - 1][0] + 1:
                        break  # consecutive rows only
                    total += column[j][1].value
                    n = j - i + 1
                    for value, how in ((total, "sum"), (total / n, "mean")):  # "Mon-Thu alone average 49,025"
                        if j > i and q.contains(value):
                            steps = tuple(s for _, c in column[i : j + 1] for s in c.steps)
                            return Derivation(value, f"the {how} of {n} listed figures", steps)
    return None


def _shown_arithmetic(answer: _Answer, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """``3 x $121 + $31.95 = $394.95``: the answer's own arithmetic, each operand stated, evaluated exactly."""
    sent = answer.sentence(q.start)
    if sent is None:
        return None
    ok = {id(x) for x, _ in supported}
    for m in _EXPR.finditer(sent.text):
        if sent.start + m.start("rhs") > q.start or q.start >= sent.start + m.end("rhs"):
            continue
        value = _evaluate(m.group("expr"))
        if value is not None and q.percent and not q.contains(value):
            value *= 100  # "106/135 = 78.5%"
        if value is None or not q.contains(value):
            return None
        expr_start, expr_end = sent.start + m.start("expr"), sent.start + m.end("expr")
        inside = [x for x, _ in supported if expr_start <= x.start < expr_end]
        operands = quantities(m.group("expr"))
        small = [o for o in operands if o.value.denominator == 1 and abs(o.value) < 1000]
        if len(inside) + len(small) >= len(operands) and all(id(x) in ok for x in inside):
            steps = tuple(s for x, op in supported if x in inside for s in op.steps)
            return Derivation(value, f"{m.group('expr').strip()} (the answer's own arithmetic)", steps)
    return None


_PAREN_TOKEN = re.compile(  # one blank at most before a token: linear on a run of blanks
    r"[ \t]?(?:(?P<num>[$€£]?\d[\d,]*(?:\.\d+)?%?)|(?P<op>[x\u00d7*+/\u00f7\u2212-])|(?P<p>[()]))"
)
_ITEM_MARKER = re.compile(
    r"(?<![ \t])[ \t]*(?:\d{1,4}[.)]|[-*\u2022])[ \t]+|(?<![ \t])[ \t]+"
)  # linear: one start per run
_BEFORE_EQUALS = re.compile(r"[=]\s*(?:\*\*)?\s*[$€£]?$")


def _parenthesised(answer: _Answer, q: Quantity, supported: list[tuple[Quantity, Operand]]) -> Derivation | None:
    """``$25.88 + 8.75% x ($2,257.70 - $434.62) = $185.40``: arithmetic with parentheses and percentages,
    written on the figure's line after its label, every operand a figure the sources support (or a small whole
    number), evaluated exactly."""
    text = answer.text
    head = text[max(0, q.start - 200) : q.start]
    eq = _BEFORE_EQUALS.search(head)
    if eq is None:
        return None
    line_at = head.rfind("\n", 0, eq.start()) + 1
    colon = head.rfind(": ", line_at, eq.start())
    begin = colon + 2 if colon >= 0 else line_at
    marker = _ITEM_MARKER.match(head, begin)  # "4. ", "- "
    begin = marker.end() if marker else begin
    expr = head[begin : eq.start()].rstrip()
    base = q.start - len(head) + begin
    tokens, at = [], 0
    while at < len(expr):
        m = _PAREN_TOKEN.match(expr, at)
        if m is None or m.end() == at:
            return None
        tokens.append(m)
        at = m.end()
    nums = [t for t in tokens if t.group("num")]
    if len(nums) < 2 or not any(t.group("p") for t in tokens):
        return None
    ok = {x.start: op for x, op in supported}
    steps: list[Step] = []
    for t in nums:
        at_text = base + t.start("num")
        operand_value = Fraction(t.group("num").lstrip("$€£").rstrip("%").replace(",", ""))
        if at_text in ok:
            steps += ok[at_text].steps
        elif not (operand_value.denominator == 1 and operand_value < 1000):
            return None
    value = exact_value(_items(tokens))
    if value is None or not q.contains(value):
        return None
    return Derivation(value, f"{expr} (the answer's own arithmetic)", tuple(steps))


def _items(tokens: list[re.Match[str]]) -> list[Item]:
    """``_PAREN_TOKEN`` matches as the items ``exact_value`` reads (a percentage as its fraction)."""
    out: list[Item] = []
    for t in tokens:
        if t.group("num"):
            raw = t.group("num").lstrip("$€£")
            v = Fraction(raw.rstrip("%").replace(",", ""))
            out.append(("pct", v / 100) if raw.endswith("%") else ("num", v))
        elif t.group("op"):
            op = t.group("op")
            out.append(("op", _OPERATORS.get(op, op)))
        else:
            out.append(("p", t.group("p")))
    return out


def _evaluate(expr: str) -> Fraction | None:
    """Exact value of ``a op b op c`` with x and / before + and -; None when it is not plain arithmetic."""
    items: list[Item] = []
    for i, t in enumerate(_EXPR_TOKEN.findall(expr)):
        if i % 2 == 0:
            if not t[0].isdigit() or len(t) > MAX_DIGITS:  # a code, not an operand (a huge Fraction is slow)
                return None
            items.append(("num", Fraction(t.replace(",", ""))))
        else:
            items.append(("op", _OPERATORS.get(t, t)))
    return exact_value(items)


def _unsupported_number(src: Sources, text: str, q: Quantity) -> Finding:
    """The claim, with the source value whose label it shares (a contradiction) or else the nearest one."""
    claim_words = set(re.findall(r"[a-z]+", text[max(0, q.start - 40) : q.start].lower())) - {"the", "a", "of", "to"}
    best: tuple[int, float, Atom | None] = (0, float("inf"), None)
    for a in src.atoms:
        if a.step is None or a.origin == "failed":
            continue
        overlap = len(claim_words & set(re.findall(r"[a-z]+", a.label.replace("_", " ").lower())))
        dist = abs(float(a.value) - float(q.value)) / (abs(float(q.value)) + 1)
        if (overlap, -dist) > (best[0], -best[1]):
            best = (overlap, dist, a)
    overlap, _, atom = best
    if atom is not None and overlap:  # the nearest figure under the words the claim uses: evidence, not proof
        return Finding(
            "number",
            "unsupported",
            _context(text, q.start, q.end),
            q.start,
            q.end,
            f"{q.text} is in no source and follows from none in a few steps (the source gives {atom.label} = "
            f"{float(atom.value):g})",
            (atom.step,) if atom.step else (),
            f"{float(atom.value):g}",
        )
    near = min(
        (a for a in src.atoms if a.step is not None and a.origin != "failed"),
        key=lambda a: abs(float(a.value) - float(q.value)),
        default=None,
    )
    why = f"{q.text} is in no source and follows from none in a few steps"
    if near is None:
        return Finding("number", "unsupported", _context(text, q.start, q.end), q.start, q.end, why)
    why += f" (nearest figure read: {float(near.value):g})"
    steps = (near.step,) if near.step is not None else ()
    return Finding(
        "number", "unsupported", _context(text, q.start, q.end), q.start, q.end, why, steps, f"{float(near.value):g}"
    )


def _shift_bases(src: Sources) -> list[date]:
    """Dates a stated duration may be counted from: the sources' dates; a date written without its year (a
    recurring "31 March") in each year the sources name; and the end of each such year ("within 120 days
    after the end of each calendar year")."""
    base = {date(y, m, d) for (m, d), ys in src.dates.items() for y, _ in ys if y is not None and _valid(y, m, d)}
    named = {int(a.value) for a in src.atoms if is_year(a.value)} | {d.year for d in base}
    # with no year anywhere, a yearless date is counted in a common and a leap year: only its day and month
    # are compared then (the answer names no year either, or it would not match a yearless source date)
    years = sorted(named)[:6] or [2023, 2024]
    yearless = [(m, d) for (m, d), ys in src.dates.items() if any(y is None for y, _ in ys)][:10]
    base |= {date(y, m, d) for y in years for m, d in yearless if _valid(y, m, d)}
    base |= {date(y, 12, 31) for y in years}
    return sorted(base)[:60]


def _shifted(bases: list[date], durations: Iterable[tuple[int, str]]) -> set[tuple[int, int, int]]:
    """``bases`` moved either way by each duration (and by the sum of two of the same unit)."""
    units = list(durations)[:20]
    shifts = [(n, u) for n, u in units] + [
        (n1 + n2, u1) for (n1, u1) in units for (n2, u2) in units if u1 == u2 and (n1, u1) <= (n2, u2)
    ]
    out: set[tuple[int, int, int]] = set()
    for d0 in bases:
        for n, u in shifts:
            for sign in (1, -1):
                moved = _shift(d0, sign * n, u)
                if moved is not None:
                    out.add((moved.year, moved.month, moved.day))
    return out


_A_DURATION = re.compile(r"\b(?:a|an|one)\s+(?P<u>year|month|week|day)\b", re.IGNORECASE)


def _own_durations(text: str) -> set[tuple[int, str]]:
    """The unit durations an answer's sentence states in words ("registrations run for a year"); a duration
    with a figure counts only when a source states it (a figure the answer alone gives would let it move any
    date by any amount)."""
    return {(1, m.group("u").lower()) for m in _A_DURATION.finditer(text)}


def _converted_time(src: Sources, text: str) -> bool:
    """The sentence names a time zone and a time that no source holds as such (so it was converted)."""
    return _TZ.search(text) is not None and any(
        not any(r in src.times for r in t.readings()) for t in time_mentions(text)
    )


def _next_to_source_date(src: Sources, month: int, day: int) -> bool:
    for d, _ in src.full_dates:
        for delta in (-1, 1):
            moved = d + timedelta(days=delta)
            if (moved.month, moved.day) == (month, day):
                return True
    return False


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _shift(d0: date, n: int, unit: str) -> date | None:
    try:
        if unit in ("day", "business day"):
            return d0 + timedelta(days=n)
        if unit == "hour":  # "due 24 hours before loading on 4 Dec": whole days only
            return d0 + timedelta(days=n // 24) if n % 24 == 0 else None
        if unit == "week":
            return d0 + timedelta(weeks=n)
        if unit == "month":
            m = d0.month - 1 + n
            return d0.replace(year=d0.year + m // 12, month=m % 12 + 1)
        if unit == "year":
            return d0.replace(year=d0.year + n)
    except (ValueError, OverflowError):
        return None
    return None


def _weekly_between(src: Sources, year: int | None, month: int, day: int) -> bool:
    """The date lies a whole number of weeks after one source date and before another, at most six weeks apart:
    a week of a weekly series the sources hold on either side."""
    days = sorted({d for d, _ in src.full_dates})
    years = {year} if year else {d.year for d in days if d.month == month}
    for y in years:
        if not _valid(y, month, day):
            continue
        x = date(y, month, day)
        before = [d for d in days if d < x and (x - d).days % 7 == 0]
        after = [d for d in days if d > x and (d - x).days % 7 == 0]
        if before and after and (after[0] - before[-1]).days <= 42:
            return True
    return False


_RANGE_BEFORE = re.compile(r"(?<![\d/.:-])\d{1,2}\s*(?:-|\u2013|to|through|thru)\s*$", re.IGNORECASE)


# each month as a source may name it (a word, not a date): "the April statement"
_MONTH_WORDS = tuple(frozenset({calendar.month_name[n].lower(), calendar.month_abbr[n].lower()}) for n in range(1, 13))


_ABOUT_BEFORE = re.compile(r"(?i)(?:~|\b(?:around|about|approximately|approx\.?|roughly|circa))[ \t]{0,2}\Z")
_RANK_BEFORE = re.compile(r"(?i)\b(?:top|bottom|first|last|next|past)\s{1,2}\Z")
_BUSINESS_DAYS = re.compile(
    r"(?i)\b(?:business|working|court|calendar) days?\b|\bskipping weekends\b|\bweekends? (?:and|or) holidays\b"
)


def _source_years(src: Sources) -> set[int]:
    return {y for (_, _), ys in src.dates.items() for y, _ in ys if y is not None} | {
        int(w) for w in src.words if w.isdigit() and len(w) == 4 and 1990 <= int(w) <= 2099
    }


def _days_after_source(src: Sources, dm: Any, days: int) -> bool:
    """The date falls within ``days`` after some source date (in that date's year when it names none)."""
    for d, _ in src.full_dates:
        year = dm.year or d.year
        if _valid(year, dm.month, dm.day) and 0 < (date(year, dm.month, dm.day) - d).days <= days:
            return True
    return False


def _month_bound(src: Sources, text: str, dm: Any) -> bool:
    """The first or last day of a month as an end of a range of days in that month ("May 1-31", "1-21 Oct"), in
    a month some source date falls in."""
    last = calendar.monthrange(dm.year or 2024, dm.month)[1]
    if dm.day not in (1, last):
        return False
    in_range = dm.through is not None or _RANGE_BEFORE.search(text[max(0, dm.start - 10) : dm.start]) is not None
    if in_range and any(m == dm.month for m, _ in src.dates):
        return True
    # "the April 30 closing balance" when the task asks about the April statement: the month's own end
    return dm.day == last and dm.day > 1 and bool(_MONTH_WORDS[dm.month - 1] & src.words)


def _check_dates(src: Sources, answer: _Answer, out: list[Finding]) -> None:
    bases: list[date] | None = None
    shifted: set[tuple[int, int, int]] = set()
    for dm in date_mentions(answer.text) + bare_dates(src, answer.text):
        if answer.hedged(dm.start) or src.has_date(dm.month, dm.day, dm.year) is not False:
            continue
        line_start = answer.text.rfind("\n", 0, dm.start) + 1
        if _HEADER_DATE.match(answer.text[line_start : dm.start]):
            continue  # a memo's own date: the agent's clock, not a claim about the sources
        if _month_bound(src, answer.text, dm):
            continue  # "May 1-31", "1-21 Oct": a range's end at the month's edge, for a month the sources cover
        if (dm.month, dm.day) in ((1, 1), (12, 31)) and (dm.year is None or dm.year in _source_years(src)):
            continue  # "FY2024 (Jan 1 - Dec 31, 2024)": a year's bounds, for a year the sources name
        if _RANK_BEFORE.search(answer.text, max(0, dm.start - 8), dm.start):
            continue  # "the top 3 March orders": a rank before a month, not a date
        if _ABOUT_BEFORE.search(answer.text, max(0, dm.start - 16), dm.start):
            continue  # "the offer lapses around Feb 9": a date reckoned and said to be approximate
        if bases is None:
            bases = _shift_bases(src)
            shifted = _shifted(bases, src.durations | calendar_offsets(src)) | reckoned_dates(src, bases)
            shifted |= _ordinal_dates(src, bases)
        if any((y, m, d) == (dm.year or y, dm.month, dm.day) for y, m, d in shifted):
            continue
        if "/" in dm.text and dm.day <= 12 and src.has_date(dm.day, dm.month, dm.year) is not False:
            continue  # "01/10/2024" written day first: 1 October
        if _weekly_between(src, dm.year, dm.month, dm.day):
            continue  # "the Saturdays are 6, 13, 20 and 27 June" from entries on the 6th, 13th and 27th
        sent = answer.sentence(dm.start)
        if sent is not None and _SPECULATION.search(sent.text):
            continue  # "it could be a Feb 11 pack date if they code lots by date": a guess offered as one
        if sent is not None and _FOLLOW_UP.search(sent.text) and _after_all(src, dm):
            continue  # "worth checking again around May 3": a date the agent suggests, not one it reports
        if sent is not None and _BUSINESS_DAYS.search(sent.text) and _days_after_source(src, dm, 45):
            continue  # "in business days, that lands on Wed 3/5": a date reckoned on the calendar
        own = _own_durations(sent.text) - src.durations if sent is not None else set()
        if own and any((y, m, d) == (dm.year or y, dm.month, dm.day) for y, m, d in _shifted(bases, own)):
            continue  # "the expiry would be around 20 Feb 2025" after a renewal on 20 Feb 2024: "run for a year"
        if sent is not None and _converted_time(src, sent.text) and _next_to_source_date(src, dm.month, dm.day):
            continue  # a date moved by a time-zone conversion
        out.append(
            Finding(
                "date",
                "unsupported",
                _context(answer.text, dm.start, dm.end),
                dm.start,
                dm.end,
                f"the date {dm.text} is in no source",
            )
        )


_SPECULATION = re.compile(
    r"(?i)\b(?:could|might|may) (?:well )?be\b[^.\n]{0,120}\bif\b"
    r"|\bif\b[^.\n]{0,120}\b(?:could|might|may) (?:well )?be\b"
    r"|\blooks? like it (?:could|might|may)\b|\bI(?:'m| am) not (?:sure|certain)\b"
)
_FOLLOW_UP = re.compile(
    r"(?i)\b(?:worth (?:checking|a look|revisiting)|I(?:'d| would) (?:check|revisit|look)|check (?:again|back)|"
    r"checking (?:again|back)|follow(?:ing)? up|revisit|remind (?:you|me)|recommend|suggest)\b"
)


def _after_all(src: Sources, dm: Any) -> bool:
    """The date mentioned comes after every dated day of the sources (in the last one's year when it names none)."""
    days = [date(y, m, d) for (m, d), ys in src.dates.items() for y, _ in ys if y is not None and _valid(y, m, d)]
    if not days:
        return False
    last = max(days)
    year = dm.year or last.year
    return _valid(year, dm.month, dm.day) and date(year, dm.month, dm.day) > last


_ORDINAL_WORD = re.compile(r"(?i)\bjulian\b|\bday[ _-]of[ _-]year\b|\bdoy\b|\bordinal dates?\b")
_ORDINAL_DAY = re.compile(r"(?<![\w.,])([0-3]\d\d)(?![\w,]|\.\d)")


def _ordinal_dates(src: Sources, bases: list[date]) -> set[tuple[int, int, int]]:
    """Dates that day numbers of the year stand for ("Julian dates 032 through 045"), in the sources' years, when a
    source says its numbers are days of the year."""
    text = "\n".join(src.texts)
    if not _ORDINAL_WORD.search(text):
        return set()
    out: set[tuple[int, int, int]] = set()
    for year in {b.year for b in bases}:
        for m in _ORDINAL_DAY.finditer(text):
            n = int(m.group(1))
            if 1 <= n <= (366 if calendar.isleap(year) else 365):
                d = date(year, 1, 1) + timedelta(days=n - 1)
                out.add((d.year, d.month, d.day))
    return out


def _check_times(src: Sources, answer: _Answer, out: list[Finding], skipped: set[tuple[int, int]]) -> int:
    """Check the answer's times (``skipped``: the hours a series of the sources skips); returns how many were
    checked."""
    checked = 0
    spans: set[Fraction] | None = None
    stated: set[Fraction] = set()  # durations on a clock face ("10:15") the sources gave, in seconds
    for t in time_mentions(answer.text):
        if answer.hedged(t.start):
            continue
        checked += 1
        if any(r in src.times for r in t.readings()):
            continue
        if _SPAN_LIKE.fullmatch(t.text) and not _CLOCK_AFTER.match(answer.text, t.end):
            seconds = Fraction((t.hour * 60 + t.minute) * 60)
            if spans is None:
                spans = _clock_spans(src)
            if (
                seconds in spans
                or _duration_supported(src, seconds)
                or any(a - b == seconds for a in stated for b in stated)
            ):
                stated.add(seconds)  # "05:50 to 16:05 = 10:15", "max 11:00" (660 min), "margin 0:45" (their difference)
                continue
        if any(mi == 59 and (h, 0) in src.times for h, mi in t.readings()):
            continue  # "through 07:59": the end of the hour a record at 07:00 stands for
        if any(r in skipped for r in t.readings()):
            continue  # "no readings for 02:00-04:00" in an hourly series that jumps from 01:00 to 05:00
        sent = answer.sentence(t.start)
        if sent is not None and _TZ.search(sent.text) and any(mi == t.minute for _, mi in src.times):
            continue  # a time-zone conversion of a source time
        out.append(
            Finding(
                "time",
                "unsupported",
                _context(answer.text, t.start, t.end),
                t.start,
                t.end,
                f"the time {t.text} is in no source",
            )
        )
    return checked


_SPAN_LIKE = re.compile(r"\d{1,2}:\d{2}")  # "10:15", "0:45": no am/pm, no seconds
_CLOCK_AFTER = re.compile(r"\s?(?:Z\b|UTC|GMT|[ap]\.?m\b|local)", re.IGNORECASE)
_MAX_CLOCK = 40


def _clock_spans(src: Sources) -> set[Fraction]:
    """The spans between two clock times of the sources (across midnight too), in seconds."""
    minutes = sorted({h * 60 + m for h, m in src.times})[:_MAX_CLOCK]
    return {Fraction(((b - a) % 1440) * 60) for a in minutes for b in minutes if a != b}


_HHMM = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


def _paired_spans(src: Sources) -> set[Fraction]:
    """Spans, in seconds, between two clock times that one record (or one line of a text) holds together: a
    departure and an arrival; across midnight too."""
    groups = [[v for v in r.fields.values() if isinstance(v, str)] for r in src.records]
    groups += [[line] for text in src.texts for line in text.split("\n")[:500]]
    out: set[Fraction] = set()
    for values in groups:
        minutes = [int(h) * 60 + int(m) for v in values for h, m in _HHMM.findall(v[:400])][:8]
        out |= {Fraction(((b - a) % 1440) * 60) for i, a in enumerate(minutes) for b in minutes[i + 1 :]}
    return out


def _duration_supported(src: Sources, seconds: Fraction) -> bool:
    """A duration a source holds (in seconds, minutes, hours or milliseconds; written in parts or on a clock),
    the sum of a column or of one result's durations, or the span between two clock times of one source."""
    wanted = {seconds, seconds / 60, seconds / 3600, seconds * 1000}
    if any(a.value in wanted for a in src.atoms) or seconds in _paired_spans(src):
        return True  # (or the span between two clock times of one record: departing 07:10, arriving 09:55)
    if any(sum((a.value for a in col), Fraction(0)) in wanted for col in src.columns.values() if len(col) >= 2):
        return True
    for text in src.texts:
        spans = durations_in(text)[:200]
        if seconds in spans or (len(spans) >= 2 and sum(spans, Fraction(0)) == seconds):
            return True
        clock = sorted(set(spans))
        if any(b - a == seconds for i, a in enumerate(clock) for b in clock[i + 1 :]):
            return True
    return False


def _check_identifiers(src: Sources, answer: _Answer, out: list[Finding]) -> None:
    for m in _IDENT.finditer(answer.text):
        token = m.group(0).rstrip(".-")
        if answer.hedged(m.start()) or _UNIT_SUFFIX.match(token):
            continue
        if PART_DURATION.fullmatch(token):  # "13m00s": a quantity written in parts, not an identifier
            if not _duration_supported(src, duration_seconds(token)):
                why = f"the duration {token} is in no source and follows from none (as seconds, a sum or a span)"
                out.append(
                    Finding(
                        "duration", "unsupported", _context(answer.text, m.start(), m.end()), m.start(), m.end(), why
                    )
                )
            continue
        if _WEEKS_DAYS.fullmatch(token) or _ZULU.fullmatch(token):
            continue  # "20w3d": an age in weeks and days; "2215Z", "0940L": a time of day, not an identifier
        span = _NUMBERED_RANGE.fullmatch(token)
        if (
            span
            and int(span.group(2)) < int(span.group(3)) <= int(span.group(2)) + 100
            and any(re.fullmatch(rf"{re.escape(span.group(1).lower())}\d+", w) for w in src.words)
        ):
            continue  # "P3-12", "Lane4-Lane9": a run of a numbered series (its ends may be the part not given)
        key = alnum(token.split("://", 1)[1] if "://" in token else token)
        if not key or key in src.alnum:
            continue
        digits = re.findall(r"\d+", token)
        special = "@" in token or "://" in token or token.startswith("#")
        if not special and sum(len(d) for d in digits) < 3:
            continue  # "UTF-8", "Q3", "v2": a term, not an identifier
        if re.fullmatch(r"(?i)(?:pre|post|mid|early|late|fy|cy|h[12]|q[1-4])[- ]?(?:19|20)\d\d", token):
            continue  # "pre-2022", "FY2024": a period, not an identifier
        letters = re.sub(r"[^A-Za-z]", "", token)
        if len(letters) <= 2 and not special and all(d in src.digit_groups for d in digits):
            continue
        out.append(
            Finding(
                "identifier",
                "unsupported",
                _context(answer.text, m.start(), m.end()),
                m.start(),
                m.end(),
                f"{token} appears in no source: an identifier is copied, not composed",
            )
        )


_NUMBERED_RANGE = re.compile(r"([A-Za-z]{1,6})(\d{1,3})[-\u2013](?:\1)?(\d{1,3})")
_ZULU = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d[ZL]")  # "2215Z" (UTC), "0940L" (local time)
_WEEKS_DAYS = re.compile(r"\d{1,3}\s?w(?:ks?)?\s?\d\s?d", re.IGNORECASE)


# the agent's own advice or plan, not a report of what a source says ("I'd hold the label until ...")
_ADVICE = re.compile(
    r"\b(?:I'd|I\u2019d|I would|I'll|I\u2019ll|I can|I could|we could|we should|you (?:may|might|could|should) want|"
    r"I (?:recommend|suggest|advise)|(?:we|I) recommend|consider (?:asking|checking|contacting))\b",
    re.IGNORECASE,
)


_MENU_STEP = re.compile(r"[ \t]{0,2}(?:\u2192|->|>|\u203a|\u00bb)[ \t]{0,2}")


def _check_names(src: Sources, answer: _Answer, out: list[Finding]) -> None:
    for m in _NAME.finditer(answer.text):
        if answer.hedged(m.start()):
            continue
        advice = answer.sentence(m.start())
        if advice is not None and _ADVICE.search(advice.text):
            continue
        line_start = answer.text.rfind("\n", 0, m.start()) + 1
        line_end = answer.text.find("\n", m.end())
        line = answer.text[line_start : line_end if line_end >= 0 else len(answer.text)]
        if _HEADING.fullmatch(line.strip()) or answer.text[m.end() : m.end() + 1] == ":":
            continue  # a heading or a label ("Other Observations", "From: ..."), not a name in running text
        if _MENU_STEP.search(answer.text, max(0, m.start() - 4), m.start()) or _MENU_STEP.match(answer.text, m.end()):
            continue  # "Preferences → Privacy → Clear Browsing Data": a step of a menu path, not a name
        tokens = re.findall(r"[A-Za-z]+(?:[-'][A-Za-z]+)?", m.group(0))
        sent = answer.sentence(m.start())
        if sent is not None and m.start() == sent.start and tokens[0].lower() in _SENTENCE_WORDS:
            tokens = tokens[1:]  # "However Northwind ...": a sentence's capitalised first word is not a name
        names = [t for t in tokens if t.lower() not in _NOT_NAMES and t[0].isupper()]
        if len(names) < 2:
            continue
        parts = {p for t in names for p in re.split(r"[-']", t.lower())}
        if parts & src.words or "".join(t.lower() for t in names) in src.alnum:
            continue  # ("Lakeview Trust" for an address at lakeviewtrust.example)
        initials = "".join(t[0] for t in names).lower()
        if initials in src.words:
            continue  # "North America" for "NA"
        out.append(
            Finding(
                "name",
                "unsupported",
                _context(answer.text, m.start(), m.end()),
                m.start(),
                m.end(),
                f"{' '.join(names)} is named in no source",
            )
        )


def _check_quotes(src: Sources, answer: _Answer, out: list[Finding]) -> None:
    text = answer.text
    for start, end in quotations(text):
        quoted = text[start + 1 : end - 1]
        head = text[max(0, start - 50) : start]
        if _SUGGESTED.search(head):
            continue  # 'I'd say "unofficial results show"': wording the agent proposes, not a source's
        attributed = _SAYS.search(head) is not None
        if len(quoted) < 12 or (len(quoted.split()) < _QUOTE_WORDS and not attributed):
            continue
        # a quotation may join a speaker's sentences that the source splits ("...stack," Grady said. "We're...")
        parts = [fold(p) for p in _QUOTE_PARTS.split(quoted)]
        parts = [p for p in parts if len(p.split()) >= 3]
        # quoting what the agent itself wrote in a call (the message it drafted) claims no source
        if parts and not all(p in src.folded or p in src.authored for p in parts):
            claim = text[start:end][:200]
            out.append(Finding("quote", "unsupported", claim, start, end, "quoted text that appears in no source"))


def _check_counts(src: Sources, answer: _Answer, out: list[Finding]) -> None:
    """'N things are below T': N must be the count of some column of the data against T."""
    columns = [[float(a.value) for a in atoms] for atoms in src.columns.values() if len(atoms) >= 3]
    for sent in answer.sents:
        if answer.hedged(sent.start):
            continue
        for a, b in sent.clauses():
            clause = answer.text[a:b]
            for m in _THRESHOLD.finditer(clause):
                t = float(m.group("t").replace(",", ""))
                counts = [
                    q
                    for q in quantities(clause)
                    if q.value.denominator == 1 and 0 <= q.value < 1000 and not q.percent and not q.currency
                    if not (q.start <= m.start("t") < q.end)
                ]
                if len(counts) != 1 or counts[0].start > m.start():
                    continue
                between = clause[counts[0].end : m.start()].split()
                if len(between) > 2:
                    continue  # "3 delinquent units are under 35": a subset the columns do not show
                n = int(counts[0].value)
                relevant = [c for c in columns if min(c) <= t <= max(c)]
                if not relevant:
                    continue
                got = {_count(c, m.group("cmp").lower(), t) for c in relevant}
                if n in got:
                    continue
                q = counts[0]
                out.append(
                    Finding(
                        "count",
                        "contradicted",
                        _context(answer.text, a + q.start, a + q.end),
                        a + q.start,
                        a + q.end,
                        f"{n} {m.group('cmp')} {m.group('t')}: the data gives {', '.join(str(g) for g in sorted(got))}",
                    )
                )


def _count(col: list[float], cmp: str, t: float) -> int:
    if cmp in ("below", "under", "less than", "fewer than", "lower than"):
        return sum(x < t for x in col)
    if cmp in ("above", "over", "more than", "greater than", "higher than"):
        return sum(x > t for x in col)
    if cmp in ("at least", "or more", "or higher", "or above"):
        return sum(x >= t for x in col)
    return sum(x <= t for x in col)


def check_claims(ctx: TraceContext, kinds: frozenset[str] = ALL_KINDS) -> tuple[list[Finding], Step | None, int]:
    """The final answer's claims that the sources do not support or contradict, the final answer's step, and how
    many of its figures were checked."""
    final = ctx.trace.final_answer
    if final is None or not final.text.strip():
        return [], final, 0
    src = collect_sources(ctx)
    answer = _Answer(final.text, sentences(final.text), src)
    out: list[Finding] = []
    if "count" in kinds:
        _check_counts(src, answer, out)
        out += counted_mismatches(src, answer.sents)
    figures = _check_numbers(src, answer, out) if "number" in kinds else 0
    if "date" in kinds:
        _check_dates(src, answer, out)
    if "time" in kinds:
        figures += _check_times(src, answer, out, gap_hours(ctx))
    if "identifier" in kinds:
        _check_identifiers(src, answer, out)
    if "name" in kinds:
        _check_names(src, answer, out)
    if "quote" in kinds:
        _check_quotes(src, answer, out)
    if kinds & {"number", "date", "time"}:
        open_times = frozenset(f.start for f in out if f.kind == "time" and f.status == "unsupported")
        out += bound_mismatches(src, answer.sents, answer.hedged, open_times)
    # one finding per span: a contradiction or an identity claim outranks an unsupported figure
    kept: list[Finding] = []  # non-overlapping, ordered by start: overlap found by binary search (linear overall)
    for f in sorted(out, key=lambda f: (not strong(f), f.status != "contradicted")):
        i = bisect.bisect_left(kept, f.start, key=lambda k: k.start)
        if (i > 0 and kept[i - 1].end > f.start) or (i < len(kept) and kept[i].start < f.end):
            continue
        kept.insert(i, f)
    return kept, final, figures


def claim_evidence(final: Step, found: list[Finding]) -> list[Evidence]:
    """Both sides of each finding: the answer's words, and the source step that contradicts them."""
    ev: list[Evidence] = []
    for f in found:
        ev.append(Evidence.of(final, quote=f.claim, note=f"{f.kind} {f.status}: {f.why}"))
        for s in f.steps[:2]:
            ev.append(Evidence.of(s, quote=f.source_quote or None, note="the source"))
    return ev


# a duration written in parts ("1h42m") is read off a source like a date: one no source holds, sums or spans
_IDENTITY = frozenset({"identifier", "name", "quote", "date", "count", "value", "duration"})


def strong(f: Finding) -> bool:
    """A contradiction, or an identity claim (identifier, name, quotation, date) that no source holds."""
    return f.status == "contradicted" or f.kind in _IDENTITY


def _line_at(text: str, at: int) -> str:
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]


MAX_FIGURES = 500  # an answer stating more figures than this is not checked figure by figure


def claims_fact(ctx: TraceContext, kinds: frozenset[str], count: str = "all") -> tuple[int | None, list[Evidence], str]:
    final_step = ctx.trace.final_answer
    if final_step is not None and kinds & {"number", "count"}:
        stated = len(quantities(final_step.text, claims_only=True))
        if stated > MAX_FIGURES:  # the pairwise derivations would take quadratic time: UNKNOWN, never a pass
            return (
                None,
                [Evidence.of(final_step)],
                f"the answer states {stated} figures, over {MAX_FIGURES}: not checked",
            )
    key = f"claims:{sorted(kinds)}"
    if key not in ctx.memo:
        ctx.memo[key] = check_claims(ctx, kinds)
    found, final, figures = ctx.memo[key]
    if count == "figures":
        return figures, [], f"{figures} figures checked"
    if count == "contradicted":
        found = [f for f in found if strong(f)]
    elif count == "unsupported_figures":
        found = [f for f in found if not strong(f)]
    elif count == "gap_figures" and final is not None:
        names = gap_names(ctx)
        text = final.text
        found = [f for f in found if not strong(f) and names and names_gap(_line_at(text, f.start), names)]
    note = "; ".join(f"{f.kind} {f.status}: {f.why}" for f in found[:3])
    return len(found), claim_evidence(final, found) if final is not None else [], note
