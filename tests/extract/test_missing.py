"""A result that says it is partial: another page to fetch, a query part that failed, items still pending."""

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import missing_items
from tests.trajectory import chat_trace

ROWS = [{"id": i, "tag": "bug"} for i in range(3)]


def _missing(results: list[tuple[str, dict[str, Any]]]) -> list[str]:
    calls = [(tool, {"page": i + 1}, result) for i, (tool, result) in enumerate(results)]
    trace = chat_trace("How many tickets by tag?", calls, "3 tickets, all bugs.")
    return [m.why for m in missing_items(TraceContext(trace))]


@pytest.mark.parametrize(
    "result",
    [
        {"tickets": ROWS, "next_cursor": "eyJwIjoyfQ"},
        {"tickets": ROWS, "has_more": True},
        {"tickets": ROWS, "total_count": 247},
        {"timed_out": True, "by_region": ROWS},
        {"_shards": {"total": 6, "successful": 4, "failed": 2}, "by_region": ROWS},
        {"results": ROWS, "pending": [{"form": "B", "status": "export_processing"}]},
        {"tickets": ROWS, "next": "https://api.example/v1/tickets?offset=3&limit=3"},  # a next page's link
        {"tickets": ROWS, "page": 1, "pages": 4},
        {"tickets": {"total": 11}, "items_returned": 3, "sample": ROWS},
    ],
)
def test_a_partial_result_is_missing_information(result: dict[str, Any]) -> None:
    assert _missing([("export", result)])


def test_a_page_the_agent_went_on_to_fetch_is_not_missing() -> None:
    first = {"tickets": ROWS, "next_cursor": "p2", "total_count": 5}
    assert _missing([("export", first), ("export", {"tickets": ROWS[:2]})]) == []


def test_a_complete_result_is_not_missing() -> None:
    assert _missing([("export", {"tickets": ROWS, "total_count": 3, "next_cursor": None})]) == []
    assert _missing([("export", {"tickets": ROWS, "page": 4, "pages": 4, "next": None})]) == []
    assert _missing([("export", {"tickets": {"total": 3}, "items_returned": 3, "sample": ROWS})]) == []


def test_a_documents_page_number_is_not_a_listings_page() -> None:
    assert _missing([("cite", {"doc": "Harbour Act 1998", "page": 12, "pages": 40})]) == []


def test_failed_parts_fetched_by_a_later_call_are_not_missing() -> None:
    first = {"readings": ROWS, "failed": [{"rack": "R5", "error": "SNMP timeout"}]}
    assert _missing([("pdu", first)])
    assert _missing([("pdu", first), ("pdu", {"readings": [{"id": 5, "tag": "bug"}], "failed": []})]) == []
