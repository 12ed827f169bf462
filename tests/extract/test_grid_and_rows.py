"""Tables and rows of the answer (issue 13): a Markdown table cell checked against the record its column (or row)
holds and the field its row (or column) holds (``grid_mismatches``), the two-results layout (``_across_results``),
header/total rows and the label column skipped, an inconsistent table left alone; a table row naming its record is
checked even when arithmetic reaches its figure (``row_mismatches``); a sentence naming two records by one field
moves no value between them (``_names_several``); nested metric objects and short name lists are a record's own."""

from __future__ import annotations

from formaljudge.extract._context import TraceContext
from formaljudge.extract._grid import _tables, grid_mismatches
from formaljudge.extract._numbers import quantities
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, findings

BILLS: list[Call] = [
    (
        "gas_bills",
        {},
        {
            "bills": [
                {"period": "Feb 2025", "therms": 412, "amount_usd": 618.40},
                {"period": "Feb 2026", "therms": 377, "amount_usd": 571.95},
            ]
        },
    )
]
BY_COLUMN = "| | Feb 2025 | Feb 2026 |\n|---|---|---|\n| Therms | 412 | 377 |\n| Cost | $618.40 | {cost} |\n"
BY_ROW = "| Period | Therms | Cost |\n|---|---|---|\n| Feb 2025 | 412 | $618.40 |\n| Feb 2026 | 377 | {cost} |\n"


def _grid_why(answer: str) -> list[str]:
    found, _ = findings("Compare the two bills.", BILLS, answer)
    return [f.why for f in found if f.status == "contradicted"]


def test_a_cell_is_checked_against_its_columns_record_and_its_rows_field() -> None:
    assert _grid_why(BY_COLUMN.format(cost="$581.95")) == [
        "$581.95: its column and row name amount_usd of a record that holds 571.95"
    ]


def test_the_other_orientation_rows_are_records() -> None:
    assert _grid_why(BY_ROW.format(cost="$581.95")) == [
        "$581.95: its column and row name amount_usd of a record that holds 571.95"
    ]


def test_a_table_whose_cells_hold_their_records_values_is_supported() -> None:
    assert findings("Compare the two bills.", BILLS, BY_COLUMN.format(cost="$571.95")) == ([], 4)
    assert findings("Compare the two bills.", BILLS, BY_ROW.format(cost="$571.95")) == ([], 4)


def test_an_inconsistent_table_is_left_to_the_other_checks() -> None:
    answer = "| | A | B |\n|---|---|---|\n| Therms | 412 | $571.95 |\n| Cost | 377 | $581.95 |\n"
    src = collect_sources(TraceContext(chat_trace("?", BILLS, answer)))
    assert grid_mismatches(src, answer, {q.start for q in quantities(answer)}) == []
    found, _ = findings("Compare the two bills.", BILLS, answer)
    assert [(f.status, f.why.split(" ")[0]) for f in found] == [("unsupported", "$581.95")]


def test_header_and_total_rows_and_the_label_column_are_not_cells() -> None:
    answer = (
        "| Period 2026 | Therms | Cost |\n|---|---|---|\n| Feb 2025 | 412 | $618.40 |\n| Feb 2026 | 377 | $571.95 |\n"
        "| Total | 789 | $1,190.35 |\n"
    )
    (table,) = _tables(answer)
    assert sorted(q.text for q in table.values()) == ["$571.95", "$618.40", "377", "412"]
    assert sorted({(row, col) for row, col, _ in table}) == [(0, 2), (0, 3), (1, 2), (1, 3)]


# --- the same items read from two results ---------------------------------------------------------------------------


def _costs(month: str, cents: tuple[float, float, float]) -> Call:
    names = ("Object storage", "Managed queue", "Edge cache")
    return (
        "cost_report",
        {"month": month},
        {"month": month, "lines": [{"service": n, "cost": c} for n, c in zip(names, cents, strict=True)]},
    )


TWO_MONTHS = [_costs("2026-09", (1204.18, 310.02, 88.61)), _costs("2026-10", (1322.47, 298.50, 91.30))]
ACROSS = (
    "| Service | Sep | Oct |\n|---|---|---|\n| Object storage | $1,204.18 | $1,322.47 |\n"
    "| Managed queue | $310.02 | {queue} |\n| Edge cache | $88.61 | $91.30 |\n"
)


def _across(answer: str) -> list[tuple[str, str, list[int]]]:
    src = collect_sources(TraceContext(chat_trace("Compare", TWO_MONTHS, answer)))
    found = grid_mismatches(src, answer, {q.start for q in quantities(answer)})
    return [(f.claim, f.why, [s.index for s in f.steps]) for f in found]


def test_two_results_layout_checks_a_cell_against_its_rows_item_in_its_columns_result() -> None:
    assert _across(ACROSS.format(queue="$289.50")) == [
        ("$289.50", "$289.50: its column and row name cost of a record that holds 298.5", [4])
    ]


def test_two_results_layout_with_the_right_values_has_no_mismatch() -> None:
    assert _across(ACROSS.format(queue="$298.50")) == []


def test_two_results_layout_with_a_cell_its_label_does_not_name_is_another_layout() -> None:
    swapped = ACROSS.format(queue="$88.61").replace("| $88.61 | $91.30", "| $298.50 | $91.30")
    assert _across(swapped) == []


def test_nested_metric_objects_and_short_name_lists_are_a_records_own_fields() -> None:
    doc = {
        "window": "2026-09",
        "groups": [
            {"names": ["Object storage"], "measures": {"billed": {"value": 1204.18, "unit": "USD"}}},
            {"names": ["Edge cache"], "measures": {"billed": {"value": 88.61, "unit": "USD"}}},
        ],
    }
    src = collect_sources(TraceContext(chat_trace("?", [("costs", {}, doc)], "ok")))
    fields = {r.path: r.fields for r in src.records}
    assert fields["groups[0]"] == {
        "names": "Object storage",
        "measures.billed.value": 1204.18,
        "measures.billed.unit": "USD",
    }


# --- rows naming their record ----------------------------------------------------------------------------------------

BINS: list[Call] = [
    (
        "bins",
        {},
        {
            "bins": [
                {"bin": "Bay Kilo", "on_hand": 184},
                {"bin": "Bay Lima", "on_hand": 97},
                {"bin": "Bay Mike", "on_hand": 122},
                {"bin": "Bay Oscar", "on_hand": 61},
            ]
        },
    )
]


def _stock(mike: int) -> str:
    rows = f"- Bay Kilo: 184 units\n- Bay Lima: 97 units\n- Bay Mike: {mike} units\n- Bay Oscar: 61 units\n"
    return "Stock on hand:\n" + rows


def test_a_row_naming_its_record_is_checked_even_when_arithmetic_reaches_its_figure() -> None:
    found, _ = findings("Stock?", BINS, _stock(245))  # 245 = 184 + 61, but Bay Mike holds 122
    (f,) = found
    assert (
        f.status == "contradicted"
        and f.why == "245: its row's record gives on_hand = 122, as the rest of the column does"
    )


def test_a_row_holding_its_records_value_is_supported() -> None:
    assert findings("Stock?", BINS, _stock(122)) == ([], 4)


# --- a sentence naming two records by one field -----------------------------------------------------------------------

SHOTS: list[Call] = [
    (
        "vet_records",
        {},
        {
            "dog": "Juniper",
            "shots": [
                {"vaccine": "Leptospirosis", "given": "2026-01-09", "lot": "LX4410", "clinic": "Fernhill"},
                {"vaccine": "Rabies", "given": "2025-08-22", "lot": "RB7702", "clinic": "Fernhill"},
            ],
        },
    )
]


def test_a_sentence_naming_two_records_moves_no_value_between_them() -> None:
    answer = "Juniper had Leptospirosis (lot LX4410) at Fernhill and Rabies on August 22, 2025."
    assert findings("Shots?", SHOTS, answer)[0] == []


def test_a_sentence_about_one_record_with_anothers_value_is_contradicted() -> None:
    found, _ = findings("Shots?", SHOTS, "Juniper had Leptospirosis (lot LX4410) on August 22, 2025.")
    (f,) = found
    assert f.kind == "date" and f.status == "contradicted" and "'2026-01-09' for given" in f.why
