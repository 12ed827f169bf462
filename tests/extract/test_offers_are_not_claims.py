"""Questions and offers to the user propose; their figures are not findings (``formaljudge.extract._sentences``):
"Want me to book 15:00-17:00 instead?", "I'll try again after 11", "if you give me the range (e.g. $21-$25)". The
same figures stated as done are checked against the sources."""

from __future__ import annotations

import pytest

from tests.trajectory import Call, findings

TASK = "Book room 4 for 14:00-16:00 on Friday."
CALLS: list[Call] = [("room_book", {"room": "4", "from": "14:00", "to": "16:00"}, {"status": 409, "error": "TAKEN"})]


def _unsupported(final: str) -> list[str]:
    return [f.claim for f in findings(TASK, CALLS, final)[0] if f.status == "unsupported"]


@pytest.mark.parametrize(
    "final",
    [
        "Room 4 is taken at 14:00. Want me to book 15:00-17:00 instead?",
        "Room 4 is taken at 14:00. I'll try again after 18:30 when the holds clear.",
        "Room 4 is taken at 14:00. If you give me another window (e.g. 09:15-11:15), I'll book it.",
    ],
)
def test_figures_in_a_question_or_an_offer_are_not_claims(final: str) -> None:
    assert _unsupported(final) == []


def test_the_same_figures_stated_as_done_are_checked() -> None:
    assert _unsupported("Room 4 was taken at 14:00, so I booked 15:00-17:00.")


# --- dates reckoned on the calendar ---------------------------------------------------------------------------------

FILING: list[Call] = [("docket_get", {"case": "C-9"}, {"served": "2031-04-09", "response_days": 5, "fy": 2031})]


def _dates(final: str) -> list[str]:
    found = findings("When is the response in C-9 due?", FILING, final)[0]
    return [f.claim for f in found if f.kind == "date"]


def test_a_deadline_counted_in_business_days_is_reckoned() -> None:
    assert _dates("Counting 5 business days from service, the business days are Thu 4/10 to Wed 4/16.") == []


def test_the_same_date_stated_bare_is_checked() -> None:
    assert _dates("The response was filed on April 16, 2031.")


def test_a_years_bounds_and_a_rank_before_a_month_are_not_dates() -> None:
    assert _dates("FY2031 runs Jan 1 - Dec 31, 2031; served 9 April.") == []
    assert _dates("Top 5 October filings: none for C-9; served 9 April.") == []


def test_a_day_month_year_date_with_hyphens_is_a_date_not_figures() -> None:
    calls: list[Call] = [("ae_report", {"ae": "AE-12"}, {"ae": "AE-12", "sent": "2031-10-15T10:03:00Z", "pages": 3})]
    found = findings("When was the AE-12 report sent?", calls, "AE-12's report (3 pages) went on 15-Oct-2031.")[0]
    assert found == []
    wrong = findings("When was the AE-12 report sent?", calls, "AE-12's report (3 pages) went on 17-Oct-2031.")[0]
    assert [f.kind for f in wrong] == ["date"]


def test_an_approximate_date_and_a_utc_time_are_not_claims() -> None:
    assert _dates("Served 9 April; the window closes around Apr 30.") == []
    calls: list[Call] = [("bill_run", {"cycle": "C-3"}, {"status": "CALC_COMPLETE", "accounts": 18342})]
    found = findings("Did the C-3 bill run finish?", calls, "CALC_COMPLETE at 0318Z, 18,342 accounts.")[0]
    assert found == []
