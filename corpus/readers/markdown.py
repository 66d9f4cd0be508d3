"""Markdown (.md): pipe tables become Tables, everything else Paragraphs.

Plans reach us as markdown when someone converted a Word file with a tool (pandoc,
an LLM, a web editor): the task table is a pipe table, headings are `**bold**` or `#`.
"""
from __future__ import annotations

import re
from pathlib import Path

from kehoach.corpus.blocks import (
    LAYOUT_MARKERS,
    LAYOUT_MAX_ROWS,
    Block,
    DocumentError,
    Paragraph,
    RawDocument,
    Table,
)
from kehoach.corpus.normalize import fold
from kehoach.corpus.readers.encoding import decode_bytes

_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+?)\1[.:]?$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_MARKS = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # any ASCII punctuation, as CommonMark escapes it: R\&D, 1\.
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?!\s).*\S\1$", re.S)


def read(path: Path) -> RawDocument:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(f"{path.name} cannot be opened: {e.strerror or e}") from None
    text, warning = decode_bytes(data, path.name)
    blocks = parse_markdown(text)
    if not blocks:
        raise DocumentError(f"{path.name} is empty (no text)")
    return RawDocument(path, blocks, [warning] if warning else [])


def parse_markdown(text: str) -> list[Block]:
    """Blocks of a markdown text, in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        n = _table_length(lines, i)
        if n:
            blocks.extend(pipe_table(lines[i:i + n]))
            i += n
            continue
        para = _paragraph(lines[i])
        if para is not None:
            blocks.append(para)
        i += 1
    return blocks


def pipe_table(lines: list[str]) -> list[Block]:
    """The Table of pipe-delimited lines (separator lines dropped), or the paragraphs of a
    letterhead or signature block laid out as one."""
    raw = [_raw_cells(line) for line in lines if not _SEPARATOR.match(line)]
    rows = _pad([[_clean_cell(c) for c in r] for r in raw])
    if _is_layout(rows):
        return list(_layout_paragraphs(raw))
    return [Table(rows, [_is_bold_row(r) for r in raw])]


def _is_row(line: str) -> bool:
    return bool(_PIPE.search(line))


def _table_length(lines: list[str], start: int) -> int:
    """Number of lines of the pipe table starting at `start` (0 if none starts there).
    A table is a run of lines holding `|`, either led by `|` or with a `---|---` line."""
    end = start
    while end < len(lines) and lines[end].strip() and _is_row(lines[end]):
        end += 1
    run = lines[start:end]
    if not run:
        return 0
    has_separator = any(_SEPARATOR.match(line) and "-" in line for line in run)
    led_by_pipes = all(line.lstrip().startswith("|") for line in run)
    if has_separator or (led_by_pipes and len(run) >= 2):
        return len(run)
    return 0


def _raw_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in _PIPE.split(s)]


def _is_bold_cell(cell: str) -> bool:
    """'**I.**', '**ỦY BAN NHÂN DÂN**<br>**XÃ NGHĨA SƠN**': every line wholly bold."""
    lines = [line.strip() for line in _BR.split(cell) if line.strip()]
    return bool(lines) and all(_WHOLLY_BOLD.match(line) and "**" not in line[2:-2] for line in lines)


def _is_bold_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_is_bold_cell(c) for c in filled)


def _is_layout(rows: list[list[str]]) -> bool:
    """The motto or signature block written as a small table (as pandoc writes a Word
    letterhead): its cells are paragraphs, as the Word reader gives them."""
    if len([r for r in rows if any(r)]) > LAYOUT_MAX_ROWS:
        return False
    text = fold(" ".join(c for r in rows for c in r))
    return any(marker in text for marker in LAYOUT_MARKERS)


def _layout_paragraphs(rows: list[list[str]]) -> list[Paragraph]:
    out = []
    for row in rows:
        for cell in row:
            for line in _BR.split(cell):
                para = _paragraph(line)
                if para is not None:
                    out.append(para)
    return out


def _clean_cell(cell: str) -> str:
    cell = _BR.sub("\n", cell.strip())
    cell = _BOLD_MARKS.sub("", cell)
    return _ESCAPE.sub(r"\1", cell).strip()


def _paragraph(line: str) -> Paragraph | None:
    s = line.strip()
    if not s or re.fullmatch(r"[-*_=]{3,}", s):  # blank line or horizontal rule
        return None
    bold = False
    heading = _HEADING.match(s)
    if heading:
        s, bold = heading.group(1), True
    m = _BOLD_LINE.match(s)
    if m and "**" not in m.group(2):
        s, bold = m.group(2) + s[m.end(2) + len(m.group(1)):], True
    s = _ESCAPE.sub(r"\1", _BOLD_MARKS.sub("", s)).strip()
    return Paragraph(s, bold) if s else None


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]
