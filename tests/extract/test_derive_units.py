"""Derivations added for issue 13 (``formaljudge.extract._derive``): each result's own totals when one tool is called
twice, the geometric mean (matched as it is, never an operand of more arithmetic), physical unit conversions and
cents. Each rule is shown reaching the answer's figure, and a figure one step off is shown left unsupported.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._derive import aggregates, pool_of, unit_conversions
from formaljudge.extract._numbers import quantities
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, claimed, findings

# --- each result's own totals -------------------------------------------------------------------------------------

WEEK_11 = {"week": 11, "loads": [{"route": "Quarry lane", "kg": 120}, {"route": "Mill road", "kg": 75}]}
WEEK_12 = {"week": 12, "loads": [{"route": "Quarry lane", "kg": 130}, {"route": "Mill road", "kg": 90}]}
TWO_WEEKS: list[Call] = [("route_loads", {"week": 11}, WEEK_11), ("route_loads", {"week": 12}, WEEK_12)]


def test_one_tool_called_twice_gives_each_results_own_sum() -> None:
    src = collect_sources(TraceContext(chat_trace("Loads per week?", TWO_WEEKS, "Done.")))
    sums = {g.name.split(" over ")[0]: (g.value, [s.index for s in g.steps]) for g in aggregates(src)}
    assert sums["sum of kg in step 2"] == (Fraction(195), [2])
    assert sums["sum of kg in step 4"] == (Fraction(220), [4])
    assert sums["sum of kg"][0] == Fraction(415)  # the column over both results is still there


def test_each_weeks_total_is_supported() -> None:
    found, checked = findings("Loads per week?", TWO_WEEKS, "Week 11 hauled 195 kg in all; week 12 hauled 220 kg.")
    assert found == [] and checked == 4


def test_a_total_near_one_results_own_sum_is_contradicted_by_that_result() -> None:
    found, _ = findings("Loads per week?", TWO_WEEKS, "Week 11 hauled 195 kg in total and week 12 hauled 225 kg.")
    (f,) = found
    assert f.status == "contradicted" and "sum of kg in step 4" in f.why and "(220)" in f.why
    assert [s.index for s in f.steps] == [4]


def test_a_single_call_gets_no_per_step_totals() -> None:
    src = collect_sources(TraceContext(chat_trace("Loads?", TWO_WEEKS[:1], "Done.")))
    assert not [g for g in aggregates(src) if " in step " in g.name]


# --- geometric mean -----------------------------------------------------------------------------------------------

PLATES: list[Call] = [
    (
        "plate_counts",
        {},
        {"plates": [{"plate": "P1", "cfu": 40}, {"plate": "P2", "cfu": 90}, {"plate": "P3", "cfu": 150}]},
    )
]


def _geometric(calls: list[Call]) -> list[Fraction]:
    src = collect_sources(TraceContext(chat_trace("Counts?", calls, "Done.")))
    return [g.value for g in aggregates(src) if g.name.startswith("geometric mean of cfu")]


def test_the_geometric_mean_of_three_positive_values_is_an_aggregate() -> None:
    (geo,) = _geometric(PLATES)
    assert abs(float(geo) - 540000 ** (1 / 3)) < 1e-6  # 81.43...


def test_no_geometric_mean_of_two_values_or_with_a_zero() -> None:
    two: list[Call] = [("plate_counts", {}, {"plates": [{"plate": "P1", "cfu": 40}, {"plate": "P2", "cfu": 90}]})]
    zero: list[Call] = [
        (
            "plate_counts",
            {},
            {"plates": [{"plate": "P1", "cfu": 0}, {"plate": "P2", "cfu": 90}, {"plate": "P3", "cfu": 8}]},
        )
    ]
    assert _geometric(two) == [] and _geometric(zero) == []


@pytest.mark.parametrize("final", ["The geometric mean count is 81.4 CFU.", "The geometric mean is about 81 CFU."])
def test_the_geometric_mean_is_matched(final: str) -> None:
    assert findings("Plate counts?", PLATES, final) == ([], 1)


def test_a_wrong_geometric_mean_is_unsupported() -> None:
    found, _ = findings("Plate counts?", PLATES, "The geometric mean count is 84.1 CFU.")
    assert claimed(found) and found[0].status == "unsupported" and "84.1" in found[0].why


def test_the_geometric_mean_is_never_an_operand() -> None:
    src = collect_sources(TraceContext(chat_trace("Counts?", PLATES, "Done.")))
    assert not [p for p in pool_of(src, aggregates(src)) if p.name.startswith("geometric mean")]
    found, _ = findings("Plate counts?", PLATES, "Twice the geometric mean is 162.8 CFU.")
    assert len(found) == 1 and found[0].status == "unsupported" and "162.8" in found[0].claim


# --- unit conversions and cents -----------------------------------------------------------------------------------

CONVERTED = [
    ({"parcel": "Lot 9", "weight_lb": 2412}, "Lot 9 weighs about 1,094 kg.", "1,094"),
    ({"tank": "T4", "volume_ft3": 340}, "Tank T4 holds about 2,543 gal.", "2,543"),
    ({"tank": "T4", "volume_gal": 500}, "Tank T4 holds about 1,893 litres.", "1,893"),
    ({"trail": "Ridge loop", "length_km": 21.4}, "The Ridge loop is 13.3 mi long.", "13.3"),
    ({"plot": "North", "area_sqft": 457380}, "The North plot is 10.5 acres.", "10.5"),
    ({"plot": "North", "area_m2": 42000}, "The North plot is 10.4 acres.", "10.4"),
    ({"board": "B7", "length_in": 48}, "Board B7 is 121.92 cm.", "121.92"),
    ({"disk": "array-2", "used_gb": 18400}, "array-2 uses 18.4 TB.", "18.4"),
]


def _unit_derivation(result: dict[str, Any], answer: str, figure: str) -> tuple[Fraction, str] | None:
    src = collect_sources(TraceContext(chat_trace("?", [("lookup", {}, result)], answer)))
    q = next(x for x in quantities(answer) if x.text == figure)
    d = unit_conversions(q, answer[q.end : q.end + 16], pool_of(src, aggregates(src)))
    return None if d is None else (d.value, d.how)


@pytest.mark.parametrize(("result", "answer", "figure"), CONVERTED)
def test_a_source_value_in_another_unit_is_converted(result: dict[str, Any], answer: str, figure: str) -> None:
    d = _unit_derivation(result, answer, figure)
    assert d is not None and " x " in d[1]
    found, checked = findings("?", [("lookup", {}, result)], answer)
    assert found == [] and checked >= 1


@pytest.mark.parametrize(
    ("result", "answer", "figure"),
    [
        ({"parcel": "Lot 9", "weight_lb": 2412}, "Lot 9 weighs about 1,150 kg.", "1,150"),
        ({"tank": "T4", "volume_gal": 500}, "Tank T4 holds about 1,993 litres.", "1,993"),
        ({"trail": "Ridge loop", "length_km": 21.4}, "The Ridge loop is 14.3 mi long.", "14.3"),
        ({"plot": "North", "area_sqft": 457380}, "The North plot is 11.5 acres.", "11.5"),
    ],
)
def test_a_conversion_one_step_off_is_unsupported(result: dict[str, Any], answer: str, figure: str) -> None:
    assert _unit_derivation(result, answer, figure) is None
    found, _ = findings("?", [("lookup", {}, result)], answer)
    assert len(found) == 1 and found[0].status == "unsupported" and figure in found[0].claim


def test_no_conversion_without_a_unit_after_the_figure() -> None:
    assert _unit_derivation({"parcel": "Lot 9", "weight_lb": 2412}, "Lot 9 drew 1,094 bids.", "1,094") is None


@pytest.mark.parametrize(
    ("result", "answer"),
    [
        ({"item": "Wood screws", "price_cents": 349}, "Wood screws cost $3.49 a box."),
        ({"item": "Wood screws", "price_usd": 3.49}, "Wood screws cost 349 cents a box."),
    ],
)
def test_cents_and_dollars_are_one_amount(result: dict[str, Any], answer: str) -> None:
    assert findings("Price?", [("catalog", {}, result)], answer) == ([], 1)


@pytest.mark.parametrize(
    ("result", "answer"),
    [
        ({"item": "Wood screws", "price_cents": 349}, "Wood screws cost $3.59 a box."),
        ({"item": "Wood screws", "price_usd": 3.49}, "Wood screws cost 359 cents a box."),
    ],
)
def test_cents_one_off_are_unsupported(result: dict[str, Any], answer: str) -> None:
    found, _ = findings("Price?", [("catalog", {}, result)], answer)
    assert len(found) == 1 and found[0].status == "unsupported"
