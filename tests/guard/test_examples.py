"""The examples under examples/ run offline and show the guard at work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(name: str) -> str:
    proc = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_openai_tool_loop_example() -> None:
    out = _run("openai_tool_loop.py")
    assert "-> block ['confirm_large_transfers" in out and "needs your confirmation" in out


def test_agents_sdk_example() -> None:
    pytest.importorskip("agents")
    out = _run("agents_sdk_guardrail.py")
    assert '"amount": 40, "to": "Courier"}: allow' in out and "reject_content Blocked by policy" in out
