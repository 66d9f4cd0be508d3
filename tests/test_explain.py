"""`kehoach export FILE --explain`: how each table of a file was read, and why."""
from __future__ import annotations

import subprocess
import sys

from kehoach.corpus.document import explain_document

PLAN = (
    "**KẾ HOẠCH**\n\nChuyển đổi số xã Tân Kỳ năm 2025\n\n"
    "| TT | Nhiệm vụ | Đơn vị | Hạn | Kinh phí | Địa bàn |\n|---|---|---|---|---|---|\n"
    "| 1 | Số hóa hồ sơ hộ tịch của xã | Công an xã | Quý II/2025 | 20 | Toàn xã |\n"
    "| 2 | Phủ sóng 5G đến các thôn | Phòng Kinh tế | 2026 | | Các thôn |\n"
    "| 3 | Tập huấn kỹ năng số cho người dân | Đoàn Thanh niên | Thường xuyên | 5 | Toàn xã |\n\n"
    "Kinh phí thực hiện:\n\n"
    "| STT | Nội dung | Kinh phí (triệu đồng) | Nguồn vốn |\n|---|---|---|---|\n"
    "| 1 | Mua máy tính cho bộ phận một cửa | 50 | Ngân sách xã |\n"
    "| 2 | Thuê đường truyền | 12 | Ngân sách xã |\n")


def test_the_layout_report_says_what_each_column_is_and_why(tmp_path):
    path = tmp_path / "tan-ky.md"
    path.write_text(PLAN, encoding="utf-8")
    rows, layout = explain_document(path)
    assert len(rows) == 3
    tasks, budget = layout.tables
    assert tasks.read and tasks.rows_read == 3 and not tasks.skipped
    roles = {c.header: (c.role, c.reason) for c in tasks.columns}
    assert roles["TT"][0] == "stt" and roles["Nhiệm vụ"][0] == "task"
    # 'Đơn vị' names no role by itself: its values, organisations, make it the lead
    assert roles["Đơn vị"][0] == "lead" and "organisations" in roles["Đơn vị"][1]
    assert roles["Hạn"][0] == "deadline" and "dates" in roles["Hạn"][1]
    assert roles["Kinh phí"][0] == "cost" and rows[0].funding == "20"
    assert roles["Địa bàn"] == (None, roles["Địa bàn"][1]) and roles["Địa bàn"][1].startswith("ignored")
    # the budget table names a task column but nothing about the tasks: not read, and why
    assert not budget.read and "no lead, partners, deadline, output or status" in budget.reason
    assert [s.row for s in budget.skipped] == [2, 3]

    out = subprocess.run([sys.executable, "-m", "kehoach.cli", "export", str(path), "--explain"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("tan-ky.md: 3 task rows from tables")
    assert 'column 3 "Đơn vị": lead — no header role; values: 3/3 organisations' in text
    assert 'column 4 "Hạn": deadline — header "hạn"; values: 3/3 dates' in text
    assert "table 2, rows 1-3: not read: a task column but nothing about the tasks" in text
    assert "its 2 rows skipped, the first: 1 | Mua máy tính cho bộ phận một cửa" in text
    assert '"id"' not in text  # a report, not rows


def test_a_file_that_reads_badly_says_why(tmp_path):
    path = tmp_path / "chi-tieu.md"
    path.write_text("| STT | Nội dung chỉ tiêu | Đơn vị tính | Năm 2025 |\n|---|---|---|---|\n"
                    "| 1 | Tỷ lệ hồ sơ trực tuyến | % | 80 |\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kehoach.cli", "export", str(path), "--explain"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "no rows could be read" in out.stderr
    assert "chi-tieu.md: 0 task rows" in out.stdout and "not read: a task column but nothing" in out.stdout


def test_the_upload_result_says_in_short_how_the_file_was_read(tmp_path):
    from kehoach.app.handlers import layout_summary

    path = tmp_path / "tan-ky.md"
    path.write_text(PLAN, encoding="utf-8")
    assert layout_summary(path) == (" Bảng 1: 3 nhiệm vụ (TT → số thứ tự, Nhiệm vụ → nhiệm vụ, Đơn vị → chủ trì, "
                                    "Hạn → thời hạn, Kinh phí → kinh phí); Bảng 2: bỏ qua 2 dòng (không phải bảng nhiệm vụ).")
    assert layout_summary(tmp_path / "missing.md") == ""


def test_every_role_has_a_label_for_users():
    from kehoach.corpus.columns import ROLES
    from kehoach.corpus.layout import role_labels

    assert set(role_labels()) == set(ROLES) and all(role_labels().values())
