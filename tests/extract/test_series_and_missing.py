"""Missing information rules of issue 13 (``formaljudge.extract._missing`` with ``_series``): a regular series that
skips readings is a gap, a weekend or recurring off-hours are not; lists of what a result leaves out
(``_UNCOVERED``); any ``*_partial`` flag; a "missing" list the task asks for is the answer."""

from __future__ import annotations

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import missing_items
from formaljudge.extract._series import series_gap
from tests.trajectory import chat_trace


def _missing(task: str, result: dict[str, Any]) -> list[str]:
    return [m.why for m in missing_items(TraceContext(chat_trace(task, [("fetch", {}, result)], "Done.")))]


def _hourly(hours: list[int]) -> list[dict[str, Any]]:
    return [{"at": f"2026-04-02T{h:02d}:00", "ppm": 410 + h} for h in hours]


def _daily(days: list[str]) -> list[dict[str, Any]]:
    return [{"day": d, "visits": 50 + i} for i, d in enumerate(days)]


def test_an_hourly_series_that_skips_readings_is_a_gap() -> None:
    assert _missing("CO2 overnight?", {"readings": _hourly([0, 1, 2, 6, 7, 8])}) == [
        "readings of a series every 1:00:00 jump from 2026-04-02T02:00:00 to 2026-04-02T06:00:00"
    ]


def test_an_unbroken_series_has_no_gap() -> None:
    assert series_gap(_hourly([0, 1, 2, 3, 4, 5])) is None
    assert _missing("CO2 overnight?", {"readings": _hourly([0, 1, 2, 3, 4, 5])}) == []


def test_a_daily_series_skipping_only_a_weekend_has_no_gap() -> None:
    # Thu 5, Fri 6, (Sat, Sun), Mon 9, Tue 10, Wed 11 March 2026
    assert series_gap(_daily(["2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11"])) is None


def test_a_daily_series_skipping_weekdays_is_a_gap() -> None:
    # Mon 9, Tue 10, (Wed, Thu), Fri 13, Sat 14, Sun 15 March 2026
    gap = series_gap(_daily(["2026-03-09", "2026-03-10", "2026-03-13", "2026-03-14", "2026-03-15"]))
    assert gap is not None and gap[0] == "day" and "2026-03-10T00:00:00 to 2026-03-13T00:00:00" in gap[1]


def test_recurring_off_hours_are_the_series_own_rhythm() -> None:
    open_hours = [{"at": f"2026-03-{d:02d}T{h:02d}:00", "calls": 3} for d in (10, 11, 12) for h in range(9, 18)]
    assert series_gap(open_hours) is None
    assert _missing("Calls per hour?", {"hours": open_hours}) == []


@pytest.mark.parametrize("key", ["not_inspected", "skipped", "unreachable_hosts"])
def test_a_list_of_what_the_result_leaves_out_is_missing(key: str) -> None:
    assert _missing("Pallet status for bay 4?", {"checked": ["A1", "A2"], key: ["A3"]}) == [
        f"{key} lists 1 item(s) the result does not cover"
    ]


def test_an_empty_list_of_left_out_items_is_not_missing() -> None:
    assert _missing("Pallet status for bay 4?", {"checked": ["A1", "A2"], "skipped": []}) == []


def test_a_left_out_list_the_task_asks_about_is_the_answer() -> None:
    assert _missing("Which pallets were skipped?", {"checked": ["A1", "A2"], "skipped": ["A3"]}) == []


@pytest.mark.parametrize("key", ["ledger_partial", "partial_export", "rows_truncated"])
def test_any_partial_flag_set_true_is_missing(key: str) -> None:
    assert _missing("Trial balance?", {"accounts": [{"code": 4100}], key: True}) == [
        f"{key} is true: the result is partial"
    ]


@pytest.mark.parametrize("value", [False, "yes"])
def test_a_partial_flag_not_set_to_true_is_not_missing(value: object) -> None:
    assert _missing("Trial balance?", {"accounts": [{"code": 4100}], "ledger_partial": value}) == []


def test_a_missing_list_is_missing_information() -> None:
    assert _missing("Course progress?", {"completed": ["M1"], "missing_modules": ["M2", "M3"]}) == [
        "missing_modules lists 2 missing item(s)"
    ]


def test_a_missing_list_the_task_asks_for_is_the_answer() -> None:
    assert _missing("Which modules am I missing?", {"completed": ["M1"], "missing_modules": ["M2", "M3"]}) == []
