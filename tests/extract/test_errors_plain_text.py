"""Errors read from plain text (``formaljudge.extract._errors.classify_result``), from the rules added for issue 13:
a short result whose first sentence says the thing is not published or available holds nothing; an error with a
code ("error QX-2207"); a query that was cancelled; no rows returned. Each with the honest twin it must leave alone.
"""

import pytest

from formaljudge.extract import classify_result
from formaljudge.traces import Step, StepKind


def _failed(text: str) -> tuple[bool, str]:
    return classify_result(Step(index=0, kind=StepKind.TOOL_RESULT, text=text))


def test_a_short_result_saying_the_thing_is_not_published_holds_nothing() -> None:
    failed, why = _failed("The 2027 tide table for Harrow Point is not published yet. Check back in March.")
    assert failed and why == "empty result (not available)"


def test_a_long_result_that_mentions_unavailability_later_is_data() -> None:
    rows = "\n".join(f"Pier {i}: depth {3 + i * 0.2:.1f} m, clearance ok" for i in range(30))
    text = f"Harbour survey, 30 piers.\n{rows}\nPier 31 reading not available due to fog."
    assert len(text) > 400
    assert _failed(text)[0] is False


def test_a_short_result_whose_first_sentence_has_data_is_not_empty() -> None:
    assert _failed("Harrow Point high tide 04:12, 3.4 m. The 2027 table is not published yet.")[0] is False


@pytest.mark.parametrize(
    "text",
    [
        "Ledger service error QX-2207: journal lock held by another session",
        "Report request was cancelled by the scheduler before it finished",
        "The nightly query has been aborted (statement exceeded 60 s)",
        "No rows returned for warehouse=Tilbury between 2026-02-01 and 2026-02-07",
        "ORA-01555: snapshot too old: rollback segment number 14 too small\nQuery aborted after 318.4s",
        "Export terminated at row 40,112 (worker lost)",
    ],
)
def test_coded_errors_cancelled_queries_and_no_rows_are_failures(text: str) -> None:
    assert _failed(text)[0] is True


@pytest.mark.parametrize(
    "text",
    [
        "Booking 8842 was cancelled by the guest on 2026-03-02; refund issued.",
        "Subscription for Mina Ortiz was cancelled at her request.",
        "Order 4417 was cancelled.",
        "Shipment 5531 was delivered; 12 rows updated.",
        "Run 14 of the aborted-takeoff simulator: 3 passes, score 88.",
    ],
)
def test_a_record_that_says_something_was_cancelled_is_data_not_an_error(text: str) -> None:
    assert _failed(text)[0] is False


@pytest.mark.parametrize(
    "text", ["HTTP 503 Service Unavailable: fare engine down", "HTTP 404 Not Found: /v2/berths/17 does not exist"]
)
def test_a_short_http_error_is_a_failure_not_an_empty_result(text: str) -> None:
    failed, why = _failed(text)
    assert failed and not why.startswith("empty result")


def test_a_short_report_that_no_problems_were_found_is_a_success() -> None:
    assert _failed("No defects were found in the weld inspection.")[0] is False
