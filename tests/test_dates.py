"""Deadline cells as dates: the last day a deadline allows, in every form plans write."""
from __future__ import annotations

import pytest
from kehoach.corpus.dates import day_first, deadline_end, is_date_like, is_horizon, quarters


@pytest.mark.parametrize("text,end", [
    ("2025", "2025-12-31"),
    ("12/2025", "2025-12-31"),
    ("Quý III/2025", "2025-09-30"),
    ("Quý II/2025", "2025-06-30"),
    ("6/30/2025", "2025-06-30"),  # US order: 30 cannot be a month
    ("2026-2030", "2030-12-31"),
    ("Năm 2026-2030", "2030-12-31"),
    ("2025 - 2026", "2026-12-31"),
    ("Năm 2025, 2026", "2026-12-31"),
    ("Từ năm 2025 đến năm 2027", "2027-12-31"),
    ("Tháng 4/ 2026", "2026-04-30"),
    ("Tháng 5/2025", "2025-05-31"),
    ("Tháng 7 năm 2025", "2025-07-31"),
    ("01/2025", "2025-01-31"),
    ("2/2025", "2025-02-28"),
    ("Trước 30/6/2026", "2026-06-30"),
    ("2025-03-31", "2025-03-31"),  # ISO
    ("June 2025", "2025-06-30"),
    ("Dec 2025", "2025-12-31"),
    ("Đến năm 2045", "2045-12-31"),
    ("6 tháng đầu năm 2025", "2025-06-30"),
    ("Quý III, IV/2026", "2026-12-31"),  # quarters listed for one year: the last of them
    ("Quý II, III/2026", "2026-09-30"),
    ("Thường xuyên", None),
    ("Hàng năm", None),
    ("Hằng năm", None),
    ("Tháng 11 hàng năm", None),
    ("Nhiệm vụ thường xuyên", None),
    ("2025 và những năm tiếp theo", None),
    ("Tháng 12/2025 và các năm tiếp theo", None),
    ("Sau khi các Luật, Nghị định được ban hành và có hiệu lực", None),
    ("Thực hiện theo hướng dẫn của Bộ, ngành liên quan", None),
    ("Theo văn bản chỉ đạo của thành phố", None),
    ("", None),
    (None, None),
])
def test_deadline_end(text, end):
    assert deadline_end(text) == end


def test_full_dates_follow_their_columns_order():
    assert deadline_end("2/1/2025") == "2025-01-02"  # Vietnamese order by default
    assert deadline_end("2/1/2025", day_first=False) == "2025-02-01"
    assert deadline_end("30/6/2026", day_first=False) == "2026-06-30"  # impossible as m/d: read d/m
    assert day_first(["1/31/2025", "2/1/2025"]) is False
    assert day_first(["31/1/2025", "1/2/2025"]) is True
    assert day_first(["1/1/2025", "2/1/2025"]) is None  # every value reads both ways


@pytest.mark.parametrize("text,dated", [
    ("Quý II/2025", True), ("Thường xuyên", True), ("2025-01-01", True), ("June 2025", True),
    ("30", False), ("Bộ Nội vụ", False), ("NV45", False),
    ("Xây dựng kế hoạch triển khai chương trình hành động của Chính phủ năm 2025 trên địa bàn toàn tỉnh", False),
])
def test_date_like_cells(text, dated):
    assert is_date_like(text) is dated


@pytest.mark.parametrize("title,horizon", [
    ("Đến năm 2030", True), ("Giai đoạn 2026 - 2030", True), ("Năm 2025", True),
    ("Hạ tầng số", False), ("Milestone 1.1: Hoàn thiện các văn bản pháp lý (Tháng 1 - 6/2025)", False),
    ("Tuyên truyền năm 2025", False),
])
def test_horizons(title, horizon):
    assert is_horizon(title) is horizon


def test_the_quarters_a_deadline_names():
    """"Quý II, III/2026" is work done in both quarters: a question about quý II/2026 finds it."""
    assert quarters("Quý II, III/2026") == {(2026, 2), (2026, 3)}
    assert quarters("Quý IV/2026, 2027") == {(2026, 4)}
    assert quarters("Tháng 8/2024") == set()
