"""Golden cases: policy + trace -> expected verdicts and evidence.

Set FORMALJUDGE_UPDATE_GOLDEN=1 to rewrite the expected files deliberately,
then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from formaljudge.judge import judge
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def snapshot(case: Path) -> list[dict[str, object]]:
    spec = load_policy(case / "policy.json")
    out = []
    for f in sorted(case.glob("trace.*")):
        for t in load_traces(f):
            assert isinstance(t, Trace), t
            r = judge(t, spec)
            out.append(
                {
                    "trace": t.id,
                    "format": t.format,
                    "verdict": r.verdict.value,
                    "constraints": {
                        c.id: {
                            "verdict": c.verdict.value,
                            "steps": sorted(c.steps),
                            "forcing": sorted(f.label for f in c.forcing) if c.verdict.value == "VIOLATED" else [],
                            "depends_on": c.depends_on,
                        }
                        for c in r.constraints
                    },
                }
            )
    return out


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    case = GOLDEN / name
    got = snapshot(case)
    expected_file = case / "expected.json"
    if os.environ.get("FORMALJUDGE_UPDATE_GOLDEN") == "1" or not expected_file.exists():
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
        if os.environ.get("FORMALJUDGE_UPDATE_GOLDEN") != "1":
            pytest.fail(f"wrote new golden file {expected_file}; review it and run again")
    assert got == json.loads(expected_file.read_text())


def test_golden_cases_cover_every_operator_and_adapter() -> None:
    ops: set[str] = set()
    kinds: set[str] = set()
    formats: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("op"), str):
                ops.add(node["op"])
            if isinstance(node.get("kind"), str) and "extractor" not in node:
                kinds.add(node["kind"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for name in CASES:
        walk(json.loads((GOLDEN / name / "policy.json").read_text()))
        formats |= {r["format"] for r in json.loads((GOLDEN / name / "expected.json").read_text())}
    assert ops >= {
        "const",
        "fact",
        "not",
        "and",
        "or",
        "implies",
        "cmp",
        "arith",
        "forall",
        "exists",
        "count",
        "sum",
        "arg",
        "matches",
        "flows",
    }
    assert kinds >= {
        "tool_called",
        "count",
        "sum_arg",
        "arg_value",
        "tool_error",
        "final_answer_present",
        "final_answer_length",
        "text_matches",
        "flows",
        "ordered",
    }
    assert formats >= {"openai", "anthropic", "contents"}
