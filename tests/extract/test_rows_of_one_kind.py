"""Rows of an answer checked against the records they name (``formaljudge.extract._records.row_mismatches`` and
``formaljudge.extract._siblings.sibling_formula``): a record's short list of scalars (``"value": [ts, "41.2"]``) is
read as fields; a row that names several records (one region's p50, p95, p99) is held to the one the column's other
rows agree on; a short mixed label ("P2") names a record; one sibling line decides a formula when its figure has three
significant digits or more."""

from __future__ import annotations

from formaljudge.extract._context import TraceContext
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, findings

QUANTILES = ("0.5", "0.99")
LATENCY = {"harbour": ("61.0", "402.6"), "quarry": ("55.4", "298.1"), "orchard": ("48.9", "517.3")}
SERIES: list[Call] = [
    (
        "metrics_query",
        {"query": "latency quantiles by site"},
        {
            "status": "success",
            "result": [
                {"metric": {"site": site, "quantile": qn}, "value": [1731412800, v]}
                for site, values in LATENCY.items()
                for qn, v in zip(QUANTILES, values, strict=True)
            ],
        },
    )
]


def _p99_lines(orchard: str) -> str:
    return f"p99 latency by site (ms):\n- harbour: 402.6\n- quarry: 298.1\n- orchard: {orchard}\n"


def test_a_records_short_list_of_scalars_is_read_as_its_fields() -> None:
    src = collect_sources(TraceContext(chat_trace("p99?", SERIES, "")))
    rec = next(r for r in src.records if r.fields.get("metric.site") == "orchard" and "0.99" in r.fields.values())
    assert rec.fields["value[1]"] == "517.3"


def test_a_row_naming_several_records_is_held_to_the_columns_kind() -> None:
    found, _ = findings("p99 per site?", SERIES, _p99_lines("417.3"))
    assert [(f.status, f.claim) for f in found] == [("contradicted", "417.3")]
    assert "value[1] = 517.3" in found[0].why


def test_the_right_value_in_that_row_passes() -> None:
    assert findings("p99 per site?", SERIES, _p99_lines("517.3"))[0] == []


QUEUE = " priority | open | late\n----------+------+------\n Q1 | 5 | 1\n Q2 | 31 | 4\n Q3 | 72 | 0\n(3 rows)"
COUNTS: list[Call] = [("run_query", {"sql": "SELECT priority, COUNT(*) AS open FROM t GROUP BY 1"}, QUEUE)]


def test_a_two_character_label_of_letter_and_digit_names_its_row() -> None:
    final = "Open now:\n- Q1: 5 (1 late)\n- Q2: 26 (4 late)\n- Q3: 72\n"
    found, _ = findings("Open counts by priority?", COUNTS, final)
    assert [(f.status, f.claim) for f in found] == [("contradicted", "26")]


ARMS: list[Call] = [
    (
        "sql",
        {"statement": "SELECT arm, visitors, buyers FROM exp"},
        {"columns": ["ARM", "VISITORS", "BUYERS"], "rows": [["control", 20400, 816], ["bundle", 20150, 967]]},
    ),
]


def _rates(bundle: str) -> str:
    head = "| Arm | Visitors | Buyers | Rate |\n|---|---|---|---|\n"
    return head + f"| control | 20,400 | 816 | 4.00% |\n| bundle | 20,150 | 967 | {bundle} |\n"


def test_one_precise_sibling_decides_the_formula() -> None:
    found, _ = findings("Conversion by arm?", ARMS, _rates("5.31%"))
    assert [(f.status, f.claim.split()[-2]) for f in found] == [("contradicted", "5.31%")]
    assert "share of BUYERS and VISITORS" in found[0].why


def test_the_formulas_value_passes() -> None:
    assert findings("Conversion by arm?", ARMS, _rates("4.80%"))[0] == []
