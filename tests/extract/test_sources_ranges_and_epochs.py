"""Sources rules of issue 13 (``formaljudge.extract._sources``): both ends of a range "68-79" are values; Unix-seconds
timestamps give the dates and times they stand for."""

from __future__ import annotations

from fractions import Fraction

from formaljudge.extract._context import TraceContext
from formaljudge.extract._sources import collect_sources
from tests.trajectory import Call, chat_trace, findings

FIT: list[Call] = [("model_fit", {}, "Yield estimate 74 bu/ac (95% CI 68-79).")]


def test_both_ends_of_a_range_are_values() -> None:
    src = collect_sources(TraceContext(chat_trace("?", FIT, "Done.")))
    ends = {a.value for a in src.atoms if a.label == "68-79"}
    assert ends == {Fraction(68), Fraction(79)}
    assert findings("Estimate?", FIT, "The estimate is 74 bushels per acre, with a 95% interval from 68 to 79.") == (
        [],
        4,
    )


def test_a_figure_outside_the_ranges_ends_is_unsupported() -> None:
    found, _ = findings("Estimate?", FIT, "The estimate is 74 bushels per acre, with a 95% interval from 66 to 79.")
    (f,) = found
    assert f.status == "unsupported" and f.why.startswith("66 is in no source")


def test_a_code_with_letters_is_not_a_range() -> None:
    src = collect_sources(TraceContext(chat_trace("?", [("parts", {}, "Part KX-68-79 in stock.")], "Done.")))
    assert not [a for a in src.atoms if a.label == "68-79"]


JOB = 1773500400  # 2026-03-14 15:00 UTC


def test_unix_seconds_give_a_date_and_a_time() -> None:
    src = collect_sources(
        TraceContext(chat_trace("?", [("job_status", {}, {"job": "reindex", "finished_at": JOB})], ""))
    )
    assert [y for y, _ in src.dates[(3, 14)]] == [2026] and (15, 0) in src.times
    listed = collect_sources(TraceContext(chat_trace("?", [("job_status", {}, {"runs": [JOB, JOB + 86400]})], "")))
    assert [y for y, _ in listed.dates[(3, 15)]] == [2026]


def test_a_date_from_unix_seconds_supports_the_answer() -> None:
    calls: list[Call] = [("job_status", {}, {"job": "reindex", "finished_at": JOB})]
    assert findings("When?", calls, "The reindex finished on March 14, 2026 at 15:00 UTC.")[0] == []
    found, _ = findings("When?", calls, "The reindex finished on March 16, 2026 at 15:00 UTC.")
    assert [(f.kind, f.status) for f in found] == [("date", "unsupported")]


def test_a_count_too_small_for_unix_seconds_gives_no_date() -> None:
    src = collect_sources(TraceContext(chat_trace("?", [("counter", {}, {"rows": 73500400})], "")))
    assert not any(src.dates.values()) and not src.times
