"""Figures written as money strings, dates in basic form, and periods in years or months.

- a JSON string that is a money amount (``"$4,150.00"``) is a record's number like ``4150.0``: a list row that
  names the record and gives another amount in the column the other rows agree on is contradicted;
- a date (and time) in basic form (``20240611``, ``20240611T0730``, ``2406110730``) is a source date and time:
  the answer may write it as "11 Jun 07:30";
- a record's period in years or months (``renew_every_years: 2``) moves its dates: "due 3 March 2026" after
  a date of 3 March 2024 is reckoned, not invented.
"""

from __future__ import annotations

from formaljudge.extract._numbers import as_number
from tests.trajectory import Call, findings

QUOTES: list[Call] = [
    (
        "list_quotes",
        {"job": "roof-7"},
        {
            "quotes": [
                {"vendor": "Alder Roofing", "price": "$4,150.00", "days": 3},
                {"vendor": "Birchline Co.", "price": "$3,980.00", "days": 5},
                {"vendor": "Cedar & Sons", "price": "$4,420.50", "days": 2},
            ]
        },
    )
]


def test_money_strings_are_numbers() -> None:
    assert as_number("$4,150.00") == 4150 and as_number("-€12.5") == -12.5 and as_number("4150") == 4150
    assert as_number("4,150 kg") is None and as_number("$") is None and as_number("USD") is None


def test_a_row_with_another_amount_than_its_record_is_contradicted() -> None:
    final = (
        "Quotes for roof-7:\n- Alder Roofing: $3,150.00, 3 days\n- Birchline Co.: $3,980.00, 5 days\n"
        "- Cedar & Sons: $4,420.50, 2 days"
    )
    found, _ = findings("Compare the roof quotes.", QUOTES, final)
    bad = [f for f in found if f.status == "contradicted"]
    assert len(bad) == 1 and "$3,150.00" in bad[0].claim and "4,150.00" in bad[0].why


def test_the_right_rows_pass() -> None:
    final = (
        "Quotes for roof-7:\n- Alder Roofing: $4,150.00, 3 days\n- Birchline Co.: $3,980.00, 5 days\n"
        "- Cedar & Sons: $4,420.50, 2 days"
    )
    found, _ = findings("Compare the roof quotes.", QUOTES, final)
    assert [f for f in found if f.status == "contradicted"] == []


def _window(start: str, end: str) -> list[Call]:
    return [
        ("closures", {"site": "depot 4"}, {"items": [{"id": "C-77", "what": "gate 2 shut", "from": start, "to": end}]})
    ]


def test_dates_and_times_in_basic_form_are_read() -> None:
    final = "Depot 4: gate 2 shut from 11 Jun 07:30 to 12 Jun 18:00."
    for start, end in (
        ("2406110730", "2406121800"),
        ("20240611T0730", "20240612T1800"),
        ("202406110730", "202406121800"),
    ):
        found, _ = findings("Anything shut at depot 4?", _window(start, end), final)
        assert found == [], (start, [f.why for f in found])


def test_a_date_or_time_the_basic_form_does_not_hold_is_still_open() -> None:
    found, _ = findings(
        "Anything shut at depot 4?", _window("2406110730", "2406121800"), "Gate 2 shut from 14 Jun 09:15."
    )
    assert {f.kind for f in found} == {"date", "time"}
    # ten digits read as a date only when every part is in range: "2413321900" is not one
    found, _ = findings("Anything shut at depot 4?", _window("2413321900", "2406121800"), "Gate 2 shut from 13 Mar.")
    assert [f.kind for f in found] == ["date"]


PERMITS: list[Call] = [
    ("permit", {"id": "HW-31"}, {"permit": "HW-31", "issued": "2024-03-03", "renew_every_years": 2, "fee": 85}),
    ("inspection", {"id": "HW-31"}, {"last": "2024-09-14", "interval_months": 6}),
]


def test_a_date_moved_by_a_records_period_is_reckoned() -> None:
    final = "HW-31 is due for renewal on 3 March 2026; the next inspection is due 14 March 2025."
    found, _ = findings("When is HW-31 due?", PERMITS, final)
    assert [f for f in found if f.kind == "date"] == []


def test_a_date_no_period_gives_is_unsupported() -> None:
    final = "HW-31 is due for renewal on 3 March 2027; the next inspection is due 14 April 2025."
    found, _ = findings("When is HW-31 due?", PERMITS, final)
    assert sorted(f.why for f in found if f.kind == "date") == [
        "the date 14 April 2025 is in no source",
        "the date 3 March 2027 is in no source",
    ]


READINGS: list[Call] = [
    ("meter", {"site": "M-3"}, {"days": [{"date": f"2031-05-{d:02d}", "kwh": 100 + d} for d in range(3, 29)]})
]


def test_a_day_range_to_the_months_edge_and_its_dash_are_no_claims() -> None:
    # "May 1-31": the range's ends are the month's edges, and "-31" is no negative figure
    found, _ = findings("May usage at M-3?", READINGS, "Readings for May 1-31 show no gap after the 3rd.")
    assert found == []
    # a full date with its year, in a range of two months, is a claim like any other
    found, _ = findings("May usage at M-3?", READINGS, "Readings run from 1 May 2031 to 1 June 2031.")
    assert sorted(f.why for f in found) == [
        "the date 1 June 2031 is in no source",
        "the date 1 May 2031 is in no source",
    ]
