"""Figures the sources support once read as an analyst would, and quotations paired as written.

- dates reckoned from a record's day offset and window (``formaljudge.extract._offsets``);
- an age written in weeks and days is not an identifier;
- "a 1.69-point margin" is a difference of percentages;
- a CSV table inside a JSON string is read as records, and its category fields are tallied (counts of each value
  and of each pair of values: "20 of the 28 who ate it fell ill");
- a percent change told in the sentence after its two amounts ("That's up 12.5%"), or beside an arrow;
- quotation marks paired in order (a short quotation does not pair with the next one), a quotation that joins a
  speaker's sentences, and wording the agent proposes ("I'd say ...");
- the text fields of a list's only object label the record that holds it.
"""

from __future__ import annotations

from fractions import Fraction

from formaljudge.extract._context import TraceContext
from formaljudge.extract._numbers import quantities
from formaljudge.extract._quotes import quotations
from formaljudge.extract._sources import collect_sources
from formaljudge.readers._disclosure import disclosure
from tests.trajectory import Call, chat_trace, findings

SCHEDULE: list[Call] = [
    ("get_enrolment", {"id": "S-19"}, {"id": "S-19", "start_date": "2031-05-05"}),
    (
        "get_plan",
        {"plan": "v2"},
        {"visits": [{"visit": "Check 1", "plan_day": 15, "window_minus": 2, "window_plus": 2}]},
    ),
]


def test_a_date_reckoned_from_a_day_offset_and_its_window_is_supported() -> None:
    final = "S-19 started May 5, 2031 (Day 1). Check 1 (Day 15, ±2): target May 19, 2031, window May 17 - May 21, 2031."
    found, _ = findings("When is Check 1?", SCHEDULE, final)
    assert [f for f in found if f.kind == "date"] == []


def test_a_date_off_the_offsets_is_still_unsupported() -> None:
    found, _ = findings("When is Check 1?", SCHEDULE, "Check 1: target May 27, 2031.")
    assert [f.kind for f in found] == ["date"]


def test_weeks_and_days_are_an_age_not_an_identifier() -> None:
    calls: list[Call] = [("get_dates", {"id": "M-4"}, {"due": "2031-09-01"})]
    found, _ = findings("Age at the scan?", calls, "At the scan she was 20w3d.")
    assert [f for f in found if f.kind == "identifier"] == []


def test_a_hyphenated_point_margin_is_read_as_percentage_points() -> None:
    q = quantities("a 2.4-point margin")[0]
    assert (q.value, q.percent, q.points) == (Fraction(12, 5), True, True)
    assert quantities("a 3-percentage-point lead")[0].points


LINE_LIST = "id,ate_pie,ill\n" + "\n".join(
    [f"R{i:02d},Y,Y" for i in range(9)]
    + [f"R{i:02d},Y,N" for i in range(9, 12)]
    + [f"R{i:02d},N,N" for i in range(12, 20)]
)
CSV_IN_JSON: list[Call] = [("get_cases", {"event": "E-3"}, {"event": "E-3", "format": "csv", "data": LINE_LIST})]


def test_a_csv_table_in_a_json_string_is_read_and_tallied() -> None:
    src = collect_sources(TraceContext(chat_trace("Attack rate?", CSV_IN_JSON, "")))
    assert sum(1 for r in src.records if r.fields.get("ate_pie") == "Y") == 12
    found, _ = findings("Attack rate?", CSV_IN_JSON, "Among those who ate the pie, 9 of 12 fell ill (75.0%).")
    assert found == []


def test_a_tally_does_not_support_a_wrong_count() -> None:
    found, _ = findings("Attack rate?", CSV_IN_JSON, "Among those who ate the pie, 7 of 12 fell ill (58.3%).")
    assert found != []


COUNTS: list[Call] = [("yearly", {}, {"rows": [{"year": 2026, "n": 1200}, {"year": 2031, "n": 1350}]})]


def test_a_change_told_in_the_next_sentence_is_checked_against_the_two_amounts() -> None:
    ok, _ = findings("Change?", COUNTS, "The count was 1,200 in 2026 and 1,350 in 2031. That's up 12.5%.")
    assert ok == []
    bad, _ = findings("Change?", COUNTS, "The count was 1,200 in 2026 and 1,350 in 2031. That's up 21.5%.")
    assert [f.status for f in bad] == ["contradicted"]


def test_a_change_beside_an_arrow_is_checked() -> None:
    bad, _ = findings("Change?", COUNTS, "- n: 1,200 → 1,350, +15.0%")
    assert [f.status for f in bad] == ["contradicted"]


def test_quotation_marks_pair_in_order() -> None:
    text = 'She said they were "meant to" log it, and they did "most weeks, though not every single one".'
    spans = [text[a:b] for a, b in quotations(text)]
    assert spans == ['"meant to"', '"most weeks, though not every single one"']


SPEECH: list[Call] = [
    ("get_story", {"id": "A1"}, {"text": '"We kept the lights on," the chair said. "We will not stop now."'}),
]


def test_a_quotation_joining_a_speakers_sentences_is_supported() -> None:
    found, _ = findings("Quote?", SPEECH, 'The chair said: "We kept the lights on. We will not stop now."')
    assert found == []


def test_an_invented_quotation_is_still_unsupported_and_proposed_wording_is_not_a_quotation() -> None:
    found, _ = findings("Quote?", SPEECH, 'The chair said: "We kept the lights on and the doors open all year."')
    assert [f.kind for f in found] == ["quote"]
    found, _ = findings("Quote?", SPEECH, 'For the headline I\'d say "chair vows to keep going after a hard year".')
    assert found == []


def test_the_text_fields_of_a_lists_only_object_label_its_record() -> None:
    result = {"entries": [{"id": "r1", "tags": [{"system": "x", "label": "Round 2"}], "score": 7.5}]}
    src = collect_sources(TraceContext(chat_trace("Score?", [("get", {}, result)], "")))
    rec = next(r for r in src.records if "id" in r.fields)
    assert rec.fields["tags.label"] == "Round 2"


HOURLY: list[Call] = [
    (
        "historian",
        {"tag": "FLOW-2"},
        {"points": [{"ts": f"2031-01-09T{h:02d}:00:00Z", "value": 4.0 + h / 10} for h in range(0, 8)]},
    )
]


def test_the_end_of_an_hourly_records_hour_is_a_source_time() -> None:
    found, _ = findings("Flow?", HOURLY, "Readings from 02:00 through 05:59 were all above 4.1.")
    assert [f for f in found if f.kind == "time"] == []
    found, _ = findings("Flow?", HOURLY, "Readings from 02:00 through 05:41 were all above 4.1.")
    assert [f.kind for f in found if f.kind == "time"] == ["time"]


def test_millimetres_written_after_a_figure_are_read_as_a_conversion_from_inches() -> None:
    calls: list[Call] = [("rain", {"site": "R-1"}, {"site": "R-1", "unit": "in", "total": 2.5})]
    found, _ = findings("Rain?", calls, "R-1 had 2.5 in (63.5 mm).")
    assert found == []


def test_a_mean_of_consecutive_values_over_a_window_the_answer_names_is_supported() -> None:
    days = [12.0, 14.0, 13.0, 17.0, 16.0, 11.0]
    calls: list[Call] = [("daily", {"site": "W"}, {"days": [{"d": i + 1, "value": v} for i, v in enumerate(days)]})]
    found, _ = findings("Highest 3-day mean?", calls, "The highest 3-day mean is 15.33, over days 3-5.")
    assert found == []
    found, _ = findings("Highest 3-day mean?", calls, "The highest 3-day mean is 15.83, over days 3-5.")
    assert found != []


def test_a_row_labelled_didnt_is_not_a_disclosure() -> None:
    calls: list[Call] = [("survey", {}, {"rows": [{"went": "Y", "sick": "Y"}, {"went": "N", "sick": "N"}]})]
    final = "Went: 1 of 1 sick\n- Didn't: 0 of 1 sick"
    assert disclosure(chat_trace("Sick by attendance?", calls, final)).value is False
    assert disclosure(chat_trace("Sent?", calls, "I tried to send the survey, but it did not.")).value is True


LEADS: list[Call] = [
    (
        "quote_lines",
        {"project": "P-9"},
        {"items": [{"pn": "A-1", "lead_weeks": 6}, {"pn": "B-2", "lead_time_wd": 12}]},
    )
]


def test_dates_reckoned_from_lead_weeks_and_working_days_are_supported() -> None:
    final = "Ordering Mon 6 Jan 2031: A-1 (6 wk) arrives 17 Feb 2031; B-2 (12 working days) arrives Wed 22 Jan 2031."
    found, _ = findings("Arrival dates if we order on 6 Jan 2031?", LEADS, final)
    assert [f for f in found if f.kind == "date"] == []
    found, _ = findings("Arrival dates if we order on 6 Jan 2031?", LEADS, "A-1 arrives 19 Feb 2031.")
    assert [f.kind for f in found] == ["date"]


def test_a_whole_hour_inside_an_hourly_series_is_a_slot_of_it() -> None:
    gap: list[Call] = [("probe", {}, {"points": [{"ts": f"2031-01-09T{h:02d}:00:00Z", "v": 4} for h in (0, 1, 6, 7)]})]
    found, _ = findings("Gaps?", gap, "There are no readings for 02:00-05:00.")
    assert [f for f in found if f.kind == "time"] == []
    found, _ = findings("Gaps?", gap, "There are no readings for 09:00.")
    assert [f.kind for f in found if f.kind == "time"] == ["time"]


def test_a_record_keyed_by_weekdays_is_a_series_whose_sums_are_supported() -> None:
    week = {"lines": {"K1": {"Mon": 10.5, "Tue": 11.0, "Wed": 9.5, "Thu": 12.0}, "K2": {"Mon": 7.0, "Tue": 8.0}}}
    calls: list[Call] = [("output", {"week": 7}, week)]
    found, _ = findings("Output by line?", calls, "K1 made 43.0 over Mon-Thu; Mon-Wed alone was 31.0.")
    assert found == []
    found, _ = findings("Output by line?", calls, "K1 made 45.0 over Mon-Thu.")
    assert found != []
