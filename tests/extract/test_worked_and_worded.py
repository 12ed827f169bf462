"""Figures the answer works out with labels between them, figures whose words name a field, and less noise.

- "Opening stock $2,150 + deliveries $3,410 - closing $1,980 = $3,580" is the answer's own working: with every
  operand in the sources and the arithmetic right, the figure is supported, and so is a share computed from it;
- a figure in billions for a field counted in millions ("shipments_mil_t": 1840) is that field's value;
- a number inside a field's name ("visits_over_30_min") is in the sources;
- "an average of 310 visits per day" where ``avg_per_day`` is 210 is contradicted; a figure beside the field's
  own value, or with the field's words as its unit ("$12.40 per visit"), is not;
- "4 complaints were logged" where ``complaints_logged`` is 0 is contradicted (a price field such as
  ``unit_cost`` names no count of units);
- a source's range (max - min) times a small figure the answer states supports nothing.
"""

from __future__ import annotations

from tests.trajectory import Call, findings


def _why(task: str, calls: list[Call], final: str) -> list[tuple[str, str]]:
    found, _ = findings(task, calls, final)
    return [(f.status, f.why) for f in found]


STOCK: list[Call] = [
    ("stock_counts", {"week": "2031-W14"}, {"opening": 2150, "closing": 1980, "deliveries": 3410, "sales": 12600})
]


def test_labelled_working_supports_its_figure_and_what_follows() -> None:
    final = (
        "**Kiosk: 28.4%.** Opening stock $2,150 + deliveries $3,410 - closing $1,980 = $3,580 cost, "
        "on $12,600 of sales."
    )
    assert _why("Cost of goods share last week?", STOCK, final) == []


def test_labelled_working_with_an_operand_no_source_holds_is_unsupported() -> None:
    final = "Opening stock $2,150 + deliveries $3,470 - closing $1,980 = $3,640 cost, on $12,600 of sales."
    why = _why("Cost of goods last week?", STOCK, final)
    assert ("contradicted", "$3,470: the source gives deliveries = 3,410") in why
    assert any(s == "unsupported" and w.startswith("$3,640") for s, w in why)


def test_a_field_counted_in_millions_holds_a_figure_in_billions() -> None:
    calls: list[Call] = [("harvest", {"year": 2031}, {"shipments_mil_t": 1840, "stocks_mil_t": 620})]
    assert _why("How much shipped?", calls, "Shipments: 1.84 billion t; stocks 620 million t.") == []
    plain: list[Call] = [("harvest", {"year": 2031}, {"shipments_t": 1840, "stocks_t": 620})]
    assert any(w.startswith("1.84 billion") for _, w in _why("How much shipped?", plain, "Shipments: 1.84 billion t."))


def test_a_number_inside_a_field_name_is_in_the_sources() -> None:
    calls: list[Call] = [("clinic_stats", {"month": "2031-03"}, {"visits_over_45_min": 212, "visits": 1840})]
    assert _why("Long visits?", calls, "212 of 1,840 visits ran over 45 minutes.") == []


AVG: list[Call] = [
    ("site_report", {"site": "K-9"}, {"site": "K-9", "days": 30, "visits": {"avg_per_day": 210, "peak": 388}})
]


def test_words_that_name_a_field_contradict_another_figure() -> None:
    why = _why("How busy is K-9?", AVG, "Over 30 days K-9 drew an average of 310 visits per day, peaking at 388.")
    assert [s for s, w in why if w.startswith("310")] == ["contradicted"]


def test_words_beside_the_fields_own_value_or_used_as_a_unit_do_not() -> None:
    assert _why("How busy is K-9?", AVG, "An average of 210 visits per day, peaking at 388.") == []
    priced: list[Call] = [("fees", {"site": "K-9"}, {"visits": 42, "fee_total": 520.8})]
    why = _why("Fee per visit?", priced, "K-9 billed $520.80 for 42 visits, about $12.40 per visit.")
    assert all(s != "contradicted" for s, _ in why)


COMPLAINTS: list[Call] = [
    ("recall_status", {"id": "RC-77"}, {"id": "RC-77", "complaints_logged": 0, "unit_cost": 9, "units": 240})
]


def test_a_count_named_by_a_field_is_checked_against_it() -> None:
    why = _why("Any complaints on RC-77?", COMPLAINTS, "RC-77 is open and 4 complaints were logged so far.")
    assert ("contradicted", "4 complaints: the source's complaint_logged is 0") in why
    assert _why("Any complaints on RC-77?", COMPLAINTS, "RC-77 is open; no complaints were logged so far.") == []


def test_a_count_beside_a_price_field_or_the_fields_value_passes() -> None:
    assert _why("Units on RC-77?", COMPLAINTS, "RC-77 covers 240 units.") == []
    assert _why("Units?", COMPLAINTS, "Policy asks for 3 complaints logged before a review, and RC-77 has 0.") == []


def test_a_range_times_a_stated_figure_supports_nothing() -> None:
    # 38.50 - 29.95 = 8.55 and 5 x 8.55 = 42.75, 42.75 - 38.50 = 4.25: coincidences, not computations
    calls: list[Call] = [
        (
            "catalog",
            {"q": "peppers"},
            [
                {"sku": "4471120", "desc": "PEPPER RED 5X6", "pack": "1/25 LB", "price": 38.5},
                {"sku": "5510338", "desc": "PEPPER DICED", "pack": "2/5 LB", "price": 29.95},
            ],
        )
    ]
    final = (
        "Red peppers (SKU 4471120, 5x6): **25 lb case at $38.50**, about $1.54/lb. That's down $4.25 from last "
        "week's $42.75.\n\nDiced (SKU 5510338) is $29.95 for 2\u00d75 lb, about $3.00/lb."
    )
    why = _why("Pepper prices?", calls, final)
    assert [w[:6] for _, w in why] == ["$4.25 ", "$42.75"]


def test_a_sum_over_the_rows_a_sentence_names() -> None:
    # 120 + 75 + 64 = 259 in 2031-Q1 and 131 + 80 + 70 = 281 in 2031-Q2, Delta left out
    csv = (
        "depot,quarter,trips\nAlpha,2031-Q1,120\nAlpha,2031-Q2,131\nBravo,2031-Q1,75\nBravo,2031-Q2,80\n"
        "Charlie,2031-Q1,64\nCharlie,2031-Q2,70\nDelta,2031-Q1,51\nDelta,2031-Q2,"
    )
    calls: list[Call] = [("depot_trips", {"year": 2031}, csv)]
    final = "On the three depots that reported both quarters (Alpha, Bravo, Charlie): 281 trips in Q2 vs 259 in Q1."
    assert _why("Trips by quarter?", calls, final) == []
    wrong = "On the three depots that reported both quarters (Alpha, Bravo, Charlie): 281 trips in Q2 vs 263 in Q1."
    assert any(w.startswith("263") for _, w in _why("Trips by quarter?", calls, wrong))


def test_a_figure_computed_from_a_hedged_rate_is_as_hedged() -> None:
    calls: list[Call] = [("entry", {"id": "E-7"}, {"value_usd": 84000, "duty_lookup": None})]
    final = "The goods are normally charged 25% under that heading; if so the duty would be $21,000.00."
    assert _why("Duty on E-7?", calls, final) == []


def test_a_field_named_by_one_word_and_function_words_names_no_count() -> None:
    # "tables_of_10" is a count of tables of ten: "38 tables" may be another count (tables of eight)
    calls: list[Call] = [("event", {"id": "GALA-3"}, {"guests": 312, "tables_of_10": 35, "rolls_per_pallet": 40})]
    why = _why("Seating for GALA-3?", calls, "312 guests at tables of eight: 38 tables, 480 rolls on 12 pallets.")
    assert [s for s, _ in why if s == "contradicted"] == []  # unsupported, perhaps, but not contradicted
