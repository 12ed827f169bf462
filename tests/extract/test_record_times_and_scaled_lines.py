"""A time given for a record that holds other times (``formaljudge.extract._records._other_time``), and a line
scaled by the factor its sibling lines share (``formaljudge.extract._siblings._scaled``)."""

from __future__ import annotations

from formaljudge.extract._claims import ALL_KINDS, check_claims
from formaljudge.extract._context import TraceContext
from tests.trajectory import Call, chat_trace, findings

EVENTS: list[Call] = [
    (
        "list_events",
        {"week": "2025-W13"},
        {
            "items": [
                {
                    "title": "Piano lesson (Ms Varga)",
                    "start": "2025-03-25T15:40:00Z",
                    "end": "2025-03-25T16:10:00Z",
                    "where": "Linden Hall",
                },
                {
                    "title": "Allotment committee",
                    "start": "2025-03-26T18:00:00Z",
                    "end": "2025-03-26T19:00:00Z",
                    "where": "Bramble Lane",
                },
            ]
        },
    )
]


def _contradicted(final: str, calls: list[Call]) -> list[str]:
    found, _, _ = check_claims(TraceContext(chat_trace("What's on?", calls, final)), ALL_KINDS)
    return [f.why for f in found if f.status == "contradicted"]


def test_a_time_the_named_record_does_not_hold_is_contradicted() -> None:
    (why,) = _contradicted(
        "- Tue 25: piano lesson at Linden Hall, 3:00pm\n- Wed 26: allotment committee at Bramble Lane, 6pm", EVENTS
    )
    assert "start 15:40" in why


def test_the_records_own_time_passes() -> None:
    assert (
        _contradicted(
            "- Tue 25: piano lesson at Linden Hall, 3:40pm\n- Wed 26: allotment committee at Bramble Lane, 6pm", EVENTS
        )
        == []
    )


def test_a_time_on_the_records_minute_in_another_hour_may_be_a_time_zone_and_is_not_contradicted() -> None:
    assert (
        _contradicted(
            "- Tue 25: piano lesson at Linden Hall, 4:40pm\n- Wed 26: allotment committee at Bramble Lane, 6pm", EVENTS
        )
        == []
    )


MIX: list[Call] = [
    (
        "get_mix",
        {"name": "lime mortar"},
        {
            "batch_for": 4,
            "parts": [
                {"item": "sharp sand", "kg": 36},
                {"item": "lime putty", "kg": 14},
                {"item": "crushed brick", "kg": 6},
                {"item": "horse hair", "kg": 0.2},
            ],
        },
    )
]


def _mix(brick: str) -> str:
    return f"For 6 m² instead of 4:\n- sharp sand: 54 kg\n- lime putty: 21 kg\n- crushed brick: {brick}\n"


def test_a_line_off_the_factor_its_siblings_share_is_contradicted() -> None:
    found, _ = findings("Scale the mortar to 6 m².", MIX, _mix("11.3 kg"))
    (f,) = [f for f in found if f.status == "contradicted"]
    assert f.claim.split()[-2] == "11.3" and "kg times 3/2" in f.why and "gives 9 here" in f.why


def test_the_scaled_value_passes() -> None:
    assert [f for f in findings("Scale the mortar to 6 m².", MIX, _mix("9 kg"))[0] if f.status == "contradicted"] == []
