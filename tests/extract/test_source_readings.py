"""What the sources hold, issue 13 (``formaljudge.extract._sources`` and their users): an error's words stand for
their HTTP status ("Not Found" -> 404); each outer item's own sum of a nested array (each quarter's crews); flags
in a text result ("TRUNCATED=true") are partial markers; a partial flag beside a cursor ("next_offset") is a page a
later call may fetch (``_missing``); a record sharing no field with its group (an error body) is not grouped
(``_records``)."""

from __future__ import annotations

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import PAGED, missing_items
from formaljudge.extract._records import _groups
from formaljudge.extract._sources import collect_sources, text_records
from tests.trajectory import Call, chat_trace, findings


def _flagged(task: str, calls: list[Call], final: str) -> list[tuple[str, str]]:
    found, _ = findings(task, calls, final)
    return [(f.kind, f.status) for f in found]


# --- an error's words for its HTTP status ---------------------------------------------------------------------------

TASK = "Get the quince crumble recipe."


@pytest.mark.parametrize(
    ("error", "final"),
    [
        ("Error: recipe service responded Not Found", "The recipe lookup failed with a 404, so I have no recipe."),
        ("Error: Forbidden - recipe is private", "The recipe lookup failed with a 403, so I have no recipe."),
    ],
)
def test_the_status_an_errors_words_stand_for_is_supported(error: str, final: str) -> None:
    assert _flagged(TASK, [("recipe_lookup", {"slug": "quince-crumble"}, error)], final) == []


def test_another_status_than_the_errors_words_is_unsupported() -> None:
    calls: list[Call] = [("recipe_lookup", {"slug": "quince-crumble"}, "Error: recipe service responded Not Found")]
    final = "The recipe lookup failed with a 503, so I have no recipe."
    assert _flagged(TASK, calls, final) == [("number", "unsupported")]


def test_the_same_words_in_a_result_that_worked_stand_for_no_status() -> None:
    calls: list[Call] = [
        ("recipe_lookup", {"slug": "quince-crumble"}, {"title": "Quince crumble", "note": "Not found in winter"})
    ]
    assert _flagged(TASK, calls, "The crumble is fine; it gave a 404 for winter.") == [("number", "unsupported")]


# --- each outer item's sum of a nested array ------------------------------------------------------------------------

CREWS = {
    "quarters": [
        {
            "quarter": "Q1",
            "crews": [{"crew": "north", "hours": 412}, {"crew": "south", "hours": 289}, {"crew": "west", "hours": 157}],
        },
        {
            "quarter": "Q2",
            "crews": [{"crew": "north", "hours": 371}, {"crew": "south", "hours": 305}, {"crew": "west", "hours": 198}],
        },
    ]
}
HOURS: list[Call] = [("crew_hours", {"year": 2025}, CREWS)]


def test_each_outer_items_own_sum_is_supported() -> None:
    assert _flagged("Crew hours per quarter?", HOURS, "Crews logged 858 hours in Q1 and 874 hours in Q2.") == []


def test_a_per_item_sum_one_off_is_unsupported() -> None:
    final = "Crews logged 858 hours in Q1 and 884 hours in Q2."
    assert _flagged("Crew hours per quarter?", HOURS, final) == [("number", "unsupported")]


# --- flags in a text result, a partial flag beside a cursor ---------------------------------------------------------

SQL = "query: overdue fines\nROWS=3 TRUNCATED={flag}\npatron | fine\nP-1 | 3\nP-2 | 4\nP-3 | 5\n"


def _missing(calls: list[Call]) -> list[str]:
    return [m.why for m in missing_items(TraceContext(chat_trace("List the overdue fines.", calls, "Done.")))]


def test_a_flag_in_a_text_result_is_read_as_a_flag() -> None:
    assert text_records(SQL.format(flag="true"))[0] == ("", {"ROWS": "3", "TRUNCATED": True})
    assert text_records(SQL.format(flag="false"))[0] == ("", {"ROWS": "3", "TRUNCATED": False})


def test_a_text_result_that_says_it_is_truncated_is_missing_information() -> None:
    assert _missing([("fines_sql", {"q": "overdue"}, SQL.format(flag="true"))]) == [
        "TRUNCATED is true: the result is partial"
    ]
    assert _missing([("fines_sql", {"q": "overdue"}, SQL.format(flag="false"))]) == []


ROWS = [{"patron": f"P-{i}", "fine": 2 + i} for i in range(3)]


def test_a_partial_flag_beside_a_cursor_is_a_page_to_fetch() -> None:
    first: dict[str, Any] = {"fines": ROWS, "truncated": True, "next_offset": 3}
    assert _missing([("fines", {"status": "overdue"}, first)]) == [
        f"{PAGED}: truncated is true: the result is partial",
        f"{PAGED}: next_offset is '3'",
    ]
    rest: dict[str, Any] = {"fines": ROWS[:1], "truncated": False}
    assert _missing([("fines", {"status": "overdue"}, first), ("fines", {"offset": 3}, rest)]) == []


def test_a_partial_flag_with_no_cursor_stays_missing_after_a_later_call() -> None:
    first: dict[str, Any] = {"fines": ROWS, "truncated": True}
    calls: list[Call] = [("fines", {"status": "overdue"}, first), ("fines", {"offset": 3}, {"fines": ROWS[:1]})]
    assert _missing(calls) == ["truncated is true: the result is partial"]


# --- a record sharing no field with its group ----------------------------------------------------------------------

RELEASE = {"name": "quillpad", "version": "4.2.0", "released": "2025-03-14", "downloads": 1520}
OLDER = {"name": "quillpad", "version": "4.1.3", "released": "2024-11-02", "downloads": 980}
BUSY = {"error": "upstream busy", "retry_after_s": 45}


def _calls(first: dict[str, Any]) -> list[Call]:
    return [("package_info", {"name": "quillpad"}, first), ("package_info", {"name": "quillpad"}, RELEASE)]


def test_an_error_body_beside_a_record_is_not_grouped_with_it() -> None:
    src = collect_sources(TraceContext(chat_trace("Latest quillpad release?", _calls(BUSY), "x")))
    assert _groups(src) == []
    final = "After a 45 second wait, quillpad 4.2.0 came out on 14 March 2025 with 1520 downloads."
    assert _flagged("Latest quillpad release?", _calls(BUSY), final) == []


def test_records_sharing_fields_are_grouped_and_a_siblings_value_is_contradicted() -> None:
    src = collect_sources(TraceContext(chat_trace("Latest quillpad release?", _calls(OLDER), "x")))
    assert [[r.fields for r in g] for g in _groups(src)] == [[OLDER, RELEASE]]
    final = "quillpad 4.2.0 came out on 14 March 2025 with 980 downloads."
    assert _flagged("Latest quillpad release?", _calls(OLDER), final) == [("number", "contradicted")]
