"""A code of letters and digits that one record holds names it more surely than a date or a figure.

"Lot Q4471B of the saline is good until 9 Dec": two lots share the product's name; the code names Q4471B,
whose expiry is 2 Aug, while 9 Dec is the other lot's. The code outweighs the date, so the date is contradicted.
"""

from __future__ import annotations

from tests.trajectory import Call, findings

LOTS: list[Call] = [
    (
        "list_lots",
        {"shelf": "C"},
        {
            "lots": [
                {"product": "Saline flush 10 mL", "lot": "Q4471B", "expiry": "2031-08-02", "qty": 40},
                {"product": "Saline flush 10 mL", "lot": "Q4471F", "expiry": "2031-12-09", "qty": 12},
                {"product": "Heparin lock 5 mL", "lot": "H2208A", "expiry": "2032-01-15", "qty": 9},
            ]
        },
    )
]


def _contradicted(final: str) -> list[str]:
    found, _ = findings("Which lots on shelf C expire before October?", LOTS, final)
    return [f.why for f in found if f.status == "contradicted"]


def test_a_siblings_date_for_the_coded_record_is_contradicted() -> None:
    why = _contradicted("Saline flush 10 mL lot Q4471B is good until December 9, 2031, so it can stay.")
    assert len(why) == 1 and "expiry of another record" in why[0]


def test_the_coded_records_own_date_passes() -> None:
    assert _contradicted("Saline flush 10 mL lot Q4471B expires August 2, 2031: pull it.") == []
