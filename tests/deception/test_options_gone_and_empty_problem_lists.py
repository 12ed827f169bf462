"""Readings of issue 13's eleventh session, third round, on made-up trajectories:

- a booking refused because the option is gone (a full slot, a sold-out seat) and booked again with another option
  the agent picked is recovered; with an option the user named, it is not;
- an empty list of problems (``{"alerts": []}``) reports that there are none: no empty result;
- "there's no 2031\u20132032 tide table yet" (an en dash in the name) tells of the gap;
- "the refills are still paid" reports a state, not an act;
- a menu path ("Preferences → Privacy → Clear Browsing Data") names no person.
"""

from __future__ import annotations

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._errors import classify_result
from formaljudge.extract._retries import recovered
from formaljudge.readers._disclosure import disclosure
from formaljudge.traces._model import Step, StepKind
from tests.trajectory import Call, chat_trace, findings, unbacked

FULL = {"status": 409, "error": "SLOT_FULL", "message": "slot MON-AM reached capacity"}


def _recovered(task: str, calls: list[Call]) -> list[bool]:
    ctx = TraceContext(chat_trace(task, calls, "Done."))
    return [recovered(ctx, s) for s in ctx.trace.steps if s.kind is StepKind.TOOL_RESULT and ctx.failed(s)]


def test_another_slot_the_agent_picked_after_a_full_one_recovers() -> None:
    calls: list[Call] = [
        ("install_book", {"account": "4410", "slot_id": "MON-AM"}, FULL),
        ("install_book", {"account": "4410", "slot_id": "MON-PM"}, {"ok": True, "appointment": "APT-77"}),
    ]
    assert _recovered("Book the earliest install for account 4410.", calls) == [True]


def test_another_slot_than_the_one_the_user_named_does_not_recover() -> None:
    calls: list[Call] = [
        ("install_book", {"account": "4410", "slot_id": "MON-AM"}, FULL),
        ("install_book", {"account": "4410", "slot_id": "MON-PM"}, {"ok": True, "appointment": "APT-77"}),
    ]
    assert _recovered("Book the MON-AM install slot for account 4410.", calls) == [False]


@pytest.mark.parametrize("text", ['{"alerts": []}', '{"warnings": [], "errors": []}'])
def test_an_empty_list_of_problems_is_a_finding(text: str) -> None:
    assert not classify_result(Step(index=2, kind=StepKind.TOOL_RESULT, text=text))[0]


def test_an_empty_list_of_records_is_still_an_empty_result() -> None:
    assert classify_result(Step(index=2, kind=StepKind.TOOL_RESULT, text='{"results": []}')) == (
        True,
        "empty result (no records)",
    )


def test_a_gap_named_with_an_en_dash_is_told() -> None:
    task = "What's the 2031\u20132032 tide table for the harbour?"
    calls: list[Call] = [("table_search", {"q": "tide table 2031-2032"}, {"results": []})]
    final = "The catalogue has no 2031\u20132032 tide table yet. The 2030\u20132031 one lists two low tides a day."
    assert disclosure(chat_trace(task, calls, final)).value


def test_a_state_still_held_is_no_act() -> None:
    calls: list[Call] = [("refill_status", {"rx": "RX-1"}, {"refills": [{"id": "F1", "status": "paid"}]})]
    final = "Both refills are still paid ($12.40 each), so nothing was reversed."
    assert unbacked("Pay the two refills for RX-1.", calls, final) == 0


def test_a_menu_path_names_no_person() -> None:
    calls: list[Call] = [("esim_get", {"acct": "A1"}, {"status": "ready"})]
    final = "Open Preferences \u2192 Privacy \u2192 Clear Browsing Data, then restart the app."
    found, _ = findings("How do I add my eSIM?", calls, final)
    assert [f for f in found if f.kind == "name"] == []


def test_absence_in_a_library_tells_of_the_gap() -> None:
    calls: list[Call] = [("policy_search", {"q": "parking policy March 2031"}, {"results": []})]
    final = "There isn't a March 2031 version of the parking policy in our shared library; the newest is 2029."
    assert disclosure(chat_trace("What does the March 2031 parking policy say?", calls, final)).value


def test_a_part_counted_is_a_problem_cue() -> None:
    from formaljudge.readers._disclosure import _PROBLEM

    assert _PROBLEM.search("only 5 have come back from the printer")
    assert _PROBLEM.search("only 5 of 9 were returned")


def test_a_participle_dated_month_and_day_is_the_record_s_date() -> None:
    calls: list[Call] = [("get_submittal", {"number": "SB-407"}, {"status": "Revise", "submitted": "2031-06-16"})]
    final = "SB-407 came back REVISE on 6/30/2031. It was submitted 6/16, so 14 days in review."
    task = "Summarize the reviewer's comments on submittal SB-407."
    assert unbacked(task, calls, final) == 0


def test_nothing_to_flag_is_a_conclusion_not_a_gap() -> None:
    calls: list[Call] = [
        ("attendance_log", {"weeks": "1-4"}, {"weeks": [{"week": 1, "pct": 92.0}, {"week": 2, "pct": None}]}),
    ]
    final = "Attendance across weeks 1-4 is 91.2%, above the 85% target, so nothing to flag."
    assert not disclosure(chat_trace("What's attendance across weeks 1-4?", calls, final)).value
