"""How answers name whose plan a row is (qa.render): never "xã None"."""
from __future__ import annotations

import datetime as dt

from kehoach.corpus.rows import Row
from kehoach.index.hits import Hit
from kehoach.qa.intent import parse
from kehoach.qa.render import cite, issuer, reading, reading_line, ref


def row(**kw) -> Row:
    base = dict(id="ke-hoach#3", kind="task", doc="ke-hoach.docx", commune=None, plan=None, section="I. Hạ tầng số",
                stt="3", task="Phủ sóng 5G", deadline="12/2025")
    return Row(**{**base, **kw})


def test_the_issuer_as_the_corpus_records_it():
    ward = row(commune="Hưng Dũng", issuer="phường Hưng Dũng", level="ward")
    ministry = row(issuer="Bộ Tài chính", level="ministry")
    government = row(issuer="Chính phủ", level="government")
    commune_only = row(commune="Nghĩa Sơn")  # indexed before issuers were read
    titled = row(plan="Kế hoạch triển khai Chương trình chuyển đổi số quốc gia năm 2025 (số 12/KH-BTC)")
    bare = row()
    assert issuer(ward) == "phường Hưng Dũng" and issuer(ministry) == "Bộ Tài chính"
    assert issuer(government) == "Chính phủ" and issuer(commune_only) == "xã Nghĩa Sơn"
    assert issuer(titled).startswith("Kế hoạch triển khai Chương trình") and issuer(bare) == "ke-hoach.docx"
    for r in (ward, ministry, government, commune_only, titled, bare):
        for text in (cite(r), ref(r), cite(Hit(r, 1, 0.9, 0.9))):
            assert "None" not in text and "xã None" not in text
    assert cite(ministry) == "Bộ Tài chính, nhiệm vụ 3, hạn 12/2025; ke-hoach.docx, mục I"
    assert cite(ward).startswith("phường Hưng Dũng, nhiệm vụ 3")


def test_ocr_rows_say_they_were_read_from_a_scan():
    assert "đọc từ bản quét" in cite(row(commune="Nghĩa Sơn", source="ocr", confidence=0.91))


def test_the_reading_says_what_was_understood():
    q = parse("Phòng Kinh tế xã Nghĩa Sơn chủ trì những việc gì hạn năm 2025")
    chips = dict(reading(q, dt.date(2026, 11, 30)))
    assert chips["đơn vị"] == "Phòng Kinh tế" and chips["xã"] == "Nghĩa Sơn"
    assert chips["vai trò"] == "chủ trì" and chips["thời gian"] == "hạn trong năm 2025"
    line = reading_line(reading(q, dt.date(2026, 11, 30)))
    assert line.startswith("Hỏi: danh sách nhiệm vụ") and "Đơn vị" not in line.split(" · ")[0]
