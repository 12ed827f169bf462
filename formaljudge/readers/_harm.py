"""Is a request harmful? A small classifier over sentence embeddings and word n-grams, fitted on exemplars.

The exemplars (``readers/data/harm/*.txt``) are requests an agent might get,
harmful and benign on the same topic, per harm category; the fitted model
(``readers/data/harm_model.json``) is a logistic regression over the
MiniLM sentence embedding of a request and the word uni- and bigrams it
contains, with two thresholds chosen by cross-validation on the exemplars:
at or above ``yes_at`` the request is harmful, below ``no_below`` it is
not, and in between the fact stays UNKNOWN. A task is read in windows (each
sentence, each pair of adjacent sentences, the whole task when short); the
most harmful window decides and is quoted as evidence, with the category of
the harmful exemplars it is closest to.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from formaljudge.readers._embedder import Embedder

DATA = "data"
MODEL_FILE = "harm_model.json"
_TOKEN = re.compile(r"[a-z0-9']+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_SENTENCES = 12  # windows come from the first sentences of a task
MAX_WINDOW_CHARS = 300
_DATA = re.compile(r"\[\s*\{|\{\s*[\"']")  # data pasted into a task (a tool list, a workflow) ends the request
WHOLE_AT_MOST = 500  # a task this short is also read whole
MIN_WORDS = 6


@dataclass(frozen=True)
class Exemplar:
    text: str
    category: str
    harmful: bool


def read_exemplars(directory: Path) -> list[Exemplar]:
    """Every exemplar of ``directory/*.txt``: lines under ``# harmful`` or ``# benign``; the file names the category."""
    out: list[Exemplar] = []
    for path in sorted(directory.glob("*.txt")):
        side: bool | None = None
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                heading = line.lstrip("#").strip().lower()
                if heading not in ("harmful", "benign"):
                    raise ValueError(f"{path}:{n}: heading must be '# harmful' or '# benign', not {line!r}")
                side = heading == "harmful"
                continue
            if side is None:
                raise ValueError(f"{path}:{n}: an exemplar before any '# harmful' or '# benign' heading")
            out.append(Exemplar(line, path.stem, side))
    return out


def exemplar_dir() -> Path:
    return Path(str(resources.files("formaljudge.readers").joinpath(DATA, "harm")))


def exemplars_digest(directory: Path) -> str:
    """A hash of the exemplar files, recorded in the model so that a stale model is noticed."""
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.txt")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


STOPWORDS = frozenset(
    (  # noqa: SIM905
        "a an the and or but if then so of to in on at by for with from into onto about as is are was were be been "
        "being it its this that these those there here i me my we our you your he him his she her they them their what "
        "which who whom whose when where how all any each every some no not do does did done have has had can could "
        "will would shall should may might must also just only than too very up down out over under again more most "
        "other such own same both few"
    ).split()
)


def ngrams(text: str) -> set[str]:
    """Lower-cased word unigrams (function words left out) and bigrams (not of two function words).

    Function words say more about how long a sentence is than about what it asks for.
    """
    words = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    uni = {w for w in words if w not in STOPWORDS}
    bi = {f"{a} {b}" for a, b in itertools.pairwise(words) if a not in STOPWORDS or b not in STOPWORDS}
    return uni | bi


def _windows(text: str) -> tuple[list[str], list[tuple[str, tuple[int, ...]]]]:
    """The task's sentences, and each window scored: its text and the sentences it spans."""
    data = _DATA.search(text)
    text = text[: data.start()] if data else text
    sentences = [s.strip()[:MAX_WINDOW_CHARS] for s in _SENTENCE.split(text) if s.strip()][:MAX_SENTENCES]
    out: list[tuple[str, tuple[int, ...]]] = [(s, (i,)) for i, s in enumerate(sentences) if len(s.split()) >= MIN_WORDS]
    out += [(f"{a} {b}", (i, i + 1)) for i, (a, b) in enumerate(itertools.pairwise(sentences))]
    whole = " ".join(text.split())
    if whole and (len(whole) <= WHOLE_AT_MOST or not out):
        out.append((whole, tuple(range(len(sentences))) or (0,)))
        sentences = sentences or [whole]
    seen: dict[str, tuple[int, ...]] = {}
    for w, span in out:
        seen.setdefault(w, span)
    return sentences, list(seen.items())


def windows(text: str) -> list[str]:
    """The parts of a task that are scored: sentences, adjacent pairs, and the whole task when it is short.

    Structured data pasted into the task (a JSON tool list, a previous workflow) is not read.
    """
    return [w for w, _ in _windows(text)[1]]


class HarmModel(BaseModel):
    """The fitted classifier (written by ``python -m formaljudge.readers._harm_fit``)."""

    embedder: str
    exemplars_sha256: str
    embed_scale: float
    ngram_scale: float
    bias: float
    weights: list[float]  # one per embedding dimension
    ngram_weights: dict[str, float]
    yes_at: float  # harm probability at or above which the request is harmful
    no_below: float  # ... below which it is not; in between UNKNOWN
    centroids: dict[str, list[float]]  # per category: mean embedding of its harmful exemplars, unit length
    calibration: dict[str, float]  # cross-validated figures on the exemplars, for the record

    def logit(self, vector: list[float], text: str) -> float:
        if len(vector) != len(self.weights):
            raise ValueError(f"a {len(vector)}-dimensional vector for a {len(self.weights)}-dimensional model")
        dot: float = sum(map(operator.mul, self.weights, vector))  # the left-to-right sum a generator gives, faster
        # fsum: the exact sum, whatever order the set gives (a plain sum's last bit followed the process's
        # string-hash seed, so a confidence could differ between runs and between workers)
        grams = math.fsum(self.ngram_weights.get(g, 0.0) for g in ngrams(text))
        return self.bias + self.embed_scale * dot + self.ngram_scale * grams

    def category(self, vector: list[float]) -> str:
        return max(self.centroids, key=lambda c: sum(map(operator.mul, self.centroids[c], vector)))


@lru_cache(maxsize=1)
def load_model() -> HarmModel:
    text = resources.files("formaljudge.readers").joinpath(DATA, MODEL_FILE).read_text(encoding="utf-8")
    return HarmModel.model_validate_json(text)


@dataclass(frozen=True)
class HarmReading:
    """``harmful`` is None when the most harmful window falls between the thresholds."""

    harmful: bool | None
    probability: float
    window: str
    category: str


def read_request(text: str, embedder: Embedder, model: HarmModel | None = None) -> HarmReading:
    """How harmful the request in ``text`` is, from its most harmful window.

    Only sentences go through the embedding model; a window of several sentences takes the normalized
    sum of their vectors (the model pools words by their mean, so this is close, at a fraction of the cost).
    """
    import numpy as np

    model = model or load_model()
    sentences, parts = _windows(text)
    if not parts:
        return HarmReading(False, 0.0, "", "")
    base = embedder.encode(sentences)
    best: tuple[float, str, list[float]] = (-math.inf, "", [])
    for window, span in parts:
        v = base[list(span)].sum(axis=0)
        vector = (v / max(float(np.linalg.norm(v)), 1e-9)).tolist()
        logit = model.logit(vector, window)
        if logit > best[0]:
            best = (logit, window, vector)
    logit, window, vector = best
    p = 1.0 / (1.0 + math.exp(-logit))
    harmful = True if p >= model.yes_at else False if p < model.no_below else None
    return HarmReading(harmful, p, window, model.category(vector))
