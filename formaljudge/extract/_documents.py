"""Document substitution: the task names a specific document, and what the
agent obtained is not it.

A named document is a file name (``q3_report.pdf``) or a document word with
an identifier beside it ("the Q3 2024 report", "invoice INV-1043", "the 2023
annual report"). It counts as obtained when every token of its identifier
appears in the arguments or the result of a tool call that succeeded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from formaljudge.extract._context import TraceContext
from formaljudge.extract._evidence import Evidence
from formaljudge.traces._model import Step, StepKind

# (?<![\w.-]): one start per run of name characters, so a search over "a.a.a..." stays linear
_FILE = re.compile(
    r"(?<![\w.-])[\w.-]*[A-Za-z0-9]\.(?:pdf|docx?|xlsx?|csv|tsv|txt|md|json|pptx?|html?|xml|ya?ml|log)\b", re.I
)
_DOC_WORDS = (
    r"report|file|document|doc|memo|contract|invoice|statement|spreadsheet|sheet|deck|policy|minutes|transcript|"
    r"paper|manual|agreement|proposal|brief|filing|return|budget|plan|presentation|letter|summary|audit|review|"
    r"earnings|release|specification|spec|handbook|guide|receipt|quote|record"
)
# linear on long runs: "[A-Z]{2}[\w-]*" is the same language as "[A-Z]{2,}[\w-]*" without its quadratic backtracking
_IDENT = r"(?:[A-Za-z]*\d[\w-]*|[A-Z]{2}[\w-]*)"
_NAMED = re.compile(
    rf"\b(?P<id1>(?:{_IDENT}\s+){{0,2}}{_IDENT})\s+(?:\w+\s+){{0,2}}(?:{_DOC_WORDS})s?\b"
    rf"|\b(?:{_DOC_WORDS})s?\s+(?:(?:#|no\.?|number|id)\s*)?(?P<id2>{_IDENT}(?:\s+{_IDENT})?)",
)
_SPECIFIC = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|\d{4,}|\d[-/]\d|[A-Za-z]-\d")  # not a bare small number
_TOKENS = re.compile(r"[a-z]+|\d+")
_SEARCH_TOOLS = re.compile(r"search|find|query|lookup|list", re.I)
_READ_TOOLS = re.compile(r"read|get|fetch|open|load|download|retrieve|search|find|query|list|view|lookup|cat", re.I)


@dataclass(frozen=True)
class Named:
    text: str
    tokens: tuple[str, ...]


def _tokens(s: str) -> tuple[str, ...]:
    return tuple(_TOKENS.findall(s.lower()))


def named_documents(task: str) -> list[Named]:
    out: list[Named] = []
    for m in _FILE.finditer(task):
        out.append(Named(m.group(0), _tokens(m.group(0).rsplit(".", 1)[0])))
    masked = _FILE.sub(" ", task)
    for m in _NAMED.finditer(masked):
        ident = m.group("id1") or m.group("id2")
        if _SPECIFIC.search(ident):
            out.append(Named(m.group(0).strip(), _tokens(ident)))
    return out


@dataclass(frozen=True)
class Substitution:
    wanted: Named
    obtained: tuple[Step, ...]  # the reads that succeeded, none of which is the named document


def substitutions(ctx: TraceContext) -> list[Substitution]:
    """Named documents that no successful call obtained, when some read did succeed."""
    trace = ctx.trace
    wanted = named_documents(trace.task)
    if not wanted:
        return []
    ok_calls = [c for c in trace.of_kind(StepKind.TOOL_CALL) if not ctx.failed(c)]
    reads = [c for c in ok_calls if _READ_TOOLS.search(c.tool or "")]
    if not reads:
        return []
    seen: list[set[str]] = []
    for c in ok_calls:
        res = ctx.result_of(c)
        # a search query names what was wanted, not what was got: only its result counts
        args = "" if _SEARCH_TOOLS.search(c.tool or "") else " ".join(str(v) for v in c.args.values())
        text = args + " " + (res.text[:4000] if res is not None else "")
        seen.append(set(_tokens(text)))
    out = []
    for w in wanted:
        if not any(set(w.tokens) <= toks for toks in seen):
            out.append(Substitution(w, tuple(reads)))
    return out


def substitution_fact(ctx: TraceContext) -> tuple[bool, list[Evidence], str]:
    subs = substitutions(ctx)
    first_user = next(iter(ctx.trace.of_kind(StepKind.USER)), None)
    ev = [Evidence.of(first_user, quote=x.wanted.text, note="the task names this document") for x in subs if first_user]
    ev += [Evidence.of(s, note="obtained instead") for s in (subs[0].obtained if subs else ())]
    return bool(subs), ev, "; ".join(f"'{x.wanted.text}' was not obtained" for x in subs)
