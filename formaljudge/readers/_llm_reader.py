"""An LLM answers one fact question on its context slice, with a quote that must really be there."""

from __future__ import annotations

from formaljudge.extract._evidence import Evidence, FactValue
from formaljudge.ir._facts import Fact, Question
from formaljudge.llm import LLM, CachedLLM, LLMError, Message
from formaljudge.prompts import template
from formaljudge.readers._answers import ANSWER_HINT, answer_schema, parse_answer
from formaljudge.readers._slices import cut
from formaljudge.traces._model import Trace

TEMPLATE = "read_fact.v1"


class LLMReader:
    """Answers below ``min_confidence`` (where the provider gives log-probabilities) stay UNKNOWN."""

    def __init__(self, llm: LLM | CachedLLM, *, min_confidence: float = 0.6) -> None:
        self.llm = llm
        self.min_confidence = min_confidence
        self.name = f"{llm.provider}:{llm.model}"

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

        def unknown(note: str) -> FactValue:
            return FactValue(name=fact.name, type=fact.type, value=None, source=self.name, note=note)

        try:
            c = self.llm.complete(
                [Message(role="user", content=prompt)],
                json_schema=answer_schema(fact.type),
                max_tokens=200,
                template=tpl.version,
            )
        except LLMError as exc:
            return unknown(f"reader error: {exc}")
        spent = {
            "calls": 1,
            "cached_calls": int(c.cached),
            "prompt_tokens": c.prompt_tokens,
            "completion_tokens": c.completion_tokens,
        }
        value, quote, why = parse_answer(c.text, fact.type)
        if value is None:
            return unknown(why).model_copy(update={"llm": spent})
        if c.confidence is not None and c.confidence < self.min_confidence:
            return unknown(f"low confidence {c.confidence:.2f}").model_copy(update={"llm": spent})
        evidence: list[Evidence] = []
        if quote:
            step = sl.find(quote)
            if step is None:
                note = f"the quoted evidence is not in the {question.slice.value} slice: {quote[:80]!r}"
                return unknown(note).model_copy(update={"llm": spent})
            evidence.append(Evidence.of(step, quote=quote, note=f"{self.name} quoted"))
        return FactValue(
            name=fact.name,
            type=fact.type,
            value=value,
            source=self.name,
            evidence=evidence,
            confidence=c.confidence,
            llm=spent,
        )
