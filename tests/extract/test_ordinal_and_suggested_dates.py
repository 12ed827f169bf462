"""Dates an answer reckons or suggests, and a table's columns from one result.

- "pack days 032 through 045" where a source says its numbers are Julian (day-of-year) dates: "Feb 1-14" is
  those days; without such a word, the numbers are no dates;
- "worth checking again around May 3" after sources that end in April: a date the agent suggests, not a fact;
  a date stated as a fact ("the permit lapses May 3") is still checked, and so is one hedged only by "I can see";
- a guess offered as one ("it could be a May 2 pack if they code lots by date") is not a claim;
- a table whose columns are fields of one result (bushels, pricing) is not two results compared side by side.
"""

from __future__ import annotations

from tests.trajectory import Call, findings


def _dates(task: str, calls: list[Call], final: str) -> list[str]:
    found, _ = findings(task, calls, final)
    return [f.why for f in found if f.kind == "date"]


def test_julian_day_numbers_are_dates_of_their_year() -> None:
    page = "Notice (March 20, 2031): cases with Julian pack dates 032 through 045 are recalled."
    calls: list[Call] = [("fetch_notice", {"id": "N-4"}, page)]
    assert _dates("Which pack dates?", calls, "Pack dates 032-045, which is Feb 1-14, 2031.") == []
    plain: list[Call] = [
        ("fetch_notice", {"id": "N-4"}, "Notice (March 20, 2031): cases 032 through 045 are recalled.")
    ]
    assert _dates("Which cases?", plain, "Cases 032-045, packed Feb 1-14, 2031.") != []


STATION: list[Call] = [
    ("chill_hours", {"since": "2031-11-01"}, {"since": "2031-11-01", "through": "2032-04-10", "hours": 640})
]


def test_a_date_suggested_for_later_is_no_claim() -> None:
    assert _dates("Chill so far?", STATION, "640 hours since Nov 1. Worth checking again around May 3.") == []


def test_a_date_stated_as_fact_is_still_checked() -> None:
    assert _dates("Chill so far?", STATION, "640 hours since Nov 1; the count closes May 3.") != []
    assert _dates("Chill so far?", STATION, "From what I can see, 640 hours since Nov 1; it closes May 3.") != []


def test_a_guess_offered_as_one_is_no_claim() -> None:
    calls: list[Call] = [
        ("get_recall", {"q": "Kerr shrimp"}, {"recall": "F-88", "lots": None, "packed": "Apr-May 2031"})
    ]
    final = "F-88 lists no lots yet. Your lot K1-0502 could be a May 2, 2031 pack if Kerr codes lots by date."
    assert _dates("Is lot K1-0502 in the Kerr recall?", calls, final) == []


def test_columns_from_one_result_are_not_results_compared() -> None:
    calls: list[Call] = [
        (
            "contracts",
            {"buyer": "Elk Co-op"},
            {
                "contracts": [
                    {"id": "EC-101", "kind": "Fixed", "qty_bu": 8000, "price": 4.21},
                    {"id": "EC-102", "kind": "Basis", "qty_bu": 3000, "basis": -0.4},
                    {"id": "EC-103", "kind": "HTA", "qty_bu": 8000, "futures_price": 4.5},
                ]
            },
        )
    ]
    final = (
        "| Contract | Kind | Bushels | Pricing |\n|---|---|---|---|\n| EC-101 | Fixed | 8,000 | $4.21 |\n"
        "| EC-102 | Basis | 3,000 | -40 under, not set |\n| EC-103 | HTA | 8,000 | futures $4.50 |"
    )
    found, _ = findings("My Elk Co-op contracts?", calls, final)
    assert [f.why for f in found if f.status == "contradicted"] == []
