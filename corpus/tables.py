"""The table parser: appendix tables (any reader) -> task records.

Real tables are broken by page breaks: the header repeats on every page, a row cut by
the break continues on the next page as a row with no number, and heading rows sit
between tasks ("I", "II.", "<b>III. title</b>", "Phần I", "A. …", an upper-case title
merged across, or "1" in a table numbered 1.1, 1.2 … or a), b) …).  Headings nest
("Phần I" › "1."), and a heading paragraph just above a table heads its rows.  A table
with no header keeps the columns of the table before it (a page with no repeated header),
so one parser state runs over all the tables of a document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.clean import clean_lines, clean_text, strip_bullet
from kehoach.corpus.columns import apply_subheader, header_fields, subheader_fields
from kehoach.corpus.numbering import (
    HEADING_STYLES,
    RANK,
    ROMAN,
    Code,
    is_column_numbers,
    parse_code,
    split_code,
)

__all__ = ["ROMAN", "FIELDS", "TableTask", "parse_tables"]

FIELDS = ("task", "lead", "partners", "output", "deadline", "directing", "notes")
LINE_FIELDS = ("lead", "partners")  # a line break there separates units: keep it
UNIT_FIELDS = ("lead", "partners", "output", "deadline", "directing")  # a heading row has none
SECTION_JOIN = " › "
MAX_HEADING_CHARS = 250
SHORT_TITLE_WORDS = 12


@dataclass
class TableTask:
    """One task as read from a table, before ids and metadata are attached."""
    stt: str | None
    section: str | None
    cells: dict[str, str] = field(default_factory=dict)
    position: int = 0  # order of the row in the document
    section_key: str = ""  # the codes of the headings above, for ids: "I", "I.1"
    confidence: float | None = None  # OCR'd: the least confident of the table rows it was read from


@dataclass
class _Heading:
    code: Code | None
    title: str

    @property
    def label(self) -> str:
        if self.code is None:
            return self.title
        return f"{self.code.text}. {self.title}".strip()


@dataclass
class _Raw:
    code: str  # what the numbering cell(s) say, "" when empty
    cells: dict[str, str]
    numbered: bool = True  # the table has a numbering column
    heading: _Heading | None = None  # a heading paragraph above a table
    confidence: float | None = None  # the row's OCR confidence (None: read from text)


def parse_tables(blocks: list[Block]) -> list[TableTask]:
    return _assemble(list(_raw_rows(blocks)))


# ---------------------------------------------------------------- rows named by field


def _raw_rows(blocks: list[Block]):
    """Yield data rows with their cells named by field; header rows are consumed here."""
    columns: dict[int, str] | None = None
    for n, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            heading = _paragraph_heading(block, blocks[n + 1] if n + 1 < len(blocks) else None, columns)
            if heading:
                yield _Raw(code="", cells={}, heading=heading)
            continue
        assert isinstance(block, Table)
        after_header = False
        confidences = block.confidence or [None] * len(block.rows)
        for cells, confidence in zip(block.rows, confidences):
            texts = [clean_text(c) for c in cells]
            if not any(texts) or is_column_numbers(texts):
                continue
            header = header_fields(texts)
            if header:
                columns, after_header = header, True
                continue
            sub = subheader_fields(texts) if after_header else None
            if sub and columns is not None:
                columns = apply_subheader(columns, sub)
                continue
            after_header = False
            if columns is None:
                continue  # a table that is not a task table (signatures, targets…)
            named = {name: (clean_lines(cells[i]) if name in LINE_FIELDS else texts[i])
                     for i, name in columns.items() if i < len(texts)}
            code = named.get("stt", "") or named.get("stt_detail", "")
            numbered = any(f in ("stt", "stt_detail") for f in columns.values())
            yield _Raw(code=code.strip(), cells=named, numbered=numbered, confidence=confidence)


def _paragraph_heading(block: Paragraph, following: Block | None, columns) -> _Heading | None:
    """'II. PHÁT TRIỂN DỮ LIỆU SỐ' written above a task table (one table per section)."""
    if not isinstance(following, Table):
        return None
    text = clean_text(block.text)
    found = split_code(text, HEADING_STYLES) if len(text) <= MAX_HEADING_CHARS else None
    if not found:
        return None
    starts_task_table = columns is not None or any(
        header_fields([clean_text(c) for c in row]) for row in following.rows[:4])
    return _Heading(*found) if starts_task_table else None


# ---------------------------------------------------------------- rows -> tasks


def _read_code(raw: _Raw) -> tuple[Code | None, str]:
    """The row's code and its title/task text.  The code is in the numbering cell, or, when
    a heading merged across the row puts everything there, at the start of that cell
    ('III. Tăng cường …'); in a table with no numbering column it starts the task text."""
    task = raw.cells.get("task", "")
    if raw.code:
        code = parse_code(raw.code)
        if code:
            return code, task
        inline = split_code(raw.code)
        if inline:
            return inline[0], f"{inline[1]} {task}".strip()
        return None, task
    if not raw.numbered:
        found = split_code(task)
    elif not _has_units(raw.cells):
        found = split_code(task, HEADING_STYLES)  # a heading merged into the task column
    else:
        found = None
    return found if found else (None, task)


def _has_units(cells: dict[str, str]) -> bool:
    return any(cells.get(f) for f in UNIT_FIELDS)


def _is_heading(code: Code | None, title: str, raw: _Raw, following: Code | None, next_heads: bool) -> bool:
    """A row with no unit, output or deadline that heads the rows below it."""
    if _has_units(raw.cells) or not title:
        return False
    if code is None:  # an unnumbered title in capitals: "HẠ TẦNG SỐ"
        return title.isupper() and len(title) <= MAX_HEADING_CHARS and (raw.numbered is False or not raw.code)
    if code.is_heading:
        return True
    # "1" heading a group numbered 1.1, 1.2 … or a), b) …
    if following is not None and (following.text.startswith(code.text + ".")
                                  or (following.style == "lower" and code.style != "lower")):
        return True
    # "1. KINH TẾ SỐ" directly over "I. …": Arabic sections with Roman subsections
    return next_heads and (title.isupper() or len(title.split()) <= SHORT_TITLE_WORDS)


def _heads(read: tuple[Code | None, str], raw: _Raw) -> bool:
    """Does this row look like a heading by its own numbering ('I', 'A', 'Phần II')?"""
    code, title = read
    return code is not None and code.is_heading and bool(title) and not _has_units(raw.cells)


def _assemble(raws: list[_Raw]) -> list[TableTask]:
    read = [_read_code(r) for r in raws]
    tasks: list[TableTask] = []
    headings: list[_Heading] = []
    last: _Raw | None = None  # the raw row of the last task
    for i, raw in enumerate(raws):
        if raw.heading:
            _push(headings, raw.heading, nest=last is None and bool(headings))
            last = None
            continue
        code, title = read[i]
        following = next((c for c, _ in read[i + 1:] if c), None)
        next_heads = i + 1 < len(raws) and _heads(read[i + 1], raws[i + 1])
        if _is_heading(code, title, raw, following, next_heads):
            _push(headings, _Heading(code, title), nest=last is None and bool(headings))
            last = None
            continue
        if tasks and code is None and not raw.code and not _starts_new_task(raw):
            _continue(tasks[-1], raw)  # a row cut by a page break
            continue
        if tasks and last is not None and code is not None and raw.code and raw.code == last.code:
            _continue(tasks[-1], raw, repeated=last.cells)  # number merged down over two rows
            continue
        cells = {f: raw.cells.get(f, "") for f in FIELDS}
        cells["task"] = strip_bullet(title if code is not None and not raw.numbered else cells["task"])
        stt = code.text if code else (raw.code.rstrip(".") or None)
        tasks.append(TableTask(stt=stt, section=SECTION_JOIN.join(h.label for h in headings) or None,
                               cells=cells, position=len(tasks),
                               section_key=".".join(h.code.key for h in headings if h.code),
                               confidence=raw.confidence))
        last = raw
    return [t for t in tasks if t.cells.get("task")]


def _push(headings: list[_Heading], heading: _Heading, nest: bool) -> None:
    """Put a heading on the stack of headings above the rows.

    It replaces the heading numbered in its own style and everything under it ('II' after
    'I'); else, right under another heading (`nest`: no task between them), it nests
    there ('Phần I' › '1.', or '1. KINH TẾ SỐ' › 'I.'); else it replaces the first heading
    at its level or deeper ('Mục 2' after 'I')."""
    style = _style(heading)
    same = next((n for n, h in enumerate(headings) if _style(h) == style), None)
    if same is None and not nest:
        same = next((n for n, h in enumerate(headings) if _level(h) >= _level(heading)), None)
    if same is not None:
        del headings[same:]
    headings.append(heading)


def _style(heading: _Heading) -> str:
    return heading.code.style if heading.code else "caps"


def _level(heading: _Heading) -> float:
    """How deep a heading sits: its numbering style's rank; an unnumbered title in capitals
    sits under lettered parts and over Arabic numbers."""
    return heading.code.rank if heading.code else RANK["upper"] + 0.5


def _starts_new_task(raw: _Raw) -> bool:
    """An unnumbered row that is a task of its own, not the end of the row above: in a
    numbered table it has its own task and lead; in a table with no numbering column every
    row is a task unless its text goes on in lower case."""
    task = raw.cells.get("task", "")
    if not raw.numbered:
        return bool(task) and not task[:1].islower()
    return bool(task) and bool(raw.cells.get("lead")) and task[:1].isupper()


def _continue(task: TableTask, raw: _Raw, repeated: dict[str, str] | None = None) -> None:
    """Append each cell to the same cell of the task; a cell that only repeats the row
    above (a merged cell read once per row) adds nothing."""
    cells = raw.cells
    if raw.confidence is not None:
        task.confidence = min(raw.confidence, task.confidence if task.confidence is not None else 1.0)
    for f in FIELDS:
        extra = cells.get(f, "")
        if not extra or (repeated is not None and extra == repeated.get(f)):
            continue
        before = task.cells.get(f, "")
        task.cells[f] = f"{before} {extra}".strip() if before else extra
