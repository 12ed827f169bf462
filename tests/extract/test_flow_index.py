"""The flow graph is the same whether the sources' texts are indexed (long traces) or each call is compared with
every source (short ones): the index only narrows which sources are compared."""

import sys

import pytest

from formaljudge.extract import _flow
from formaljudge.extract._flow import flow_graph
from formaljudge.traces import Trace, load_traces, parse_record
from tests.conftest import ASSEBENCH, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import session


def _traces() -> list[Trace]:
    corpus = sorted((ROOT / "agents_traces").rglob("*.json*"))
    corpus += [ASSEBENCH] if ASSEBENCH.exists() else []
    out = [t for p in corpus for t in load_traces(p) if isinstance(t, Trace)]
    return out + [parse_record({"id": f"s{n}", "messages": session(n)}) for n in (25, 100)]


def _edges(trace: Trace) -> list[tuple[int, int, dict[str, list[str]]]]:
    return sorted(flow_graph(trace).edges(data=True))


def test_indexing_changes_no_edge(monkeypatch: pytest.MonkeyPatch) -> None:
    traces = _traces()
    monkeypatch.setattr(_flow, "_INDEX_FROM", 10**9)
    unindexed = [_edges(t) for t in traces]
    monkeypatch.setattr(_flow, "_INDEX_FROM", 0)
    assert [_edges(t) for t in traces] == unindexed
    assert sum(map(len, unindexed)) > 50


def test_a_long_trace_is_indexed() -> None:
    index = _flow.FlowIndex()
    for step in parse_record({"id": "s", "messages": session(100)}).steps:
        index.add(step)
    assert len(index.sources) >= _flow._INDEX_FROM and index._grams
