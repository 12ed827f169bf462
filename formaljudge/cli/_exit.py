"""Exit codes every command shares, and the one an audit ends with."""

from __future__ import annotations

from collections.abc import Sequence

from formaljudge.backends import Verdict
from formaljudge.errors import TraceParseError
from formaljudge.judge import JudgeReport

EXIT_OK = 0  # everything judged, everything satisfied
EXIT_VIOLATION = 1  # some constraint violated
EXIT_BAD_INPUT = 2  # bad input or usage (a bad record, an empty trajectory, a spec without constraints)
EXIT_INCONCLUSIVE = 3  # some verdict UNKNOWN, nothing violated
EXIT_PROVIDER_ERRORS = 4  # some model calls failed (outage, 429, bad replies): results are incomplete, rerun


def exit_code(reports: Sequence[JudgeReport], errors: Sequence[TraceParseError], *, stopped: bool = False) -> int:
    """4 when model calls failed (the run is incomplete); else 1 on any violation; else 2 on bad input;
    else 3 on anything inconclusive; else 0."""
    return count_code(
        violated=sum(r.verdict is Verdict.VIOLATED for r in reports),
        bad=len(errors),
        unknown=sum(r.verdict is not Verdict.SATISFIED for r in reports),
        reports=len(reports),
        provider_errors=int(stopped) + sum(bool(r.provider_error) for r in reports),
    )


def count_code(*, violated: int, bad: int, unknown: int, reports: int, provider_errors: int = 0) -> int:
    """``exit_code`` from counts (a streamed run keeps counts, not reports)."""
    if provider_errors:
        return EXIT_PROVIDER_ERRORS
    if violated:
        return EXIT_VIOLATION
    if bad:
        return EXIT_BAD_INPUT
    if unknown or not reports:
        return EXIT_INCONCLUSIVE
    return EXIT_OK
