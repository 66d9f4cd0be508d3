"""Time said in a question: a year, a month or a quarter, and what the words around it make of
it (qa/data/time.tsv): "hạn trong năm 2025" ends then, "triển khai năm 2026" runs then, "bắt đầu
từ quý III/2025" starts then; or a filter of its own ("quá hạn", "sắp đến hạn", "thường xuyên",
"năm sau").  The meanings (which rows match) are qa.timeframe's.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.qa.constraints import context_words
from kehoach.qa.text import Phrase, Text, find, prefix_re
from kehoach.qa.timeframe import RELATIVE, TimeFilter, every

Span = tuple[int, int]


@lru_cache(maxsize=1)
def time_words() -> dict[str, tuple[Phrase, ...]]:
    """Phrases that give a year its meaning or make a time filter of their own (time.tsv)."""
    out: dict[str, list[Phrase]] = {}
    for kind, mode, phrase in read_tsv("kehoach.qa", "time.tsv"):
        out.setdefault(kind, []).append(Phrase(phrase, mode))
    return {k: tuple(v) for k, v in out.items()}


_DAY = re.compile(r"(?<![\d/.-])(?:(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))(?![\d/])")


_BY = re.compile(r"(?<![^\W_])(?:truoc|cham nhat|before|by)(?:\s+ngay)?\s*$")


def _readings(m: re.Match) -> tuple[str, ...]:
    """The days a date said whole can be, as ISO: "31/1/2025" one, "4/1/2025" two (a US table's
    April 1 or a Vietnamese 4 January), "2025-06-30" one."""
    if m.group(4):
        parts = [(int(m.group(4)), int(m.group(5)), int(m.group(6)))]
    else:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        parts = [(y, b, a), (y, a, b)]
    out = []
    for y, mo, d in parts:
        try:
            out.append(dt.date(y, mo, d).isoformat())
        except ValueError:
            continue
    return tuple(dict.fromkeys(out))


_YEAR = re.compile(r"(?<![\d/.-])(?:(\d{1,2})\s*/\s*)?((?:19|20)\d\d)(?![\d/])")
_MONTHS_AHEAD = re.compile(r"(?<![^\W_])(\d{1,2})\s+thang\s+(?:toi|sap toi|nua|ke tiep)(?![^\W_])")


def time_filter(text: Text, years: set[int], within: Span | None = None) -> tuple[TimeFilter | None, list[Span]]:
    """The time constraint of a question and the spans it took (see qa.timeframe); `within`: the
    words of time said only there count (a letter's asking sentence, not its context)."""
    words = time_words()
    spans: list[Span] = []
    lo, hi = within or (0, len(text.fol))

    def hits(kind: str) -> list[Span]:
        return [s for p in words.get(kind, ()) for s in find(text, p) if lo <= s[0] < hi]

    overdue, soon, recurring = hits("overdue"), hits("due_soon"), hits("recurring")
    if hits("by_month"):
        return TimeFilter("by_month"), hits("by_month")
    if hits("blank"):
        return TimeFilter("blank"), hits("blank")
    if hits("undated") and not recurring:
        return TimeFilter("undated"), hits("undated")
    if hits("undated"):  # "làm thường xuyên, không có hạn cụ thể": what recurs
        return TimeFilter("recurring", every=every(text.fol[slice(*recurring[0])])), recurring + hits("undated")
    window = _MONTHS_AHEAD.search(text.fol)  # "trong 3 tháng tới": a window, so a due-soon question
    if overdue:
        return TimeFilter("overdue"), overdue
    if soon or window:
        extra = [_with_in(text, window.span())] if window else []
        return TimeFilter("due_soon", months=int(window.group(1)) if window else None), soon + extra
    quarter = _QUARTER.search(text.fol)
    if quarter:  # "quý II/2025 (tháng 4 đến tháng 6)": the months said after it are the same quarter
        q, y = quarter.group(1), int(quarter.group(2))
        n = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(q, None) or int(q)
        starts = [s for s in hits("starts") if _near(s, quarter.span(), text)]
        if starts:  # "bắt đầu từ quý III/2025"
            return TimeFilter("starts", y, quarter=n), [quarter.span(), *starts]
        ends = [s for s in hits("ends") if _near(s, quarter.span(), text)]
        return TimeFilter("ends", y, quarter=n), [quarter.span(), *ends]
    day = _DAY.search(text.fol, lo, hi)
    if day:  # "due date 31/1/2025", "start date 4/1/2025", "hạn ngày 2025-06-30"
        starts = [s for s in hits("starts") if _near(s, day.span(), text)]
        ends = [s for s in hits("ends") if _near(s, day.span(), text)]
        readings = _readings(day)
        by = _BY.search(text.fol[:day.start()])  # "trước 30/6/2026", "chậm nhất ngày …": that day or before
        if readings:
            kind = "starts" if starts else "due_by" if by else "ends"
            return (TimeFilter(kind, int(readings[0][:4]), dates=readings),
                    [day.span(), *(starts or ends), *([by.span()] if by else [])])
    year, month, year_spans = _year(text, years)
    relative = [(kind, s) for kind in RELATIVE for s in hits(kind)]  # "năm nay", "tháng sau"
    if year is None and relative:
        kind_said, span = relative[0]
        ends = hits("ends")
        kind = "ends" if ends or RELATIVE[kind_said][0] == "month" else "active"
        taken = [s for _, s in relative] + [s for s in (ends if kind == "ends" else hits("active")) if _near(s, span, text)]
        return TimeFilter(kind, relative=kind_said), taken
    if year is None:
        if recurring:
            groups = {every(text.fol[a:b]) for a, b in recurring} - {None}  # "định kỳ hằng năm": yearly
            month = re.search(r"(?<![^\W_])thang\s+(\d{1,2})\s+$", text.fol[:recurring[0][0]])  # "tháng 11 hằng năm"
            if month and 1 <= int(month.group(1)) <= 12:
                return (TimeFilter("recurring", month=int(month.group(1)), every=groups.pop() if len(groups) == 1 else None),
                        recurring + [month.span()])
            return TimeFilter("recurring", every=groups.pop() if len(groups) == 1 else None), recurring
        return None, []
    ends, active = hits("ends"), hits("active")
    starts = [s for s in hits("starts") if _near(s, year_spans[0], text)]
    kind = "starts" if starts else "ends" if ends or month else "active"
    spans = year_spans + [s for s in {"starts": starts, "ends": ends}.get(kind, active) if _near(s, year_spans[0], text)]
    return TimeFilter(kind, year, month), spans + [s for _, s in relative]  # "tháng này (tháng 12/2026)"


_QUARTER = re.compile(r"(?<![^\W_])quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam\s+|-)?\s*((?:19|20)\d\d)(?!\d)"
                      r"(?:\s*\([^)]*\))?")


def _with_in(text: Text, span: Span) -> Span:
    """The span with a "trong" before it ("trong 3 tháng tới")."""
    m = re.search(r"(?:trong|toi)\s+$", text.fol[:span[0]])
    return (m.start() if m else span[0]), span[1]


def _near(span: Span, other: Span, text: Text, words: int = 4) -> bool:
    a, b = span
    x, y = other
    return (text.words_between(b, x) <= words) if b <= x else (text.words_between(y, a) <= words)


def _year(text: Text, years: set[int]) -> tuple[int | None, int | None, list[Span]]:
    """The first year the question constrains deadlines to (with a month, "12/2025"), and its
    span with "năm"/"trong"/"hạn"… before it.  A range ("2026-2030") is a period of the topic."""
    prefix = prefix_re(context_words().get("year", []))
    for m in _YEAR.finditer(text.fol):
        a, b = m.span()
        if re.search(r"\d\s*(?:-|va)\s*$", text.fol[:a]) or re.match(r"\s*(?:-|va)\s*(?:nam\s+)?\d", text.fol[b:]):
            continue  # "2026-2030", "năm 2025 và 2026": a period of the topic
        y = int(m.group(2))
        p = re.search(prefix + r"$", text.fol[:a])
        has_prefix = bool(p and p.group(0).strip())
        month = int(m.group(1)) if m.group(1) and 1 <= int(m.group(1)) <= 12 else None
        start = p.start() if has_prefix else a
        if month is None:
            mm = re.search(r"(?:(?<![^\W_])dung\s+)?thang\s+(\d{1,2})\s*(?:nam\s*)?$", text.fol[:a])
            if mm and 1 <= int(mm.group(1)) <= 12:
                month, start = int(mm.group(1)), min(start, mm.start())  # "đúng tháng 4 năm 2026"
        if has_prefix or y in years or month:
            return y, month, [(start, b)]
    return None, None, []
