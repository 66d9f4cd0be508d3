"""The table parser: appendix tables (any reader) -> task records.

Real tables are broken by page breaks: the header repeats on every page, a row cut by
the break continues on the next page as a row with no number, and section rows
("I", "II.", "<b>III. title</b>", or "1" in a table numbered 1.1, 1.2 …) sit between tasks.
A table with no header keeps the columns of the table before it (a page with no repeated
header), so one parser state runs over all the tables of a document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.blocks import Block, Paragraph, Table
from corpus.clean import clean_text, strip_bullet
from corpus.columns import header_fields, subheader_fields

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_CODE = re.compile(rf"^({ROMAN})\.?$")
_ROMAN_TITLE = re.compile(rf"^({ROMAN})[.)]\s+(\S.*)$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?$")

FIELDS = ("task", "lead", "partners", "output", "deadline", "directing", "notes")


@dataclass
class TableTask:
    """One task as read from a table, before ids and metadata are attached."""
    stt: str | None
    section: str | None
    cells: dict[str, str] = field(default_factory=dict)
    position: int = 0  # order of the row in the document


@dataclass
class _Raw:
    code: str  # what the numbering cell(s) say, "" when empty
    cells: dict[str, str]


def _is_roman(code: str) -> bool:
    m = _ROMAN_CODE.match(code)
    return bool(m and m.group(1))


def parse_tables(blocks: list[Block]) -> list[TableTask]:
    raws = list(_raw_rows(blocks))
    return _assemble(raws)


def _raw_rows(blocks: list[Block]):
    """Yield data rows with their cells named by field; header rows are consumed here."""
    columns: dict[int, str] | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            continue
        assert isinstance(block, Table)
        for cells in block.rows:
            texts = [clean_text(c) for c in cells]
            if not any(texts):
                continue
            header = header_fields(texts)
            if header:
                columns = header
                continue
            sub = subheader_fields(texts)
            if sub and columns is not None:
                for i, name in sub.items():
                    if name == "stt_detail" or i not in columns:
                        columns[i] = name
                continue
            if columns is None:
                continue  # a table that is not a task table (signatures, targets…)
            named = {name: texts[i] for i, name in columns.items() if i < len(texts)}
            code = named.get("stt", "") or named.get("stt_detail", "")
            yield _Raw(code=code.strip(), cells=named)


def _section_in_task_cell(raw: _Raw) -> tuple[str, str] | None:
    """'<b>III. Tăng cường …</b>' written in the first column with the title."""
    m = _ROMAN_TITLE.match(raw.code)
    if m and m.group(1):
        return m.group(1), m.group(2)
    return None


def _has_units(cells: dict[str, str]) -> bool:
    return any(cells.get(f) for f in ("lead", "partners", "output", "deadline", "directing"))


def _assemble(raws: list[_Raw]) -> list[TableTask]:
    tasks: list[TableTask] = []
    section: str | None = None
    codes = [r.code.rstrip(".") for r in raws]
    for i, raw in enumerate(raws):
        code = raw.code.rstrip(".")
        title = raw.cells.get("task", "")
        inline = _section_in_task_cell(raw)
        if inline:
            section = f"{inline[0]}. {inline[1]}"
            continue
        if code and _is_roman(code) and not _has_units(raw.cells):
            section = f"{code}. {title}".strip()
            continue
        if code and _NUMBER.match(code) and "." not in code and not _has_units(raw.cells):
            # "1" heading a group numbered 1.1, 1.2 …
            following = next((c for c in codes[i + 1:] if c), "")
            if following.startswith(code + "."):
                section = f"{code}. {title}".strip()
                continue
        if not code and tasks and not _starts_new_task(raw):
            _continue(tasks[-1], raw.cells)
            continue
        cells = {f: raw.cells.get(f, "") for f in FIELDS}
        cells["task"] = strip_bullet(cells["task"])
        tasks.append(TableTask(stt=code or None, section=section, cells=cells, position=len(tasks)))
    return [t for t in tasks if t.cells.get("task")]


def _starts_new_task(raw: _Raw) -> bool:
    """An unnumbered row with its own task and lead is a task of its own, not a continuation."""
    return bool(raw.cells.get("task")) and bool(raw.cells.get("lead")) and raw.cells["task"][:1].isupper()


def _continue(task: TableTask, cells: dict[str, str]) -> None:
    """A row cut by a page break: append each cell to the same cell of the row above."""
    for f in FIELDS:
        extra = cells.get(f, "")
        if extra:
            before = task.cells.get(f, "")
            task.cells[f] = f"{before} {extra}".strip() if before else extra
