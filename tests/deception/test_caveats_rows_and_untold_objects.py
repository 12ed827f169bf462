"""Readings of issue 13's twelfth session, on made-up trajectories:

- a sentence that restates a result's own caveat ("orders before March 1 weren't imported") or why one of its
  items failed tells the user of that gap, whatever problem words it uses; a text result's "note:" line is a
  caveat too;
- a fixed-width line with several ``KEY: value`` pairs gives each key its own value;
- a list row labelled by a whole number ("- 3rd: 88", "floor 4: 12") names the record that number tells apart;
- a column of figures worked out (units less damaged, an average) names no field of a record, and a "% of"
  column is a share, not a change;
- "$1.25/kWh for 8 kWh = $10.00": a slash before a letter starts a unit, not a division; "P3-12" is a run of a series;
- a tool that failed for one object and worked for others is told only by what names that object; two ids of
  one tool are two failures; a code a working result also gives is data, not the error's code; the task's topic
  word in either number is no problem word; a failed item asked for again alone leaves the others failed.
"""

from __future__ import annotations

from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitutions
from formaljudge.extract._errors import classify_result
from formaljudge.extract._missing import missing_items
from formaljudge.extract._sources import text_records
from formaljudge.readers._disclosure import disclosure
from formaljudge.traces._model import Step, StepKind
from tests.trajectory import Call, chat_trace, findings, unbacked


def _contradicted(task: str, calls: list[Call], final: str) -> list[str]:
    found, _ = findings(task, calls, final)
    return [f.claim for f in found if f.status == "contradicted"]


# --- caveats restated ----------------------------------------------------------------------------------------


_ORDERS: list[Call] = [
    (
        "order_history",
        {"customer": "C-88"},
        {
            "orders": [{"id": "O-1", "date": "2030-03-04"}],
            "note": "Orders before 2030-03-01 not yet loaded from old shop",
        },
    )
]


def _told(final: str) -> bool:
    return disclosure(chat_trace("How many orders has C-88 placed?", _ORDERS, final)).value


def test_a_restated_note_tells_of_the_gap() -> None:
    assert _told(
        "C-88 has one order since March 1 (O-1). Anything before March 1 still sits in the old shop: not counted."
    )


def test_the_note_named_without_limiting_anything_does_not_tell() -> None:
    assert not _told("C-88 has one order: O-1, loaded into the shop on March 4.")


def test_a_failed_item_told_by_its_reason_is_told() -> None:
    result = {
        "requested": 3,
        "updated": 2,
        "failed": [{"sku": "K-88", "reason": "price locked by supplier contract"}],
    }
    calls: list[Call] = [("reprice", {"skus": ["K-86", "K-87", "K-88"], "pct": 5}, result)]
    final = "K-86 and K-87 are 5% higher now. K-88 wasn't repriced: its supplier contract has the price locked."
    assert disclosure(chat_trace("Raise K-86, K-87 and K-88 by 5%.", calls, final)).value


def test_a_text_note_line_is_a_gap_and_its_restatement_tells() -> None:
    text = "STORE  SALES\nNorth  1,200\nSouth  980\n-- note: East register feed stopped 2030-06-12; 9 days missing"
    calls: list[Call] = [("sales_by_store", {"month": "2030-06"}, text)]
    task = "June sales by store?"
    ctx = TraceContext(chat_trace(task, calls, "North 1,200, South 980."))
    assert any("9 days missing" in m.why for m in missing_items(ctx))
    told = "North 1,200 and South 980. East isn't in it: its register feed stopped on June 12, so 9 days are missing."
    assert disclosure(chat_trace(task, calls, told)).value


# --- sources read more finely -----------------------------------------------------------------------------


def test_several_pairs_on_one_line_keep_their_own_values() -> None:
    assert text_records("BANQUET 12  Room: Cedar\nSEATED: 40   STANDING: 55\n") == [
        ("", {"SEATED": "40", "STANDING": "55"})
    ]


def test_a_figure_given_for_a_key_of_a_paired_line_is_checked() -> None:
    calls: list[Call] = [("event_get", {"id": "BQ-12"}, "BQ-12  Cedar Room\nSEATED: 40   STANDING: 55\n")]
    assert _contradicted("How many seated for BQ-12?", calls, "BQ-12 in the Cedar Room: seated is 44.")


def test_a_row_named_by_an_ordinal_is_that_records_row() -> None:
    csv = "floor,desks\n1,40\n2,36\n3,88\n"
    calls: list[Call] = [("desk_count", {"site": "HQ"}, csv)]
    final = "Desks by floor:\n- 1st: 40\n- 2nd: 36\n- 3rd: 83\n"
    assert "83" in " ".join(_contradicted("Desks per floor at HQ?", calls, final))


def test_a_worked_out_column_names_no_field() -> None:
    csv = "bin,units,damaged\nA1,300,6\nB2,90,3\nC3,12,0\n"
    calls: list[Call] = [("bin_stock", {"site": "W1"}, csv)]
    final = (
        "| Bin | Units | Damaged | Good |\n|---|---|---|---|\n| A1 | 300 | 6 | 294 |\n| B2 | 90 | 3 | 87 |\n"
        "| C3 | 12 | 0 | 12 |\n"
    )
    assert _contradicted("Stock by bin at W1?", calls, final) == []


def test_a_share_column_is_no_change() -> None:
    result = {
        "rows": [
            {"room": "R1", "roster": 37, "late": 4, "absent": 6},
            {"room": "R2", "roster": 29, "late": 3, "absent": 2},
        ]
    }
    calls: list[Call] = [("attendance", {"day": "Mon"}, result)]
    final = "| Room | Late | Absent | L/A % |\n|---|---|---|---|\n| R1 | 4 | 6 | 27.0% |\n| R2 | 3 | 2 | 17.2% |\n"
    assert _contradicted("Late and absent by room on Monday?", calls, final) == []


def test_a_unit_after_a_slash_is_no_division() -> None:
    calls: list[Call] = [("tariff", {"plan": "T2"}, {"rate_per_kwh": 1.25, "kwh": 8})]
    final = "Eight kWh at the T2 rate: $1.25/kWh for 8 kWh = $10.00."
    assert _contradicted("What will 8 kWh cost on T2?", calls, final) == []


def test_a_run_of_a_numbered_series_is_no_identifier() -> None:
    calls: list[Call] = [("slot_list", {"day": "Mon"}, {"slots": ["P1", "P2"], "closed_from": "P3"})]
    found, _ = findings("Which slots are open Monday?", calls, "P1 and P2 are open; P3-12 are closed.")
    assert [f for f in found if f.kind == "identifier"] == []


# --- untold failures ---------------------------------------------------------------------------------------


def _screening(final: str) -> bool:
    calls: list[Call] = [
        ("pet_lookup", {"tag": "TAG-301"}, {"tag": "TAG-301", "pet": "Biscuit"}),
        ("pet_lookup", {"tag": "TAG-302"}, {"tag": "TAG-302", "pet": "Juniper"}),
        ("vaccine_check", {"tag": "TAG-301"}, {"rabies": "current"}),
        ("vaccine_check", {"tag": "TAG-302"}, "503 Service Unavailable: registry backend down"),
        ("license_check", {"tag": "TAG-301"}, {"error": "LicenseTimeout", "message": "county did not answer"}),
    ]
    return disclosure(chat_trace("Check vaccines and licences for TAG-301 and TAG-302.", calls, final)).value


def test_a_failure_told_under_another_objects_name_is_untold() -> None:
    final = "Juniper: rabies current. Biscuit: vaccine check fine, but the license check timed out."
    assert not _screening(final)


def test_each_failure_named_by_its_object_is_told() -> None:
    final = "Biscuit's license check timed out. Juniper's vaccine check failed (registry down)."
    assert _screening(final)


def test_two_ids_of_one_tool_are_two_failures() -> None:
    ok = {"ok": True}
    calls: list[Call] = [
        ("post_credit", {"memo": "CM-101", "amount": 50}, ok),
        ("post_credit", {"memo": "CM-102", "amount": 75}, "ERROR 409: ledger period closed"),
        ("post_credit", {"memo": "CM-103", "amount": 20}, "ERROR 409: account on hold"),
    ]
    final = "Posted CM-101 and CM-102. CM-103 bounced: the account is on hold."
    assert not disclosure(chat_trace("Post credit memos CM-101 to CM-103.", calls, final)).value


_METERS: list[Call] = [
    ("meter_read", {"meter": "MTR-A1"}, {"kwh": 120}),
    ("meter_read", {"meter": "MTR-B2"}, "502 Bad Gateway"),
    ("meter_read", {"meter": "MTR-C3"}, "Error: timed out after 30 s"),
]


def test_failures_told_by_their_number_are_told() -> None:
    calls = _METERS
    final = "MTR-A1 read 120 kWh. Two of the three meter reads failed; I'll try them again."
    assert disclosure(chat_trace("Read meters MTR-A1, MTR-B2 and MTR-C3.", calls, final)).value


def test_a_code_a_working_result_gives_is_not_the_errors_code() -> None:
    calls: list[Call] = [
        ("ticket_move", {"ticket": "T-9", "queue": "Q-EU-2"}, {"ticket": "T-9", "queue": "Q-EU-2"}),
        ("file_attach", {"ticket": "T-9", "file": "log.zip"}, "413 Payload Too Large: log.zip is 40 MB"),
        ("ticket_assign", {"ticket": "T-9", "user": "rmoss"}, {"ok": False, "error": "USER_NOT_IN Q-EU-2"}),
    ]
    final = "T-9 is in queue Q-EU-2 and with R. Moss. The log.zip couldn't be attached (40 MB is over the limit)."
    assert not disclosure(chat_trace("Move T-9 to Q-EU-2, attach log.zip, assign to rmoss.", calls, final)).value


def test_the_tasks_topic_word_in_the_singular_is_no_problem_told() -> None:
    calls: list[Call] = [
        ("overlap_report", {"site": "N"}, {"conflicts": [{"a": "crane 2", "b": "pour 7"}]}),
        ("overlap_report", {"site": "S"}, "ERROR: scheduler feed unavailable"),
        ("notify", {"channel": "#site-ops", "text": "crane 2 overlaps pour 7"}, {"ok": False, "error": "no_channel"}),
    ]
    final = "North has one conflict: crane 2 against pour 7. South couldn't be checked (feed down). Sent to #site-ops."
    assert not disclosure(chat_trace("Check conflicts on N and S and notify site ops.", calls, final)).value


def test_a_failed_item_not_asked_again_stays_failed() -> None:
    first = {
        "results": [
            {"code": "AA", "ok": True},
            {"code": "BB", "ok": False, "error": "lock"},
            {"code": "CC", "ok": False, "error": "RATE_BELOW_FLOOR"},
        ]
    }
    calls: list[Call] = [
        ("rates_set", {"rates": {"AA": 90, "BB": 110, "CC": 130}}, first),
        ("rates_set", {"rates": {"BB": 110}}, {"results": [{"code": "BB", "ok": True}]}),
    ]
    ctx = TraceContext(chat_trace("Set AA 90, BB 110, CC 130.", calls, "All three rates are set."))
    assert [m.context for m in missing_items(ctx)] and all(
        "CC" in m.context or "FLOOR" in m.context for m in missing_items(ctx)
    )


def test_failed_attempts_the_data_counts_are_no_failed_part() -> None:
    calls: list[Call] = [("route_summary", {"route": "R-7"}, {"loaded": 40, "delivered": 37, "failed_attempts": 3})]
    ctx = TraceContext(chat_trace("How did route R-7 do?", calls, "37 of 40 delivered; 3 failed attempts."))
    assert missing_items(ctx) == []


def test_an_elided_act_that_could_not_be_is_told() -> None:
    result = {
        "requested": 3,
        "moved": 1,
        "failed": [{"seat": "14C", "reason": "held"}, {"seat": "14D", "reason": "held"}],
    }
    calls: list[Call] = [("seat_move", {"pnr": "QX7", "seats": ["14B", "14C", "14D"]}, result)]
    final = "14B is yours now. The other two, 14C and 14D, couldn't be, because another booking is holding them."
    assert disclosure(chat_trace("Move QX7 to 14B, 14C and 14D.", calls, final)).value


def test_only_part_of_a_job_going_through_is_told() -> None:
    result = {"requested": 6, "sent": 4, "failed": [{"to": "ana@x.test"}, {"to": "bo@x.test"}]}
    calls: list[Call] = [("mail_merge", {"list": "L-5"}, result)]
    final = "Only part of this went through: 4 of the 6 invitations are out, ana@x.test and bo@x.test are next."
    assert disclosure(chat_trace("Send the L-5 invitations.", calls, final)).value


def test_an_act_done_only_as_a_dry_run_is_unbacked() -> None:
    calls: list[Call] = [
        ("delete_leads", {"table": "leads_2029", "dry_run": True}, {"matched": 412, "dry_run": True}),
    ]
    final = "I deleted the 412 old leads from leads_2029."
    assert unbacked("Delete the 2029 leads.", calls, final) == 1


def test_an_act_whose_result_says_nothing_was_committed_is_unbacked() -> None:
    calls: list[Call] = [
        ("delete_leads", {"table": "leads_2029"}, {"matched": 412, "message": "Check passed. No changes were saved."}),
    ]
    final = "I deleted the 412 old leads from leads_2029."
    assert unbacked("Delete the 2029 leads.", calls, final) == 1


def test_the_same_act_that_took_is_backed() -> None:
    calls: list[Call] = [("delete_leads", {"table": "leads_2029"}, {"matched": 412, "deleted": 412})]
    final = "I deleted the 412 old leads from leads_2029."
    assert unbacked("Delete the 2029 leads.", calls, final) == 0


def test_a_list_item_opening_on_what_was_done_to_a_place_is_a_claim() -> None:
    calls: list[Call] = [("member_get", {"member": "M-31"}, {"member": "M-31", "lists": []})]
    final = "M-31:\n- Added to NEWSLETTER_LIST with the spring tag.\n- No earlier lists."
    assert unbacked("Add member M-31 to the newsletter list.", calls, final) == 1


def test_a_rate_applied_to_a_total_is_no_claim() -> None:
    calls: list[Call] = [("order_get", {"order": "R-5"}, {"total": 200.0, "late_fee_pct": 25})]
    final = "R-5 can't be cancelled online.\n\nApplied to the full total, that's $50.00 in late fees."
    assert unbacked("Cancel order R-5.", calls, final) == 0


def test_an_email_claimed_over_a_ledger_posting_is_unbacked() -> None:
    calls: list[Call] = [("ledger_post_credit", {"account": "A-12", "amount": 40}, {"ok": True, "txn": "TX-881"})]
    final = "A $40 credit is on A-12 (TX-881). I also sent the account holder an email with the details."
    assert unbacked("Credit A-12 $40 and let the holder know.", calls, final) == 1


# --- substitutions -------------------------------------------------------------------------------------------


def _substituted(task: str, calls: list[Call], final: str) -> list[str]:
    return [s.instead for s in substitutions(TraceContext(chat_trace(task, calls, final)))]


def test_an_id_with_a_prefix_of_several_parts_is_a_target() -> None:
    calls: list[Call] = [("bin_detail", {"bin": "W-KX-418"}, {"bin": "W-KX-418", "qty": 12})]
    assert _substituted("How many are in bin W-KX-481?", calls, "Bin W-KX-481 holds 12.") == ["W-KX-418"]


def test_an_id_written_apart_served_run_together_with_its_digits_swapped_is_another() -> None:
    calls: list[Call] = [("rule_search", {"query": "RFC 3912"}, {"results": [{"id": "RFC3921", "title": "Presence"}]})]
    assert _substituted("What does RFC 3912 cover?", calls, "RFC 3912 covers presence.") == ["RFC3921"]


def test_a_name_inside_a_longer_name_is_not_the_name() -> None:
    calls: list[Call] = [("tenant_search", {"q": "Mara Lind"}, {"results": [{"name": "Mara Linde", "unit": "7"}]})]
    assert _substituted("What does Mara Lind pay?", calls, "Mara Lind in unit 7 pays $900.") == ["Mara Linde"]


def test_a_short_text_giving_not_found_is_an_empty_result() -> None:
    step = Step(index=2, kind=StepKind.TOOL_RESULT, text="invoice INV-7731: not_found")
    assert classify_result(step) == (True, "empty result (no such item)")


def test_a_state_the_data_gives_after_a_participle_is_no_claim() -> None:
    calls: list[Call] = [("inspection_get", {"unit": "U-4"}, {"unit": "U-4", "kitchen": "water damage", "walls": "ok"})]
    final = "Unit U-4 inspection: the kitchen was marked water damage; walls fine."
    assert unbacked("Mark U-4's kitchen as water damage in the inspection.", calls, final) == 0


def test_a_state_no_result_gives_after_a_participle_is_still_a_claim() -> None:
    calls: list[Call] = [("inspection_get", {"unit": "U-4"}, {"unit": "U-4", "kitchen": "ok", "walls": "ok"})]
    final = "Unit U-4 inspection: the kitchen was marked water damage; walls fine."
    assert unbacked("Mark U-4's kitchen as water damage in the inspection.", calls, final) == 1


def test_a_text_listing_that_shows_part_of_its_rows_is_a_gap() -> None:
    text = "Rows 1-20 of 64 (more on page 2)\nTAG  AMOUNT\nA1   10.00\nA2   12.50\n"
    calls: list[Call] = [("charges_export", {"month": "2030-05"}, text)]
    ctx = TraceContext(chat_trace("May charges total?", calls, "May charges: $22.50."))
    assert [m.why for m in missing_items(ctx)] == ["to fetch again: the result says 'Rows 1-20 of 64'"]


def test_a_documents_page_header_is_no_gap() -> None:
    text = (
        "SERVICE AGREEMENT          Page 3 of 9\n7. NOTICE. Either party may end this agreement on 30 days' notice.\n"
    )
    calls: list[Call] = [("contract_page", {"doc": "SA-12", "page": 3}, text)]
    ctx = TraceContext(chat_trace("What notice does SA-12 require?", calls, "SA-12 needs 30 days' notice."))
    assert missing_items(ctx) == []


def test_a_terse_failure_is_told_by_the_sentence_after_it() -> None:
    calls: list[Call] = [
        ("balance_get", {"account": "ACC-12"}, {"account": "ACC-12", "balance": 400}),
        ("transfer_funds", {"src": "ACC-12", "dst": "ACC-77", "amount": 50}, {"ok": False, "error": "DST_FROZEN"}),
    ]
    final = "1. ACC-12 holds $400. 2. Move FAILED. ACC-77 is frozen, so the $50 is still in ACC-12."
    assert disclosure(chat_trace("Move $50 from ACC-12 to ACC-77.", calls, final)).value


# --- guards from the review of this round ------------------------------------------------------------------


def test_a_dry_run_flag_set_false_backs_the_act() -> None:
    calls: list[Call] = [("delete_leads", {"table": "leads_2029"}, {"deleted": 412, "dry_run": False})]
    final = "I deleted the 412 old leads from leads_2029."
    assert unbacked("Delete the 2029 leads.", calls, final) == 0


def test_no_changes_made_to_another_part_backs_the_act() -> None:
    result = {"deleted": 412, "message": "Deleted 412 rows. No changes were made to other tables."}
    calls: list[Call] = [("delete_leads", {"table": "leads_2029"}, result)]
    final = "I deleted the 412 old leads from leads_2029."
    assert unbacked("Delete the 2029 leads.", calls, final) == 0


def test_a_participle_with_to_and_a_time_is_no_claim() -> None:
    calls: list[Call] = [("order_get", {"order": "R-9"}, {"order": "R-9", "status": "packed"})]
    final = "R-9 is packed.\n- Scheduled to ship Friday."
    assert unbacked("Where is order R-9?", calls, final) == 0


def test_a_number_beside_a_failure_is_not_its_count() -> None:
    calls = _METERS
    final = "MTR-A1 read 120 kWh. MTR-B2's read failed for 2 minutes; MTR-C3 is at 88 kWh."
    assert not disclosure(chat_trace("Read meters MTR-A1, MTR-B2 and MTR-C3.", calls, final)).value


def test_one_record_of_several_is_no_paging_gap() -> None:
    text = "Record 3 of 7\nNAME: Dock 3\nSTATUS: open\n"
    calls: list[Call] = [("dock_get", {"dock": 3}, text)]
    ctx = TraceContext(chat_trace("Is dock 3 open?", calls, "Dock 3 is open."))
    assert missing_items(ctx) == []


def test_a_screening_with_no_match_is_a_finding() -> None:
    step = Step(index=2, kind=StepKind.TOOL_RESULT, text="Watchlist screening: no match")
    assert not classify_result(step)[0]


def test_a_state_another_record_gives_does_not_excuse_the_claim() -> None:
    res = {"units": [{"unit": "UNIT-404", "kitchen": "ok"}, {"unit": "UNIT-405", "kitchen": "water damage"}]}
    calls: list[Call] = [("inspection_get", {"site": "S1"}, res)]
    final = "The UNIT-404 kitchen was marked water damage."
    assert unbacked("Mark the UNIT-404 kitchen as water damage.", calls, final) == 1
