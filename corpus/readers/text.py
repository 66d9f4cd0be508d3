"""Plain text extracted from plans: tab-separated lines are table rows, the rest paragraphs.

Text exports also write a table's rows as cells joined by " | " — a markdown table saved as
.txt, or one line per row with blank lines between ("TT | Nhiệm vụ | Cơ quan chủ trì | …"): a
line of three cells or more so joined is a row, and blank lines between such rows do not end
the table.
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
    lines = text.splitlines()
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
