"""Dates of issue 13: a date counted by a source's duration from a yearless recurring date in a named year or from
a year's end (``_shift_bases``), hours in whole days (``_shifted``), "a year" in the answer's own sentence
(``_own_durations``); day ranges ("9-12 March" holds the days between), two dates joined by "to" that are not a
range, day-first dates ("30/11/2026"), "the 1st" in a text that names one month, units written on ("18V")."""

from __future__ import annotations

from datetime import date

import pytest

from formaljudge.extract._claims import _own_durations, _shift_bases, _shifted
from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import date_mentions
from formaljudge.extract._sources import collect_sources
from formaljudge.traces import Trace
from tests.trajectory import Call, chat_trace, findings


def _flagged(task: str, calls: list[Call], final: str) -> list[tuple[str, str]]:
    found, _ = findings(task, calls, final)
    return [(f.kind, f.status) for f in found]


def _trace(task: str, calls: list[Call]) -> Trace:
    return chat_trace(task, calls, "x")


# --- a duration counted from a yearless recurring date, from a year's end, in hours ---------------------------------

BEES: list[Call] = [("filing_rules", {"org": "beekeepers"}, "Annual return: due 45 days after 15 April each year.")]


def test_a_yearless_recurring_date_is_a_base_in_each_named_year_with_that_years_end() -> None:
    src = collect_sources(TraceContext(_trace("When is the 2026 beekeepers' return due?", BEES)))
    assert (45, "day") in src.durations
    assert _shift_bases(src) == [date(2026, 4, 15), date(2026, 12, 31)]


def test_with_no_year_named_a_yearless_date_is_counted_in_a_common_and_a_leap_year() -> None:
    src = collect_sources(TraceContext(_trace("When is the beekeepers' return due?", BEES)))
    assert _shift_bases(src) == [date(2023, 4, 15), date(2023, 12, 31), date(2024, 4, 15), date(2024, 12, 31)]


def test_a_date_counted_from_a_recurring_date_in_the_named_year_is_supported() -> None:
    task = "When is the 2026 beekeepers' return due?"
    assert _flagged(task, BEES, "For 2026 the return is due by 30 May 2026.") == []
    assert _flagged(task, BEES, "For 2026 the return is due by 31 May 2026.") == [("date", "unsupported")]


AUDIT: list[Call] = [
    (
        "handbook_section",
        {"doc": "audit"},
        "The pack is due within 90 days after the end of each fiscal year (fiscal year = calendar year).",
    )
]


def test_a_date_counted_from_the_end_of_a_named_year_is_supported() -> None:
    task = "Deadline for the 2025 audit pack?"
    assert _flagged(task, AUDIT, "For 2025 the pack is due by 31 March 2026.") == []
    assert _flagged(task, AUDIT, "For 2025 the pack is due by 2 April 2026.") == [("date", "unsupported")]


def test_hours_shift_a_date_by_whole_days_only() -> None:
    assert _shifted([date(2025, 8, 9)], {(48, "hour")}) == {(2025, 8, 7), (2025, 8, 11), (2025, 8, 5), (2025, 8, 13)}
    by_36 = _shifted([date(2025, 8, 9)], {(36, "hour")})  # a day and a half: only twice it (72 h) is whole days
    assert by_36 == {(2025, 8, 6), (2025, 8, 12)}


def _crate(hours: int) -> list[Call]:
    return [("sailing_plan", {"crate": "C-4"}, f"Inspection required {hours} hours before sailing on 9 Aug 2025.")]


def test_a_date_some_whole_days_of_hours_before_a_source_date_is_supported() -> None:
    task = "When must crate C-4 be inspected?"
    assert _flagged(task, _crate(48), "Inspection is due 7 Aug 2025.") == []
    assert _flagged(task, _crate(48), "Inspection is due 6 Aug 2025.") == [("date", "unsupported")]
    assert _flagged(task, _crate(36), "Inspection is due 8 Aug 2025.") == [("date", "unsupported")]


# --- "a year" in the answer's own sentence -------------------------------------------------------------------------


def test_unit_durations_written_in_words_are_the_sentences_own() -> None:
    assert _own_durations("Registrations run for a year; renewals take one week, 3 days.") == {
        (1, "year"),
        (1, "week"),
    }
    assert _own_durations("Registrations run for 2 years.") == set()  # a figure only counts when a source says it


PERMIT: list[Call] = [("fishing_permits", {"holder": "R. Tisdall"}, {"issued": "2025-04-11", "type": "annual"})]


@pytest.mark.parametrize(
    ("final", "expected"),
    [
        ("Permits last a year, so it lapses on 11 April 2026.", []),
        ("It lapses on 11 April 2026.", [("date", "unsupported")]),  # no duration in the sentence
        ("Permits last a year, so it lapses on 11 May 2026.", [("date", "unsupported")]),  # not a year on
    ],
)
def test_a_year_in_the_answers_sentence_moves_a_source_date(final: str, expected: list[tuple[str, str]]) -> None:
    assert _flagged("When does R. Tisdall's fishing permit lapse?", PERMIT, final) == expected


# --- day ranges, dates joined by "to", day-first dates -------------------------------------------------------------


def _spans(text: str, *, loose: bool = False) -> list[tuple[int | None, int, int, int | None]]:
    return [(d.year, d.month, d.day, d.through) for d in date_mentions(text, loose=loose)]


def test_a_day_range_before_the_month_holds_its_first_day_with_the_last() -> None:
    assert _spans("The fair runs 9-12 March 2025.") == [(2025, 3, 9, 12), (2025, 3, 12, None)]
    assert _spans("Open Apr 3 to 8.") == [(None, 4, 3, 8), (None, 4, 8, None)]


def test_two_dates_joined_by_to_are_two_dates_not_a_range() -> None:
    assert _spans("Borrowed 28 Jun to 5 Jul.") == [(None, 6, 28, None), (None, 7, 5, None)]


def test_a_day_first_date_is_read_day_first() -> None:
    assert _spans("Expires 30/11/2026.") == [(2026, 11, 30, None)]
    assert _spans("Expires 11/30/2026.") == [(2026, 11, 30, None)]  # month first still reads as written


def test_an_ambiguous_slashed_date_in_a_source_is_read_both_ways() -> None:
    assert {(m, d) for _, m, d, _ in _spans("Due 05/06/2025", loose=True)} == {(5, 6), (6, 5)}


FURNACE: list[Call] = [("furnace_schedule", {"furnace": "F-7"}, {"closure": "Closed 9-12 March 2025 for relining"})]


def test_a_day_inside_a_source_range_is_supported() -> None:
    task = "When is furnace F-7 closed?"
    assert _flagged(task, FURNACE, "The furnace is shut on 10 March 2025.") == []
    assert _flagged(task, FURNACE, "The furnace is shut on 14 March 2025.") == [("date", "unsupported")]


LOAN: list[Call] = [("toolshed_loans", {"item": "B-77"}, "Borrowed 23 Sep to 3 Oct.")]


def test_the_second_of_two_dates_joined_by_to_keeps_its_own_month() -> None:
    task = "When is item B-77 due back?"
    assert _flagged(task, LOAN, "It is due back on 3 October.") == []
    assert _flagged(task, LOAN, "It is due back on 3 September.") == [("date", "unsupported")]


WARRANTY: list[Call] = [("warranty_lookup", {"serial": "KX9"}, {"ends": "30/11/2027"})]


def test_a_day_first_source_date_supports_the_same_day_written_otherwise() -> None:
    task = "When does the KX9 warranty end?"
    assert _flagged(task, WARRANTY, "The warranty runs until November 30, 2027.") == []
    assert _flagged(task, WARRANTY, "The warranty runs until November 3, 2027.") == [("date", "unsupported")]


# --- "the 1st" with one month named; units written on ---------------------------------------------------------------


def _dues(text: str) -> list[Call]:
    return [("club_rules", {"club": "fencing"}, text)]


def test_the_1st_in_a_text_naming_one_month_is_that_months_day() -> None:
    task = "When are the fencing club's June dues payable?"
    one = _dues("June dues are payable on the 1st.")
    assert _flagged(task, one, "Dues are payable on June 1.") == []
    assert _flagged(task, one, "Dues are payable on June 2.") == [("date", "unsupported")]
    two = _dues("June and July dues are payable on the 1st.")  # two months: the 1st of which?
    assert _flagged(task, two, "Dues are payable on June 1.") == [("date", "unsupported")]


SPEC: list[Call] = [("product_spec", {"sku": "SP-58"}, "Battery: 18V; mains 60Hz; tyre 35psi; dose 20mcg.")]


@pytest.mark.parametrize(
    "final", ["The battery is 18 V.", "It runs on 60 Hz mains.", "Inflate the tyre to 35 psi.", "Each dose is 20 mcg."]
)
def test_a_figure_with_its_unit_written_on_is_supported(final: str) -> None:
    assert _flagged("Spec of SP-58?", SPEC, final) == []


def test_another_figure_in_the_same_unit_is_not_supported() -> None:
    assert _flagged("Spec of SP-58?", SPEC, "The battery is 24 V.") == [("number", "unsupported")]
