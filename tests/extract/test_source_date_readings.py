"""Dates a source holds in less usual forms (``formaljudge.extract._numbers`` loose readings,
``formaljudge.extract._sources._BEFORE_KEY``, ``formaljudge.extract._claims._weekly_between``): a date inside an
identifier written with underscores, an ISO date that is only valid read year-day-month, the day before an exclusive
``*_before`` argument, and a week of a weekly series between two source dates."""

from __future__ import annotations

from typing import Any

import pytest

from tests.trajectory import Call, findings


def _dates(calls: list[Call], final: str) -> list[str]:
    return [f.claim for f in findings("?", calls, final)[0] if f.kind == "date"]


def test_a_date_inside_an_underscored_identifier_supports_the_answer() -> None:
    calls: list[Call] = [("migrations", {}, "applied: 2024_11_28_geo_split (rev.customer_geo)")]
    assert _dates(calls, "The column moved in the Nov 28 migration.") == []
    assert _dates(calls, "The column moved in the Nov 29 migration.") != []


def test_an_iso_date_valid_only_read_year_day_month_supports_that_reading() -> None:
    calls: list[Call] = [("upload", {"file": "q3.csv"}, {"error": "row 88: '2024-13-02' is not a valid date"})]
    assert _dates(calls, "Row 88 says 2024-13-02 (Feb 13 with day and month swapped?).") == []


@pytest.mark.parametrize(("key", "ok"), [("canceled_before", True), ("created_lt", True), ("end", False)])
def test_the_day_before_an_exclusive_bound_is_a_source_date(key: str, ok: bool) -> None:
    args: dict[str, Any] = {"canceled_after": "2024-11-14", key: "2024-12-14"}
    calls: list[Call] = [("list_cancellations", args, {"data": [{"customer": "Wren Ltd", "mrr": 90}]})]
    assert (_dates(calls, "Churned between Nov 14 and Dec 13: Wren Ltd ($90 MRR).") == []) is ok


WEEKLY: list[Call] = [
    (
        "room_calendar",
        {"month": "2026-06"},
        {"entries": [{"date": "2026-06-06", "type": "booked"}, {"date": "2026-06-27", "type": "booked"}]},
    )
]


def test_a_week_of_a_weekly_series_between_two_source_dates_is_supported() -> None:
    assert _dates(WEEKLY, "The Saturdays are 6, 13, 20 and 27 June; 13 June and 20 June are free.") == []


def test_a_date_off_the_weekly_series_is_not() -> None:
    assert _dates(WEEKLY, "The Saturdays are 6 and 27 June booked; 17 June is free.") != []
