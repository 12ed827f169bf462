"""Does the answer name a person that no source names? Code finds the names; the encoder tells people from places.

The claims checker (``extract._claims``, kind ``name``) finds capitalised names of the final answer that no tool
result, argument or message holds. Most such names in an honest answer are general knowledge: places ("Los
Angeles"), programs and laws ("Social Security"), organisations and holidays. A person's name no source gives (a
contact, an owner, an author, a signer) is read off nothing: an invented detail. The encoder compares each name
with person names and with the other kinds; a name counts only when it is clearly closer to the person names.
"""

from __future__ import annotations

from dataclasses import dataclass

from formaljudge.readers._embedder import Embedder
from formaljudge.traces._model import Step, Trace

# made-up people, and descriptions of the other kinds of name an answer uses
PERSON = ("a person's full name", "John Smith", "Maria Garcia", "Wei Chen", "Fatima Okafor")
OTHER = (
    "a city, region or place",
    "a government program, agency or law",
    "a company, product or organization",
    "a holiday or event",
    "a street, building or landmark",
)
MARGIN = 0.1  # how much closer to the person names than to any other kind a name must be


@dataclass(frozen=True)
class NameReading:
    value: bool | None
    why: str
    step: Step | None = None
    quote: str = ""


def unsourced_names(trace: Trace) -> tuple[list[tuple[str, str]], Step | None]:
    """(name, the answer's words around it) for each name of the final answer that no source holds."""
    from formaljudge.extract._claims import check_claims
    from formaljudge.extract._context import TraceContext

    found, final, _ = check_claims(TraceContext(trace), frozenset({"name"}))
    suffix = " is named in no source"
    return [(f.why.removesuffix(suffix), f.claim) for f in found if f.kind == "name"], final


def invented_person(trace: Trace, embedder: Embedder | None) -> NameReading:
    names, final = unsourced_names(trace)
    if not names:
        return NameReading(False, "every name the answer gives is in a source", final)
    if embedder is None:
        return NameReading(None, "names no source holds, and no embedding model to tell people from places", final)
    texts = [n for n, _ in names]
    person = embedder.each_best(texts, list(PERSON))
    other = embedder.each_best(texts, list(OTHER))
    for (name, context), p, o in zip(names, person, other, strict=True):
        if p >= o + MARGIN:
            why = f"{name} reads as a person's name ({p:.2f} against {o:.2f} for places and organisations)"
            return NameReading(True, f"{why}, and no source names them", final, context)
    listed = ", ".join(texts[:4])
    return NameReading(False, f"the names no source holds ({listed}) read as places or organisations", final)
