"""An LLM answers one fact question on its context slice, with a quote that must really be there."""

from __future__ import annotations

from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.extract._reader import ReadRequest
from formaljudge.ir._facts import Fact, Question
from formaljudge.llm import LLM, CachedLLM, CircuitOpen, Completion, Message, ProviderError, ask, map_bounded
from formaljudge.prompts import template
from formaljudge.readers._answers import ANSWER_HINT, answer_schema, parse_answer
from formaljudge.readers._slices import Slice, cut
from formaljudge.traces._model import Trace

TEMPLATE = "read_fact.v1"


class LLMReader:
    """Answers below ``min_confidence`` (where the provider gives log-probabilities) stay UNKNOWN.

    An answer counts only with a quote found in the slice (headers and
    whitespace aside); a reply that cannot be parsed, or whose quote is
    missing or not there, is UNKNOWN and is not cached. A call that got no
    reply at all (outage, 429, HTML from a proxy) is an *error* on the fact,
    not an answer; ``CircuitOpen`` is raised on, to stop the run.
    """

    def __init__(self, llm: LLM | CachedLLM, *, min_confidence: float = 0.6, concurrency: int = 4) -> None:
        self.llm = llm
        self.min_confidence = min_confidence
        self.concurrency = concurrency  # questions in flight at once (a local transformers model: one)
        self.name = f"{llm.provider}:{llm.model}"

    def read_many(self, requests: list[ReadRequest]) -> list[FactValue]:
        """Answers in order, ``concurrency`` calls in flight (a batch of trajectories asks together)."""
        at_once = 1 if self.llm.provider == "transformers" else self.concurrency
        return list(map_bounded(lambda r: self.read(r.fact, r.question, r.trace), requests, concurrency=at_once))

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        sl = cut(trace, question.slice, question.max_chars)
        tpl = template(TEMPLATE)
        prompt = tpl.render(
            question=question.question,
            answer_type=fact.type.value,
            answer_hint=ANSWER_HINT[fact.type],
            slice=question.slice.value.replace("_", " "),
            excerpt=sl.text or "(empty)",
        )
        try:
            c = ask(
                self.llm,
                [Message(role="user", content=prompt)],
                json_schema=answer_schema(fact.type),
                max_tokens=200,
                template=tpl.version,
                accept=lambda c: self._interpret(fact, question, sl, c)[1],
            )
        except CircuitOpen:
            raise
        except ProviderError as exc:
            return FactValue(
                name=fact.name, type=fact.type, value=None, source=self.name, note="reader error", error=str(exc)
            )
        return self._interpret(fact, question, sl, c)[0]

    def _interpret(self, fact: Fact, question: Question, sl: Slice, c: Completion) -> tuple[FactValue, bool]:
        """The fact's value from a reply, and whether the reply was usable (only usable replies are cached)."""
        spent = {
            "calls": 1,
            "cached_calls": int(c.cached),
            "prompt_tokens": c.prompt_tokens,
            "completion_tokens": c.completion_tokens,
        }

        def unknown(note: str, usable: bool) -> tuple[FactValue, bool]:
            fv = FactValue(name=fact.name, type=fact.type, value=None, source=self.name, note=note, llm=spent)
            return fv, usable

        value, quote, why = parse_answer(c.text, fact.type)
        if value is None:
            # "the reader could not tell" is a real answer; a reply that does not parse is not
            return unknown(why, usable=why == "the reader could not tell")
        if not quote.strip():
            return unknown("the answer gives no quote from the excerpt", usable=False)
        steps = sl.find_all(quote)
        if not steps:
            note = f"the quoted evidence is not in the {question.slice.value} slice: {quote[:80]!r}"
            return unknown(note, usable=False)
        if c.confidence is not None and c.confidence < self.min_confidence:
            return unknown(f"low confidence {c.confidence:.2f}", usable=True)
        evidence = [Evidence.of(s, quote=quote, note=f"{self.name} quoted") for s in steps[:3]]
        fv = FactValue(
            name=fact.name,
            type=fact.type,
            value=value,
            source=self.name,
            evidence=evidence,
            confidence=c.confidence,
            llm=spent,
        )
        return fv, True
