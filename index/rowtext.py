"""What the index holds of a row: the text each channel sees, and the vocabulary of the restorer.

Which fields go in was chosen by measurement (`make bench` prints the comparison in
benchmarks/RESULTS.md): the task text alone for the embedding model — section titles repeat
over many rows and drown a task's own words, and unit columns would match every "ai chủ trì"
question — and the task plus a third of the output column's weight for BM25.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Iterable

from kehoach.corpus.normalize import normalize
from kehoach.corpus.rows import Row
from kehoach.index import lexicon, twins
from kehoach.index.lexical import document_tokens
from kehoach.index.repair import lexicon_words, query_words

PASSAGE_FIELDS = ("task",)
LEXICAL_FIELDS = {"task": 1.0, "output": 0.3}
RESTORER_FIELDS = ("task", "section", "output", "lead", "partners", "commune")


def passage_text(row: Row) -> str:
    """The text the embedding model sees of a row."""
    return normalize(" ".join(getattr(row, f) or "" for f in PASSAGE_FIELDS))


def lexical_bag(row: Row) -> Counter:
    """The row's lexical tokens, each counted with its field's weight."""
    return _bag([getattr(row, field) or "" for field in LEXICAL_FIELDS])


def _bag(texts: list[str]) -> Counter:
    bag: Counter = Counter()
    for text, weight in zip(texts, LEXICAL_FIELDS.values()):
        for tok in document_tokens(text):
            bag[tok] += weight
    return bag


def _bags(fields: list[list[str]]) -> list[dict[str, float]]:
    return [dict(_bag(texts)) for texts in fields]


class LexicalBags:
    """The rows' lexical bags, tokenised in a second process while this one embeds.

    Word segmentation (underthesea, pure Python around a CRF) is single-threaded and a large
    share of a build; the embedding sessions leave the cores idle between batches and so does
    the rest of a build.  Below BACKGROUND_FROM rows, or when no second process can start, the
    bags are made here when asked for."""

    BACKGROUND_FROM = 2000

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self._future = None
        if len(rows) >= self.BACKGROUND_FROM:
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                self._future = pool.submit(_bags, [[getattr(r, f) or "" for f in LEXICAL_FIELDS] for r in rows])
                pool.shutdown(wait=False)  # the worker ends once its one job is done
            except (OSError, RuntimeError, ValueError):
                self._future = None

    def result(self) -> list[Counter]:
        if self._future is not None:
            try:
                return [Counter(b) for b in self._future.result()]
            except Exception:  # noqa: BLE001 - the worker died (killed, out of memory): make them here
                pass
        return [lexical_bag(r) for r in self.rows]


def restorer_texts(rows: Iterable[Row]) -> Iterable[str]:
    """The texts the diacritic restorer learns its accented forms from."""
    for r in rows:
        for f in RESTORER_FIELDS:
            v = getattr(r, f)
            if v:
                yield v


def derived_from() -> str:
    """A signature of the tables an index's rows were tokenised and linked with: the lexicon's
    abbreviations (written out in documents), the restorer's words and the copy rule.  An index
    built under other ones is rebuilt rather than searched with stale tokens."""
    abbreviations = sorted(f"{e.phrase}\t{'|'.join(e.wording)}\t{e.case}" for e in lexicon.lexicon().entries
                           if e.kind == "abbreviation")
    words = sorted({*query_words(), *lexicon_words()})
    text = "\n".join([f"twins {twins.RULE}", *abbreviations, *words])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
