"""Table shapes the second batch of public plans showed us, built here in other words so the
rules, not the fixtures, are what passes: a header over two rows whose second row names
columns nobody asks about; one column for the lead and the partners; deliverables numbered
in their own cells beside columns of references.  (The plans themselves are read in
tests/test_world_layouts.py.)"""
from __future__ import annotations

import pytest
from kehoach.corpus import read_document
from kehoach.corpus.units import split_roles


def tasks(path):
    return [r for r in read_document(path) if r.kind == "task"]


@pytest.mark.parametrize("cell,lead,partners", [
    ("Chủ trì: Phòng Kinh tế; Phối hợp: Công an xã, Đoàn Thanh niên", "Phòng Kinh tế",
     "Công an xã, Đoàn Thanh niên"),
    ("Chủ trì: Phòng Kinh tế. Phối hợp: Công an xã", "Phòng Kinh tế", "Công an xã"),
    ("Chủ trì: Phòng Kinh tế\nPhối hợp: Công an xã", "Phòng Kinh tế", "Công an xã"),
    ("Phòng Kinh tế chủ trì, phối hợp Công an xã", "Phòng Kinh tế", "Công an xã"),
    ("Phòng Kinh tế chủ trì, phối hợp với Công an xã", "Phòng Kinh tế", "Công an xã"),
    ("Phòng Kinh tế chủ trì; phối hợp: Công an xã", "Phòng Kinh tế", "Công an xã"),
    ("Phòng Kinh tế chủ trì; các thôn phối hợp", "Phòng Kinh tế", "các thôn"),
    ("Phòng Kinh tế (chủ trì); Công an xã, Trạm Y tế", "Phòng Kinh tế", "Công an xã, Trạm Y tế"),
    ("Phòng Kinh tế (chủ trì), Công an xã (phối hợp)", "Phòng Kinh tế", "Công an xã"),
    ("Chủ trì: Phòng Kinh tế", "Phòng Kinh tế", ""),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế, Hạ tầng và Đô thị", ""),
])
def test_a_cell_holding_both_roles(cell, lead, partners):
    assert split_roles(cell) == (lead, partners)


WARD = [
    ["TT", "Nội dung nhiệm vụ", "Thời gian thực hiện", "", "Đơn vị chủ trì, phối hợp", "Kinh phí", "",
     "Kết quả"],
    ["", "", "Bắt đầu", "Hoàn thành", "", "Dự toán", "Nguồn", ""],
    ["1", "Số hóa hồ sơ hộ tịch", "Tháng 7/2025", "Quý IV/2025", "Công an xã chủ trì, phối hợp Phòng VH-XH",
     "50", "Ngân sách xã", "Dữ liệu hộ tịch"],
    ["2", "Tập huấn kỹ năng số cho người dân", "2025", "Trước 30/6/2026",
     "Chủ trì: Đoàn Thanh niên. Phối hợp: Hội LHPN, Hội Nông dân", "-", "Xã hội hóa", "Lớp tập huấn"],
    ["3", "Duy trì Trang thông tin điện tử xã", "2025", "Thường xuyên", "Văn phòng HĐND&UBND", "12",
     "Ngân sách xã", "Trang tin hoạt động"],
]


def _assert_ward(rows):
    assert [(r.stt, r.start, r.deadline, r.deadline_end) for r in rows] == [
        ("1", "Tháng 7/2025", "Quý IV/2025", "2025-12-31"), ("2", "2025", "Trước 30/6/2026", "2026-06-30"),
        ("3", "2025", "Thường xuyên", None)]
    assert [(r.lead_units, r.partner_units) for r in rows] == [
        (["Công an xã"], ["Phòng Văn hóa - Xã hội"]),
        (["Đoàn Thanh niên xã"], ["Hội Liên hiệp Phụ nữ xã", "Hội Nông dân xã"]),
        (["Văn phòng HĐND&UBND"], [])]
    assert [r.output for r in rows] == ["Dữ liệu hộ tịch", "Lớp tập huấn", "Trang tin hoạt động"]
    assert not any(w in str(v) for r in rows for v in r.to_dict().values() for w in ("Ngân sách", "Xã hội hóa"))


def test_a_header_merged_over_two_rows_in_word(tmp_path):
    """The Word table: 'Thời gian thực hiện' and 'Kinh phí' merged across their two sub-columns,
    the other header cells merged down."""
    import docx
    from test_layouts import docx_table

    doc = docx.Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ TÂN KỲ")
    doc.add_paragraph("KẾ HOẠCH chuyển đổi số năm 2025")
    merges = [((0, 2), (0, 3)), ((0, 5), (0, 6))] + [((0, c), (1, c)) for c in (0, 1, 4, 7)]
    docx_table(doc, WARD, merges, header_rows=2)
    path = tmp_path / "tan-ky.docx"
    doc.save(path)
    _assert_ward(tasks(path))


def test_a_header_over_two_rows_as_text(tmp_path):
    """The same table as a PDF-to-text tool leaves it, one row a line, cells split by tabs."""
    path = tmp_path / "tan-ky.txt"
    path.write_text("UBND XÃ TÂN KỲ\nKẾ HOẠCH chuyển đổi số năm 2025\n\n" +
                    "\n".join("\t".join(r) for r in WARD) + "\n", encoding="utf-8")
    _assert_ward(tasks(path))


def test_deliverables_numbered_in_their_own_cells(tmp_path):
    """No STT column: the column whose cells start with their own number lists the items,
    though its header names the output; the columns of numbers beside it point elsewhere
    (a programme, related tasks) and a goal with a year in brackets is no deadline."""
    path = tmp_path / "san-pham.md"
    path.write_text(
        "| Sản phẩm đầu ra | Mục tiêu | Chương trình | Nhiệm vụ liên quan | Đơn vị chủ trì | Thời hạn |\n"
        "|---|---|---|---|---|---|\n"
        "| **1. Kho dữ liệu dùng chung của xã** | Dữ liệu số hình thành (2026) | 1 | 3, 4 | Văn phòng HĐND&UBND "
        "| Quý IV/2025 |\n"
        "| **2. Tổ công nghệ số cộng đồng ở các thôn** | Xã hội số (2025) | 1 | 7 | Đoàn Thanh niên | 6/2025 |\n"
        "| **4. Bản đồ số các điểm du lịch** | Kinh tế số (thường xuyên) | 2 | 9, 12 | Phòng Kinh tế "
        "| 2025-2026 |\n", encoding="utf-8")
    rows = tasks(path)
    assert [(r.stt, r.task, r.output) for r in rows] == [
        ("1", "Kho dữ liệu dùng chung của xã", "Kho dữ liệu dùng chung của xã"),
        ("2", "Tổ công nghệ số cộng đồng ở các thôn", "Tổ công nghệ số cộng đồng ở các thôn"),
        ("4", "Bản đồ số các điểm du lịch", "Bản đồ số các điểm du lịch")]
    assert [(r.lead_units, r.deadline_end) for r in rows] == [
        (["Văn phòng HĐND&UBND"], "2025-12-31"), (["Đoàn Thanh niên xã"], "2025-06-30"),
        (["Phòng Kinh tế"], "2026-12-31")]


def test_a_numbered_table_keeps_its_numbering_column(tmp_path):
    """With an STT column, a column of numbered texts (a list of legal bases) is not the
    task: the numbering column numbers the rows."""
    path = tmp_path / "can-cu.md"
    path.write_text(
        "| STT | Nội dung nhiệm vụ | Căn cứ | Đơn vị chủ trì | Thời hạn |\n|---|---|---|---|---|\n"
        "| 1 | Số hóa hồ sơ hộ tịch | 1. Quyết định 06/QĐ-TTg | Công an xã | 2025 |\n"
        "| 2 | Làm sạch dữ liệu đất đai | 2. Kế hoạch 12/KH-UBND | Phòng Kinh tế | 2026 |\n", encoding="utf-8")
    assert [(r.stt, r.task) for r in tasks(path)] == [("1", "Số hóa hồ sơ hộ tịch"), ("2", "Làm sạch dữ liệu đất đai")]


TASK_LIST = (
    "**KẾ HOẠCH**\n\n**Thực hiện chuyển đổi số năm 2025 của xã Yên Sơn**\n\n"
    "| TT | Nội dung nhiệm vụ |\n|---|---|\n"
    "| **1.** | **Nhiệm vụ chung** |\n"
    "| - | Văn phòng HĐND và UBND xã phối hợp với Công an xã tổ chức tuyên truyền Đề án 06 đến các thôn. |\n"
    "| - | Rà soát, cập nhật danh mục thủ tục hành chính trực tuyến toàn trình trong năm 2025. |\n"
    "| **2.** | **Nhiệm vụ của các cơ quan** |\n"
    "| **a)** | **Phòng Văn hóa - Xã hội** |\n"
    "| - | Chủ trì xây dựng Trang thông tin điện tử của xã; cơ bản hoàn thành trước 30/6/2026. |\n"
    "| - | Tổ chức tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng. |\n"
    "| **b)** | **Lãnh đạo Trung tâm Phục vụ hành chính công** |\n"
    "| - | Hướng dẫn người dân nộp hồ sơ trực tuyến. |\n")


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_task_list_says_who_and_when_in_its_headings_and_text(fmt, tmp_path):
    """A plan's prose typed as a table with no column for who or when: a heading naming a unit
    leads its items; under a heading naming nobody, an item starting with units leads itself
    (with the partners after 'phối hợp với'), one starting with a verb has no lead; a date
    after 'hoàn thành' is the deadline, a year alone in a sentence is not."""
    source = tmp_path / "yen-son.md"
    source.write_text(TASK_LIST, encoding="utf-8")
    from fixtures import typed_as

    rows = tasks(typed_as(source, fmt, tmp_path))
    assert [(r.stt, r.lead_units, r.partner_units, r.deadline_end) for r in rows] == [
        (None, ["Văn phòng HĐND&UBND"], ["Công an xã"], None),
        (None, [], [], None),
        (None, ["Phòng Văn hóa - Xã hội"], [], "2026-06-30"),
        (None, ["Phòng Văn hóa - Xã hội"], [], None),
        (None, ["Lãnh đạo Trung tâm Phục vụ hành chính công"], [], None)]
    assert rows[2].deadline == "trước 30/6/2026"
    assert [r.section for r in rows] == ["1. Nhiệm vụ chung"] * 2 + [
        "2. Nhiệm vụ của các cơ quan › a. Phòng Văn hóa - Xã hội"] * 2 + [
        "2. Nhiệm vụ của các cơ quan › b. Lãnh đạo Trung tâm Phục vụ hành chính công"]


def test_a_list_of_contents_is_no_task_list(tmp_path):
    """'TT | Nội dung' names no task plainly enough: a table of contents or of legal bases
    under it is not read as tasks."""
    path = tmp_path / "can-cu.md"
    path.write_text("**KẾ HOẠCH**\n\n**Chuyển đổi số xã Yên Sơn**\n\n| TT | Nội dung |\n|---|---|\n"
                    "| 1 | Luật Giao dịch điện tử năm 2023 |\n| 2 | Nghị quyết số 57-NQ/TW của Bộ Chính trị |\n",
                    encoding="utf-8")
    from kehoach.corpus import DocumentError

    with pytest.raises(DocumentError, match="no task table"):
        tasks(path)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_tables_under_bold_numbered_paragraphs(fmt, tmp_path):
    """One small table per group, each under a bold numbered paragraph ('**1\\. Nhóm …**', its
    dot escaped as markdown converters write it): the paragraph heads the table's rows, and
    markdown escapes are undone ('R\\&D' is R&D).  A second 'responsible' column beside the
    implementing body ('Cơ quan chịu trách nhiệm cao nhất') is not the lead."""
    source = tmp_path / "nhom.md"
    source.write_text(
        "**PHÂN CÔNG TRÁCH NHIỆM**\n\n**1\\. Nhóm nhiệm vụ: “Hạ tầng số”**\n\n"
        "| Nhiệm vụ | Cơ quan thực hiện | Cơ quan chịu trách nhiệm cao nhất | Cơ quan phối hợp, tham vấn |\n"
        "| :---- | :---- | :---- | :---- |\n"
        "| Xây dựng trung tâm dữ liệu R\\&D | **Cục ĐMST\\&CĐS**  | Thủ tướng | Các tổ chức chính trị \\- xã hội |\n"
        "\n**2\\. Nhóm nhiệm vụ: “Nhân lực”**\n\n"
        "| Nhiệm vụ | Cơ quan thực hiện | Cơ quan chịu trách nhiệm cao nhất | Cơ quan phối hợp, tham vấn |\n"
        "| :---- | :---- | :---- | :---- |\n"
        "| Đào tạo kỹ sư bán dẫn | Bộ Giáo dục và Đào tạo | Thủ tướng | Các trường đại học |\n", encoding="utf-8")
    from fixtures import typed_as

    rows = tasks(typed_as(source, fmt, tmp_path))
    assert [(r.section, r.task, r.lead, r.partners) for r in rows] == [
        ("1. Nhóm nhiệm vụ: “Hạ tầng số”", "Xây dựng trung tâm dữ liệu R&D", "Cục ĐMST&CĐS",
         "Các tổ chức chính trị - xã hội"),
        ("2. Nhóm nhiệm vụ: “Nhân lực”", "Đào tạo kỹ sư bán dẫn", "Bộ Giáo dục và Đào tạo", "Các trường đại học")]
