"""Which header text names which field: the one table of column-name synonyms.

Keys are folded (no diacritics, lower case, see corpus.normalize.squash) so "Nội dung",
"NỘI DUNG" and "Noi dung" all match.  Longer synonyms win over shorter ones.
"""
from __future__ import annotations

from corpus.normalize import squash

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"),
    "stt_detail": ("chi tiet",),
    "task": ("noi dung nhiem vu", "ten nhiem vu", "noi dung", "nhiem vu", "nhiem vu giai phap",
             "noi dung cong viec", "ten nhiem vu giai phap", "nhiem vu cu the", "cong viec"),
    "directing": ("co quan chi dao", "don vi chi dao", "chi dao"),
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

_LOOKUP = {syn: field for field, syns in FIELD_SYNONYMS.items() for syn in syns}


def header_field(cell: str) -> str | None:
    """The field a header cell names, or None."""
    key = squash(cell).replace(" / ", "/").strip(" .:")
    return _LOOKUP.get(key)


def header_fields(cells: list[str]) -> dict[int, str] | None:
    """Column index -> field when `cells` is a header row (it names the task and at least
    one other field), else None."""
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        field = header_field(cell)
        if field and field not in found.values():
            found[i] = field
    named = set(found.values())
    if "task" in named and len(named) >= 2:
        return found
    return None


def subheader_fields(cells: list[str]) -> dict[int, str] | None:
    """A second header row that only subdivides numbering (Nghĩa Thọ: 'TT' | 'Chi tiết')."""
    found = {i: header_field(c) for i, c in enumerate(cells) if c.strip()}
    if found and all(f in ("stt", "stt_detail") for f in found.values()):
        return {i: f for i, f in found.items() if f}
    return None
