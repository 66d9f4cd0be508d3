"""Bounded inputs: zip bombs refused before parsing, PDF pages capped, uploads parsed in a child
process with a memory cap and a time limit, and the refusals said in Vietnamese in the app.

The bombs are built at test time: an Office file whose XML member inflates ~1000 times, and a
PDF whose page stream inflates to hundreds of megabytes (it passes every archive check; only
the memory cap stops it).
"""
from __future__ import annotations

import re
import shutil
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from fixtures import build_task_docx, build_task_pdf, build_task_xlsx
from kehoach.corpus import DocumentError, bundled_paths, read_document
from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.isolated import IsolatedReader

from kehoach import settings

SEED = next(p for p in bundled_paths() if p.name == "nghia-tho_ke-hoach-57.txt")


def inflate_member(src: Path, dest: Path, member: str, extra_mib: int) -> Path:
    """`src` with `extra_mib` MiB of one repeated letter appended inside `member` (an XML part):
    a zip bomb of a few hundred KB."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename != member:
                out.writestr(info, data)
                continue
            head, tail = data.rsplit(b"</", 1)
            with out.open(member, "w") as w:
                w.write(head + b"<!--")
                block = b"A" * (1 << 20)
                for _ in range(extra_mib):
                    w.write(block)
                w.write(b"-->" + b"</" + tail)
    return dest


def build_pdf_bomb(path: Path, inflated_mib: int) -> Path:
    """A one-page PDF whose content stream is ~1/1000 of `inflated_mib` MiB compressed."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(comp.compress(chunk) for _ in range(inflated_mib)) + comp.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="module")
def pdf_bomb(tmp_path_factory) -> Path:
    return build_pdf_bomb(tmp_path_factory.mktemp("bomb") / "ke-hoach.pdf", 400)


# ---- archives ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_an_office_zip_bomb_is_refused_before_it_is_parsed(tmp_path, monkeypatch, kind):
    src = (build_task_docx if kind == "docx" else build_task_xlsx)(tmp_path / f"plan.{kind}")
    member = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    bomb = inflate_member(src, tmp_path / f"bomb.{kind}", member, 64)
    assert bomb.stat().st_size < 2**20  # 64 MiB inside less than 1 MiB
    import docx
    import openpyxl

    def never(*a, **k):
        raise AssertionError("the parser was called on a zip bomb")

    monkeypatch.setattr(docx, "Document", never)
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(DocumentError) as e:
        read_document(bomb)
    message = str(e.value)
    assert message.startswith(f"bomb.{kind}: file too large when unpacked (") and member in message
    assert "damaged" not in message


def test_the_total_unpacked_size_is_bounded_too(tmp_path, monkeypatch):
    plan = build_task_docx(tmp_path / "plan.docx")
    assert read_document(plan)  # within the limits
    monkeypatch.setattr(settings, "MAX_UNPACKED_BYTES", 4096)
    with pytest.raises(DocumentError, match=r"plan.docx: file too large when unpacked \(.* unpacks to .*; at most 4.0 KB"):
        read_document(plan)


def test_pdf_pages_and_file_size_are_bounded(tmp_path, monkeypatch):
    pdf = build_task_pdf(tmp_path / "plan.pdf")  # two pages
    assert read_document(pdf)
    monkeypatch.setattr(settings, "MAX_PDF_PAGES", 1)
    with pytest.raises(DocumentError, match=r"plan.pdf: too many pages \(2; at most 1 are read\)"):
        read_document(pdf)
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DocumentError, match=r"plan.pdf: file too large \(.*; at most 1000 bytes is accepted\)"):
        read_document(pdf)


# ---- the parsing worker --------------------------------------------------------------------------
def test_a_file_that_exhausts_memory_fails_alone_in_the_worker(pdf_bomb, tmp_path):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with IsolatedReader(memory_bytes=256 * 2**20) as read:
        with pytest.raises(DocumentError) as e:
            read(pdf_bomb)
        assert str(e.value).startswith("ke-hoach.pdf: could not be read within the memory limit for one file (256.0 MB)")
        rows = read(SEED)  # the same reader goes on with the next file
    assert [r.to_dict() for r in rows] == [r.to_dict() for r in read_document(SEED)]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # the 400 MB stream was inflated in the child, not here


def test_a_file_that_takes_too_long_is_given_up(tmp_path):
    big = tmp_path / "dai.txt"
    big.write_text(SEED.read_text(encoding="utf-8") * 200, encoding="utf-8")
    with IsolatedReader(seconds=0.5) as read:
        with pytest.raises(DocumentError, match=r"dai.txt: took longer than 0.5 s to read"):
            read(big)
        assert len(read(SEED)) > 50


def test_worker_replies_are_json_never_pickle():
    source = Path(sys.modules[IsolatedReader.__module__].__file__).read_text(encoding="utf-8")
    assert "pickle" not in source.replace("never pickle", "") and "json.loads" in source


# ---- the app: uploads ---------------------------------------------------------------------------
ERROR_WORDS = re.compile(r"\b(file|too|large|damaged|not|valid|empty|could|read|memory|legacy|the)\b")


@pytest.mark.slow
def test_uploads_survive_bombs_and_say_why_in_vietnamese(seed_index, tmp_path, monkeypatch, pdf_bomb):
    from kehoach.index.search import Index

    from kehoach.app import handlers

    monkeypatch.setattr(settings, "PARSE_MEMORY_BYTES", 256 * 2**20)
    copy = tmp_path / "index"
    shutil.copytree(seed_index.directory, copy)
    app = handlers.App(Index.load(copy), tmp_path / "exports")
    docx_bomb = inflate_member(build_task_docx(tmp_path / "plan.docx"), tmp_path / "bom.docx", "word/document.xml", 64)
    legacy = tmp_path / "cu.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    empty = tmp_path / "rong.txt"
    empty.write_text("", encoding="utf-8")
    good = tmp_path / "hoa-binh.txt"
    good.write_text(SEED.read_text(encoding="utf-8").replace("Nghĩa Thọ", "Hòa Bình"), encoding="utf-8")

    status, report, *_ = app.add([str(docx_bomb), str(pdf_bomb), str(legacy), str(empty), str(good)])
    assert status.startswith("Đã thêm 1/5")
    cells = dict(re.findall(r"<tr><td>([^<]+)</td><td class=\"kh-\w+\">([^<]+)</td></tr>", report))
    assert cells["bom.docx"].startswith("Tệp quá lớn khi giải nén (")
    assert cells["ke-hoach.pdf"].startswith("Đọc tệp cần quá nhiều bộ nhớ")
    assert cells["cu.docx"].startswith("Tệp Word .doc đời cũ") and cells["rong.txt"] == "Tệp rỗng."
    assert "dòng đã được đưa vào chỉ mục." in cells["hoa-binh.txt"]
    for name in ("cu.docx", "rong.txt"):
        assert not ERROR_WORDS.search(cells[name].lower()), cells[name]
    assert "Hòa Bình" in app.index.communes()  # and the app still answers
    assert app.search("ai chủ trì số hóa hộ tịch ở Hòa Bình", [], "", "any", "all", 3)[1]


def test_every_vietnamese_error_line_has_a_pattern_and_a_message():
    from kehoach.app.messages import document_error_vi

    rows = read_tsv("kehoach.corpus", "errors_vi.tsv")
    assert len(rows) > 20
    for row in rows:
        assert len(row) == 2 and all(cell.strip() for cell in row), row
        pattern = re.compile(row[0])
        assert set(re.findall(r"{(\w+)}", row[1])) <= set(pattern.groupindex), row
    assert document_error_vi("x.docx is a legacy Word .doc file: open it …").startswith("Tệp Word .doc đời cũ")
    assert document_error_vi("something new").startswith("Không đọc được tệp (something new)")
