"""The answer's own working and its highest/lowest figures, checked against the sources.

- ``formaljudge.extract._stated``: "A of B = p%", "a x b = c" and "c (a minus b)" must come to the figure they
  explain; dates, shares beside a count and another figure's working are not read as working.
- ``formaljudge.extract._extremes``: a figure called the highest (lowest) of a column must be its extreme; a
  subset the line names, a period number, and an answer that states the larger value too are left alone.
"""

from __future__ import annotations

from formaljudge.extract._numbers import quantities
from formaljudge.extract._stated import miscomputed, stated_working
from tests.trajectory import Call, findings

BATCHES: list[Call] = [
    (
        "batch_yield",
        {"line": "K2", "week": 31},
        {
            "line": "K2",
            "batches": [{"oven": "east", "ok": 9120, "rejects": 188}, {"oven": "west", "ok": 8805, "rejects": 266}],
        },
    )
]


def _working(text: str, figure: str) -> str | None:
    q = next(x for x in quantities(text) if x.text == figure)
    w = miscomputed(text, q)
    return None if w is None else w.text


def test_a_share_that_its_own_working_does_not_give_is_contradicted() -> None:
    final = "By oven:\n- east: 188 rejects of 9,308 loaves = 2.02%\n- west: 266 rejects of 9,071 loaves = 1.93%\n"
    found, _ = findings("Reject rate by oven?", BATCHES, final)
    bad = [f for f in found if f.status == "contradicted"]
    assert [f.claim.count("1.93%") for f in bad] == [1]
    assert "comes to 2.932%" in bad[0].why


def test_the_right_shares_pass() -> None:
    final = "By oven:\n- east: 188 rejects of 9,308 loaves = 2.02%\n- west: 266 rejects of 9,071 loaves = 2.93%\n"
    found, _ = findings("Reject rate by oven?", BATCHES, final)
    assert [f for f in found if f.status == "contradicted"] == []


def test_working_in_brackets_after_the_figure_is_read_in_words() -> None:
    assert _working("Spare capacity: 412 kWh (total 1,250 minus committed 858)", "412") == "1,250 minus committed 858"
    assert _working("Spare capacity: 392 kWh (total 1,250 minus committed 858)", "392") is None


def test_rounding_to_the_written_precision_and_unit_factors_pass() -> None:
    assert _working("Uptime: 99.3% (1,430 / 1,440)", "99.3%") is None
    assert _working("Fuel use: 10.0 L/100 km (341.9 L / 3,412 km = 10.0 L/100 km)", "10.0") is None
    assert _working("Dose: 2 x 500 mg = 1 g", "1") is None


def test_dates_shares_and_another_figures_working_are_not_read_as_working() -> None:
    assert stated_working("Season so far: 12 games (May 4 - Jun 2)", quantities("12 games")[0]) is None
    q = quantities("Version 4.0 (approved 9/12/2024)")[0]
    assert stated_working("Version 4.0 (approved 9/12/2024)", q) is None
    assert _working("- north: 26,907 (8/8 shards)", "26,907") is None
    text = "$2,386.25 net from 187 sales ($2,418.75 gross minus $32.50 refunds)"
    assert _working(text, "187") is None


LOGGER: list[Call] = [
    (
        "read_probe",
        {"probe": "P-7", "day": "2031-03-02"},
        {
            "probe": "P-7",
            "unit": "C",
            "readings": [
                {"t": "2031-03-02T10:00", "v": 61.2},
                {"t": "2031-03-02T11:00", "v": 66.9},
                {"t": "2031-03-02T12:00", "v": 70.4},
                {"t": "2031-03-02T13:00", "v": 64.8},
            ],
        },
    )
]


def test_a_figure_called_the_highest_that_the_column_tops_is_contradicted() -> None:
    found, _ = findings("Peak on P-7?", LOGGER, "P-7 peaked at 66.9 C around 11:00 and was back to 64.8 C by 13:00.")
    bad = [f for f in found if f.status == "contradicted"]
    assert len(bad) == 1 and "holds 70.4" in bad[0].why


def test_the_true_peak_passes_and_so_does_an_answer_that_states_it() -> None:
    assert [
        f for f in findings("Peak?", LOGGER, "P-7 peaked at 70.4 C at 12:00.")[0] if f.status == "contradicted"
    ] == []
    final = "The reading went from 61.2 to 70.4 C; the highest before noon was 66.9 C."
    assert [f for f in findings("Peak?", LOGGER, final)[0] if f.status == "contradicted"] == []


def test_a_figure_no_column_holds_is_read_against_the_one_column_around_it() -> None:
    found, _ = findings("Peak?", LOGGER, "The maximum reading was 68.0 C.")
    assert any(f.status == "contradicted" and "holds 70.4" in f.why for f in found)


GROUPS: list[Call] = [
    (
        "queue_lag",
        {"cluster": "c1"},
        {
            "partitions": [
                {"queue": "billing", "part": 0, "lag": 12},
                {"queue": "billing", "part": 1, "lag": 30},
                {"queue": "search", "part": 0, "lag": 9004},
                {"queue": "search", "part": 1, "lag": 8120},
            ]
        },
    )
]


def test_a_subset_the_line_names_and_a_period_number_are_left_alone() -> None:
    found, _ = findings(
        "Lag?", GROUPS, "- billing: total lag 42 over 2 partitions, highest 30\n- search: 17,124 in all"
    )
    assert [f for f in found if f.status == "contradicted"] == []
    weekly: list[Call] = [("cases", {}, {"weeks": [{"week": 35, "n": 2}, {"week": 36, "n": 8}, {"week": 37, "n": 3}]})]
    found, _ = findings("Cases?", weekly, "Peak: week 36 with 8 cases.")
    assert [f for f in found if f.status == "contradicted"] == []


TWO_PERIODS: list[Call] = [("counts", {}, {"rows": [{"period": "A", "n": 140}, {"period": "B", "n": 175}]})]


def test_a_change_line_under_two_lines_of_figures_is_checked_either_way_round() -> None:
    ok = "- Period B: 175\n- Period A: 140\n- Change: +25.0%"
    assert [f for f in findings("Change?", TWO_PERIODS, ok)[0] if f.status == "contradicted"] == []
    bad = "- Period B: 175\n- Period A: 140\n- Change: +35.0%"
    assert [f.status for f in findings("Change?", TWO_PERIODS, bad)[0]] == ["contradicted"]
