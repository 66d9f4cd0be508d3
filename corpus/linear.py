"""A task table whose cells a PDF or Word extractor wrote one per line.

Some text exports keep a table's header as a row ("| TT | Nội dung | Cơ quan chủ trì | … |", a
last header cell sometimes on a line of its own) and then give every cell of the body on a line
of its own: a number ("1", "a)"), the task, the lead, the partners, the deadline, the next
number …  The rows are still there, one number line each: this module puts them back into a
Table, before the tables are read, so the layout is read as any other.

A row cut by a page break goes on after its last cell with the rest of each cell, in column
order ("… đo đạc, báo cáo, thẩm định" / "Viện Khoa học lâm nghiệp Việt Nam, Cục" / … /
"kết quả giảm phát thải; …" / "Lâm nghiệp"): the extra lines are joined to the columns in turn.
A number with a single line after it is a group's title (a heading row).
"""
from __future__ import annotations

from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.columns import header_field, header_fields
from kehoach.corpus.numbering import parse_code

MAX_LABEL_WORDS = 8  # a header cell spilled onto its own line is short
MIN_ROWS = 2  # rows with every cell filled, at least, for the lines to be a table's


def regroup(blocks: list[Block]) -> list[Block]:
    """`blocks` with every header-only table followed by one-cell-per-line rows made whole."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = _rows_after(blocks, i) if isinstance(block, Table) and len(block.rows) == 1 else None
        if found is None:
            out.append(block)
            i += 1
            continue
        table, end = found
        out.append(table)
        i = end
    return out


def _is_number(p: Block) -> bool:
    return isinstance(p, Paragraph) and not p.bold and len(p.text) <= 6 and parse_code(p.text) is not None


def _rows_after(blocks: list[Block], at: int) -> tuple[Table, int] | None:
    """The whole table a header row at `at` heads, and where it ends; None if the lines after
    it are not its cells."""
    header = list(blocks[at].rows[0])
    j = at + 1
    while j < len(blocks) and isinstance(blocks[j], Paragraph) and not _is_number(blocks[j]) \
            and len(blocks[j].text.split()) <= MAX_LABEL_WORDS and header_field(blocks[j].text):
        header.append(blocks[j].text)  # "Thời gian thực hiện" under a header row of four cells
        j += 1
    if header_fields(header) is None or j >= len(blocks) or not _is_number(blocks[j]):
        return None
    width = len(header) - 1  # the cells after the number
    groups: list[list[str]] = []
    while j < len(blocks) and isinstance(blocks[j], Paragraph) and not blocks[j].bold:
        if _is_number(blocks[j]):
            groups.append([blocks[j].text])
        elif len(groups[-1]) > 2 * width:
            break  # more lines than a row cut by a page break holds: the text after the table
        else:
            groups[-1].append(blocks[j].text)
        j += 1
    if sum(len(g) - 1 >= width for g in groups) < MIN_ROWS:
        return None
    return Table([header] + [_row(g[0], g[1:], width) for g in groups]), j


def _row(number: str, lines: list[str], width: int) -> list[str]:
    cells = lines[:width] + [""] * (width - len(lines[:width]))
    for k, rest in enumerate(lines[width:]):  # a row cut by a page break: each cell's rest, in turn
        cells[k % width] = f"{cells[k % width]} {rest}".strip()
    return [number, *cells]
