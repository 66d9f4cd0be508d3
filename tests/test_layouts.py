"""Plans written the way other communes, wards, provinces and ministries write them.

The five seed plans are one family of layouts.  Each test here builds another one at run
time — columns in another order, unknown columns, a header over two rows, other numbering,
no STT column, one table per section, a ward or a province instead of a xã, roles written
inside the cell — and states the rows a person reads in it.

Decisions these tests pin down:
- `commune` holds the name without its kind: "phường Hưng Dũng" -> "Hưng Dũng", "thị trấn
  Quỳ Hợp" -> "Quỳ Hợp" (a numbered ward keeps it: "Phường 5"); a plan issued by a province
  or a ministry has no commune (None), whatever communes its rows mention.
- Section titles are kept as written (upper case too); nested headings ("Phần I" over "1")
  are joined with " › ".
- Canonical unit names are spelled at commune level ("Công an xã"): "Công an phường" and
  "CA xã" both map there; the display text keeps what the plan wrote.
- Columns nobody asks about ("Kinh phí", "Nguồn kinh phí") are ignored; "Lãnh đạo phụ
  trách" is who directs the task (`directing`).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from kehoach.corpus import read_document
from kehoach.corpus.deadlines import deadline_years
from kehoach.corpus.units import canonical_units


def tab_text(path: Path, lines: list[str], table: list[list[str]], after: list[str] = ()) -> Path:
    """Text as PDF/Word-to-text tools leave it: paragraphs, then the table one row per line,
    cells separated by tabs."""
    body = "\n".join(lines) + "\n\n" + "\n".join("\t".join(r) for r in table) + "\n\n" + "\n".join(after)
    path.write_text(body, encoding="utf-8")
    return path


def tasks(path: Path):
    return [r for r in read_document(path) if r.kind == "task"]


def docx_table(doc, rows: list[list[str]], merges=(), header_rows: int = 0):
    """A Word table from rows of text; `merges` are ((r1, c1), (r2, c2)) ranges merged after
    filling (the text of the top-left cell is kept); the first `header_rows` repeat on every
    page (w:tblHeader), as Word does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=len(rows), cols=max(map(len, rows)))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    for (r1, c1), (r2, c2) in merges:
        keep = table.cell(r1, c1).text
        merged = table.cell(r1, c1).merge(table.cell(r2, c2))
        merged.text = keep
    for r in range(header_rows):
        trpr = table.rows[r]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
        assert trpr.find(qn("w:tblHeader")) is not None
    return table


# ---------------------------------------------------------------- a ward, columns reordered


def test_ward_plan_with_columns_in_another_order(tmp_path):
    """A ward (phường) plan extracted from PDF: 'TT | Nhiệm vụ | Đơn vị thực hiện | Đơn vị
    phối hợp | Thời gian | Sản phẩm', upper-case Roman sections, tasks numbered '1)', unit
    cells with bullets run together on one line."""
    path = tab_text(tmp_path / "phuong-hung-dung.txt", [
        "ỦY BAN NHÂN DÂN", "PHƯỜNG HƯNG DŨNG", "Số: 112/KH-UBND", "Hưng Dũng, ngày 15 tháng 7 năm 2025",
        "KẾ HOẠCH", "Triển khai Nghị quyết số 57-NQ/TW trên địa bàn phường Hưng Dũng",
        "UBND phường ban hành danh mục nhiệm vụ như sau:",
    ], [
        ["TT", "Nhiệm vụ", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian", "Sản phẩm"],
        ["I", "HẠ TẦNG SỐ", "", "", "", ""],
        ["1)", "Phủ sóng 4G/5G đến 100% tổ dân phố", "Phòng Kinh tế, Hạ tầng và Đô thị",
         "- Các doanh nghiệp viễn thông - Công an phường", "Quý III/2025", "Báo cáo kết quả"],
        ["2)", "Số hóa hồ sơ địa chính", "Phòng KT-HT-ĐT", "Trung tâm Phục vụ hành chính công",
         "Trước 30/6/2026", "Cơ sở dữ liệu địa chính"],
        ["II", "NHÂN LỰC SỐ", "", "", "", ""],
        ["1)", "Bồi dưỡng kỹ năng số cho cán bộ, công chức", "Phòng Văn hóa - Xã hội", "VP HĐND-UBND",
         "2025-2026", "Lớp bồi dưỡng"],
    ])
    rows = tasks(path)
    assert [(r.section, r.stt, r.task) for r in rows] == [
        ("I. HẠ TẦNG SỐ", "1", "Phủ sóng 4G/5G đến 100% tổ dân phố"),
        ("I. HẠ TẦNG SỐ", "2", "Số hóa hồ sơ địa chính"),
        ("II. NHÂN LỰC SỐ", "1", "Bồi dưỡng kỹ năng số cho cán bộ, công chức"),
    ]
    first, second, third = rows
    assert first.commune == "Hưng Dũng"
    assert first.lead_units == second.lead_units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert first.partner_units == ["Các doanh nghiệp viễn thông", "Công an xã"]
    assert first.partners == "Các doanh nghiệp viễn thông; Công an phường"  # what the bullets list
    assert first.output == "Báo cáo kết quả" and first.deadline == "Quý III/2025"
    assert [r.deadline_years for r in rows] == [[2025], [2026], [2025, 2026]]
    assert third.partner_units == ["Văn phòng HĐND&UBND"]
    # numbering restarts in each section: a number used twice carries its section in the id
    assert [r.id.split("#")[1] for r in rows] == ["I-1", "2", "II-1"]
    assert "112/KH-UBND" in first.plan


# ---------------------------------------------------------------- unknown columns, a town


def test_extra_columns_are_kept_apart_and_abbreviated_units_resolve(tmp_path):
    """A town (thị trấn) plan converted to markdown: extra columns 'Lãnh đạo phụ trách',
    'Kinh phí (triệu đồng)', 'Nguồn kinh phí' (the funding); '<br>' bullet lines inside unit cells;
    the abbreviations people write (CA xã, VP HĐND-UBND, Hội LHPN, BCH Quân sự, MTTQ)."""
    path = tmp_path / "thi-tran-quy-hop.md"
    path.write_text(
        "**ỦY BAN NHÂN DÂN THỊ TRẤN QUỲ HỢP**\n\n"
        "**KẾ HOẠCH**\n\n"
        "Thực hiện Nghị quyết số 57-NQ/TW trên địa bàn thị trấn Quỳ Hợp\n\n"
        "| STT | Nội dung công việc | Cơ quan, đơn vị chủ trì | Lãnh đạo phụ trách | Cơ quan, đơn vị phối hợp "
        "| Kinh phí (triệu đồng) | Nguồn kinh phí | Thời hạn hoàn thành |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 1 | Rà soát, làm sạch dữ liệu dân cư | CA xã | Phó Chủ tịch UBND | VP HĐND-UBND | 20 "
        "| Ngân sách thị trấn | Năm 2025, 2026 |\n"
        "| 2 | Tập huấn kỹ năng số cho đoàn viên, hội viên | Đoàn Thanh niên | Chủ tịch UBMTTQ "
        "| - Hội LHPN<br>- Hội Nông dân<br>- BCH Quân sự xã | 15 | Xã hội hóa | Hằng năm |\n"
        "| 3 | Vận động người dân dùng dịch vụ công trực tuyến | MTTQ | Chủ tịch UBND "
        "| Phòng VHXH (tham mưu), UBND các xã, phường | | | Quý IV/2025 |\n",
        encoding="utf-8")
    one, two, three = tasks(path)
    assert one.commune == "Quỳ Hợp"
    assert (one.stt, one.task) == ("1", "Rà soát, làm sạch dữ liệu dân cư")
    assert one.lead_units == ["Công an xã"] and one.partner_units == ["Văn phòng HĐND&UBND"]
    assert one.directing == "Phó Chủ tịch UBND"
    assert one.deadline == "Năm 2025, 2026" and one.deadline_years == [2025, 2026]
    # "Kinh phí (triệu đồng)" and "Nguồn kinh phí" are the task's funding, and only that
    assert (one.funding, two.funding, three.funding) == ("20 triệu đồng; Ngân sách thị trấn", "15 triệu đồng; Xã hội hóa", None)
    for row in (one, two, three):
        assert not any("Ngân sách" in str(v) or "Xã hội hóa" in str(v) for k, v in row.to_dict().items() if k != "funding")
    assert two.lead_units == ["Đoàn Thanh niên xã"]
    assert two.partner_units == ["Hội Liên hiệp Phụ nữ xã", "Hội Nông dân xã", "Ban Chỉ huy Quân sự xã"]
    assert two.partners == "Hội LHPN; Hội Nông dân; BCH Quân sự xã"
    assert two.deadline_years == []  # "Hằng năm": recurring
    assert three.lead_units == ["Ủy ban MTTQ Việt Nam xã"]
    assert three.partner_units == ["Phòng Văn hóa - Xã hội", "UBND các xã, phường"]


# ---------------------------------------------------------------- a header over two rows


GROUPED_HEADER_ROWS = [
    ["STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "", "Kết quả, sản phẩm", "Thời gian thực hiện"],
    ["", "", "Chủ trì", "Phối hợp", "", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
]
GROUPED_DATA = [
    ["I", "Chính quyền số", "", "", "", ""],
    ["1", "Triển khai chữ ký số cho cán bộ, công chức", "Văn phòng HĐND&UBND", "Công an xã",
     "100% cán bộ có chữ ký số", "Quý II/2025"],
    ["2", "Số hóa kết quả giải quyết thủ tục hành chính", "Trung tâm Phục vụ HCC", "Phòng VH-XH",
     "Dữ liệu số hóa", "2025"],
]


def _assert_grouped(rows):
    assert [(r.stt, r.section) for r in rows] == [("1", "I. Chính quyền số"), ("2", "I. Chính quyền số")]
    assert [r.lead_units for r in rows] == [["Văn phòng HĐND&UBND"], ["Trung tâm Phục vụ hành chính công"]]
    assert [r.partner_units for r in rows] == [["Công an xã"], ["Phòng Văn hóa - Xã hội"]]
    assert [r.output for r in rows] == ["100% cán bộ có chữ ký số", "Dữ liệu số hóa"]
    assert [r.deadline_years for r in rows] == [[2025], [2025]]
    assert rows[0].commune == "Tân Kỳ"


def test_docx_header_over_two_rows_with_a_merged_group_cell(tmp_path):
    """'Đơn vị thực hiện' merged across 'Chủ trì' | 'Phối hợp', the other header cells merged
    down, then the row of column numbers '(1) (2) …' many templates print under a header."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN XÃ TÂN KỲ")
    doc.add_paragraph("KẾ HOẠCH chuyển đổi số năm 2025")
    merges = [((0, 2), (0, 3))] + [((0, c), (1, c)) for c in (0, 1, 4, 5)] + [((3, 0), (3, 5))]
    section = ["I. Chính quyền số", "", "", "", "", ""]  # merged across: one cell says it all
    docx_table(doc, GROUPED_HEADER_ROWS + [section] + GROUPED_DATA[1:], merges, header_rows=3)
    path = tmp_path / "tan-ky.docx"
    doc.save(path)
    _assert_grouped(tasks(path))


def test_text_header_over_two_rows(tmp_path):
    """The same table as a PDF-to-text tool leaves it: the second header row only names the
    sub-columns, the group name sits over the first of them."""
    path = tab_text(tmp_path / "tan-ky.txt", ["UBND XÃ TÂN KỲ", "KẾ HOẠCH chuyển đổi số năm 2025"],
                    GROUPED_HEADER_ROWS + GROUPED_DATA)
    _assert_grouped(tasks(path))


def test_pdf_ward_plan_with_a_grouped_header(tmp_path):
    """A ward's plan as PDF: the letterhead lines run into the title when extracted, the
    header spans two rows ('Đơn vị thực hiện' over 'Chủ trì' | 'Phối hợp'), a bulleted
    partner cell comes out as one line."""
    from fixtures import font_path
    from fpdf import FPDF

    font = font_path()
    if font is None:
        pytest.skip("no TrueType font with Vietnamese glyphs")
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.add_font("DejaVu", "B", str(font.with_name("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "ỦY BAN NHÂN DÂN\nPHƯỜNG TRƯỜNG VINH\nKẾ HOẠCH", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(10, 60, 35, 35, 25, 25), first_row_as_headings=False) as table:
        top = table.row()
        top.cell("TT", rowspan=2)
        top.cell("Nhiệm vụ", rowspan=2)
        top.cell("Đơn vị thực hiện", colspan=2)
        top.cell("Thời gian", rowspan=2)
        top.cell("Sản phẩm", rowspan=2)
        sub = table.row()
        sub.cell("Chủ trì")
        sub.cell("Phối hợp")
        table.row().cell("I. HẠ TẦNG SỐ", colspan=6)
        for cells in (("1", "Phủ sóng 5G đến các khối phố", "Phòng Kinh tế, Hạ tầng và Đô thị",
                       "- Các doanh nghiệp viễn thông\n- Công an phường", "Quý III/2025", "Báo cáo"),
                      ("2", "Số hóa hồ sơ địa chính", "Phòng KT-HT-ĐT", "Trung tâm Phục vụ HCC", "Trước 30/6/2026",
                       "Dữ liệu")):
            row = table.row()
            for text in cells:
                row.cell(text)
    path = tmp_path / "truong-vinh.pdf"
    pdf.output(str(path))
    rows = tasks(path)
    assert [(r.section, r.stt, r.task) for r in rows] == [
        ("I. HẠ TẦNG SỐ", "1", "Phủ sóng 5G đến các khối phố"), ("I. HẠ TẦNG SỐ", "2", "Số hóa hồ sơ địa chính")]
    assert rows[0].commune == "Trường Vinh"
    assert rows[0].partner_units == ["Các doanh nghiệp viễn thông", "Công an xã"]
    assert [r.lead_units for r in rows] == [["Phòng Kinh tế, Hạ tầng và Đô thị"]] * 2
    assert [r.deadline_years for r in rows] == [[2025], [2026]]


# ---------------------------------------------------------------- other numbering styles


def test_parts_over_arabic_sections_over_lettered_tasks(tmp_path):
    """'Phần I' / 'Phần II' over sections '1', '2', tasks 'a)', 'b)' restarting everywhere."""
    path = tab_text(tmp_path / "nghi-loc.txt", ["KẾ HOẠCH", "Chuyển đổi số xã Nghi Lộc năm 2025"], [
        ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
        ["Phần I", "NHIỆM VỤ CHUNG", "", "", ""],
        ["1", "Tuyên truyền, nâng cao nhận thức", "", "", ""],
        ["a)", "Tuyên truyền Nghị quyết 57 trên hệ thống truyền thanh", "Phòng VH-XH", "Các thôn", "Hằng năm"],
        ["b)", "Tổ chức hội nghị quán triệt", "Văn phòng HĐND&UBND", "", "Quý I/2025"],
        ["2", "Hoàn thiện thể chế", "", "", ""],
        ["a)", "Rà soát quy chế làm việc trên môi trường số", "Văn phòng HĐND&UBND", "Các ban, ngành, đoàn thể",
         "2025"],
        ["Phần II", "NHIỆM VỤ CỤ THỂ", "", "", ""],
        ["1", "Kinh tế số", "", "", ""],
        ["a)", "Hỗ trợ hộ kinh doanh bán hàng trên sàn thương mại điện tử", "Phòng Kinh tế", "Hội LHPN",
         "Từ năm 2025 đến năm 2027"],
    ])
    rows = tasks(path)
    assert [(r.section, r.stt) for r in rows] == [
        ("Phần I. NHIỆM VỤ CHUNG › 1. Tuyên truyền, nâng cao nhận thức", "a"),
        ("Phần I. NHIỆM VỤ CHUNG › 1. Tuyên truyền, nâng cao nhận thức", "b"),
        ("Phần I. NHIỆM VỤ CHUNG › 2. Hoàn thiện thể chế", "a"),
        ("Phần II. NHIỆM VỤ CỤ THỂ › 1. Kinh tế số", "a"),
    ]
    assert [r.id.split("#")[1] for r in rows] == ["I.1-a", "b", "I.2-a", "II.1-a"]
    assert rows[-1].deadline_years == [2025, 2026, 2027]
    assert rows[-1].partner_units == ["Hội Liên hiệp Phụ nữ xã"]


def test_arabic_sections_over_roman_subsections(tmp_path):
    """Sections '1', '2' in capitals, each split into Roman subsections 'I', 'II'."""
    path = tab_text(tmp_path / "quynh-luu.txt", ["KẾ HOẠCH", "Chuyển đổi số xã Quỳnh Lưu"], [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
        ["1", "KINH TẾ SỐ", "", "", ""],
        ["I", "Thương mại điện tử", "", "", ""],
        ["1", "Đưa sản phẩm OCOP lên sàn thương mại điện tử", "Phòng Kinh tế", "Các hợp tác xã", "2025"],
        ["2", "Tập huấn bán hàng trực tuyến", "Phòng Kinh tế", "Hội LHPN", "2026"],
        ["II", "Nông nghiệp số", "", "", ""],
        ["1", "Cấp mã vùng trồng", "Phòng Kinh tế", "", "2026"],
        ["2", "XÃ HỘI SỐ", "", "", ""],
        ["I", "Giáo dục", "", "", ""],
        ["1", "Số hóa học bạ", "Các nhà trường", "", "2025"],
    ])
    rows = tasks(path)
    assert [(r.section, r.stt) for r in rows] == [
        ("1. KINH TẾ SỐ › I. Thương mại điện tử", "1"), ("1. KINH TẾ SỐ › I. Thương mại điện tử", "2"),
        ("1. KINH TẾ SỐ › II. Nông nghiệp số", "1"), ("2. XÃ HỘI SỐ › I. Giáo dục", "1")]
    assert [r.id.split("#")[1] for r in rows] == ["1.I-1", "2", "1.II-1", "2.I-1"]


def test_roman_sections_with_tasks_numbered_i_1(tmp_path):
    """A CSV saved from Excel: sections 'I', 'II' and tasks 'I.1', 'I.2', 'II.1'; a section
    title written in one merged cell ('Mục 2. Dữ liệu số') instead of code + title."""
    path = tmp_path / "dien-chau.csv"
    path.write_text(
        "KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ DIỄN CHÂU\n"
        "STT,Tên nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành\n"
        "I,Hạ tầng số,,,\n"
        "I.1,Nâng cấp đường truyền Internet tại trụ sở,Văn phòng HĐND&UBND,,2025\n"
        "I.2,Trang bị máy tính cho bộ phận một cửa,Trung tâm Phục vụ HCC,Văn phòng HĐND&UBND,2025\n"
        "\"Mục 2. Dữ liệu số\",,,,\n"
        "2.1,Xây dựng cơ sở dữ liệu đất đai,Phòng Kinh tế,\"Công an xã, Phòng VH-XH\",Năm 2026\n",
        encoding="utf-8")
    rows = tasks(path)
    assert [(r.stt, r.section) for r in rows] == [
        ("I.1", "I. Hạ tầng số"), ("I.2", "I. Hạ tầng số"), ("2.1", "Mục 2. Dữ liệu số")]
    assert rows[1].lead_units == ["Trung tâm Phục vụ hành chính công"]
    assert rows[2].partner_units == ["Công an xã", "Phòng Văn hóa - Xã hội"]
    assert rows[0].commune == "Diễn Châu"


# ---------------------------------------------------------------- no STT column, roles in one cell


def test_no_stt_column_and_roles_written_inside_the_unit_cell(tmp_path):
    """A Word table with no STT column: the number, when there is one, starts the task text;
    unnumbered upper-case rows merged across are sections; one 'Cơ quan thực hiện' column says
    who leads and who helps ('Chủ trì: …' / 'Phối hợp: …', or '… (chủ trì)')."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("UBND XÃ YÊN THÀNH")
    doc.add_paragraph("KẾ HOẠCH thực hiện Nghị quyết 57-NQ/TW")
    docx_table(doc, [
        ["Nhiệm vụ, giải pháp", "Cơ quan thực hiện", "Thời gian hoàn thành", "Ghi chú"],
        ["HẠ TẦNG SỐ", "", "", ""],
        ["1. Nâng cấp mạng LAN tại trụ sở UBND xã",
         "Chủ trì: Văn phòng HĐND&UBND\nPhối hợp: Các doanh nghiệp viễn thông", "Quý II/2025", ""],
        ["2. Lắp đặt camera giám sát an ninh trật tự", "Công an xã (chủ trì); Phòng Kinh tế (phối hợp)",
         "2025 - 2026", ""],
        ["DỮ LIỆU SỐ", "", "", ""],
        ["Cập nhật cơ sở dữ liệu đất đai", "Phòng Kinh tế", "Hằng năm", "Ngân sách xã"],
    ], merges=[((1, 0), (1, 3)), ((4, 0), (4, 3))])
    path = tmp_path / "yen-thanh.docx"
    doc.save(path)
    rows = tasks(path)
    assert [(r.section, r.stt, r.task) for r in rows] == [
        ("HẠ TẦNG SỐ", "1", "Nâng cấp mạng LAN tại trụ sở UBND xã"),
        ("HẠ TẦNG SỐ", "2", "Lắp đặt camera giám sát an ninh trật tự"),
        ("DỮ LIỆU SỐ", None, "Cập nhật cơ sở dữ liệu đất đai"),
    ]
    lan, camera, land = rows
    assert (lan.lead, lan.partners) == ("Văn phòng HĐND&UBND", "Các doanh nghiệp viễn thông")
    assert lan.lead_units == ["Văn phòng HĐND&UBND"] and lan.partner_units == ["Các doanh nghiệp viễn thông"]
    assert camera.lead_units == ["Công an xã"] and camera.partner_units == ["Phòng Kinh tế"]
    assert land.lead_units == ["Phòng Kinh tế"] and land.partner_units == [] and land.notes == "Ngân sách xã"
    assert land.commune == "Yên Thành"


# ---------------------------------------------------------------- page breaks in Word


def test_docx_task_spanning_rows_and_pages(tmp_path):
    """A PDF converted back to Word: one table per page, each starting with the header again;
    task 2 is cut by the page break (its end is a row with no STT on the next page); task 3
    is written over two rows whose STT, lead and deadline cells are merged down."""
    import docx

    header = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
    doc = docx.Document()
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("Danh mục nhiệm vụ chuyển đổi số xã Thanh Chương")
    docx_table(doc, [
        header,
        ["1", "Tuyên truyền về chuyển đổi số", "Phòng VH-XH", "Các thôn", "Thường xuyên"],
        ["2", "Xây dựng và vận hành hệ thống truyền thanh thông minh ứng dụng", "Phòng VH-XH", "", ""],
    ], header_rows=1)
    doc.add_paragraph("2")  # the page number between the two pages
    docx_table(doc, [
        header,
        ["", "công nghệ thông tin - viễn thông tại các thôn", "", "Các doanh nghiệp viễn thông", "2026"],
        ["3", "Chuyển đổi số trong trường học:", "Các nhà trường", "", "2025"],
        ["", "- Số hóa học bạ, sổ điểm", "", "", ""],
    ], merges=[((2, 0), (3, 0)), ((2, 2), (3, 2)), ((2, 4), (3, 4))], header_rows=1)
    path = tmp_path / "thanh-chuong.docx"
    doc.save(path)
    rows = tasks(path)
    assert [r.stt for r in rows] == ["1", "2", "3"]
    two, three = rows[1], rows[2]
    assert two.task == ("Xây dựng và vận hành hệ thống truyền thanh thông minh ứng dụng "
                        "công nghệ thông tin - viễn thông tại các thôn")
    assert two.partners == "Các doanh nghiệp viễn thông" and two.deadline_years == [2026]
    assert three.task == "Chuyển đổi số trong trường học: - Số hóa học bạ, sổ điểm"
    assert three.lead == "Các nhà trường" and three.deadline == "2025"
    assert rows[0].commune == "Thanh Chương"


def test_docx_one_table_per_section_under_heading_paragraphs(tmp_path):
    """Sections written as headings between tables, each table with its own header and
    numbering that starts again at 1."""
    import docx

    header = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời hạn"]
    doc = docx.Document()
    doc.add_paragraph("UBND XÃ ĐÔ LƯƠNG")
    doc.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    doc.add_paragraph().add_run("I. PHÁT TRIỂN HẠ TẦNG SỐ").bold = True
    docx_table(doc, [header, ["1", "Phủ sóng cáp quang đến các thôn", "Phòng Kinh tế", "Các doanh nghiệp viễn thông",
                              "Báo cáo", "2025"]])
    doc.add_paragraph().add_run("II. PHÁT TRIỂN DỮ LIỆU SỐ").bold = True
    docx_table(doc, [header, ["1", "Số hóa hồ sơ hộ tịch", "Văn phòng HĐND&UBND", "Công an xã", "Dữ liệu", "2025"],
                     ["2", "Làm sạch dữ liệu đất đai", "Phòng Kinh tế", "", "Dữ liệu", "2026"]])
    path = tmp_path / "do-luong.docx"
    doc.save(path)
    rows = tasks(path)
    assert [(r.section, r.stt) for r in rows] == [
        ("I. PHÁT TRIỂN HẠ TẦNG SỐ", "1"), ("II. PHÁT TRIỂN DỮ LIỆU SỐ", "1"), ("II. PHÁT TRIỂN DỮ LIỆU SỐ", "2")]
    assert [r.id.split("#")[1] for r in rows] == ["I-1", "II-1", "2"]


# ---------------------------------------------------------------- headers in other words


def test_headers_in_other_words_and_tables_that_are_not_task_tables(tmp_path):
    """A targets table ('Nội dung chỉ tiêu | Đơn vị tính | Kết quả năm 2025') assigns no one
    and is not read as tasks; the task table names its columns in words of its own
    ('Tên đề án, nhiệm vụ', 'Trách nhiệm thực hiện', 'Mốc hoàn thành'); a data row full of
    label-like words ('… hoạt động …' | 'Phòng VH-XH chủ trì, các thôn phối hợp') stays data."""
    path = tab_text(tmp_path / "con-cuong.txt", ["KẾ HOẠCH", "Chuyển đổi số xã Con Cuông"], [
        ["STT", "Nội dung chỉ tiêu", "Đơn vị tính", "Kết quả năm 2025"],
        ["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "80"],
    ], after=[
        "",
        "\t".join(["TT", "Tên đề án, nhiệm vụ", "Trách nhiệm thực hiện", "Đơn vị phối hợp", "Mốc hoàn thành",
                   "Kinh phí", "Nguồn vốn", "Chỉ tiêu"]),
        "\t".join(["1", "Tổ chức các hoạt động tuyên truyền", "Phòng VH-XH chủ trì, các thôn phối hợp", "",
                   "Hằng năm", "", "", ""]),
        "\t".join(["2", "Xây dựng kho dữ liệu dùng chung", "Văn phòng HĐND&UBND", "Công an xã", "12/2025",
                   "50", "Ngân sách xã", "01 kho dữ liệu"]),
    ])
    rows = tasks(path)
    assert [(r.stt, r.task) for r in rows] == [
        ("1", "Tổ chức các hoạt động tuyên truyền"), ("2", "Xây dựng kho dữ liệu dùng chung")]
    assert rows[1].lead_units == ["Văn phòng HĐND&UBND"] and rows[1].deadline_years == [2025]
    assert rows[0].lead == "Phòng VH-XH chủ trì, các thôn phối hợp"


# ---------------------------------------------------------------- a whole plan: body and appendix


def test_ward_plan_body_items_and_appendix(tmp_path):
    """A ward's whole plan in Word: tasks in the body as 'a)', 'b)' items under '1. …'
    subsections of 'III. NHIỆM VỤ VÀ GIẢI PHÁP', then the appendix table."""
    import docx

    doc = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN", "PHƯỜNG VINH LỘC", "KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW",
                 "I. MỤC ĐÍCH, YÊU CẦU", "a) Nâng cao nhận thức của cán bộ",
                 "III. NHIỆM VỤ VÀ GIẢI PHÁP", "1. Phát triển hạ tầng số",
                 "a) Phủ sóng di động 5G tại các khu dân cư", "b) Nâng cấp mạng nội bộ của phường",
                 "2. Phát triển dữ liệu số", "a) Làm sạch dữ liệu dân cư",
                 "IV. TỔ CHỨC THỰC HIỆN", "PHỤ LỤC"):
        doc.add_paragraph(text)
    docx_table(doc, [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["1", "Phủ sóng di động 5G tại các khu dân cư", "Phòng Kinh tế, Hạ tầng và Đô thị",
         "Các doanh nghiệp viễn thông", "2026"],
    ])
    path = tmp_path / "vinh-loc.docx"
    doc.save(path)
    rows = read_document(path)
    narrative = [(r.section, r.task) for r in rows if r.kind == "narrative"]
    assert narrative == [
        ("1. Phát triển hạ tầng số", "Phủ sóng di động 5G tại các khu dân cư"),
        ("1. Phát triển hạ tầng số", "Nâng cấp mạng nội bộ của phường"),
        ("2. Phát triển dữ liệu số", "Làm sạch dữ liệu dân cư"),
    ]
    [task] = [r for r in rows if r.kind == "task"]
    assert task.commune == "Vinh Lộc" and task.lead_units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]


def test_a_numbered_ward_keeps_its_kind_in_the_name(tmp_path):
    path = tab_text(tmp_path / "phuong-5.txt", ["ỦY BAN NHÂN DÂN", "PHƯỜNG 5", "KẾ HOẠCH chuyển đổi số"], [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện"],
        ["1", "Số hóa hồ sơ hộ tịch", "Công an phường", "2025"],
    ])
    [row] = tasks(path)
    assert row.commune == "Phường 5" and row.lead_units == ["Công an xã"]


# ---------------------------------------------------------------- plans with no commune


def test_province_workbook_has_no_commune(tmp_path):
    """A province's appendix in Excel: title lines, the column-number row, sections 'A', 'B'
    merged across, units of the province and 'UBND các xã, phường'; a row names a commune
    (a pilot) — that does not make it the plan's commune."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "PHỤ LỤC",
                 "Nhiệm vụ thực hiện Nghị quyết 57-NQ/TW (Kèm theo Kế hoạch số 507/KH-UBND ngày 27/6/2025)"):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    ws.append(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"])
    ws.append([1, 2, 3, 4, 5, 6])
    ws.append(["A. NHIỆM VỤ CHUNG"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    ws.append([1, "Xây dựng nền tảng dữ liệu dùng chung của tỉnh", "Sở Khoa học và Công nghệ",
               "Các sở, ban, ngành; UBND các xã, phường", "Nền tảng", "2025-2026"])
    ws.append([2, "Thí điểm trợ lý ảo tại xã Nghĩa Thọ", "Sở Khoa học và Công nghệ", "UBND xã Nghĩa Thọ",
               "Trợ lý ảo", "Năm 2025, 2026"])
    ws.append(["B. NHIỆM VỤ CỦA CẤP XÃ"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    ws.append([1, "Báo cáo kết quả chuyển đổi số", "UBND các xã, phường", "Sở Khoa học và Công nghệ",
               "Báo cáo", "Hằng năm"])
    path = tmp_path / "nghe-an.xlsx"
    wb.save(path)
    rows = tasks(path)
    assert [(r.section, r.stt) for r in rows] == [
        ("A. NHIỆM VỤ CHUNG", "1"), ("A. NHIỆM VỤ CHUNG", "2"), ("B. NHIỆM VỤ CỦA CẤP XÃ", "1")]
    assert {r.commune for r in rows} == {None}
    assert rows[0].partner_units == ["Các sở, ban, ngành", "UBND các xã, phường"]
    assert [r.deadline_years for r in rows] == [[2025, 2026], [2025, 2026], []]
    assert "507/KH-UBND" in rows[0].plan


def test_ministry_plan_has_no_commune(tmp_path):
    """A ministry's plan: the place in 'Hà Nội, ngày …' is not a commune."""
    path = tab_text(tmp_path / "bo-khcn.txt", [
        "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 45/KH-BKHCN", "Hà Nội, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
        "Triển khai Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    ], [
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành"],
        ["1", "Xây dựng nền tảng số dùng chung", "Cục Chuyển đổi số quốc gia", "Vụ Kế hoạch - Tài chính",
         "Quý IV/2025"],
    ])
    [row] = tasks(path)
    assert row.commune is None
    assert row.lead_units == ["Cục Chuyển đổi số quốc gia"] and row.partner_units == ["Vụ Kế hoạch - Tài chính"]


# ---------------------------------------------------------------- cells, one by one


@pytest.mark.parametrize("text,years", [
    ("Quý III/2025", [2025]),
    ("Trước 30/6/2026", [2026]),
    ("2025-2026", [2025, 2026]),
    ("2025 – 2027", [2025, 2026, 2027]),
    ("Năm 2025, 2026", [2025, 2026]),
    ("Từ năm 2025 đến năm 2027", [2025, 2026, 2027]),
    ("Giai đoạn 2026 - 2030", [2026, 2027, 2028, 2029, 2030]),
    ("Tháng 12/2025 và các năm tiếp theo", [2025]),
    ("Hằng năm", []),
    ("Thường xuyên", []),
])
def test_deadline_cells(text, years):
    assert deadline_years(text) == years


@pytest.mark.parametrize("cell,units", [
    ("- Phòng Kinh tế\n- Công an xã", ["Phòng Kinh tế", "Công an xã"]),
    ("+ Phòng Kinh tế\n+ Trạm Y tế", ["Phòng Kinh tế", "Trạm Y tế xã"]),
    ("Phòng Văn hóa - Xã hội (chủ trì)", ["Phòng Văn hóa - Xã hội"]),
    ("UBND các xã, phường", ["UBND các xã, phường"]),
    ("VP HĐND-UBND", ["Văn phòng HĐND&UBND"]),
    ("Phòng VHXH", ["Phòng Văn hóa - Xã hội"]),
    ("CA xã", ["Công an xã"]),
    ("Công an phường", ["Công an xã"]),
    ("BCH Quân sự xã", ["Ban Chỉ huy Quân sự xã"]),
    ("Đoàn Thanh niên", ["Đoàn Thanh niên xã"]),
    ("Hội LHPN", ["Hội Liên hiệp Phụ nữ xã"]),
    ("MTTQ", ["Ủy ban MTTQ Việt Nam xã"]),
    ("MTTQ và các đoàn thể", ["Ủy ban MTTQ Việt Nam xã", "Các đoàn thể"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị, Công an phường", ["Phòng Kinh tế, Hạ tầng và Đô thị", "Công an xã"]),
])
def test_unit_cells(cell, units):
    assert canonical_units(cell) == units
