"""The lexical channel: BM25 over folded tokens (compact numpy/scipy implementation).

The variant is Lucene's BM25 (idf = ln(1 + (N - df + 0.5) / (df + 0.5)), k1 = 1.2, b = 0.75)
with each term's weight multiplied by (k1 + 1): bm25s's `method="lucene"` times (k1 + 1), which
tests/test_lexical.py checks on the seed rows.  The constant factor changes no ranking; the
score is divided by the query's own reference score before fusion anyway (`reference`).

Tokens are folded (no diacritics, đ -> d) so "so hoa" and "số hóa" match:
- documents: syllables + underthesea multi-syllable words joined by "_" ("co_so_du_lieu")
  + document codes whole ("57-nq/tw") + the expansions of abbreviations they contain;
- queries: the same syllables and codes, plus every run of 2-4 adjacent syllables that is a word
  of the corpus vocabulary.  Words are found by lookup rather than by segmenting the query,
  because underthesea segments text typed without diacritics poorly; as a result a query
  gives the same tokens with or without diacritics.

Raw term counts are kept (rows x vocabulary, CSR) so rows can be added and removed without
re-tokenising the others; BM25 weights are derived from them on load.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from kehoach.corpus.normalize import normalize
from kehoach.index import lexicon as lexicon_table
from kehoach.index.repair import abbreviation_expansions
from kehoach.index.segment import folded_codes, folded_words, syllables

K1 = 1.2
B = 0.75
MAX_NGRAM = 4  # longest word looked up in a query: "co_so_du_lieu"
SYLLABLE_IN_WORD = 0.25  # query weight of a syllable that is part of a matched corpus word
EXPANSION_WEIGHT = 1.0  # weight of a plan wording's tokens relative to the words typed (bench_lexicon.py)


def document_tokens(text: str) -> list[str]:
    """Lexical tokens of a document field (needs underthesea)."""
    if not text:
        return []
    extra = " ".join(abbreviation_expansions(text))
    out = syllables(text) + folded_words(text) + folded_codes(text)
    if extra:
        out += syllables(extra) + folded_words(extra)
    return out


@dataclass
class QueryTerms:
    """A query for BM25: the tokens of its words outside any lexicon phrase, and per phrase found
    its alternatives (the words typed, then each of the plans' wordings for them).  A row scores
    the best alternative of each phrase, so "trên mạng" -> "trực tuyến | môi trường số | không
    gian mạng" is one concept, not three that add up and drown the rest of the query."""

    base: dict[str, float]
    groups: list[list[dict[str, float]]]

    def tokens(self) -> dict[str, float]:
        """Every token of the query, with its highest weight (for inspection and tests)."""
        out: dict[str, float] = {}
        for t in [self.base, *(a for g in self.groups for a in g)]:
            for tok, w in t.items():
                out[tok] = max(out.get(tok, 0.0), w)
        return out


def query_terms(text: str, vocab: dict[str, int] | None = None, restored: str | None = None) -> QueryTerms:
    """The BM25 terms of a query: syllables, codes, and the corpus words its syllable runs spell;
    the lexicon's phrases (kehoach.index.lexicon) become groups of alternatives, each plan
    wording weighted EXPANSION_WEIGHT.  `restored`: the query with accents restored (repair).

    A syllable inside a matched word weighs SYLLABLE_IN_WORD: the word already counts the
    match once, and counting "trực", "tuyến" and "trực_tuyến" in full would let any two-syllable
    word outweigh a rare single token ("MOOC").  The syllables stay as a back-off for rows that
    hold them without the word.
    """
    s = normalize(text)
    base: dict[str, float] = {}
    last, groups = 0, []
    for m in [*lexicon_table.lexicon().find(s, restored=restored), None]:
        for tok, w in _tokens(s[last:m.start if m else len(s)], vocab).items():
            base[tok] = max(base.get(tok, 0.0), w)
        if m is None:
            break
        last = m.end
        alts = [_tokens(s[m.start:m.end], vocab)]
        for wording in m.entry.wording:
            if not lexicon_table.says(s, wording):  # already typed: adds nothing
                alts.append({t: w * EXPANSION_WEIGHT for t, w in _tokens(wording, vocab).items()})
        groups.append(alts)
    return QueryTerms(base, groups)


def _tokens(text: str, vocab: dict[str, int] | None) -> dict[str, float]:
    """Weighted tokens of a piece of query text: syllables, corpus words, codes."""
    weights: dict[str, float] = {c: 1.0 for c in folded_codes(text)}
    syl = syllables(text)
    covered = [False] * len(syl)
    if vocab is not None:
        for n in range(2, MAX_NGRAM + 1):
            for i in range(len(syl) - n + 1):
                w = "_".join(syl[i:i + n])
                if w in vocab:
                    weights[w] = 1.0
                    covered[i:i + n] = [True] * n
    for s, inside in zip(syl, covered):
        weights[s] = max(weights.get(s, 0.0), SYLLABLE_IN_WORD if inside else 1.0)
    return weights


class Lexical:
    """BM25 scorer: per term, the rows holding it and their BM25 weight (term-major arrays).

    Built from a rows x vocabulary count matrix (CSR), which changes need; a loaded index reads
    the weights memory-mapped (a query touches only its own terms' rows) and the counts only
    when it is changed."""

    def __init__(self, vocab: list[str], counts=None, *, weights=None, n_docs: int | None = None, counts_file=None):
        self.terms = list(vocab)
        self.vocab = {t: i for i, t in enumerate(self.terms)}
        self._counts = None if counts is None else counts.tocsr().astype(np.float32)
        self._counts_file = counts_file
        if weights is None:
            weights = self._weights(self._counts)
            n_docs = self._counts.shape[0]
        self.indptr, self.rows, self.data = weights
        self.n_docs = int(n_docs)
        df = np.diff(self.indptr)
        self.idf = np.log1p((self.n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.oov_idf = float(math.log1p((self.n_docs + 0.5) / 0.5)) if self.n_docs else 0.0

    @property
    def counts(self):
        """The rows x vocabulary count matrix (scipy CSR), read from disk on first use."""
        if self._counts is None:
            self._counts = _read_counts(self._counts_file, len(self.terms))
        return self._counts

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def empty(cls) -> "Lexical":
        from scipy import sparse

        return cls([], sparse.csr_matrix((0, 0), dtype=np.float32))

    def extended(self, bags: list[Counter]) -> "Lexical":
        """A new scorer with `bags` (token -> weighted count) appended as rows."""
        from scipy import sparse

        terms = list(self.terms)
        vocab = dict(self.vocab)
        indptr, indices, data = [0], [], []
        for bag in bags:
            for tok, c in bag.items():
                j = vocab.get(tok)
                if j is None:
                    j = vocab[tok] = len(terms)
                    terms.append(tok)
                indices.append(j)
                data.append(c)
            indptr.append(len(indices))
        new = sparse.csr_matrix(
            (np.asarray(data, np.float32), np.asarray(indices, np.int64), np.asarray(indptr, np.int64)),
            shape=(len(bags), len(terms)),
        )
        old = self.counts
        old = sparse.csr_matrix((old.data, old.indices, old.indptr), shape=(old.shape[0], len(terms)))
        return Lexical(terms, sparse.vstack([old, new], format="csr"))

    def subset(self, keep: np.ndarray) -> "Lexical":
        """A new scorer with only the rows at positions `keep` (vocabulary kept as is)."""
        return Lexical(self.terms, self.counts[np.asarray(keep, dtype=np.int64)])

    # ---- scoring ------------------------------------------------------------------------
    @staticmethod
    def _weights(counts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr per term, row ids, BM25 weight) of `counts`, term-major."""
        n_docs, n_terms = counts.shape
        df = np.bincount(counts.indices, minlength=n_terms) if n_terms else np.zeros(0)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        avg = float(lengths.mean()) if n_docs else 1.0
        norm = K1 * (1 - B + B * lengths / max(avg, 1e-9))
        w = counts.copy()
        row_of = np.repeat(np.arange(n_docs), np.diff(w.indptr))
        tf = w.data
        w.data = (idf[w.indices] * tf * (K1 + 1) / (tf + norm[row_of])).astype(np.float32)
        w = w.tocsc()
        w.sort_indices()
        return w.indptr.astype(np.int64), w.indices.astype(np.int32), w.data.astype(np.float32)

    def _add(self, out: np.ndarray, tokens: dict[str, float]) -> bool:
        """Add each token's weighted BM25 to the rows holding it; False when no token is known."""
        found = False
        for tok, qw in tokens.items():
            j = self.vocab.get(tok)
            if j is None:
                continue
            a, b = int(self.indptr[j]), int(self.indptr[j + 1])
            if b > a:
                out[self.rows[a:b]] += np.float32(qw) * self.data[a:b]  # a term's rows are distinct
                found = True
        return found

    def scores(self, tokens: dict[str, float]) -> tuple[np.ndarray, float]:
        """Raw BM25 score of every row (query-token weighted), and the query's reference score."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        self._add(out, tokens)
        return out, self.reference(tokens)

    def score_terms(self, terms: QueryTerms) -> tuple[np.ndarray, float]:
        """BM25 of every row for a query's terms, each group scoring its best alternative, and
        the query's reference (its base tokens, plus each group's best-scoring alternative)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        self._add(out, terms.base)
        alt = np.empty(self.n_docs, dtype=np.float32)
        for alts in terms.groups:
            best = None
            for t in alts:
                alt.fill(0.0)
                if self._add(alt, t):
                    best = alt.copy() if best is None else np.maximum(best, alt, out=best)
            if best is not None:
                out += best
        return out, self.terms_reference(terms)

    def terms_reference(self, terms: QueryTerms) -> float:
        """The reference (see `reference`) of grouped terms: a group counts its alternative with
        the highest reference, so a typed word unknown to the corpus ("smartphone") does not
        count as missing when the plans' wording for it is there."""
        return self.reference(terms.base) + sum(max(self.reference(t) for t in alts) for alts in terms.groups)

    def reference(self, tokens: dict[str, float]) -> float:
        """What a row of average length holding each query token once would score, tokens unknown
        to the corpus counted at the highest idf: score / reference is a coverage-like value
        comparable between queries (clipped to [0, 1] by the caller)."""
        ref = 0.0
        for tok, qw in tokens.items():
            j = self.vocab.get(tok)
            if j is not None:
                ref += qw * float(self.idf[j])
            elif "_" not in tok:  # an n-gram is only a candidate word; a missing syllable is real
                ref += qw * self.oov_idf
        return ref

    # ---- persistence --------------------------------------------------------------------
    WEIGHT_FILES = ("bm25.indptr.npy", "bm25.rows.npy", "bm25.data.npy")

    def save(self, directory: Path) -> list[str]:
        c = self.counts
        np.savez(directory / "lexical.npz", indptr=c.indptr.astype(np.int64), indices=c.indices.astype(np.int32),
                 data=c.data.astype(np.float32), shape=np.asarray(c.shape, np.int64))
        (directory / "vocab.json").write_text(json.dumps(self.terms, ensure_ascii=False), encoding="utf-8")
        for name, array in zip(self.WEIGHT_FILES, (self.indptr, self.rows, self.data)):
            with open(directory / name, "wb") as f:
                np.save(f, np.asarray(array), allow_pickle=False)
        return ["lexical.npz", "vocab.json", *self.WEIGHT_FILES]

    @classmethod
    def load(cls, directory: Path, n_docs: int) -> "Lexical":
        """The saved scorer: weights memory-mapped, counts left on disk until a change needs them."""
        terms = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        indptr, rows, data = (np.load(directory / name, mmap_mode="r", allow_pickle=False) for name in cls.WEIGHT_FILES)
        if len(indptr) != len(terms) + 1 or len(rows) != len(data) or int(indptr[-1]) != len(rows):
            raise ValueError("the BM25 files and vocab.json disagree")
        return cls(terms, weights=(np.asarray(indptr), rows, data), n_docs=n_docs, counts_file=directory / "lexical.npz")


def _read_counts(path: Path, n_terms: int):
    from scipy import sparse

    with np.load(path, allow_pickle=False) as z:
        shape = tuple(int(x) for x in z["shape"])
        counts = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
    if shape[1] != n_terms:
        raise ValueError("lexical.npz and vocab.json disagree on the vocabulary size")
    return counts.astype(np.float32)
