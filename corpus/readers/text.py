"""Plain text extracted from plans: tab-separated lines are table rows, the rest paragraphs."""
from __future__ import annotations

from pathlib import Path

from kehoach.corpus.blocks import Paragraph, RawDocument, Table


def read(path: Path) -> RawDocument:
    from kehoach.corpus.readers.encoding import decode_bytes

    text, warning = decode_bytes(path.read_bytes(), path.name)
    doc = RawDocument(path=path, blocks=parse_text(text))
    if warning:
        doc.warnings.append(warning)
    return doc


def parse_text(text: str) -> list:
    """Consecutive lines holding a tab form one table; blank lines end it."""
    blocks: list = []
    table: list[list[str]] | None = None
    for line in text.splitlines():
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
