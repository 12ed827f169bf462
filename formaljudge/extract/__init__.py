"""Read facts from a trace: code first, a reader for the rest."""

from __future__ import annotations

from formaljudge.extract._code import extract_code
from formaljudge.extract._context import TraceContext, describe
from formaljudge.extract._errors import classify_result
from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.extract._flow import flow_graph
from formaljudge.extract._ground import GExpr, Grounder, GVar, atoms_of
from formaljudge.extract._pace import checkpoint
from formaljudge.extract._reader import NoReader, Reader, ReadRequest, not_asked, read_many
from formaljudge.ir._facts import Code, Question
from formaljudge.ir._spec import PolicySpec


def extract_facts(spec: PolicySpec, ctx: TraceContext, reader: Reader | None) -> dict[str, FactValue]:
    """Every fact of ``spec``: code facts read here, questions asked of ``reader`` (None: left unasked)."""
    out: dict[str, FactValue] = {}
    for i, fact in enumerate(spec.facts):
        checkpoint(f"fact {fact.name}", i, len(spec.facts))
        match fact.source:
            case Code(extractor=ex):
                out[fact.name] = extract_code(fact, ex, ctx)
            case Question() as q:
                out[fact.name] = reader.read(fact, q, ctx.trace) if reader is not None else not_asked(fact)
    return out


__all__ = [
    "Evidence",
    "FactValue",
    "GExpr",
    "GVar",
    "Grounder",
    "NoReader",
    "ReadRequest",
    "Reader",
    "TraceContext",
    "atoms_of",
    "classify_result",
    "describe",
    "extract_code",
    "extract_facts",
    "flow_graph",
    "not_asked",
    "read_many",
]
