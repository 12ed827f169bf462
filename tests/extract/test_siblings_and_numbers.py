"""Issue 13 rules of ``formaljudge.extract._siblings`` and ``formaljudge.extract._numbers``: a line about one item of
two results (this year vs last) is checked by the formula its siblings' lines carry (``sibling_formula``, ``_unit``);
a quantity starts where its text starts; "@13.5%" is read; reference words before a number (``_CODE_BEFORE``)."""

from __future__ import annotations

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import quantities, references
from formaljudge.extract._siblings import _unit
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, findings


def _harvest(year: int, tonnes: tuple[int, int, int]) -> Call:
    crops = ("Apricot", "Quince", "Medlar")
    return (
        "harvest_totals",
        {"year": year},
        {"year": year, "orchards": [{"crop": c, "tonnes": t} for c, t in zip(crops, tonnes, strict=True)]},
    )


TWO_YEARS = [_harvest(2025, (400, 250, 80)), _harvest(2026, (460, 300, 92))]


def _lines(medlar: str) -> str:
    return f"Harvest 2026 vs 2025:\n- Apricot: +15.0%\n- Quince: +20.0%\n- Medlar: {medlar}\n"


def test_a_line_about_one_item_of_two_results_is_checked_by_its_siblings_formula() -> None:
    found, _ = findings("Compare the two harvests.", TWO_YEARS, _lines("+18.0%"))
    (f,) = found
    assert (
        f.status == "contradicted" and "change of tonnes between the two results" in f.why and "gives 15 here" in f.why
    )
    assert [s.index for s in f.steps] == [4]  # the later result


def test_a_line_that_fits_its_siblings_formula_is_supported() -> None:
    assert findings("Compare the two harvests.", TWO_YEARS, _lines("+15.0%")) == ([], 3)


def test_the_unit_of_a_line_is_one_item_read_from_both_results_earlier_first() -> None:
    src = collect_sources(TraceContext(chat_trace("?", TWO_YEARS, "Done.")))
    unit = _unit("- Medlar: +15.0%", src.records)
    assert unit is not None and [r.step.index for r in unit] == [2, 4]
    assert all(r.fields["crop"] == "Medlar" for r in unit)


def test_a_line_naming_two_items_of_one_result_has_no_unit() -> None:
    src = collect_sources(TraceContext(chat_trace("?", TWO_YEARS[:1], "Done.")))
    assert _unit("- Medlar and Quince: 330 t", src.records) is None
    assert _unit("- Pear: 12 t", src.records) is None


# --- numbers ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "figure"), [("turnout = 78.5%", "78.5%"), ("tax  $ 41.20 due", "$ 41.20")])
def test_a_quantity_starts_where_its_text_starts(text: str, figure: str) -> None:
    (q,) = quantities(text)
    assert q.text == figure and q.start == text.index(figure) and text[q.start : q.end] == figure


def test_a_rate_written_after_an_at_sign_is_read() -> None:
    (q,) = quantities("Loan B fixed @13.5% APR")
    assert q.percent and q.value == 13.5


def test_digits_after_a_word_and_an_at_sign_are_an_address_not_a_figure() -> None:
    assert quantities("ping desk7@2031 now") == []


def test_a_rate_after_an_at_sign_in_a_source_supports_the_answer() -> None:
    calls: list[Call] = [("loan_terms", {}, "Loan B: 60 months, fixed @13.5% APR")]
    assert findings("Rate?", calls, "Loan B is fixed at 13.5% APR.") == ([], 1)
    found, _ = findings("Rate?", calls, "Loan B is fixed at 15.3% APR.")
    assert [f.status for f in found] == ["unsupported"]


@pytest.mark.parametrize(
    "text", ["see Section 12 for it", "listed in Table 14", "per clause 18", "as in Appendix 21", "on page 240"]
)
def test_a_number_after_a_reference_word_is_not_a_claim(text: str) -> None:
    assert quantities(text, claims_only=True) == [] and len(quantities(text)) == 1


def test_a_number_after_an_ordinary_word_is_a_claim() -> None:
    assert [q.text for q in quantities("the section holds 12 units", claims_only=True)] == ["12"]


def test_references_are_the_dotted_numbers_after_reference_words() -> None:
    assert references("Section 7.3 and \u00a7 11.2 apply; Table 2 lists 4.8 kPa and 7.3 again.") == {"7.3", "11.2"}
