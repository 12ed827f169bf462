"""The ``formaljudge`` command line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from formaljudge.cli._audit import run_audit
from formaljudge.judge._limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, TraceLimits
from formaljudge.readers._resolve import READERS_HELP

app = typer.Typer(
    help="FormalJudge: audit what LLM agents did against a policy, with verdicts proved by a solver.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# options every command that calls a model shares
ModelTimeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.1,
        help="Seconds to wait for each model reply (default 120, or FORMALJUDGE_TIMEOUT). A reply that times out "
        "is not asked again (it would be generated from the start): the fact or judgement is an error.",
    ),
]
MaxTraceBytes = Annotated[
    int,
    typer.Option(
        "--max-trace-bytes",
        min=0,
        help="A trajectory with more text than this (UTF-8 bytes) is not judged: its verdict is UNKNOWN with the "
        "reason, and the batch goes on. 0: no limit.",
    ),
]
TraceTimeout = Annotated[
    float,
    typer.Option(
        "--trace-timeout",
        min=0,
        help="Seconds one trajectory may take (facts, grounding and solving); a slower one is UNKNOWN with the "
        "reason, and the batch goes on. 0: no limit.",
    ),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model even for answers already cached on disk (and cache anew).")
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    html = "html"


class Backend(StrEnum):
    z3 = "z3"
    dafny = "dafny"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def audit(
    traces: Annotated[
        list[Path],
        typer.Argument(
            help="Trace files (.json or .jsonl; OpenAI, Anthropic, R-Judge/ASSEBench or labeled "
            "records, Inspect .eval logs, OTLP JSON spans; auto-detected) or directories to search for them."
        ),
    ],
    policy: Annotated[
        list[str],
        typer.Option(
            "--policy",
            "-p",
            help="A shipped policy name (see `formaljudge policies`) or a spec JSON "
            "file. Repeat to audit against several policies.",
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table: a readable report with the steps that prove each "
            "violation; json: one document; jsonl: one report per line; html: one self-contained page "
            "(filters, each trajectory with its evidence highlighted; works offline) — give -o report.html.",
        ),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", "-b", help="Solver that proves the verdicts: z3 (embedded) or dafny.")
    ] = Backend.z3,
    timeout_ms: Annotated[
        int, typer.Option("--timeout-ms", min=1, help="Solver time limit per check; a timeout gives UNKNOWN.")
    ] = 2000,
    brief: Annotated[
        bool, typer.Option("--brief", help="Table format: list verdicts only, without the evidence for each.")
    ] = False,
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    no_cache: NoCache = False,
    timeout: ModelTimeout = None,
    max_trace_bytes: MaxTraceBytes = DEFAULT_MAX_BYTES,
    trace_timeout: TraceTimeout = DEFAULT_TIMEOUT_S,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the results as JSONL to this file as they are reached (input order; only a summary is "
            "printed). Run the same command again with the same --out to resume: records already there are skipped.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes that judge at once (default: this machine's cores); each loads the reader once. "
            "With --engine ray: the number of Ray actors.",
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: this machine (a process pool with --workers > 1); ray: Ray Data on the cluster at "
            "--ray-address, or a local Ray (extra [ray]).",
        ),
    ] = Engine.local,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="The Ray cluster for --engine ray (e.g. auto, ray://head:10001)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Records judged together (one reader call per batch).")
    ] = 32,
    run_timeout: Annotated[
        float | None,
        typer.Option(
            "--run-timeout",
            min=0.1,
            help="Stop after this many seconds; every verdict reached by then is written (resume with --out).",
        ),
    ] = None,
    device: Annotated[
        str,
        typer.Option(
            "--device", help="Where the embedded reader's encoder runs: auto (a GPU when one is visible), cpu, cuda."
        ),
    ] = "auto",
    export_otel: Annotated[
        bool,
        typer.Option(
            "--export-otel",
            help="Also send each verdict as an OpenTelemetry span (inside the audited trace when it came from "
            "OTLP spans) with the OTLP exporter set by OTEL_EXPORTER_OTLP_* variables (extra otel).",
        ),
    ] = False,
) -> None:
    """Audit trajectories against policies.

    Records are read one at a time and judged in batches, so memory stays flat
    however large the input. Exit codes: 0 all satisfied, 1 some violation,
    2 bad input or usage, 3 inconclusive (some verdict UNKNOWN, nothing
    violated, or the run stopped early), 4 some model calls failed (outage,
    rate limit, bad replies): those checks are UNKNOWN only for that reason
    and a rerun may decide them; 4 outranks the others; 130 interrupted.
    """
    from formaljudge.run import default_workers

    code = run_audit(
        traces,
        policy,
        fmt=fmt.value,
        output=output,
        backend=backend.value,
        reader=reader,
        timeout_ms=timeout_ms,
        details=not brief,
        limits=TraceLimits.of(max_trace_bytes, trace_timeout),
        llm_timeout_s=timeout,
        out=out,
        workers=workers or default_workers(),
        engine=engine.value,
        ray_address=ray_address,
        batch_size=batch_size,
        run_timeout=run_timeout,
        device=device,
        use_cache=not no_cache,
        export_otel=export_otel,
    )
    raise typer.Exit(code)


@app.command("compile")
def compile_cmd(
    policy_file: Annotated[Path, typer.Argument(help="The policy in plain language (a text file).")],
    out: Annotated[Path, typer.Option("--output", "-o", help="Where to write the compiled spec JSON.")],
    model: Annotated[
        str,
        typer.Option("--model", "-m", help="The compiler model: openai:MODEL or transformers:NAME_OR_PATH."),
    ] = "openai:",
    name: Annotated[str | None, typer.Option("--name", help="The policy's name (default: the file's stem).")] = None,
    attempts: Annotated[
        int, typer.Option("--attempts", min=1, help="Tries, each failure sent back to the model with its errors.")
    ] = 3,
    dafny_out: Annotated[
        Path | None, typer.Option("--dafny", help="Also write the spec as a readable Dafny file here.")
    ] = None,
    check: Annotated[
        Backend | None,
        typer.Option(
            "--check",
            help="Also run each candidate spec through this backend (dafny: verify the emitted Dafny; z3: decide "
            "a probe trace); its errors go back to the model for repair, within --attempts.",
        ),
    ] = None,
    no_cache: NoCache = False,
    timeout: ModelTimeout = None,
) -> None:
    """Compile a natural-language policy into a checked JSON spec (and Dafny), with an LLM.

    The spec is validated (shape, names, types) and checked with Z3 for
    constraints that can never hold, always hold or contradict each other;
    each failure goes back to the model. Replies that pass are cached on disk.

    Exit codes: 0 written, 2 bad input or the policy did not compile, 4 the
    model could not be reached (outage, rate limit, bad replies).
    """
    from formaljudge.backends._dafny_policy import emit_policy
    from formaljudge.cli._exit import EXIT_PROVIDER_ERRORS
    from formaljudge.compile import backend_problems, compile_policy
    from formaljudge.errors import FormalJudgeError
    from formaljudge.llm import CachedLLM, ProviderError, make_llm

    try:
        text = policy_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {policy_file}: cannot read: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        provider = make_llm(model, timeout_s=timeout)
        llm = provider if no_cache else CachedLLM(provider)
        extra = backend_problems(check.value) if check is not None else None
        spec = compile_policy(text, llm, name=name or policy_file.stem, attempts=attempts, extra_check=extra)
    except ProviderError as exc:
        typer.echo(f"error: the model failed: {exc}", err=True)
        raise typer.Exit(EXIT_PROVIDER_ERRORS) from None
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    out.write_text(spec.to_json() + "\n", encoding="utf-8")
    if dafny_out is not None:
        dafny_out.write_text(emit_policy(spec), encoding="utf-8")
    u = llm.usage
    typer.echo(
        f"wrote {out}: {len(spec.facts)} facts, {len(spec.constraints)} constraints "
        f"({u.calls} calls, {u.cached_calls} cached, {u.prompt_tokens + u.completion_tokens} tokens)"
    )


@app.command()
def policies(
    name: Annotated[
        str | None, typer.Argument(help="Print this policy (a shipped name or a spec file) as JSON.")
    ] = None,
    dafny: Annotated[
        bool, typer.Option("--dafny", help="Print the policy as a readable Dafny library instead of JSON.")
    ] = False,
    write_dafny: Annotated[
        Path | None,
        typer.Option("--write-dafny", help="Write every shipped policy as DIR/<name>.dfy (how dafny_specs/ is made)."),
    ] = None,
) -> None:
    """List the shipped policies, or print one as JSON or Dafny."""
    from formaljudge.backends._dafny_policy import emit_policy
    from formaljudge.errors import FormalJudgeError
    from formaljudge.policies import load_policy, shipped, write_dafny_specs

    if write_dafny is not None:
        for path in write_dafny_specs(write_dafny):
            typer.echo(f"wrote {path}")
        return
    if name is None:
        for n in shipped():
            spec = load_policy(n)
            typer.echo(f"{n:16} {len(spec.constraints):2} constraints  {spec.description[:90]}")
        return
    try:
        spec = load_policy(name)
        typer.echo(emit_policy(spec) if dafny else spec.to_json())
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    app()


@app.command()
def verify(
    spec_file: Annotated[str, typer.Argument(help="A shipped policy name or a spec JSON file.")],
    traces: Annotated[
        list[Path] | None, typer.Argument(help="Trace files or directories to verify against the spec.")
    ] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", "-b", help="Solver: z3 (embedded) or dafny.")
    ] = Backend.dafny,
    emit: Annotated[
        Path | None,
        typer.Option("--emit", help="Dafny backend: write the program that was verified here, to re-check by hand."),
    ] = None,
    timeout_s: Annotated[int, typer.Option("--timeout-s", min=1, help="Verifier time limit per lemma.")] = 20,
    reader: Annotated[
        str,
        typer.Option(
            "--reader",
            "-r",
            help=f"Who answers the facts code cannot read, as in audit: {READERS_HELP}. With none, those facts "
            "stay UNKNOWN and verdicts may differ from audit's.",
        ),
    ] = "embedded",
    no_cache: NoCache = False,
    timeout: ModelTimeout = None,
) -> None:
    """Check a spec, and prove its verdicts on traces with one verifier run.

    Without traces, the spec is only type-checked. The reader answers the
    question facts as in ``audit`` (same default), so both commands give the
    same verdicts on the same trace. Exit codes as for audit.
    """
    from formaljudge.cli._verify import run_verify
    from formaljudge.errors import FormalJudgeError
    from formaljudge.readers import make_reader

    try:
        the_reader = make_reader(reader, use_cache=not no_cache, timeout_s=timeout) if traces else None
    except FormalJudgeError as exc:
        typer.echo(f"error: --reader {reader}: {exc}", err=True)
        raise typer.Exit(2) from None
    code = run_verify(spec_file, traces or [], backend=backend.value, emit=emit, timeout_s=timeout_s, reader=the_reader)
    raise typer.Exit(code)


@app.command()
def bench(
    dataset: Annotated[Path, typer.Argument(help="A labeled data set (JSON or JSONL; ASSEBench, deception-dev, ...).")],
    policy: Annotated[
        str,
        typer.Option(
            "--policy", "-p", help="A shipped policy (deception, safety, safety:injection, ...) or a spec file."
        ),
    ],
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    judge: Annotated[
        list[str] | None,
        typer.Option(
            "--judge",
            "-j",
            help="Which judges to run, repeatable: formal (FormalJudge), llm, llm-cot, llm-fewshot, llm-structured "
            "(the LLM-as-a-judge baselines, on --model), or all. Default: formal, plus every baseline when --model "
            "is given.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="The model the baselines run on: openai:MODEL or transformers:PATH."),
    ] = None,
    backend: Annotated[Backend, typer.Option("--backend", "-b", help="Solver: z3 or dafny.")] = Backend.z3,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, help="Traces judged at once (LLM calls in flight).")
    ] = 4,
    persuasion: Annotated[
        bool,
        typer.Option(
            "--persuasion",
            help="Also judge every positive trace with self-assurances and notes to the evaluator appended to its "
            "final answer, and list each verdict that changes.",
        ),
    ] = False,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Keep per-trace results in this JSONL file; a rerun skips what it holds."),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every figure as JSON here.")] = None,
    no_cache: NoCache = False,
    timeout: ModelTimeout = None,
    max_trace_bytes: MaxTraceBytes = DEFAULT_MAX_BYTES,
    trace_timeout: TraceTimeout = DEFAULT_TIMEOUT_S,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes that run FormalJudge at once (default: this machine's cores); each loads the reader once.",
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Records judged together (one reader call per batch).")
    ] = 32,
    device: Annotated[
        str,
        typer.Option(
            "--device", help="Where the embedded reader's encoder runs: auto (a GPU when one is visible), cpu, cuda."
        ),
    ] = "auto",
    html_out: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write a self-contained HTML report here: each judge's figures with 95% intervals, confusion "
            "matrices, recall per category, and every error linked to its trajectory and evidence.",
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Exit 0 even when some records could not be read (they are listed and left out of the figures); "
            "without it such a run exits 2.",
        ),
    ] = False,
) -> None:
    """Measure detection on labeled trajectories: accuracy, precision, recall, F1, 95% CI, per group.

    A trace counts as flagged when any constraint is VIOLATED or UNKNOWN
    (UNKNOWN is never counted as compliant). Labels and annotations
    (risk_description, why, pattern, ...) are never shown to any reader or judge.
    A row whose model call failed is an error, not a verdict: it is left out
    of the figures, counted in the errors column, not kept in --resume, and
    the exit code is 4 (0 otherwise).
    """
    from formaljudge.cli._bench import run_bench_cmd
    from formaljudge.run import default_workers

    raise typer.Exit(
        run_bench_cmd(
            dataset,
            policy,
            reader=reader,
            judges=judge,
            model=model,
            backend=backend.value,
            concurrency=concurrency,
            persuasion=persuasion,
            resume=resume,
            json_out=json_out,
            use_cache=not no_cache,
            timeout_s=timeout,
            limits=TraceLimits.of(max_trace_bytes, trace_timeout),
            workers=workers or default_workers(),
            batch_size=batch_size,
            device=device,
            html_out=html_out,
            skip_bad=skip_bad,
        )
    )


@app.command("refine")
def refine_cmd(
    task_file: Annotated[
        Path, typer.Argument(help="A task file (JSON): task, tools (OpenAI function schemas), tool_results.")
    ],
    policy: Annotated[str, typer.Option("--policy", "-p", help="A shipped policy or a spec JSON file.")],
    model: Annotated[
        str,
        typer.Option("--model", "-m", help="The agent: a model on an OpenAI-compatible endpoint (OPENAI_BASE_URL)."),
    ],
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Most attempts, the first one included.")] = 3,
    feedback: Annotated[
        str,
        typer.Option("--feedback", help="What the agent is told: dafny (the predicate), z3 (the formula) or natural."),
    ] = "dafny",
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write every round as JSON here.")] = None,
    no_cache: NoCache = False,
    timeout: ModelTimeout = None,
) -> None:
    """Run an agent on a task, judge it, feed the violations back, and run it again until the policy holds.

    Exit codes: 0 the last round satisfies the policy, 1 it does not, 2 bad
    input, 4 a model call failed (the rounds finished before it are still
    printed and written to --json).
    """
    from formaljudge.cli._exit import EXIT_PROVIDER_ERRORS
    from formaljudge.errors import FormalJudgeError
    from formaljudge.llm import TransportConfig
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader
    from formaljudge.refine import STYLES, refine
    from formaljudge.refine._openai_agent import OpenAIToolAgent, TaskFile

    if feedback not in STYLES:
        typer.echo(f"error: --feedback must be one of {', '.join(STYLES)}", err=True)
        raise typer.Exit(2)
    try:
        spec = load_policy(policy)
        task = TaskFile.load(task_file)
        transport = TransportConfig.from_env(timeout_s=timeout)
        agent = OpenAIToolAgent(task, model.removeprefix("openai:"), transport=transport)
        the_reader = make_reader(reader, use_cache=not no_cache, timeout_s=timeout)
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    result = refine(
        task.task,
        agent,
        spec,
        rounds=rounds,
        feedback=feedback,
        reader=the_reader,
        on_round=lambda r: typer.echo(
            f"round {r.n}: {r.verdict}"
            + (f"; violated {', '.join(r.violated)}" if r.violated else "")
            + (f"; fixed {', '.join(r.fixed)}" if r.fixed else "")
            + (f"; newly broken {', '.join(r.broke)}" if r.broke else "")
        ),
    )
    if json_out is not None:
        json_out.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if result.error is not None:
        typer.echo(f"error: {result.error} ({len(result.rounds)} rounds finished before it)", err=True)
        raise typer.Exit(EXIT_PROVIDER_ERRORS)
    raise typer.Exit(0 if result.satisfied else 1)
