"""The HTML report at scale: build, size, and load/filter/search times in Chromium.

    python benchmarks/bench_report.py [TRAJECTORIES] [POLICIES]

Synthesizes TRAJECTORIES (default 5,000) from the bundled examples
(``agents_traces/``, every file): each example is judged once per policy
(default ``payments,confidential,safety,deception``; the embedded reader on its
cues, so no model load), then copied with a new id and file name until there
are TRAJECTORIES of them, each copy with its own copy of the reports. (The
copies' verdicts are their originals'; what is measured is the page, not the
judge.) Then it writes the page and opens it in the system Chromium (headless,
through playwright, with the page's CSP in force) and prints:

- page build and render time in Python (wall and CPU), and the file's size;
- load: from navigation to the first table page drawn (wall clock seen from
  Python, and the page's own ``performance.now()`` at that moment, which
  counts from navigation start: parsing, JSON.parse, indexing, first draw);
- filter: choosing a verdict in the filter (synchronous: filter every row,
  draw the first page, force layout), median of 5;
- search: typing a word (cold: the first search builds each trajectory's
  lowercase text; warm: later searches), from the input event to the count
  updating, with and without the 120 ms debounce the page waits for typing;
- open: going from the list to one trajectory's view.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from formaljudge.cli._inputs import load_all
from formaljudge.judge import JudgeReport, judge_many
from formaljudge.policies import load_policy
from formaljudge.readers import EmbeddedReader
from formaljudge.report import audit_page, render_html
from formaljudge.traces import Trace

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DEBOUNCE_MS = 120


def synthesize(n: int, policies: list[str]) -> tuple[list[Trace], list[JudgeReport]]:
    os.chdir(ROOT)
    examples, _ = load_all([Path("agents_traces")])
    reader = EmbeddedReader(use_model=False)
    per_trace: dict[tuple[str | None, str], list[JudgeReport]] = {}
    for name in policies:
        for r in judge_many(examples, load_policy(name), reader=reader):
            per_trace.setdefault((r.source_file, r.trace_id), []).append(r)
    traces: list[Trace] = []
    reports: list[JudgeReport] = []
    for i in range(n):
        t = examples[i % len(examples)]
        copy = t.model_copy(update={"id": f"{t.id}-{i:05d}", "source_file": f"synthetic/batch{i // 500:02d}.jsonl"})
        traces.append(copy)
        for r in per_trace[(t.source_file, t.id)]:
            reports.append(r.model_copy(update={"trace_id": copy.id, "source_file": copy.source_file}))
    return traces, reports


FILTER_JS = """v => {
  const s = document.getElementById('f-verdict');
  const t = performance.now();
  s.value = v; s.dispatchEvent(new Event('change'));
  void document.body.offsetHeight;
  return [performance.now() - t, Number(document.getElementById('f-count').dataset.n)];
}"""

SEARCH_JS = """q => new Promise(done => {
  const box = document.getElementById('f-search');
  const count = document.getElementById('f-count');
  const t = performance.now();
  const seen = new MutationObserver(() => {
    seen.disconnect(); void document.body.offsetHeight;
    done([performance.now() - t, Number(count.dataset.n)]);
  });
  seen.observe(count, {attributes: true, childList: true, subtree: true});
  box.value = q; box.dispatchEvent(new Event('input'));
})"""

OPEN_JS = """n => {
  const t = performance.now();
  location.hash = '#trace/' + n;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  void document.body.offsetHeight;
  return [performance.now() - t, document.querySelectorAll('#trace li.step').length];
}"""


def measure(path: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install -y chromium)")
    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        loads = []
        for _ in range(3):
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready]")
            wall = (time.perf_counter() - t0) * 1000
            loads.append((wall, float(page.get_attribute("body", "data-render-ms") or "nan")))
        out["load_wall_ms"] = [round(w) for w, _ in loads]
        out["load_page_ms"] = [round(r) for _, r in loads]
        out["script_ms"] = int(page.get_attribute("body", "data-script-ms") or -1)
        filters = []
        for v in ["VIOLATED", "SATISFIED", "UNKNOWN", "", "VIOLATED"]:
            ms, n = page.evaluate(FILTER_JS, v)
            filters.append(ms)
            out.setdefault("filter_rows", {})[v or "every"] = n
        out["filter_ms"] = filters
        page.evaluate(FILTER_JS, "")
        out["search_cold_ms"], out["search_cold_rows"] = page.evaluate(SEARCH_JS, "northwind")
        warm = [page.evaluate(SEARCH_JS, q) for q in ("invoice", "sk-live", "alert(1)", "northwind")]
        out["search_warm_ms"] = [ms for ms, _ in warm]
        page.evaluate(SEARCH_JS, "")
        opens = [page.evaluate(OPEN_JS, n) for n in (0, 1, 4999 % 5000, 2500)]
        out["open_ms"] = [ms for ms, _ in opens]
        out["console_errors"] = errors
        browser.close()
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    policies = (sys.argv[2] if len(sys.argv) > 2 else "payments,confidential,safety,deception").split(",")
    t0 = time.perf_counter()
    traces, reports = synthesize(n, policies)
    t1, c1 = time.perf_counter(), time.process_time()
    page = audit_page(reports, traces)
    t2, c2 = time.perf_counter(), time.process_time()
    html = render_html(page)
    t3, c3 = time.perf_counter(), time.process_time()
    folder = Path(tempfile.mkdtemp(prefix="fj-report-"))
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    size = path.stat().st_size
    print(f"{len(traces)} trajectories x {len(policies)} policies = {len(reports)} checks (from the bundled examples)")
    print(
        f"judge + copy {t1 - t0:.1f} s; page data {t2 - t1:.2f} s wall ({c2 - c1:.2f} s CPU); "
        f"render {t3 - t2:.2f} s wall ({c3 - c2:.2f} s CPU); file {size / 1e6:.1f} MB"
    )
    m = measure(path)
    med = statistics.median
    print(f"load, navigation to first table page: wall {m['load_wall_ms']} ms; in page {m['load_page_ms']} ms")
    print(f"  of which the page's script (JSON.parse, index, first draw): {m['script_ms']} ms (last load)")
    filters = m["filter_ms"]
    print(f"filter by verdict: median {med(filters):.1f} ms, max {max(filters):.1f} ms; rows {m['filter_rows']}")
    print(
        f"search: cold {m['search_cold_ms']:.0f} ms ({m['search_cold_ms'] - DEBOUNCE_MS:.0f} ms after the "
        f"{DEBOUNCE_MS} ms debounce), {m['search_cold_rows']} rows; warm median {med(m['search_warm_ms']):.0f} ms "
        f"({med(m['search_warm_ms']) - DEBOUNCE_MS:.0f} ms after the debounce)"
    )
    print(f"open one trajectory: median {med(m['open_ms']):.1f} ms")
    print(f"console errors: {len(m['console_errors'])}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
