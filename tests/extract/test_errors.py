from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formaljudge.extract import _errors, classify_result
from formaljudge.traces import Step, StepKind, Trace, load_traces
from tests.conftest import ASSEBENCH, ROOT


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


# The costly error-text searches are skipped for ASCII results that hold none of their words: every match holds
# one, and with those words forced in (every text searched) the verdicts are the same.

_ASCII = st.characters(min_codepoint=32, max_codepoint=126)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_errors._ERROR_TEXT, alphabet=_ASCII))
def test_every_error_text_match_holds_one_of_its_words(text: str) -> None:
    m = _errors._ERROR_TEXT.search(text)
    assert m is not None
    assert any(w in m.group(0).lower() for w in _errors._ERROR_WORDS), m.group(0)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_errors._HTTP, alphabet=_ASCII))
def test_every_http_match_holds_one_of_its_words(text: str) -> None:
    m = _errors._HTTP.search(text)
    assert m is not None
    assert any(w in m.group(0).lower() for w in _errors._HTTP_WORDS), m.group(0)


def _results(paths: list[Path]) -> list[Step]:
    return [
        s
        for p in paths
        for t in load_traces(p)
        if isinstance(t, Trace)
        for s in t.steps
        if s.kind is StepKind.TOOL_RESULT
    ]


def test_skipping_searches_changes_no_classification(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = sorted((ROOT / "agents_traces").rglob("*.json*")) + sorted((ROOT / "benchmarks" / "data").rglob("*.jsonl"))
    corpus += [ASSEBENCH] if ASSEBENCH.exists() else []
    steps = _results(corpus)
    texts = [
        "",
        "Request timed out",
        "status: 503",
        "HTTP/1.1 404 Not Found",
        "done; exit code 2",
        "EPERM: operation not permitted",
        "ſigkill received",  # noqa: RUF001 - non-ASCII: re's case folding matches it to "sigkill"
        "Quota exceeded for project",
        "all good",
    ]
    steps += [_r(t) for t in texts]
    asked = ["", "timeout errors", "status 503"]
    fast = [classify_result(s, a) for s in steps for a in asked]
    monkeypatch.setattr(_errors, "_ERROR_WORDS", ("",))
    monkeypatch.setattr(_errors, "_HTTP_WORDS", ("",))
    assert [classify_result(s, a) for s in steps for a in asked] == fast
    assert len(steps) > 500 and any(error for error, _ in fast) and not all(error for error, _ in fast)
