"""Dates in deadline cells: the years a deadline names and the last day it allows.

Plans write deadlines as "2025", "12/2025", "Tháng 4/ 2026", "Quý III/2025", "Trước 30/6/2026",
"2026-2030", ISO "2025-03-31", US "6/30/2025" or "June 2025" — or name no day at all
("Thường xuyên", "Hằng năm", "Sau khi Luật có hiệu lực").  `deadline_end` turns the first
kind into the ISO date of the last day allowed and the second into None, so users can ask
what is due before a date.  A full date d/m/y or m/d/y is read in the order its column
uses (`day_first`, decided from the values that can only be read one way).

The words (open deadlines, month names, horizon words) are data: corpus/data/dates.tsv.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold

_YEAR = r"((?:19|20)\d\d)"
_ISO = re.compile(rf"(?<!\d){_YEAR}-(\d{{1,2}})-(\d{{1,2}})(?!\d)")
_FULL = re.compile(rf"(?<![\d/])(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}(?!\d)")
_Q = r"(?:iv|i{1,3}|[1-4])"
# "Quý III/2025"; "Quý II, III/2026" lists quarters of one year (group 1: the last, 2: all of them)
_QUARTER = re.compile(rf"\bquy\s*((?:{_Q}\s*(?:,|va|-)\s*)*)({_Q})\b\s*(?:/|-|nam)?\s*(?:nam\s*)?{_YEAR}(?!\d)")
_MONTH = re.compile(rf"(?<![\d/.])(?:thang\s*)?(\d{{1,2}})\s*(?:/|-|\s+nam\s+)\s*{_YEAR}(?!\d)")
_MONTH_WORD = re.compile(rf"\bthang\s*(\d{{1,2}})\s*(?:nam\s*)?{_YEAR}(?!\d)")
_HALF = re.compile(rf"\b(\d{{1,2}})\s*thang\s*(dau|cuoi)\s*nam\s*{_YEAR}(?!\d)")  # "6 tháng đầu năm 2025"
_RANGE = re.compile(rf"(?<!\d){_YEAR}\s*(?:-|den|toi|to)\s*(?:het\s+)?(?:nam\s+)?{_YEAR}(?!\d)")
_BARE_YEAR = re.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/])")
_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")  # a year anywhere, also inside a date ("30/6/2026")
MAX_SPAN = 30  # a "range" wider than this is two unrelated years, not a period
_QUARTERS = {"i": 1, "1": 1, "ii": 2, "2": 2, "iii": 3, "3": 3, "iv": 4, "4": 4}
_NOTE = re.compile(r"\([^()]*\)")
MAX_DATE_WORDS = 15  # a cell longer than this is a sentence that mentions a date, not a date


@lru_cache(maxsize=1)
def _words() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, value, phrases in read_tsv("kehoach.corpus", "dates.tsv"):
        for phrase in phrases.split("|"):
            if phrase.strip():
                out.setdefault(kind, []).append((value, fold(phrase.strip())))
    return out


@lru_cache(maxsize=1)
def _month_words() -> re.Pattern:
    names = sorted((p for _, p in _words()["month"]), key=len, reverse=True)
    return re.compile(rf"\b({'|'.join(map(re.escape, names))})\.?\s*,?\s*{_YEAR}(?!\d)")


def _month_number(name: str) -> int:
    return next(int(v) for v, p in _words()["month"] if p == name)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_open(text: str | None) -> bool:
    """A deadline naming no last day: recurring ("Hằng năm"), ongoing ("Thường xuyên"), or
    set by a later event ("Sau khi …", "Theo hướng dẫn …")."""
    s = fold(text)
    if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", s) for _, p in _words()["open"]):
        return True
    return any(s.startswith(p) for _, p in _words()["open_start"])


@dataclass(frozen=True)
class _Found:
    end: date
    span: tuple[int, int]


def _dates(s: str, day_first: bool | None) -> list[_Found]:
    """Every date expression of folded text `s`, most specific first; a span taken by one
    form is not read again by a looser one ("30/6/2026" is not also month 6 of 2026)."""
    found: list[_Found] = []
    taken = [False] * len(s)

    def free(m: re.Match) -> bool:
        return not any(taken[m.start():m.end()])

    def take(m: re.Match, end: date | None) -> None:
        for i in range(m.start(), m.end()):
            taken[i] = True
        if end is not None:
            found.append(_Found(end, m.span()))

    for m in _ISO.finditer(s):
        take(m, _day(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _FULL.finditer(s):
        if free(m):
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            first = day_first if day_first is not None else not (b > 12 >= a)
            read = (_day(y, b, a), _day(y, a, b)) if first else (_day(y, a, b), _day(y, b, a))
            take(m, read[0] or read[1])  # "30/6/2026" in an m/d column is still 30 June
    for m in _QUARTER.finditer(s):
        if free(m):
            take(m, _month_end(int(m.group(3)), 3 * _QUARTERS[m.group(2)]))
    for m in _HALF.finditer(s):
        if free(m):
            take(m, _month_end(int(m.group(3)), int(m.group(1)) if m.group(2) == "dau" else 12))
    for pattern in (_MONTH_WORD, _MONTH):
        for m in pattern.finditer(s):
            if free(m):
                take(m, _month_end(int(m.group(2)), int(m.group(1))))
    for m in _month_words().finditer(s):
        if free(m):
            take(m, _month_end(int(m.group(2)), _month_number(m.group(1))))
    for m in _RANGE.finditer(s):
        if free(m) and int(m.group(1)) <= int(m.group(2)):
            take(m, date(int(m.group(2)), 12, 31))
    for m in _BARE_YEAR.finditer(s):
        if free(m):
            take(m, date(int(m.group(1)), 12, 31))
    return found


def quarters(text: str | None) -> set[tuple[int, int]]:
    """The (year, quarter) a deadline names: "Quý II, III/2026" -> {(2026, 2), (2026, 3)}."""
    out: set[tuple[int, int]] = set()
    for m in _QUARTER.finditer(fold(text or "")):
        said = re.findall(_Q, m.group(1)) + [m.group(2)]
        out |= {(int(m.group(3)), _QUARTERS[q]) for q in said}
    return out


def deadline_years(text: str | None) -> list[int]:
    """The years a deadline names, so users can ask what is due in 2025: "Năm 2026-2030" ->
    2026…2030, "12/2025" -> [2025], "Tháng 12/2025 và các năm tiếp theo" -> [2025];
    recurring or conditional deadlines ("Thường xuyên", "Tháng 11 hàng năm", "Khi tỉnh ban
    hành Kế hoạch") name no year -> []."""
    if not text:
        return []
    s = fold(text)
    years: set[int] = set()
    for m in _RANGE.finditer(s):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + MAX_SPAN:
            years.update(range(a, b + 1))
    for m in _ANY_YEAR.finditer(s):
        years.add(int(m.group(1)))
    return sorted(years)


def last_day(text: str | None, day_first: bool | None = None) -> date | None:
    """The last day a deadline allows, or None (no date, or an open deadline)."""
    if not text or is_open(text):
        return None
    found = _dates(fold(text), day_first)
    return max((f.end for f in found), default=None)


def deadline_end(text: str | None, day_first: bool | None = None) -> str | None:
    """`last_day` as an ISO date: "Quý III/2025" -> "2025-09-30", "6/30/2025" -> "2025-06-30"."""
    end = last_day(text, day_first)
    return end.isoformat() if end else None


def day_first(values) -> bool | None:
    """How a column writes full dates: True for d/m/y, False for m/d/y, None when no value
    can be read only one way ("1/1/2025")."""
    dm = md = 0
    for value in values:
        for m in _FULL.finditer(fold(value)):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                dm += 1
            elif b > 12 >= a:
                md += 1
    if dm == md == 0:
        return None
    return dm >= md


def is_date_like(text: str | None) -> bool:
    """A cell a deadline or start column holds: a date or period ("2025", "Quý II/2025",
    "6/30/2025") or an open deadline ("Thường xuyên"), in a short cell."""
    s = fold(text).strip()
    outside = re.sub(r"\s+", " ", _NOTE.sub(" ", s)).strip()
    if outside:  # "Hoàn thiện thể chế (2025)": a text with a year in a note is no date
        s = outside
    if not s or len(s.split()) > MAX_DATE_WORDS:
        return False
    return is_open(s) or bool(_dates(s, None))


def is_horizon(text: str | None) -> bool:
    """A section title that only names a period: "Đến năm 2030", "Giai đoạn 2026 - 2030"."""
    s = fold(text)
    found = _dates(s, None)
    if not found:
        return False
    rest = s
    for f in sorted(found, key=lambda f: f.span[0], reverse=True):
        rest = rest[:f.span[0]] + " " + rest[f.span[1]:]
    words = {p for _, p in _words()["horizon"]}
    leftover = [w for w in re.split(r"[\s,;:/()\-.]+", rest) if w]
    joined = " ".join(leftover)
    for phrase in sorted(words, key=len, reverse=True):
        joined = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", joined)
    return not joined.strip()
