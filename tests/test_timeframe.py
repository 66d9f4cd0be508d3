"""Time in questions (qa.timeframe): ends in a year vs active in a year, overdue, due soon.

Rows are built here with the deadline texts the seed plans really use; "today" is passed in,
so the answers do not change with the calendar.
"""
from __future__ import annotations

import datetime as dt

import pytest
from kehoach.corpus.dates import deadline_years
from kehoach.corpus.rows import Row
from kehoach.qa.timeframe import TimeFilter, deadline_end, is_recurring, matches

TODAY = dt.date(2026, 11, 30)


def row(deadline: str | None, status: str | None = None) -> Row:
    return Row(id="x#1", kind="task", doc="x.txt", commune="Nghĩa Sơn", plan=None, section=None, stt="1",
               task="Nhiệm vụ", deadline=deadline, deadline_years=deadline_years(deadline), status=status)


@pytest.mark.parametrize("deadline,end", [
    ("2025", dt.date(2025, 12, 31)),
    ("Năm 2025", dt.date(2025, 12, 31)),
    ("12/2025", dt.date(2025, 12, 31)),
    ("Tháng 4/ 2026", dt.date(2026, 4, 30)),
    ("Quý III/2025", dt.date(2025, 9, 30)),
    ("Năm 2026-2030", dt.date(2030, 12, 31)),
    ("6/30/2025", dt.date(2025, 6, 30)),
    ("30/6/2025", dt.date(2025, 6, 30)),
    ("Thường xuyên", None),
    ("Tháng 11 hàng năm", None),
    ("Năm 2025 và các năm tiếp theo", None),
    ("Theo văn bản chỉ đạo của thành phố", None),
    (None, None),
])
def test_the_last_day_a_deadline_allows(deadline, end):
    assert deadline_end(row(deadline)) == end


def test_ends_in_a_year_is_not_active_in_it():
    ends, active = TimeFilter("ends", 2027), TimeFilter("active", 2027)
    span = row("Năm 2026-2030")
    assert not matches(span, ends, TODAY) and matches(span, active, TODAY)
    assert matches(row("Năm 2026-2030"), TimeFilter("ends", 2030), TODAY)
    # recurring tasks run every year but never end; an open-ended one runs from its first year
    assert matches(row("Thường xuyên"), active, TODAY) and not matches(row("Thường xuyên"), ends, TODAY)
    assert matches(row("Năm 2025 và các năm tiếp theo"), active, TODAY)
    assert not matches(row("Năm 2028 và các năm tiếp theo"), active, TODAY)
    assert not matches(row("2025"), active, TODAY)
    # a month of the year
    assert matches(row("12/2026"), TimeFilter("ends", 2026, month=12), TODAY)
    assert not matches(row("Tháng 4/ 2026"), TimeFilter("ends", 2026, month=12), TODAY)


def test_overdue_and_due_soon_are_relative_to_today():
    overdue = TimeFilter("overdue")
    assert matches(row("Tháng 4/ 2026"), overdue, TODAY)
    assert not matches(row("12/2026"), overdue, TODAY)  # due at the end of December
    assert not matches(row("Tháng 4/ 2026"), overdue, dt.date(2026, 4, 15))
    assert not matches(row("Thường xuyên"), overdue, TODAY)  # recurring is never overdue
    assert not matches(row("Tháng 4/ 2026", status="Hoàn thành"), overdue, TODAY)
    assert matches(row("Tháng 4/ 2026", status="Chưa hoàn thành"), overdue, TODAY)
    soon = TimeFilter("due_soon", months=3)
    assert matches(row("12/2026"), soon, TODAY) and matches(row("Tháng 2/2027"), soon, TODAY)
    assert not matches(row("Quý I/2027"), soon, TODAY)  # ends 31 March: beyond three months from 30 November
    assert not matches(row("Tháng 4/ 2026"), soon, TODAY)  # already past: overdue, not due soon


def test_a_reports_own_judgement_of_late_decides_overdue():
    """A progress report marks the late tasks 'Quá hạn' as of its day and the others 'Đang thực
    hiện': that, not today's date, says which are overdue; 'Pending' judges nothing."""
    overdue = TimeFilter("overdue")
    assert matches(row("Tháng 3/2025", status="Quá hạn"), overdue, TODAY)
    assert matches(row("12/2027", status="Chậm tiến độ"), overdue, TODAY)
    assert not matches(row("Tháng 3/2025", status="Đang thực hiện"), overdue, TODAY)
    assert matches(row("2025-06-30", status="Pending"), overdue, TODAY)


def test_a_start_asked_is_the_start_column_or_a_periods_first_year():
    starts = TimeFilter("starts", 2025, quarter=3)
    assert matches(Row(**{**row("Quý IV/2025").__dict__, "start": "Tháng 8/2025"}), starts, TODAY)
    assert not matches(Row(**{**row("Quý III/2025").__dict__, "start": "Quý IV/2025"}), starts, TODAY)
    assert matches(row("Năm 2026-2030"), TimeFilter("starts", 2026), TODAY)
    assert not matches(row("Năm 2026"), TimeFilter("starts", 2026), TODAY)  # no start said


def test_recurring_deadline_kinds():
    assert is_recurring("Thường xuyên") and is_recurring("Tháng 11 hàng năm") and is_recurring("Kế hoạch công tác hằng năm")
    assert not is_recurring("Năm 2026-2030")
    assert matches(row("Hàng năm"), TimeFilter("recurring"), TODAY)


def test_a_month_said_with_a_yearly_word_asks_that_month(seed_index):
    """"hạn chót là tháng 11 hằng năm": the yearly rows due in November, not every yearly row
    (the month was left in the topic, "co la thang 11", and nothing matched)."""
    from kehoach.qa.answer import ask

    nov = TimeFilter("recurring", month=11, every="yearly")
    assert matches(row("Tháng 11 hàng năm"), nov, TODAY) and not matches(row("Hàng năm"), nov, TODAY)
    assert not matches(row("Tháng 1 hàng năm"), nov, TODAY)
    ans = ask("nghia son co viec nao han chot la thang 11 hang nam khong, viec gi vay?", index=seed_index)
    assert ans.query.time.month == 11 and ans.query.topic == ""
    assert len(ans.values) == 1 and "Kế hoạch Chuyển đổi số xã Nghĩa Sơn" in ans.values[0]


def test_an_empty_deadline_cell_is_asked_for(seed_index):
    """"dòng nào để trống cột thời gian hoàn thành": Nghĩa Thọ's task 8 has no deadline; "undated"
    would also take every "Khi tỉnh ban hành …" row."""
    from kehoach.qa.answer import ask

    assert matches(row(""), TimeFilter("blank"), TODAY) and not matches(row("Khi tỉnh ban hành"), TimeFilter("blank"), TODAY)
    ans = ask("Bảng Nghĩa Thọ có dòng nào để trống cột thời gian hoàn thành không, là việc gì?", index=seed_index)
    assert ans.query.time.kind == "blank" and ans.field == "task"
    assert len(ans.values) == 1 and "sắp xếp tổ chức bộ máy" in ans.values[0]


def test_a_day_said_whole():
    """'due date 31/1/2025' is that day; '4/1/2025' is either reading (a US table's April 1 or 4
    January); 'trước 30/6/2026' is that day or before; 'start date …' reads the start column."""
    on = TimeFilter("ends", 2025, dates=("2025-01-31",))
    assert matches(row("1/31/2025"), on, TODAY) and not matches(row("Tháng 1/2025"), TimeFilter("ends", 2025, dates=("2025-01-30",)), TODAY)
    by = TimeFilter("due_by", 2026, dates=("2026-06-30",))
    assert matches(row("Quý I/2026"), by, TODAY) and matches(row("Trước 30/6/2026"), by, TODAY)
    assert not matches(row("Quý III/2026"), by, TODAY) and not matches(row("Thường xuyên"), by, TODAY)
    started = TimeFilter("starts", 2025, dates=("2025-04-01", "2025-01-04"))
    assert matches(Row(**{**row("6/30/2025").__dict__, "start": "4/1/2025"}), started, TODAY)
