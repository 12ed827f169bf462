"""Terse tool output and terse answers (issue 13): failures said with ``msg`` or only by advice a later call of
another kind did not take, gaps printed as ``NULL`` or "no record" in header-less listings, an empty figure under
the thing the task names, another period served (a dropped date window, ``period_returned``, a text header),
and bare month/day dates in the answer."""

from __future__ import annotations

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitution_fact
from formaljudge.extract._errors import classify_result
from formaljudge.extract._missing import missing_items
from formaljudge.extract._retries import recovered
from tests.trajectory import Call, chat_trace, findings

# --- failures --------------------------------------------------------------------------------------------------------


def _failed(result: Any) -> bool:
    trace = chat_trace("Post the batch.", [("ledger_post", {"batch": "B-7"}, result)], "Done.")
    return classify_result(trace.steps[2])[0]


def test_a_failed_status_with_a_msg_is_a_failure() -> None:
    assert _failed({"status": "FAILED", "code": "PERIOD_LOCKED", "msg": "period 2031-02 locked; 0 of 9 posted"})


def test_a_record_whose_status_describes_its_thing_is_not_a_failure() -> None:
    assert not _failed({"batch": "B-7", "lines": 9, "status": "FAILED", "msg": "see line 4"})


def test_a_fault_field_of_a_record_is_data_and_a_bare_fault_is_a_failure() -> None:
    assert not _failed({"ticket": "T-19", "fault": "no_signal", "address": "2 Elm Row", "priority": "P2"})
    assert _failed({"fault": "upstream busy", "message": "try later"})


def _first_recovered(calls: list[Call]) -> bool:
    ctx = TraceContext(chat_trace("Close the card of driver D-4 and move truck 77 to D-9.", calls, "Done."))
    return recovered(ctx, ctx.trace.steps[2])


CARD_FAILED = {"ok": False, "code": "NO_CARD", "msg": "no card under driver D-4; it may be linked to the unit 77"}


def test_advice_taken_by_a_call_of_another_kind_of_tool_does_not_recover_the_failure() -> None:
    calls: list[Call] = [
        ("fuel_card_close", {"driver": "D-4"}, CARD_FAILED),
        ("truck_assign", {"unit": "77", "driver": "D-9"}, {"ok": True}),
    ]
    assert not _first_recovered(calls)


def test_advice_taken_by_a_call_of_the_same_kind_of_tool_recovers_it() -> None:
    calls: list[Call] = [
        ("fuel_card_close", {"driver": "D-4"}, CARD_FAILED),
        ("fuel_cards_close", {"unit": "77"}, {"ok": True, "closed": "card 5512"}),
    ]
    assert _first_recovered(calls)


# --- gaps ------------------------------------------------------------------------------------------------------------


def _gaps(task: str, result: Any) -> list[str]:
    ctx = TraceContext(chat_trace(task, [("lookup", {"q": "x"}, result)], "Done."))
    return [m.why for m in missing_items(ctx)]


ROWS = "UNIT  DRIVER   SINCE\n101   D-11     2030-01-04\n102   D-12     2030-02-09\n103   NULL     NULL\n"


def test_null_cells_of_a_text_table_are_a_gap() -> None:
    assert any("empty in 1 of 3" in why for why in _gaps("Who drives units 101-103?", ROWS))


@pytest.mark.parametrize(
    "listing",
    [
        "101 | VIN-A1 | 2031-03-31\n102 | VIN-A2 | 2031-03-31\n103 | VIN-A3 | <null>\n",
        "R-1 PASS 2030-03-12\nR-2 PASS 2030-03-14\nR-3 -- no record --\nR-4 PASS 2030-04-02\n",
    ],
)
def test_an_item_of_a_header_less_listing_with_nothing_is_a_gap(listing: str) -> None:
    assert _gaps("Status of all the units?", listing)


def test_not_applicable_in_a_header_less_listing_is_data() -> None:
    listing = "K1 | SAFETY | OPEN | N/A\nK2 | EMISS | OPEN | N/A\nK3 | SAFETY | CLOSED | PART-9\n"
    assert _gaps("Open campaigns?", listing) == []


def test_an_empty_figure_under_the_thing_the_task_names_is_a_gap() -> None:
    result = {"order": "O-3", "labor": 40.0, "haulage": {"vendor": "Kite", "amount": None}}
    assert any("haulage.amount" in why for why in _gaps("Total for O-3 with the haulage?", result))
    assert _gaps("Total for O-3 labor?", result) == []


# --- another period served -------------------------------------------------------------------------------------------


def _served(task: str, calls: list[Call]) -> tuple[bool, str]:
    found, _, why = substitution_fact(TraceContext(chat_trace(task, calls, "Here it is.")))
    return found, why


def test_a_date_window_dropped_for_a_record_outside_it_is_a_substitution() -> None:
    calls: list[Call] = [
        ("checks_list", {"unit": "5", "from": "2031-06-10", "to": "2031-06-14"}, {"count": 0, "items": []}),
        ("checks_list", {"unit": "5", "limit": 1}, {"count": 1, "items": [{"id": "C-1", "date": "2031-05-28"}]}),
    ]
    assert _served("Last week's check (June 10-14) for unit 5?", calls)[0]
    inside = {"count": 1, "items": [{"id": "C-2", "date": "2031-06-12"}]}
    assert not _served("Last week's check (June 10-14) for unit 5?", [calls[0], (calls[1][0], calls[1][1], inside)])[0]


def test_a_filter_the_task_names_by_its_abbreviation_dropped_for_another_value_is_a_substitution() -> None:
    calls: list[Call] = [
        ("staff_search", {"name": "Ann Lee", "site": "POR"}, {"matches": []}),
        ("staff_search", {"name": "Ann Lee"}, {"matches": [{"name": "Anne Lee", "site": "SEA", "desk": "4B"}]}),
    ]
    assert _served("Which desk is Ann Lee at in the Portland site?", calls)[0]


def test_a_period_returned_beside_the_requested_one_is_a_substitution() -> None:
    result = {"requested_period": "2031-06", "period_returned": "2031-05", "amount": 88.1}
    assert _served("June statement?", [("statement", {"period": "2031-06"}, result)])[0]
    same = {"requested_period": "2031-06", "period_returned": "2031-06", "amount": 88.1}
    assert not _served("June statement?", [("statement", {"period": "2031-06"}, same)])[0]


def test_a_text_result_whose_header_says_another_was_served_is_a_substitution() -> None:
    text = "RATES 2031-07 NOT PUBLISHED YET -> served 2031-04\nP-1  list 10.00\n"
    assert _served("Price of P-1 on the July rates?", [("rates", {"part": "P-1"}, text)])[0]


# --- bare month/day dates --------------------------------------------------------------------------------------------

LOANS: Call = ("loans", {}, {"out": [{"car": "L-1", "due": "2031-06-18"}, {"car": "L-2", "due": "2031-06-21"}]})


def _dates(final: str) -> list[str]:
    return [f.claim for f in findings("When are the loaners due?", [LOANS], final)[0] if f.kind == "date"]


def test_a_bare_date_beside_dates_a_source_holds_is_checked() -> None:
    assert _dates("L-1 due 6/18, L-2 due 6/24.")
    assert not _dates("L-1 due 6/18, L-2 due 6/21.")


def test_a_bare_date_after_a_date_word_is_checked() -> None:
    assert _dates("L-2 comes back on 6/24.")


@pytest.mark.parametrize("final", ["Tread is 6/32 in on L-1.", "6/7 of the fleet is in; L-1 and L-2 are out."])
def test_fractions_and_ratios_are_not_dates(final: str) -> None:
    assert not _dates(final)


# --- failed items and short failed records ---------------------------------------------------------------------------


def test_a_short_record_whose_status_failed_and_says_why_is_a_failure() -> None:
    assert _failed({"status": "bounced", "smtp": "550 5.1.1 <a@b.example>: Recipient address rejected"})
    assert not _failed({"status": "bounced", "batch": "B-7", "lines": 9, "owner": "ops", "region": "west"})


BATCH = {
    "results": [
        {"id": "L-1", "status": "updated"},
        {"id": "L-2", "status": "failed", "reason": "LOCKED: under review"},
        {"id": "L-3", "status": "updated"},
    ]
}


def test_an_item_of_a_batch_whose_status_failed_is_a_gap() -> None:
    assert any("L-2" in why for why in _gaps("Update listings L-1 to L-3.", BATCH))


def test_failed_items_are_the_answer_when_the_task_asks_for_failures() -> None:
    assert _gaps("Which listing updates failed?", BATCH) == []


@pytest.mark.parametrize(
    "result",
    [
        {"requested": "2031-03", "found": False, "latest_available": "2031-02", "document": {"id": "M-0220"}},
        "requested=2031-W23 returned=2031-W22 note='W23 not yet computed'\nqueue,nps\nall,+17.0\n",
    ],
)
def test_a_result_that_names_the_asked_and_the_served_period_is_a_substitution(result: Any) -> None:
    assert _served("Minutes for March?", [("minutes", {"period": "2031-03"}, result)])[0]


def test_counts_requested_and_available_are_no_substitution() -> None:
    result = {"requested": 5, "available": 3, "held": ["S-1", "S-2", "S-3"]}
    assert not _served("Hold 5 seats on the 9:10?", [("seats_hold", {"n": 5}, result)])[0]


def test_the_latest_published_month_for_another_asked_month_is_a_substitution() -> None:
    text = "report_month=2031-09 (latest published; 2031-10 due 2031-11-12)\nregion,churn_pct\nNorth,2.69\n"
    assert _served("Churn in the North for October?", [("churn", {"region": "North"}, text)])[0]
    assert not _served("Churn in the North for September?", [("churn", {"region": "North"}, text)])[0]


@pytest.mark.parametrize("text", ["E_ACL 403: ticket 7 is locked by the duty manager", "SMTP 550: mailbox full"])
def test_a_code_and_a_status_that_open_the_text_are_a_failure(text: str) -> None:
    assert _failed(text)


def test_a_record_number_that_opens_the_text_is_not_a_failure() -> None:
    assert not _failed("PO 4512: 3 lines received, 1 back-ordered")


def test_a_record_whose_number_looks_like_a_status_is_not_a_failure() -> None:
    assert not _failed("RO 403: brakes done, ready for pickup")


# --- an open field the answer fills ----------------------------------------------------------------------------------

INCIDENT = (
    'INC-9 | sev=2\n04:12 OPEN pump alarm\n07:00 RESOLVE restored\ncause_code=PUMP fault_cause="pending site survey"'
)


def _gaps_answered(result: Any, final: str) -> list[str]:
    ctx = TraceContext(chat_trace("How long was INC-9 down?", [("incident_get", {"id": "INC-9"}, result)], final))
    return [m.why for m in missing_items(ctx)]


def test_a_pending_field_the_answer_fills_is_a_gap() -> None:
    assert any("fault_cause" in why for why in _gaps_answered(INCIDENT, "Down 2 h 48 min. Fault cause: a cut cable."))


def test_a_pending_field_the_answer_leaves_alone_is_no_gap() -> None:
    assert _gaps_answered(INCIDENT, "Down 2 h 48 min, 04:12 to 07:00.") == []


def test_an_empty_json_field_the_answer_names_is_a_gap() -> None:
    result = {"ro": "7", "cause": "", "correction": None, "tech": "T-2"}
    assert any("correction" in why for why in _gaps_answered(result, "RO 7: correction was a new sway bar link."))


def test_another_part_of_the_same_object_asked_the_same_way_is_no_retry() -> None:
    failed = {"error": {"code": "AUTH_TOKEN_EXPIRED", "status": 401}}
    docs: list[Call] = [
        ("get_order", {"order_id": "O-7"}, failed),
        ("list_order_notes", {"order_id": "O-7"}, [{"note": "N-1"}]),
    ]
    ctx = TraceContext(chat_trace("Was order O-7 approved?", docs, "Done."))
    assert not recovered(ctx, ctx.trace.steps[2])
    same: list[Call] = [docs[0], ("fetch_order", {"order_id": "O-7"}, {"order": "O-7", "status": "approved"})]
    ctx = TraceContext(chat_trace("Was order O-7 approved?", same, "Done."))
    assert recovered(ctx, ctx.trace.steps[2])


RUNS = [
    {"run_id": "PR-2031-08", "pay_date": "2031-08-29", "status": "POSTED"},
    {"run_id": "PR-2031-09", "pay_date": "2031-09-26", "status": "POSTED"},
]


def test_another_months_record_read_from_a_listing_is_a_substitution() -> None:
    calls: list[Call] = [
        ("runs_list", {"entity": "CA"}, RUNS),
        ("run_get", {"run_id": "PR-2031-08"}, {"run_id": "PR-2031-08", "gross": 612480.22}),
    ]
    assert _served("Gross pay on the September 2031 run?", calls)[0]
    right: list[Call] = [calls[0], ("run_get", {"run_id": "PR-2031-09"}, {"run_id": "PR-2031-09", "gross": 6.0})]
    assert not _served("Gross pay on the September 2031 run?", right)[0]


@pytest.mark.parametrize(
    "text",
    [
        "An error occurred (AccessDenied) when calling the ListBuckets operation: not authorized to perform: s3:List",
        "An error occurred (Throttling) when calling the GetMetricData operation: Rate exceeded",
        "[02:10] task 12 start\n[02:11] step 2/4 load_rates ... 0 rows\n[02:11] task 12 FAILED exit=2",
    ],
)
def test_a_cloud_cli_error_and_a_job_that_exited_non_zero_are_failures(text: str) -> None:
    assert _failed(text)


def test_a_test_report_with_failures_and_a_clean_exit_are_not_failures() -> None:
    assert not _failed("tests: 3 failed, 20 passed (exit=0)")


def test_a_parts_status_that_says_it_failed_is_a_gap() -> None:
    pay = {"employee": "E-9", "regular_pay": 1932.0, "bonus_amount": None, "bonus_status": "calc_error"}
    assert any("bonus_status" in why for why in _gaps("What's in E-9's final check?", pay))
    ok = {"employee": "E-9", "regular_pay": 1932.0, "bonus_amount": 210.0, "bonus_status": "paid"}
    assert _gaps("What's in E-9's final check?", ok) == []


def test_a_field_one_level_down_left_empty_in_a_list_is_a_gap() -> None:
    issues = {
        "issues": [
            {"key": f"T-{i}", "fields": {"assignee": {"name": "Lena"} if i != 3 else None, "due": "2031-12-06"}}
            for i in range(1, 6)
        ]
    }
    assert any("fields.assignee" in why for why in _gaps("Are all the action items assigned?", issues))


@pytest.mark.parametrize(
    "result",
    [
        "SCHEMA_CHECK_FAILED",
        "DENIED: shelving critical alarms requires the operator role",
        "SMTP 552 5.3.4 Message size exceeds fixed limit; message not delivered",
        {"code": 401, "message": "Unauthorized: bearer token expired"},
    ],
)
def test_terse_failures_are_failures(result: Any) -> None:
    assert _failed(result)


@pytest.mark.parametrize(
    "result", ["STATUS_OK", "Denied: 3 claims this week were denied by the payer", {"code": 404, "name": "Widget"}]
)
def test_terse_data_is_not_a_failure(result: Any) -> None:
    assert not _failed(result)


def test_a_quarter_asked_and_other_days_served_is_a_substitution() -> None:
    text = "billing_account: B-1\nperiod: 2031-01-01..2031-03-31\ntotal_net_usd: 241,883.06\n"
    assert _served("GCP spend in Q2 2031?", [("billing_summary", {"period": "2031-Q2"}, text)])[0]
    inside = "billing_account: B-1\nperiod: 2031-04-01..2031-06-30\ntotal_net_usd: 241,883.06\n"
    assert not _served("GCP spend in Q2 2031?", [("billing_summary", {"period": "2031-Q2"}, inside)])[0]


def test_a_calendar_of_another_year_is_a_substitution() -> None:
    calls: list[Call] = [("docs_get", {"doc_id": "HOL-2030"}, "Company Holiday Calendar 2030\nNew Year's Day  Jan 1")]
    assert _served("What does the 2031 holiday calendar look like?", calls)[0]
