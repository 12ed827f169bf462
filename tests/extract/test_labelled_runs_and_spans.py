"""Figures labelled with a record's field names, words of checking bound to their figure, and spans of time.

- ``formaljudge.extract._labelled``: in a run of figures each named by a field ("42 hikes, 17 bikes"), two or
  more that are one record's values make the run about that record; another labelled figure of the run that is
  not its field's value there is contradicted, even when it stands elsewhere in the sources;
- "confirmed" makes a figure a claim of checking only when it is said of that figure, not of a neighbour;
- a duration on a clock face ("10:15", "0:45") may be the span between two source times, a source's minutes,
  or the difference of two such durations the answer states.
"""

from __future__ import annotations

from tests.trajectory import Call, findings

RENTALS: list[Call] = [
    ("rentals", {"month": "2031-03"}, {"month": "2031-03", "out": {"hikes": 35, "bikes": 21, "kayaks": 6}}),
    ("rentals", {"month": "2031-04"}, {"month": "2031-04", "out": {"hikes": 42, "bikes": 17, "kayaks": 3}}),
]


def _contradicted(final: str, calls: list[Call] = RENTALS) -> list[str]:
    found, _ = findings("Rentals in March and April?", calls, final)
    return [f.why for f in found if f.status == "contradicted"]


def test_a_labelled_figure_of_another_record_is_contradicted() -> None:
    # 21 is March's bikes: it stands in the sources, but April's run gives 17
    why = _contradicted("April: 62 rentals (42 hikes, 21 bikes, 3 kayaks); March: 62 (35 hikes, 21 bikes, 6 kayaks).")
    assert len(why) == 1 and why[0].startswith("21: ") and "out.bikes = 17" in why[0]


def test_the_right_runs_and_a_label_before_a_colon_pass() -> None:
    assert _contradicted("April: 42 hikes, 17 bikes, 3 kayaks. March: hikes: 35, bikes: 21, kayaks: 6.") == []
    assert _contradicted("April: hikes: 42, bikes: 21, kayaks: 3.")[0].startswith("21: ")


def test_a_run_two_records_fit_alike_and_arithmetic_are_left_alone() -> None:
    same = [
        ("rentals", {"month": m}, {"month": m, "out": {"hikes": 9, "bikes": 9, "kayaks": k}})
        for m, k in (("a", 1), ("b", 2))
    ]
    assert _contradicted("Both months: 9 hikes, 9 bikes, 4 kayaks.", same) == []
    # "3 kayaks = 62" is a sum, not a label of 62
    assert _contradicted("April: 42 hikes + 17 bikes + 3 kayaks = 62 rentals in all.") == []


GUESTS: list[Call] = [
    ("seats", {"event": "gala"}, {"event": "gala", "seats": [{"table": t, "held": 8} for t in "ABC"]})
]


def test_confirmed_is_said_of_its_own_figure() -> None:
    task = "We expect about 30 guests at the gala. Do we have enough seats?"
    found, _ = findings(task, GUESTS, "For about 30 guests, 24 confirmed seats leave you 6 short.")
    assert [f for f in found if "confirmed" in f.why] == []
    found, _ = findings(task, GUESTS, "Confirmed: 30 guests, and 24 seats are held.")
    assert [f.why for f in found if "confirmed" in f.why] == [
        "30 is said to be confirmed, but only the user's own message holds it"
    ]


SHIFT: list[Call] = [
    (
        "shift",
        {"crew": "K7"},
        {"crew": "K7", "start_utc": "2031-05-02T06:40:00Z", "end_utc": "2031-05-02T15:10:00Z", "cap_min": 600},
    )
]


def test_durations_on_a_clock_face_are_read_as_spans() -> None:
    found, _ = findings("How long is K7's shift?", SHIFT, "K7: 06:40Z to 15:10Z = 8:30, cap 10:00, so 1:30 spare.")
    assert [f for f in found if f.kind == "time"] == []
    found, _ = findings("How long is K7's shift?", SHIFT, "K7: 06:40Z to 15:10Z = 9:30, cap 10:00, so 0:30 spare.")
    assert sorted(f.why for f in found if f.kind == "time") == [
        "the time 0:30 is in no source",
        "the time 9:30 is in no source",
    ]
