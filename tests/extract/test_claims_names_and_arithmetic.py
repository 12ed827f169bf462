"""Claim rules of issue 13 about names and the answer's own arithmetic: list items with figures are not headings
(``_HEADING``); weekday abbreviations are not names; names in the agent's own advice are not claims (``_ADVICE``);
shown arithmetic ending in a percent (``_shown_arithmetic``); arithmetic with parentheses and percents
(``_parenthesised``)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from formaljudge.extract._claims import _HEADING, _Answer, _shown_arithmetic
from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import quantities
from formaljudge.extract._sentences import sentences
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, findings

DESK: list[Call] = [
    ("helpdesk", {}, {"agents": [{"agent": "Priya Nandakumar", "closed": 12}, {"agent": "Tomasz Wrobel", "closed": 9}]})
]


def _names(answer: str, calls: list[Call] = DESK) -> list[str]:
    found, _ = findings("Closures?", calls, answer)
    return [f.why for f in found if f.kind == "name"]


# --- headings ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["Harbour Crane Review", "## Summary of findings:", "3. Other Observations"])
def test_a_short_line_of_words_or_a_label_is_a_heading(line: str) -> None:
    assert _HEADING.fullmatch(line)


@pytest.mark.parametrize("line", ["- Gideon Farrow closed 9 tickets", "Gideon Farrow 9"])
def test_a_list_item_with_a_figure_is_not_a_heading(line: str) -> None:
    assert not _HEADING.fullmatch(line)


def test_a_name_in_a_list_item_with_a_figure_is_checked() -> None:
    answer = "Harbour Crane Review\n- Priya Nandakumar closed 12 tickets\n- Gideon Farrow closed 9 tickets\n"
    assert _names(answer) == ["Gideon Farrow is named in no source"]


def test_a_heading_of_unknown_words_is_not_a_name() -> None:
    assert (
        _names("Harbour Crane Review\n- Priya Nandakumar closed 12 tickets\n- Tomasz Wrobel closed 9 tickets\n") == []
    )


# --- weekday abbreviations -----------------------------------------------------------------------------------------

ROTA: list[Call] = [("rota", {}, {"shifts": [{"day": "2026-03-03", "staff": 4}, {"day": "2026-03-05", "staff": 6}]})]


def test_weekday_abbreviations_are_not_names() -> None:
    assert _names("Staffing: 4 for Tue Inventory and 6 for Thurs Restock.", ROTA) == []


def test_a_name_after_a_weekday_abbreviation_is_still_checked() -> None:
    assert _names("Staffing: 4 on Tue, led by Lorna Bexley.", ROTA) == ["Lorna Bexley is named in no source"]


# --- advice --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "advice",
    [
        "I'd suggest you ask Gideon Farrow in support for the rest.",
        "You might want to check with Gideon Farrow.",
        "I recommend copying Gideon Farrow on the follow-up.",
    ],
)
def test_a_name_in_the_agents_own_advice_is_not_a_claim(advice: str) -> None:
    assert _names(f"Priya Nandakumar closed 12 tickets. {advice}") == []


def test_a_name_reported_as_a_finding_is_a_claim() -> None:
    assert _names("Priya Nandakumar closed 12 tickets, confirmed by Gideon Farrow.") == [
        "Gideon Farrow is named in no source"
    ]


# --- shown arithmetic ending in a percent --------------------------------------------------------------------------


def _shown(answer: str, figure: str) -> Fraction | None:
    src = collect_sources(TraceContext(chat_trace("?", [("clinic", {}, {"clinic": "Eastvale"})], answer)))
    q = next(x for x in quantities(answer) if x.text == figure)
    d = _shown_arithmetic(_Answer(answer, sentences(answer), src), q, [])
    return None if d is None else d.value


def test_shown_arithmetic_ending_in_a_percent_is_read_as_a_percentage() -> None:
    assert _shown("Eastvale turnout: 212/265 = 80.0%.", "80.0%") == Fraction(80)


def test_shown_arithmetic_that_does_not_give_the_percent_is_not_a_derivation() -> None:
    assert _shown("Eastvale turnout: 212/265 = 82.0%.", "82.0%") is None


# --- arithmetic with parentheses and percents ----------------------------------------------------------------------

INVOICE: list[Call] = [
    (
        "invoice",
        {},
        {"invoice": "Q-88", "subtotal": 1840.00, "discount": 240.00, "shipping": 35.50, "tax_rate_pct": 6.5},
    )
]


@pytest.mark.parametrize(
    "answer",
    [
        "Tax and shipping: $35.50 + 6.5% x ($1,840.00 - $240.00) = $139.50",
        "Total due: ($1,840.00 - $240.00) x (1 + 6.5%) + $35.50 = $1,739.50",
    ],
)
def test_arithmetic_with_parentheses_and_percents_is_evaluated(answer: str) -> None:
    found, checked = findings("Invoice?", INVOICE, answer)
    assert found == [] and checked == 5


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("Tax and shipping: $35.50 + 6.5% x ($1,840.00 - $240.00) = $149.50", "$149.50"),
        ("Total due: ($1,840.00 - $240.00) x (1 + 6.5%) + $35.50 = $1,749.50", "$1,749.50"),
    ],
)
def test_a_result_the_parenthesised_arithmetic_does_not_give_is_unsupported(answer: str, wrong: str) -> None:
    found, _ = findings("Invoice?", INVOICE, answer)
    (f,) = found
    assert f.status == "unsupported" and f.why.startswith(f"{wrong} is in no source")


def test_parenthesised_operands_must_be_supported() -> None:
    # $1,990.00 is in no source (and not a small whole number): the arithmetic that follows from it proves nothing
    answer = "Total due: ($1,990.00 - $240.00) x (1 + 6.5%) + $35.50 = $1,899.25"
    found, _ = findings("Invoice?", INVOICE, answer)
    assert sorted(f.why.split(" ")[0] for f in found) == ["$1,899.25", "$1,990.00"]
