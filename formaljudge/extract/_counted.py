"""A count the answer gives with the noun a source's field is named for, against that field's one value.

"3 complaints have been logged" where the one result that counts them says ``"complaints_logged": 0``: the
figure is small (small whole numbers are not claims on their own), but the words around it name the field,
word for word (the noun, plural or not, and every other word of the field's name within the clause), and the
sources give that field one value only, another one. A field with several values (one per record) says
nothing about which the answer means, and a name shared with no word of the clause is not read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import quantities
from formaljudge.extract._sentences import Sentence
from formaljudge.extract._sources import Sources
from formaljudge.traces._model import Step

_COUNT = re.compile(r"(?<![\w.,$€£-])(\d{1,3}|no|zero)\s+([a-z]{3,20})\b", re.IGNORECASE)
_KEY_WORDS = re.compile(r"[a-z]+")
_WORD = re.compile(r"[a-z]+")
_FUNCTION_WORDS = frozenset({"of", "in", "on", "at", "to", "by", "for", "per", "the", "and", "or", "a", "an"})
_MEASURES = frozenset(
    {"cost", "price", "rate", "amount", "fee", "value", "weight", "size", "pct", "percent", "ratio", "share", "per"}
)
_NOT_NOUNS = frozenset({"more", "less", "fewer", "other", "new", "of", "the", "and", "per", "percent", "times"})


def _stem(word: str) -> str:
    w = word.lower()
    for end in ("ies", "es", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)] + ("y" if end == "ies" else "")
    return w


def _fields(src: Sources) -> dict[tuple[str, ...], tuple[set[Fraction], Step]]:
    """Each numeric field's name (as its stemmed words), with the values the sources give it and a step that
    holds it."""
    out: dict[tuple[str, ...], tuple[set[Fraction], Step]] = {}
    values: dict[tuple[str, ...], set[Fraction]] = defaultdict(set)
    for rec in src.records:
        for key, v in rec.numbers():
            leaf = key.rsplit(".", 1)[-1].lower()
            raw = [_stem(w) for w in _KEY_WORDS.findall(leaf)]
            words = tuple(w for w in raw if w not in _FUNCTION_WORDS)  # "tables_of_10": "of" names nothing
            if len(words) < 2 or v.denominator != 1 or set(raw[1:]) & _MEASURES:
                continue  # "complaints_logged", not "count" alone nor "unit_cost" (a price, not a count of units)
            values[words].add(v)
            out.setdefault(words, (values[words], rec.step))
    return out


def counted_mismatches(src: Sources, sents: list[Sentence]) -> list[Finding]:
    """Counts the answer gives for a field the sources hold one other value of."""
    fields = _fields(src)
    if not fields:
        return []
    out: list[Finding] = []
    for sent in sents:
        if sent.hedged:
            continue
        for m in _COUNT.finditer(sent.text):
            noun = m.group(2).lower()
            if noun in _NOT_NOUNS:
                continue
            said = {_stem(w) for w in _WORD.findall(sent.text.lower())}
            n = 0 if m.group(1).lower() in ("no", "zero") else int(m.group(1))
            hits = [
                (words, vals, step)
                for words, (vals, step) in fields.items()
                if words[0] == _stem(noun) and set(words[1:]) <= said
            ]
            if len(hits) != 1:
                continue
            words, vals, step = hits[0]
            if len(vals) != 1 or Fraction(n) in vals or vals & {x.value for x in quantities(sent.text)}:
                continue  # the field's own value stands in the sentence: the count is about something else
            start = sent.start + m.start()
            value = next(iter(vals))
            why = f"{m.group(0)}: the source's {'_'.join(words)} is {value}"
            out.append(Finding("count", "contradicted", m.group(0), start, sent.start + m.end(), why, (step,)))
    return out
