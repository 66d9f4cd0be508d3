"""The bundled plans parse into the task rows a person reads in them."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kehoach.corpus import EXPORT_KEYS, bundled_paths, read_corpus, read_document
from kehoach.corpus.normalize import fold, normalize
from kehoach.corpus.units import canonical_units, match_unit

SEEDS = {p.name: p for p in bundled_paths()}
NGHIA_HUNG = "nghia-hung_phu-luc-nhiem-vu-2030.txt"
NGHIA_THO = "nghia-tho_ke-hoach-57.txt"
NGHIA_SON = "nghia-son_phu-luc-02.txt"
NINH_GIANG = "ninh-giang_ke-hoach-57.txt"
NGHIA_HUNG_KHCN = "nghia-hung_phu-luc-khcn-dmst.txt"


@pytest.fixture(scope="module")
def rows_by_doc():
    return {name: read_document(path) for name, path in SEEDS.items()}


def tasks(rows_by_doc, doc):
    return [r for r in rows_by_doc[doc] if r.kind == "task"]


def task(rows_by_doc, doc, stt, section_code=None):
    found = [r for r in tasks(rows_by_doc, doc)
             if r.stt == stt and (section_code is None or r.section.startswith(section_code + "."))]
    assert len(found) == 1, found
    return found[0]


def test_the_bundled_corpus_is_the_five_seed_plans_byte_for_byte():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not beside the project")
    originals = sorted(p.read_bytes() for p in seeds.glob("*.txt"))
    bundled = sorted(p.read_bytes() for p in SEEDS.values())
    assert bundled == originals


@pytest.mark.parametrize("doc,count", [
    (NGHIA_HUNG, 27), (NGHIA_THO, 25), (NGHIA_SON, 26), (NINH_GIANG, 31), (NGHIA_HUNG_KHCN, 15)])
def test_table_rows_per_plan(rows_by_doc, doc, count):
    assert len(tasks(rows_by_doc, doc)) == count


def test_narrative_tasks_come_from_the_plan_body(rows_by_doc):
    tho = [r for r in rows_by_doc[NGHIA_THO] if r.kind == "narrative"]
    ninh = [r for r in rows_by_doc[NINH_GIANG] if r.kind == "narrative"]
    assert tho and ninh
    assert [r.stt for r in ninh][:3] == ["1.1", "1.2", "1.3"]
    assert ninh[-1].stt == "8.2"
    assert any("hộ tịch, nuôi con nuôi" in r.task for r in tho)
    # narrative rows carry their section and no invented units
    assert all(r.section and not r.lead and not r.lead_units for r in tho + ninh)
    # a paragraph cut by a page break is joined ("… động viên" / "bằng nhiều hình thức …")
    assert any("động viên bằng nhiều hình thức" in r.task for r in tho)


def test_nghia_tho_task_14_hộ_tịch(rows_by_doc):
    row = task(rows_by_doc, NGHIA_THO, "14")
    assert "hộ tịch" in row.task
    assert row.lead == "Văn phòng HĐND&UBND"
    assert row.deadline == "2025" and row.deadline_years == [2025]
    assert row.commune == "Nghĩa Thọ"
    assert row.directing == "UBND xã"


def test_a_row_cut_by_a_page_break_is_completed(rows_by_doc):
    assert task(rows_by_doc, NGHIA_THO, "8").task.endswith("đổi mới sáng tạo và chuyển đổi số.")
    assert task(rows_by_doc, NGHIA_THO, "22").task.endswith("dựa trên công nghệ số và dữ liệu số..")
    assert task(rows_by_doc, NINH_GIANG, "15").deadline == "Theo văn bản chỉ đạo của thành phố"
    assert task(rows_by_doc, NGHIA_HUNG_KHCN, "1.4").task.endswith("cá nhân và cộng đồng trên địa bàn xã.")


def test_sections(rows_by_doc):
    row = task(rows_by_doc, NGHIA_HUNG, "14", "III")
    assert row.lead == "Công an xã" and row.partners == "Công an xã"
    assert row.section == "III. Chuyển đổi số"
    son = tasks(rows_by_doc, NGHIA_SON)
    assert all("<b>" not in (r.section or "") for r in son)
    assert task(rows_by_doc, NGHIA_SON, "10").section.startswith("III. Tăng cường đầu tư")
    assert task(rows_by_doc, NGHIA_HUNG_KHCN, "2.1").section.startswith("2. Triển khai thực hiện")
    # Nghĩa Thọ: section I sits under "Chi tiết" with an empty TT — a section, not a continuation
    assert task(rows_by_doc, NGHIA_THO, "1").section.startswith("I. Nâng cao nhận thức")
    assert task(rows_by_doc, NGHIA_THO, "7").section.startswith("II. Chủ động")


def test_markup_is_removed(rows_by_doc):
    texts = [r.task + (r.section or "") for rs in rows_by_doc.values() for r in rs]
    assert not any("<b>" in t or "<i>" in t or "**" in t or "$" in t for t in texts)
    assert task(rows_by_doc, NINH_GIANG, "3").task.endswith("Đề án 06 của xã)")


def test_communes_and_plans(rows_by_doc):
    communes = {doc: {r.commune for r in rows} for doc, rows in rows_by_doc.items()}
    assert communes == {NGHIA_HUNG: {"Nghĩa Hưng"}, NGHIA_THO: {"Nghĩa Thọ"}, NGHIA_SON: {"Nghĩa Sơn"},
                        NINH_GIANG: {"Ninh Giang"}, NGHIA_HUNG_KHCN: {"Nghĩa Hưng"}}
    plan = rows_by_doc[NGHIA_SON][0].plan
    assert plan.startswith("Phụ lục 02") and "4/2026" in plan


def test_a_plan_without_a_commune_gets_none(tmp_path):
    doc = tmp_path / "bo-khcn.txt"
    doc.write_text("KẾ HOẠCH\nThực hiện Nghị quyết 57-NQ/TW của Bộ Khoa học và Công nghệ\n\n"
                   "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
                   "1\tXây dựng nền tảng số dùng chung\tCục Chuyển đổi số quốc gia\t2026\n", encoding="utf-8")
    [row] = read_document(doc)
    assert row.commune is None and row.lead_units == ["Cục Chuyển đổi số quốc gia"]


def test_units_are_canonical(rows_by_doc):
    variants = ["Phòng VH-XH", "Phòng Văn hoá – Xã hội", "Phòng Văn hóa-Xã hội", "Phòng VH –XH"]
    assert {tuple(canonical_units(v)) for v in variants} == {("Phòng Văn hóa - Xã hội",)}
    assert canonical_units("Phòng VH-XH Văn phòng HĐND&UBND") == ["Phòng Văn hóa - Xã hội", "Văn phòng HĐND&UBND"]
    assert canonical_units("Phòng Kinh tế; Phòng VH-XH") == ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]
    assert canonical_units("Công an xã, Phòng Văn hoá – Xã hội") == ["Công an xã", "Phòng Văn hóa - Xã hội"]
    assert canonical_units("Các ban, ngành, đoàn thể") == ["Các ban, ngành, đoàn thể"]
    assert canonical_units("Các cơ quan, đơn vị, các doanh nghiệp") == ["Các cơ quan, đơn vị", "Các doanh nghiệp"]
    # a collective enumeration ending in units of its own (Ninh Giang, task 18): the schools are named
    assert canonical_units("Các phòng, ban, ngành, cơ quan, đơn vị, trường học") == [
        "Các phòng, ban, ngành, cơ quan, đơn vị", "Các nhà trường"]
    assert canonical_units("Các cơ quan, đơn vị, doanh nghiệp") == ["Các cơ quan, đơn vị", "Các doanh nghiệp"]
    # a National Assembly committee's name holds a comma (the party plan's "Tổ đảng ở …")
    assert canonical_units("Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách") == [
        "Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách"]
    assert canonical_units("Ủy ban nhân dân xã, Viettel") == ["UBND xã", "Viettel"]
    assert canonical_units("Văn phòng HDND&UBND") == ["Văn phòng HĐND&UBND"]
    assert canonical_units("Phòng Kinh tế;") == ["Phòng Kinh tế"]
    assert canonical_units("Trạm y tế xã") == canonical_units("Trạm Y tế") == ["Trạm Y tế xã"]
    assert canonical_units("Trung tâm Phục vụ HCC;") == ["Trung tâm Phục vụ hành chính công"]
    row = task(rows_by_doc, NGHIA_THO, "2")
    assert row.lead == "Phòng VH-XH Văn phòng HĐND&UBND"  # display keeps the original
    assert row.lead_units == ["Phòng Văn hóa - Xã hội", "Văn phòng HĐND&UBND"]
    # a cell cut off after a head word (the Government's programme, Phụ lục II row 3: "…, Bộ ")
    from kehoach.corpus.units import read_unit_cells
    cut = read_unit_cells("Các bộ, ngành, địa phương", "Bộ Thông tin và Truyền thông, Bộ Khoa học và Công nghệ, Bộ ")
    assert cut.partner_units == ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]


def test_user_typed_units_resolve_with_or_without_diacritics():
    assert match_unit("phong kinh te") == "Phòng Kinh tế"
    assert match_unit("Kinh tế") == "Phòng Kinh tế"
    assert match_unit("van hoa xa hoi") == "Phòng Văn hóa - Xã hội"
    assert match_unit("công an") == "Công an xã"
    assert match_unit("sở y tế") is None


def test_deadline_years(rows_by_doc):
    assert task(rows_by_doc, NGHIA_HUNG, "1", "III").deadline_years == [2026, 2027, 2028, 2029, 2030]
    assert task(rows_by_doc, NINH_GIANG, "20").deadline_years == [2025]
    assert task(rows_by_doc, NGHIA_SON, "15").deadline_years == []  # "Tháng 11 hàng năm"
    assert task(rows_by_doc, NGHIA_SON, "1").deadline_years == []  # "Thường xuyên"


def test_duplicate_text_rows_are_kept_as_in_the_source(rows_by_doc):
    four, five = task(rows_by_doc, NGHIA_SON, "4"), task(rows_by_doc, NGHIA_SON, "5")
    assert four.task == five.task and four.id != five.id


def test_ids_are_stable_and_unique(rows_by_doc, tmp_path):
    all_ids = [r.id for rows in rows_by_doc.values() for r in rows]
    assert len(all_ids) == len(set(all_ids))
    alone = [r.id for r in read_document(SEEDS[NGHIA_THO])]
    together, _ = read_corpus([SEEDS[NGHIA_SON], SEEDS[NGHIA_THO]])
    assert alone == [r.id for r in together if r.doc == NGHIA_THO]
    assert task(rows_by_doc, NGHIA_THO, "14").id == "nghia-tho-ke-hoach-942d#14"


def test_normalization():
    assert normalize("Phòng Văn hoá – Xã hội") == "Phòng Văn hóa - Xã hội"
    assert normalize("Uỷ ban") == "Ủy ban" and normalize("quý") == "quý"
    assert normalize("Ho\u0300a") == "Hòa"  # NFD input
    assert fold("Đơn vị chủ trì") == "don vi chu tri"
    assert fold("“phi tiếp xúc”") == '"phi tiep xuc"'


def test_export_jsonl_has_every_key():
    out = subprocess.run([sys.executable, "-m", "kehoach.cli", "export"], capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len([r for r in records if r["kind"] == "task"]) == 124
    assert all(list(r) == list(EXPORT_KEYS) for r in records)
    hộ_tịch = next(r for r in records if r["id"] == "nghia-tho-ke-hoach-942d#14")
    assert hộ_tịch["notes"] is None and hộ_tịch["lead_units"] == ["Văn phòng HĐND&UBND"]


def test_export_csv_and_xlsx(tmp_path):
    import pandas as pd

    subprocess.run([sys.executable, "-m", "kehoach.cli", "export", "-o", str(tmp_path / "rows.xlsx")], check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "kehoach.cli", "export", "--format", "csv", "-o",
                    str(tmp_path / "rows.csv")], check=True, capture_output=True)
    xlsx = pd.read_excel(tmp_path / "rows.xlsx")
    csv = pd.read_csv(tmp_path / "rows.csv", encoding="utf-8-sig")
    assert len(xlsx) == len(csv) and (xlsx["kind"] == "task").sum() == 124
    assert "Văn phòng HĐND&UBND" in set(csv["lead_units"])


def test_unreadable_files_are_reported_and_the_rest_still_read(tmp_path):
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not really a word file")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = subprocess.run([sys.executable, "-m", "kehoach.cli", "export", str(bad), str(empty), str(SEEDS[NGHIA_SON])],
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert "old.doc" in out.stderr and "empty.txt" in out.stderr  # a .doc is converted now: read, not refused
    assert "Traceback" not in out.stderr
    assert len(out.stdout.splitlines()) == 26
    nothing = subprocess.run([sys.executable, "-m", "kehoach.cli", "export", str(bad)], capture_output=True, text=True)
    assert nothing.returncode != 0 and "Traceback" not in nothing.stderr


# --- other formats, end to end: file -> rows ------------------------------------------

def test_docx_split_table_and_merged_cells_become_rows(tmp_path):
    from fixtures import build_task_docx

    rows = [r for r in read_document(build_task_docx(tmp_path / "ke-hoach.docx")) if r.kind == "task"]
    assert [(r.stt, r.task) for r in rows] == [
        ("1", "Số hóa sổ hộ tịch"), ("2", "Xây dựng kho dữ liệu dùng chung"),
        ("3", "Tập huấn kỹ năng số cho người dân")]
    # the lead cell merged down over tasks 1 and 2 belongs to both
    assert [r.lead for r in rows[:2]] == ["Văn phòng HĐND&UBND"] * 2
    assert rows[0].section == "I. Hạ tầng số" and rows[2].section == "I. Hạ tầng số"
    assert rows[2].deadline_years == [2026, 2027, 2028, 2029, 2030]
    assert rows[0].commune == "Nghĩa Thọ"


def test_xlsx_rows(tmp_path):
    from fixtures import build_task_xlsx

    rows = read_document(build_task_xlsx(tmp_path / "phu-luc.xlsx"))
    assert [r.stt for r in rows] == ["1", "2", "3"]
    assert rows[1].lead == "Văn phòng HĐND&UBND" and rows[1].deadline_years == [2025]
    assert rows[0].commune == "Nghĩa Sơn" and rows[0].section == "I. Hạ tầng số"


def test_markdown_pipe_table_rows(tmp_path):
    md = tmp_path / "ke-hoach.md"
    md.write_text(
        "**KẾ HOẠCH CHUYỂN ĐỔI SỐ XÃ NINH GIANG**\n\n"
        "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|---|\n"
        "| **I** | **Hạ tầng số** | | | | |\n"
        "| 1. | Phủ sóng 5G $\\geq 70\\%$ khu dân cư | Phòng Văn hoá – Xã hội | Các doanh nghiệp viễn thông | Báo cáo | 12/2025 |\n",
        encoding="utf-8")
    [row] = read_document(md)
    assert row.task == "Phủ sóng 5G ≥ 70% khu dân cư"
    assert row.section == "I. Hạ tầng số" and row.commune == "Ninh Giang"
    assert row.lead_units == ["Phòng Văn hóa - Xã hội"] and row.output == "Báo cáo"


def test_tcvn3_text_is_converted_not_mojibake(tmp_path):
    from kehoach.corpus.readers.encoding import encode_legacy

    # TCVN3 has no curly quotes or en dashes: the plan as a TCVN3 editor would hold it
    text = SEEDS[NGHIA_SON].read_text(encoding="utf-8")
    text = text.replace("–", "-").replace("“", '"').replace("”", '"')
    utf8, legacy = tmp_path / "nghia-son-utf8.txt", tmp_path / "nghia-son-tcvn3.txt"
    utf8.write_text(text, encoding="utf-8")
    legacy.write_bytes(encode_legacy(text, "tcvn3"))
    rows = read_document(legacy)
    assert len(rows) == 26 and rows[0].commune == "Nghĩa Sơn"
    assert [r.to_dict() | {"id": "", "doc": ""} for r in rows] == \
        [r.to_dict() | {"id": "", "doc": ""} for r in read_document(utf8)]


def test_garbage_and_legacy_files_get_one_clear_line(tmp_path):
    from kehoach.corpus import DocumentError

    garbage = tmp_path / "rac.txt"
    garbage.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(DocumentError, match="rac.txt"):
        read_document(garbage)
    doc = tmp_path / "ke-hoach.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DocumentError, match=r"ke-hoach.doc .*save as .docx"):
        read_document(doc)
    no_table = tmp_path / "thu-moi.txt"
    no_table.write_text("Kính mời các đồng chí dự họp.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no task table"):
        read_document(no_table)


def test_one_head_word_for_the_names_after_it():
    """'Các Bộ: Quốc phòng, Xây dựng, … và các đơn vị liên quan' (the Government's programme) names
    each ministry: a question about Bộ Quốc phòng finds that row."""
    from kehoach.corpus.units import canonical_units

    cell = "Các Bộ: Quốc phòng, Xây dựng, Tài nguyên và Môi trường, Nông nghiệp và PTNT và các đơn vị liên quan"
    assert canonical_units(cell) == ["Bộ Quốc phòng", "Bộ Xây dựng", "Bộ Tài nguyên và Môi trường",
                                     "Bộ Nông nghiệp và Phát triển nông thôn", "Các đơn vị liên quan"]
    assert canonical_units("Các cơ quan, đơn vị") == ["Các cơ quan, đơn vị"]


def test_a_tone_typed_on_the_o_of_oa_before_a_final():
    """'hòan thành', 'tòan bộ', 'khỏang' (the tone on the wrong vowel) are 'hoàn', 'toàn', 'khoảng';
    'Hòa' (no final) keeps the one placement normalize chooses."""
    assert normalize("hòan thành tòan bộ khỏang Hòa Bình hòai") == "hoàn thành toàn bộ khoảng Hòa Bình hoài"
