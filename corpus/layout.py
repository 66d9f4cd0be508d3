"""The layout report: how the parser read each table of a document, and why.

Someone whose file reads badly must be able to see what went wrong: which role each column
was given (and from what: its header words, its values), which rows became tasks, sections
or continuations, and which rows were skipped and why.  The parser fills these records as it
reads (corpus/table_rows.py, corpus/tables.py); `kehoach export FILE --explain` prints
`DocumentLayout.text()`, the app's upload result shows `DocumentLayout.summary()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv

MAX_SKIPPED_SHOWN = 8
PREVIEW = 60


@lru_cache(maxsize=1)
def role_labels() -> dict[str, str]:
    """Role -> the word users read for it (corpus/data/role_labels.tsv)."""
    return dict(read_tsv("kehoach.corpus", "role_labels.tsv"))


@dataclass
class Column:
    """The role a column was given and why."""
    index: int  # 0-based
    header: str  # the header cell's text ("" when none)
    role: str | None
    reason: str
    day_first: bool | None = None  # date columns: d/m/y (True) or m/d/y (False)
    fill_down: bool = False  # filled on a block's first row only: the value holds for the rows below
    also: str | None = None  # a second role its cells hold: partners beside the lead ('Cơ quan chủ trì/phối
    #                          hợp', split by the role words in each cell), output beside the task (a deliverable)

    @property
    def roles_text(self) -> str:
        return f"{self.role} + {self.also}" if self.also else str(self.role or "-")


@dataclass
class SkippedRow:
    row: int  # 1-based row of the table
    text: str
    why: str


@dataclass
class TableLayout:
    """One stretch of a table read with one set of columns."""
    table: int  # 1-based number of the table in the document
    first_row: int  # 1-based rows of that table this layout covers
    last_row: int
    source: str  # "header" | "continued" (the columns of the table before) | "values" (no header) | "none"
    columns: list[Column] = field(default_factory=list)
    read: bool = False  # are its rows read as tasks
    reason: str = ""
    rows_read: int = 0
    sections: int = 0
    joined: int = 0  # rows joined to the task above (cut by a page break, merged cells)
    skipped: list[SkippedRow] = field(default_factory=list)
    same_as: int | None = None  # its columns are those read for this earlier table (a repeated header, a next page)

    def roles(self) -> dict[int, str]:
        return {c.index: c.role for c in self.columns if c.role}

    def skip(self, row: int, cells: list[str], why: str) -> None:
        text = " | ".join(c for c in cells if c)
        self.skipped.append(SkippedRow(row, text[:PREVIEW] + ("…" if len(text) > PREVIEW else ""), why))

    def text(self) -> str:
        rows = f"rows {self.first_row}-{self.last_row}" if self.last_row > self.first_row else f"row {self.first_row}"
        head = f"table {self.table}, {rows}: "
        if not self.read:
            lines = [head + f"not read: {self.reason}"]
            if self.skipped:
                lines.append(f"  its {len(self.skipped)} rows skipped, the first: {self.skipped[0].text}")
            return "\n".join(lines)
        else:
            lines = [head + f"{self.rows_read} task rows, {self.sections} section rows, {self.joined} joined to the "
                     f"row above"]
            if self.same_as is not None:
                lines[0] += f"; columns as in table {self.same_as}"
            else:
                lines[0] += f"; columns: {self.reason}"
            for c in self.columns if self.same_as is None else ():
                name = f'"{c.header}"' if c.header else "(no header)"
                lines.append(f"  column {c.index + 1} {name}: {c.roles_text} — {c.reason}")
        shown = self.skipped[:MAX_SKIPPED_SHOWN]
        for s in shown:
            lines.append(f"  skipped row {s.row}: {s.why}: {s.text}")
        if len(self.skipped) > len(shown):
            lines.append(f"  … {len(self.skipped) - len(shown)} more rows skipped")
        return "\n".join(lines)


@dataclass
class DocumentLayout:
    doc: str
    tables: list[TableLayout] = field(default_factory=list)
    task_rows: int = 0
    narrative_rows: int = 0
    issuer: str | None = None
    level: str | None = None

    def text(self) -> str:
        who = f"{self.issuer} ({self.level})" if self.issuer else "issuer not stated"
        lines = [f"{self.doc}: {self.task_rows} task rows from tables, {self.narrative_rows} from the plan's "
                 f"numbered text; {who}"]
        if not self.tables:
            lines.append("  no tables")
        lines.extend(t.text() for t in self.tables)
        return "\n".join(lines)

    def summary(self) -> str:
        """One short Vietnamese line for the app's upload result: what each read column was
        taken for, the pages that reuse those columns, the tables left out ('--explain' on the
        command line says why in full)."""
        parts: list[str] = []
        pages: list[TableLayout] = []  # a run of tables reading the columns of an earlier one

        def flush() -> None:
            if pages:
                span = f"{pages[0].table}-{pages[-1].table}" if len(pages) > 1 else f"{pages[0].table}"
                parts.append(f"Bảng {span}: {sum(p.rows_read for p in pages)} nhiệm vụ (cột như bảng "
                             f"{pages[0].same_as})")
                pages.clear()

        for t in self.tables:
            if t.read and t.same_as is not None:
                pages.append(t)
                continue
            flush()
            if t.read:
                roles = ", ".join(f"{c.header or f'cột {c.index + 1}'} → {role_labels().get(c.role, c.role)}"
                                  + (f" + {role_labels().get(c.also, c.also)}" if c.also else "")
                                  for c in t.columns if c.role)
                parts.append(f"Bảng {t.table}: {t.rows_read} nhiệm vụ ({roles})")
            elif t.skipped:
                parts.append(f"Bảng {t.table}: bỏ qua {len(t.skipped)} dòng (không phải bảng nhiệm vụ)")
        flush()
        return "; ".join(parts)
