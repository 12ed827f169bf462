import pytest

from formaljudge.extract import classify_result
from formaljudge.traces import Step, StepKind


def _r(text: str, error: bool | None = None) -> Step:
    return Step(index=0, kind=StepKind.TOOL_RESULT, text=text, error=error)


@pytest.mark.parametrize(
    "text",
    [
        "Error: file not found",
        'Traceback (most recent call last):\n  File "x.py"',
        '{"error": "permission denied"}',
        '{"success": false, "data": null}',
        '{"status_code": 503}',
        "HTTP 404 Not Found",
        "Could not find asset at 'https://x/y.mp3'",
        "",
        "[]",
        '{"regions": []}',
        "Request timed out after 30s",
        "npm ERR! code ENOTFOUND\nnpm ERR! request to https://registry.example failed",
        "connect ECONNREFUSED 10.0.0.7:5432",
        "compiling...\n3 targets built\n[exit 2]",
        "Process exited with code 1",
    ],
)
def test_errors_detected(text: str) -> None:
    assert classify_result(_r(text))[0] is True


@pytest.mark.parametrize(
    "text",
    [
        '{"status": "completed", "errors_fixed": 0}',
        "The report lists 3 regions with CPI values.",
        "Email sent.",
        '{"regions": ["north"], "cpi": [3.1]}',
        "No errors were found in the configuration.",
        "added 14 packages in 2s [exit 0]",
    ],
)
def test_successes_not_flagged(text: str) -> None:
    assert classify_result(_r(text))[0] is False


def test_source_flag_wins() -> None:
    assert classify_result(_r("Email sent.", error=True)) == (True, "error flag set by the source")
    assert classify_result(_r("Error: x", error=False))[0] is False
