"""The fourth batch of public layouts (tests/data/layouts/README.md): a province's plan as a PDF's
fixed-width text (pdftotext -layout) with no task table, its targets assigned in prose — read
before as 0 rows.  The rules are checked again on text written here in other words."""
from __future__ import annotations

from pathlib import Path

import pytest
from kehoach.corpus import read_document
from kehoach.corpus.blocks import Paragraph
from kehoach.corpus.readers.text import parse_text

DATA = Path(__file__).parent / "data" / "layouts"


def tasks():
    return {r.stt: r for r in read_document(DATA / "ubnd_laocai_kh134.txt") if r.kind == "task"}


def test_a_provinces_targets_assigned_in_prose_are_its_tasks():
    rows = tasks()
    assert list(rows) == ["1", "2.1", "2.2", "2.3", "3", "4", "5", "6", "7"]
    moved = rows["4"]
    assert moved.lead_units == ["UBND phường Lào Cai"] and moved.deadline == "trong quý IV năm 2026"
    assert moved.partners.startswith("Sở Xây dựng, Ban Quản lý khu Kinh tế")
    assert moved.section.startswith("4. Hoàn thành di dời 01 khu công nghiệp (Đông Phố Mới)")
    assert moved.task.startswith("Thực hiện công tác GPMB phục vụ đầu tư xây dựng dự án đường sắt")
    digital = rows["7"]  # "chủ trì phối hợp với" without a comma
    assert digital.lead == "Sở Khoa học và Công nghệ" and digital.partners == "các đơn vị có liên quan"
    assert rows["1"].lead == "Ủy ban nhân dân cấp xã" and rows["1"].task.startswith("Đầu tư, hoàn thiện")  # "A: …"
    assert rows["2.3"].task == "Tham mưu thực hiện thủ tục thành lập CCN theo quy định pháp luật."  # across a page
    assert {(r.issuer, r.level) for r in rows.values()} == {("UBND tỉnh Lào Cai", "province")}


def test_fixed_width_text_in_other_words():
    """Indented paragraphs wrapped flush left are joined; a form feed is no paragraph break; a
    text of one paragraph a line, or a tab table, is left as it is."""
    layout = ("      II. NHIỆM VỤ\n      1. Số hóa hồ sơ hộ tịch của xã\n"
              "      Văn phòng HĐND và UBND chủ trì, phối hợp với Công an xã thực hiện số hóa\n"
              "\fsổ hộ tịch, hoàn thành trong năm 2026.\n      2. Cấp chữ ký số cho cán bộ, công chức\n"
              "      Công an xã chủ trì, phối hợp với Văn phòng HĐND và UBND hướng dẫn cán bộ\n"
              "đăng ký chữ ký số cá nhân, hoàn thành trong quý II năm 2026.\n")
    paragraphs = [b.text for b in parse_text(layout) if isinstance(b, Paragraph)]
    assert paragraphs[2] == ("Văn phòng HĐND và UBND chủ trì, phối hợp với Công an xã thực hiện số hóa sổ hộ tịch, "
                             "hoàn thành trong năm 2026.")
    flat = "Dòng một của văn bản\nDòng hai của văn bản\n"
    assert [b.text for b in parse_text(flat)] == ["Dòng một của văn bản", "Dòng hai của văn bản"]


@pytest.mark.slow
def test_asked_about_end_to_end(tmp_path):
    from kehoach.index.search import Index
    from kehoach.qa.answer import ask

    index = Index.build([DATA / "ubnd_laocai_kh134.txt"], tmp_path / "index", progress=False)
    moved = ask("ai chủ trì giải phóng mặt bằng di dời khu công nghiệp Đông Phố Mới, hạn khi nào", index=index)
    assert moved.values == ["UBND phường Lào Cai", "trong quý IV năm 2026"], moved.answer
    assert "UBND tỉnh Lào Cai" in moved.answer and "xã None" not in moved.answer
