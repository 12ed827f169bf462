"""Figures the answer labels with a record's field names, read against that record.

An answer often gives one record's figures in a run, each with the name of its field: "April: 42 hikes,
17 bikes, 3 kayaks" for ``{"month": "2031-04", "hikes": 42, "bikes": 17, "kayaks": 3}``. When at least two
of a run's labelled figures are exactly their fields' values in one record (and in no other record as many
are), the run is about that record, and a labelled figure of the run that is not its field's value there
("April: 42 hikes, 21 bikes, 3 kayaks") contradicts it, even when the figure happens to stand somewhere else
in the sources. A run is the text between brackets, semicolons, line breaks and sentence ends; a label is
the field's name right after the figure ("21 bikes") or right before it with a colon ("bikes: 21"), not
after another figure ("3 kayaks = 21" is arithmetic).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import Quantity
from formaljudge.extract._sources import Record, Sources

_MIN_AGREED = 2
_MAX_RECORDS = 300
_KEY_WORDS = re.compile(r"[A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_RUN_END = re.compile(r"[()\[\];\n]|[.!?](?=\s|$)")
_AFTER = re.compile(r"\s{0,2}(?P<w>[A-Za-z][A-Za-z-]{1,30}(?:\s[A-Za-z][A-Za-z-]{1,30}){0,2})")
_BEFORE = re.compile(r"(?P<w>[A-Za-z][A-Za-z-]{1,30}(?:\s[A-Za-z][A-Za-z-]{1,30}){0,2})\s{0,2}:\s{0,2}[$€£]?$")
_GENERIC = frozenset({"id", "value", "count", "total", "number", "amount", "n", "no", "qty", "quantity"})


def _stem(word: str) -> str:
    """Singular and plural alike ("bikes", "bike"; "ferries", "ferry")."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def _name(key: str) -> tuple[str, ...]:
    """A field's name as words: ``adoptions.small_animals`` -> ("small", "animal")."""
    last = _CAMEL.sub(" ", key.rsplit(".", 1)[-1])
    return tuple(_stem(w) for w in _KEY_WORDS.findall(last))


def _labels(text: str, q: Quantity, lo: int, hi: int) -> list[tuple[str, ...]]:
    """The word runs that may name ``q``'s field: up to three words right after it, or right before a colon."""
    out = []
    m = _AFTER.match(text, q.end, hi)
    if m is not None:
        words = tuple(_stem(w) for w in m["w"].split())
        out += [words[:n] for n in range(len(words), 0, -1)]
    head = text[max(lo, q.start - 100) : q.start]
    b = _BEFORE.search(head)
    if b is not None and not head[: b.start()].rstrip()[-1:].isdigit():  # not "4 bikes: 9": that names the 4
        words = tuple(_stem(w) for w in b["w"].split())
        out += [words[-n:] for n in range(len(words), 0, -1)]
    return out


def _runs(text: str, claims: Sequence[Quantity]) -> list[list[Quantity]]:
    cuts = [0, *(m.end() for m in _RUN_END.finditer(text)), len(text) + 1]
    runs: dict[int, list[Quantity]] = {}
    for q in claims:
        i = next(k for k in range(1, len(cuts)) if q.start < cuts[k])
        runs.setdefault(i, []).append(q)
    return [r for r in runs.values() if len(r) >= _MIN_AGREED + 1]


def labelled_mismatches(src: Sources, text: str, claims: Sequence[Quantity]) -> list[Finding]:
    """The labelled figures that contradict the one record their run is about."""
    records: list[tuple[Record, dict[tuple[str, ...], tuple[str, Fraction]]]] = []
    for rec in src.records[:_MAX_RECORDS]:
        named: dict[tuple[str, ...], tuple[str, Fraction]] = {}
        for key, value in rec.numbers():
            words = _name(key)
            if words and not set(words) <= _GENERIC:
                named.setdefault(words, (key, value))
        if len(named) >= _MIN_AGREED + 1:
            records.append((rec, named))
    if not records:
        return []
    out: list[Finding] = []
    cuts = [0, *(m.end() for m in _RUN_END.finditer(text)), len(text)]
    for run in _runs(text, [q for q in claims if not q.percent]):
        lo = max(c for c in cuts if c <= run[0].start)
        hi = min((c for c in cuts if c > run[-1].start), default=len(text))
        labelled = [(q, _labels(text, q, lo, hi)) for q in run]
        best: list[tuple[int, Record, list[tuple[Quantity, str, Fraction]]]] = []
        for rec, named in records:
            agreed, other = 0, []
            for q, labels in labelled:
                hit = next((named[w] for w in labels if w in named), None)
                if hit is None:
                    continue
                key, value = hit
                if q.contains(value):
                    agreed += 1
                else:
                    other.append((q, key, value))
            if agreed >= _MIN_AGREED:
                best.append((agreed, rec, other))
        if not best:
            continue
        best.sort(key=lambda b: -b[0])
        if len(best) > 1 and best[1][0] == best[0][0]:
            continue  # two records agree as well: the run is not about one of them
        agreed, rec, other = best[0]
        if not other or len(other) >= agreed:
            continue
        for q, key, value in other:
            why = f"{q.text}: the record the rest of its run gives ({agreed} figures) holds {key} = {float(value):,g}"
            out.append(Finding("number", "contradicted", q.text, q.start, q.end, why, (rec.step,)))
    return out
