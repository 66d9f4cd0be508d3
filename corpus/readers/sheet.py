"""Spreadsheets: .xlsx (openpyxl) and .csv.

Each worksheet is one task table.  Title lines above it ("PHỤ LỤC …", "Kèm theo Kế hoạch
số …", usually one merged cell) become Paragraphs so the commune and plan can be found.
Merged cells follow the rule of corpus.blocks.Table: across -> text once then "",
down -> text repeated.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from kehoach.corpus.blocks import Block, DocumentError, Paragraph, RawDocument, Table
from kehoach.corpus.readers.archive import check_archive
from kehoach.corpus.readers.encoding import (
    LABELS,
    convert_font_text,
    decode_bytes,
    legacy_font,
    repair_blocks,
)
from kehoach.corpus.readers.unsupported import office_container_message

_DELIMITERS = ",;\t"


def read(path: Path) -> RawDocument:
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_xlsx(path)


# ---------------------------------------------------------------- xlsx


def read_xlsx(path: Path) -> RawDocument:
    import openpyxl  # import cost only when a spreadsheet is read
    from openpyxl.utils.exceptions import InvalidFileException

    data = _read_bytes(path)
    ole = office_container_message(path, data, ".xls")
    if ole:
        raise DocumentError(ole)
    check_archive(path, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as e:
        raise DocumentError(f"{path.name} is not a valid .xlsx (damaged or not an Excel file)") from e
    blocks: list[Block] = []
    fonts: set[str] = set()
    for sheet in book.worksheets:
        rows, bold = _sheet_rows(sheet, fonts)
        blocks.extend(_split_titles(rows, bold))
    if not blocks:
        raise DocumentError(f"{path.name} is empty (no cell holds text)")
    warnings = []
    if fonts:
        warnings.append(f"{path.name}: text in legacy font {', '.join(sorted(fonts))} converted to Unicode")
    blocks, codec = repair_blocks(blocks)
    if codec:
        warnings.append(f"{path.name}: text was {LABELS[codec]} saved as Unicode; converted")
    return RawDocument(path, blocks, warnings)


def _sheet_rows(sheet, fonts: set[str]) -> tuple[list[list[str]], list[bool]]:
    """Cell texts of one worksheet with merged ranges resolved, and whether each row is bold.
    Only cells that hold a value set the size (formatting alone can reach row 1,048,576)."""
    cells = {pos: cell for pos, cell in sheet._cells.items() if cell.value is not None}
    if not cells:
        return [], []
    n_rows, n_cols = max(r for r, _ in cells), max(c for _, c in cells)
    grid = [[""] * n_cols for _ in range(n_rows)]
    bold = [True] * n_rows
    for (r, c), cell in cells.items():
        grid[r - 1][c - 1] = _cell_text(cell, fonts)
        if grid[r - 1][c - 1] and not (cell.font and cell.font.b):
            bold[r - 1] = False
    for rng in sheet.merged_cells.ranges:
        if rng.min_row > n_rows or rng.min_col > n_cols:
            continue
        top = grid[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, min(rng.max_row, n_rows) + 1):
            for c in range(rng.min_col, min(rng.max_col, n_cols) + 1):
                grid[r - 1][c - 1] = top if c == rng.min_col else ""
    return _trim(grid, bold)


def _cell_text(cell, fonts: set[str]) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y") if v.time() == dt.time(0) else v.strftime("%d/%m/%Y %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, (int, float)):
        return _number_text(v, cell.number_format or "")
    text = str(v).strip()
    font = legacy_font(cell.font.name if cell.font else None)
    if font and text:
        converted = convert_font_text(text, *font)
        if converted != text:
            fonts.add(cell.font.name)
            return converted
    return text


def _number_text(v: int | float, number_format: str) -> str:
    """12.0 -> "12", 0.7 with a % format -> "70%", 1234.5 -> "1234.5"."""
    if "%" in number_format:
        return f"{v * 100:g}%"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v) if isinstance(v, int) else f"{v:.10g}"


def _trim(grid: list[list[str]], bold: list[bool]) -> tuple[list[list[str]], list[bool]]:
    """Drop empty rows and the empty columns at the right."""
    keep = [i for i, row in enumerate(grid) if any(c.strip() for c in row)]
    rows = [grid[i] for i in keep]
    width = max((max((j + 1 for j, c in enumerate(r) if c.strip()), default=0) for r in rows), default=0)
    return [r[:width] for r in rows], [bold[i] for i in keep]


def _split_titles(rows: list[list[str]], bold: list[bool]) -> list[Block]:
    """One-cell rows above the first row of several cells are titles (Paragraphs); from
    that row on it is the Table.  A sheet with no such row is all paragraphs."""
    filled = [[c for c in r if c.strip()] for r in rows]
    first = next((i for i, cells in enumerate(filled) if len(cells) > 1), len(rows))
    blocks: list[Block] = [Paragraph(filled[i][0], bold[i]) for i in range(first)]
    if first < len(rows):
        blocks.append(Table(rows[first:]))
    return blocks


# ---------------------------------------------------------------- csv


def read_csv(path: Path) -> RawDocument:
    text, warning = decode_bytes(_read_bytes(path), path.name)
    if not text.strip():
        raise DocumentError(f"{path.name} is empty (no text)")
    delimiter = sniff_delimiter(text)
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as e:
        raise DocumentError(f"{path.name} is not a readable CSV file ({e})") from None
    rows, bold = _trim(rows, [False] * len(rows))
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return RawDocument(path, _split_titles(rows, bold), [warning] if warning else [])


def sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines most consistently
    into more than one column."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_key = ",", (0, 0)
    for d in _DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d) if r]
        multi = [n for n in counts if n > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        key = (multi.count(mode), mode)
        if key > best_key:
            best, best_key = d, key
    return best


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise DocumentError(f"{path.name} cannot be opened: {e.strerror or e}") from None
