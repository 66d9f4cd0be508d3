"""Readers: every format becomes the same paragraphs and tables, merged cells resolved,
legacy Vietnamese encodings converted, and bad files refused with one clear line."""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from fixtures import (
    HEADER,
    build_task_docx,
    build_task_pdf,
    build_task_xlsx,
    font_path,
)
from kehoach.corpus.blocks import DocumentError, Paragraph, Table
from kehoach.corpus.readers import docx as docx_reader
from kehoach.corpus.readers import markdown, pdf, read_blocks, sheet
from kehoach.corpus.readers.encoding import (
    decode_bytes,
    decode_tcvn3,
    decode_vni,
    encode_legacy,
    repair_text,
    vni_pairs,
)
from kehoach.corpus.readers.unsupported import OLE_MAGIC, unsupported_message

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "seeds").glob("*.txt"))
LETTERS = [letter for letter, _seq in vni_pairs()]  # the 134 accented letters, both cases
SENTENCES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Ủy ban nhân dân xã Nghĩa Thọ ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW về "
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.\n"
    "Đơn vị chủ trì: Văn phòng HĐND&UBND; đơn vị phối hợp: Công an xã, Trạm Y tế.\n"
    "Ưu tiên số hóa hồ sơ, dữ liệu hộ tịch; Ở mỗi thôn, tổ ươm mầm kỹ năng số."
)


# ---------------------------------------------------------------- docx


def test_docx_blocks_come_in_reading_order_with_merged_cells_resolved(tmp_path):
    doc = docx_reader.read(build_task_docx(tmp_path / "ke-hoach.docx"))
    assert doc.blocks == [
        Paragraph("KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ NGHĨA THỌ", bold=True),
        Paragraph("Thực hiện Nghị quyết số 57-NQ/TW, UBND xã ban hành kế hoạch như sau:"),
        Table([
            HEADER,
            ["I. Hạ tầng số", "", "", "", ""],  # gridSpan=5: text once, columns kept
            ["1", "Số hóa sổ hộ tịch", "Văn phòng HĐND&UBND", "Công an xã", "2025"],
            ["2", "Xây dựng kho dữ liệu dùng chung", "Văn phòng HĐND&UBND", "Phòng VH-XH", "2026"],  # vMerge
        ]),
        Paragraph("Bảng tiếp theo:"),
        Table([
            HEADER,
            ["3", "Tập huấn kỹ năng số cho người dân", "Các ban, ngành, đoàn thể", "", "Năm 2026-2030"],
        ]),
        Paragraph("1. Tổ chức thực hiện"),  # Word's automatic numbering is rendered
        Paragraph("2. Kinh phí thực hiện"),
        Paragraph("Cộng hoà xã hội chủ nghĩa Việt Nam"),  # .VnTime run converted
    ]
    assert doc.warnings == ["ke-hoach.docx: text in legacy font .VnTime converted to Unicode"]


def test_docx_layout_frame_and_nested_table_are_flattened(tmp_path):
    import docx

    d = docx.Document()
    frame = d.add_table(rows=1, cols=1).cell(0, 0)  # a one-cell table framing the content
    frame.paragraphs[0].text = "PHỤ LỤC"
    inner = frame.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "STT", "Nội dung"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "1", "Số hóa"
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Đơn vị"
    nested = outer.cell(0, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Phòng Kinh tế", "Công an xã"
    d.save(tmp_path / "frame.docx")

    blocks = docx_reader.read(tmp_path / "frame.docx").blocks
    assert blocks[0] == Paragraph("PHỤ LỤC")
    assert blocks[1] == Table([["STT", "Nội dung"], ["1", "Số hóa"]])
    assert blocks[2] == Table([["Đơn vị", "Phòng Kinh tế; Công an xã"]])


def test_docx_motto_and_signature_tables_are_read_as_paragraphs(tmp_path):
    import docx

    d = docx.Document()
    top = d.add_table(rows=1, cols=2)
    top.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ NGHĨA SƠN"
    top.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    top.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    d.add_paragraph("KẾ HOẠCH")
    d.save(tmp_path / "qh.docx")
    assert docx_reader.read(tmp_path / "qh.docx").blocks == [
        Paragraph("ỦY BAN NHÂN DÂN\nXÃ NGHĨA SƠN"),
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Paragraph("Độc lập - Tự do - Hạnh phúc"),
        Paragraph("KẾ HOẠCH"),
    ]


def test_damaged_docx_and_renamed_doc_get_clear_messages(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 this zip was cut short")
    with pytest.raises(DocumentError, match=r"^hong\.docx is not a valid \.docx \(damaged or not a Word file\)$"):
        docx_reader.read(broken)

    renamed = tmp_path / "cu.docx"
    renamed.write_bytes(OLE_MAGIC + bytes(2000))
    with pytest.raises(DocumentError, match=r"^cu\.docx is a legacy Word \.doc file: .*save as \.docx$"):
        docx_reader.read(renamed)

    locked = tmp_path / "khoa.docx"
    locked.write_bytes(OLE_MAGIC + bytes(100) + "EncryptedPackage".encode("utf-16-le") + bytes(100))
    with pytest.raises(DocumentError, match=r"^khoa\.docx is password-protected"):
        docx_reader.read(locked)


def test_xls_is_refused_and_a_damaged_doc_says_what_to_do(tmp_path):
    assert "save as .xlsx" in unsupported_message(Path("bang.XLS"))
    assert unsupported_message(Path("ke-hoach.docx")) is None
    assert unsupported_message(Path("ke-hoach.doc")) is None  # converted by LibreOffice (test_office.py)

    old = tmp_path / "ke-hoach.doc"
    old.write_bytes(OLE_MAGIC + bytes(4000))
    with pytest.raises(DocumentError) as err:
        read_blocks(old)
    message = str(err.value)
    assert message.startswith("ke-hoach.doc ") and "save as .docx" in message
    assert "\n" not in message


# ---------------------------------------------------------------- markdown


def test_markdown_pipe_table_bold_lines_and_escaped_pipes(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(
        "# Kế hoạch chuyển đổi số\n"
        "\n"
        "**II. NHIỆM VỤ TRỌNG TÂM**\n"
        "Các nhiệm vụ cụ thể như **bảng** sau:\n"
        "| STT | Nội dung nhiệm vụ | Đơn vị chủ trì |\n"
        "|:---:|---|---|\n"
        "| **1** | Số hóa hồ sơ \\| dữ liệu hộ tịch | **Công an xã** |\n"
        "| 2 | Tập huấn<br>kỹ năng số | Phòng VH-XH |\n"
        "\n"
        "Hết.\n",
        encoding="utf-8",
    )
    assert markdown.read(path).blocks == [
        Paragraph("Kế hoạch chuyển đổi số", bold=True),
        Paragraph("II. NHIỆM VỤ TRỌNG TÂM", bold=True),
        Paragraph("Các nhiệm vụ cụ thể như bảng sau:"),
        Table([
            ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì"],
            ["1", "Số hóa hồ sơ | dữ liệu hộ tịch", "Công an xã"],
            ["2", "Tập huấn\nkỹ năng số", "Phòng VH-XH"],
        ]),
        Paragraph("Hết."),
    ]


# ---------------------------------------------------------------- spreadsheets


def test_xlsx_merged_cells_numbers_and_dates(tmp_path):
    doc = sheet.read(build_task_xlsx(tmp_path / "phu-luc.xlsx"))
    assert doc.blocks == [
        Paragraph("PHỤ LỤC NHIỆM VỤ XÃ NGHĨA SƠN"),  # the title above the table
        Table([
            HEADER,
            ["I. Hạ tầng số", "", "", "", ""],  # merged across
            ["1", "Số hóa sổ hộ tịch", "Văn phòng HĐND&UBND", "Công an xã", "2025"],  # 1.0 -> "1"
            ["2", "Xây dựng kho dữ liệu", "Văn phòng HĐND&UBND", "Phòng VH-XH", "31/12/2025"],  # merged down
            ["3", "Tỷ lệ hồ sơ trực tuyến", "Phòng Kinh tế", "", "70%"],
        ]),
    ]


def test_xlsx_that_is_not_a_workbook(tmp_path):
    fake = tmp_path / "bang.xlsx"
    fake.write_bytes(b"STT,Noi dung\n1,So hoa\n")
    with pytest.raises(DocumentError, match=r"^bang\.xlsx is not a valid \.xlsx"):
        sheet.read(fake)
    old = tmp_path / "cu.xlsx"
    old.write_bytes(OLE_MAGIC + bytes(3000))
    with pytest.raises(DocumentError, match=r"^cu\.xlsx is a legacy Excel \.xls file: .*save as \.xlsx$"):
        sheet.read(old)


def test_csv_with_semicolons_in_cp1258(tmp_path):
    text = (
        "STT;Nội dung nhiệm vụ;Đơn vị chủ trì;Đơn vị phối hợp;Thời gian thực hiện\n"
        "1;Số hóa sổ hộ tịch, chứng thực;Văn phòng HĐND&UBND;Công an xã;2025\n"
        '2;"Tập huấn; bồi dưỡng kỹ năng số";Phòng Văn hóa - Xã hội;Các ban, ngành, đoàn thể;Năm 2026-2030\n'
    )
    path = tmp_path / "nhiem-vu.csv"
    path.write_bytes(encode_legacy(text, "cp1258"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really a legacy file
    doc = sheet.read(path)
    assert doc.blocks == [Table([
        HEADER,
        ["1", "Số hóa sổ hộ tịch, chứng thực", "Văn phòng HĐND&UBND", "Công an xã", "2025"],
        ["2", "Tập huấn; bồi dưỡng kỹ năng số", "Phòng Văn hóa - Xã hội", "Các ban, ngành, đoàn thể", "Năm 2026-2030"],
    ])]
    assert doc.warnings == ["nhiem-vu.csv: converted from Windows-1258 to Unicode"]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    rows = [["STT", "Nội dung", "Chủ trì"], ["1", "Số hóa", "Công an xã"], ["2", "Tập huấn", "Phòng Kinh tế"]]
    path = tmp_path / "bang.csv"
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="utf-8-sig")
    assert sheet.read(path).blocks == [Table(rows)]


# ---------------------------------------------------------------- legacy encodings


def test_tables_agree_with_independent_known_strings():
    """Anchors that do not come from our own tables (text as .VnTime / VNI fonts show it)."""
    assert decode_tcvn3("B¶o Th¾ng, M\xadêng Kh\xad¬ng, ViÖt Nam".encode("latin-1")) == "Bảo Thắng, Mường Khương, Việt Nam"
    assert decode_vni("Xin chaøo caùc baïn. Vieät Nam, Ñaø Naüng".encode("cp1252")) == "Xin chào các bạn. Việt Nam, Đà Nẵng"


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
def test_all_134_letters_round_trip(codec):
    assert len(set(LETTERS)) == 134
    text = " ".join(LETTERS)
    decoded, warning = decode_bytes(encode_legacy(text, codec), "chu.txt")
    assert decoded == text
    assert warning is not None


@pytest.mark.parametrize("codec, label", [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI-Windows"), ("cp1258", "Windows-1258")])
def test_legacy_text_files_are_detected_and_converted(tmp_path, codec, label):
    path = tmp_path / f"ke-hoach-{codec}.txt"
    path.write_bytes(encode_legacy(SENTENCES, codec))
    text, warning = decode_bytes(path.read_bytes(), path.name)
    assert text == unicodedata.normalize("NFC", SENTENCES)
    assert warning == f"{path.name}: converted from {label} to Unicode"


@pytest.mark.parametrize("codec", ["tcvn3", "vni", "cp1258"])
def test_seed_plans_survive_a_legacy_round_trip(codec):
    """Whole real plans, re-encoded: detection must pick the right table every time."""
    for seed in SEEDS:
        original = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
        text = "".join(c for c in original if (c.isascii() and (c >= " " or c in "\n\t")) or c in LETTERS)
        assert decode_bytes(encode_legacy(text, codec), seed.name)[0] == text, seed.name


def test_utf8_seeds_pass_through_unchanged():
    assert SEEDS
    for seed in SEEDS:
        data = seed.read_bytes()
        assert decode_bytes(data, seed.name) == (data.decode("utf-8-sig"), None)
    assert decode_bytes("Việt Nam".encode("utf-16"), "u16.txt") == ("Việt Nam", None)


def test_vntime_text_saved_as_unicode_is_repaired():
    assert repair_text("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == ("Cộng hoà xã hội chủ nghĩa Việt Nam", "TCVN3 (ABC)")
    # .VnTimeH draws capitals with the lower-case codes
    assert repair_text("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM")[0] == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert repair_text("café crème à la française") == ("café crème à la française", None)
    mojibake = "KÕ ho¹ch sè 12/KH-UBND\n“Céng hoµ x· héi”"
    text, warning = decode_bytes(mojibake.encode("utf-8"), "vn.txt")
    assert text == "Kế hoạch số 12/KH-UBND\n“Cộng hoà xã hội”"
    assert warning == "vn.txt: text was TCVN3 (ABC) saved as Unicode; converted"


def test_garbage_and_unknown_encodings_are_refused():
    noise = random.Random(57).randbytes(4000)
    with pytest.raises(DocumentError, match=r"^rac\.txt does not contain readable text"):
        decode_bytes(noise, "rac.txt")
    with pytest.raises(DocumentError, match=r"^anh\.txt does not contain readable text"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300), "anh.txt")
    french = "Le comité a approuvé le budget de l'année prochaine à l'unanimité.".encode("latin-1")
    with pytest.raises(DocumentError, match=r"^fr\.txt is not UTF-8 and does not look like TCVN3, VNI or cp1258 "
                                            r"text; save it as UTF-8$"):
        decode_bytes(french, "fr.txt")


def test_garbage_file_through_the_dispatcher(tmp_path):
    path = tmp_path / "rac.txt"
    path.write_bytes(random.Random(3).randbytes(2000))
    with pytest.raises(DocumentError, match="rac.txt.*does not contain readable text"):
        read_blocks(path)


# ---------------------------------------------------------------- pdf

needs_pdf_maker = pytest.mark.skipif(font_path() is None, reason="no DejaVuSans.ttf to draw Vietnamese text")


@needs_pdf_maker
def test_pdf_tables_and_text_in_reading_order(tmp_path):
    pytest.importorskip("fpdf")
    doc = pdf.read(build_task_pdf(tmp_path / "ke-hoach.pdf"))
    assert doc.blocks == [
        Paragraph("KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ NGHĨA THỌ", bold=True),
        Paragraph("Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị, Ủy ban nhân dân xã ban hành "
                  "kế hoạch triển khai các nhiệm vụ trọng tâm như sau:"),  # wrapped lines joined
        Table([
            HEADER,
            ["I. Hạ tầng số", "", "", "", ""],
            ["1", "Số hóa sổ hộ tịch", "Văn phòng HĐND&UBND", "Công an xã", "2025"],
            ["2", "Xây dựng kho dữ liệu dùng chung", "Văn phòng HĐND&UBND", "Phòng VH-XH", "2026"],
        ]),
        # page 2: the page number "1" at the foot of page 1 does not split the table
        Table([
            HEADER,
            ["3", "Tập huấn kỹ năng số cho người dân", "Phòng Văn hóa - Xã hội", "Các ban, ngành, đoàn thể",
             "Năm 2026-2030"],
        ]),
        Paragraph("Các cơ quan, đơn vị căn cứ nhiệm vụ được giao xây dựng kế hoạch chi tiết, "
                  "báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm."),
    ]


@needs_pdf_maker
def test_bad_pdfs_get_clear_messages(tmp_path):
    pytest.importorskip("fpdf")
    with pytest.raises(DocumentError, match=r"^khoa\.pdf is password-protected"):
        pdf.read(build_task_pdf(tmp_path / "khoa.pdf", password="57nq"))
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises(DocumentError, match=r"^hong\.pdf is not a valid PDF"):
        pdf.read(broken)


@needs_pdf_maker
def test_borderless_pdf_table_becomes_rows_like_a_ruled_one(tmp_path):
    """The Nghĩa Sơn appendix printed with no rule at all: columns come from the alignment
    of the text, rows from the numbering column; wrapped header labels, a section merged
    across, a row cut by a page break and an empty column ("Ghi chú") all hold."""
    import scans
    from kehoach.corpus import read_document

    drawn = scans.build_appendix_pdf(tmp_path / "khong-ke.pdf", ruled=False, merge_lead=False)
    import pdfplumber

    with pdfplumber.open(drawn.path) as p:
        assert not any(page.lines or page.rects for page in p.pages)  # nothing ruled
    first = pdf.read(drawn.path).blocks
    assert first[:2] == [Paragraph("ỦY BAN NHÂN DÂN XÃ NGHĨA SƠN", bold=True),
                         Paragraph("Phụ lục 02: Danh mục các nhiệm vụ, giải pháp và phân công tổ chức thực hiện", bold=True)]
    assert first[3].rows[0] == ["Stt", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả/ sản phẩm",
                                "Thời gian hoàn thành", "Ghi chú"]
    truth = read_document(scans.SEED)
    rows = read_document(drawn.path)
    assert [(r.stt, r.task, r.lead, r.deadline, r.section) for r in rows] == \
        [(t.stt, t.task, t.lead, t.deadline, t.section) for t in truth]
