"""``formaljudge audit``: the testable core of the command."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from formaljudge.backends import Verdict
from formaljudge.cli._inputs import load_all
from formaljudge.cli._render import write_json, write_jsonl, write_table
from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract import Reader
from formaljudge.judge import JudgeReport, judge_many
from formaljudge.policies import load_policy
from formaljudge.traces import Trace

EXIT_OK, EXIT_VIOLATION, EXIT_BAD_INPUT, EXIT_INCONCLUSIVE = 0, 1, 2, 3


def exit_code(reports: list[JudgeReport], errors: list[TraceParseError]) -> int:
    """1 on any violation; else 2 on bad input; else 3 on anything inconclusive; else 0."""
    if any(r.verdict is Verdict.VIOLATED for r in reports):
        return EXIT_VIOLATION
    if errors:
        return EXIT_BAD_INPUT
    if any(r.verdict is not Verdict.SATISFIED for r in reports) or not reports:
        return EXIT_INCONCLUSIVE
    return EXIT_OK


def run_audit(
    paths: list[Path],
    policies: list[str],
    *,
    fmt: str = "table",
    output: Path | None = None,
    backend: str = "z3",
    reader: Reader | None = None,
    timeout_ms: int = 2000,
    details: bool = True,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    export_otel: bool = False,
) -> int:
    stdout = stdout or sys.stdout
    err_console = Console(file=stderr or sys.stderr, soft_wrap=True)
    if export_otel and importlib.util.find_spec("opentelemetry.sdk") is None:
        err_console.print("error: --export-otel needs the otel extra: pip install 'formaljudge[otel]'", markup=False)
        return EXIT_BAD_INPUT
    try:
        specs = [load_policy(p) for p in policies]
    except FormalJudgeError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        return EXIT_BAD_INPUT
    traces, errors = load_all(paths)
    reports: list[JudgeReport] = []
    total = len(traces) * len(specs)
    with Progress(
        TextColumn("auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=total < 2,
    ) as bar:
        task = bar.add_task("audit", total=total)
        try:
            for spec in specs:
                reports += judge_many(
                    traces,
                    spec,
                    backend=backend,
                    reader=reader,
                    timeout_ms=timeout_ms,
                    on_report=lambda _: bar.advance(task),
                )
        except FormalJudgeError as exc:
            err_console.print(f"error: {exc}", markup=False, highlight=False)
            return EXIT_BAD_INPUT
    # one block per trace, policies in the order given
    position = {(t.source_file, t.id): i for i, t in enumerate(traces)}
    rank = {s.name: i for i, s in enumerate(specs)}
    reports.sort(key=lambda r: (position.get((r.source_file, r.trace_id), 0), rank.get(r.policy, 0)))
    out: TextIO
    if output is not None:
        try:
            out = output.open("w", encoding="utf-8")
        except OSError as exc:
            err_console.print(f"error: cannot write {output}: {exc}", markup=False)
            return EXIT_BAD_INPUT
    else:
        out = stdout
    try:
        if fmt == "json":
            write_json(out, reports, errors)
        elif fmt == "jsonl":
            write_jsonl(out, reports, errors)
        elif fmt == "html":
            from formaljudge.report import audit_page, write_html

            write_html(out, audit_page(reports, traces, errors))
        else:
            write_table(
                Console(file=out, width=140 if output else None, soft_wrap=False), reports, errors, details=details
            )
    finally:
        if output is not None:
            out.close()
    if fmt != "table" or output is not None:
        for e in errors:
            err_console.print(f"bad input: {e}", markup=False, highlight=False)
    code = exit_code(reports, errors)
    if export_otel and not _export_otel(reports, traces, err_console) and code != EXIT_VIOLATION:
        return EXIT_BAD_INPUT  # an exporter that cannot send is a usage error; a violation still outranks it
    return code


def _export_otel(reports: list[JudgeReport], traces: list[Trace], console: Console) -> bool:
    from formaljudge.integrations.otel import export_verdicts

    try:
        result = export_verdicts(reports, {(t.source_file, t.id): t for t in traces})
    except FormalJudgeError as exc:
        console.print(f"error: --export-otel: {exc}", markup=False, highlight=False)
        return False
    if not result.ok:
        console.print(f"error: --export-otel: the OTLP exporter could not send to {result.endpoint}", markup=False)
        return False
    console.print(f"exported {result.spans} verdict spans to {result.endpoint}", markup=False, highlight=False)
    return True
