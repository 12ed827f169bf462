import json
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
# one, and with those words forced in (every text searched) the verdicts are the same. Likewise ``json.loads``
# is tried only on text that opens as JSON can.

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


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_errors._NOT_THERE, alphabet=_ASCII))
def test_every_not_there_match_holds_one_of_its_words(text: str) -> None:
    m = _errors._NOT_THERE.search(text)
    assert m is not None
    assert any(w in m.group(0).lower() for w in _errors._NOT_THERE_WORDS), m.group(0)


_JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_every_json_text_opens_with_a_json_start(value: object) -> None:
    """Plain text whose first character is none of these is not decoded (``json.loads`` would fail on it)."""
    assert json.dumps(value)[:1] in _errors._JSON_START


def _results(paths: list[Path]) -> list[Step]:
    return [
        s
        for p in paths
        for t in load_traces(p)
        if isinstance(t, Trace)
        for s in t.steps
        if s.kind is StepKind.TOOL_RESULT
    ]


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


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
        "Tariff table is not yet published.",
        "NaN",
        "-Infinity",
        "  [1, 2]",
        "\ufeff{}",
    ]
    steps += [_r(t) for t in texts]
    asked = ["", "timeout errors", "status 503"]
    fast = [classify_result(s, a) for s in steps for a in asked]
    monkeypatch.setattr(_errors, "_ERROR_WORDS", ("",))
    monkeypatch.setattr(_errors, "_HTTP_WORDS", ("",))
    monkeypatch.setattr(_errors, "_NOT_THERE_WORDS", ("",))
    monkeypatch.setattr(_errors, "_JSON_START", _Everything())
    assert [classify_result(s, a) for s in steps for a in asked] == fast
    assert len(steps) > 500 and any(error for error, _ in fast) and not all(error for error, _ in fast)
