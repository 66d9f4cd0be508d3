"""Numbering: what the code of a row or heading says, and how deep it sits.

Plans number their appendices in many ways: "I", "II." (Roman sections), "A", "B"
(lettered parts), "Phần I" / "Mục 2" / "Chương 1", "1", "2." or "1)" (Arabic), "1.1" or
"I.1" (two levels), "a)", "b)" (lettered items).  One table of styles, from the outermost
to the innermost, decides both how a code is written and which codes head others.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_PART_WORDS = r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)"
_NAMED = rf"(?:{ROMAN}|\d{{1,2}}|[A-Z])"

# style -> pattern of the bare code (no trailing "." or ")"), outermost first.
STYLES: tuple[tuple[str, re.Pattern], ...] = (
    ("part", re.compile(rf"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+{_NAMED}$")),
    ("item", re.compile(rf"^(?:Mục|MỤC)\s+{_NAMED}$")),
    ("roman", re.compile(rf"^({ROMAN})$")),
    ("upper", re.compile(r"^([A-HJ-UWYZĐ])$")),  # A, B … (I, V, X read as Roman)
    ("number", re.compile(r"^(\d{1,3})$")),
    ("dotted", re.compile(rf"^((?:\d{{1,3}}|{ROMAN}|[A-Z])(?:\.\d{{1,3}})+)$")),
    ("lower", re.compile(r"^([a-zđ])$")),
)
RANK = {style: i for i, (style, _) in enumerate(STYLES)}
HEADING_STYLES = ("part", "item", "roman", "upper")  # a row numbered so, without units, is a heading

_WRAPPED = re.compile(r"^\((.+)\)$")  # "(1)", "(a)"
# a code (any style above), its separator (". ", ") ", ": ", " - "), then the title
_ANY_CODE = rf"{_PART_WORDS}\s+{_NAMED}|(?:\d{{1,3}}|{ROMAN}|[A-Z])(?:\.\d{{1,3}})+|{ROMAN}|\d{{1,3}}|[A-Za-zđĐ]"
_LEADING = re.compile(rf"^({_ANY_CODE})(\s*[.:)]\s+|\s*[.:]?\s*[-–]\s+|\s*:\s*)(\S.*)$", re.S)


@dataclass(frozen=True)
class Code:
    text: str  # as the row shows it, without the trailing "." or ")": "1", "I.1", "a", "Phần I"
    style: str

    @property
    def key(self) -> str:
        """The code in an id: 'Phần I' -> 'I'."""
        return self.text.split()[-1]

    @property
    def rank(self) -> int:
        return RANK[self.style]

    @property
    def is_heading(self) -> bool:
        return self.style in HEADING_STYLES


def parse_code(text: str) -> Code | None:
    """'II.' -> Code('II', 'roman'); '1)' -> Code('1', 'number'); 'Nội dung' -> None."""
    s = text.strip()
    wrapped = _WRAPPED.match(s)
    if wrapped:
        s = wrapped.group(1).strip()
    s = re.sub(r"\s*[.)]$", "", s).strip()
    for style, pattern in STYLES:
        m = pattern.match(s)
        if m and s:
            return Code(re.sub(r"\s+", " ", s), style)
    return None


def split_code(text: str, styles=None) -> tuple[Code, str] | None:
    """'I. Hạ tầng số' -> (I, 'Hạ tầng số'); 'Phần II: NHIỆM VỤ' -> (Phần II, 'NHIỆM VỤ');
    '1. Nâng cấp mạng' -> (1, 'Nâng cấp mạng').  Only codes of `styles` (all when None)."""
    m = _LEADING.match(text.strip())
    if not m:
        return None
    code, separator = parse_code(m.group(1)), m.group(2)
    if code is None or (styles is not None and code.style not in styles):
        return None
    if code.style not in ("part", "item", "roman") and ("-" in separator or "–" in separator):
        return None  # "3 - 5 lớp tập huấn" is not item 3
    if code.style in ("upper", "lower") and ":" in separator:
        return None  # a bare letter is a code only as "A." / "a)"
    return code, m.group(3).strip()


def is_column_numbers(cells: list[str]) -> bool:
    """The row of column numbers under a header: '1 | 2 | 3 …' or '(1) | (2) | (3) …'."""
    filled = [c.strip().strip("()") for c in cells if c.strip()]
    return len(filled) >= 3 and filled == [str(i) for i in range(1, len(filled) + 1)]
