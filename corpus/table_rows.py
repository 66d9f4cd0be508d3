"""Table rows named by role: find the header rows, give each stretch of rows its columns.

A document's tables are read in two passes.  The first cuts every table into stretches:
rows under a header row (and its sub-header), or rows with no header, which keep the columns
of the table before (a page with no repeated header).  Stretches under the same header
(repeated on every page) share one reading of their columns, made from the header's words
and all of their values (corpus/columns.py, corpus/content.py), so a plan is read the same
way on every page.  Inside a stretch, a run of rows whose values contradict the columns (a
second, headerless table glued under the first) is read by its values alone.

The second pass names each cell by its role and hands the rows to corpus/tables.py.
"""
from __future__ import annotations

from collections import Counter

import re
from dataclasses import dataclass, field
from typing import Iterator

from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.clean import clean_lines, clean_text
from kehoach.corpus.columns import (
    QUALIFYING,
    TASK_LIST,
    HeaderRow,
    apply_subheader,
    header_fields,
    read_header,
    subheader_fields,
)
from kehoach.corpus.content import kind_of, resolve
from kehoach.corpus.layout import Column, TableLayout
from kehoach.corpus.numbering import (
    HEADING_STYLES,
    Code,
    is_column_numbers,
    parse_code,
    split_code,
)
from kehoach.corpus.units import split_roles

LINE_FIELDS = ("lead", "partners")  # a line break there separates units: keep it
NUMBER_ROLES = ("stt", "stt_detail")
MAX_HEADING_CHARS = 250
MIN_MISFIT_RUN = 2  # rows in a row that contradict the columns before they are read as another table
MIN_MISFITS = 2  # contradicted cells that make a row a misfit
_BULLET_MARK = re.compile(r"^\s*[-–—•+*·]\s*$")


@dataclass
class Heading:
    code: Code | None
    title: str

    @property
    def label(self) -> str:
        if self.code is None:
            return self.title
        return f"{self.code.text}. {self.title}".strip()


@dataclass
class Raw:
    code: str  # what the numbering cell(s) say, "" when empty
    cells: dict[str, str]
    numbered: bool = True  # the table has a numbering (or code) column
    heading: Heading | None = None  # a heading paragraph above a table
    bold: bool = False  # the whole row is bold
    group: list[str] = field(default_factory=list)  # the values of its group columns, outermost first
    day_first: bool | None = None  # how its dates are written (d/m/y: True, m/d/y: False)
    layout: TableLayout | None = None
    row: int = 0  # 1-based row in its table
    texts: list[str] = field(default_factory=list)
    confidence: float | None = None  # the row's OCR confidence (None: read from text)
    bullet: bool = False  # its numbering cell holds a bullet mark ("-"): a new item with no number


@dataclass
class _Stretch:
    table: int
    rows: list[int]  # indexes of its data rows in the table
    texts: list[list[str]]  # the table's cleaned rows
    header: HeaderRow | None = None
    header_cells: list[str] = field(default_factory=list)
    sub: dict[int, str] | None = None
    first: int = 0
    last: int = 0
    layout: TableLayout | None = None


class TableReader:
    """Reads the tables of one document; `layouts` is the report of how."""

    def __init__(self) -> None:
        self.layouts: list[TableLayout] = []

    def rows(self, blocks: list[Block]) -> Iterator[Raw]:
        stretches = self._cut(blocks)
        self._read_columns(stretches)
        by_table: dict[int, list[_Stretch]] = {}
        for s in stretches:
            by_table.setdefault(s.table, []).append(s)
        current: TableLayout | None = None
        number = 0
        for n, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                following = blocks[n + 1] if n + 1 < len(blocks) else None
                heading = _paragraph_heading(block, following, current is not None and current.read)
                if heading:
                    yield Raw(code="", cells={}, heading=heading)
                continue
            number += 1
            for stretch in by_table.get(number, []):
                for piece in self._split_misfits(stretch):
                    current = piece.layout
                    yield from _named_rows(piece, block)

    # ------------------------------------------------------------ pass 1: stretches

    def _cut(self, blocks: list[Block]) -> list[_Stretch]:
        out: list[_Stretch] = []
        number = 0
        for block in blocks:
            if not isinstance(block, Table):
                continue
            number += 1
            texts = [[clean_text(c) for c in row] for row in block.rows]
            stretch = _Stretch(number, [], texts, first=1)
            skip_sub = False
            for i, cells in enumerate(texts):
                if not any(cells) or is_column_numbers(cells):
                    continue
                if skip_sub:
                    skip_sub = False
                    sub = subheader_fields(cells)
                    if sub is not None:
                        stretch.sub = sub
                        stretch.last = i + 1
                        continue
                header = read_header(cells)
                if header is not None and (header.qualifies or _could_head(header)):
                    if stretch.rows or stretch.header:
                        out.append(stretch)
                    stretch = _Stretch(number, [], texts, header, cells, first=i + 1, last=i + 1)
                    skip_sub = True
                    continue
                stretch.rows.append(i)
                stretch.last = i + 1
            if stretch.rows or stretch.header:
                out.append(stretch)
        return out

    def _read_columns(self, stretches: list[_Stretch]) -> None:
        """One reading of the columns per header (by its text), from all the rows under it."""
        groups: dict[tuple, list[_Stretch]] = {}
        previous: tuple | None = None
        for s in stretches:
            key = (tuple(s.header_cells), tuple(sorted((s.sub or {}).items()))) if s.header else previous
            s.key = key  # type: ignore[attr-defined]
            if key is not None:
                groups.setdefault(key, []).append(s)
            previous = key
        readings: dict[tuple, tuple[list[Column], bool, str]] = {}
        for key, members in groups.items():
            head = next((m for m in members if m.header), None)
            if head is None:
                continue
            rows = [m.texts[i] for m in members for i in m.rows]
            fixed = apply_subheader(head.header.roles, head.sub) if head.sub else None
            columns = resolve(head.header, head.header_cells, rows, fixed)
            readings[key] = (columns,) + _qualifies(columns, head.header)
        first_of: dict[tuple, int] = {}
        for s in stretches:
            key = s.key  # type: ignore[attr-defined]
            if key is None or key not in readings:
                s.layout = TableLayout(s.table, s.first, s.last, "none", reason="no header row above these rows, "
                                       "and no task table before them")
            else:
                columns, read, why = readings[key]
                source = "header" if s.header else "continued"
                if not s.header and read and not _continues(s, columns):
                    read, why = False, ("no header naming a task table's columns, and its rows do not fit "
                                        "the columns of the table before")
                s.layout = TableLayout(s.table, s.first, s.last, source, columns=columns, read=read, reason=why,
                                       same_as=first_of.get(key))
                first_of.setdefault(key, s.table)
            self.layouts.append(s.layout)

    # ------------------------------------------------------------ a second table glued under the first

    def _split_misfits(self, stretch: _Stretch) -> list[_Stretch]:
        layout = stretch.layout
        if layout is None or not layout.read or len(stretch.rows) < MIN_MISFIT_RUN:
            return [stretch]
        roles = layout.roles()
        misfit = [_misfits(stretch.texts[i], roles) >= MIN_MISFITS for i in stretch.rows]
        start = next((k for k in range(len(misfit) - MIN_MISFIT_RUN + 1)
                      if all(misfit[k:k + MIN_MISFIT_RUN])), None)
        if start is None:
            return [stretch]
        rest = stretch.rows[start:]
        columns = resolve(None, [], [stretch.texts[i] for i in rest])
        read, why = _qualifies(columns)
        new_roles = {c.index: c.role for c in columns if c.role}
        if not read or sum(_misfits(stretch.texts[i], new_roles) for i in rest) >= sum(
                _misfits(stretch.texts[i], roles) for i in rest):
            return [stretch]
        head = _Stretch(stretch.table, stretch.rows[:start], stretch.texts, stretch.header, stretch.header_cells,
                        stretch.sub, stretch.first, rest[0], layout)
        layout.last_row = rest[0]
        tail_layout = TableLayout(stretch.table, rest[0] + 1, stretch.last, "values", columns, True,
                                  f"read from their values: these rows do not fit the columns above ({why})")
        self.layouts.insert(self.layouts.index(layout) + 1, tail_layout)
        tail = _Stretch(stretch.table, rest, stretch.texts, None, [], None, rest[0] + 1, stretch.last, tail_layout)
        return [head, tail]


def _continues(stretch: _Stretch, columns: list[Column]) -> bool:
    """Do headerless rows go on with the columns of the table before (a page with no repeated
    header), or are they another table (a dependency chart under a task list)?  Most of
    them must fit: a number in the numbering column, no two cells against their columns."""
    roles = {c.index: c.role for c in columns if c.role}
    numbering = {i: r for i, r in roles.items() if r in ("stt", "code")}
    bad = sum(1 for i in stretch.rows
              if _misfits(stretch.texts[i], numbering) or _misfits(stretch.texts[i], roles) >= MIN_MISFITS)
    return bad * 2 <= len(stretch.rows)


def _could_head(header: HeaderRow) -> bool:
    """A row of labels that is not a task header still heads a table (targets, dependencies):
    its rows are that table's, not the task table's before it."""
    return len(header.roles) >= 2 and all(c.exact or c.words <= 6 for c in header.cells.values())


def _qualifies(columns: list[Column], header: HeaderRow | None = None) -> tuple[bool, str]:
    roles = {c.role for c in columns if c.role}
    if "task" not in roles:
        return False, "no column holds the task (a header such as 'Nội dung nhiệm vụ', 'Tên nhiệm vụ', 'Task')"
    task = next(c.index for c in columns if c.role == "task")
    said = header.cells[task].scores.get("task", 0.0) if header and task in header.cells else 0.0
    if not roles.intersection(QUALIFYING) and said >= TASK_LIST:
        return True, (f"a list of tasks (\"{columns[task].header}\") with no column for who or when: its "
                      "headings and text say")
    if not roles.intersection(QUALIFYING):
        return False, ("a task column but nothing about the tasks: no lead, partners, deadline, output "
                       "or status column")
    named = ", ".join(f"{c.role}" for c in columns if c.role)
    return True, named


def _misfits(cells: list[str], roles: dict[int, str]) -> int:
    """How many cells of a row contradict the role of their column: a deadline that is no
    date, a code that is no code, a lead that is a date …"""
    n = 0
    for i, role in roles.items():
        value = cells[i] if i < len(cells) else ""
        if not value or value[:1].islower():
            continue
        kind = kind_of(value)
        if role in ("start", "deadline") and kind != "date":
            n += 1
        elif role == "code" and kind != "code":
            n += 1
        elif role == "stt" and not (parse_code(value) or split_code(value)):
            n += 1
        elif role == "measure" and kind != "measure":
            n += 1
        elif role in ("lead", "partners") and kind in ("date", "code"):
            n += 1
    return n


# ---------------------------------------------------------------- pass 2: rows named by role


MERGED_ACROSS = 3  # cells holding one text, at least, for a row to be one cell merged across


def _merged_across(texts: list[str], cells: list[str]) -> tuple[list[str], list[str]]:
    """A group row merged across the table as a text export writes it: its title in every cell
    (past its number: "I | Hoàn thiện … | Hoàn thiện … | …").  Only the first keeps it, so the
    row is a heading, not a task led by its own title."""
    filled = [t for t in texts if t.strip()]
    common = Counter(filled).most_common(1)
    if not common or common[0][1] < MERGED_ACROSS or len(filled) - common[0][1] > 1:
        return texts, cells
    keep = texts.index(common[0][0])
    blank = {j for j, t in enumerate(texts) if t == common[0][0] and j != keep}
    return ([("" if j in blank else t) for j, t in enumerate(texts)],
            [("" if j in blank else c) for j, c in enumerate(cells)])


def _named_rows(stretch: _Stretch, block: Table) -> Iterator[Raw]:
    layout = stretch.layout
    assert layout is not None
    if not layout.read:
        for i in stretch.rows:
            layout.skip(i + 1, stretch.texts[i], "table not read")
        return
    columns = [c for c in layout.columns if c.role]
    numbered = any(c.role in NUMBER_ROLES for c in columns)
    coded = not numbered and any(c.role == "code" for c in columns)
    held: dict[int, str] = {}  # fill-down values
    bold = block.bold or []
    confidence = block.confidence or []
    for i in stretch.rows:
        texts, cells = _merged_across(stretch.texts[i], block.rows[i])
        named: dict[str, str] = {}
        group: list[str] = []
        for c in columns:
            value = (clean_lines(cells[c.index]) if c.role in LINE_FIELDS else texts[c.index]) \
                if c.index < len(texts) else ""
            if c.fill_down:
                if value:  # a new block: the filled-down values to its right start again
                    held = {j: v for j, v in held.items() if j < c.index}
                    held[c.index] = value
                value = held.get(c.index, "")
            if c.role == "group":
                if value:
                    group.append(value)
                continue
            named[c.role] = money(value, c.header) if c.role == "cost" else value
            if c.also == "partners":  # one column for both: its role words tell them apart
                named["lead"], named["partners"] = split_roles(value)
            elif c.also:
                named[c.also] = value
        code = named.get("stt", "") or named.get("stt_detail", "") or (named.get("code", "") if coded else "")
        bullet = bool(_BULLET_MARK.match(code))
        day_first = next((c.day_first for c in columns if c.role == "deadline"), None)
        yield Raw(code="" if bullet else code.strip(), cells=named, numbered=numbered or coded,
                  bold=i < len(bold) and bold[i], bullet=bullet, group=group, day_first=day_first, layout=layout,
                  row=i + 1, texts=texts, confidence=confidence[i] if i < len(confidence) else None)


def money(value: str, header: str) -> str:
    """An amount with the unit its header gives ('120' under 'Kinh phí (triệu đồng)' is
    '120 triệu đồng'): the number alone would read as đồng."""
    unit = re.search(r"\(([^()]*đồng[^()]*)\)", header or "", re.IGNORECASE)
    if unit and re.fullmatch(r"[\d.,\s]+", value or ""):
        return f"{value.strip()} {unit.group(1).strip()}"
    return value


def _paragraph_heading(block: Paragraph, following: Block | None, reading: bool) -> Heading | None:
    """'II. PHÁT TRIỂN DỮ LIỆU SỐ' written above a task table (one table per section), or a
    bold paragraph numbered in any style ('**4. Nhóm nhiệm vụ: …**')."""
    if not isinstance(following, Table):
        return None
    text = clean_text(block.text)
    styles = None if block.bold else HEADING_STYLES
    found = split_code(text, styles) if len(text) <= MAX_HEADING_CHARS else None
    if not found:
        return None
    starts_task_table = reading or any(
        header_fields([clean_text(c) for c in row]) for row in following.rows[:4])
    return Heading(*found) if starts_task_table else None
