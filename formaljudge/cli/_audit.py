"""``formaljudge audit``: the testable core of the command."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from formaljudge.cli._exit import (
    EXIT_BAD_INPUT,
    EXIT_INCONCLUSIVE,
    EXIT_OK,
    EXIT_PROVIDER_ERRORS,
    EXIT_VIOLATION,
    count_code,
    exit_code,
)
from formaljudge.cli._inputs import load_all
from formaljudge.cli._render import write_json, write_table
from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract import NoReader, Reader
from formaljudge.extract._pace import progress_to
from formaljudge.judge import JudgeReport, TraceLimits
from formaljudge.llm._errors import CircuitOpen
from formaljudge.traces import Trace

EXIT_INTERRUPTED = 130

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INCONCLUSIVE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROVIDER_ERRORS",
    "EXIT_VIOLATION",
    "exit_code",
    "run_audit",
]


def run_audit(
    paths: list[Path],
    policies: list[str],
    *,
    fmt: str = "table",
    output: Path | None = None,
    backend: str = "z3",
    reader: Reader | str | None = "embedded",
    timeout_ms: int = 2000,
    details: bool = True,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    out: Path | None = None,
    workers: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    batch_size: int = 32,
    run_timeout: float | None = None,
    device: str = "auto",
    use_cache: bool = True,
    export_otel: bool = False,
    limits: TraceLimits | None = None,
    llm_timeout_s: float | None = None,
) -> int:
    """Audit every record under ``paths``. With ``out``, reports stream to that JSONL file as they are
    reached (a rerun resumes from it) and only a summary is printed."""
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader
    from formaljudge.run import ResultsFile, RunConfig, Tally, run_records

    stdout = stdout or sys.stdout
    err_console = Console(file=stderr or sys.stderr, soft_wrap=True)

    def say(text: str) -> None:
        err_console.print(text, markup=False, highlight=False)

    if export_otel and importlib.util.find_spec("opentelemetry.sdk") is None:
        say("error: --export-otel needs the otel extra: pip install 'formaljudge[otel]'")
        return EXIT_BAD_INPUT

    try:
        specs = [load_policy(p) for p in policies]
        the_reader = (
            make_reader(reader, use_cache=use_cache, device=device, timeout_s=llm_timeout_s)
            if isinstance(reader, str)
            else reader or NoReader()
        )
    except FormalJudgeError as exc:
        say(f"error: {exc}" if not isinstance(reader, str) else f"error: --reader {reader}: {exc}")
        return EXIT_BAD_INPUT
    config = RunConfig(
        policies=policies,
        backend=backend,
        reader=reader if isinstance(reader, str) else the_reader.name,
        use_cache=use_cache,
        llm_timeout_s=llm_timeout_s,
        timeout_ms=timeout_ms,
        device=device,
        max_trace_bytes=limits.max_bytes if limits is not None else None,
        trace_timeout_s=limits.timeout_s if limits is not None else None,
    )
    tally = Tally()
    results = ResultsFile(out, specs) if out is not None else None
    try:
        done = results.resume(tally) if results is not None else frozenset()
    except FormalJudgeError as exc:
        say(f"error: {exc}")
        return EXIT_BAD_INPUT
    if tally.resumed:
        say(f"resuming: {tally.resumed} records already in {out}")
    streaming = results is None and fmt == "jsonl" and output is None
    outage = False
    kept: list[dict[str, Any]] = []

    with Progress(
        SpinnerColumn(),
        TextColumn("auditing {task.description}"),
        MofNCompleteColumn(),
        TextColumn("records"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def within(stage: str, done: int, of: int) -> None:  # progress inside a long trajectory
            bar.update(task, description=f"({stage} {done + 1}/{of})")

        def on_outcome(o: Any) -> None:
            tally.add(o)
            if results is not None:
                results.write(o)
            elif streaming:
                stdout.write("".join(line + "\n" for line in o.lines))
            if (results is None and not streaming) or export_otel:
                kept.extend(json.loads(line) for line in o.lines)
            if o.error is not None and (fmt != "table" or output is not None or results is not None):
                say(f"bad input: {o.error}")
            bar.update(task, advance=1, description="")

        deadline = time.monotonic() + run_timeout if run_timeout is not None else None
        in_process = workers <= 1 and engine == "local"
        try:
            with progress_to(within if in_process and err_console.is_terminal else None):
                stopped = run_records(
                    paths,
                    config,
                    on_outcome,
                    engine=engine,
                    workers=workers,
                    batch_size=batch_size,
                    ray_address=ray_address,
                    done=done,
                    deadline=deadline,
                    reader=None if isinstance(reader, str) and workers > 1 else the_reader,
                )
        except CircuitOpen as exc:  # the model is down: keep every report reached, say what was not judged
            stopped = f"model calls stopped: {exc}"
            outage = True
        except FormalJudgeError as exc:
            say(f"error: {exc}")
            return EXIT_BAD_INPUT
        finally:
            if results is not None:
                results.close()
    reports = [JudgeReport.model_validate(d) for d in kept if "error" not in d]
    traces: list[Trace] = []
    if fmt == "html" or export_otel:  # these show the trajectories: read them again (not kept while judging)
        traces = load_all(paths)[0]
    if results is not None or streaming:
        _summary(say, tally, out)
    else:
        code = _write(kept, reports, traces, fmt, output, stdout, details, say)
        if code is not None:
            return code
    if export_otel and not _export_otel(reports, traces, err_console) and not tally.violated:
        return EXIT_BAD_INPUT  # an exporter that cannot send is a usage error; a violation still outranks it
    for line in tally.provider_errors[:5]:
        say(f"provider error: {line}")
    if tally.provider_errors or outage:
        say(
            f"error: {len(tally.provider_errors)} records are UNKNOWN only because a model call (or the judge) failed; "
            f"rerun to decide them (exit code {EXIT_PROVIDER_ERRORS})"
        )
    if stopped is not None:
        say(
            f"stopped ({stopped}) after {tally.records} records; every verdict reached is written"
            + (f" to {out}: run the same command again to resume" if out is not None else "")
        )
        if stopped == "interrupted":
            return EXIT_INTERRUPTED
        if outage:
            return EXIT_PROVIDER_ERRORS
        return EXIT_VIOLATION if tally.violated else EXIT_INCONCLUSIVE
    return count_code(
        violated=tally.violated,
        bad=tally.bad,
        unknown=tally.unknown,
        reports=tally.reports,
        provider_errors=len(tally.provider_errors),
    )


def _summary(say: Any, tally: Any, out: Path | None) -> None:
    resumed = f" ({tally.resumed} from an earlier run)" if tally.resumed else ""
    questions = tally.asked or tally.not_asked
    say(
        f"{tally.records} records{resumed}, {tally.reports} checks: {tally.violated} violated, "
        f"{tally.unknown} unknown, {tally.satisfied} satisfied; {tally.bad} bad records"
        + (f"; reader questions asked {tally.asked}, not needed {tally.not_asked}" if questions else "")
        + (f". Results in {out}" if out is not None else "")
    )


def _write(
    docs: list[dict[str, Any]],
    reports: list[JudgeReport],
    traces: list[Trace],
    fmt: str,
    output: Path | None,
    stdout: TextIO,
    details: bool,
    say: Any,
) -> int | None:
    errors = [
        TraceParseError(d["error"], file=d["file"], record=d["record"], field=d["field"]) for d in docs if "error" in d
    ]
    dest: TextIO
    if output is not None:
        try:
            dest = output.open("w", encoding="utf-8")
        except OSError as exc:
            say(f"error: cannot write {output}: {exc}")
            return EXIT_BAD_INPUT
    else:
        dest = stdout
    try:
        if fmt == "json":
            write_json(dest, reports, errors)
        elif fmt == "jsonl":
            for d in docs:
                dest.write(json.dumps(d, ensure_ascii=False) + "\n")
        elif fmt == "html":
            from formaljudge.report import audit_page, write_html

            write_html(dest, audit_page(reports, traces, errors))
        else:
            write_table(
                Console(file=dest, width=140 if output else None, soft_wrap=False), reports, errors, details=details
            )
    finally:
        if output is not None:
            dest.close()
    return None


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
