"""The HTML report: one self-contained, offline page for an audit or a benchmark run.

``audit_page(reports, traces, errors)`` and ``bench_page(result, rows, traces)``
build the page's data; ``render_html`` / ``write_html`` write it.
"""

from formaljudge.report._audit import audit_page
from formaljudge.report._bench import bench_page
from formaljudge.report._model import Page, PageData
from formaljudge.report._render import render_html, write_html

__all__ = ["Page", "PageData", "audit_page", "bench_page", "render_html", "write_html"]
