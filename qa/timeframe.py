"""Time in questions: what "hạn năm 2025", "năm 2027 làm gì", "quá hạn" mean for a row.

- ends (hạn / phải xong / hoàn thành trong năm X): the deadline ends in X — a year, a month of
  X, or a range ending in X.  Recurring deadlines ("Thường xuyên", "Hàng năm") never end.
- active (trong năm X làm gì / năm X triển khai gì): the task runs in X — its years cover X, or
  it is recurring, or open-ended from a year <= X ("Năm 2025 và các năm tiếp theo").
- overdue (quá hạn): the deadline ended before today and the row is not reported done.
- due_soon (sắp đến hạn, trong N tháng tới): the deadline ends between today and N months on.
- recurring (việc thường xuyên / hàng năm): the deadline is recurring.
- by_month (hạn ghi cụ thể theo tháng): the deadline names a month ("Tháng 4/ 2026", "Tháng 11 hàng năm").
- undated (chưa có hạn cụ thể): the deadline names no date and recurs not ("Theo văn bản chỉ đạo …").
- blank (để trống cột thời hạn): the deadline cell is empty.

"Today" is passed in (tests and reproducible answers), else kehoach.settings.today().
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kehoach.corpus.dates import quarters
from kehoach.corpus.normalize import fold

KINDS = ("ends", "due_by", "starts", "active", "overdue", "due_soon", "recurring", "by_month", "undated", "blank")
# time.tsv's relative phrases: kind -> (year | month, steps from today's)
RELATIVE = {"this_year": ("year", 0), "next_year": ("year", 1), "last_year": ("year", -1),
            "this_month": ("month", 0), "next_month": ("month", 1)}
DUE_SOON_MONTHS = 3  # "sắp đến hạn" with no window said
RECURRING = ("thuong xuyen", "hang nam", "hang quy", "hang thang", "dinh ky", "ca nam", "lien tuc", "hang tuan",
             "moi nam")
# What a recurring question said narrows it: "hạn thường xuyên" is not "hằng năm".  A word of
# neither group ("định kỳ") asks every recurring deadline.
EVERY = {"ongoing": ("thuong xuyen", "lien tuc", "ca nam"), "yearly": ("hang nam", "moi nam")}
OPEN_ENDED = ("cac nam tiep theo", "nhung nam tiep theo", "tro di", "cac nam sau")
DONE = ("hoan thanh", "da hoan thanh", "xong", "done", "completed", "100%")
# A report's own judgement that a task is late, or on time as of the report: it decides
# "quá hạn" for that row rather than today's date (a report of May 2025 marks "Quá hạn" the late
# ones, and "Đang thực hiện" the ones not yet due then).  "Pending" or "Chưa triển khai" judge nothing.
LATE = ("qua han", "cham tien do", "tre han", "overdue", "delayed", "late", "behind schedule")
ON_TIME = ("dang thuc hien", "dang trien khai", "dung tien do", "on track", "in progress")

@dataclass(frozen=True)
class TimeFilter:
    kind: str  # one of KINDS
    year: int | None = None
    month: int | None = None  # "tháng 12/2025": ends in that month
    months: int | None = None  # due_soon: the window
    every: str | None = None  # recurring: "ongoing" | "yearly" (EVERY), or None for any
    relative: str | None = None  # "năm nay", "tháng sau": a year or month counted from today (RELATIVE)
    quarter: int | None = None  # ends: "quý II/2025", the deadline falls in that quarter
    dates: tuple[str, ...] = ()  # ends/starts on a day: "due date 31/1/2025" (ISO; both readings of "4/1/2025")

    def on(self, today: dt.date) -> "TimeFilter":
        """The filter with a relative year or month ("năm sau") made a date from `today`."""
        if self.relative is None or self.year is not None:
            return self
        unit, step = RELATIVE[self.relative]
        if unit == "year":
            return TimeFilter(self.kind, today.year + step, None, self.months, self.every)
        day = _add_months(today.replace(day=1), step)
        return TimeFilter(self.kind, day.year, day.month, self.months, self.every)

    def label(self, today: dt.date) -> str:
        """How the reading is shown: 'hạn trong năm 2025', 'quá hạn tính đến 30/11/2026'."""
        tf = self.on(today)  # "năm sau": the year it is from today
        when = f"tháng {tf.month}/{tf.year}" if tf.month else f"năm {tf.year}"
        if tf.dates:
            when = "ngày " + " hoặc ".join(dt.date.fromisoformat(d).strftime("%d/%m/%Y") for d in tf.dates)
            if tf.kind == "due_by":
                return f"hạn đến {when}"
        if tf.quarter:
            when = f"quý {('I', 'II', 'III', 'IV')[tf.quarter - 1]}/{tf.year}"
        return {
            "ends": f"hạn trong {when}",
            "starts": f"bắt đầu trong {when}",
            "active": f"thực hiện trong {when}",
            "overdue": f"quá hạn tính đến {today:%d/%m/%Y}",
            "due_soon": f"đến hạn trong {tf.months or DUE_SOON_MONTHS} tháng tới (từ {today:%d/%m/%Y})",
            "recurring": (f"tháng {tf.month} " if tf.month else "") + {"ongoing": "thường xuyên", "yearly": "hằng năm"}.get(
                tf.every or "", "thường xuyên / hằng năm"),
            "by_month": "hạn ghi theo tháng",
            "undated": "chưa có hạn cụ thể",
            "blank": "cột thời hạn để trống",
        }[tf.kind]


def every(said: str) -> str | None:
    """The EVERY group a folded recurring phrase names, or None."""
    return next((k for k, words in EVERY.items() if any(w in said for w in words)), None)


def is_recurring(deadline: str | None) -> bool:
    s = fold(deadline or "")
    return any(w in s for w in RECURRING)


def deadline_end(row) -> dt.date | None:
    """The last day the row's deadline allows (Row.deadline_end, read by kehoach.corpus.dates;
    rows indexed before it existed are read here the same way); None when recurring,
    open-ended or conditional."""
    from kehoach.corpus.dates import deadline_end as read_end

    iso = getattr(row, "deadline_end", None) or read_end(row.deadline)
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def start_of(row) -> dt.date | None:
    """When the row starts, as finely as its start cell says ("Quý III/2025": some day of that
    quarter, read as its last day); with no start cell, the first year of a deadline period
    ("Năm 2026-2030": 2026)."""
    from kehoach.corpus.dates import deadline_end as read_end

    if getattr(row, "start", None):
        iso = read_end(row.start, _day_first(row))
        return dt.date.fromisoformat(iso) if iso else None
    period = re.search(r"((?:19|20)\d\d)\s*[-–]\s*(?:19|20)\d\d", row.deadline or "")
    return dt.date(int(period.group(1)), 12, 31) if period else None


ONE_DAY = re.compile(r"\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s*")  # "4/1/2025": a cell naming one day


def duration_days(row) -> int | None:
    """Days from the row's start day to its due day, when both cells name a day (a schedule's
    "4/1/2025" to "6/30/2025": 90, what its DURATION column says); None otherwise."""
    if not (ONE_DAY.fullmatch(getattr(row, "start", None) or "") and ONE_DAY.fullmatch(row.deadline or "")):
        return None
    first, end = start_of(row), deadline_end(row)
    return (end - first).days if first and end and end >= first else None


def _day_first(row) -> bool | None:
    """How the row's table writes a day: as its due date was read ("6/30/2025", month first: a WBS
    whose start "4/1/2025" is then 1 April), None when the due date does not tell."""
    from kehoach.corpus.dates import day_first, deadline_end as read_end

    due, end = getattr(row, "deadline", None), getattr(row, "deadline_end", None)
    if not (due and end and ONE_DAY.fullmatch(due)):
        return None
    said = day_first([due])  # "6/30/2025": only one reading fits
    if said is not None:
        return said
    readings = {first: read_end(due, first) for first in (True, False)}
    if readings[True] == readings[False]:  # "1/1/2025": the due date does not tell
        return None
    return next((first for first, iso in readings.items() if iso == end), None)  # the reading its table chose


def _years(row) -> set[int]:
    return set(getattr(row, "deadline_years", None) or [])


def is_done(row) -> bool:
    status = fold(getattr(row, "status", None) or "")
    return bool(status) and any(w == status or status.startswith(w) for w in DONE) and "chua" not in status


def matches(row, tf: TimeFilter, today: dt.date) -> bool:
    """Does `row` satisfy the time filter (see the module docstring)?"""
    tf = tf.on(today)
    end = deadline_end(row)
    if tf.dates:  # a day said whole: the deadline's (or the start's) last day is that day, or before it
        day = start_of(row) if tf.kind == "starts" else end
        if tf.kind == "due_by":
            return day is not None and day.isoformat() <= max(tf.dates)
        return day is not None and day.isoformat() in tf.dates
    if tf.kind == "recurring":  # "tháng 11 hằng năm": a yearly deadline in that month
        s = fold(row.deadline or "")
        if tf.month and not re.search(rf"(?<![^\W_])thang\s*0?{tf.month}(?!\d)", s):
            return False
        return any(w in s for w in EVERY[tf.every]) if tf.every else is_recurring(s)
    if tf.kind == "blank":
        return not (row.deadline or "").strip()
    if tf.kind == "undated":  # "Theo văn bản chỉ đạo của thành phố", "Khi tỉnh ban hành …", or nothing
        return end is None and not is_recurring(row.deadline) and not _years(row)
    if tf.kind == "by_month":
        return bool(re.search(r"(?<![^\W_])thang\s*\d", fold(row.deadline or "").lower()))
    if tf.kind == "ends":
        if tf.quarter and (tf.year, tf.quarter) in quarters(row.deadline):
            return True  # "Quý II, III/2026": done over both quarters
        if end is None:
            return False
        if tf.quarter:  # "quý II/2025": April to June, a month or the quarter written
            return end.year == tf.year and (tf.quarter - 1) * 3 < end.month <= tf.quarter * 3
        if tf.month is not None and re.search(r"(?<![^\W_])quy(?![^\W_])", fold(row.deadline or "")):
            return False  # "hạn 6/2025" is a deadline said as that month, not a quarter ending in it ("Quý II/2025")
        return end.year == tf.year and (tf.month is None or end.month == tf.month)
    if tf.kind == "starts":  # "bắt đầu từ quý III/2025": the start column, or a period's first year
        first = start_of(row)
        if first is None:
            return False
        if tf.quarter:
            return first.year == tf.year and (tf.quarter - 1) * 3 < first.month <= tf.quarter * 3
        return first.year == tf.year and (tf.month is None or first.month == tf.month)
    if tf.kind == "active":
        s = fold(row.deadline or "")
        if is_recurring(s):
            return True
        years = _years(row)
        if any(w in s for w in OPEN_ENDED) and years:
            return min(years) <= tf.year
        return tf.year in years
    if tf.kind == "overdue":
        status = fold(getattr(row, "status", None) or "")
        if any(status.startswith(w) for w in LATE):
            return True
        if any(status.startswith(w) for w in ON_TIME):
            return False
        return end is not None and end < today and not is_done(row)
    if tf.kind == "due_soon":
        months = tf.months or DUE_SOON_MONTHS
        horizon = _add_months(today, months)
        return end is not None and today <= end <= horizon and not is_done(row)
    raise ValueError(f"unknown time filter kind {tf.kind!r}")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
