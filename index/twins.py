"""Copies of one task, shown once: a plan-body paragraph and its appendix row, exact duplicates.

Plans list their tasks twice (the narrative body and the appendix table), and some tables
repeat a row.  Each row gets a representative: the row shown in its place in results.
"""
from __future__ import annotations

from kehoach.corpus.normalize import fold
from kehoach.corpus.rows import Row
from kehoach.index.segment import syllables

# A narrative row is the twin of a table row of the same document when nearly all its
# syllables are in that row (containment) and it shares enough of it (Jaccard).  On the
# seeds true twins have containment >= 0.89 and Jaccard >= 0.46 even when one wording is
# shortened, while two different tasks on one topic stay below (0.89 / 0.39).
TWIN_CONTAINMENT = 0.85
TWIN_JACCARD = 0.45


def representatives(rows: list[Row], offset: int = 0) -> list[int]:
    """For each row (positions offset.. in the index), the position of the row that stands for
    it: the table twin of a narrative row, the first of exact duplicates within a document."""
    rep = list(range(offset, offset + len(rows)))
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r.doc, []).append(i)
    for members in by_doc.values():
        first: dict[tuple, int] = {}
        for i in members:
            r = rows[i]
            key = (r.kind, fold(r.task), fold(r.lead), fold(r.partners))
            if key in first:
                rep[i] = offset + first[key]
            else:
                first[key] = i
        tables = [(i, set(syllables(rows[i].task))) for i in members if rows[i].kind == "task"]
        for i in members:
            if rows[i].kind != "narrative":
                continue
            a = set(syllables(rows[i].task))
            best, best_j = None, 0.0
            for j, b in tables:
                inter = len(a & b)
                if not inter:
                    continue
                jac = inter / len(a | b)
                if inter / min(len(a), len(b)) >= TWIN_CONTAINMENT and jac >= TWIN_JACCARD and jac > best_j:
                    best, best_j = j, jac
            if best is not None:
                rep[i] = offset + best
    # a twin that is itself an exact duplicate hands its narrative row on to the first copy
    return [rep[r - offset] for r in rep]

