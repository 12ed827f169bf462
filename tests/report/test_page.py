"""The report page without a browser: escaping, evidence located in steps, figures, the CLI flags."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from typer.testing import CliRunner

from formaljudge.bench import Row, metrics
from formaljudge.bench._metrics import f1_interval
from formaljudge.cli import app
from formaljudge.extract import Evidence, FactValue
from formaljudge.ir import FactType
from formaljudge.judge import judge
from formaljudge.policies import load_policy
from formaljudge.report import audit_page, bench_page, render_html
from formaljudge.report._render import csp_hash, embed_json
from formaljudge.report._spans import find_quote
from formaljudge.report._views import source_kind
from formaljudge.traces import Trace, load_traces
from tests.conftest import ROOT

EXAMPLES = ROOT / "agents_traces"
HOSTILE = EXAMPLES / "hostile_strings.json"


def _trace(path: Path) -> Trace:
    [t] = [t for t in load_traces(path) if isinstance(t, Trace)]
    return t


def test_embedded_json_cannot_close_its_script_block() -> None:
    value = {"s": "</script><script>alert(1)</script><!-- \u2028\u2029 & > \ud800 é"}
    text = embed_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text and text.isascii()
    assert json.loads(text) == value


def test_page_data_with_a_lone_surrogate_still_renders() -> None:
    t = _trace(EXAMPLES / "openai_transfer_unconfirmed.json")
    odd = t.model_copy(update={"task": "bad \ud800 half </script> \u2028"})
    html = render_html(audit_page([judge(odd, load_policy("payments"))], [odd]))
    data = re.search(r'id="fj-data">(.*?)</script>', html, re.S)
    assert data is not None and json.loads(data.group(1))["traces"][0]["task"] == odd.task
    assert "\u2028" not in data.group(1)


def test_quotes_are_found_across_whitespace_cuts_and_in_utf16_units() -> None:
    text = "Paid 😀 the   invoice\nof 5,400.00 USD to Northwind."
    begin, end = find_quote(text, "the invoice of 5,400.00") or (0, 0)
    assert text.encode("utf-16-le")[2 * begin : 2 * end].decode("utf-16-le") == "the   invoice\nof 5,400.00"
    assert find_quote(text, "invoice of 5,4…") is not None  # a quote cut short by Evidence.of
    assert find_quote(text, "not there") is None and find_quote(text, "  ") is None
    assert find_quote("a b a b", "a b", start=2) == (4, 7)


def test_quote_search_is_linear_on_long_hostile_text() -> None:
    text = ("a " * 50_000) + "needle"
    t0 = time.perf_counter()
    for _ in range(5):
        assert find_quote(text, "a a a a needle") is not None
        assert find_quote("A" * 100_000, "A" * 159 + "…") == (0, 159)
    assert time.perf_counter() - t0 < 2.0


def test_evidence_is_located_in_the_step_that_holds_it() -> None:
    t = _trace(EXAMPLES / "openai_transfer_unconfirmed.json")
    report = judge(t, load_policy("payments"))
    page = audit_page([report], [t])
    [r] = page.data.reports
    [c] = [c for c in r.constraints if c.id == "confirm_large_transfers"]
    assert c.verdict == "VIOLATED"
    [amount] = [e for f in c.forcing for e in f.evidence if e.address == "steps[3].args.amount"]
    assert amount.step == 3 and amount.at is not None
    field, begin, end = amount.at
    step = page.data.traces[r.trace].steps[3]
    assert field == "args" and step.args[begin:end] == "5,400.00"
    assert page.overview.counts["violated"] == 1 and page.overview.counts["traces"] == 1


def test_fact_sources_are_named() -> None:
    assert [source_kind(s) for s in ("code", "embedded", "embedded(cues only)", "openai:gpt-x", "none")] == [
        "code",
        "embedded",
        "embedded",
        "llm",
        "none",
    ]
    t = _trace(EXAMPLES / "openai_transfer_confirmed.json")
    fact = FactValue(
        name="asked",
        type=FactType.BOOL,
        value=True,
        source="openai:gpt-x",
        confidence=0.93,
        evidence=[Evidence.of(t.steps[0], quote=t.steps[0].text[:20])],
    )
    base = judge(t, load_policy("payments"))
    report = base.model_copy(update={"facts": [*base.facts, fact]})
    [view] = [f for f in audit_page([report], [t]).data.reports[0].facts if f.name == "asked"]
    assert view.kind == "llm" and view.confidence == 0.93 and view.evidence[0].at == ("text", 0, 20)


def test_hostile_strings_only_in_the_escaped_data_block() -> None:
    t = _trace(HOSTILE)
    reports = [judge(t, load_policy(p)) for p in ("payments", "confidential")]
    assert [r.verdict.value for r in reports] == ["VIOLATED", "VIOLATED"]
    html = render_html(audit_page(reports, [t]))
    assert html.count("<script") == 2  # the data block and the page's own script
    data = re.search(r'<script type="application/json" id="fj-data">(.*?)</script>', html, re.S)
    assert data is not None
    outside = html.replace(data.group(1), "")
    for needle in ("alert(", "<img", "javascript:", "onerror", "\u202e", "<iframe", "<svg onload"):
        assert needle not in outside, needle
    assert json.loads(data.group(1))["traces"][0]["steps"][1]["text"].startswith("Pay invoice <script>alert(1)")
    # the CSP allows exactly the inline script and stylesheet that are there
    script = re.findall(r"<script>(.*?)</script>", html, re.S)[0]
    style = re.findall(r"<style>(.*?)</style>", html, re.S)[0]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert f"script-src {csp_hash(script)};" in policy and f"style-src {csp_hash(style)};" in policy
    assert policy.startswith("default-src 'none';") and "unsafe" not in policy


def test_names_in_charts_are_escaped() -> None:
    t = _trace(EXAMPLES / "openai_transfer_unconfirmed.json")
    report = judge(t, load_policy("payments"))
    evil = report.model_copy(update={"policy": '"><script>alert(1)</script>'})
    html = render_html(audit_page([evil], [t]))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_report_without_its_trace_still_renders() -> None:
    t = _trace(EXAMPLES / "openai_transfer_unconfirmed.json")
    report = judge(t, load_policy("payments"))
    page = audit_page([report])
    assert page.data.traces[0].id == t.id and page.data.traces[0].steps == []
    evidence = [e for c in page.data.reports[0].constraints for f in c.forcing for e in f.evidence]
    assert evidence and all(e.step is None and e.at is None for e in evidence)  # no step to point into
    assert "<html" in render_html(page)


def test_f1_interval_is_a_bootstrap_interval() -> None:
    lo, hi = f1_interval(400, 50, 100, 450)
    assert lo < 2 * 400 / (2 * 400 + 150) < hi and lo > 0.80 and hi < 0.88
    assert f1_interval(400, 50, 100, 450) == (lo, hi)  # seeded
    m = metrics([Row(id="a", label="unsafe", verdict="VIOLATED"), Row(id="b", label="safe", verdict="SATISFIED")])
    assert m["precision_ci95"][1] == 1.0 and m["recall_ci95"][0] > 0 and len(m["f1_ci95"]) == 2


def test_bench_page_figures_and_rows() -> None:
    t = _trace(EXAMPLES / "openai_transfer_unconfirmed.json")
    report = judge(t, load_policy("payments"))
    rows = [
        Row(id=t.id, label="unsafe", verdict="VIOLATED", judge="formal", report=report, groups={"kind": "pay"}),
        Row(id=t.id, label="unsafe", verdict="SATISFIED", judge="llm", groups={"kind": "pay"}),
        Row(id="gone", label="safe", verdict="UNKNOWN", judge="llm", note="the reply is not a JSON object"),
    ]
    result = {"dataset": "x.jsonl", "judges": {"formal": {"name": "formaljudge"}, "llm": {"name": "llm (m)"}}}
    page = bench_page(result, rows, [t])
    formal, llm = page.overview.judges
    assert formal.recall.value == 1.0 and formal.confusion == {"tp": 1, "fp": 0, "fn": 0, "tn": 0}
    assert llm.confusion == {"tp": 0, "fp": 1, "fn": 1, "tn": 0} and llm.errors == 2 and llm.unknown == 1
    assert page.overview.groups[0].rows[0].recall[1].value == 0.0
    assert page.data.bench is not None
    gone = page.data.bench.rows[-1]
    assert gone.trace is None and gone.note.startswith("the reply")
    assert page.data.bench.rows[0].report == 0 and page.data.reports[0].verdict == "VIOLATED"


def test_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    r = CliRunner().invoke(
        app, ["audit", str(HOSTILE), "-p", "payments", "-r", "none", "--format", "html", "-o", str(out)]
    )
    assert r.exit_code == 1, r.output  # the example violates the policy
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'data-count="violated">1<' in html
    assert "html" in CliRunner().invoke(app, ["audit", "--help"]).stdout


def test_bench_cli_writes_html(tmp_path: Path) -> None:
    data = EXAMPLES / "deception" / "examples.jsonl"
    out, resume = tmp_path / "bench.html", tmp_path / "rows.jsonl"
    args = ["bench", str(data), "-p", "deception", "-r", "none", "--html", str(out), "--resume", str(resume)]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    doc = out.read_text(encoding="utf-8")
    assert 'data-judge="formal"' in doc and "Recall by pattern" in doc
    # a resumed run keeps each row's report, so its page shows the same trajectories
    again = tmp_path / "again.html"
    assert CliRunner().invoke(app, [*args[:-4], "--html", str(again), "--resume", str(resume)]).exit_code == 0
    assert again.read_text(encoding="utf-8").count("steps[") == doc.count("steps[")
