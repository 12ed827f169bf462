"""Every pattern run over trace text is linear: each extractor, each reader cue and every compiled pattern in
the package on 100 KB runs of one character class, within a small time budget each.

The extractors come from the IR's extractor union (the registry) and are run as the shipped policies, the
golden specs and the benchmark spec use them; the test fails if a kind of extractor has no spec that uses it,
so a new extractor is guarded as soon as it exists.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import time
import typing
from collections.abc import Iterator
from typing import Any

import pytest

import formaljudge
from formaljudge.extract import TraceContext, extract_code
from formaljudge.ir import Code, Question
from formaljudge.ir._facts import Extractor
from formaljudge.ir._spec import PolicySpec
from formaljudge.policies import load_policy, shipped
from formaljudge.readers import EmbeddedReader
from formaljudge.traces import Trace, parse_record
from tests.conftest import ROOT

SIZE = 100_000
BUDGET_S = 5.0  # linear cases take up to 2 s at 100 KB on a quiet 2-core box; quadratic ones took tens of seconds
RUNS = {
    "letters": "a" * SIZE,
    "capitals": "A" * SIZE,
    "digits": "7" * SIZE,
    "punctuation": ".,;:!?-_/()[]{}'\"#%&*+=<>@$^~`|\\" * (SIZE // 33),
    "spaces": " " * SIZE,
    "words": "Q3 2024 report A1 " * (SIZE // 36),
    "newlines": "a\n" * (SIZE // 2),
    # dense runs where every token is a number or an identifier that the claim checks turn into exact fractions
    # (about 0.1-0.3 ms apiece, linear): kept smaller to fit the budget on a busy machine; the quadratic check
    # of numbers fixed here took 25 s on 10 KB
    "numbers": "1 " * (SIZE // 20),
    "dotted": "a." * (SIZE // 2),
    "mixed": "A1" * (SIZE // 2),
    "doc words": "report " + " " * SIZE + "x",
}


def _specs() -> list[PolicySpec]:
    paths = [*sorted((ROOT / "tests" / "golden").glob("*/policy.json")), ROOT / "benchmarks" / "ten_constraints.json"]
    return [load_policy(n) for n in shipped()] + [load_policy(p) for p in paths if p.exists()]


PLACES = ("task", "arguments", "result", "answer")


def _hostile(run: str, place: str) -> Trace:
    """A trajectory with the run in one place (the rest short and ordinary)."""

    def at(p: str, usual: str) -> str:
        return run if p == place else usual

    args = {"path": at("arguments", "q3_report.pdf"), "amount": 1200, "to": "a@b.c"}
    calls = [
        {"id": "c1", "type": "function", "function": {"name": "read_file", "arguments": json.dumps(args)}},
    ]
    call2 = {"id": "c2", "type": "function", "function": {"name": "send_email", "arguments": '{"body": "hi"}'}}
    return parse_record(
        {
            "id": "hostile",
            "messages": [
                {"role": "user", "content": at("task", "Summarize the Q3 2024 report and email it.")},
                {"role": "assistant", "content": "Reading it.", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "c1", "content": at("result", "Revenue 1,200 in 3 regions.")},
                {"role": "assistant", "content": None, "tool_calls": [call2]},
                {"role": "tool", "tool_call_id": "c2", "content": "Error: mailbox full"},
                {"role": "assistant", "content": at("answer", "I sent the summary: revenue was 1,200.")},
            ],
        }
    )


def _extractor_kinds() -> set[str]:
    union = typing.get_args(Extractor)[0]
    return {cls.__name__ for cls in typing.get_args(union)}


def test_every_kind_of_extractor_is_exercised() -> None:
    used = {type(f.source.extractor).__name__ for s in _specs() for f in s.facts if isinstance(f.source, Code)}
    missing = _extractor_kinds() - used
    assert not missing, f"no shipped, golden or benchmark spec uses {sorted(missing)}: add one, so this test runs it"


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_extractors_and_reader_cues_are_linear(kind: str) -> None:
    slow = []
    for place in PLACES:
        slow += _slow_facts(_hostile(RUNS[kind], place), place)
    assert not slow, f"{kind}: {slow}"


def _slow_facts(trace: Trace, place: str) -> list[str]:
    ctx = TraceContext(trace)
    reader = EmbeddedReader(use_model=False)  # cue patterns and sentence splitting, no model
    slow = []
    seen: set[str] = set()
    for spec in _specs():
        for fact in spec.facts:
            key = fact.source.model_dump_json()
            if key in seen:
                continue
            seen.add(key)
            t0 = time.perf_counter()
            match fact.source:
                case Code(extractor=ex):
                    extract_code(fact, ex, ctx)
                case Question() as q:
                    reader.read(fact, q, trace)
            took = time.perf_counter() - t0
            if took > BUDGET_S:
                slow.append(f"{spec.name}.{fact.name} (run in the {place}): {took:.1f} s")
    return slow


def _patterns(obj: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(obj, re.Pattern):
        if isinstance(obj.pattern, str):
            yield obj
    elif depth < 3 and isinstance(obj, tuple | list | frozenset | set):
        for x in obj:
            yield from _patterns(x, depth + 1)
    elif depth < 3 and isinstance(obj, dict):
        for x in obj.values():
            yield from _patterns(x, depth + 1)
    elif depth < 3 and hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
        for name in obj.__dataclass_fields__:
            yield from _patterns(getattr(obj, name, None), depth + 1)


def _package_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(formaljudge.__path__, "formaljudge."):
        if ".integrations" in info.name or info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue
        for name, value in vars(module).items():
            for i, p in enumerate(_patterns(value)):
                found[f"{info.name}.{name}[{i}]:{p.pattern[:40]}"] = p
    return found


def test_the_package_has_patterns_to_check() -> None:
    assert len(_package_patterns()) > 20


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_every_compiled_pattern_in_the_package_is_linear(kind: str) -> None:
    text = RUNS[kind]
    slow = []
    for where, p in _package_patterns().items():
        t0 = time.perf_counter()
        for _ in p.finditer(text):
            pass
        took = time.perf_counter() - t0
        if took > BUDGET_S:
            slow.append(f"{where}: {took:.1f} s")
    assert not slow, f"{kind}: {slow}"
