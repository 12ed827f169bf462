"""Every engine gives the same lines; a killed, interrupted or timed-out run resumes without judging twice."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from formaljudge.cli._audit import run_audit
from tests.run.conftest import EXAMPLES, POLICIES


def audit(paths: list[Path], out: Path, **kw) -> int:
    return run_audit(paths, POLICIES, out=out, **kw)


def test_workers_give_the_same_bytes(mixed_file: Path, tmp_path: Path) -> None:
    one, pool = tmp_path / "one.jsonl", tmp_path / "pool.jsonl"
    assert audit([mixed_file], one, workers=1, batch_size=32, reader="none") == 1
    assert audit([mixed_file], pool, workers=2, batch_size=3, reader="none") == 1
    assert one.read_bytes() == pool.read_bytes()
    rows = [json.loads(line) for line in one.read_text().splitlines()]
    assert {r["verdict"] for r in rows if "verdict" in r} == {"VIOLATED", "SATISFIED", "UNKNOWN"}
    errors = [r for r in rows if "error" in r]
    assert [e["record"] for e in errors] == ["line 4", "line 8"] and "UTF-8" in errors[1]["error"]


def test_embedded_reader_lines_do_not_depend_on_the_batch(mixed_file: Path, tmp_path: Path) -> None:
    """The embedded reader encodes a batch at a time; a record's lines must not depend on its batch."""
    from formaljudge.readers import EmbeddedReader
    from formaljudge.readers._embedder import Embedder, load_embedder

    shared = load_embedder()
    assert shared is not None
    outs = []
    for size in (32, 2):
        out = tmp_path / f"b{size}.jsonl"
        reader = EmbeddedReader(Embedder(shared.model))  # a fresh cache: nothing carried over between runs
        assert run_audit([mixed_file], POLICIES, out=out, reader=reader, batch_size=size) == 1
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[0].decode().splitlines()]
    assert {r["reader"] for r in rows if "reader" in r} == {"embedded"}
    assert sum(r["reader_questions"]["asked"] for r in rows if "verdict" in r) > 0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "formaljudge", "audit", *args]


def _big(tmp_path: Path, copies: int = 40) -> Path:
    lines = (EXAMPLES / "deception" / "examples.jsonl").read_text().splitlines()
    p = tmp_path / "big.jsonl"
    p.write_text("".join(line + "\n" for _ in range(copies) for line in lines))
    return p


def _keys(path: Path) -> list[tuple[str, int, str]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return [(r["source_file"], r["position"], r["policy"]) for r in rows]


def test_killed_run_resumes_without_judging_twice(tmp_path: Path) -> None:
    data = _big(tmp_path)
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    args = ["-p", "payments", "-p", "confidential", "--reader", "none", "--batch-size", "1", "-w", "1"]
    subprocess.run(_cli(str(data), *args, "--out", str(full)), capture_output=True, check=False, timeout=300)
    total = len(full.read_text().splitlines())
    proc = subprocess.Popen(_cli(str(data), *args, "--out", str(part)), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or len(part.read_bytes().splitlines()) < 10):
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with part.open("ab") as f:
        f.write(b'{"trace_id": "torn')  # a line cut off by the kill
    written = len(part.read_bytes().splitlines()) - 1
    assert 10 <= written < total, "the run must be killed halfway"
    again = subprocess.run(_cli(str(data), *args, "--out", str(part)), capture_output=True, text=True, timeout=300)
    assert again.returncode in (0, 1, 3), again.stderr
    assert "from an earlier run" in again.stderr
    keys = _keys(part)
    assert len(keys) == len(set(keys)) == total
    assert part.read_bytes() == full.read_bytes()


def test_interrupt_and_timeout_write_what_was_reached(tmp_path: Path) -> None:
    data = _big(tmp_path)
    out = tmp_path / "int.jsonl"
    args = ["-p", "payments", "--reader", "none", "--batch-size", "2", "--out", str(out)]
    proc = subprocess.Popen(_cli(str(data), *args, "-w", "2"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or len(out.read_bytes().splitlines()) < 4):
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "stopped (interrupted)" in err and "Traceback" not in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and len({(r["source_file"], r["position"]) for r in rows}) == len(rows)
    timed = tmp_path / "timed.jsonl"
    (tmp_path / "many").mkdir()
    many = _big(tmp_path / "many", copies=800)  # far more than 0.3 s of work on any machine
    code = run_audit([many], ["payments"], reader="none", out=timed, batch_size=1, run_timeout=0.3, workers=1)
    n = len(timed.read_text().splitlines()) if timed.exists() else 0
    assert code in (1, 3) and n < len(many.read_text().splitlines())
