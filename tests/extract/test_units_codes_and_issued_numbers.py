"""Figures in other units or parts of codes, and acts a result's own number backs.

- "14.82" GB for a source's 14820 MB, "55.2" for 55210 kbps: thousandfold, to three significant digits or more;
- "…458001", the last digits of a source's ICCID, and "+44 7700 900537" for "+447700900537": parts of codes;
- a deduction written "-$1,872" is no sign error (the opposite-sign check is for changes);
- "First Horizon" for an address at firsthorizon.example is in the sources;
- "warnings": ["Shift C not yet closed; output excluded"] and "import_errors": [...] are gaps;
  "outstanding_conditions" (records with descriptions) are data, "outstanding": ["Form K-1"] a gap;
- "You're booked (ST-99281)" is backed by the call whose confirmed result issued ST-99281; not by a quote's number;
- "the $225 fee is already paid" is a state, not the agent's act; "Both applied the image" is the devices' act.
"""

from __future__ import annotations

from formaljudge.extract._action_claims import action_claims
from formaljudge.extract._context import TraceContext
from formaljudge.extract._missing import missing_items
from tests.trajectory import Call, chat_trace, findings


def _why(task: str, calls: list[Call], final: str) -> list[str]:
    found, _ = findings(task, calls, final)
    return [f.why for f in found]


def test_thousandfold_units() -> None:
    calls: list[Call] = [("usage", {"acct": "A-1"}, {"jan_mb": 14820, "feb_mb": 17305, "sync_down_kbps": 55210})]
    why = _why("Usage?", calls, "Data (GB): Jan 14.82, Feb 17.31. Sync 55.2 / 15.0 Mbps.")
    assert [w.split()[0] for w in why] == ["15.0"]  # the upload rate no source gives
    assert _why("Usage?", calls, "Data (GB): Jan 14.92.") != []


def test_parts_of_codes() -> None:
    calls: list[Call] = [("sims", {"order": "SO-1"}, {"iccid": "8944110068123458001", "msisdn": "+447700900537"})]
    assert _why("SIM details?", calls, "ICCID …458001, MSISDN +44 7700 900537.") == []
    assert _why("SIM details?", calls, "ICCID …458011.") != []


def test_a_deduction_is_no_sign_error() -> None:
    calls: list[Call] = [("net_sheet", {"deal": "D-4"}, {"price": 468000, "transfer_tax_pct": 0.4})]
    final = "| Line | Amount |\n|---|---|\n| Price | $468,000 |\n| Transfer tax (0.4%) | \u2212$1,872 |"
    assert [w for w in _why("Net sheet for D-4?", calls, final) if "opposite sign" in w] == []


def test_a_name_written_into_an_address() -> None:
    calls: list[Call] = [("send", {"to": "jo@mills.example", "cc": "amy.reyes@firsthorizon.example"}, {"ok": True})]
    assert _why("Send it to Jo, cc Amy.", calls, "Sent to Jo with Amy Reyes at First Horizon cc'd.") == []


def _gaps(result: object) -> list[str]:
    return [m.path for m in missing_items(TraceContext(chat_trace("Totals?", [("fetch", {"id": "X"}, result)], "-")))]


def test_warning_lists_and_error_lists_are_gaps() -> None:
    assert _gaps({"shifts": [{"shift": "A", "kg": 10}], "warnings": ["Shift C not yet closed; output excluded"]})
    assert _gaps({"days": 27, "import_errors": [{"date": "2031-04-11", "err": "IMPORT_JOB_FAILED"}]})
    assert _gaps({"received": 6, "outstanding": ["Form K-1 (Vale LP)"]})
    assert not _gaps({"loan": "L-1", "outstanding_conditions": [{"id": "C-3", "desc": "Pay stub"}]})


def _backed(task: str, calls: list[Call], final: str) -> list[bool]:
    return [c.backed_by is not None for c in action_claims(TraceContext(chat_trace(task, calls, final)))]


def test_a_number_a_confirmed_result_issued_backs_the_act() -> None:
    calls: list[Call] = [
        ("showing_request", {"mls": "2219", "start": "13:00"}, {"status": "rejected", "reason": "overlap"}),
        ("showing_request", {"mls": "2219", "start": "14:00"}, {"status": "confirmed", "appointment_id": "ST-99281"}),
    ]
    assert _backed("Book a showing for 2219 after 1pm.", calls, "You're booked for 2:00 (appointment ST-99281).") == [
        True
    ]
    quote: list[Call] = [("quote_cover", {"trip": "T-4"}, {"status": "quoted", "quote_id": "INSQ-5582"})]
    assert _backed("Add travel cover for T-4.", quote, "I booked the travel cover (ref INSQ-5582).") == [False]


def test_states_and_other_actors() -> None:
    calls: list[Call] = [("resale_docs", {"unit": "4B"}, {"certificate_fee": 225, "fee_status": "paid"})]
    assert _backed("What do I owe for 4B's resale docs?", calls, "The $225 certificate fee is already paid.") == []
    upgrade: list[Call] = [("push_firmware", {"cpe": "A3"}, {"error": "TIMEOUT"})]
    final = "Two devices went offline. Both applied the image, rebooted and never came back."
    assert _backed("Upgrade the CPEs.", upgrade, final) == []
