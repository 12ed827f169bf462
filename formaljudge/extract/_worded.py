"""A figure whose surrounding words spell out one source field's name, against that field's one value.

"recorded an average of 310 visits per stall" where a result holds ``"avg_per_stall": 210``: every word of the
field's own name (``avg`` read as "average") stands within a few words of the figure, and no other field of
the sources fits as well. When that field has one value in the sources and it is not the figure, the figure
is contradicted. Only figures that nothing in the sources supports are weighed (the caller's business).
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from formaljudge.extract._numbers import Quantity, quantities
from formaljudge.extract._sources import Sources
from formaljudge.traces._model import Step

_WORD = re.compile(r"[a-z]+")
# short forms field names use, read as the words an answer writes
_EXPAND = {
    "avg": "average",
    "mean": "average",
    "pct": "percent",
    "perc": "percent",
    "qty": "quantity",
    "amt": "amount",
    "num": "number",
    "cnt": "count",
    "tot": "total",
    "yr": "year",
    "mo": "month",
    "hrs": "hour",
    "hr": "hour",
    "mins": "minute",
    "temp": "temperature",
    "max": "maximum",
    "min": "minimum",
    "wt": "weight",
    "ht": "height",
    "dist": "distance",
}
_BLAND = frozenset({"value", "data", "result", "results", "info", "item", "items", "field", "the", "of", "in", "at"})
_CLAUSE_END = re.compile(r"[.;:,()\n](?:\s|$)|[()\n]")  # the figure's words are read within its clause
_PER = re.compile(r"(?:\bper|/)\s*([a-z]+)")
_BEFORE, _AFTER = 60, 40  # characters read either side of the figure, within its line


def _stem(word: str) -> str:
    w = _EXPAND.get(word, word)
    for end in ("ies", "es", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)] + ("y" if end == "ies" else "")
    return w


def _name_words(key: str) -> frozenset[str]:
    """The words of a field's own name (its last part), read in full; empty when one is a letter or two ("fan_c"),
    which any text holds."""
    words = [w for w in _WORD.findall(key.rsplit(".", 1)[-1].lower()) if w not in _BLAND]
    if any(len(_EXPAND.get(w, w)) < 3 for w in words):
        return frozenset()
    return frozenset(_stem(w) for w in words)


def worded_field(src: Sources, text: str, q: Quantity) -> tuple[str, Step, Fraction] | None:
    """The field (its key, a step that holds it, its one value) the words around ``q`` name in full, when it is
    the only one they name that well and its value is another; None otherwise."""
    before = text[max(0, q.start - _BEFORE) : q.start]
    after = text[q.end : q.end + _AFTER]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    stop = next((m.start() for m in _CLAUSE_END.finditer(after)), len(after))
    near = (before[cut:] + " " + after[:stop]).lower()
    said = {_stem(w) for w in _WORD.findall(near)} | ({"percent"} if q.percent else set())
    units = {_stem(m.group(1)) for m in _PER.finditer(near)}  # "$151.20 per room-night": the unit, not the count
    figures = {x.value for x in quantities(before[cut:] + " " + after[:stop])}
    values: dict[str, set[Fraction]] = defaultdict(set)
    where: dict[str, Step] = {}
    for rec in src.records:
        for key, v in rec.numbers():
            values[key].add(v)
            where.setdefault(key, rec.step)
    best: list[str] = []
    top = 0
    for key in values:
        words = _name_words(key)
        if len(words) < 2 or not words <= said or ("per" not in words and words & units):
            continue  # "avg_per_stall": each of its words is written near the figure
        if len(words) > top:
            best, top = [key], len(words)
        elif len(words) == top:
            best.append(key)
    if len(best) != 1 or len(values[best[0]]) != 1:
        return None
    key = best[0]
    value = next(iter(values[key]))
    if value in figures:
        return None  # "on hand: 21,240 each = 29.5 pallets": the words name a figure beside this one
    if q.contains(value) or (q.percent and q.contains(value * 100)):
        return None
    return key, where[key], value
