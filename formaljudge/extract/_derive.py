"""Is a figure reachable from the sources in a few arithmetic steps? Decided in exact rationals.

A claimed figure is *derived* when one of these equals it within the precision
it was written with (``Quantity.contains``, exact ``Fraction`` arithmetic; a
float only picks the candidates):

- an aggregate of one column of data (the same field over a list of records, or
  over the results of repeated calls of one tool): sum, mean, median, minimum,
  maximum, range, count;
- one operation on two values that sit together: two fields of one record, two
  values of one column, or figures the answer itself states and that are
  supported (sum, difference, product, ratio, percentage change, share);
- one operation on a supported figure of the answer and a value or aggregate
  of the sources;
- a unit conversion of a value or aggregate (÷ 60, 24, 8, 7, 12, 1,000, 1,024
  or their inverses), for an approximate figure or one written with a unit;
- the sum of two to four other supported figures of the same sentence.

Each derivation keeps the steps it used, for the evidence.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from formaljudge.extract._numbers import Quantity, as_number
from formaljudge.extract._sources import Atom, Record, Sources
from formaljudge.traces._model import Step

_PATH_INDEX = re.compile(r"\[\d+\]")

_PAIR_MAX = 40  # values of one record or column beyond which pairs are not tried
_POOL_MAX = 600  # source values an answer figure is combined with
_CONVERSIONS = (60, 24, 8, 7, 12, 100, 1000, 1024, 3600, 86400, 10**6, 10**9, 1024**2, 1024**3, 52, 365)


@dataclass(frozen=True)
class Derivation:
    value: Fraction
    how: str
    steps: tuple[Step, ...]
    operands: tuple[Fraction, ...] = ()  # the values a search joined (a pair), when it was one


@dataclass(frozen=True)
class Operand:
    value: Fraction
    name: str
    steps: tuple[Step, ...]
    percent: bool = False  # a percentage the answer states: combined with amounts as a fraction


def uniq(steps: Iterable[Step | None]) -> tuple[Step, ...]:
    """Steps in order of first appearance, each once."""
    seen: dict[int, Step] = {}
    for s in steps:
        if s is not None:
            seen.setdefault(s.index, s)
    return tuple(seen.values())


def _steps(*atoms: Atom) -> tuple[Step, ...]:
    return uniq(a.step for a in atoms)


def _fmt(x: Fraction) -> str:
    if x.denominator == 1:
        return f"{x.numerator:,}"
    return f"{float(x):,.6g}"


def operand(a: Atom) -> Operand:
    return Operand(a.value, _fmt(a.value), _steps(a))


_GEOMETRIC = "geometric mean"


def _summary(xs: list[Fraction], name: str, steps: tuple[Step, ...]) -> list[Operand]:
    n = len(xs)
    total = sum(xs, Fraction(0))
    extra = []
    if n >= 3 and all(x > 0 for x in xs):  # the geometric mean (of counts, concentrations), to float precision
        geo = Fraction(math.exp(math.fsum(math.log(x) for x in xs) / n)).limit_denominator(10**9)
        extra.append(Operand(geo, f"{_GEOMETRIC} of {name} over {n} values ({_fmt(geo)})", steps))
    return extra + [
        Operand(v, f"{label} of {name} over {n} values ({_fmt(v)})", steps)
        for label, v in (
            ("sum", total),
            ("mean", total / n),
            ("median", Fraction(statistics.median(xs))),
            ("minimum", min(xs)),
            ("maximum", max(xs)),
            ("range", max(xs) - min(xs)),
            ("count", Fraction(n)),
        )
    ]


def aggregates(src: Sources) -> list[Operand]:
    """Sums, means, medians, minima, maxima, ranges and counts of each column of the sources, and of the
    rows that share a value ("amount" over the rows whose vendor is "Corvid Steel")."""
    out: list[Operand] = [Operand(a.value, f"{a.label} ({_fmt(a.value)})", _steps(a)) for a in src.list_lengths]
    for (_, key), atoms in src.columns.items():
        if len(atoms) >= 2:
            name = key.rsplit(".", 1)[-1] if not key.startswith("list@") else "the listed values"
            out += _summary([a.value for a in atoms], name, _steps(*atoms))
            by_step: dict[int, list[Atom]] = defaultdict(list)
            for a in atoms:
                if a.step is not None:
                    by_step[a.step.index].append(a)
            if len(by_step) >= 2:  # the same tool called for two periods or places: each result's own totals
                for index, part in by_step.items():
                    if len(part) >= 2:
                        out += _summary([a.value for a in part], f"{name} in step {index}", _steps(*part))
    out += _date_spans(src)
    for r in src.records:
        out += _record_fields(r)
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in src.records:
        groups[(r.step.tool or "", _PATH_INDEX.sub("[]", r.path))].append(r)
    for rows in groups.values():
        out += _sums_of_products(rows)
        if not 3 <= len(rows) <= 500:
            continue
        categories: dict[str, dict[str, list[Record]]] = {}
        for field in dict.fromkeys(
            k for r in rows for k, v in r.fields.items() if isinstance(v, str) and as_number(v) is None
        ):
            by: dict[str, list[Record]] = defaultdict(list)
            for r in rows:
                by[str(r.fields.get(field))].append(r)
            if not 2 <= len(by) < len(rows):
                continue
            if len(by) <= _FEW_VALUES:
                categories[field] = by
            for value, members in by.items():
                for key in dict.fromkeys(k for r in members for k, _ in r.numbers()):
                    xs = [x for r in members for k, x in r.numbers() if k == key]
                    if xs:
                        steps = uniq(r.step for r in members)
                        out += _summary(xs, f"{key} where {field} is {value!r}", steps)
        out += _tallies(categories)
    return out


_PRODUCT_FIELDS = 6


def _sums_of_products(rows: list[Record]) -> list[Operand]:
    """A listing's value: the sum over its rows of one field times another (``qty`` x ``unit_cost``), over all
    the rows and over each result's rows when the listing came in several (pages)."""
    if not 2 <= len(rows) <= 500:
        return []
    keys = list(dict.fromkeys(k for r in rows for k, _ in r.numbers()))[:_PRODUCT_FIELDS]
    by_step: dict[int, list[Record]] = defaultdict(list)
    for r in rows:
        by_step[r.step.index].append(r)
    parts = [("", rows)] + ([(f" in step {i}", part) for i, part in by_step.items()] if len(by_step) >= 2 else [])
    out = []
    for a, b in itertools.combinations(keys, 2):
        for where, part in parts:
            pairs = [(dict(r.numbers()).get(a), dict(r.numbers()).get(b)) for r in part]
            if len(pairs) >= 2 and all(x is not None and y is not None for x, y in pairs):
                total = sum((x * y for x, y in pairs if x is not None and y is not None), Fraction(0))
                name = f"sum of {a} x {b}{where} over {len(pairs)} rows ({_fmt(total)})"
                out.append(Operand(total, name, uniq(r.step for r in part)))
    return out


_FEW_VALUES = 4  # a field with this many distinct values or fewer is a category ("Y"/"N", "open"/"closed")
_MAX_CATEGORIES = 8


def _tallies(categories: dict[str, dict[str, list[Record]]]) -> list[Operand]:
    """How many records hold each value of a category field, and each pair of values of two such fields (a line
    list's "ate the salad and fell ill": 20 of the 28 who ate it)."""
    out = []
    fields = sorted(categories)[:_MAX_CATEGORIES]
    for f in fields:
        for value, members in categories[f].items():
            out.append(Operand(Fraction(len(members)), f"records where {f} is {value!r} ({len(members)})", ()))
    for f, g in itertools.combinations(fields, 2):
        for v, members in categories[f].items():
            ids = {id(r) for r in members}
            for w, others in categories[g].items():
                n = sum(1 for r in others if id(r) in ids)
                if n:
                    out.append(Operand(Fraction(n), f"records where {f} is {v!r} and {g} is {w!r} ({n})", ()))
    return out


_KEY_SHAPE = re.compile(r"[A-Za-z]+")
_PERIOD_NAME = re.compile(
    r"(?i)(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)


def _parts_total(rec: Record) -> list[Operand]:
    """An object of parts in a record (``"components": {"tuition": 11842.0, "housing": 12390.0, ...}``): its sum."""
    parts: dict[str, list[Fraction]] = defaultdict(list)
    for k, x in rec.numbers():
        if "." in k:
            parts[k.rsplit(".", 1)[0]].append(x)
    out = []
    for parent, xs in parts.items():
        if 2 <= len(xs) <= 24:
            total = sum(xs, Fraction(0))
            out.append(Operand(total, f"sum of {parent} ({_fmt(total)})", (rec.step,)))
    return out


def _record_fields(rec: Record) -> list[Operand]:
    """A record whose fields are a series (``{"2025-01": 1284300, "2025-02": ...}``): the series' aggregates, and
    the sums of its runs (a quarter out of the months); and the sum of each object of parts it holds."""
    nums = rec.numbers()
    if not 3 <= len(nums) <= 24:
        return _parts_total(rec)
    keys = [k.rsplit(".", 1)[-1] for k, _ in nums]
    shapes = {_KEY_SHAPE.sub("a", re.sub(r"\d", "9", k)) for k in keys}
    named_periods = all(_PERIOD_NAME.fullmatch(k) for k in keys)
    if not named_periods and (len(shapes) != 1 or not all(any(c.isdigit() for c in k) for k in keys)):
        return _parts_total(rec)  # a series is keyed by periods or dates ("2025-01", "W23", "Mon"), not names
    xs = [x for _, x in nums]
    out = [
        g for g in _summary(xs, f"the series {rec.path or 'of the result'}", (rec.step,)) if "count of" not in g.name
    ]
    ordered = nums if named_periods else sorted(nums)  # by key: "2025-01" < "2025-02"; "Mon", "Tue" as given
    for i in range(len(ordered)):
        for j in range(i + 2, min(len(ordered), i + 13) + 1):
            if j - i == len(ordered):
                continue
            run = ordered[i:j]
            total = sum((x for _, x in run), Fraction(0))
            name = f"sum of {run[0][0]} to {run[-1][0]} ({_fmt(total)})"
            out.append(Operand(total, name, (rec.step,)))
    return out


def _date_spans(src: Sources) -> list[Operand]:
    """Days between two dates of the sources, and for a column of dates the ages against each other date
    ("open since January 8 (154 days)", "average age: 75 days")."""
    out: list[Operand] = []
    dates = list(dict.fromkeys(d for d, _ in src.full_dates))[:40]
    steps = {d: s for d, s in src.full_dates}
    for a, b in itertools.combinations(dates, 2):
        days = Fraction(abs((b - a).days))
        out.append(Operand(days, f"days from {a} to {b} ({days})", uniq([steps[a], steps[b]])))
    by_group: dict[tuple[str, str, str], list[date]] = defaultdict(list)
    for r in src.records:
        for k, v in r.fields.items():
            if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", v.strip()):
                try:
                    by_group[(r.step.tool or "", _PATH_INDEX.sub("[]", r.path), k)].append(date.fromisoformat(v[:10]))
                except ValueError:
                    continue
    for (_, _, key), col in by_group.items():
        if len(col) < 2:
            continue
        for ref in dates[:20]:
            ages = [Fraction((ref - d).days) for d in col]
            if all(x >= 0 for x in ages):
                out += _summary(ages, f"days from {key} to {ref}", ())
    return out


def _ops(
    a: Operand, b: Operand, percent_claim: bool, points: bool = False
) -> Iterator[tuple[float, str, Operand, Operand]]:
    """The operations that make sense for the two operands and the kind of figure sought.

    A percentage is reached as a share or a change of two amounts; a number of percentage points as the sum or
    difference of two percentages; a stated percentage enters other arithmetic as a fraction.
    """
    if a.percent or b.percent:
        if a.percent and b.percent:  # shares add up; a difference of percentages is in points
            fa, fb = float(a.value), float(b.value)
            yield fa + fb, "+", a, b
            if points:
                yield fa - fb, "-", a, b
        elif not percent_claim:
            x, y = (a, b) if b.percent else (b, a)
            yield float(x.value) * float(y.value) / 100, "of", x, y
            yield float(x.value) * (100 + float(y.value)) / 100, "plus", x, y  # a 3% rise on 595
            yield float(x.value) * (100 - float(y.value)) / 100, "less", x, y  # a 10% discount
        return
    fa, fb = float(a.value), float(b.value)
    if percent_claim:
        if fb:
            yield fa / fb * 100, "share", a, b
            yield (fa - fb) / fb * 100, "change", a, b  # percentage change from b to a
        return
    yield fa + fb, "+", a, b
    yield fa - fb, "-", a, b
    yield fa * fb, "*", a, b
    if fb:
        yield fa / fb, "/", a, b


def _exact(op: str, a: Fraction, b: Fraction) -> Fraction:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    if op == "share":
        return a / b * 100
    if op == "of":
        return a * b / 100
    if op == "plus":
        return a * (100 + b) / 100
    if op == "less":
        return a * (100 - b) / 100
    return (a - b) / b * 100


_WORDS = {"+": "{a} + {b}", "-": "{a} - {b}", "*": "{a} x {b}", "/": "{a} / {b}"}
_WORDS |= {
    "share": "{a} as a share of {b}",
    "change": "change from {b} to {a}",
    "of": "{b}% of {a}",
    "plus": "{a} plus {b}%",
    "less": "{a} less {b}%",
}


def _targets(q: Quantity, computed: bool) -> list[tuple[Fraction, Fraction]]:
    """(target, tolerance) pairs. A percentage read from a source may be written as a fraction (0.0825 for
    8.25%); a computed one is compared as a percentage, since its fraction form would match too much by chance."""
    if q.percent and not q.points and not computed:
        return [(q.value, q.tol), (q.value / 100, q.tol / 100)]
    return [(q.value, q.tol)]


def _accepts(q: Quantity, x: Fraction, computed: bool = True) -> bool:
    y = x if q.signed or x >= 0 else -x
    return any(abs(y - t) <= tol for t, tol in _targets(q, computed))


def _near(q: Quantity, x: float, computed: bool = True) -> bool:
    y = x if q.signed else abs(x)
    return any(abs(y - float(t)) <= float(tol) * 1.000001 + 1e-12 for t, tol in _targets(q, computed))


def match_value(q: Quantity, values: Iterable[Operand]) -> Operand | None:
    for v in values:
        if _near(q, float(v.value), computed=False) and _accepts(q, v.value, computed=False):
            return v
    return None


def match_pairs(q: Quantity, pairs: Iterable[tuple[Operand, Operand]]) -> Derivation | None:
    for a, b in pairs:
        for f, op, x, y in _ops(a, b, q.percent and not q.points, q.points):
            if _near(q, f):
                v = _exact(op, x.value, y.value)
                if _accepts(q, v):
                    how = _WORDS[op].format(a=x.name, b=y.name)
                    return Derivation(v, how, uniq(x.steps + y.steps), (x.value, y.value))
    return None


def group_pairs(src: Sources) -> Iterator[tuple[Operand, Operand]]:
    """Pairs of values that sit together: fields of one record, values of one column."""
    for rec in src.records:
        nums = rec.numbers()[:_PAIR_MAX]
        ops = [Operand(x, f"{k} {_fmt(x)}", (rec.step,)) for k, x in nums]
        yield from itertools.permutations(ops, 2)
    for atoms in src.columns.values():
        ops = [operand(a) for a in atoms[:_PAIR_MAX]]
        yield from itertools.permutations(ops, 2)


def offsets(q: Quantity, stated: list[Operand], small: Iterable[Fraction]) -> Derivation | None:
    """A supported figure plus or minus a small whole number the answer states ("24 ... then 4 more: 28")."""
    for a in stated:
        for k in small:
            for x, how in ((a.value + k, f"{a.name} + {_fmt(k)}"), (a.value - k, f"{a.name} - {_fmt(k)}")):
                if not a.percent and _near(q, float(x)) and _accepts(q, x):
                    return Derivation(x, how, a.steps)
    return None


def scaled(q: Quantity, stated: list[Operand], small: Iterable[Fraction]) -> Derivation | None:
    """A supported figure times or divided by a small whole number the answer states ("82,620 over four years")."""
    for a in stated:
        for k in small:
            for x, how in ((a.value * k, f"{a.name} x {_fmt(k)}"), (a.value / k, f"{a.name} / {_fmt(k)}")):
                if not a.percent and _near(q, float(x)) and _accepts(q, x):
                    return Derivation(x, how, a.steps)
    return None


def record_forms(q: Quantity, src: Sources, multipliers: set[Fraction]) -> Derivation | None:
    """Three values of one record, or a whole number of the task or answer times a field plus another:
    price + shipping / units, quantity x price + fee, a difference as a percentage of a third (a net score)."""
    for rec in src.records:
        nums = rec.numbers()[:8]
        for (ka, a), (kb, b) in itertools.permutations(nums, 2):
            ks = [k for k in multipliers if k > 1] if a not in (0, 1) else []
            forms = [(k * a + b, f"{_fmt(k)} x {ka} + {kb}") for k in ks]
            forms += [(k * a - b, f"{_fmt(k)} x {ka} - {kb}") for k in ks]
            for kc, c in nums:
                if c and kc not in (ka, kb):
                    forms += [(a + b / c, f"{ka} + {kb} / {kc}"), ((a + b) / c, f"({ka} + {kb}) / {kc}")]
                    forms += [(a * b + c, f"{ka} x {kb} + {kc}")]
                    # a net share of a whole: (promoters - detractors) / responses, (won - lost) / played
                    forms += [((a - b) / c * 100, f"({ka} - {kb}) / {kc} x 100")]
            for x, how in forms:
                if _near(q, float(x)) and _accepts(q, x):
                    return Derivation(x, how, (rec.step,))
    return None


def conversions(q: Quantity, pool: Iterable[Operand]) -> Derivation | None:
    for v in pool:
        for k in _CONVERSIONS:
            for x, how in ((v.value / k, f"{v.name} / {k}"), (v.value * k, f"{v.name} x {k}")):
                if _near(q, float(x)) and _accepts(q, x):
                    return Derivation(x, how, v.steps)
    return None


# a unit written after a figure, and the factors that reach it from the units a source may hold it in
_UNIT_FACTORS: tuple[tuple[re.Pattern[str], tuple[Fraction, ...]], ...] = tuple(
    (re.compile(rf"^\s*(?:{unit})\b", re.IGNORECASE), tuple(Fraction(f) for f in factors))
    for unit, factors in (
        (r"kg|kilo(?:gram)?s?", ("0.45359237", "1000")),  # from lb, from tonnes
        (r"lbs?|pounds?", ("2.20462262", "2000")),  # from kg, from short tons
        (r"gal(?:lon)?s?", ("7.48051948", "0.264172052")),  # from cubic feet, from litres
        (r"l|litres?|liters?", ("3.78541178", "28.3168466")),  # from gallons, from cubic feet
        (r"km|kilomet(?:er|re)s?", ("1.609344",)),
        (r"mi|miles?", ("0.621371192",)),
        (r"acres?", ("0.0000229568411", "0.000247105381")),  # from square feet, from square metres
        (r"ha|hectares?", ("0.404685642",)),
        (r"m\u00b3|m3|cubic met(?:er|re)s?", ("1233.48184", "0.0283168466", "0.00378541178")),  # acre-ft, ft3, gal
        (r"mm|millimet(?:er|re)s?", ("25.4",)),  # from inches
        (r"cm|centimet(?:er|re)s?", ("2.54",)),
        (r"in(?:ch(?:es)?)?", ("0.393700787",)),
        (r"m|met(?:er|re)s?", ("0.3048",)),
        (r"ft|feet|foot", ("3.2808399",)),
        (r"tb|terabytes?", ("0.001", "0.0009765625")),  # from GB (decimal, binary)
        (r"gb|gigabytes?|gib", ("0.001", "0.0009765625")),  # from MB
        (r"mb|megabytes?|mib", ("0.001", "0.0009765625")),  # from KB
        (r"gbps|gbit/s|gb/s", ("0.001",)),  # from Mbps
        (r"mbps|mbit/s|mb/s", ("0.001",)),  # from kbps
    )
)


def unit_conversions(q: Quantity, tail: str, pool: Iterable[Operand]) -> Derivation | None:
    """A source value in another unit than the one the answer writes ("1094 kg" from 2,412 lb)."""
    factors = next((f for rx, f in _UNIT_FACTORS if rx.match(tail)), ())
    for v in pool:
        for k in factors:
            x = v.value * k
            if _near(q, float(x)) and _accepts(q, x):
                return Derivation(x, f"{v.name} x {float(k):g}", v.steps)
    return None


def line_sum(q: Quantity, others: list[Operand]) -> Derivation | None:
    for r in range(2, min(4, len(others)) + 1):
        for combo in itertools.combinations(others, r):
            x = sum((c.value for c in combo), Fraction(0))
            if _near(q, float(x)) and _accepts(q, x):
                steps = uniq(s for c in combo for s in c.steps)
                return Derivation(x, " + ".join(c.name for c in combo), steps)
    return None


def line_product(q: Quantity, others: list[Operand]) -> Derivation | None:
    """The product of two or three figures of the same sentence ("16.25 OT hrs, $515.53 at 1.5 x $21.15")."""
    for r in (2, 3):
        for combo in itertools.combinations(others[:12], r):
            x = Fraction(1)
            for c in combo:
                x *= c.value
            if _near(q, float(x)) and _accepts(q, x):
                steps = uniq(s for c in combo for s in c.steps)
                return Derivation(x, " x ".join(c.name for c in combo), steps)
    return None


def is_year(x: Fraction) -> bool:
    """A whole number that reads as a year: never an operand of arithmetic."""
    return x.denominator == 1 and 1900 <= x <= 2100


def pool_of(src: Sources, aggs: list[Operand]) -> list[Operand]:
    seen: dict[Fraction, Operand] = {}
    for a in src.atoms:
        if not is_year(a.value):
            seen.setdefault(a.value, operand(a))
    for g in aggs:
        if not g.name.startswith(_GEOMETRIC):  # matched as it is, never an operand of more arithmetic
            seen.setdefault(g.value, g)
    return list(seen.values())[:_POOL_MAX]


exact = _exact  # the operations of ``_ops`` on exact values, for checks outside this module
accepts = _accepts


_MAX_WINDOW = 31


def rolling(q: Quantity, src: Sources, lengths: Iterable[int]) -> Derivation | None:
    """The mean or sum of ``L`` consecutive values of one column of one result, for each window length ``L`` the
    task or the answer names ("the highest 7-day average": 7)."""
    sizes = sorted({n for n in lengths if 2 <= n <= _MAX_WINDOW})
    if not sizes:
        return None
    for atoms in src.columns.values():
        by_step: dict[int, list[Atom]] = defaultdict(list)
        for a in atoms:
            if a.step is not None:
                by_step[a.step.index].append(a)
        for part in by_step.values():
            xs = [a.value for a in part]
            for n in sizes:
                if n >= len(xs):
                    break
                total = sum(xs[:n], Fraction(0))
                for i in range(len(xs) - n + 1):
                    if i:
                        total += xs[i + n - 1] - xs[i - 1]
                    for x, how in ((total / n, "mean"), (total, "sum")):
                        if _near(q, float(x)) and _accepts(q, x):
                            name = f"the {how} of {n} consecutive values of {part[0].label} from the {i + 1}th"
                            return Derivation(x, name, _steps(*part[i : i + n]))
    return None
