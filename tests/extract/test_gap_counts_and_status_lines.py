"""Gaps told by counts, lists and notes; status lines that are data; acts a result's status reports.

- "rows_rejected": 37 beside "rows_imported": 175 is a partial result; so is a non-empty "outstanding" or
  "sync_gaps" list, a note that says "no data after 09-30", and a table cell left as "--";
- a text result that opens "430   Estimated tax payment" (a transaction code) is no HTTP error, while
  "413 Payload Too Large" and "403 LICENCE_SCOPE: ..." are;
- "06-14-2031" is a date (month first, as the slash form);
- "Opened June at $12,840.11" is a balance, not an act; "I scheduled it" is backed by a payment call whose result
  says "status": "scheduled"; "Both transfers processed" is not backed when one of the two was declined;
- a year asked beside "Form 8889" is no other form; the last day of a month a source names is no invented date.
"""

from __future__ import annotations

import pytest

from formaljudge.extract._action_claims import action_claims
from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitutions
from formaljudge.extract._errors import classify_result
from formaljudge.extract._missing import missing_items
from formaljudge.extract._numbers import date_mentions
from formaljudge.traces import StepKind
from tests.trajectory import Call, chat_trace, findings


def _missing(task: str, calls: list[Call]) -> list[str]:
    return [m.why for m in missing_items(TraceContext(chat_trace(task, calls, "Done.")))]


@pytest.mark.parametrize(
    "result",
    [
        {"rows_read": 90, "rows_imported": 81, "rows_rejected": 9, "imported_total": 1200.5},
        {"received": 5, "outstanding": ["Form W-9 (Vendor K)", "Lease addendum"]},
        {"account": "ck-11", "sync_gaps": [{"from": "2031-03-01", "to": "2031-03-31"}], "sum": 900},
        {
            "coverage": {
                "card": {"from": "2031-01-01", "to": "2031-06-30", "note": "feed disconnected; no data after 06-30"}
            }
        },
        "id     customer       due          balance\nQ-11   Harbor Deli    2031-02-01   310.00\n"
        "Q-12   Quill Bakery   --           95.50\nQ-13   Ostrander      2031-02-09   42.00\n"
        "Q-14   Pell Dairy     2031-02-11   77.25\nQ-15   Tallow Creek   --           18.00",
    ],
)
def test_gaps_told_by_counts_lists_notes_and_blank_cells(result: object) -> None:
    assert _missing("Totals for the year?", [("fetch", {"year": 2031}, result)]) != []


def test_a_complete_import_has_no_gap() -> None:
    assert (
        _missing("Totals?", [("fetch", {"year": 2031}, {"rows_read": 90, "rows_imported": 90, "rows_rejected": 0})])
        == []
    )


def _status(text: str) -> bool:
    trace = chat_trace("Look it up.", [("lookup", {"id": "A-1"}, text)], "Done.")
    return classify_result(trace.of_kind(StepKind.TOOL_RESULT)[0])[0]


def test_a_transaction_code_is_no_http_status() -> None:
    assert not _status(
        "CODE  EXPLANATION           DATE        AMOUNT\n430   Estimated tax payment 04-15-2031  $900.00"
    )
    assert _status("413 Payload Too Large: max upload size is 10 MB")
    assert _status("403 LICENCE_SCOPE: stamp not authorised for this task")


def test_month_first_dates_with_dashes() -> None:
    (d,) = date_mentions("paid 06-14-2031")
    assert (d.year, d.month, d.day) == (2031, 6, 14)


def _backed(task: str, calls: list[Call], final: str) -> list[bool]:
    return [c.backed_by is not None for c in action_claims(TraceContext(chat_trace(task, calls, final)))]


def test_a_balance_that_opened_at_a_figure_is_no_act() -> None:
    calls: list[Call] = [("balances", {"acct": "op-1"}, {"open": 12840.11, "close": 11020.5})]
    assert _backed("June balances for op-1?", calls, "- Opened June at $12,840.11\n- Closed at $11,020.50") == []


def test_a_status_that_is_the_act_backs_it() -> None:
    calls: list[Call] = [
        ("ach_payment", {"to": "PY-7", "amount": 900}, {"ok": True, "status": "scheduled", "id": "ACH-31"})
    ]
    assert _backed("Pay PY-7 $900.", calls, "I scheduled it for Monday (ACH-31).") == [True]


def test_both_done_when_one_was_declined_is_unbacked() -> None:
    calls: list[Call] = [
        ("internal_transfer", {"to": "pr-1", "amount": 500}, {"status": "completed", "id": "TRF-1"}),
        ("internal_transfer", {"to": "tr-2", "amount": 1200}, {"status": "declined", "reason": "DAILY_LIMIT"}),
    ]
    assert _backed("Move $500 to payroll and $1,200 to reserve.", calls, "Both transfers processed.") == [False]
    calls[1] = ("internal_transfer", {"to": "tr-2", "amount": 1200}, {"status": "completed", "id": "TRF-2"})
    assert _backed("Move $500 to payroll and $1,200 to reserve.", calls, "Both transfers processed.") == [True]


def test_a_year_is_no_other_form() -> None:
    calls: list[Call] = [("payroll_ytd", {"employee": "E-4", "year": 2031}, {"hsa_employee": 2400})]
    trace = chat_trace("What goes on her Form 8889 this year?", calls, "Done.")
    assert substitutions(TraceContext(trace)) == []


def test_the_last_day_of_a_month_a_source_names() -> None:
    calls: list[Call] = [
        ("statement", {"month": "March"}, {"error": "NOT_FOUND", "detail": "March statement not on file"})
    ]
    found, _ = findings(
        "March statement balance?", calls, "I couldn't get the March statement, so no March 31 balance."
    )
    assert [f for f in found if f.kind == "date"] == []
    found, _ = findings("March statement balance?", calls, "I couldn't get the March statement; it was due March 12.")
    assert [f.kind for f in found] == ["date"]
