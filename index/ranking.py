"""Ranking: a query against the rows through both channels, fused, copies collapsed.

    candidates = BM25 top-N (masked) ∪ FAISS top-N (masked)
    score      = w · dense_scale(cosine) + (1 − w) · lexical_scale(bm25)     (index.fusion)

Both channels are scored exactly on the union, so a row found by one channel only still gets
its score from the other.  Commune names in the query are taken out of the text and turned
into a soft preference (fusion.OTHER_COMMUNE_FACTOR), since "ở Ninh Giang" is a place, not a
topic.
"""
from __future__ import annotations

import re
import warnings
from typing import Callable, Iterable

import numpy as np
from kehoach.corpus.normalize import fold, normalize
from kehoach.index import fusion
from kehoach.index.dense import Dense
from kehoach.index.lexical import Lexical, query_terms
from kehoach.index.repair import Restorer, repair_query, restore_query
from kehoach.index.rowtext import passage_text

CANDIDATES = 100  # per channel, before exact rescoring of the union
CHARS_PER_TOKEN = 3  # a conservative Vietnamese characters-per-subword-token for cutting long queries


class QueryTruncatedWarning(UserWarning):
    """A query longer than the model's input limit was cut."""


def clip_query(query: str, max_tokens: int) -> str:
    """The query cut to what the model reads (about `max_tokens`), with a warning."""
    limit = max_tokens * CHARS_PER_TOKEN
    if len(query) <= limit:
        return query
    cut = query[:limit].rsplit(" ", 1)[0] or query[:limit]
    warnings.warn(QueryTruncatedWarning(
        f"query of {len(query)} characters cut to {len(cut)} (the model reads at most {max_tokens} tokens)"),
        stacklevel=3)
    return cut


def _trie_pattern(names: Iterable[str]) -> str:
    """A regex matching exactly `names` (spaces as any run of whitespace), the longest first
    where one name starts another: each continuation is an optional, greedy group."""
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[None] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child)
                    for ch, child in sorted((k, v) for k, v in node.items() if k is not None)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if None in node else body

    return emit(trie)


class CommuneMentions:
    """Commune names a query mentions ("… ở Ninh Giang", "xa nghia son"), found folded."""

    def __init__(self, communes: Iterable[str]):
        self.by_fold = {fold(c): c for c in sorted(communes)}  # sorted: the same name wins every run
        # one pattern for every name, as a trie (a national index names thousands of communes:
        # an alternation of each would be tried name by name at every position of every query)
        self.pattern = re.compile(r"(?:\b(?:o|tai|cua|xa)\s+)*\b(" + _trie_pattern(self.by_fold) + r")\b") \
            if self.by_fold else None

    def split(self, query: str) -> tuple[list[str], str]:
        """Communes the query names, and the query with those names (and the "ở/tại/của/xã"
        before them) taken out."""
        text = normalize(query)
        folded = fold(text)
        if self.pattern is None:
            return [], text
        found, keep, last = [], [], 0
        for m in self.pattern.finditer(folded):
            found.append(self.by_fold[re.sub(r"\s+", " ", m.group(1))])
            keep.append(text[last:m.start()])
            last = m.end()
        found = list(dict.fromkeys(found))
        if not found or len(folded) != len(text):  # positions only line up when folding kept the length
            return found, text
        keep.append(text[last:])
        return found, re.sub(r"\s+", " ", " ".join(keep)).strip(" ,:;-")


class Ranker:
    """Scores queries against one version of the index's rows (rebuilt when they change)."""

    def __init__(self, rows, lexical: Lexical, dense: Dense, restorer: Restorer, calibration: fusion.Calibration,
                 representative: np.ndarray, slots: np.ndarray, commune_keys: tuple[np.ndarray, list[str]],
                 encode_query: Callable[[str], np.ndarray], part_of: dict[int, int] | None = None,
                 body: np.ndarray | None = None):
        self.rows = rows
        self.lexical = lexical
        self.dense = dense
        self.restorer = restorer
        self.calibration = calibration
        self.representative = representative
        self.slots = np.asarray(slots, np.int64)
        self._slot_order = np.argsort(self.slots, kind="stable")  # slot -> position by binary search
        self._sorted_slots = self.slots[self._slot_order]
        self.commune_codes, self.commune_keys = commune_keys  # code per row (-1: none), folded name per code
        self.encode_query = encode_query
        self.part_of = part_of or {}  # paragraph holding a table row and more -> that row (index.twins)
        self.body = np.zeros(len(rows), bool) if body is None else body  # plan-body paragraphs (fusion.BODY_FACTOR)
        self._row_refs: dict[int, float] = {}  # position -> lexical reference of the row's own text

    def rank(self, text: str, allowed: np.ndarray | None, k: int, *, dense_weight: float,
             named_keys: set[str] = frozenset(), symmetric: bool = False,
             exclude: Iterable[int] = (), body_factor: float | None = None) -> list[tuple[int, float, float]]:
        """(position, fused score, raw cosine) of the best k rows, copies collapsed.

        `named_keys`: commune keys the query names (rows elsewhere keep OTHER_COMMUNE_FACTOR of
        their score).  `symmetric` (row-to-row similarity): the lexical score is divided by the
        geometric mean of both texts' references instead of the query's alone, so a short row
        sharing the rare words of a long source row is not drowned by the source's length.
        `body_factor`: the share of its score a plan-body paragraph keeps (default fusion.BODY_FACTOR).
        """
        n = len(self.rows)
        if n == 0 or k <= 0:
            return []
        exclude = list(exclude)
        if allowed is not None or exclude:
            allowed = np.ones(n, bool) if allowed is None else allowed.copy()
            allowed[exclude] = False
            if not allowed.any():
                return []
            if allowed.all():
                allowed = None
        want = max(CANDIDATES, 4 * k)
        # lexical channel: the rows holding a query token (sparse), masked
        bm25, ref = self.lexical_scores(text)
        if allowed is not None:
            bm25 = np.where(allowed, bm25, 0.0)
        lex_top = np.flatnonzero(bm25 > 0)
        if len(lex_top) > want:
            lex_top = lex_top[np.argpartition(-bm25[lex_top], want)[:want]]
        # dense channel: FAISS over the allowed rows
        qv = self.encode_query(repair_query(text, self.restorer))
        sel = None if allowed is None else self.slots[allowed]
        _, found = self.dense.search(qv[None, :], want, sel)
        dense_top = self.positions_of(found[0][found[0] >= 0])
        cand = np.unique(np.concatenate([lex_top, dense_top])).astype(np.int64)
        if allowed is not None:
            cand = cand[allowed[cand]]
        if not len(cand):
            return []
        cos = self.dense.cosines(qv, cand)
        if symmetric:
            ref = np.sqrt(ref * np.asarray([self.row_reference(i) for i in cand]))
        cal = fusion.row_to_row(self.calibration) if symmetric else self.calibration
        score = fusion.fuse(fusion.dense_scale(cos, cal), fusion.lexical_scale(bm25[cand], ref), dense_weight)
        factor = fusion.BODY_FACTOR if body_factor is None else body_factor
        score = np.where(self.body[cand], score * factor, score)
        if named_keys:
            named = [c for c, key in enumerate(self.commune_keys) if key in named_keys]
            other = ~np.isin(self.commune_codes[cand], named)
            score = np.where(other, score * fusion.OTHER_COMMUNE_FACTOR, score)
        order = np.lexsort((-cos, -score))  # ties (scores clip at 1) go to the closer meaning
        by_pos = {int(cand[j]): (float(score[j]), float(cos[j])) for j in order}
        standing = fusion.stand_ins(self.representative, self.part_of, lambda i: by_pos.get(i, (0.0,))[0])
        out = []
        for shown, member in fusion.collapse([int(cand[j]) for j in order], standing,
                                             lambda i: allowed is None or bool(allowed[i])):
            s, c = by_pos[member]
            if shown in by_pos:
                c = by_pos[shown][1] if by_pos[shown][0] >= s else c
            out.append((shown, round(s, 4), round(c, 4)))
            if len(out) == k:
                break
        return out

    def positions_of(self, slots: np.ndarray) -> np.ndarray:
        """Row positions of FAISS slots (every slot given is in the index)."""
        at = np.searchsorted(self._sorted_slots, np.asarray(slots, np.int64))
        return self._slot_order[at].astype(np.int64)

    def lexical_scores(self, text: str) -> tuple[np.ndarray, float]:
        """BM25 of every row for `text`, and its reference.  Accents are restored first: the
        lexicon checks its one-syllable phrases against them (a typed "thuong mai" is "thương
        mại", not "thưởng")."""
        restored = restore_query(text, self.restorer)
        return self.lexical.score_terms(query_terms(text, self.lexical.vocab, restored))

    def scores(self, text: str, positions: np.ndarray, *, dense_weight: float) -> np.ndarray:
        """The fused score of `text` against each row at `positions`, every one of them: a
        yes/no decision per row needs every row's score, not the best k."""
        positions = np.asarray(positions, dtype=np.int64)
        if not len(positions):
            return np.zeros(0, np.float32)
        bm25, ref = self.lexical_scores(text)
        qv = self.encode_query(repair_query(text, self.restorer))
        cos = self.dense.cosines(qv, positions)
        return fusion.fuse(fusion.dense_scale(cos, self.calibration), fusion.lexical_scale(bm25[positions], ref),
                           dense_weight)

    def row_reference(self, pos: int) -> float:
        ref = self._row_refs.get(pos)
        if ref is None:
            ref = self._row_refs[pos] = self.lexical.terms_reference(
                query_terms(passage_text(self.rows[pos]), self.lexical.vocab))
        return ref
