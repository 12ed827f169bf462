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
