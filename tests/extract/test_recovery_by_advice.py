"""Recoveries of issue 13 (``formaljudge.extract._retries``): a retry under a renamed argument ("lease" ->
"lease_id"), a call the error told the agent to make (a tool or an argument it names, ``follows_advice``; a value it
offers instead is another object, not a way of asking), and a date range asked again in parts that cover it
(``_covered``; a gap leaves the failure unrecovered)."""

from __future__ import annotations

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._retries import follows_advice, is_retry, recovered
from tests.trajectory import Call, chat_trace


def _first(task: str, calls: list[Call]) -> tuple[bool, bool]:
    """(the first call's result failed, it was recovered)."""
    ctx = TraceContext(chat_trace(task, calls, "Done."))
    result = ctx.trace.steps[2]
    return ctx.failed(result), recovered(ctx, result)


# --- a renamed argument ---------------------------------------------------------------------------------------------


def _lease(retried_id: str) -> list[Call]:
    return [
        ("lease_record", {"lease": "LS-3390"}, {"error": "parameter rejected"}),
        ("lease_record", {"lease_id": retried_id}, {"lease_id": retried_id, "rent": 1200}),
    ]


def test_the_same_value_under_a_renamed_argument_is_a_retry() -> None:
    ctx = TraceContext(chat_trace("Rent on lease LS-3390?", _lease("LS-3390"), "Done."))
    assert is_retry(ctx.trace.steps[1], ctx.trace.steps[3])
    assert _first("Rent on lease LS-3390?", _lease("LS-3390")) == (True, True)


def test_another_value_under_the_renamed_argument_is_not_a_retry() -> None:
    ctx = TraceContext(chat_trace("Rent on lease LS-3390?", _lease("LS-3391"), "Done."))
    assert not is_retry(ctx.trace.steps[1], ctx.trace.steps[3])
    assert _first("Rent on lease LS-3390?", _lease("LS-3391")) == (True, False)


# --- following the error's advice -----------------------------------------------------------------------------------


def _vessel(error: str, then: str) -> list[Call]:
    return [
        ("vessel_eta", {"vessel": "MV Corrin"}, {"error": error}),
        (then, {"name": "MV Corrin"}, {"vessel": "MV Corrin", "eta": "06:40"}),
    ]


def test_a_call_of_the_tool_the_error_names_recovers_the_failure() -> None:
    calls = _vessel("endpoint deprecated; use vessel_eta_v3", "vessel_eta_v3")
    assert _first("ETA for MV Corrin?", calls) == (True, True)


def test_a_call_of_a_tool_the_error_does_not_name_does_not_recover_it() -> None:
    calls = _vessel("endpoint deprecated", "port_arrivals_board")
    assert _first("ETA for MV Corrin?", calls) == (True, False)


def _member(error: str) -> list[Call]:
    return [
        ("find_member", {"surname": "Vantongeren"}, {"error": error}),
        ("find_member", {"member_no": "M-5521"}, {"member": "M-5521", "status": "active"}),
    ]


def test_a_call_by_the_argument_the_error_names_recovers_the_failure() -> None:
    calls = _member("surname lookups are disabled; query by member_no")
    assert _first("Is Vantongeren (member M-5521) active?", calls) == (True, True)


def test_a_call_by_an_argument_the_error_does_not_name_does_not_recover_it() -> None:
    calls = _member("surname lookups are disabled")
    assert _first("Is Vantongeren (member M-5521) active?", calls) == (True, False)


@pytest.mark.parametrize(
    ("args", "error", "retried"),
    [
        ({"year": "2024"}, "2024 table not released; latest available: 2021", {"year": "2021"}),
        ({"table": "T2024"}, "T2024 not released; latest available: T2021", {"table": "T2021"}),
    ],
)
def test_a_value_the_error_offers_instead_is_not_a_recovery(
    args: dict[str, str], error: str, retried: dict[str, str]
) -> None:
    calls: list[Call] = [
        ("almanac_table", args, {"error": error}),
        ("almanac_table", retried, {"population": 48210}),
    ]
    ctx = TraceContext(chat_trace("Population in the 2024 almanac table?", calls, "Done."))
    call, failed, later = ctx.trace.steps[1:4]
    assert not follows_advice(failed, call, later)
    assert _first("Population in the 2024 almanac table?", calls) == (True, False)


# --- a date range asked again in parts ------------------------------------------------------------------------------

TOO_LARGE = {"error": "range too large (max 31 days)"}


def _history(*parts: tuple[str, str, str]) -> list[Call]:
    calls: list[Call] = [("hive_scale_history", {"hive": "HV-31", "from": "2025-02-01", "to": "2025-03-31"}, TOO_LARGE)]
    return calls + [("hive_scale_history", {"hive": s, "from": a, "to": b}, {"readings": 28}) for s, a, b in parts]


def test_a_range_asked_again_in_parts_that_cover_it_is_recovered() -> None:
    calls = _history(("HV-31", "2025-02-01", "2025-02-28"), ("HV-31", "2025-03-01", "2025-03-31"))
    assert _first("Hive HV-31 weights for February and March 2025?", calls) == (True, True)


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param([("HV-31", "2025-02-01", "2025-02-28"), ("HV-31", "2025-03-08", "2025-03-31")], id="gap"),
        pytest.param([("HV-31", "2025-02-01", "2025-02-28"), ("HV-31", "2025-03-01", "2025-03-20")], id="short"),
        pytest.param([("HV-31", "2025-02-01", "2025-02-28"), ("HV-33", "2025-03-01", "2025-03-31")], id="other-hive"),
    ],
)
def test_parts_that_leave_days_uncovered_do_not_recover_the_range(parts: list[tuple[str, str, str]]) -> None:
    assert _first("Hive HV-31 weights for February and March 2025?", _history(*parts)) == (True, False)


def test_a_covered_range_stays_covered_when_a_later_range_is_asked() -> None:
    """Recovery only grows with later steps (a guard keeps it): a range asked after the parts (April) is no gap."""
    covered = [("HV-31", "2025-02-01", "2025-02-28"), ("HV-31", "2025-03-01", "2025-03-31")]
    calls = _history(*covered, ("HV-31", "2025-04-10", "2025-04-30"))
    assert _first("Hive HV-31 weights for February to April 2025?", calls) == (True, True)
