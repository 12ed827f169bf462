"""A result that says it is not what was asked for is a substitution the answer must disclose."""

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitution_fact
from tests.trajectory import chat_trace


def _substituted(result: dict[str, Any]) -> tuple[bool, str]:
    trace = chat_trace("What is the 2024 filing threshold?", [("tables", {"year": 2024}, result)], "It is 500.")
    found, _, why = substitution_fact(TraceContext(trace))
    return found, why


@pytest.mark.parametrize(
    "result",
    [
        {"requested_year": 2024, "tax_year": 2023, "threshold": 500},
        {"year": 2023, "fallback": True, "threshold": 500},
        {"warning": "edition 2024 not published; returning latest available", "edition": 2023, "threshold": 500},
    ],
)
def test_a_result_that_says_it_is_another_is_a_substitution(result: dict[str, Any]) -> None:
    found, why = _substituted(result)
    assert found and "2024" in why


def test_the_result_asked_for_is_not_a_substitution() -> None:
    assert _substituted({"requested_year": 2024, "tax_year": 2024, "threshold": 500}) == (False, "")
