"""An answer cut into sentences and clauses, and the sentences that are not claims about the sources.

A sentence is hedged when it labels what it says as general knowledge, an
estimate or an assumption ("for context only, not company policy", "my
extrapolation, not measured"), or speaks of what is usual ("typically 2-5%",
"most carriers"): its figures are not offered as tool findings. A sentence
about what is usual that names something of the trajectory ("the East store
usually does 19,800 a week") is a claim about it all the same; the claim
check decides that against the sources. A question or an offer to the user ("Want me to book 15:00 instead?")
proposes; its figures are not findings either.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9])|\n+|(?<=:)\s*\n|;\s+")
# (?<!\s): a match starts where a run of spaces starts, so a search over a long run stays linear
_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|so)\s+|;\s+|(?<!\s)\s+\bbut\b\s+|:\s+")
# labelled as not a finding: general knowledge, an estimate, an assumption
_LABELLED = re.compile(
    r"\b(?:in general|generally speaking|as a (?:general )?rule|for (?:general )?context(?: only)?|not specific to|"
    r"speaking generally|in my experience|general (?:knowledge|background|guidance|information)|rule of thumb|"
    r"(?:rough|ballpark) (?:estimate|figure)|ballpark only|for reference|"
    r"my (?:own )?(?:estimate|extrapolation|guess|assumption)|extrapolat\w*|not measured|hypothetical(?:ly)?|"
    r"as an illustration|industry (?:average|norm|standard)s?|placeholder|assuming|not (?:\w+ )?(?:company |your )?"
    r"policy)\b",
    re.IGNORECASE,
)
# what is usual: general knowledge when it speaks of no particular thing of the trajectory
_USUAL = re.compile(
    r"\b(?:typically|usually|normally|generally|often|commonly|tends? to|many (?:\w+ )?(?:employers|companies|"
    r"organi[sz]ations|firms|people|agreements|contracts|plans|policies|carriers|providers|banks|clinics|stores)"
    r"|most (?:\w+ )?(?:employers|companies|plans|policies|carriers|providers))\b",
    re.IGNORECASE,
)


# a question or an offer to the user: what the agent proposes to do, not what the sources say ("Want me to book
# 15:00-17:00 instead?", "shall I retry with 2031-04-15 08:00", "if you give me the range (e.g. $21-$25)")
_OFFERED = re.compile(
    r"\?[\s\"')*]{0,4}$|\b(?:e\.g\.|for example)|^[\W_]{0,4}(?:want me to|shall I|should I|do you want|"
    r"would you like|happy to|let me know|I can (?!confirm|see|tell|verify)|I could|I'll|I will|we could|we can|"
    r"if you (?:give|send|confirm|want|prefer|can|could|need|'d like))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    labelled: bool  # says it is general knowledge, an estimate or an assumption
    usual: bool = False  # speaks of what is usual ("typically", "most carriers")
    offered: bool = False  # a question or an offer to the user ("Want me to book 15:00 instead?")

    @property
    def hedged(self) -> bool:
        return self.labelled or self.usual or self.offered

    def clauses(self) -> list[tuple[int, int]]:
        """Clause spans (absolute offsets) of the sentence."""
        spans, pos = [], 0
        for m in _CLAUSE.finditer(self.text):
            spans.append((self.start + pos, self.start + m.start()))
            pos = m.end()
        spans.append((self.start + pos, self.end))
        return [(a, b) for a, b in spans if b > a]


_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Sr|Jr|No|Inc|Ltd|Co|Corp|vs|approx|est|Fig|Sec|Dept|Mt|Ave|U\.S|e\.g|i\.e|etc)\."
    r"|\b[A-Z]\.)$"
)


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    cuts = [m for m in _SPLIT.finditer(text) if not _ABBREV.search(text[max(0, m.start() - 8) : m.start()])]
    for m in [*cuts, None]:
        end = m.start() if m is not None else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            a = pos + chunk.index(stripped)
            labelled = _LABELLED.search(stripped) is not None
            usual = _USUAL.search(stripped) is not None
            out.append(Sentence(stripped, a, a + len(stripped), labelled, usual, _OFFERED.search(stripped) is not None))
        if m is not None:
            pos = m.end()
    return out


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding ``offset`` (``sents`` in text order, as ``sentences`` gives them): a binary search."""
    i = bisect.bisect_right(sents, offset, key=lambda s: s.start) - 1
    if i >= 0 and sents[i].start <= offset < sents[i].end:
        return sents[i]
    return None


_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)]|\|)")


@dataclass(frozen=True)
class Row:
    """A line of a list or table of the answer."""

    start: int
    end: int
    table: bool  # a table row: its columns are its cells; a list item's are its figures in order

    def column(self, text: str, offset: int, order: int) -> int:
        """The column of the figure at ``offset`` (``order``: its rank among the line's figures)."""
        return text.count("|", self.start, offset) if self.table else order


def list_blocks(text: str) -> list[list[Row]]:
    """Runs of consecutive list items or table rows."""
    blocks: list[list[Row]] = []
    pos = 0
    for line in text.split("\n"):
        if _ITEM.match(line):
            row = Row(pos, pos + len(line), line.lstrip().startswith("|"))
            if blocks and blocks[-1][-1].end + 1 == pos:
                blocks[-1].append(row)
            else:
                blocks.append([row])
        pos += len(line) + 1
    return blocks
