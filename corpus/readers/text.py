"""Plain text extracted from plans: tab-separated lines are table rows, the rest paragraphs.

Text exports also write a table's rows as cells joined by " | " — a markdown table saved as
.txt, or one line per row with blank lines between ("TT | Nhiệm vụ | Cơ quan chủ trì | …"): a
line of three cells or more so joined is a row, and blank lines between such rows do not end
the table.  A PDF's fixed-width text (pdftotext -layout: paragraphs indented, wrapped flush
left, form feeds at page starts) is put back into paragraphs first (`reflow`).
"""
from __future__ import annotations

import re
from pathlib import Path

from kehoach.corpus.blocks import Paragraph, RawDocument, Table
from kehoach.corpus.readers.markdown import pipe_table

PIPE_ROW = re.compile(r"^(?:[^|]*(?<!\\)\|){2,}[^|]*$")  # three cells or more ("a | b | c", "| a | b |")


def read(path: Path) -> RawDocument:
    from kehoach.corpus.readers.encoding import decode_bytes

    text, warning = decode_bytes(path.read_bytes(), path.name)
    doc = RawDocument(path=path, blocks=parse_text(text))
    if warning:
        doc.warnings.append(warning)
    return doc


def parse_text(text: str) -> list:
    """Consecutive lines holding a tab form one table; blank lines end it.  Lines of cells
    joined by pipes form one table, blank lines between them included."""
    blocks: list = []
    table: list[list[str]] | None = None
    lines = reflow(text.replace("\f", "").splitlines())  # a page break (form feed) is no paragraph break
    i = 0
    while i < len(lines):
        piped = _pipe_rows(lines, i)
        if piped:
            blocks.extend(pipe_table([line for line in lines[i:piped] if line.strip()]))
            table, i = None, piped
            continue
        line = lines[i]
        i += 1
        if "\t" in line:
            if table is None:
                table = []
                blocks.append(Table(rows=table))
            table.append([c.strip() for c in line.split("\t")])
            continue
        table = None
        if line.strip():
            stripped = line.strip()
            bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
            blocks.append(Paragraph(text=stripped.strip("*").strip() if bold else stripped, bold=bold))
    return blocks


def _pipe_rows(lines: list[str], start: int) -> int:
    """Where the run of pipe-joined rows starting at `start` ends (0: none starts there); a
    run is two rows or more, blank lines between them allowed."""
    end = last = start
    rows = 0
    while end < len(lines):
        if PIPE_ROW.match(lines[end].strip()) and "\t" not in lines[end]:
            rows, last = rows + 1, end + 1
        elif lines[end].strip():
            break
        end += 1
    return last if rows >= 2 else 0


INDENT = re.compile(r"^ {4,}\S")
INDENTED_SHARE, FLUSH_SHARE = 0.3, 0.2  # of a text's lines indented and flush left: a PDF's fixed-width layout


def reflow(lines: list[str]) -> list[str]:
    """A PDF's fixed-width text (pdftotext -layout) starts each paragraph indented and wraps it
    flush left: a flush-left line there goes on the paragraph above ("- UBND phường Lào Cai chủ
    trì, phối hợp với Sở Xây dựng, Ban Quản lý Khu" / "Kinh tế và các cơ quan …").  Other texts
    (tab tables, pipe rows, a paragraph a line) are returned as they are."""
    filled = [line for line in lines if line.strip()]
    if not filled or any("\t" in line or PIPE_ROW.match(line) for line in filled):
        return lines
    indented = sum(bool(INDENT.match(line)) for line in filled)
    flush = sum(not line[:1].isspace() for line in filled)
    if indented < INDENTED_SHARE * len(filled) or flush < FLUSH_SHARE * len(filled):
        return lines
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and line.strip() and not line[:1].isspace():
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out

