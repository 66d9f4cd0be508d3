"""Scanned plans: the Nghĩa Sơn appendix rendered to PDF, rasterised at 200 dpi into an
image-only PDF (and a turned, noisy copy, and a phone photo of page 1), read back by OCR and
compared with the seed it came from.  Built in tests/scans.py; OCR'd once per session (the
reader's own cache, in a session KEHOACH_HOME)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import scans
from kehoach.corpus import read_document
from kehoach.corpus.blocks import DocumentError
from kehoach.corpus.normalize import fold, normalize
from kehoach.corpus.readers import grid, ocr, read_blocks, scan

HAVE_OCR = all(map(__import__("shutil").which, ("tesseract", "pdftoppm")))
pytestmark = [pytest.mark.ocr,
              pytest.mark.skipif(not HAVE_OCR,
                                 reason="needs tesseract-ocr, tesseract-ocr-vie, poppler-utils (make install)")]
FIELDS = ("task", "lead", "deadline")


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(truth, rows) -> float:
    """Characters right in task, lead and deadline, after normalisation, over the original's
    rows (a row not read at all counts as all wrong)."""
    by_stt = {r.stt: r for r in rows}
    errors = total = 0
    for t in truth:
        r = by_stt.get(t.stt)
        for f in FIELDS:
            ref = normalize(getattr(t, f) or "")
            hyp = normalize(getattr(r, f) or "") if r else ""
            errors += levenshtein(ref, hyp)
            total += len(ref)
    return 1 - errors / total


@pytest.fixture(scope="session")
def ocr_home(tmp_path_factory):
    """A KEHOACH_HOME for this session's OCR cache that still sees the converted models."""
    from kehoach import settings

    home = tmp_path_factory.mktemp("ocr-home")
    models = settings.home() / "models"
    if models.exists():
        (home / "models").symlink_to(models, target_is_directory=True)
    return home


@pytest.fixture(autouse=True)
def _home(ocr_home, monkeypatch):
    monkeypatch.setenv("KEHOACH_HOME", str(ocr_home))


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    """{name: path} of the scans, and the pages drawn (the appendix PDF's own record)."""
    folder = tmp_path_factory.mktemp("scans")
    drawn = scans.build_appendix_pdf(folder / "phu-luc.pdf")
    pages = scans.page_images(drawn.path)
    return {
        "drawn": drawn,
        "scan": scans.image_pdf(pages, folder / "nghia-son_phu-luc-scan.pdf"),
        "noisy": scans.image_pdf([scans.noisy(p, seed=i) for i, p in enumerate(pages)],
                                 folder / "nghia-son_phu-luc-nhieu.pdf"),
        "photo": _save(scans.photo(pages[0], seed=7), folder / "anh-chup-trang-1.png"),
        "last_page": _save(pages[-1], folder / "trang-5.png"),
    }


def _save(image, path: Path) -> Path:
    image.save(path)
    return path


@pytest.fixture(scope="session")
def truth():
    return read_document(scans.SEED)


def test_the_scan_is_what_portals_hold(scanned):
    drawn = scanned["drawn"]
    assert drawn.pages == 5 and drawn.cut_rows  # several pages, a row broken across two
    import pdfplumber

    with pdfplumber.open(scanned["scan"]) as pdf:
        assert len(pdf.pages) == 5 and not any(p.chars for p in pdf.pages)  # no text layer at all


def test_clean_scan_gives_the_original_rows(scanned, truth):
    rows = read_document(scanned["scan"])
    tasks = [r for r in rows if r.kind == "task"]
    assert [r.stt for r in tasks] == [t.stt for t in truth]  # 26 rows, in order: none lost, none split
    assert char_accuracy(truth, tasks) >= 0.97
    assert tasks[0].commune == "Nghĩa Sơn"  # from the OCR'd title
    by_stt = {r.stt: r for r in tasks}
    assert fold(by_stt["26"].lead) == "phong kinh te"  # a lead cell merged down over 25 and 26
    cut = by_stt[scanned["drawn"].cut_rows[0].rstrip(".")]
    assert fold(cut.task).endswith("khong phu thuoc dia gioi hanh chinh")  # the rest read after the page break
    assert fold(tasks[0].section).startswith("i. nang cao nhan thuc")  # the section row merged across
    assert all(r.source == "ocr" and 0.5 < r.confidence <= 1 for r in rows)
    exported = tasks[0].to_dict()
    assert exported["source"] == "ocr" and isinstance(exported["confidence"], float)


def test_turned_noisy_scan_still_reads(scanned, truth):
    tasks = [r for r in read_document(scanned["noisy"]) if r.kind == "task"]
    assert len(tasks) == len(truth)
    assert char_accuracy(truth, tasks) >= 0.93


def test_phone_photo_of_page_one(scanned, truth):
    tasks = [r for r in read_document(scanned["photo"]) if r.kind == "task"]
    assert [r.stt for r in tasks] == ["1", "2", "3", "4"]
    assert char_accuracy(truth[:4], tasks) >= 0.95


def test_reading_again_uses_the_cache(scanned, monkeypatch):
    read_document(scanned["scan"])  # OCR'd already in this session, or now

    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(ocr, "read_page", no_ocr)
    assert len(read_document(scanned["scan"])) == 26


@pytest.mark.slow
def test_ask_answers_from_an_ocr_plan(scanned, tmp_path):
    from kehoach.index.search import Index
    from kehoach.qa.answer import ask

    idx = Index.build([scanned["scan"]], tmp_path / "index", progress=False)
    answer = ask("Ai chủ trì xây dựng bộ quy tắc ứng xử văn hóa trên môi trường số ở xã Nghĩa Sơn?",
                 index=idx, generate=False)
    assert "phong van hoa" in fold(answer.answer) and "19" in answer.answer
    assert answer.hits[0].row.source == "ocr"


def test_pdf_with_text_pages_and_a_scanned_page(scanned, tmp_path, monkeypatch):
    """A plan typed in Word whose signed appendix page was scanned and appended: the text
    page is read as text, the scanned one by OCR, in page order."""
    from fixtures import font_path
    from fpdf import FPDF
    from kehoach.corpus.blocks import Paragraph, Table

    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, "ỦY BAN NHÂN DÂN XÃ NGHĨA SƠN\nKế hoạch thực hiện Nghị quyết số 57-NQ/TW: "
                         "phụ lục nhiệm vụ kèm theo (bản ký, quét).")
    pdf.add_page()
    pdf.image(str(scanned["last_page"]), x=0, y=0, w=297, h=210)
    pdf.output(str(tmp_path / "ke-hoach-kem-ban-quet.pdf"))

    doc = read_blocks(tmp_path / "ke-hoach-kem-ban-quet.pdf")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].confidence is None  # the text layer
    assert isinstance(doc.blocks[-1], Table) and doc.blocks[-1].confidence is not None  # OCR'd
    rows = read_document(tmp_path / "ke-hoach-kem-ban-quet.pdf")
    assert [r.stt for r in rows] == ["23", "24", "25", "26"] and rows[0].commune == "Nghĩa Sơn"

    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract: the text page is still read
    monkeypatch.setenv("KEHOACH_HOME", str(tmp_path / "empty-cache"))
    doc = read_blocks(tmp_path / "ke-hoach-kem-ban-quet.pdf")
    assert doc.blocks and all(isinstance(b, Paragraph) for b in doc.blocks)
    assert doc.warnings == ["ke-hoach-kem-ban-quet.pdf needs OCR: install the Debian packages tesseract-ocr "
                            "tesseract-ocr-vie (make install); its 1 scanned page(s) were skipped"]


# ---------------------------------------------------------------- one clear line


def test_blank_page_image_without_text_and_locked_scan(tmp_path):
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    blank = FPDF()
    blank.add_page()
    blank.output(str(tmp_path / "trang-trang.pdf"))
    with pytest.raises(DocumentError, match=r"^trang-trang\.pdf: the page is blank \(nothing to read\)$"):
        read_document(tmp_path / "trang-trang.pdf")

    picture = Image.new("L", (1600, 1100), 255)
    ImageDraw.Draw(picture).ellipse((300, 200, 1200, 900), outline=0, width=6)
    picture.save(tmp_path / "hinh-ve.png")
    with pytest.raises(DocumentError, match=r"^hinh-ve\.png: OCR found no text in it"):
        read_document(tmp_path / "hinh-ve.png")

    words = Image.new("L", (1600, 1100), 255)
    from fixtures import font_path
    from PIL import ImageFont

    ImageDraw.Draw(words).text((100, 400), "Kính mời các đồng chí dự họp.", fill=0,
                               font=ImageFont.truetype(str(font_path()), 48))
    words.save(tmp_path / "giay-moi.jpg")
    with pytest.raises(DocumentError, match=r"^giay-moi\.jpg: no task table"):
        read_document(tmp_path / "giay-moi.jpg")

    locked = FPDF()
    locked.set_encryption(owner_password="owner", user_password="57nq")
    locked.add_page()
    locked.image(tmp_path / "giay-moi.jpg", x=10, y=10, w=180)
    locked.output(str(tmp_path / "khoa.pdf"))
    with pytest.raises(DocumentError, match=r"^khoa\.pdf is password-protected"):
        read_document(tmp_path / "khoa.pdf")
    for err in ("trang-trang.pdf", "hinh-ve.png"):
        with pytest.raises(DocumentError) as e:
            read_blocks(tmp_path / err)
        assert "\n" not in str(e.value)


def test_missing_tesseract_names_the_packages_and_other_formats_still_read(tmp_path, monkeypatch):
    image = tmp_path / "trang.png"
    from PIL import Image

    Image.new("L", (800, 600), 255).save(image)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    with pytest.raises(DocumentError) as e:
        read_document(image)
    assert str(e.value) == ("trang.png needs OCR: install the Debian packages tesseract-ocr tesseract-ocr-vie "
                            "(make install)")
    assert len(read_document(scans.SEED)) == 26
    import subprocess
    import sys

    cli = subprocess.run([sys.executable, "-m", "kehoach.cli", "export", str(image), str(scans.SEED)],
                         capture_output=True, text=True, env={**os.environ, "PATH": str(tmp_path)})
    assert cli.returncode == 0 and len(cli.stdout.splitlines()) == 26  # the seed is still exported
    assert cli.stderr.strip() == ("kehoach: trang.png needs OCR: install the Debian packages tesseract-ocr "
                                  "tesseract-ocr-vie (make install)")


# ---------------------------------------------------------------- the parts, fast


def test_grid_resolves_merged_cells_and_skew():
    """A drawn 4x3 table with a header, a row merged across and a cell merged down, turned
    by 1.5 degrees: the grid comes back straight, with the spans."""
    import cv2

    page = np.full((1200, 1700), 255, np.uint8)
    xs, ys = (100, 300, 900, 1500), (100, 200, 300, 500, 700)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    for y in (ys[0], ys[1], ys[-1]):
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
    cv2.line(page, (xs[0], ys[2]), (xs[-1], ys[2]), 0, 3)
    cv2.line(page, (xs[0], ys[3]), (xs[2], ys[3]), 0, 3)  # the last column merged down over two rows
    cv2.rectangle(page, (xs[0] + 2, ys[1] + 2), (xs[-1] - 2, ys[2] - 2), 255, -1)  # row 1 merged across
    turned = cv2.warpAffine(page, cv2.getRotationMatrix2D((850, 600), 1.5, 1.0), (1700, 1200), borderValue=255)
    angle = grid.skew_angle(grid.ink(turned))
    assert abs(angle + 1.5) < 0.2
    straight = grid.rotate(turned, angle)
    (found,) = grid.find_grids(grid.rule_mask(grid.ink(straight)))
    spans = sorted((c.row, c.col, c.rows, c.cols) for c in found.cells)
    assert (found.n_rows, found.n_cols) == (4, 3)
    assert spans == [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 1, 3),
                     (2, 0, 1, 1), (2, 1, 1, 1), (2, 2, 2, 1), (3, 0, 1, 1), (3, 1, 1, 1)]


def test_misread_task_numbers_are_mended_from_their_neighbours():
    from kehoach.corpus.blocks import Table

    header = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì"]
    page1 = Table([header, ["3.", "a", "X"], ["Á.", "b", "X"]], confidence=[0.9, 0.9, 0.9])
    page2 = Table([header, ["", "rest of b", ""], ["5.", "c", "X"], ["8.", "d", "X"], ["8.", "e", "X"]],
                  confidence=[0.9] * 5)
    ocr.repair_numbering([page1, page2])
    assert [r[0] for r in page1.rows[1:] + page2.rows[1:]] == ["3.", "4.", "", "5.", "8.", "8."]
    page3 = Table([header, ["6.", "f", "X"], ["8.", "g", "X"], ["8.", "h", "X"]], confidence=[0.9] * 4)
    ocr.repair_numbering([page3])
    assert [r[0] for r in page3.rows[1:]] == ["6.", "7.", "8."]


def test_page_fit_and_blank_detection():
    assert scan._fit(np.zeros((4000, 3000), np.uint8)).shape[0] == scan.PAGE_PIXELS
    assert scan._fit(np.zeros((2339, 1654), np.uint8)).shape == (2339, 1654)
    assert scan._is_blank(np.full((100, 100), 250, np.uint8))
