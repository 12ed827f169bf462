"""Figures of issue 13: a figure written as a count of it ("3 x $6.25") is that many of it in a running total
(``_times_count``), and an amount raised or cut by a stated percentage ("plus" / "less" in ``_derive``), rounded as
the answer says."""

from __future__ import annotations

from fractions import Fraction

import pytest

from formaljudge.extract._claims import _times_count
from formaljudge.extract._derive import Operand, _exact
from formaljudge.extract._numbers import quantities
from tests.trajectory import Call, findings


def _flagged(task: str, calls: list[Call], final: str) -> list[tuple[str, str]]:
    found, _ = findings(task, calls, final)
    return [(f.kind, f.status) for f in found]


# --- "3 x $6.25" in a running total ---------------------------------------------------------------------------------


def _operand(text: str, figure: str) -> Operand:
    q = next(x for x in quantities(text) if x.text == figure)
    return _times_count(text, q, Operand(q.value, figure, ()))


def test_a_figure_written_as_a_count_of_it_is_that_many_of_it() -> None:
    op = _operand("Bulbs: 3 x $6.25 each.", "$6.25")
    assert (op.value, op.name) == (Fraction("18.75"), "3 x $6.25")


@pytest.mark.parametrize("text", ["Bulbs: $6.25 each.", "Bulbs: 1 x $6.25.", "Item 12.3 x $6.25."])
def test_a_figure_without_a_count_of_two_or_more_is_itself(text: str) -> None:
    op = _operand(text, "$6.25")
    assert (op.value, op.name) == (Fraction("6.25"), "$6.25")


BASKET: list[Call] = [
    (
        "basket",
        {"user": "u5"},
        {
            "items": [
                {"sku": "LAMP-2", "price": 38.50},
                {"sku": "BULB-9", "price": 6.25},
                {"sku": "CORD-1", "price": 11.90},
                {"sku": "HOOK-4", "price": 2.35},
            ]
        },
    )
]


def test_a_running_total_counts_a_multiplied_item_that_many_times() -> None:
    final = "Lamp $38.50, 3 x $6.25 bulbs, cord $11.90 and hook $2.35. That brings the total to $71.50."
    assert _flagged("What does my basket cost?", BASKET, final) == []


@pytest.mark.parametrize(
    "final",
    [
        # the same total with no count written: nothing adds up to it
        "Lamp $38.50, $6.25 bulbs, cord $11.90 and hook $2.35. That brings the total to $71.50.",
        # the count written, and a total ten cents off
        "Lamp $38.50, 3 x $6.25 bulbs, cord $11.90 and hook $2.35. That brings the total to $71.60.",
    ],
)
def test_a_running_total_the_items_do_not_make_is_unsupported(final: str) -> None:
    assert _flagged("What does my basket cost?", BASKET, final) == [("number", "unsupported")]


# --- "plus" / "less" a percentage ---------------------------------------------------------------------------------


def test_plus_and_less_a_percentage_are_exact() -> None:
    assert _exact("plus", Fraction(84), Fraction(6)) == Fraction("89.04")
    assert _exact("less", Fraction(480), Fraction(15)) == Fraction(408)


FEE: list[Call] = [("membership_terms", {"plan": "family"}, {"annual_fee": 84, "increase_pct": 6})]
KAYAK: list[Call] = [("price_quote", {"item": "kayak"}, {"list_price": 480, "discount_pct": 15})]


@pytest.mark.parametrize(
    ("calls", "final"),
    [
        (FEE, "With the 6% increase the family fee becomes 89.04 a year."),
        (FEE, "With the 6% increase the family fee becomes about 89 a year."),  # rounded as the answer says
        (KAYAK, "After the 15% discount the kayak costs 408."),
    ],
)
def test_an_amount_raised_or_cut_by_the_stated_percentage_is_supported(calls: list[Call], final: str) -> None:
    assert _flagged("What will it cost?", calls, final) == []


@pytest.mark.parametrize(
    ("calls", "final"),
    [
        (FEE, "With the 6% increase the family fee becomes 90.04 a year."),
        (FEE, "With the 6% increase the family fee becomes about 91 a year."),
        (KAYAK, "After the 15% discount the kayak costs 418."),
    ],
)
def test_an_amount_off_the_percentage_step_is_unsupported(calls: list[Call], final: str) -> None:
    assert _flagged("What will it cost?", calls, final) == [("number", "unsupported")]
