"""Score fusion: each channel mapped to an absolute [0, 1] scale, then a weighted sum.

Both normalisations are absolute (they do not depend on the other candidates), so a fused
score means the same thing from one query to the next and the QA layer can put a no-answer
threshold on it:

- dense: the raw cosine placed between two reference points measured on the indexed rows at
  build time (`Calibration`).  Each sampled row's opening words (CALIBRATION_WORDS, about
  the length of a typed question) are encoded as a query: `hi` is the median cosine of such a
  query with its own row (a good match), `lo` its median with the other rows (an unrelated row
  of this corpus).  The scale is thus model-independent: e5's cosines crowd into 0.75-0.93
  (seeds: lo 0.84, hi 0.90), other models spread wider.  Using whole row texts as queries
  instead gave hi 0.98, a bar no real question reaches.
- lexical: BM25 divided by the query's reference score (see `Lexical.scores`), i.e. roughly
  the idf-weighted share of the query's tokens that the row contains.

The weight (DENSE_WEIGHT; lexical gets the rest) was chosen on the dev set: benchmarks/RESULTS.md.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

# Chosen by measurement on the dev set and our own questions, within the plateau where ranking
# is flat, for how well it separates off-topic questions: benchmarks/RESULTS.md ("Search quality").
DENSE_WEIGHT = 0.6

# A query that names a commune ("... ở Ninh Giang") wants that commune: rows of other
# communes keep this share of their score (a soft filter: a strong match elsewhere still shows).
OTHER_COMMUNE_FACTOR = 0.7

# The plans' appendix rows are their tasks (assigned, with a lead and a deadline: what people ask
# about and compare); a plan-body paragraph that holds no appendix row keeps this share of its
# score, so it comes first only when it matches clearly better.  Every question and pair set
# written outside the team names appendix rows (benchmarks/RESULTS.md, "Lexicon and similar tasks").
BODY_FACTOR = 0.85  # a question against the rows
SIMILAR_BODY_FACTOR = 0.7  # a row against the other plans' rows (`similar`)

# A row against the other rows (`similar`): a cosine half-way between an unrelated row and a
# matching question (the calibration's lo and hi) already counts as "about the same thing", and
# shared wording ranks such rows.  Whole task texts all sit close in meaning; on the full scale
# the dense channel ordered them by length and style more than by task (benchmarks/RESULTS.md,
# "similar recall@5 by the dense scale": every outside pair set gained or held).
SIMILAR_DENSE_SPAN = 0.5
# A paragraph that holds a table row and more (index.twins.parts) stands in that row's place
# unless it outscores the row by more than this: then what matched is its own text.
PART_MARGIN = 0.05

CALIBRATION_SAMPLE = 200  # rows used to measure the dense reference points at build time
CALIBRATION_WORDS = 8  # words of a row's text that make its calibration query


def calibration_query(text: str) -> str:
    return " ".join(text.split()[:CALIBRATION_WORDS])


@dataclass
class Calibration:
    lo: float = 0.0  # typical cosine of an unrelated row of the corpus
    hi: float = 1.0  # typical cosine of a perfect match

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "Calibration":
        return cls(**d) if d else cls()


def calibrate(query_vectors: np.ndarray, passage_vectors: np.ndarray) -> Calibration:
    """Reference points from row texts encoded as queries against the same rows as passages
    (row i of both arrays is the same row)."""
    n = len(query_vectors)
    if n < 3:
        return Calibration()
    sims = query_vectors @ passage_vectors.T
    own = np.diag(sims)
    others = sims[~np.eye(n, dtype=bool)]
    hi, lo = float(np.median(own)), float(np.median(others))
    if hi - lo < 1e-3:
        return Calibration()
    return Calibration(lo=lo, hi=hi)


def row_to_row(cal: Calibration) -> Calibration:
    """The dense scale of a row-to-row search: full at SIMILAR_DENSE_SPAN of the question scale."""
    return Calibration(lo=cal.lo, hi=cal.lo + SIMILAR_DENSE_SPAN * (cal.hi - cal.lo))


def dense_scale(cosines: np.ndarray, cal: Calibration) -> np.ndarray:
    return np.clip((np.asarray(cosines, np.float32) - cal.lo) / (cal.hi - cal.lo), 0.0, 1.0)


def lexical_scale(bm25: np.ndarray, reference) -> np.ndarray:
    """BM25 over its reference (a number, or one per row), clipped to [0, 1]; 0 where the reference is 0."""
    bm25 = np.asarray(bm25, np.float32)
    ref = np.broadcast_to(np.asarray(reference, np.float32), bm25.shape)
    return np.clip(np.divide(bm25, ref, out=np.zeros_like(bm25), where=ref > 0), 0.0, 1.0)


def fuse(dense: np.ndarray, lexical: np.ndarray, dense_weight: float) -> np.ndarray:
    """Weighted sum of the two normalised channels; in [0, 1]."""
    return dense_weight * dense + (1.0 - dense_weight) * lexical


def stand_ins(representative, part_of: dict[int, int], score):
    """`representative` with, for this query, each part-twin paragraph collapsed into its table
    row's representative when the row scores within PART_MARGIN of it (`score(position)`)."""
    if not part_of:
        return representative
    out = np.array(representative, copy=True)
    for i, j in part_of.items():
        if score(i) - score(j) <= PART_MARGIN:
            out[i] = representative[j]
    return out


def collapse(order: list[int], representative: list[int], allowed) -> list[tuple[int, int]]:
    """Walk candidates best first and keep one per group of copies.

    `representative[i]` is the row that stands for row i (its table twin, or the first of exact
    duplicates; itself otherwise).  Returns (shown row, best member) pairs: the representative is
    shown when the filters allow it, else the member itself.
    """
    seen: set[int] = set()
    out: list[tuple[int, int]] = []
    for i in order:
        rep = int(representative[i])
        shown = rep if allowed(rep) else i
        if rep in seen or shown in seen:
            continue
        seen.update((rep, shown))
        out.append((shown, i))
    return out
