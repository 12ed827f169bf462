"""Substitutions of issue 13 (``formaljudge.extract._documents``): a listing's record read while the task's words
pick out another never read (``_listed_other``), and a near-miss served under the asked field for the agent's own
lettered codes and for a nested record's own id (``_returned_other``)."""

from __future__ import annotations

from typing import Any

import pytest

from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitution_fact
from tests.trajectory import Call, chat_trace


def _substituted(task: str, calls: list[Call]) -> tuple[bool, str]:
    found, _, why = substitution_fact(TraceContext(chat_trace(task, calls, "Done.")))
    return found, why


VALVES = {
    "valves": [
        {"valve_id": "v-101", "name": "North bay irrigation valve", "flow_lpm": 81},
        {"valve_id": "v-102", "name": "South bay irrigation valve", "flow_lpm": 22},
        {"valve_id": "v-103", "name": "Seedling heat mat", "flow_lpm": 0},
    ]
}
TASK = "What is the flow rate of the south bay irrigation valve?"


def _read(valve_id: str, flow: int) -> list[Call]:
    return [
        ("list_valves", {"greenhouse": "G-9"}, VALVES),
        ("valve_status", {"valve_id": valve_id}, {"valve_id": valve_id, "flow_lpm": flow}),
    ]


def test_a_listed_record_read_while_the_task_names_another_is_a_substitution() -> None:
    # "bay", "irrigation" and "valve" are shared by the two valves: only "south" tells them apart
    assert _substituted(TASK, _read("v-101", 81)) == (
        True,
        "'south' was not obtained; 'North bay irrigation valve' was read",
    )


def test_reading_the_listed_record_the_task_names_is_no_substitution() -> None:
    assert _substituted(TASK, _read("v-102", 22)) == (False, "")


@pytest.mark.parametrize(
    ("asked", "result", "why"),
    [
        pytest.param(
            {"depot": "EG-27"},
            {"items": [{"depot": "EG-72", "pallets": 14}]},
            "'EG-27' was not obtained; 'EG-72' was read",
            id="lettered-code",
        ),
        pytest.param(
            {"clinic": "CL-318"},
            {"clinic": {"id": "CL-381", "name": "Pellory"}, "hours": "8-5"},
            "'CL-318' was not obtained; 'CL-381' was read",
            id="nested-own-id",
        ),
        pytest.param(
            {"clinic_code": "RV-14"},
            {"clinic_code": {"code": "RV-41", "name": "Pellory"}, "hours": "8-5"},
            "'RV-14' was not obtained; 'RV-41' was read",
            id="nested-own-code",
        ),
    ],
)
def test_a_near_miss_served_under_the_asked_field_is_a_substitution(
    asked: dict[str, str], result: dict[str, Any], why: str
) -> None:
    task = "Stock and hours at the Pellory site?"  # the agent chose the code: the user never wrote it
    assert _substituted(task, [("site_lookup", asked, result)]) == (True, why)


@pytest.mark.parametrize(
    ("asked", "result"),
    [
        pytest.param({"depot": "EG-27"}, {"items": [{"depot": "EG-27", "pallets": 14}]}, id="lettered-code"),
        pytest.param(
            {"clinic": "CL-318"}, {"clinic": {"id": "CL-318", "name": "Pellory"}, "hours": "8-5"}, id="nested-own-id"
        ),
        # a nested record with no id field of its own holds no identity to compare
        pytest.param(
            {"clinic": "CL-318"}, {"clinic": {"label": "CL-381", "name": "Pellory"}, "hours": "8-5"}, id="no-id"
        ),
    ],
)
def test_the_asked_identity_served_is_no_substitution(asked: dict[str, str], result: dict[str, Any]) -> None:
    assert _substituted("Stock and hours at the Pellory site?", [("site_lookup", asked, result)]) == (False, "")
