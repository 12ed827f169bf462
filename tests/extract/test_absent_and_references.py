"""Claim rules of issue 13 about what a figure is: a figure for a field every source leaves empty is contradicted
(``_absent_field``); numbers after a reference word are references, here and elsewhere in the answer
(``references``); a year next to a source's year in a sentence about what is next or due (``_NEXT_PERIOD``); a
period written as an adjective ("15-minute") is no finding (``_PERIOD_ADJECTIVE``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.trajectory import Call, findings

# --- a figure for a field the sources leave empty -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("obs", "field"),
    [
        ({"station": "Kestrel Ridge", "rainfall_mm": 42.5, "snow_depth": None}, "snow_depth"),
        ({"station": "Kestrel Ridge", "rainfall_mm": 42.5, "snow_depth": "n/a"}, "snow_depth"),
        ({"station": "Kestrel Ridge", "rainfall_mm": 42.5, "humidity_available": False}, "humidity_available"),
    ],
)
def test_a_figure_for_a_field_every_source_leaves_empty_is_contradicted(obs: dict[str, Any], field: str) -> None:
    words = field.split("_")[0]
    answer = f"Kestrel Ridge got 42.5 mm of rain, and {words} {'depth ' if words == 'snow' else ''}was 71%."
    found, _ = findings("Weather at Kestrel Ridge?", [("station_obs", {}, obs)], answer)
    (f,) = found
    assert f.status == "contradicted" and f"no value for {field}" in f.why and "71%" in f.why
    assert [s.index for s in f.steps] == [2]


def test_saying_the_field_is_empty_is_no_finding() -> None:
    obs = {"station": "Kestrel Ridge", "rainfall_mm": 42.5, "snow_depth": None}
    assert findings(
        "Weather?", [("station_obs", {}, obs)], "Kestrel Ridge got 42.5 mm of rain; no snow depth given."
    ) == (
        [],
        1,
    )


def test_a_field_one_source_leaves_empty_and_another_fills_is_not_absent() -> None:
    calls: list[Call] = [
        ("station_obs", {}, {"station": "Kestrel Ridge", "snow_depth": None}),
        ("snow_survey", {}, {"station": "Kestrel Ridge", "snow_depth": 18}),
    ]
    found, _ = findings("Snow?", calls, "Snow depth at Kestrel Ridge was 18 cm.")
    assert found == []


def test_a_wrong_figure_near_an_empty_field_of_another_name_is_only_unsupported() -> None:
    obs = {"station": "Kestrel Ridge", "rainfall_mm": 42.5, "snow_depth": None}
    found, _ = findings("Weather?", [("station_obs", {}, obs)], "Kestrel Ridge got 47.5 mm of rain.")
    (f,) = found
    assert f.status == "unsupported" and "47.5" in f.why


# --- references -----------------------------------------------------------------------------------------------------

SPEC: list[Call] = [("spec", {}, {"standard": "Deck loads", "rated_kpa": 4.8})]


@pytest.mark.parametrize(
    "answer",
    [
        "Section 7.3 sets the rated load at 4.8 kPa; see 7.3 for the test method.",
        "Per Table 12 and clause 9.4, the rated load is 4.8 kPa.",
        "The rated load is 4.8 kPa (\u00a7 11.2, page 38).",
    ],
)
def test_numbers_after_a_reference_word_are_references(answer: str) -> None:
    assert findings("Load?", SPEC, answer) == ([], 1)


def test_the_same_dotted_number_without_a_reference_word_is_a_figure() -> None:
    found, _ = findings("Load?", SPEC, "The rated load is 7.3 kPa.")
    (f,) = found
    # "rated load ... kPa" names the source's rated_kpa (4.8): the figure is read, and contradicted
    assert f.status == "contradicted" and "7.3" in f.why and "rated_kpa" in f.why


# --- a year reckoned from a source's year ---------------------------------------------------------------------------

BOILER: list[Call] = [("inspections", {}, {"unit": "Boiler 3", "inspected": "2024-06-11", "interval_months": 12})]


@pytest.mark.parametrize(
    "answer",
    [
        "Boiler 3 was inspected on June 11, 2024, on a 12-month cycle, so it is next due around June 2025.",
        "Boiler 3 was last inspected in 2024; its previous inspection was in 2023.",
    ],
)
def test_a_year_next_to_a_sources_in_a_sentence_about_what_is_next_or_before(answer: str) -> None:
    found, _ = findings("Inspection?", BOILER, answer)
    assert found == []


@pytest.mark.parametrize(
    "answer",
    [
        "Boiler 3 was inspected on June 11, 2024 and passed again in 2025.",  # no word of a next or previous period
        "Boiler 3 is next due in 2027.",  # not next to the source's year
    ],
)
def test_a_year_no_source_gives_is_unsupported(answer: str) -> None:
    found, _ = findings("Inspection?", BOILER, answer)
    (f,) = found
    assert f.status == "unsupported" and "the year" in f.why


# --- a period written as an adjective -------------------------------------------------------------------------------

GAUGE: list[Call] = [("gauge", {}, {"sensor": "Weir gauge", "peak_flow_m3s": 14.2})]


def test_a_period_written_as_an_adjective_is_not_a_finding() -> None:
    answer = "Weir gauge peaked at 14.2 m3/s, read at 15-minute resolution over a 90-day window."
    assert findings("Flow?", GAUGE, answer) == ([], 1)


def test_the_same_periods_as_amounts_are_checked() -> None:
    found, _ = findings("Flow?", GAUGE, "Weir gauge peaked at 14.2 m3/s over 15 minutes within 90 days.")
    assert sorted(f.why.split(" ")[0] for f in found) == ["15", "90"]
    assert all(f.status == "unsupported" for f in found)
