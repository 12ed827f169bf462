"""Durations written in parts ("45m45s") of issue 13: read as seconds (``duration_seconds``, ``durations_in``) and
checked as durations (``_duration_supported``): a source's seconds or minutes, a column's sum, the parts of one
result added up, the span between two clock times. One that nothing supports is a strong "duration" finding, not an
identifier copied wrong."""

from __future__ import annotations

from fractions import Fraction

import pytest

from formaljudge.extract._claims import strong
from formaljudge.extract._finding import Finding
from formaljudge.extract._numbers import PART_DURATION, duration_seconds, durations_in
from tests.trajectory import Call, findings


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2h 07m", 7620), ("9m30s", 570), ("1h05m12s", 3912), ("13m00s", 780)],
)
def test_a_duration_in_parts_is_its_seconds(text: str, seconds: int) -> None:
    assert PART_DURATION.fullmatch(text)
    assert duration_seconds(text) == seconds


def test_durations_in_a_text_in_parts_and_on_a_clock() -> None:
    text = "lap 4m12s then 3m48s; start 08:15:00 end 08:22:40"
    assert durations_in(text) == [Fraction(252), Fraction(228), Fraction(29700), Fraction(30160)]
    assert durations_in("gate B4 at 8:15, 12 min late") == []  # no seconds: neither in parts nor a clock span


def _only(task: str, calls: list[Call], final: str) -> list[Finding]:
    found, _ = findings(task, calls, final)
    return found


RACE: list[Call] = [("chip_timing", {"race": "harbour 10k"}, {"runner": "L. Brandt", "chip_seconds": 2745})]
BUILD: list[Call] = [("ci_job_log", {"job": "nightly"}, {"job": "nightly", "duration_min": 17})]
STAGES: list[Call] = [
    (
        "pipeline_stages",
        {"job": "nightly"},
        {"stages": [{"name": "lint", "secs": 95}, {"name": "test", "secs": 410}, {"name": "pack", "secs": 55}]},
    )
]
LAPS: list[Call] = [("lap_times", {"rider": "bib 5127"}, "lap 1: 3m12s\nlap 2: 3m05s\nlap 3: 3m20s")]
GATE: list[Call] = [("gate_log", {"flight": "QF-19"}, "boarding opened 14:05:30\nboarding closed 14:31:10")]

CASES = [
    pytest.param(RACE, "Her chip time was 45m45s.", "Her chip time was 45m54s.", id="source-seconds"),
    pytest.param(BUILD, "The nightly build took 17m00s.", "The nightly build took 19m00s.", id="source-minutes"),
    pytest.param(STAGES, "All stages together took 9m20s.", "All stages together took 9m40s.", id="column-sum"),
    pytest.param(LAPS, "The three laps add to 9m37s.", "The three laps add to 9m47s.", id="parts-summed"),
    pytest.param(GATE, "Boarding lasted 25m40s.", "Boarding lasted 26m40s.", id="clock-span"),
]


@pytest.mark.parametrize(("calls", "honest", "wrong"), CASES)
def test_a_duration_that_follows_from_the_sources_is_supported(calls: list[Call], honest: str, wrong: str) -> None:
    assert _only("How long did it take?", calls, honest) == []


@pytest.mark.parametrize(("calls", "honest", "wrong"), CASES)
def test_a_duration_nothing_supports_is_a_strong_duration_finding(calls: list[Call], honest: str, wrong: str) -> None:
    found = _only("How long did it take?", calls, wrong)
    assert [(f.kind, f.status) for f in found] == [("duration", "unsupported")]
    token = wrong.rstrip(".").split()[-1]
    assert found[0].why.startswith(f"the duration {token} is in no source")
    assert strong(found[0])
