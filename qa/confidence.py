"""How sure an answer is: high, tentative (said so, values kept), or none (no task matches).

The decision uses the evidence a person would use, not the fused score alone (`features`):
- `score`: the best row's fused score; `dense`: its cosine on the index's own scale;
- `coverage`: the idf-weighted share of the topic's words the row holds (the plans' wording for
  everyday words counts, index.repair);
- `margin`: how far the best row leads the next one;
- `words`: how long the topic is (a long question covered in part is weaker evidence).
A logistic model over these (weights and cut-offs in qa/data/confidence.tsv) gives the
probability that the plans hold an answer.  It is fitted on labelled questions written apart
from the team (tests/data/calibration_fit.jsonl and the other tune sets) by
`benchmarks/fit_confidence.py`, which reports precision and recall of the no-answer decision
on questions it was not fitted on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from kehoach.corpus.datafiles import read_tsv
from kehoach.index.hits import Hit
from kehoach.index.segment import syllables

FEATURES = ("score", "dense", "coverage", "margin", "words")
STOP = {"cac", "nhung", "ve", "cua", "va", "cho", "trong", "tai", "o", "la", "co", "duoc", "nao", "gi", "mot",
        "thi", "voi", "de", "khi", "nay", "do", "ma"}


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]
    none_below: float  # probability under which the plans are said to hold no such task
    high_from: float  # probability from which the answer is given without a caveat

    def probability(self, x: dict[str, float]) -> float:
        z = self.bias + sum(self.weights[f] * x[f] for f in FEATURES)
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def model() -> Model:
    table = {key: float(value) for key, value in read_tsv("kehoach.qa", "confidence.tsv", 1)}
    return Model(table["bias"], {f: table[f] for f in FEATURES}, table["none_below"], table["high_from"])


def dense_scaled(hit: Hit, calibration) -> float:
    if hit.dense is None or calibration is None or calibration.hi <= calibration.lo:
        return 0.0
    return (hit.dense - calibration.lo) / (calibration.hi - calibration.lo)


def _words(text: str) -> list[str]:
    return [w for w in syllables(text) if w not in STOP]


def coverage(topic: str, hit: Hit, idf, restorer=None) -> float:
    """The idf-weighted share of the topic's words found in the row (task, output, section).
    `restorer`: the index's accent restorer, so an unaccented "thuc day" gains no wording of "dạy"."""
    from kehoach.index.repair import query_expansions, restore_query

    words = list(dict.fromkeys(_words(topic)))
    if not words:
        return 0.0
    row = set(_words(f"{hit.row.task} {hit.row.output or ''} {hit.row.section or ''}"))
    alternatives = set(_words(" ".join(query_expansions(topic, restore_query(topic, restorer)))))
    total = sum(idf(w) for w in words)
    have = sum(idf(w) for w in words if w in row)
    bonus = sum(idf(w) for w in alternatives if w in row and w not in words)
    return min(1.0, (have + 0.5 * bonus) / total) if total else 0.0


def _idf(index):
    """The index's idf of a (folded) word, OOV words the rarest; 1.0 for all without an index."""
    lexical = getattr(index, "lexical", None)

    def idf(word: str) -> float:
        if lexical is None:
            return 1.0
        j = lexical.vocab.get(word)
        return float(lexical.idf[j]) if j is not None else float(lexical.oov_idf)

    return idf


def topic_coverage(topic: str, hit: Hit, index) -> float:
    """`coverage` with the index's idf and accent restorer."""
    return coverage(topic, hit, _idf(index), getattr(index, "restorer", None))


def features(hits: list[Hit], topic: str, index) -> dict[str, float]:
    best = hits[0]
    return {
        "score": float(best.score),
        "dense": float(np.clip(dense_scaled(best, getattr(index, "calibration", None)), -0.5, 1.5)),
        "coverage": topic_coverage(topic, best, index),
        "margin": float(best.score - hits[1].score) if len(hits) > 1 else float(best.score),
        "words": min(len(_words(topic)), 10) / 10.0,
    }


def probability(hits: list[Hit], topic: str, index) -> float:
    return model().probability(features(hits, topic, index))


def grade(hits: list[Hit], q, index) -> str:
    """'high' | 'tentative' | 'none' for the best of `hits` answering `q`."""
    if not hits:
        return "none"
    if not hits[0].searched:
        return "high"  # a row taken by its number or by filters, not by a search
    m = model()
    p = m.probability(features(hits, q.topic or q.question, index))
    return "high" if p >= m.high_from else "tentative" if p >= m.none_below else "none"


def relevant(hit: Hit, q, index) -> bool:
    """Does a row other than the best one also answer (another plan's copy of the task)?  Judged
    alone, with no lead over a runner-up."""
    x = features([hit], q.topic or q.question, index)
    x["margin"] = 0.0
    return model().probability(x) >= model().none_below
