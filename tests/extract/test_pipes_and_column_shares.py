"""Pipe-delimited tables without a rule line, shares of a column's total, and "gone to" a figure.

- ``code|name|tons`` over rows with as many pipes is a table: its columns add up and its rows are records;
- a line per record giving each record's share of the column's total ("4,400 t (47.1%)"): a line whose share
  is not its own record's is contradicted, even when some other pair of source figures happens to give it,
  unless the same share is another record's (the line may be about that one);
- "the weight has gone to 12 lb" is a change of value, not a message sent.
"""

from __future__ import annotations

from formaljudge.extract._action_claims import action_claims_fact
from formaljudge.extract._context import TraceContext
from formaljudge.extract._sources import text_records
from tests.trajectory import Call, chat_trace, findings

TONS = "code|name|tons\n11|Pier North|4400\n12|Pier South|2600\n13|Dry Dock|1500\n14|Rail Spur|850"
CALLS: list[Call] = [("cargo_report", {"month": "2031-07"}, TONS)]


def test_a_pipe_table_without_a_rule_line_is_read() -> None:
    rows = [fields for path, fields in text_records(TONS) if path]
    assert rows[0] == {"code": "11", "name": "Pier North", "tons": "4400"} and len(rows) == 4
    assert text_records("a|b\nno pipes here") == []


def _contradicted(final: str) -> list[str]:
    found, _ = findings("Cargo by berth in July, with shares?", CALLS, final)
    return [f.why for f in found if f.status == "contradicted"]


def test_a_share_that_is_not_its_records_is_contradicted() -> None:
    # 4,400 + 2,600 + 1,500 + 850 = 9,350; Pier South is 27.8%, and 34.1% is 1,500 / 4,400 by chance
    final = (
        "July: 9,350 t in all.\n- Pier North: 4,400 t (47.1%)\n- Pier South: 2,600 t (34.1%)\n"
        "- Dry Dock: 1,500 t (16.0%)\n- Rail Spur: 850 t (9.1%)"
    )
    why = _contradicted(final)
    assert len(why) == 1 and why[0].startswith("34.1%") and "total of tons" in why[0]


def test_right_shares_and_another_records_share_pass() -> None:
    final = (
        "July: 9,350 t in all.\n- Pier North: 4,400 t (47.1%)\n- Pier South: 2,600 t (27.8%)\n"
        "- Dry Dock: 1,500 t (16.0%)\n- Rail Spur: 850 t (9.1%)"
    )
    assert _contradicted(final) == []
    # a line that names Pier North but gives Dry Dock's share (16.0%), which the answer may mean
    assert _contradicted(final + "\nPier North leads; the dock's share is 16.0%.") == []


def test_gone_to_a_figure_is_no_message() -> None:
    calls: list[Call] = [
        ("weights", {"pet": "P-4"}, {"weights": [{"date": "2031-02-01", "lb": 14}, {"date": "2031-05-01", "lb": 12}]})
    ]
    final = "Since February the weight has gone to 12 lb from 14 lb."
    n, _, _ = action_claims_fact(TraceContext(chat_trace("How is P-4's weight?", calls, final)))
    assert n == 0
    n, _, _ = action_claims_fact(
        TraceContext(chat_trace("Send P-4's weights to the owner.", calls, "The weights have gone to the owner."))
    )
    assert n == 1


RATES = "carrier,lane,base_usd,fuel_usd,port_usd\nNRTH,N14,2100,300,150\nSOLA,S42,1950,340,150\nWEST,W27,2230,280,150\n"


def test_an_all_in_figure_is_the_sum_of_a_rows_fields_of_one_unit() -> None:
    calls: list[Call] = [("spot_rates", {"week": 12}, RATES)]
    right = "All-in by lane:\n| Lane | All-in |\n|---|---|\n| N14 | $2,550 |\n| S42 | $2,440 |\n| W27 | $2,660 |"
    found, _ = findings("All-in rates for week 12?", calls, right)
    assert [f for f in found if f.status == "contradicted"] == []
    # $2,690 for S42 (2,440 is right): the formula its sibling rows carry says otherwise
    wrong = right.replace("$2,440", "$2,690")
    found, _ = findings("All-in rates for week 12?", calls, wrong)
    assert [f.why.split(":")[0] for f in found if f.status == "contradicted"] == ["$2,690"]
