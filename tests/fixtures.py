"""Small documents the tests build at run time (no binary files in the repository).

Each builder writes one file and returns its path; the expected blocks are spelled out in
the tests next to the assertions, so a reader sees both the input and the outcome.
"""
from __future__ import annotations

from pathlib import Path

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]


def build_task_docx(path: Path) -> Path:
    """A plan in Word: a heading, a task table (a section row merged across, a lead cell
    merged down over two tasks), a paragraph, then the table continued with its header
    repeated (one cell merged across lead + partners), two auto-numbered items and a run
    typed in the legacy .VnTime font."""
    import docx

    doc = docx.Document()
    title = doc.add_paragraph()
    title.add_run("KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ NGHĨA THỌ").bold = True
    doc.add_paragraph("Thực hiện Nghị quyết số 57-NQ/TW, UBND xã ban hành kế hoạch như sau:")

    t1 = doc.add_table(rows=4, cols=5)
    for c, text in enumerate(HEADER):
        t1.cell(0, c).text = text
    section = t1.cell(1, 0).merge(t1.cell(1, 4))  # gridSpan=5
    section.text = "I. Hạ tầng số"
    rows = [["1", "Số hóa sổ hộ tịch", "Công an xã", "2025"],
            ["2", "Xây dựng kho dữ liệu dùng chung", "Phòng VH-XH", "2026"]]
    for r, (stt, task, partner, when) in enumerate(rows, start=2):
        t1.cell(r, 0).text = stt
        t1.cell(r, 1).text = task
        t1.cell(r, 3).text = partner
        t1.cell(r, 4).text = when
    lead = t1.cell(2, 2).merge(t1.cell(3, 2))  # vMerge restart + continue
    lead.text = "Văn phòng HĐND&UBND"

    doc.add_paragraph("Bảng tiếp theo:")

    t2 = doc.add_table(rows=2, cols=5)
    for c, text in enumerate(HEADER):
        t2.cell(0, c).text = text
    t2.cell(1, 0).text = "3"
    t2.cell(1, 1).text = "Tập huấn kỹ năng số cho người dân"
    t2.cell(1, 2).merge(t2.cell(1, 3)).text = "Các ban, ngành, đoàn thể"
    t2.cell(1, 4).text = "Năm 2026-2030"

    doc.add_paragraph("Tổ chức thực hiện", style="List Number")
    doc.add_paragraph("Kinh phí thực hiện", style="List Number")
    legacy = doc.add_paragraph()
    run = legacy.add_run("Céng hoµ x· héi chñ nghÜa ViÖt Nam")  # TCVN3 bytes as .VnTime shows them
    run.font.name = ".VnTime"
    doc.save(path)
    return path


def build_task_xlsx(path: Path) -> Path:
    """A workbook: a merged title line, a header, a section row merged across, a lead cell
    merged down, numbers stored as floats and a date."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC NHIỆM VỤ XÃ NGHĨA SƠN"])
    ws.merge_cells("A1:E1")
    ws.append(HEADER)
    ws.append(["I. Hạ tầng số"])
    ws.merge_cells("A3:E3")
    ws.append([1.0, "Số hóa sổ hộ tịch", "Văn phòng HĐND&UBND", "Công an xã", 2025])
    ws.append([2, "Xây dựng kho dữ liệu", None, "Phòng VH-XH", dt.datetime(2025, 12, 31)])
    ws.merge_cells("C4:C5")
    ws.append([3, "Tỷ lệ hồ sơ trực tuyến", "Phòng Kinh tế", None, 0.7])
    ws["E6"].number_format = "0%"
    wb.save(path)
    return path


def font_path() -> Path | None:
    """A TrueType font with Vietnamese glyphs: the system's DejaVu, else matplotlib's copy."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    except ImportError:
        pass
    return next((p for p in candidates if p.exists()), None)


def build_task_pdf(path: Path, password: str | None = None) -> Path:
    """A two-page plan in PDF (fpdf2, DejaVu font): a bold title and a paragraph, a ruled
    task table (a section row merged across, a lead cell merged down), and on page 2 the
    table continued under its repeated header, then a closing paragraph.  Every page has
    a page number at the bottom.  With `password`, the file is encrypted."""
    from fpdf import FPDF

    class Plan(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 9)
            self.cell(0, 10, str(self.page_no()), align="C")

    font = font_path()
    pdf = Plan()
    pdf.add_font("DejaVu", "", str(font))
    pdf.add_font("DejaVu", "B", str(font.with_name("DejaVuSans-Bold.ttf")))
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    widths = (12, 60, 40, 40, 28)

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 8, "KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ NGHĨA THỌ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị, Ủy ban nhân dân xã ban hành "
                         "kế hoạch triển khai các nhiệm vụ trọng tâm như sau:", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=widths, first_row_as_headings=False) as table:
        header = table.row()
        for text in HEADER:
            header.cell(text)
        table.row().cell("I. Hạ tầng số", colspan=5)
        r1 = table.row()
        for text, span in (("1", 1), ("Số hóa sổ hộ tịch", 1), ("Văn phòng HĐND&UBND", 2), ("Công an xã", 1), ("2025", 1)):
            r1.cell(text, rowspan=span)
        r2 = table.row()
        for text in ("2", "Xây dựng kho dữ liệu dùng chung", "Phòng VH-XH", "2026"):
            r2.cell(text)

    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=widths, first_row_as_headings=False) as table:
        header = table.row()
        for text in HEADER:
            header.cell(text)
        r3 = table.row()
        for text in ("3", "Tập huấn kỹ năng số cho người dân", "Phòng Văn hóa - Xã hội", "Các ban, ngành, đoàn thể",
                     "Năm 2026-2030"):
            r3.cell(text)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao xây dựng kế hoạch chi tiết, "
                         "báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def build_blank_pdf(path: Path) -> Path:
    """A PDF page with a drawing but no text: what a scan looks like to a text extractor."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    pdf.output(str(path))
    return path


_MD_SEPARATOR = r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$"
_MD_RUNS = r"(\*\*.+?\*\*|(?<![*\w])\*[^*\s][^*]*\*(?![*\w]))"


def _md_runs(paragraph, text: str) -> None:
    """Markdown emphasis as Word runs: **bold**, *italic*, the rest plain; backslash escapes
    undone ('R\\&D' is typed 'R&D' in Word)."""
    import re

    def typed(run: str) -> str:
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", run)

    for piece in re.split(_MD_RUNS, text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(typed(piece[2:-2])).bold = True
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            paragraph.add_run(typed(piece[1:-1])).italic = True
        else:
            paragraph.add_run(typed(piece))


def typed_as(source: Path, fmt: str, tmp_path: Path) -> Path:
    """A markdown plan as it is ("md"), or the same plan typed in Word ("docx", markdown_docx)."""
    return source if fmt == "md" else markdown_docx(source, tmp_path / f"{source.stem}.docx")


def markdown_docx(source: Path, path: Path) -> Path:
    """The same plan typed in Word, written without our markdown reader: every markdown line
    a paragraph, every pipe table a Word table — a cell's '<br>' lines its paragraphs, its
    **bold** and *italic* as runs (so bold group rows are bold in Word too)."""
    import re

    import docx

    doc = docx.Document()
    lines = source.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|"):
            block = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                block.append(lines[i])
                i += 1
            rows = []
            for row in block:
                if re.match(_MD_SEPARATOR, row):
                    continue
                s = row.strip()[1:]
                s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
                rows.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)])
            table = doc.add_table(rows=len(rows), cols=max(map(len, rows)))
            for word_row, cells in zip(table.rows, rows):
                word_cells = word_row.cells  # once per row: table.cell(r, c) walks the grid every time
                for c, text in enumerate(cells):
                    cell = word_cells[c]
                    for n, part in enumerate(re.split(r"<br\s*/?>", text)):
                        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                        _md_runs(paragraph, part.strip())
            continue
        text = line.strip()
        if text:
            heading = re.match(r"^#{1,6}\s+(.*)$", text)
            _md_runs(doc.add_paragraph(), f"**{heading.group(1)}**" if heading else text)
        i += 1
    doc.save(path)
    return path
