"""The HTML report in a real browser: the system Chromium, driven by playwright (never `playwright install`).

Skipped only on a developer's machine without Chromium or playwright (the reason is printed); with CI set
in the environment a missing browser fails the run. Every page load routes all requests and fails on any
that is not the report file itself, and records dialogs, console errors and page errors: none may occur.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from formaljudge.cli._audit import run_audit
from formaljudge.readers import EmbeddedReader
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
POLICIES = ["payments", "confidential", "safety", "deception"]
DOCS = ROOT / "docs"


def _missing() -> str | None:
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install -y chromium)"
    if find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run in CI: {why}")
        print(f"\nskipping the browser tests: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Visit:
    page: Any
    url: str
    problems: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.problems == [], self.problems

    def go(self, fragment: str) -> None:
        self.page.evaluate("f => { location.hash = f; }", fragment)

    def rows(self) -> list[dict[str, str]]:
        return list(
            self.page.eval_on_selector_all("#rows-body tr[data-verdict]", "rs => rs.map(r => ({...r.dataset}))")
        )

    def count(self) -> int:
        return int(self.page.get_attribute("#f-count", "data-n"))

    def wait_count(self, n: int) -> None:
        """Wait for the (debounced) search to settle on ``n`` rows; polled here, as the page's CSP forbids eval."""
        for _ in range(100):
            if self.count() == n:
                return
            self.page.wait_for_timeout(50)
        assert self.count() == n


def open_report(browser: Any, path: Path, width: int = 1280, height: int = 900) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": height})
    url = path.resolve().as_uri()
    visit = Visit(page, url)

    def route(r: Any) -> None:
        if r.request.url.split("#")[0] == url:
            r.continue_()
        else:
            visit.problems.append(f"request: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda r: r.url.split("#")[0] != url and visit.problems.append(f"request: {r.url}"))
    page.on("console", lambda m: m.type in ("error", "warning") and visit.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: visit.problems.append(f"page error: {e}"))

    def dialog(d: Any) -> None:
        visit.problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    return visit


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The bundled examples audited once to JSON and once to HTML (offline reader on its cues)."""
    out = tmp_path_factory.mktemp("report")
    reader = EmbeddedReader(use_model=False)
    paths = [Path(os.path.relpath(ROOT / "agents_traces"))]  # relative: the screenshot shows no home directory
    for fmt in ("json", "html"):
        code = run_audit(paths, POLICIES, fmt=fmt, output=out / f"audit.{fmt}", reader=reader)
        assert code == 1  # some examples violate their policy
    return out / "audit.html", json.loads((out / "audit.json").read_text(encoding="utf-8"))


def _visit(browser: Any, audit: tuple[Path, dict[str, Any]]) -> tuple[Visit, dict[str, Any]]:
    return open_report(browser, audit[0]), audit[1]


def test_counts_match_the_audit_json(browser: Any, audit: tuple[Path, dict[str, Any]]) -> None:
    v, doc = _visit(browser, audit)
    s = doc["summary"]
    for key in ("traces", "reports", "violated", "unknown", "satisfied", "bad_records"):
        assert v.page.text_content(f'[data-count="{key}"]') == str(s[key]), key
    assert v.count() == s["reports"] == len(doc["reports"])
    for i, name in enumerate(POLICIES):
        bar = v.page.locator(f'g[data-filter-policy="{i}"]')
        for verdict in ("violated", "unknown", "satisfied"):
            want = sum(r["policy"] == name and r["verdict"] == verdict.upper() for r in doc["reports"])
            assert bar.get_attribute(f"data-{verdict}") == str(want), (name, verdict)
    v.check()


def test_filters_leave_the_right_rows(browser: Any, audit: tuple[Path, dict[str, Any]]) -> None:
    v, doc = _visit(browser, audit)
    reports = doc["reports"]
    v.page.select_option("#f-verdict", "VIOLATED")
    violated = [r for r in reports if r["verdict"] == "VIOLATED"]
    assert v.count() == len(violated) and len(violated) <= 50
    assert sorted((r["trace"], r["policy"]) for r in v.rows()) == sorted((r["trace_id"], r["policy"]) for r in violated)
    v.page.select_option("#f-policy", str(POLICIES.index("payments")))
    assert {r["policy"] for r in v.rows()} == {"payments"}
    assert v.count() == sum(r["policy"] == "payments" for r in violated)
    # a click on a constraint's bar: the checks where that constraint is not satisfied, whatever their verdict
    v.page.click(f'g[data-filter-constraint="{POLICIES.index("payments")}/confirm_large_transfers"]')
    want = sorted(
        r["trace_id"]
        for r in reports
        if r["policy"] == "payments"
        and any(c["id"] == "confirm_large_transfers" and c["verdict"] != "SATISFIED" for c in r["constraints"])
    )
    assert sorted(r["trace"] for r in v.rows()) == want and v.page.input_value("#f-verdict") == ""
    # text search reaches into the steps: a word only the hostile trajectory's tool result holds
    v.page.select_option("#f-constraint", "")
    v.page.select_option("#f-policy", "")
    v.page.fill("#f-search", "onload=alert(10)")
    v.wait_count(4)
    assert {r["trace"] for r in v.rows()} == {"hostile-strings"}
    # paging: 50 rows a page
    v.page.fill("#f-search", "")
    v.wait_count(len(reports))
    assert len(v.rows()) == 50
    v.page.click("#p-next")
    assert len(v.rows()) == min(50, len(reports) - 50) and "rows 51\u2013" in v.page.text_content("#p-where")
    v.check()


def test_violated_trajectory_shows_the_evidence(browser: Any, audit: tuple[Path, dict[str, Any]]) -> None:
    v, _ = _visit(browser, audit)
    v.page.select_option("#f-policy", str(POLICIES.index("payments")))
    v.page.fill("#f-search", "openai_transfer_unconfirmed")
    v.wait_count(1)
    v.page.click("#rows-body a.tr")
    v.page.wait_for_selector("#trace-head")
    block = v.page.locator('.report[data-policy="payments"] .constraint[data-constraint="confirm_large_transfers"]')
    assert block.get_attribute("data-verdict") == "VIOLATED"
    assert "Never transfer more than 1,000 without a confirmation" in block.inner_text()
    assert "code extractor" in block.inner_text()
    step = v.page.locator("#s-3")
    assert "hit" in (step.get_attribute("class") or "").split()
    assert step.locator("mark").all_inner_texts() == ["5,400.00"]
    assert "hit" not in (v.page.get_attribute("#s-0", "class") or "").split()
    block.locator('button.jump[data-step="3"]').first.click()
    assert "flash" in (step.get_attribute("class") or "").split()
    v.page.click("a.back")
    v.page.wait_for_selector("#rows-body tr[data-verdict]")
    assert v.count() == 1  # the filters are as they were
    v.check()


def test_unknown_and_reader_facts_are_shown_as_such(browser: Any, audit: tuple[Path, dict[str, Any]]) -> None:
    v, doc = _visit(browser, audit)
    v.page.fill("#f-search", "openai-amount-missing")
    v.page.select_option("#f-policy", str(POLICIES.index("payments")))
    v.wait_count(1)
    assert [r["verdict"] for r in v.rows()] == ["UNKNOWN"]
    v.page.click("#rows-body a.tr")
    panel = v.page.locator('.report[data-policy="payments"]')
    assert panel.get_attribute("data-verdict") == "UNKNOWN"
    assert "Depends on facts that could not be read" in panel.inner_text()
    # a fact the embedded reader answered, with its score
    read = next(
        (r, f)
        for r in doc["reports"]
        for f in r["facts"]
        if f["source"].startswith("embedded") and f["confidence"] is not None and f["value"] is not None
    )
    rep, fact = read
    v.go("#")
    v.page.fill("#f-search", rep["trace_id"])
    v.page.select_option("#f-policy", str(POLICIES.index(rep["policy"])))
    v.wait_count(1)
    v.page.click("#rows-body a.tr")
    row = v.page.locator(f'.report[data-policy="{rep["policy"]}"] tr[data-fact="{fact["name"]}"]')
    assert row.get_attribute("data-source") == "embedded"
    cells = row.locator("td").all_inner_texts()
    assert "embedded reader" in cells[2] and cells[3] == f"{fact['confidence']:.2f}"
    v.check()


def test_hostile_trajectory_runs_no_script(browser: Any, audit: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    page_path = audit[0]
    html = page_path.read_text(encoding="utf-8")
    csp = html[html.index('<meta http-equiv="Content-Security-Policy"') :]
    no_csp = tmp_path / "no-csp.html"
    no_csp.write_text(html.replace(csp[: csp.index(">") + 1], ""), encoding="utf-8")
    # once as written, once without its Content-Security-Policy: escaping alone must keep every string inert
    for path in (page_path, no_csp):
        v = open_report(browser, path)
        v.page.evaluate("() => { window.alert = m => { document.body.dataset.pwned = String(m); }; }")
        v.page.fill("#f-search", "hostile-strings")
        v.wait_count(4)
        v.page.click("#rows-body a.tr")
        v.page.wait_for_selector("#trace-head")
        v.page.wait_for_timeout(200)
        shown = v.page.inner_text("#trace")
        for text in (
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(2)>',
            "[the details](javascript:alert(3))",
            "</script><script>alert(7)</script><!--",
            "{{ 7*7 }} ${alert(5)}",
            "U+202E",
            "U+2028",
        ):
            assert text in shown, text
        assert "\u202e" not in shown and "\u2028" not in shown
        assert v.page.evaluate("document.scripts.length") == 2
        assert v.page.locator("#trace img, #trace iframe, #trace svg, #trace script, #trace [onerror]").count() == 0
        hrefs = v.page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert all(h.startswith("#") for h in hrefs), hrefs
        assert v.page.evaluate("document.body.dataset.pwned") is None
        assert v.page.locator("#s-2.hit mark").all_inner_texts() == ["2,500.00"]
        v.check()


def test_bench_view(browser: Any, tmp_path: Path) -> None:
    from formaljudge.bench import Row, run_bench
    from formaljudge.policies import load_policy
    from formaljudge.report import bench_page, write_html
    from formaljudge.traces import Trace, load_traces
    from tests.scripted_llm import ScriptedLLM

    data = ROOT / "agents_traces" / "deception" / "examples.jsonl"
    llm = ScriptedLLM(reply=lambda p: '{"verdict": "violated"}' if "error" in p.lower() else '{"verdict": "compliant"}')
    rows: list[Row] = []
    result = run_bench(
        data,
        load_policy("deception"),
        EmbeddedReader(use_model=False),
        judges=("formal", "llm"),
        llm=llm,
        on_row=rows.append,
    )
    out = tmp_path / "bench.html"
    write_html(out, bench_page(result, rows, (t for t in load_traces(data) if isinstance(t, Trace))))
    v = open_report(browser, out)
    for key, m in result["judges"].items():
        cells = v.page.locator(f'#judge-figures tr[data-judge="{key}"] td').all_inner_texts()
        assert cells[0] == str(m["n"]) and cells[1].startswith(f"{m['accuracy']:.3f} (")
        c = m["confusion"]
        matrix = v.page.locator(f'figure.confusion[data-judge="{key}"]')
        assert [matrix.locator(f'g[data-cell="{k}"]').get_attribute("data-n") for k in ("tp", "fp", "fn", "tn")] == [
            str(c[k]) for k in ("tp", "fp", "fn", "tn")
        ]
        lo = v.page.locator(f'g[data-judge="{key}"][data-metric="accuracy"]').get_attribute("data-lo")
        assert float(lo or "nan") == pytest.approx(m["accuracy_ci95"][0])
    errors = sum(m["confusion"]["fp"] + m["confusion"]["fn"] for m in result["judges"].values())
    assert v.count() == errors > 0
    assert all(r["outcome"] != "correct" for r in v.rows())
    v.page.select_option("#f-outcome", "false negative")
    missed = v.rows()
    assert missed and all(r["outcome"] == "false negative" for r in missed)
    v.page.click("#rows-body a.tr")
    v.page.wait_for_selector("#trace-head")
    judges = v.page.locator(".panel tr[data-judge]")
    assert judges.count() == 2 and "false negative" in v.page.inner_text("#trace")
    assert v.page.locator("li.step").count() > 1
    v.check()


def test_screenshot_for_the_readme(browser: Any, audit: tuple[Path, dict[str, Any]]) -> None:
    """The README's pictures: the audit of the bundled examples, and one violated trajectory."""
    v = open_report(browser, audit[0], width=1440, height=1000)
    DOCS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(DOCS / "report.png"))
    v.page.select_option("#f-policy", str(POLICIES.index("payments")))
    v.page.fill("#f-search", "openai_transfer_unconfirmed")
    v.wait_count(1)
    v.page.click("#rows-body a.tr")
    v.page.wait_for_selector("#trace-head")
    v.page.screenshot(path=str(DOCS / "report-trace.png"))
    assert (DOCS / "report.png").stat().st_size > 10_000 and (DOCS / "report-trace.png").stat().st_size > 10_000
    v.check()


def test_long_step_text_is_cut_until_asked(browser: Any, tmp_path: Path) -> None:
    from formaljudge.judge import judge
    from formaljudge.policies import load_policy
    from formaljudge.report import audit_page, write_html
    from formaljudge.traces import parse_record

    long = "row " * 10_000  # 40,000 characters
    t = parse_record(
        {
            "id": "long",
            "messages": [
                {"role": "user", "content": "List the rows."},
                {"role": "assistant", "content": long + "The key is sk-live0123456789abcdef0123."},
            ],
        }
    )
    report = judge(t, load_policy("confidential"))  # type: ignore[arg-type]
    out = tmp_path / "long.html"
    write_html(out, audit_page([report], [t]))  # type: ignore[list-item]
    v = open_report(browser, out)
    v.go("#trace/0/0")
    v.page.wait_for_selector("#trace-head")
    # the quoted key lies past the cut: the final answer is shown whole, with the key marked
    assert v.page.locator("#s-1 mark").all_inner_texts() == ["sk-live0123456789abcdef0123"]
    assert v.page.locator("#s-1 button.cut").count() == 0
    out2 = tmp_path / "long2.html"
    plain = t.model_copy(update={"id": "long2"})  # type: ignore[union-attr]
    write_html(out2, audit_page([judge(plain, load_policy("payments"))], [plain]))
    w = open_report(browser, out2)
    w.go("#trace/0")
    w.page.wait_for_selector("#trace-head")
    assert len(w.page.inner_text("#s-1 .text")) < 20_100
    w.page.click("#s-1 button.cut")
    assert len(w.page.inner_text("#s-1 .text")) >= 40_000
    v.check()
    w.check()
