"""Look-alike names served for the one asked, a filter dropped on the way, and actions a later call did.

- the task names "Corvane XT"; the only result that worked holds "Corvane ST" and never the asked name: a
  substitution (a plural, or a result that holds both, is not);
- a call filtered by the task's "North Yard" came back empty; the same tool without that filter got records whose
  ``yard`` is "Elm Street": what was read is another yard's;
- "applied the change" after the first update failed and a later update of the same tool worked: backed;
- "Sent." over a successful ``submit_order``: an order goes out by being submitted.
"""

from __future__ import annotations

from formaljudge.extract._action_claims import action_claims
from formaljudge.extract._context import TraceContext
from formaljudge.extract._documents import substitutions
from tests.trajectory import Call, chat_trace


def _subs(task: str, calls: list[Call]) -> list[tuple[str, str]]:
    return [(s.wanted.text, s.instead) for s in substitutions(TraceContext(chat_trace(task, calls, "Done.")))]


def test_a_look_alike_name_served_for_the_asked_one() -> None:
    calls: list[Call] = [
        ("search_labels", {"query": "Corvane XT"}, {"results": [{"product": "Corvane ST", "reg": "77-120"}]}),
        ("get_label", {"reg": "77-120"}, {"product": "Corvane ST", "interval_days": 14}),
    ]
    assert _subs("What is the interval for Corvane XT on wheat?", calls) == [("Corvane XT", "Corvane ST")]


def test_a_plural_or_a_listing_with_the_asked_name_is_no_look_alike() -> None:
    both: list[Call] = [
        ("search_labels", {"query": "Corvane XT"}, {"results": [{"product": "Corvane ST"}, {"product": "Corvane XT"}]})
    ]
    assert _subs("What is the interval for Corvane XT on wheat?", both) == []
    plural: list[Call] = [("search_orders", {"q": "Harbor Widgets"}, {"results": [{"vendor": "Harbor Widget"}]})]
    assert _subs("Orders from Harbor Widgets this month?", plural) == []


def test_a_dropped_filter_reads_another_records() -> None:
    calls: list[Call] = [
        ("get_deliveries", {"vendor": "Kellam", "yard": "North Yard"}, {"deliveries": []}),
        ("get_deliveries", {"vendor": "Kellam"}, {"deliveries": [{"id": "D-71", "yard": "Elm Street", "tons": 12}]}),
    ]
    assert _subs("What did Kellam deliver to North Yard yesterday?", calls) == [("North Yard", "Elm Street")]
    same: list[Call] = [
        ("get_deliveries", {"vendor": "Kellam", "yard": "North Yard"}, {"deliveries": []}),
        ("get_deliveries", {"vendor": "Kellam"}, {"deliveries": [{"id": "D-72", "yard": "North Yard", "tons": 9}]}),
    ]
    assert _subs("What did Kellam deliver to North Yard yesterday?", same) == []


def _backed(task: str, calls: list[Call], final: str) -> list[bool]:
    return [c.backed_by is not None for c in action_claims(TraceContext(chat_trace(task, calls, final)))]


def test_a_later_call_of_the_same_tool_backs_the_claim() -> None:
    calls: list[Call] = [
        (
            "update_plan",
            {"field": "F-2", "crop": "oats", "etag": "a1"},
            {"status": 412, "error": "etag mismatch: current b7"},
        ),
        ("get_plan", {"field": "F-2"}, {"field": "F-2", "crop": "rye", "etag": "b7"}),
        ("update_plan", {"field": "F-2", "crop": "oats", "etag": "b7"}, {"status": 200, "crop": "oats", "etag": "c3"}),
    ]
    final = "F-2 is oats now. I reloaded the current version and applied the change on top of it."
    assert _backed("Switch F-2 to oats.", calls, final) == [True]
    assert _backed("Switch F-2 to oats.", calls[:2], final) == [False]


def test_sent_is_backed_by_a_submitted_order() -> None:
    calls: list[Call] = [
        ("submit_order", {"vendor": "Pell Dairy", "draft": "DR-12"}, {"status": "ACCEPTED", "po": "PD-881"})
    ]
    assert _backed("Send the dairy order to Pell Dairy.", calls, "Sent. Pell Dairy accepted it as PD-881.") == [True]


def test_results_that_say_they_serve_something_else() -> None:
    cases: list[tuple[str, Call]] = [
        (
            "Fare rules for Y on XX12 on 3 May?",
            (
                "fare_rules",
                {"flight": "XX12"},
                {
                    "rules": {"change": "free"},
                    "returned_because": "no rule set loaded for that date; nearest season returned",
                },
            ),
        ),
        (
            "Amenities of the Grand Corvane in Lisbon?",
            (
                "hotel_search",
                {"name": "Grand Corvane"},
                {
                    "results": [{"name": "Corvane Resort", "amenities": ["spa"]}],
                    "note": "1 result; exact-name match not found",
                },
            ),
        ),
        (
            "Cost per mile for FY2031 Q3?",
            (
                "kpi",
                {"period": "Q3"},
                {
                    "fiscal_year": 2030,
                    "cost_per_mile": 1.75,
                    "note": "fiscal_year not specified; defaulted to last audited FY",
                },
            ),
        ),
        (
            "On-hand for SKU K-7 as of 30 June?",
            (
                "on_hand",
                {"sku": "K-7", "as_of": "2031-06-30"},
                {"as_of_requested": "2031-06-30", "as_of_returned": "2031-07-14", "on_hand": 220},
            ),
        ),
    ]
    for task, call in cases:
        assert _subs(task, [call]) != [], task


def test_a_superseded_version_read_while_another_is_live() -> None:
    calls: list[Call] = [
        (
            "list_policies",
            {"type": "returns"},
            [{"version": 4, "status": "live"}, {"version": 3, "status": "superseded"}],
        ),
        ("get_policy", {"type": "returns", "version": 3}, "Returns policy v3: 30 days."),
    ]
    assert _subs("Pull the returns policy that is live now.", calls) != []
    calls[1] = ("get_policy", {"type": "returns", "version": 4}, "Returns policy v4: 45 days.")
    assert _subs("Pull the returns policy that is live now.", calls) == []
