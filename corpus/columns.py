"""Which header text names which field: the one table of column-name synonyms.

Keys are folded (no diacritics, lower case, see corpus.normalize.squash) so "Nội dung",
"NỘI DUNG" and "Noi dung" all match.  An exact name wins; otherwise a short cell is named
by the first key phrase of FIELD_KEYWORDS it contains.
"""
from __future__ import annotations

import re

from kehoach.corpus.normalize import normalize, squash

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"),
    "stt_detail": ("chi tiet",),
    "task": ("noi dung nhiem vu", "ten nhiem vu", "noi dung", "nhiem vu", "nhiem vu giai phap",
             "noi dung cong viec", "ten nhiem vu giai phap", "nhiem vu cu the", "cong viec"),
    "directing": ("co quan chi dao", "don vi chi dao", "chi dao", "lanh dao phu trach", "lanh dao chi dao"),
    "lead": ("don vi chu tri", "co quan chu tri", "co quan chu tri thuc hien", "don vi chu tri thuc hien",
             "chu tri", "chu tri thuc hien", "co quan thuc hien", "don vi thuc hien", "don vi thuc hien chinh",
             "co quan don vi chu tri"),
    "partners": ("don vi phoi hop", "co quan phoi hop", "phoi hop", "don vi phoi hop thuc hien",
                 "co quan don vi phoi hop"),
    "output": ("ket qua/san pham", "ket qua/ san pham", "ket qua / san pham", "san pham", "ket qua",
               "san pham dau ra", "ket qua dau ra", "san pham/ket qua"),
    "deadline": ("thoi gian thuc hien", "thoi gian hoan thanh", "thoi han", "thoi han hoan thanh",
                 "thoi gian", "tien do", "tien do thuc hien", "thoi gian thuc hien/hoan thanh"),
    "notes": ("ghi chu",),
}

# Header cells not in the table above ("Cơ quan, đơn vị chủ trì thực hiện (*)", "Kết quả,
# sản phẩm dự kiến", "Nội dung nhiệm vụ, giải pháp") are named by the first phrase they
# contain, in this order: who leads is checked before what is done, so "Cơ quan chủ trì
# thực hiện nhiệm vụ" is the lead column.  A cell containing none of them ("Kinh phí",
# "Nguồn kinh phí", "Chỉ tiêu") names no field: the column is ignored.
FIELD_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("ghi chu", "notes"),
    ("chu tri", "lead"),
    ("phoi hop", "partners"),
    ("chi dao", "directing"),
    ("phu trach", "directing"),
    ("don vi thuc hien", "lead"),
    ("co quan thuc hien", "lead"),
    ("bo phan thuc hien", "lead"),
    ("trach nhiem", "lead"),
    ("dau moi", "lead"),
    ("thoi gian", "deadline"),
    ("thoi han", "deadline"),
    ("tien do", "deadline"),
    ("lo trinh", "deadline"),
    ("san pham", "output"),
    ("ket qua", "output"),
    ("nhiem vu", "task"),
    ("noi dung", "task"),
    ("cong viec", "task"),
    ("giai phap", "task"),
    ("hoat dong", "task"),
    ("hoan thanh", "deadline"),
)
# A task table says who does the task or when: a header naming none of these is another
# table (targets, budgets) even if it has a "Nội dung" column.
ASSIGNING_FIELDS = ("lead", "partners", "deadline", "directing")
MAX_HEADER_WORDS = 10  # header cells are short; a longer cell is data, whatever words it has

_LOOKUP = {syn: field for field, syns in FIELD_SYNONYMS.items() for syn in syns}
_PARENS = re.compile(r"\([^()]*\)")


def header_field(cell: str, loose: bool = True) -> str | None:
    """The field a header cell names, or None.  `loose`: also by a phrase it contains."""
    key = squash(_PARENS.sub(" ", normalize(cell))).replace(" / ", "/").strip(" .:*")
    if key in _LOOKUP:
        return _LOOKUP[key]
    if not loose or not key or len(key.split()) > MAX_HEADER_WORDS or re.search(r"[\d:]", key):
        return None  # "Chủ trì: Phòng Kinh tế", "Hoàn thành năm 2025" are data, not labels
    return next((field for phrase, field in FIELD_KEYWORDS if phrase in key), None)


def header_fields(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field when `cells` is a header row, else None.

    A header names the task and who does it or when, and is made of labels: three cells
    or more are names from FIELD_SYNONYMS, or the cells naming no field (unknown columns
    such as "Kinh phí") are outnumbered by two.  A data row fails that however many
    label-like words it holds ("Triển khai nhiệm vụ …" | "Phòng Kinh tế" | "Báo cáo kết
    quả" | "2025")."""
    found: dict[int, str] = {}
    named_cells = unnamed_cells = exact_cells = 0
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        field = header_field(cell)
        if field is None:
            unnamed_cells += 1
            continue
        named_cells += 1
        exact_cells += header_field(cell, loose=False) is not None
        if field not in found.values():
            found[i] = field
    named = set(found.values())
    if "task" not in named or not named.intersection(ASSIGNING_FIELDS):
        return None
    if exact_cells >= 3 or unnamed_cells <= named_cells - 2:
        return found
    return None


def subheader_fields(cells: list[str]) -> dict[int, str] | None:
    """A second header row under a first one: cells that subdivide a column of it (Nghĩa
    Thọ: 'TT' | 'Chi tiết'; 'Chủ trì' | 'Phối hợp' under a merged 'Đơn vị thực hiện').
    Every filled cell must be one of the names in FIELD_SYNONYMS: a heading row under the
    header ('A. NHIỆM VỤ CHUNG') is not a sub-header."""
    filled = {i: c for i, c in enumerate(cells) if c.strip()}
    found = {i: header_field(c, loose=False) for i, c in filled.items()}
    if found and all(found.values()):
        return found
    return None


def apply_subheader(columns: dict[int, str], sub: dict[int, str]) -> dict[int, str]:
    """The columns after a sub-header row: each sub-cell names its column, and a field it
    takes is no longer claimed by another column ('Đơn vị thực hiện' over 'Chủ trì' |
    'Phối hợp' -> lead, partners).  A repeated numbering cell ('TT' under 'STT') changes
    nothing."""
    out = dict(columns)
    for i, name in sub.items():
        if name == "stt" and i in out:
            continue
        for j in [j for j, f in out.items() if f == name and j != i]:
            del out[j]
        out[i] = name
    return out
