"""The one intermediate form every reader produces.

A document, whatever its format, becomes an ordered list of blocks: paragraphs of text
and tables of cells, in reading order.  The table and narrative parsers only ever see
this form, so a new file format is a new reader and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Paragraph:
    text: str
    bold: bool = False  # the whole paragraph is bold (a heading in most plans)
    confidence: float | None = None  # read by OCR: its mean word confidence, 0-1


@dataclass
class Table:
    """Rows of cell texts.  Merged cells are already resolved by the reader: a horizontally
    merged cell appears once followed by empty strings for the columns it spans, a
    vertically merged cell repeats its text in every row it covers.  `bold[i]`: every filled
    cell of row i is bold (a group or section row, in readers that see formatting)."""
    rows: list[list[str]]
    bold: list[bool] = field(default_factory=list, compare=False)  # formatting, not content
    confidence: list[float | None] | None = None  # read by OCR: each row's mean word confidence, 0-1


Block = Paragraph | Table

# Small tables that only lay text out side by side: the national motto block at the top
# (issuing body | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and the signature block at the end.
# Readers give their cells as paragraphs (folded text is matched).
LAYOUT_MARKERS = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "noi nhan:")
LAYOUT_MAX_ROWS = 4


@dataclass
class RawDocument:
    path: Path
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name


class DocumentError(Exception):
    """A file that cannot be read: the message names the file and says why (and what to do)."""
