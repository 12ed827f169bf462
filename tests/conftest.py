from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from formaljudge.extract import FactValue
from formaljudge.ir import Fact, Question
from formaljudge.traces import Trace

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
ASSEBENCH = SHARED_DATA / "assebench-security.json"


class ScriptedReader:
    """A scripted double of the reader port: answers from a table, None = unknown."""

    name = "scripted"

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        self.calls.append(fact.name)
        return FactValue(name=fact.name, type=fact.type, value=self.answers.get(fact.name), source=self.name)


@pytest.fixture
def write_json(tmp_path: Path):
    def write(name: str, value: Any, jsonl: bool = False) -> Path:
        p = tmp_path / name
        if jsonl:
            p.write_text("".join(json.dumps(v) + "\n" for v in value))
        else:
            p.write_text(json.dumps(value))
        return p

    return write
