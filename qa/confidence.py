"""How sure an answer is: high, tentative (said so, values kept), or none (no task matches).

The decision uses the evidence a person would use, not the fused score alone (`features`):
- `score`: the best row's fused score; `dense`: its cosine on the index's own scale;
- `margin`: how far the best row leads the next one;
- `words`: how long the topic is (a long question covered in part is weaker evidence);
- `pairs`: the idf-weighted share of the topic's adjacent word pairs the row holds side by side,
  for the topic or its rewrite in the plans' wording (index.repair): Vietnamese words are mostly
  two syllables, so "bản đồ số" is not covered by a row with "ban hành" and "chuyển đổi số";
  a one-word topic falls back to `coverage`, the share of its syllables the row holds (which
  the model once used and qa.fields still uses to compare two rows).
A logistic model over these (weights and cut-offs in qa/data/confidence.tsv) gives the
probability that the plans hold an answer.  It is fitted on labelled questions written apart
from the team (tests/data/calibration_fit.jsonl and the other tune sets) by
`benchmarks/fit_confidence.py`, which reports precision and recall of the no-answer decision
on questions it was not fitted on.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from kehoach.corpus.datafiles import read_tsv
from kehoach.index.hits import Hit
from kehoach.index.segment import syllables

FEATURES = ("score", "dense", "margin", "words", "pairs")
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


def _row_text(hit: Hit) -> str:
    """What a row says: its task, result, unit of measure ("% GDP": "phần trăm GDP") and section."""
    r = hit.row
    measure = (getattr(r, "measure", None) or "").replace("%", " phần trăm ")
    return ". ".join(x for x in (r.task, r.output, measure, r.section) if x)


@dataclass(frozen=True)
class Wordings:
    """What the topic says in the plans' words, worked out once per question rather than once
    per row judged: the syllables of its expansions (for `coverage`) and the content-word pairs
    of the topic and of each rewrite (for `pair_coverage`)."""
    expansion_words: frozenset[str]
    pairs: tuple[tuple[tuple[str, str], ...], ...]


@lru_cache(maxsize=512)
def _wordings(topic: str, restorer) -> Wordings:
    from kehoach.index.repair import query_expansions, query_rewrites, restore_query

    restored = restore_query(topic, restorer)
    expansions = frozenset(_words(" ".join(query_expansions(topic, restored))))
    rewrites = dict.fromkeys([topic, *query_rewrites(topic, restored)])
    return Wordings(expansions, tuple(tuple(dict.fromkeys(_pairs(w, True))) for w in rewrites))


def coverage(topic: str, hit: Hit, idf, restorer=None) -> float:
    """The idf-weighted share of the topic's words found in the row (task, output, section).
    `restorer`: the index's accent restorer, so an unaccented "thuc day" gains no wording of "dạy"."""
    words = list(dict.fromkeys(_words(topic)))
    if not words:
        return 0.0
    row = set(_words(_row_text(hit)))
    alternatives = _wordings(topic, restorer).expansion_words
    total = sum(idf(w) for w in words)
    have = sum(idf(w) for w in words if w in row)
    bonus = sum(idf(w) for w in alternatives if w in row and w not in words)
    return min(1.0, (have + 0.5 * bonus) / total) if total else 0.0


CLAUSE = re.compile(r"[,;.:()!?]")


def _pairs(text: str, content_only: bool) -> list[tuple[str, str]]:
    """Adjacent (folded) syllable pairs of `text`, not across punctuation."""
    out = []
    for clause in CLAUSE.split(text):
        s = syllables(clause)
        out += [(a, b) for a, b in zip(s, s[1:]) if not content_only or (a not in STOP and b not in STOP)]
    return out


def pair_coverage(topic: str, hit: Hit, idf, restorer=None) -> float | None:
    """The idf-weighted share of the topic's adjacent content-word pairs that the row holds side
    by side, for the topic or its best rewrite in the plans' wording; None for a topic of one word."""
    row = set(_pairs(_row_text(hit), False))
    shares = []
    for pairs in _wordings(topic, restorer).pairs:
        total = sum(idf(a) + idf(b) for a, b in pairs)
        if total:
            shares.append(sum(idf(a) + idf(b) for a, b in pairs if (a, b) in row) / total)
    return max(shares) if shares else None


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
    pairs = pair_coverage(topic, best, _idf(index), getattr(index, "restorer", None))
    return {
        "score": float(best.score),
        "dense": float(np.clip(dense_scaled(best, getattr(index, "calibration", None)), -0.5, 1.5)),
        "margin": float(best.score - hits[1].score) if len(hits) > 1 else float(best.score),
        "words": min(len(_words(topic)), 10) / 10.0,
        "pairs": topic_coverage(topic, best, index) if pairs is None else pairs,  # one word: its coverage
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
