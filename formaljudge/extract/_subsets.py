"""Sums over the records a sentence names: "the four reporting regions (Central, Coastal, Southeast, West):
1,321 visits in week 38 vs 1,198 in week 37".

Rows of one listing that the sentence names by a field's value (two or more of them) are summed, field by field,
over all of them and over those that also share another field's value (week 37, week 38). A figure equal to one
of those sums is derived from the sources: the answer added up the rows it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction

from formaljudge.extract._derive import Derivation, uniq
from formaljudge.extract._numbers import Quantity
from formaljudge.extract._sources import Record, Sources

_PATH_INDEX = re.compile(r"\[\d+\]")
_MAX_ROWS = 200


def _listings(src: Sources) -> list[list[Record]]:
    groups: dict[tuple[int, str], list[Record]] = defaultdict(list)
    for r in src.records:
        groups[(r.step.index, _PATH_INDEX.sub("[]", r.path))].append(r)
    return [rows for rows in groups.values() if 2 <= len(rows) <= _MAX_ROWS]


def named_sum(q: Quantity, src: Sources, sentence: str) -> Derivation | None:
    """The sum that ``q`` is, over rows the sentence names (and that share one more field's value), or None."""
    low = sentence.lower()
    for rows in _listings(src):
        keys = {k for r in rows for k, v in r.fields.items() if isinstance(v, str) and len(v) >= 3}
        for key in sorted(keys):
            named = [
                r
                for r in rows
                if isinstance(v := r.fields.get(key), str) and re.search(rf"\b{re.escape(v.lower())}\b", low)
            ]
            if len({r.fields[key] for r in named}) < 2:
                continue
            # all named rows, then those sharing each value of each other field
            parts: list[tuple[str, list[Record]]] = [("", named)]
            for other in sorted({k for r in named for k in r.fields if k != key}):
                by: dict[str, list[Record]] = defaultdict(list)
                for r in named:
                    if other in r.fields and not isinstance(r.fields[other], (dict, list)):
                        by[str(r.fields[other])].append(r)
                parts += [(f" with {other} {v}", rs) for v, rs in by.items() if len(rs) >= 2]
            for how, part in parts:
                totals: dict[str, Fraction] = defaultdict(Fraction)
                for r in part:
                    for k, v in r.numbers():
                        totals[k] += v
                for k, total in totals.items():
                    if q.contains(total):
                        names = ", ".join(sorted({str(r.fields[key]) for r in part}))
                        return Derivation(total, f"sum of {k} over {names}{how}", uniq(r.step for r in part))
    return None
