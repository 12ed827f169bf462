"""Per-trace caches: error classification, selector matches, the flow graph."""

from __future__ import annotations

import fnmatch
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from formaljudge.extract._errors import classify_result
from formaljudge.extract._evidence import Evidence
from formaljudge.ir._pattern import compile_user
from formaljudge.ir._selector import StepSelector
from formaljudge.traces._address import lookup
from formaljudge.traces._model import Step, StepKind, Trace

if TYPE_CHECKING:
    import networkx as nx

Env = dict[str, int]


class TraceContext:
    """``errors``, ``graph``, ``recovery``, ``regex`` (compiled patterns) and ``store`` may be handed in by a
    caller that keeps them across calls on traces that extend one another (the guard); ``fixed``: how many
    steps from the start are the same in every trace that those caches serve (the guard's session so far,
    without the proposed call), so that work on them may be kept in ``store`` (all steps, by default)."""

    def __init__(
        self,
        trace: Trace,
        *,
        errors: dict[int, tuple[bool, str]] | None = None,
        graph: nx.DiGraph | None = None,
        recovery: dict[int, Any] | None = None,
        settled: tuple[int, dict[int, tuple[StepSelector, list[int], int]]] | None = None,
        regex: dict[str, Any] | None = None,
        store: dict[Any, Any] | None = None,
        fixed: int | None = None,
    ) -> None:
        self.trace = trace
        self._errors: dict[int, tuple[bool, str]] = {} if errors is None else errors
        # failed results: what ``_retries.recovered`` knows of each (recovered, and from which call to look again)
        self.recovery: dict[int, Any] = {} if recovery is None else recovery
        # work on the first ``fixed`` steps, by whoever did it (a running sum, evidence), kept as long as they are
        self.store: dict[Any, Any] = {} if store is None else store
        self.fixed = len(trace.steps) if fixed is None else min(fixed, len(trace.steps))
        # (n, cache): the first n steps will not change (the guard's session so far); the cache keeps each
        # selector's hits among them, so that the next check scans only the steps added since
        self._settled = settled
        self._results: dict[int, Step] | None = None
        self._regex = regex
        self._kinds: dict[StepKind, list[Step]] | None = None
        self._graph = graph
        # per selector's static fields (those that do not depend on bound variables; by the identity of the
        # first selector seen with them, kept alive here): indices of the steps that match them, so that
        # ``before``/``after`` are a bisection
        self._hits: dict[int, tuple[StepSelector, list[int]]] = {}
        self.memo: dict[Any, Any] = {}  # work several facts share (the answer's claims)

    @property
    def graph(self) -> nx.DiGraph:
        if self._graph is None:
            from formaljudge.extract._flow import flow_graph

            self._graph = flow_graph(self.trace)
        return self._graph

    def result_of(self, call: Step) -> Step | None:
        if self._results is None:
            # the results among the fixed steps are listed once (in ``store``), those after them for this trace
            kept: tuple[int, dict[int, Step]] | None = self.store.get(_RESULTS)
            upto, results = kept if kept is not None and kept[0] <= self.fixed else (0, {})
            steps = self.trace.steps
            _add_results(results, steps[upto : self.fixed])
            self.store[_RESULTS] = (self.fixed, results)
            if any(s.kind is StepKind.TOOL_RESULT for s in steps[self.fixed :]):
                results = dict(results)
                _add_results(results, steps[self.fixed :])
            self._results = results
        return self._results.get(call.index)

    def error(self, step: Step) -> tuple[bool, str] | None:
        """Error status of a tool result, or of a call through its result (None: no result)."""
        if step.kind is StepKind.TOOL_CALL:
            res = self.result_of(step)
            return None if res is None else self.error(res)
        if step.kind is not StepKind.TOOL_RESULT:
            return None
        if step.index not in self._errors:
            call = self.trace.steps[step.result_of] if step.result_of is not None else None
            asked = " ".join(str(v) for v in call.args.values()) if call is not None else ""
            self._errors[step.index] = classify_result(step, asked)
        return self._errors[step.index]

    def failed(self, step: Step) -> bool:
        """A tool call or result known to have failed (no result recorded: not failed)."""
        status = self.error(step)
        return status is not None and status[0]

    def flow_evidence(self, sources: set[int], target: Step) -> list[Evidence]:
        """Evidence that data from one of ``sources`` reaches ``target``'s arguments (empty: it does not)."""
        ev: list[Evidence] = []
        for p in self.graph.predecessors(target.index):
            if p in sources:
                data = self.graph.edges[p, target.index]
                ev.append(Evidence.of(self.trace.steps[p], note=f"flows into {target.address}"))
                ev.append(Evidence.of(target, "args." + data["args"][0], quote=data["values"][0]))
        return ev

    def flow_from(self, source: StepSelector, env: Env, target: Step) -> list[Evidence]:
        """Evidence that data from a step matching ``source`` reaches ``target`` (the target's
        predecessors in the flow graph are checked, not every source)."""
        steps = self.trace.steps
        preds = {p for p in self.graph.predecessors(target.index) if self.matches(steps[p], source, env)}
        return self.flow_evidence(preds, target) if preds else []

    def of_kind(self, *kinds: StepKind) -> list[Step]:
        """``trace.of_kind(*kinds)``, through the selector caches (a guard's check scans only new steps)."""
        if len(kinds) == 1:
            return self.select(_KIND[kinds[0]])
        steps = self.trace.steps
        return [steps[i] for i in sorted({i for k in kinds for i in self._static(_KIND[k])[1]})]

    @property
    def final_answer(self) -> Step | None:
        """``trace.final_answer``: the last final answer."""
        finals = self.select(_KIND[StepKind.FINAL])
        return finals[-1] if finals else None

    def regex(self, pattern: str) -> Any:
        """A spec's pattern, compiled once per process: on RE2 (linear time) where installed (see ``ir._pattern``);
        kept in the caller's ``regex`` store when one was handed in (a guard remembers searches there)."""
        if self._regex is None:
            return _compiled(pattern)
        got = self._regex.get(pattern)
        if got is None:
            self._regex[pattern] = _compiled(pattern)
            got = self._regex[pattern]
        return got

    def matches(self, step: Step, sel: StepSelector, env: Env) -> bool:
        hits = self._static(sel)[1]
        i = bisect_left(hits, step.index)
        return i < len(hits) and hits[i] == step.index and self._bound_ok(step, sel, env)

    def _bound_ok(self, step: Step, sel: StepSelector, env: Env) -> bool:
        """The selector's conditions on bound variables."""
        if sel.before is not None and not step.index < env[sel.before]:
            return False
        if sel.after is not None and not step.index > env[sel.after]:
            return False
        return sel.named_in is None or names_tool(self.trace.steps[env[sel.named_in]].text, step.tool)

    def _static(self, sel: StepSelector) -> tuple[StepSelector, list[int]]:
        st = _statics(sel)
        got = self._hits.get(id(st.rep))
        if got is None:
            steps = self.trace.steps
            rep = st.rep
            if self._settled is None:
                pool = steps if st.kind is None else self._of_kind(st.kind)
                hits = [s.index for s in pool if self._matches_static(s, st)]
            else:
                n, cache = self._settled
                kept = cache.get(id(rep))
                if kept is not None and kept[0] is rep and kept[2] <= n:
                    settled, upto = kept[1], kept[2]
                else:
                    settled, upto = [], 0
                settled += [s.index for s in steps[upto:n] if self._matches_static(s, st)]  # in place: kept
                cache[id(rep)] = (rep, settled, n)
                more = [s.index for s in steps[n:] if self._matches_static(s, st)]
                hits = settled + more if more else settled
            got = self._hits[id(rep)] = (rep, hits)
        return got

    def _of_kind(self, kind: StepKind) -> list[Step]:
        """The trace's steps of one kind, in order (listed once per trace)."""
        if self._kinds is None:
            self._kinds = {}
            for s in self.trace.steps:
                self._kinds.setdefault(s.kind, []).append(s)
        return self._kinds.get(kind, [])

    def _matches_static(self, step: Step, st: _Statics) -> bool:
        if st.kind is not None and step.kind is not st.kind:
            return False
        if st.globs is not None and not st.tool_ok(step.tool):
            return False
        if st.text is not None and not self.regex(st.text).search(step.text):
            return False
        if st.error is not None:
            status = self.error(step)
            if status is None or status[0] is not st.error:
                return False
        if not all(p in step.args for p in st.arg_present):
            return False
        for path, pattern in st.arg_matches:
            try:
                value = lookup(step.args, path)
            except KeyError:
                return False
            if not self.regex(pattern).search(value if isinstance(value, str) else json.dumps(value)):
                return False
        return True

    def _window(self, sel: StepSelector, env: Env) -> tuple[list[int], int, int]:
        """The static hits and the range of them that ``before``/``after`` allow."""
        _, hits = self._static(sel)
        lo, hi = 0, len(hits)
        if sel.after is not None:
            lo = bisect_right(hits, env[sel.after])
        if sel.before is not None:
            hi = bisect_left(hits, env[sel.before])
        return hits, lo, hi

    def indices(self, sel: StepSelector) -> list[int]:
        """The indices of the steps that match ``sel``'s static fields, in order (not to be changed)."""
        return self._static(sel)[1]

    def select_from(self, sel: StepSelector, start: int) -> list[Step]:
        """``[s for s in select(sel) if s.index >= start]``, without listing the ones before ``start``."""
        env: Env = {}
        hits, lo, hi = self._window(sel, env)
        lo = max(lo, bisect_left(hits, start, lo, hi))
        steps = self.trace.steps
        if sel.named_in is not None:
            named = steps[env[sel.named_in]].text
            return [steps[i] for i in hits[lo:hi] if names_tool(named, steps[i].tool)]
        return [steps[i] for i in hits[lo:hi]]

    def evidence(self, step: Step, path: str = "", quote: str | None = None, note: str = "") -> Evidence:
        """``Evidence.of(step, path, quote, note)``, made once for a step among the fixed ones."""
        if step.index >= self.fixed:
            return Evidence.of(step, path, quote, note)
        key = (_EVIDENCE, step.index, path, quote, note)
        got: Evidence | None = self.store.get(key)
        if got is None:
            got = self.store[key] = Evidence.of(step, path, quote, note)
        return got

    def select(self, sel: StepSelector, env: Env | None = None, *, limit: int | None = None) -> list[Step]:
        """The matching steps in order (the first ``limit`` of them)."""
        env = env or {}
        hits, lo, hi = self._window(sel, env)
        steps = self.trace.steps
        if sel.named_in is not None:
            named = steps[env[sel.named_in]].text
            out = [steps[i] for i in hits[lo:hi] if names_tool(named, steps[i].tool)]
            return out if limit is None else out[:limit]
        return [steps[i] for i in hits[lo : hi if limit is None else min(hi, lo + limit)]]

    def first(self, sel: StepSelector, env: Env | None = None) -> Step | None:
        """The first matching step (without listing them all)."""
        env = env or {}
        if sel.named_in is not None:
            found = self.select(sel, env)
            return found[0] if found else None
        hits, lo, hi = self._window(sel, env)
        return self.trace.steps[hits[lo]] if lo < hi else None

    def count(self, sel: StepSelector, env: Env | None = None) -> int:
        env = env or {}
        if sel.named_in is not None:
            return len(self.select(sel, env))
        _, lo, hi = self._window(sel, env)
        return max(0, hi - lo)


_KIND = {k: StepSelector(kind=k) for k in StepKind}  # one selector per kind, the same object every time
_EVIDENCE = "evidence"
_RESULTS = "results"


def _add_results(results: dict[int, Step], steps: Sequence[Step]) -> None:
    """Each call's first result among ``steps`` (a call's result comes after it), unless it has one already."""
    for s in steps:
        if s.kind is StepKind.TOOL_RESULT and s.result_of is not None and s.result_of < s.index:
            results.setdefault(s.result_of, s)


_TEXT: dict[tuple[StepKind, str], StepSelector] = {}


def kind_selector(kind: StepKind) -> StepSelector:
    """The selector of every step of ``kind`` (the same object every time, so that caches find it again)."""
    return _KIND[kind]


def text_selector(kind: StepKind, pattern: str) -> StepSelector:
    """The selector of the steps of ``kind`` whose text ``pattern`` finds (the same object every time)."""
    got = _TEXT.get((kind, pattern))
    if got is None:
        if len(_TEXT) > 4096:
            _TEXT.clear()
        got = _TEXT[kind, pattern] = StepSelector(kind=kind, text=pattern)
    return got


class _Statics:
    """A selector's static fields (all but ``before``, ``after`` and ``named_in``), shared by every selector
    that has the same ones (a policy repeats its selectors: each for-all over transfers, its sum fact); ``rep``
    is the first selector seen with them. Whether a tool name matches the globs is remembered per name."""

    __slots__ = ("_tools", "arg_matches", "arg_present", "error", "globs", "kind", "rep", "text")

    def __init__(self, sel: StepSelector) -> None:
        self.rep = sel
        self.kind = sel.kind
        self.globs = None if sel.tool is None else _globs(tuple(sel.tool))
        self.text = sel.text
        self.error = sel.error
        self.arg_present = tuple(sel.arg_present)
        self.arg_matches = tuple(sel.arg_matches.items())
        self._tools: dict[str | None, bool] = {}

    def tool_ok(self, tool: str | None) -> bool:
        """The tool name matches the globs (lower-cased, as ``fnmatchcase``); no name matches none."""
        got = self._tools.get(tool)
        if got is None:
            if len(self._tools) > 4096:
                self._tools.clear()
            got = self._tools[tool] = bool(tool and self.globs and self.globs.match(tool.lower()))
        return got


_STATICS: dict[int, tuple[StepSelector, _Statics]] = {}  # by selector identity (the selector kept alive)
_BY_FIELDS: dict[tuple[Any, ...], _Statics] = {}


def _statics(sel: StepSelector) -> _Statics:
    got = _STATICS.get(id(sel))
    if got is None or got[0] is not sel:
        if len(_STATICS) > 4096:
            _STATICS.clear()
            _BY_FIELDS.clear()
        tools = None if sel.tool is None else tuple(sel.tool)
        key = (sel.kind, tools, sel.text, sel.error, tuple(sel.arg_present), tuple(sel.arg_matches.items()))
        st = _BY_FIELDS.get(key)
        if st is None:
            st = _BY_FIELDS[key] = _Statics(sel)
        got = _STATICS[id(sel)] = (sel, st)
    return got[1]


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Any:
    """Compiled patterns are the same for every trace: compiling one costs more than most searches."""
    return compile_user(pattern)


@lru_cache(maxsize=512)
def _globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Tool-name globs as one pattern (matched against the lower-cased name, as ``fnmatchcase``)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p.lower())})" for p in patterns))


def names_tool(text: str, tool: str | None) -> bool:
    """Does ``text`` name the tool (as a whole word, any case)?"""
    if not tool or len(tool) < 3:
        return False
    return re.search(rf"(?<![\w]){re.escape(tool)}(?![\w])", text, re.IGNORECASE) is not None


_DESCRIBED: dict[tuple[int, ...], tuple[StepSelector, str]] = {}


def describe(sel: StepSelector, env: Env | None = None) -> str:
    """A selector in words, for evidence and reports (made once per selector and bound steps it names)."""
    env = env or {}
    key = (id(sel), *(env.get(v, -1) for v in (sel.named_in, sel.before, sel.after) if v is not None))
    got = _DESCRIBED.get(key)
    if got is None or got[0] is not sel:
        if len(_DESCRIBED) > 8192:
            _DESCRIBED.clear()
        got = _DESCRIBED[key] = (sel, _describe(sel, env))
    return got[1]


def _describe(sel: StepSelector, env: Env) -> str:
    kind = {
        None: "step",
        StepKind.TOOL_CALL: "tool call",
        StepKind.TOOL_RESULT: "tool result",
        StepKind.USER: "user message",
        StepKind.AGENT: "agent message",
        StepKind.FINAL: "final answer",
        StepKind.SYSTEM: "system message",
    }[sel.kind]
    parts = [kind]
    if sel.tool:
        parts.append("to " + " or ".join(sel.tool))
    if sel.text:
        parts.append(f"matching /{sel.text}/")
    if sel.error is not None:
        parts.append("that failed" if sel.error else "that succeeded")
    if sel.arg_present:
        parts.append("with " + ", ".join(sel.arg_present))
    for path, pattern in sel.arg_matches.items():
        parts.append(f"with {path} matching /{pattern}/")
    if sel.named_in is not None:
        where = f"steps[{env[sel.named_in]}]" if sel.named_in in env else sel.named_in
        parts.append(f"whose tool is named in {where}")
    if sel.before is not None:
        parts.append(f"before steps[{env[sel.before]}]" if sel.before in env else f"before {sel.before}")
    if sel.after is not None:
        parts.append(f"after steps[{env[sel.after]}]" if sel.after in env else f"after {sel.after}")
    return " ".join(parts)
