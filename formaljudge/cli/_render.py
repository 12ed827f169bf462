"""Reports as a table for people, JSON or JSONL for machines."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from formaljudge.backends import Verdict
from formaljudge.errors import TraceParseError
from formaljudge.judge import JudgeReport
from formaljudge.judge._report import sum_usage

_STYLE = {Verdict.VIOLATED: "bold red", Verdict.UNKNOWN: "yellow", Verdict.SATISFIED: "green"}


def error_json(err: TraceParseError) -> dict[str, Any]:
    return {"error": err.message, "file": err.file, "record": err.record, "field": err.field}


def summary(reports: list[JudgeReport], errors: list[TraceParseError]) -> dict[str, Any]:
    counts = {v.value.lower(): sum(r.verdict is v for r in reports) for v in Verdict}
    return {
        "traces": len({(r.source_file, r.trace_id) for r in reports}),
        "reports": len(reports),
        **counts,
        "bad_records": len(errors),
        "llm": sum_usage(r.llm_usage for r in reports),
    }


def write_json(out: TextIO, reports: list[JudgeReport], errors: list[TraceParseError]) -> None:
    doc = {
        "summary": summary(reports, errors),
        "reports": [r.model_dump(mode="json") for r in reports],
        "errors": [error_json(e) for e in errors],
    }
    json.dump(doc, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def write_jsonl(out: TextIO, reports: list[JudgeReport], errors: list[TraceParseError]) -> None:
    for r in reports:
        out.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False, default=str) + "\n")
    for e in errors:
        out.write(json.dumps(error_json(e), ensure_ascii=False) + "\n")


def write_table(console: Console, reports: list[JudgeReport], errors: list[TraceParseError], *, details: bool) -> None:
    table = Table(title="FormalJudge audit", show_lines=False)
    table.add_column("trace")
    table.add_column("policy")
    table.add_column("verdict")
    table.add_column("constraints not satisfied")
    for r in reports:
        bad = [
            f"{c.id} ({c.verdict.value.lower()}: {', '.join(c.steps) or 'no step'})"
            for c in r.constraints
            if c.verdict is not Verdict.SATISFIED
        ]
        table.add_row(r.trace_id, r.policy, Text(r.verdict.value, style=_STYLE[r.verdict]), "\n".join(bad) or "-")
    console.print(table)
    if details:
        for r in reports:
            for c in r.constraints:
                if c.verdict is Verdict.SATISFIED:
                    continue
                console.print(Text(f"\n{r.trace_id} · {c.id} · {c.verdict.value}", style=_STYLE[c.verdict]))
                console.print(f"  policy: {c.sentence}")
                console.print(f"  why: {c.reason}")
                for f in c.forcing:
                    by = f" [read by {f.source}]" if f.source != "code" else ""
                    value = f" = {f.value!r}" if not f.label.startswith("steps[") else ""
                    console.print(f"  - {f.label}{value}{by}", markup=False)
                    for ev in f.evidence[:3]:
                        where = ev.address + (f" ({ev.origin})" if ev.origin else "")
                        quote = f' "{ev.quote}"' if ev.quote else ""
                        console.print(f"      at {where}{quote}", markup=False, highlight=False)
                for d in c.depends_on:
                    console.print(f"  ? unknown: {d}", markup=False)
    for e in errors:
        console.print(Text(f"bad input: {e}", style="red"))
    s = summary(reports, errors)
    console.print(
        f"\n{s['traces']} traces, {s['reports']} checks: {s['violated']} violated, {s['unknown']} unknown, "
        f"{s['satisfied']} satisfied; {s['bad_records']} bad records"
    )
    u = s["llm"]
    if u["calls"]:
        console.print(
            f"LLM reader: {u['calls']} calls ({u['cached_calls']} from cache), "
            f"{u['prompt_tokens']} prompt + {u['completion_tokens']} completion tokens"
        )
