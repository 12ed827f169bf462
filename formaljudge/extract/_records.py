"""Values moved from one record to another: the answer names one record and states a sibling's value.

When a sentence of the answer names a record of the data clearly (two of its
fields, or one long distinctive string such as a person's name) more than any
of its siblings (records at the same place of the results of one tool), each
other figure, date, time or string the sentence states is checked against
that record: a value that one sibling holds under a field where the named
record holds something else ("post-op follow-up ... Nov 14" when the
follow-up is on Nov 21 and Nov 14 is the physical therapy), or holds nothing,
is contradicted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import Quantity, as_number, date_mentions, quantities, time_mentions
from formaljudge.extract._sentences import Sentence, list_blocks
from formaljudge.extract._sources import Record, Sources

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
_DISTINCT = 8  # characters of a string field that name a record on their own
_PATH_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class _Val:
    kind: str  # number | date | time | string
    key: Any


def _value(v: Any) -> _Val | None:
    x = as_number(v)
    if x is not None:
        return _Val("number", x)
    if isinstance(v, str):
        s = v.strip()
        m = _ISO_DATE.match(s)
        if m:
            return _Val("date", (int(m.group(2)), int(m.group(3))))
        m = _HHMM.match(s)
        if m:
            return _Val("time", (int(m.group(1)), int(m.group(2))))
        if len(s) >= 3 and not s.isdigit():
            return _Val("string", s.lower())
    return None


@dataclass
class _Sentence:
    text: str
    lower: str
    numbers: list[tuple[int, int, Any]]  # (start, end, Quantity)
    dates: list[tuple[int, int, tuple[int, int]]]
    times: list[tuple[int, int, tuple[int, int]]]

    @classmethod
    def of(cls, text: str) -> _Sentence:
        return cls(
            text,
            text.lower(),
            [(q.start, q.end, q) for q in quantities(text)],
            [(d.start, d.end, (d.month, d.day)) for d in date_mentions(text)],
            [(t.start, t.end, (t.hour, t.minute)) for t in time_mentions(text)],
        )

    def find(self, v: _Val) -> list[tuple[int, int]]:
        """Spans of the sentence that state ``v``."""
        if v.kind == "number":
            x = v.key
            return [
                (a, b)
                for a, b, q in self.numbers
                if q.contains(x) or (q.percent and q.contains(x * 100)) or (not q.signed and q.contains(-x))
            ]  # "a £38.99 refund" states an amount of -38.99
        if v.kind == "date":
            return [(a, b) for a, b, d in self.dates if d == v.key]
        if v.kind == "time":
            return [(a, b) for a, b, t in self.times if t == v.key]
        out = []
        for m in re.finditer(r"(?<![a-z0-9])" + re.escape(v.key) + r"(?![a-z0-9])", self.lower):
            out.append((m.start(), m.end()))
        return out


def _groups(src: Sources) -> list[list[Record]]:
    by: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in src.records:
        by[(r.step.tool or "", _PATH_INDEX.sub("[]", r.path))].append(r)
    out = []
    for g in by.values():
        # a record that shares no field with the others is another kind of thing (an error body beside a
        # release the same tool returned): not one of the group's records
        kept = [r for r in g if any(set(r.fields) & set(o.fields) for o in g if o is not r)]
        if 2 <= len(kept) <= 200:
            out.append(kept)
    return out


def _code(key: str) -> bool:
    return any(c.isdigit() for c in key) and any(c.isalpha() for c in key) and " " not in key


def _significant(v: _Val) -> bool:
    if v.kind == "string":  # a common word ("final", "hire") could be said of anything
        key: str = v.key
        return len(key) >= _DISTINCT or any(c.isdigit() for c in key) or " " in key
    if v.kind != "number":
        return True
    x: Fraction = v.key
    return x.denominator != 1 or abs(x) >= 10


def bound_mismatches(
    src: Sources, sents: list[Sentence], hedged: Callable[[int], bool], open_times: frozenset[int] = frozenset()
) -> list[Finding]:
    """Values of another record in a sentence that names one; and (``open_times``: where the answer's times that
    no source holds start) a time given for a record that holds other times ("piano lesson 3:00pm" at 16:20)."""
    out: list[Finding] = []
    groups = _groups(src)
    if not groups:
        return out
    for sent in sents:
        if hedged(sent.start):
            continue
        s = _Sentence.of(sent.text)
        for group in groups:
            out += _check(sent, s, group, src, open_times)
    return out


def _held_elsewhere(src: Sources, v: _Val, group: list[Record]) -> bool:
    """The value is also in a source that is not a record of the group (an error message, the task): the
    sentence may be quoting that."""
    mine = {r.step.index for r in group}
    if v.kind == "number":
        return any((a.step is None or a.step.index not in mine) and a.value == v.key for a in src.atoms)
    if v.kind == "date":
        return any(s is None or s.index not in mine for _, s in src.dates.get(v.key, []))
    return False


def _names_several(s: _Sentence, values: list[dict[str, _Val]]) -> bool:
    """The sentence names two records or more by the same field ("DHPP from March 2 and Bordetella from
    Sept 14"): its values may belong to either, so none is moved from one to another."""
    counts: dict[_Val, int] = defaultdict(int)
    for vals in values:
        for v in set(vals.values()):
            counts[v] += 1
    named: dict[str, int] = defaultdict(int)
    for vals in values:
        for key, v in vals.items():
            if v.kind == "string" and counts[v] == 1 and s.find(v):
                named[key] += 1
    return any(n >= 2 for n in named.values())


_NOT_YET = re.compile(
    r"\b(?:has ?n[o']t|have ?n[o']t|has not|have not|not yet|is ?n[o']t|missing|no \w+ (?:from|for))\b", re.I
)


def _check(
    sent: Sentence, s: _Sentence, group: list[Record], src: Sources, open_times: frozenset[int] = frozenset()
) -> list[Finding]:
    values = [{k: v for k, v in ((k, _value(x)) for k, x in r.fields.items()) if v is not None} for r in group]
    seen: dict[_Val, int] = defaultdict(int)
    for vals in values:
        for v in set(vals.values()):
            seen[v] += 1
    scored = []
    for i, vals in enumerate(values):
        score, spans = 0.0, []
        for v in vals.values():
            if not _significant(v):
                continue
            hits = s.find(v)
            if hits:
                # a long name names the record most surely; a code of letters and digits no other record holds
                # ("lot T1795G") more surely than a figure or a date, which may be the claim in question
                if v.kind == "string" and len(v.key) >= _DISTINCT:
                    score += 2
                else:
                    score += 1.5 if v.kind == "string" and seen[v] == 1 and _code(v.key) else 1
                spans += hits
        scored.append((score, i, spans))
    scored.sort(reverse=True)
    (best, i, own), second = scored[0], scored[1][0]
    if best < 2 or best <= second or _names_several(s, values):
        return []
    ref = values[i]
    findings: list[Finding] = _other_time(sent, s, group[i], open_times)
    for j, vals in enumerate(values):
        if j == i:
            continue
        for key, v in vals.items():
            if not _significant(v) or ref.get(key) == v or _held_elsewhere(src, v, group):
                continue
            if v.kind == "string" and _NOT_YET.search(sent.text):
                continue  # "but Kasbah Toubkal hasn't invoiced yet": another record named for what it lacks
            for a, b in s.find(v):
                if any(x <= a and b <= y for x, y in own):
                    continue  # inside a value of the named record ("hire" in "lean hire")
                mine = ref.get(key)
                if mine is not None and mine.kind == v.kind and s.find(mine):
                    continue  # the sentence states the named record's own value too
                has = f"holds {group[i].fields.get(key)!r}" if key in group[i].fields else "has no such field"
                findings.append(
                    Finding(
                        kind=v.kind if v.kind != "string" else "value",
                        status="contradicted",
                        claim=sent.text[:200],
                        start=sent.start + a,
                        end=sent.start + b,
                        why=f"{sent.text[a:b]!r} is the {key} of another record; the record this sentence "
                        f"is about {has} for {key}",
                        steps=(group[i].step, group[j].step),
                        source_quote=str(group[i].fields.get(key, "")),
                    )
                )
                break
    return findings


_CLOCK_OF = re.compile(r"^(?:\d{4}-\d{2}-\d{2}[T ])?(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def _other_time(sent: Sentence, s: _Sentence, rec: Record, open_times: frozenset[int]) -> list[Finding]:
    """A time no source holds, in a sentence about a record whose own times the sentence does not state: the
    record's time is contradicted ("piano lesson 3:00pm" for a start of 16:20). A time on the record's minute in
    another hour may be a time-zone conversion and is left unsupported."""
    own: dict[tuple[int, int], str] = {}
    for key, v in rec.fields.items():
        m = _CLOCK_OF.match(v.strip()) if isinstance(v, str) else None
        if m:
            own.setdefault((int(m.group(1)), int(m.group(2))), key)
    if not own or any(t in own for _, _, t in s.times):
        return []
    out = []
    for a, b, (_, minute) in s.times:
        if sent.start + a not in open_times or any(minute == mi for _, mi in own):
            continue
        told = ", ".join(f"{k} {h:02d}:{mi:02d}" for (h, mi), k in own.items())
        why = f"{sent.text[a:b]!r}: the record this sentence is about gives {told}"
        out.append(Finding("time", "contradicted", sent.text[:200], sent.start + a, sent.start + b, why, (rec.step,)))
    return out


def row_mismatches(src: Sources, text: str, unsupported: list[Quantity]) -> list[Finding]:
    """Lists and tables of the answer whose rows name records: a column whose figures are one field of the
    records of one result ("RNO-1: 184", "CLT-1: 97" are on_hand) makes a row's other figure in that column
    a claim about its own record's field ("DAL-2: 245" where DAL-2 holds 122). A row may also name a field
    ("| Amazon EC2 | ... |" for ``{"Amazon EC2": 14820.55, ...}``): then the column names the record."""
    by_value: dict[Fraction, list[tuple[Record, str]]] = defaultdict(list)
    names: list[tuple[Record, set[str]]] = []
    for rec in src.records:
        for k, v in rec.numbers():
            by_value[v].append((rec, k))
        idents = {
            str(v).lower()
            for v in rec.fields.values()
            if isinstance(v, str) and _ident(v.strip()) and as_number(v) is None and not _ISO_DATE.match(v.strip())
        }
        if idents:
            names.append((rec, idents))
    numbered = _numbered(src)
    open_ = {q.start for q in unsupported}
    rows: list[tuple[str, list[Record], dict[tuple[int, int], Quantity]]] = []  # (block, column) -> figure
    for b, block in enumerate(list_blocks(text)):
        for row in block:
            line = text[row.start : row.end]
            low = line.lower()
            recs = [r for r, ids in names if any(_names(low, i) for i in ids)]
            recs += [numbered[n] for n in _label_numbers(low) if n in numbered and numbered[n] not in recs]
            figures = [
                replace(q, start=q.start + row.start, end=q.end + row.start) for q in quantities(line, claims_only=True)
            ]
            rows.append((low, recs, {(b, row.column(text, q.start, i)): q for i, q in enumerate(figures)}))
    out: list[Finding] = []
    for col in sorted({c for _, _, figs in rows for c in figs}):
        votes: dict[tuple[int, str, str], int] = defaultdict(int)
        voters: dict[tuple[int, str, str], list[Record]] = defaultdict(list)
        for low, recs, figs in rows:
            if col not in figs or figs[col].start in open_:
                continue
            for r, k in _holding(by_value, figs[col]):
                if r in recs:  # the row names the record; the column, its field
                    sig = (r.step.index, _PATH_INDEX.sub("[]", r.path), k)
                    votes[sig] += 1
                    voters[sig].append(r)
                elif _names(low, k.rsplit(".", 1)[-1].lower()):  # the row names the field; the column, the record
                    votes[(r.step.index, r.path, "")] += 1
        agreed = [sig for sig, n in votes.items() if n >= 2]
        if len(agreed) != 1:
            continue
        step, pattern, key = agreed[0]
        shared = _shared_fields(voters[agreed[0]], key)  # {"quantile": "0.99"}: what makes the column one kind
        for low, recs, figs in rows:
            if col not in figs or (figs[col].start not in open_ and not key):
                continue  # (a row naming its record: a figure some arithmetic reaches is still that record's field)
            if key:
                own = [r for r in recs if r.step.index == step and _PATH_INDEX.sub("[]", r.path) == pattern]
                if len(own) > 1:  # the row names several records (a region's p50, p95, p99): the column's kind
                    own = [r for r in own if all(r.fields.get(f) == v for f, v in shared.items())]
                field = key
            else:
                own = [r for r in src.records if r.step.index == step and r.path == pattern]
                fields = [k for k in (own[0].fields if own else {}) if _names(low, k.rsplit(".", 1)[-1].lower())]
                field = fields[0] if len(fields) == 1 else ""
            if len(own) != 1 or field not in own[0].fields:
                continue
            q, value = figs[col], as_number(own[0].fields[field])
            if value is not None and not q.contains(value):
                why = (
                    f"{q.text}: its row's record gives {field} = {own[0].fields[field]}, as the rest of the column does"
                )
                out.append(Finding("number", "contradicted", q.text, q.start, q.end, why, (own[0].step,)))
    return out


_LABEL_NUMBER = re.compile(r"(?<![\w.,$€£#/-])(\d{1,4})(?:st|nd|rd|th)?(?![\w.,%/-]|:\d)")


def _label_numbers(row: str) -> list[int]:
    """The whole numbers of a row's label: what stands before its colon ("- 3rd: 88", "floor 2: 36")."""
    label, colon, _ = row.partition(":")
    return [int(n) for n in _LABEL_NUMBER.findall(label)] if colon else []


def _numbered(src: Sources) -> dict[int, Record]:
    """Records that a whole number names: a field whose values, all whole numbers, tell apart the records of
    one result (``grade`` 9, 10, 11, 12 of an enrolment table; ``floor`` 1 to 6). A number that names records
    of two such fields, or of two results, names none."""
    seen: dict[int, list[Record]] = defaultdict(list)
    for group in _groups(src):
        for key in set.intersection(*(set(r.fields) for r in group)):
            values = [as_number(r.fields[key]) for r in group]
            whole = [int(v) for v in values if v is not None and v.denominator == 1 and 0 < v < 10_000]
            if len(whole) == len(group) and len(set(whole)) == len(whole):
                for n, r in zip(whole, group, strict=True):
                    seen[n].append(r)
    return {n: rs[0] for n, rs in seen.items() if len(rs) == 1}


def _shared_fields(recs: list[Record], key: str) -> dict[str, Any]:
    """The fields other than ``key`` that all ``recs`` hold with one value, when they are several records."""
    if len({id(r) for r in recs}) < 2:
        return {}
    first, *rest = recs
    return {f: v for f, v in first.fields.items() if f != key and all(r.fields.get(f) == v for r in rest)}


def _ident(v: str) -> bool:
    """Long enough to name a record: three characters, or two of letter and digit ("P2", "B7")."""
    return len(v) >= 3 or (len(v) == 2 and v[0].isalpha() and v[1].isdigit())


def _names(line: str, ident: str) -> bool:
    return _ident(ident) and re.search(rf"(?<![a-z0-9]){re.escape(ident)}(?![a-z0-9])", line) is not None


def _holding(by_value: dict[Fraction, list[tuple[Record, str]]], q: Quantity) -> list[tuple[Record, str]]:
    out = []
    for v, hits in by_value.items():
        if q.contains(v) or (q.percent and q.contains(v * 100)):
            out += hits
    return out
