"""``formaljudge bench``: run the judges over a labeled set and print their figures side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from formaljudge.cli._exit import EXIT_PROVIDER_ERRORS
from formaljudge.judge._limits import TraceLimits

if TYPE_CHECKING:
    from formaljudge.bench import Row


def _judges(asked: list[str] | None, model: str | None) -> tuple[str, ...]:
    from formaljudge.bench._runner import JUDGES

    if not asked:
        return JUDGES if model else ("formal",)
    if "all" in asked:
        return JUDGES
    return tuple(dict.fromkeys(asked))


def run_bench_cmd(
    dataset: Path,
    policy: str,
    *,
    reader: str,
    judges: list[str] | None,
    model: str | None,
    backend: str,
    concurrency: int,
    persuasion: bool,
    resume: Path | None,
    json_out: Path | None,
    workers: int = 1,
    batch_size: int = 32,
    device: str = "auto",
    html_out: Path | None = None,
    skip_bad: bool = False,
    use_cache: bool = True,
    timeout_s: float | None = None,
    limits: TraceLimits | None = None,
) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from formaljudge.bench import run_bench
    from formaljudge.errors import FormalJudgeError
    from formaljudge.llm import CachedLLM, make_llm
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader

    chosen = _judges(judges, model)
    try:
        spec = load_policy(policy)
        the_reader = make_reader(reader, use_cache=use_cache, timeout_s=timeout_s, device=device)
        provider = make_llm(model, timeout_s=timeout_s) if model else None
        llm = CachedLLM(provider) if provider is not None and use_cache else provider
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    if not dataset.exists():
        typer.echo(f"error: {dataset}: no such file", err=True)
        return 2
    console = Console(stderr=True)
    kept: list[Row] = []  # every judge's rows, resumed ones included, for --html

    def on_row(row: Row) -> None:
        if html_out is not None:
            kept.append(row)
        progress.advance(task)

    try:
        with Progress(
            TextColumn("bench"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
        ) as progress:
            task = progress.add_task("bench", total=None)
            result = run_bench(
                dataset,
                spec,
                the_reader,
                backend=backend,
                judges=chosen,
                llm=llm,
                concurrency=concurrency,
                persuasion=persuasion,
                resume=resume,
                on_row=on_row,
                on_total=lambda n: progress.update(task, total=n),
                limits=limits,
                workers=workers,
                batch_size=batch_size,
                reader_name=reader,
                use_cache=use_cache,
                llm_timeout_s=timeout_s,
            )
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    print_result(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if html_out is not None:
        from formaljudge.report import bench_page, write_html
        from formaljudge.traces import Trace, load_traces

        traces = (t for t in load_traces(dataset) if isinstance(t, Trace))
        try:
            write_html(html_out, bench_page(result, kept, traces))
        except OSError as exc:
            typer.echo(f"error: cannot write {html_out}: {exc}", err=True)
            return 2
    if result["errors"]:
        typer.echo(
            f"error: {result['errors']} rows got no answer from their model and are left out of the figures; "
            + (f"the run stopped: {result['stopped']}; " if result["stopped"] else "")
            + ("rerun with the same --resume file to judge them again" if resume else "rerun to judge them again"),
            err=True,
        )
        return EXIT_PROVIDER_ERRORS
    if result["bad_records"] and not skip_bad:
        typer.echo(
            f"error: {len(result['bad_records'])} records could not be read (listed above); the figures leave them "
            "out. Fix them, or pass --skip-bad to accept figures without them.",
            err=True,
        )
        return 2
    return 0


def print_result(result: dict[str, Any]) -> None:
    from rich.console import Console

    out = Console(soft_wrap=True)
    out.print(
        f"{result['dataset']} · policy {result['policy']} · reader {result['reader']} · {result['date']} · "
        f"{result['wall_s']} s",
        markup=False,
    )
    bad = result.get("bad_records") or []
    out.print(f"records: {result.get('records_read', '?')} read, {len(bad)} not read", markup=False)
    for line in bad[:20]:
        out.print(f"  not read: {line}", markup=False)
    if len(bad) > 20:
        out.print(f"  ... and {len(bad) - 20} more (all in --json)", markup=False)
    head = f"{'judge':44} {'n':>5} {'accuracy (95% CI)':>20} {'prec':>6} {'recall':>6} {'F1':>6} "
    out.print(head + f"{'on pos':>6} {'on neg':>6}  tp/fp/fn/tn  unknown  errors", markup=False)
    for m in result["judges"].values():
        c = m["confusion"]
        lo, hi = m["accuracy_ci95"]
        pos, neg = m["accuracy_on_positive"], m["accuracy_on_negative"]
        out.print(
            f"{m['name'][:44]:44} {m['n']:5} {m['accuracy']:7.3f} ({lo:.3f}-{hi:.3f}) {m['precision']:6.3f} "
            f"{m['recall']:6.3f} {m['f1']:6.3f} {'-' if pos is None else f'{pos:.3f}':>6} "
            f"{'-' if neg is None else f'{neg:.3f}':>6}  {c['tp']}/{c['fp']}/{c['fn']}/{c['tn']}  "
            f"{m['unknown_verdicts']:7}  {m['errors']:6}",
            markup=False,
        )
    for m in result["judges"].values():
        for example in m.get("error_examples", [])[:3]:
            out.print(f"  error ({m['name'][:30]}): {example[:200]}", markup=False, highlight=False)
    q = result.get("reader_questions") or {}
    if q.get("asked") or q.get("not_asked"):
        total = q["asked"] + q["not_asked"]
        out.print(
            f"reader questions: {q['asked']} asked, {q['not_asked']} not needed (the code facts decided those "
            f"constraints): {q['not_asked']} of {total} reader calls saved"
        )
    usage = result["llm"]
    for who, u in usage.items():
        if u.get("calls"):
            out.print(
                f"LLM ({who}): {u['calls']} calls, {u['cached_calls']} from cache, "
                f"{u['prompt_tokens']} prompt + {u['completion_tokens']} completion tokens"
            )
    if "by_group" in result:
        for group, values in result["by_group"].items():
            out.print(f"\nformaljudge by {group}:")
            for v, m in values.items():
                rec = "-" if m["recall"] is None else f"{m['recall']:.3f}"
                out.print(f"  {v[:60]:60} n={m['n']:4}  accuracy {m['accuracy']:.3f}  recall {rec}", markup=False)
        flagged = result.get("flagged_by_constraint") or {}
        if flagged:
            out.print("\nformaljudge flags by constraint: " + ", ".join(f"{k} {v}" for k, v in flagged.items()))
    if result.get("by_category"):
        print_categories(out, result["by_category"])
    if "persuasion" in result:
        p = result["persuasion"]
        out.print(
            f"\npersuasion: {p['variants']} variants of {p['traces']} positive traces; "
            f"{len(p['changed'])} verdicts changed"
        )
        for ch in p["changed"][:10]:
            out.print(f"  {ch['id']}: {ch['before']} -> {ch['after']} (text {ch['suffix']})", markup=False)


def print_categories(out: Any, cats: dict[str, dict[str, Any]]) -> None:
    """Which constraint category carries the score: its flags (a VIOLATED constraint), precision and recall."""
    out.print("\nformaljudge per constraint category (flagged = a constraint of the category VIOLATED):")
    out.print(f"  {'category':14} {'flags':>5} {'tp':>5} {'fp':>5} {'prec':>6} {'recall':>6} {'sole':>5}", markup=False)
    for cat, m in cats.items():
        prec = "-" if m["precision"] is None else f"{m['precision']:.3f}"
        rec = "-" if m["recall"] is None else f"{m['recall']:.3f}"
        out.print(
            f"  {cat[:14]:14} {m['flags']:5} {m['tp']:5} {m['fp']:5} {prec:>6} {rec:>6} {m['sole']:5}", markup=False
        )
    out.print("  (sole: records no other category flagged; UNKNOWN verdicts flag no category)", markup=False)
