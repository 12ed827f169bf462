"""A listing's value as the sum of one field times another, and a figure that is part of a name.

- ``qty`` x ``unit_cost`` summed over a listing's rows (and over each page's rows) is a derived figure;
- "the biggest line is Captopril 25 mg tabs ($1,040.00)": 25 is part of a product name the sources hold, not a
  value called the highest.
"""

from __future__ import annotations

from tests.trajectory import Call, findings

PAGE_1 = {
    "items": [
        {"product": "Captopril 25 mg tabs", "qty": 40, "unit_cost": 26.0},
        {"product": "Gauze 4x4", "qty": 25, "unit_cost": 3.5},
    ],
    "next": "p2",
}
PAGE_2 = {
    "items": [
        {"product": "Saline 1 L", "qty": 30, "unit_cost": 2.25},
        {"product": "Tape 1 in", "qty": 6, "unit_cost": 1.75},
    ],
    "next": None,
}
CALLS: list[Call] = [("expiring", {"days": 60}, PAGE_1), ("expiring", {"days": 60, "cursor": "p2"}, PAGE_2)]


def _open(final: str) -> list[str]:
    found, _ = findings("What expires in the next 60 days, and its value at cost?", CALLS, final)
    return [f.why for f in found]


def test_the_value_of_a_listing_and_of_each_page_is_derived() -> None:
    # 40 x 26 + 25 x 3.5 = 1,127.50; 30 x 2.25 + 6 x 1.75 = 78; together 1,205.50
    assert _open("4 lines, $1,205.50 at cost: the first page $1,127.50 and the second $78.00.") == []
    assert len(_open("4 lines, $1,173.00 at cost.")) == 1


def test_a_figure_in_a_name_is_part_of_the_name() -> None:
    from formaljudge.extract._context import TraceContext
    from formaljudge.extract._extremes import _in_a_name
    from formaljudge.extract._numbers import quantities
    from formaljudge.extract._sources import collect_sources
    from tests.trajectory import chat_trace

    text = "The biggest line is Captopril 25 mg tabs; 25 units of gauze."
    src = collect_sources(TraceContext(chat_trace("What expires?", CALLS, text)))
    first, second = [q for q in quantities(text) if q.text.startswith("25")][:2]
    assert _in_a_name(src, text, first) and not _in_a_name(src, text, second)
