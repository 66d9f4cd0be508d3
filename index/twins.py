"""Copies of one task, shown once: a plan-body paragraph and its appendix row, exact duplicates.

Plans list their tasks twice (the narrative body and the appendix table), and some tables
repeat a row.  Each row gets a representative: the row shown in its place in results.

A paragraph may also hold a table row *and more* (Nghĩa Thọ's "Tiếp tục phát động phong trào
thi đua …. Kịp thời biểu dương, tôn vinh, khen thưởng …" holds table row 5, the emulation
movement, and the awards that no table row has).  It is not a copy: collapsing it into the
table row would hide the rest of its text from every search and from `similar`.  It is that
row's part-twin instead (`parts`): shown in the row's place when the row matches about as well
(fusion.PART_MARGIN), on its own when what matched is its own text.
"""
from __future__ import annotations

from kehoach.corpus.normalize import fold
from kehoach.corpus.rows import Row
from kehoach.index.segment import syllables

# A narrative row is the twin of a table row of the same document when nearly all its
# syllables are in that row (containment of the narrative) and it shares enough of it
# (Jaccard).  On the seeds true twins have containment >= 0.91 even when one wording is
# shortened; two different tasks on one topic, and paragraphs that hold a row and more,
# stay at or below 0.78.
TWIN_CONTAINMENT = 0.85
TWIN_JACCARD = 0.45
# A narrative row is a part-twin of a table row when nearly all of the table row's syllables
# are in it (the paragraph holds the row) without being a twin.
PART_CONTAINMENT = 0.85
RULE = 3  # the copy rule's version (an index records it: kehoach.index.rowtext.derived_from)


def _best_tables(rows: list[Row], members: list[int]) -> dict[int, tuple[int, float, float, float]]:
    """Narrative row -> (table row, Jaccard, share of the narrative in it, share of it in the
    narrative) of the table row of the same document it overlaps most (Jaccard)."""
    tables = [(i, set(syllables(rows[i].task))) for i in members if rows[i].kind == "task"]
    out = {}
    for i in members:
        if rows[i].kind != "narrative":
            continue
        a = set(syllables(rows[i].task))
        for j, b in tables:
            inter = len(a & b)
            if not inter:
                continue
            jac = inter / len(a | b)
            if i not in out or jac > out[i][1]:
                out[i] = (j, jac, inter / len(a), inter / len(b))
    return out


def _by_doc(rows: list[Row]) -> list[list[int]]:
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r.doc_key or r.doc, []).append(i)  # two communes may share a file name
    return list(by_doc.values())


def links(rows: list[Row], offset: int = 0) -> tuple[list[int], dict[int, int]]:
    """`representatives` and `parts` of the rows at once (each document's overlaps computed once)."""
    rep = list(range(offset, offset + len(rows)))
    part_of = {}
    for members in _by_doc(rows):
        first: dict[tuple, int] = {}
        for i in members:
            r = rows[i]
            # the same target for 2030 and for 2045 is two rows: output and deadline tell them apart
            key = (r.kind, fold(r.task), fold(r.lead), fold(r.partners), fold(r.output), fold(r.deadline))
            if key in first:
                rep[i] = offset + first[key]
            else:
                first[key] = i
        for i, (j, jac, narrative_in_row, row_in_narrative) in _best_tables(rows, members).items():
            if narrative_in_row >= TWIN_CONTAINMENT and jac >= TWIN_JACCARD:
                rep[i] = offset + j
            elif row_in_narrative >= PART_CONTAINMENT:
                part_of[offset + i] = offset + j
    # a twin that is itself an exact duplicate hands its narrative row on to the first copy
    return [rep[r - offset] for r in rep], part_of


def representatives(rows: list[Row], offset: int = 0) -> list[int]:
    """For each row (positions offset.. in the index), the position of the row that stands for
    it: the table twin of a narrative row, the first of exact duplicates within a document."""
    return links(rows, offset)[0]


def parts(rows: list[Row], offset: int = 0) -> dict[int, int]:
    """Narrative rows that hold a table row of their document and more (not twins): position
    -> position of that table row."""
    return links(rows, offset)[1]
