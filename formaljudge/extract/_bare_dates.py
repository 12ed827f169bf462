"""Bare month/day dates of an answer ("due 6/24"), read as dates only where the sources date things in that
month; a fraction ("5/32 in", "1 3/4", a ratio a source holds) is left to the figures."""

from __future__ import annotations

import re

from formaljudge.extract._numbers import DateMention, date_mentions
from formaljudge.extract._sources import Sources

# after "6/24": a fraction's unit or denominator word ("5/32 in", "3/16 inch", "2/3 of"), not a date
_FRACTION_AFTER = re.compile(r"""^(?:\s?(?:in\b|inch|"|mm\b|cm\b|of\b|ths\b|nds\b|rds\b|x\b)|[.,]\d)""", re.IGNORECASE)


def bare_dates(src: Sources, text: str) -> list[DateMention]:
    """Bare "6/24" in the answer, read as month and day where the sources date things in that month and the
    answer writes dates so: a date word before it ("due 6/24", "on 6/24") or another bare date of the answer
    that a source holds ("6/18, 6/19 and 6/24"). Not a fraction or a ratio ("5/32 in", "1 3/4", "7/8 passed"
    with no date beside it, or an "a/b" a source holds)."""
    months = {m for m, _ in src.dates}
    if not months:
        return []
    taken = [(d.start, d.end) for d in date_mentions(text)]
    found: list[tuple[DateMention, bool]] = []
    for m in _BARE_DATE.finditer(text):
        month, day = int(m.group("m")), int(m.group("d"))
        if month not in months or not 1 <= day <= 31 or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if _FRACTION_AFTER.match(text[m.end() : m.end() + 6]) or _WHOLE_BEFORE.search(text, 0, m.start()):
            continue
        if any(m.group(0) in t for t in src.texts) or _APPROXIMATE.search(text, 0, m.start()):
            continue  # (an "a/b" a source holds; "~9/17", "around 9/17": a date reckoned, not read)
        if any(re.search(rf"(?:19|20)\d\d\W?{month:02d}{day:02d}(?!\d)", t) for t in src.texts):
            continue  # "the 3/14 batch" beside a source's "B-2031-0314": the date an identifier carries
        cue = _DATE_CUE.search(text[max(0, m.start() - 16) : m.start()]) is not None
        found.append((DateMention(None, month, day, m.start(), m.end(), m.group(0)), cue))
    written = any(src.has_date(d.month, d.day, None) is not False for d, _ in found)
    return [d for d, cue in found if cue or written]


_BARE_DATE = re.compile(r"(?<![\d/.,$])(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)(?![\d/]|\.\d)")
_APPROXIMATE = re.compile(r"(?i)(?:~|\b(?:about|around|approx\.?|approximately|roughly|circa|c\.))[ \t]{0,2}\Z")
_WHOLE_BEFORE = re.compile(r"\d[ \t]\Z")  # "1 3/4": a mixed number
_DATE_CUE = re.compile(
    r"(?i)\b(?:on|by|due|until|till|since|from|through|thru|before|after|exp(?:ires|iry|ired)?|dated?|eta|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}|effective)\W{0,3}\Z"
)
