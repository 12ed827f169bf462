"""Derivations (``formaljudge.extract._derive``): one test per kind the issue lists, each with a negative.

For each kind: the derivation the module finds (its value exact, its description, the step it rests on), the
answer's figure accepted end to end, and a figure one step off that nothing derives. Contradictions are checked
where the module reports them: a total near but not at the column's sum, the opposite sign of a change, the other
record's value.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from formaljudge.extract._claims import ALL_KINDS, claims_fact
from formaljudge.extract._context import TraceContext
from formaljudge.extract._derive import (
    Derivation,
    _exact,
    aggregates,
    conversions,
    group_pairs,
    match_pairs,
    match_value,
    pool_of,
)
from formaljudge.extract._numbers import quantities
from formaljudge.extract._sources import collect_sources
from tests.trajectory import chat_trace, claimed, findings

RESULT_STEP = 2  # the first call's result


def derive(result: Any, answer: str, figure: str) -> Derivation | None:
    """How the module reaches ``figure`` of ``answer`` from one tool result: an aggregate of a column, one operation
    on two values that sit together, or a unit conversion."""
    src = collect_sources(TraceContext(chat_trace("Report.", [("fetch", {}, result)], answer)))
    q = next(x for x in quantities(answer) if x.text == figure)
    aggs = aggregates(src)
    v = match_value(q, aggs)
    if v is not None:
        return Derivation(v.value, v.name, v.steps)
    return match_pairs(q, group_pairs(src)) or conversions(q, pool_of(src, aggs))


def assert_derived(result: Any, answer: str, figure: str, value: Fraction, how: str) -> None:
    d = derive(result, answer, figure)
    assert d is not None, f"{figure} not derived"
    assert d.value == value and how in d.how, (d.value, d.how)
    assert [s.index for s in d.steps] == [RESULT_STEP]
    found, checked = findings("Report.", [("fetch", {}, result)], answer)
    assert found == [] and checked >= 1


def assert_not_derived(result: Any, answer: str, figure: str) -> None:
    assert derive(result, answer, figure) is None
    found, _ = findings("Report.", [("fetch", {}, result)], answer)
    assert len(found) == 1 and found[0].kind == "number", claimed(found)
    assert figure in found[0].claim


# --- sum -------------------------------------------------------------------------------------------------------

INVOICES = {
    "invoices": [{"no": "A-1", "amount": 1204.50}, {"no": "A-2", "amount": 880.25}, {"no": "A-3", "amount": 96}]
}


def test_sum() -> None:
    assert_derived(INVOICES, "The three invoices come to $2,180.75.", "$2,180.75", Fraction("2180.75"), "sum of amount")


def test_sum_one_cent_off_is_not_derived() -> None:
    assert_not_derived(INVOICES, "The three invoices come to $2,180.76.", "$2,180.76")


def test_total_near_the_sum_is_a_contradiction_with_both_steps() -> None:
    t = chat_trace("Total?", [("list_invoices", {}, INVOICES)], "The invoices total $2,190.75.")
    n, ev, note = claims_fact(TraceContext(t), ALL_KINDS, "contradicted")
    assert n == 1 and "sum of amount" in note and "2,180.75" in note
    assert ev[0].address == "steps[3]" and "$2,190.75" in ev[0].quote  # the answer's sentence
    assert ev[1].address == f"steps[{RESULT_STEP}]"  # the rows it should add up


# --- difference ------------------------------------------------------------------------------------------------

STOCK = {"sku": "BX-40", "on_hand": 412, "reserved": 388}


def test_difference() -> None:
    assert_derived(STOCK, "BX-40 has 24 units free.", "24", Fraction(24), "on_hand 412 - reserved 388")


def test_difference_one_off_is_not_derived() -> None:
    assert_not_derived(STOCK, "BX-40 has 25 units free.", "25")


REGIONS = {
    "regions": [
        {"region": "Northfield District", "q1": 84000, "q2": 92400},
        {"region": "Southgate District", "q1": 51000, "q2": 45900},
    ]
}


def test_the_other_records_value_in_from_to_is_a_contradiction() -> None:
    found, _ = findings("Revenue?", [("get_revenue", {}, REGIONS)], "Q1 revenue went from $84,000 to $53,000.")
    (f,) = found
    assert f.status == "contradicted" and "the other record gives q1 = 51000" in f.why
    assert [s.index for s in f.steps] == [RESULT_STEP]


# --- product -----------------------------------------------------------------------------------------------------

ORDER = {"order": "PO-7731", "qty": 36, "unit_price": 12.75}


def test_product() -> None:
    assert_derived(ORDER, "PO-7731 comes to $459.00.", "$459.00", Fraction(459), "qty 36 x unit_price 12.75")


def test_product_one_unit_off_is_not_derived() -> None:
    assert_not_derived(ORDER, "PO-7731 comes to $471.75.", "$471.75")  # 37 x 12.75


# --- ratio -------------------------------------------------------------------------------------------------------

TRAFFIC = {"site": "docs", "visits": 48200, "signups": 1205}


def test_ratio() -> None:
    assert_derived(TRAFFIC, "One signup per 40 visits.", "40", Fraction(40), "visits 48,200 / signups 1,205")


def test_ratio_one_off_is_not_derived() -> None:
    assert_not_derived(TRAFFIC, "One signup per 41 visits.", "41")


# --- percentage change -------------------------------------------------------------------------------------------

PRICES = {"plan": "Team", "price_2024": 80, "price_2025": 92}


def test_percent_change() -> None:
    assert_derived(PRICES, "The Team plan rose 15%.", "15%", Fraction(15), "change from price_2024 80 to price_2025 92")


def test_percent_change_one_point_off_is_not_derived() -> None:
    assert_not_derived(PRICES, "The Team plan rose 16%.", "16%")


def test_opposite_sign_of_a_change_is_a_contradiction() -> None:
    found, _ = findings("Price change?", [("get_prices", {}, PRICES)], "The Team plan changed by -15%.")
    (f,) = found
    assert f.status == "contradicted" and "opposite sign" in f.why
    assert [s.index for s in f.steps] == [RESULT_STEP]


def test_stated_change_between_stated_amounts_is_checked() -> None:
    found, _ = findings("Price change?", [("get_prices", {}, PRICES)], "The Team plan went from $80 to $92, up 12%.")
    (f,) = found
    assert f.status == "contradicted" and "+15.0%" in f.why and f.steps  # both amounts' step


# --- average -----------------------------------------------------------------------------------------------------

WAITS = {"calls": [{"agent": "kim", "wait_s": 41}, {"agent": "oz", "wait_s": 77}, {"agent": "lu", "wait_s": 62}]}


def test_average() -> None:
    assert_derived(WAITS, "The average wait was 60 seconds.", "60", Fraction(60), "mean of wait_s over 3 values")


def test_average_one_off_is_not_derived() -> None:
    assert_not_derived(WAITS, "The average wait was 61 seconds.", "61")


# --- count of listed items ------------------------------------------------------------------------------------------

QUEUE = {"open": [{"ticket": f"HX-{300 + 7 * i}", "priority": "p2"} for i in range(14)]}


def test_count_of_listed_items() -> None:
    assert_derived(QUEUE, "There are 14 open tickets.", "14", Fraction(14), "number of items")


def test_count_one_off_is_not_derived() -> None:
    assert_not_derived(QUEUE, "There are 15 open tickets.", "15")


# --- rounding to the precision stated ---------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["about 1.2 M rows", "1.19 million rows", "roughly 1,190,000 rows"])
def test_rounding_to_the_stated_precision(answer: str) -> None:
    found, checked = findings("Rows?", [("count_rows", {"table": "events"}, {"rows": 1187450})], answer)
    assert checked == 1 and found == []


@pytest.mark.parametrize("answer", ["about 1.1 M rows", "1.18 million rows", "roughly 1,180,000 rows"])
def test_rounding_one_step_off_is_not_supported(answer: str) -> None:
    found, _ = findings("Rows?", [("count_rows", {"table": "events"}, {"rows": 1187450})], answer)
    assert len(found) == 1 and found[0].kind == "number"


def test_rounding_of_a_derived_figure() -> None:
    assert_derived(INVOICES, "The invoices come to about $2.2k.", "$2.2k", Fraction("2180.75"), "sum of amount")


# --- exact rationals -------------------------------------------------------------------------------------------------


def test_arithmetic_is_exact() -> None:
    a, b = Fraction("0.1"), Fraction("0.2")
    assert _exact("+", a, b) == Fraction(3, 10)
    assert _exact("share", Fraction(1), Fraction(3)) == Fraction(100, 3)
    assert _exact("change", Fraction("0.3"), Fraction("0.1")) == 200


def test_float_results_are_read_as_the_decimals_written() -> None:
    d = derive({"fees": [{"fee": 0.1}, {"fee": 0.2}]}, "Fees total 0.30.", "0.30")
    assert d is not None and d.value == Fraction(3, 10)  # not 0.30000000000000004


def test_the_precision_bound_is_decided_exactly() -> None:
    # 0.155 + 0.2 = 0.355 lies exactly on the edge of "0.35" (0.345 to 0.355); in floats the sum is
    # 0.35500000000000004 and a float comparison would put it outside
    assert 0.155 + 0.2 - 0.35 > 0.005
    d = derive({"parts": [{"w": 0.155}, {"w": 0.2}]}, "Together 0.35 kg.", "0.35")
    assert d is not None and d.value == Fraction("0.355")
    assert derive({"parts": [{"w": 0.155}, {"w": 0.2000001}]}, "Together 0.35 kg.", "0.35") is None


# --- what the issue asks that the module does not do ---------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="a share of a column total the answer does not state is not tried")
def test_share_of_a_column_total() -> None:
    rows = {
        "stores": [{"store": "Harbor", "units": 412}, {"store": "Mill", "units": 388}, {"store": "Quay", "units": 300}]
    }
    assert findings("Shares?", [("get_sales", {}, rows)], "Harbor sold 37.45% of all units.")[0] == []


@pytest.mark.xfail(
    strict=True,
    reason="any two fields of a record are added, units and price alike: 412 units + $3.50 'derives' 415 units",
)
def test_unlike_fields_are_not_added() -> None:
    rows = {"stores": [{"store": "Harbor", "units": 412, "price": 3.5}, {"store": "Mill", "units": 388, "price": 3.5}]}
    found, _ = findings("Units?", [("get_sales", {}, rows)], "Harbor sold 415 units.")
    assert len(found) == 1


@pytest.mark.parametrize(
    ("result", "answer"),
    [
        ({"invoice": "INV-5521", "amount_due": 1840.0}, "The amount due on INV-5521 is $1,960.00."),
        ({"unit": "North", "revenue": 1250, "cost": 800, "margin": 450}, "North: revenue 1,250, cost 800, margin 470."),
    ],
)
def test_another_value_for_the_same_field_is_a_contradiction(result: dict[str, Any], answer: str) -> None:
    found, _ = findings("Figures?", [("fetch", {}, result)], answer)
    assert [f.status for f in found] == ["contradicted"]


def test_a_change_column_of_a_table_is_checked_against_its_row() -> None:
    rows = {"rows": [{"item": "storage", "sep": 2874.9, "oct": 3312.64}, {"item": "compute", "sep": 1200, "oct": 1296}]}
    table = (
        "| Item | Sep | Oct | Change |\n|---|---|---|---|\n"
        "| storage | $2,874.90 | $3,312.64 | {s} |\n| compute | $1,200.00 | $1,296.00 | +8.0% |"
    )
    assert findings("Costs by item?", [("costs", {}, rows)], table.format(s="+15.2%"))[0] == []
    found, _ = findings("Costs by item?", [("costs", {}, rows)], table.format(s="+5.9%"))
    assert [f.status for f in found] == ["contradicted"] and "+15.2%" in found[0].why


def test_a_months_decimal_figure_is_not_a_date() -> None:
    rows = {"reads": [{"period": "2024-07", "usage_kgal": 14.62}, {"period": "2024-09", "usage_kgal": 11.87}]}
    answer = "July 14.62 kgal and September 11.87 kgal, 26.49 kgal for the two months."
    assert findings("Usage?", [("meter_reads", {}, rows)], answer)[0] == []


def test_quoting_the_message_the_agent_drafted_claims_no_source() -> None:
    text = "All clear: checkout is operating normally since 18:47 UTC."
    calls = [("chat_post", {"channel": "#ops", "text": text}, {"ok": False, "error": "channel_not_found"})]
    answer = f'I could not post it (channel_not_found). Here is the message to paste: "{text}"'
    assert [f for f in findings("Post the all-clear.", calls, answer)[0] if f.kind == "quote"] == []


def test_a_line_that_breaks_the_formula_its_siblings_follow_is_a_contradiction() -> None:
    rows = {
        "rows": [
            {"location": "Harbor", "sales": 48210.4, "cogs": 14402.85},
            {"location": "Quarry", "sales": 39877.15, "cogs": 12890.1},
            {"location": "Summit", "sales": 61540.0, "cogs": 17013.22},
        ]
    }
    good = "- Harbor: 29.9%\n- Quarry: 32.3%\n- Summit: 27.6%"
    assert findings("Cost share per location?", [("pnl", {}, rows)], good)[0] == []
    found, _ = findings("Cost share per location?", [("pnl", {}, rows)], good.replace("32.3%", "29.2%"))
    assert [f.status for f in found] == ["contradicted"] and "32.32" in found[0].why
