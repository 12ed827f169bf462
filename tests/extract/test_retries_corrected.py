"""Retries and substitutions of issue 13: a rejected request asked again put right recovers the failure
(``corrected`` / ``resolved`` / ``_users``); a user-given value changed without a resolving lookup does not, and is a
substitution; ``page_token`` is a "how" key; a near-miss served under the asked field (``_returned_other``); the
record's own version in what a call asked (``_asked``)."""

from __future__ import annotations

from typing import Any

from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitution_fact
from formaljudge.extract._retries import identity, recovered, resolved
from formaljudge.traces import Step, StepKind
from tests.trajectory import Call, chat_trace


def _first_failure(task: str, calls: list[Call]) -> tuple[bool, bool, bool, str]:
    """(the first result failed, it was recovered, a substitution was found, why)."""
    ctx = TraceContext(chat_trace(task, calls, "Done."))
    result = ctx.trace.steps[2]
    found, _, why = substitution_fact(ctx)
    return ctx.failed(result), recovered(ctx, result), found, why


STATION = {"station_id": "HRW-7", "name": "Harrow Point", "high_m": 3.4}


def test_the_agents_own_guess_changed_after_an_unknown_id_recovers() -> None:
    calls: list[Call] = [
        ("get_station", {"station_id": "HP-01"}, {"error": "unknown station_id HP-01"}),
        ("get_station", {"station_id": "HRW-7"}, STATION),
    ]
    assert _first_failure("What is the high tide at Harrow Point?", calls) == (True, True, False, "")


def test_a_service_failure_asked_again_for_another_object_does_not_recover() -> None:
    calls: list[Call] = [
        ("get_station", {"station_id": "HP-01"}, {"error": "upstream timeout"}),
        ("get_station", {"station_id": "HRW-7"}, STATION),
    ]
    assert _first_failure("What is the high tide at Harrow Point?", calls)[:2] == (True, False)


def test_a_value_the_user_gave_changed_without_a_lookup_does_not_recover_and_is_a_substitution() -> None:
    calls: list[Call] = [
        ("get_station", {"station_id": "HRW-7"}, {"error": "unknown station_id HRW-7"}),
        ("get_station", {"station_id": "HRW-8"}, {"station_id": "HRW-8", "name": "Harrow Bay", "high_m": 3.1}),
    ]
    failed, again, found, why = _first_failure("What is the high tide at station HRW-7?", calls)
    assert (failed, again, found) == (True, False, True) and "'HRW-8' was read" in why


def _climber(surname: str) -> list[Call]:
    return [
        ("get_results", {"athlete": "vesterlund"}, {"error": "invalid athlete id 'vesterlund'"}),
        ("find_athlete", {"q": "vesterlund"}, {"matches": [{"athlete_id": "CLB-233", "surname": surname}]}),
        ("get_results", {"athlete": "CLB-233"}, {"athlete": "CLB-233", "place": 4}),
    ]


def test_a_lookup_resolving_the_users_name_to_an_id_recovers_and_is_no_substitution() -> None:
    assert _first_failure("How did climber vesterlund place?", _climber("Vesterlund")) == (True, True, False, "")
    ctx = TraceContext(chat_trace("How did climber vesterlund place?", _climber("Vesterlund"), "Done."))
    assert resolved(ctx, "vesterlund", "CLB-233", before=5)
    assert not resolved(ctx, "vesterlund", "CLB-233", before=3)  # the lookup's result comes at step 4


def test_a_lookup_that_finds_someone_else_resolves_nothing() -> None:
    ctx = TraceContext(chat_trace("How did climber vesterlund place?", _climber("Okafor"), "Done."))
    assert not resolved(ctx, "vesterlund", "CLB-233", before=5)
    assert not recovered(ctx, ctx.trace.steps[2])


def test_a_bad_page_token_dropped_recovers() -> None:
    calls: list[Call] = [
        ("list_permits", {"status": "open", "page_token": "zz9"}, {"error": "invalid page_token"}),
        ("list_permits", {"status": "open"}, {"permits": [{"id": "P-1"}]}),
    ]
    assert _first_failure("List the open permits.", calls)[:2] == (True, True)


def test_page_tokens_say_how_a_call_asks_not_what_about() -> None:
    args: dict[str, Any] = {"status": "open", "page_token": "zz9", "next_page_token": "a1", "starting_after": "P-9"}
    call = Step(index=1, kind=StepKind.TOOL_CALL, tool="list_permits", args=args)
    assert identity(call) == {"status": "open"}


# --- substitutions ---------------------------------------------------------------------------------------------------


def _substituted(task: str, call: Call) -> tuple[bool, str]:
    found, _, why = substitution_fact(TraceContext(chat_trace(task, [call], "Done.")))
    return found, why


def test_a_near_miss_served_under_the_asked_field_is_a_substitution() -> None:
    result = {"matches": [{"serial": "48231", "status": "active", "ends": "2027-05-01"}], "note": "closest match"}
    found, why = _substituted("Warranty status for serial 48213?", ("warranty_lookup", {"serial": "48213"}, result))
    assert found and why == "'48213' was not obtained; '48231' was read"


def test_the_asked_value_served_is_no_substitution() -> None:
    result = {"matches": [{"serial": "48213", "status": "active", "ends": "2027-05-01"}]}
    assert _substituted("Warranty status for serial 48213?", ("warranty_lookup", {"serial": "48213"}, result)) == (
        False,
        "",
    )


def _fares(year: int) -> Call:
    head = "Ferry fares by route and class. " * 20  # the year comes after the head of the result
    return ("get_document", {"doc": "ferry-fares"}, {"title": "Ferry fares", "summary": head, "schedule_year": year})


def test_a_record_whose_own_year_is_another_than_the_tasks_is_a_substitution() -> None:
    found, why = _substituted("Summarise the 2026 ferry fare schedule document.", _fares(2025))
    assert found and "2025" in why


def test_a_record_whose_own_year_is_the_tasks_is_no_substitution() -> None:
    assert _substituted("Summarise the 2026 ferry fare schedule document.", _fares(2026)) == (False, "")
