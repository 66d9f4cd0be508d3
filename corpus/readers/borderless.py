"""Borderless tables in text PDFs: columns from the alignment of the words, rows from the
numbering column and the spacing.

pdfplumber's text strategies cut a borderless plan table into a cell per word group (wrapped
cells, centred headers and section rows merged across defeat them), so this reader works on
the page's lines itself:
- a line is split into phrases where the gap between two words is wider than a space;
- the header is the first line (with the one or two lines its wrapped labels take) whose
  phrases the column table recognises (kehoach.corpus.columns.header_fields) — the guard
  that keeps ordinary text from being read as a table;
- columns start where the phrases below the header start (left-aligned cell text), a phrase
  going on across the next column's start being a cell merged across;
- a row starts at a number alone in the numbering column or after a gap wider than the lines
  of a cell; the other lines are wrapped lines of the row above.
"""
from __future__ import annotations

from dataclasses import dataclass

from kehoach.corpus.blocks import Table
from kehoach.corpus.clean import clean_text
from kehoach.corpus.columns import header_fields

LINE_TOL = 2.0  # points: words whose tops differ less are on one line
ALIGN_TOL = 3.0  # points: phrase starts this close are one column start
MIN_STARTS = 3  # lines starting a phrase at a column start, to believe in the column
HEADER_LINES = 3  # lines a wrapped header may take
ROW_GAP = 1.3  # a gap wider than this many line pitches starts a new row
END_GAP = 3.0  # and one wider than this ends the table


@dataclass
class Phrase:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def lines_of(words: list[dict]) -> list[list[Phrase]]:
    """Lines of phrases, top to bottom.  A gap between words wider than half the line's
    height separates two phrases (a space is about a quarter of it)."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= LINE_TOL:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        height = max(w["bottom"] - w["top"] for w in line)
        phrases: list[Phrase] = []
        for w in line:
            if phrases and w["x0"] - phrases[-1].x1 <= 0.5 * height:
                p = phrases[-1]
                p.text, p.x1, p.bottom = f"{p.text} {w['text']}", w["x1"], max(p.bottom, w["bottom"])
            else:
                phrases.append(Phrase(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]))
        out.append(phrases)
    return out


def find_table(words: list[dict]) -> tuple[tuple[float, float, float, float], Table] | None:
    """The page's borderless task table: (its box, the Table), or None."""
    lines = lines_of(words)
    for start in range(len(lines)):
        for n in range(1, HEADER_LINES + 1):
            head = lines[start:start + n]
            cells = _header_cells(head)
            if not header_fields([clean_text(c.text) for c in cells]):
                continue
            while start + n < len(lines) and _wraps(lines[start + n - 1], lines[start + n]):
                n += 1  # a header label wrapped onto one more line
                cells = _header_cells(lines[start:start + n])
            table = _table(cells, lines[start + n:])
            if table is not None:
                rows, bottom = table
                box = (min(c.x0 for c in cells), head[0][0].top, max(p.x1 for ln in lines[start:] for p in ln), bottom)
                return box, Table(rows)
    return None


def _wraps(above: list[Phrase], line: list[Phrase]) -> bool:
    """Is `line` the wrapped rest of header labels (no row gap, under a label)?"""
    height = max(p.bottom - p.top for p in above)
    return line[0].top - above[0].top <= 1.6 * height and all(
        any(p.x0 < a.x1 + height and a.x0 - height < p.x1 for a in above) for p in line)


def _header_cells(lines: list[list[Phrase]]) -> list[Phrase]:
    """The header's labels: phrases of its lines that overlap horizontally are one label
    wrapped over lines ("Thời gian" over "hoàn thành")."""
    cells: list[Phrase] = []
    for line in lines:
        for p in line:
            same = next((c for c in cells if p.x0 < c.x1 and c.x0 < p.x1), None)
            if same:
                same.text, same.x0, same.x1 = f"{same.text} {p.text}", min(same.x0, p.x0), max(same.x1, p.x1)
            else:
                cells.append(Phrase(p.text, p.x0, p.x1, p.top, p.bottom))
    return sorted(cells, key=lambda c: c.x0)


def _starts(lines: list[list[Phrase]]) -> list[float]:
    """Column starts: where MIN_STARTS phrases or more begin."""
    xs = sorted(p.x0 for line in lines for p in line)
    groups: list[list[float]] = []
    for x in xs:
        if groups and x - groups[-1][-1] <= ALIGN_TOL:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [min(g) for g in groups if len(g) >= MIN_STARTS]


def _column(starts: list[float], x: float) -> int:
    return max((i for i, s in enumerate(starts) if s <= x + ALIGN_TOL), default=0)


def _table(header: list[Phrase], body: list[list[Phrase]]) -> tuple[list[list[str]], float] | None:
    """Rows under the header, and the bottom of the last; None when the body has no columns."""
    if not body:
        return None
    pitch = sorted(b[0].top - a[0].top for a, b in zip(body, body[1:]))[: max(1, len(body) // 2)]
    pitch_pt = pitch[len(pitch) // 2] if pitch else body[0][0].bottom - body[0][0].top
    end = len(body)
    for i in range(1, len(body)):
        if body[i][0].top - body[i - 1][0].top > END_GAP * pitch_pt:
            end = i
            break
    body = body[:end]
    starts = _starts(body)
    if len(starts) < 2:
        return None
    for before, cell in zip([None] + header[:-1], header):  # a column with no text under its label
        left = before.x1 if before else cell.x0 - ALIGN_TOL
        if not any(left <= s <= cell.x1 for s in starts):
            starts = sorted(starts + [(left + cell.x0) / 2])
    width = len(starts)
    head = [""] * width
    for c in header:
        col = _column(starts, (c.x0 + c.x1) / 2)
        head[col] = f"{head[col]} {c.text}".strip()
    rows: list[list[str]] = [head]
    numbered = (header_fields([clean_text(c) for c in head]) or {}).get(0) in ("stt", "stt_detail")
    prev_top = None
    for line in body:
        cols = [_column(starts, p.x0) for p in line]
        number_alone = cols[0] == 0 and width > 1 and line[0].x1 <= starts[1] + ALIGN_TOL
        gap = prev_top is not None and line[0].top - prev_top > ROW_GAP * pitch_pt
        if prev_top is None or gap or (numbered and number_alone):
            rows.append([""] * width)
        for p, col in zip(line, cols):
            rows[-1][col] = f"{rows[-1][col]} {p.text}".strip()
        prev_top = line[0].top
    return rows, max(p.bottom for p in body[-1])
