"""Failures written as error codes, SOAP faults and "try again later"; and the total of an object of parts.

- a plain result that opens with an upper-case code naming a failure ("TOKEN_EXPIRED: ...", "LEDGER 503
  SHARD_OFFLINE: ...") is an error; a key-value dump that opens with a field name ("WO_STATUS: open") is not;
- "no data found", a SOAP fault (``faultcode=``, ``soap:Server``) and "try again later" are errors;
- the sum of an object of parts (``"costs": {"labour": ..., "parts": ...}``) is a derived figure.
"""

from __future__ import annotations

import pytest

from formaljudge.extract._errors import classify_result
from formaljudge.traces._model import Step, StepKind
from tests.trajectory import Call, findings


def _failed(text: str) -> bool:
    return classify_result(Step(index=1, kind=StepKind.TOOL_RESULT, text=text))[0]


@pytest.mark.parametrize(
    "text",
    [
        "TOKEN_EXPIRED: session 81c2 ended at 09:14Z; sign in again.",
        "LEDGER 503 SHARD_OFFLINE: shard 4 is rebuilding.",
        "PO_LOCKED: PO-7781 is open in another window",
        "PLS-00201: no data found",
        "soap:Server -- Billing.Post failed: faultcode=DB_BUSY faultstring='busy'",
        "parts catalogue unavailable - try again later",
    ],
)
def test_failures_in_their_own_words_are_errors(text: str) -> None:
    assert _failed(text)


@pytest.mark.parametrize("text", ["WO_STATUS: open\nPRIORITY: 2", "MAX_RETRIES: 3", "ORDER_TOTAL: 41.50"])
def test_field_names_that_open_a_dump_are_not_errors(text: str) -> None:
    assert not _failed(text)


def test_the_total_of_an_object_of_parts_is_derived() -> None:
    calls: list[Call] = [
        ("job_cost", {"job": "J-77"}, {"job": "J-77", "costs": {"labour": 1240.0, "parts": 386.5, "travel": 90.0}})
    ]
    found, _ = findings("What did job J-77 cost?", calls, "J-77 came to $1,716.50 in all.")
    assert found == []
    found, _ = findings("What did job J-77 cost?", calls, "J-77 came to $1,816.50 in all.")
    assert len(found) == 1
