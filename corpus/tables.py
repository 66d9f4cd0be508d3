"""The table parser: appendix tables (any reader) -> task records.

Real tables are broken by page breaks: the header repeats on every page, a row cut by
the break continues on the next page as a row with no number, and heading rows sit
between tasks ("I", "II.", "<b>III. title</b>", "Phần I", "A. …", an upper-case title
merged across, a bold row with no values, or "1" in a table numbered 1.1, 1.2 … or a),
b) …).  Headings nest ("Phần I" › "1."), and a heading paragraph just above a table heads
its rows.  A numbered row with values whose children follow (23 over 23.1, 23.2) is both a
task and the heading of its children.  A heading that only names a period ("Đến năm 2030")
is the deadline of the rows under it that have none.  A group column (a workstream, a
milestone) is the section of its rows.

Which cell holds what is decided in corpus/table_rows.py; here rows become tasks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.corpus.blocks import Block
from kehoach.corpus.clean import strip_bullet
from kehoach.corpus.columns import QUALIFYING
from kehoach.corpus.dates import is_horizon
from kehoach.corpus.layout import TableLayout
from kehoach.corpus.numbering import (
    HEADING_STYLES,
    RANK,
    ROMAN,
    Code,
    parse_code,
    split_code,
)
from kehoach.corpus.table_rows import Heading, Raw, TableReader
from kehoach.corpus.text_roles import due_in_text, heading_unit, subject

__all__ = ["ROMAN", "FIELDS", "TableTask", "parse_tables", "read_tables"]

FIELDS = ("task", "lead", "partners", "output", "deadline", "directing", "notes", "start", "status", "code", "measure",
          "cost", "funding", "refs", "depends")
VALUE_FIELDS = ("lead", "partners", "output", "deadline", "directing", "start", "status", "measure", "cost",
                "funding")  # a heading has none
SECTION_JOIN = " › "
MAX_HEADING_CHARS = 250
SHORT_TITLE_WORDS = 12
MIN_TAIL_WORDS = 3  # a continuation cell this long that ends a cell already there is a repeat


@dataclass
class TableTask:
    """One task as read from a table, before ids and metadata are attached."""
    stt: str | None
    section: str | None
    cells: dict[str, str] = field(default_factory=dict)
    position: int = 0  # order of the row in the document
    section_key: str = ""  # the codes of the headings above, for ids: "I", "I.1"
    day_first: bool | None = None  # how its table writes full dates
    confidence: float | None = None  # OCR'd: the least confident of the table rows it was read from


@dataclass
class _Open:
    """A heading on the stack; `parent`: it heads rows numbered under it (11 over 11.1, 11.2)
    and closes at the first row that is not."""
    heading: Heading
    parent: bool = False

    @property
    def code(self) -> Code | None:
        return self.heading.code

    @property
    def label(self) -> str:
        return self.heading.label


def read_tables(blocks: list[Block]) -> tuple[list[TableTask], list[TableLayout]]:
    """The tasks of a document's tables, and the report of how each table was read."""
    reader = TableReader()
    raws = list(reader.rows(blocks))
    return _assemble(raws), reader.layouts


def parse_tables(blocks: list[Block]) -> list[TableTask]:
    return read_tables(blocks)[0]


def _read_code(raw: Raw) -> tuple[Code | None, str]:
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
    elif not _has_values(raw.cells):
        found = split_code(task, HEADING_STYLES)  # a heading merged into the task column
    else:
        found = None
    return found if found else (None, task)


def _has_values(cells: dict[str, str], spill: bool = False) -> bool:
    """Does the row say anything about a task?  With `spill`, a value going on in lower case
    (the end of the task above, spilled into a heading row) does not count."""
    return any(cells.get(f) and not (spill and cells[f][:1].islower()) for f in VALUE_FIELDS)


def _is_heading(code: Code | None, title: str, raw: Raw, following: Code | None, next_heads: bool,
                next_bullet: bool = False) -> bool:
    """A row with no values that heads the rows below it (a bold one over bullets however long)."""
    if _has_values(raw.cells, spill=code is not None and code.is_heading) or not title:
        return False
    if raw.bold and (len(title) <= MAX_HEADING_CHARS or next_bullet):
        return True
    if code is None:  # an unnumbered title in capitals: "HẠ TẦNG SỐ"
        return title.isupper() and len(title) <= MAX_HEADING_CHARS and (raw.numbered is False or not raw.code)
    if code.is_heading:
        return True
    # "1" heading a group numbered 1.1, 1.2 … or a), b) …
    if following is not None and (_descends(following, code)
                                  or (following.style == "lower" and code.style != "lower")):
        return True
    # "1. KINH TẾ SỐ" directly over "I. …": Arabic sections with Roman subsections
    return next_heads and (title.isupper() or len(title.split()) <= SHORT_TITLE_WORDS)


def _descends(child: Code, parent: Code) -> bool:
    return child.text.startswith(parent.text + ".")


def _heads(read: tuple[Code | None, str], raw: Raw) -> bool:
    """Does this row look like a heading by its own numbering ('I', 'A', 'Phần II')?"""
    code, title = read
    return code is not None and code.is_heading and bool(title) and not _has_values(raw.cells)


def _assemble(raws: list[Raw]) -> list[TableTask]:
    read = [_read_code(r) for r in raws]
    tasks: list[TableTask] = []
    rows_of: list[Raw] = []  # the first raw row of each task
    headings: list[_Open] = []
    last: Raw | None = None  # the raw row of the last task
    for i, raw in enumerate(raws):
        if raw.heading:
            _push(headings, _Open(raw.heading), nest=last is None and bool(headings))
            last = None
            continue
        code, title = read[i]
        following = next((c for c, _ in read[i + 1:] if c), None)
        next_heads = i + 1 < len(raws) and _heads(read[i + 1], raws[i + 1])
        next_bullet = i + 1 < len(raws) and raws[i + 1].bullet
        if _is_heading(code, title, raw, following, next_heads, next_bullet):
            parent = code is not None and following is not None and (
                _descends(following, code) or following.style == "lower" and code.style in ("number", "dotted"))
            _push(headings, _Open(Heading(code, title), parent), nest=last is None and bool(headings))
            _count(raw, "sections")
            spilled = {f: v for f, v in raw.cells.items() if f in VALUE_FIELDS and v}
            if spilled and tasks:
                _continue(tasks[-1], spilled, confidence=raw.confidence)  # the task above, spilled into this row
            last = None
            continue
        if tasks and code is None and not raw.code and not raw.bullet and not _starts_new_task(raw):
            _continue(tasks[-1], raw.cells, confidence=raw.confidence)  # a row cut by a page break
            _count(raw, "joined")
            continue
        if tasks and last is not None and code is not None and raw.code and raw.code == last.code:
            _continue(tasks[-1], raw.cells, repeated=last.cells, confidence=raw.confidence)  # number merged down
            _count(raw, "joined")
            continue
        _close_parents(headings, code)
        cells = {f: raw.cells.get(f, "") for f in FIELDS}
        cells["task"] = strip_bullet(title if code is not None and not raw.numbered else cells["task"])
        if cells["output"] and cells["output"] == raw.cells.get("task"):
            cells["output"] = cells["task"]  # one column for both (a deliverable): its title, without the number
        if not cells["deadline"]:
            horizon = next((h.heading.title for h in reversed(headings) if is_horizon(h.heading.title)), None)
            cells["deadline"] = horizon or ""
        if raw.layout is not None and not set(raw.layout.roles().values()) & set(QUALIFYING):
            _read_words(cells, headings)  # a list of tasks only: its headings and text say who and when
        stt = code.text if code else (raw.code.rstrip(".") or None)
        if raw.group:
            section, key = SECTION_JOIN.join(raw.group), ""
        else:
            section = SECTION_JOIN.join(h.label for h in headings) or None
            key = ".".join(h.code.key for h in headings if h.code)
        tasks.append(TableTask(stt=stt, section=section, cells=cells, position=len(tasks), section_key=key,
                               day_first=raw.day_first, confidence=raw.confidence))
        rows_of.append(raw)
        last = raw
        if code is not None and following is not None and _descends(following, code) and title:
            _push(headings, _Open(Heading(code, title), parent=True), nest=True)  # 23 over 23.1, 23.2
    out = []
    for task, raw in zip(tasks, rows_of):
        if task.cells.get("task"):
            out.append(task)
            _count(raw, "rows_read")
        elif raw.layout is not None:
            raw.layout.skip(raw.row, raw.texts, "no task text")
    return out


def _read_words(cells: dict[str, str], headings: list[_Open]) -> None:
    """Who does a task and by when in a table with no column for them: the unit the nearest
    heading names, else the units the task's sentence starts with (and the partners it
    names); the date after 'hoàn thành' in its text (corpus/text_roles.py)."""
    unit = next((u for h in reversed(headings) if (u := heading_unit(h.heading.title))), None)
    who = None if unit else subject(cells["task"])
    cells["lead"] = cells["lead"] or unit or (who.lead if who else "")
    cells["partners"] = cells["partners"] or (who.partners if who and who.partners else "")
    cells["deadline"] = cells["deadline"] or due_in_text(cells["task"]) or ""


def _count(raw: Raw, what: str) -> None:
    if raw.layout is not None:
        setattr(raw.layout, what, getattr(raw.layout, what) + 1)


def _close_parents(headings: list[_Open], code: Code | None) -> None:
    """A row not numbered under a parent heading (12 after 11.1, 11.2) ends it."""
    if code is None or code.style not in ("number", "dotted"):
        return
    for n, h in enumerate(headings):
        if h.parent and h.code is not None and not _descends(code, h.code):
            del headings[n:]
            return


def _push(headings: list[_Open], heading: _Open, nest: bool) -> None:
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


def _style(heading: _Open) -> str:
    return heading.code.style if heading.code else "caps"


def _level(heading: _Open) -> float:
    """How deep a heading sits: its numbering style's rank; an unnumbered title in capitals
    sits under lettered parts and over Arabic numbers."""
    return heading.code.rank if heading.code else RANK["upper"] + 0.5


def _starts_new_task(raw: Raw) -> bool:
    """An unnumbered row that is a task of its own, not the end of the row above: in a
    numbered table it has its own task and lead; in a table with no numbering column every
    row is a task unless its text goes on in lower case."""
    task = raw.cells.get("task", "")
    if not raw.numbered:
        return bool(task) and not task[:1].islower()
    return bool(task) and bool(raw.cells.get("lead")) and task[:1].isupper()


def _continue(task: TableTask, cells: dict[str, str], repeated: dict[str, str] | None = None,
              confidence: float | None = None) -> None:
    """Append each cell to the same cell of the task; a cell that only repeats the row
    above (a merged cell read once per row, or the end of a cell already there) adds nothing."""
    if confidence is not None:  # an OCR'd task is as sure as its least sure part
        task.confidence = min(confidence, task.confidence if task.confidence is not None else 1.0)
    for f in FIELDS:
        extra = cells.get(f, "")
        if not extra or (repeated is not None and extra == repeated.get(f)) or _repeats_tail(extra, task.cells):
            continue
        before = task.cells.get(f, "")
        task.cells[f] = f"{before} {extra}".strip() if before else extra


def _repeats_tail(extra: str, cells: dict[str, str]) -> bool:
    """'nghiệp và phát triển nông thôn, Bộ Tài chính' under a lead cell ending '… Bộ Nông
    nghiệp và Phát triển nông thôn, Bộ Tài chính': a page break printed the end of that cell
    again, in another column (compared in lower case, with accents)."""
    tail = extra.lower()
    return len(extra.split()) >= MIN_TAIL_WORDS and any(v and v.lower().endswith(tail) for v in cells.values())
