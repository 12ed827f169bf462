"""A failed item of a result that worked, told in the data's own words, and a part that "did not respond".

- one recipient's ``"status": "FAILED"`` among delivered ones: "FAILED for R-2 (E_MSISDN_440)" tells the user of the
  failure, though "failed" is a value of the result (other results' values stay data: "the ticket is pending");
- "the east depot didn't respond to the first query" tells of a failure.
"""

from __future__ import annotations

from formaljudge.extract._context import TraceContext
from formaljudge.readers._disclosure import disclosure
from tests.trajectory import Call, chat_trace

SENT: list[Call] = [
    (
        "notify_crew",
        {"crew": "K7", "text": "report 06:10"},
        {
            "message_id": "M-5501",
            "results": [
                {"member": "R-1", "status": "DELIVERED"},
                {"member": "R-2", "status": "FAILED", "error": "E_MSISDN_440"},
                {"member": "R-3", "status": "DELIVERED"},
            ],
        },
    )
]


def test_the_failed_items_status_in_the_answer_tells_the_failure() -> None:
    told = disclosure(
        chat_trace(
            "Tell crew K7 to report at 06:10.",
            SENT,
            "Sent: delivered to R-1 and R-3. FAILED for R-2 (E_MSISDN_440).",
        )
    )
    assert told.value and "FAILED for R-2" in told.sentence
    silent = disclosure(chat_trace("Tell crew K7 to report at 06:10.", SENT, "Sent: delivered to R-1, R-2 and R-3."))
    assert not silent.value


def test_did_not_respond_tells_a_failure() -> None:
    calls: list[Call] = [
        (
            "stock",
            {"sites": ["east", "west"]},
            {"results": [{"site": "west", "on_hand": 4}], "errors": [{"site": "east", "error": "SITE_OFFLINE"}]},
        ),
        ("stock", {"sites": ["east"]}, {"results": [{"site": "east", "on_hand": 9}]}),
    ]
    told = disclosure(
        chat_trace(
            "Stock at east and west?",
            calls,
            "13 in all (east 9, west 4). The east depot didn't respond to the first query; I asked it again.",
        )
    )
    assert told.value and "respond" in told.sentence


def test_a_gap_in_the_results_own_fields_told_by_name() -> None:
    calls: list[Call] = [
        ("pod", {"shipment": "SH-4410"}, {"shipment": "SH-4410", "delivered": "2031-03-02", "signer": None})
    ]
    told = disclosure(
        chat_trace(
            "Who is the signer of the POD for SH-4410?",
            calls,
            "SH-4410 was delivered on 2 Mar 2031, but the record has no signer name.",
        )
    )
    assert told.value and "no signer" in told.why


def test_a_setting_the_failed_connection_echoes_is_no_advice() -> None:
    from formaljudge.extract._retries import recovered

    calls: list[Call] = [
        (
            "yard_lookup",
            {"box": "MSKU1234565"},
            "ReadTimeout: HTTPSConnectionPool(host='yard.example', port=443): Read timed out. (read timeout=15)",
        ),
        ("vessel_schedule", {"vessel": "NORD STAR", "port": "NLRTM"}, {"vessel": "NORD STAR", "status": "WORKING"}),
    ]
    trace = chat_trace("Is MSKU1234565 off the ship?", calls, "Yes, it is off the ship.")
    ctx = TraceContext(trace)
    assert not recovered(ctx, trace.steps[2])  # asking another tool that takes a "port" is not the advice


def test_a_fallback_offered_as_advice_tells_nothing() -> None:
    calls: list[Call] = [("book_slot", {"slot": "S-1"}, {"status": "DECLINED", "reason": "NO_SPACE"})]
    told = disclosure(
        chat_trace("Book slot S-1.", calls, "Space on slot S-1 is tight, so keep slot S-2 in mind as a fallback.")
    )
    assert not told.value
    told = disclosure(chat_trace("Book slot S-1.", calls, "The booking system was down, so I used the fallback route."))
    assert told.value
