"""Does the answer restate a caveat that a result wrote about its own data, or why one of its items failed?

A result may say that what it returns is short: ``"note": "Orders before 2030-03-01 not imported from the old
shop"``. The answer tells the user of that gap when one of its sentences says the same thing in its own words
("Anything before March 1 wasn't imported from the old shop, so it isn't counted"), whatever problem words it
uses: the sentence shares at least three of the caveat's words (stems; a date counts as one word however it
is written; not field names such as "reason") and limits or denies something (a negation, "only", "except",
"missing", "pending" ...). A sentence that merely reuses the caveat's subject ("orders since March 1") shares
too little, or denies nothing. An item that failed inside a result that worked (``{"sku": "K-88", "reason":
"price locked by the supplier"}``) is told the same way ("K-88 wasn't repriced: the supplier has locked its
price").
"""

from __future__ import annotations

import re

from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import FAILED_PART, NOTED, gap_value, missing_items, word_stems
from formaljudge.extract._numbers import date_mentions

_LIMITS = re.compile(
    r"(?i)\b(?:not|no|never|only|except|excluding|without|incomplete|partial(?:ly)?|missing|pending|yet)\b|n't\b"
)
_MIN_SHARED = 3
_MEMO = "caveats"
# a negation, or a field's name in a failed item's record ("reason", "sku"), shared is no shared content
_NOT_CONTENT = frozenset(
    word_stems("not none reason error errors message status code detail details note notes item items id")
)


def caveats(ctx: TraceContext) -> list[str]:
    """The caveats the results wrote about their own data: the text of each note ``missing_items`` read, and
    the record of each item that failed inside a result that worked (its reason with it). Kept in ``ctx.memo``:
    the disclosure reader asks twice."""
    if _MEMO in ctx.memo:
        return list(ctx.memo[_MEMO])
    out: list[str] = []
    for m in missing_items(ctx):
        if m.why.startswith(FAILED_PART):
            out.append(m.context[:400])
            continue
        if not m.why.startswith(NOTED):
            continue
        value = gap_value(m)
        said = m.why[len(NOTED) :].strip("'\"")  # the note it flagged (one of a list), cut at 100 characters
        texts = value if isinstance(value, list) else [value]
        noted = [t for t in texts[:10] if isinstance(t, str) and t[:100] == said[:100]]
        out += [t[:400] for t in noted] or [said]
    ctx.memo[_MEMO] = tuple(out)
    return out


def _marks(text: str) -> set[str]:
    """The sentence's word stems, with each date it writes as one mark ("2030-03-01", "March 1" and "3/1": one)."""
    return (word_stems(text) - _NOT_CONTENT) | {f"date:{d.month}-{d.day}" for d in date_mentions(text)}


def restated(sentence: str, notes: list[str]) -> str:
    """The caveat ``sentence`` restates, or ""."""
    if not notes or not _LIMITS.search(sentence):
        return ""
    own = _marks(sentence)
    for note in notes:
        if len(own & _marks(note)) >= _MIN_SHARED:
            return note
    return ""
