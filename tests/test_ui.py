"""The app's handlers on the seed index, without a browser: what each view shows, the exports,
uploads (on a copy of the index), errors as messages, and the offline settings."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kehoach.app import handlers, page, render

PLAN = ("KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW trên địa bàn xã Hòa Bình\n"
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 5/4/2026 của UBND xã Hòa Bình)\n\n"
        "Stt\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả/ sản phẩm\tThời gian hoàn thành\n"
        "1.\tSố hóa sổ hộ tịch của xã\tVăn phòng HĐND&UBND\tCông an xã\tCơ sở dữ liệu hộ tịch\t2026\n"
        "2.\tTổ chức lớp bình dân học vụ số cho người dân\tPhòng Văn hóa - Xã hội\tĐoàn Thanh niên\tLớp học\t2026\n")


# ---- pure presentation ------------------------------------------------------------------
def test_highlight_marks_the_query_phrase_not_stray_words():
    terms = render.query_terms("số hóa hộ tịch")
    out = render.highlight("Triển khai số hóa, tạo lập văn hóa số; hộ tịch <tại xã>", terms)
    assert out == "Triển khai <mark>số hóa</mark>, tạo lập văn hóa số; <mark>hộ tịch</mark> &lt;tại xã&gt;"


def test_highlight_without_diacritics_matches_accented_words():
    out = render.highlight("Số hóa sổ hộ tịch", render.query_terms("so hoa ho tich"))
    assert out == "<mark>Số hóa</mark> sổ <mark>hộ tịch</mark>"
    assert render.highlight("Giáo dục STEM", render.query_terms("stem")) == "Giáo dục <mark>STEM</mark>"


def test_parse_auth():
    assert page.parse_auth("can_bo:mat khau:1") == ("can_bo", "mat khau:1")
    assert page.parse_auth("") is None and page.parse_auth(None) is None
    for bad in ("nopassword", ":x", "user:"):
        with pytest.raises(ValueError, match="user:password"):
            page.parse_auth(bad)


def test_theme_uses_system_fonts_only():
    import gradio as gr

    fonts = [*page.THEME._font, *page.THEME._font_mono]
    assert not any(isinstance(f, gr.themes.GoogleFont) for f in fonts)
    assert page.THEME._stylesheets == []  # nothing fetched for fonts


def test_serve_refuses_a_malformed_auth_variable(monkeypatch):
    from click.testing import CliRunner

    from kehoach.cli import cli

    monkeypatch.setenv("KEHOACH_AUTH", "only-a-user")
    result = CliRunner().invoke(cli, ["serve", "--port", "7999"])
    assert result.exit_code == 2 and "user:password" in result.output


# ---- handlers on the seed index ---------------------------------------------------------------
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def app(seed_index, tmp_path_factory):
    return handlers.App(seed_index, tmp_path_factory.mktemp("ui-exports"))


@slow
def test_ask_answers_and_tables_the_cited_row(app):
    exports = sorted(app.workdir.rglob("ket-qua.*"))
    status, answer, table, pick, shown, *_ = app.search("ai chu tri so hoa ho tich", [], "", "any", "all", 10)
    assert sorted(app.workdir.rglob("ket-qua.*")) == exports  # nothing written until a download is asked for
    csv_path, xlsx_path = app.export(shown, "csv"), app.export(shown, "xlsx")
    assert sorted(app.workdir.rglob("ket-qua.*")) == sorted([*exports, Path(csv_path), Path(xlsx_path)])
    assert "Văn phòng HĐND&UBND" in html.unescape(answer)
    first = table.split("<tr", 3)[2]  # the header row, then the first result
    assert "Nghĩa Thọ" in first and "kh-cited" in first and "<mark>" in first
    assert pick["value"] == next(c[1] for c in pick["choices"])
    frame = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert list(frame.columns[:2]) == ["rank", "score"] and len(frame) == len(pick["choices"]) == 10
    assert frame.loc[0, "commune"] == "Nghĩa Thọ" and frame.loc[0, "lead"] == "Văn phòng HĐND&UBND"
    sheet = pd.read_excel(xlsx_path)
    assert len(sheet) == 10 and sheet.loc[0, "id"] == frame.loc[0, "id"]


@slow
def test_filters_narrow_the_table(app, seed_index):
    _, _, table, pick, *_ = app.search("số hóa hộ tịch", ["Ninh Giang"], "", "any", "task", 5)
    ids = [c[1] for c in pick["choices"]]
    assert ids and all(seed_index.row(i).commune == "Ninh Giang" and seed_index.row(i).kind == "task" for i in ids)


@slow
def test_count_question_tables_the_counted_rows(app, seed_index):
    _, answer, _, pick, _, communes, unit, role = app.search("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?",
                                                            [], "", "any", "all", 10)
    ids = [c[1] for c in pick["choices"]]
    assert "5" in answer and len(ids) == 5
    # the reading, as chips; the filters prefilled from it, to change and ask again
    assert '<span class="kh-chip"><b>đơn vị</b> Phòng Kinh tế</span>' in answer
    assert communes["value"] == ["Nghĩa Sơn"] and unit["value"] == "Phòng Kinh tế" and role["value"] == "lead"
    assert all(seed_index.row(i).commune == "Nghĩa Sơn" and "Phòng Kinh tế" in seed_index.row(i).lead_units for i in ids)


@slow
def test_similar_shows_other_communes_only(app, seed_index):
    _, _, _, pick, *_ = app.search("ai chủ trì số hóa hộ tịch", [], "", "any", "all", 5)
    out = app.similar(pick["value"])
    assert "Nhiệm vụ gốc" in out and "(Nghĩa Thọ)" in out
    shown = [c for c in seed_index.communes() if f"<h4>{c}</h4>" in out]
    assert shown and "Nghĩa Thọ" not in shown


@slow
def test_compare_lists_each_commune_once(app, seed_index):
    status, out = app.compare("giáo dục STEM", 0.45)
    for commune in seed_index.communes():
        assert out.count(f">{commune}</td>") == 1
    rows = {r.split("</td>")[0].rsplit(">", 1)[-1]: r for r in out.split("<tr")[2:]}
    assert "STEM" in rows["Nghĩa Thọ"] and "STEM" in rows["Nghĩa Hưng"]
    assert "chưa có nhiệm vụ phù hợp" in rows["Nghĩa Sơn"] and "Chưa có: Nghĩa Sơn" in status


def test_errors_become_messages_not_tracebacks(app):
    guarded = handlers.guarded(8)(app.search)
    with pytest.warns(UserWarning):  # gr.Warning outside a request falls back to a warning
        out = guarded("   ", [], "", "any", "all", 10)
    assert "Hãy nhập câu hỏi" in out[0] and out[1:] == tuple({"__type__": "update"} for _ in range(7))
    with pytest.warns(UserWarning):
        assert "Không tìm thấy" in handlers.guarded(1)(app.similar)("no-such-id#1")


@slow
def test_upload_adds_a_plan_and_reports_each_file(seed_index, tmp_path):
    from kehoach.index.search import Index

    copy = tmp_path / "index"
    shutil.copytree(seed_index.directory, copy)
    app = handlers.App(Index.load(copy), tmp_path / "exports")
    good = tmp_path / "hoa-binh_ke-hoach.txt"
    good.write_text(PLAN, encoding="utf-8")
    empty = tmp_path / "rong.txt"
    empty.write_text("", encoding="utf-8")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG")
    status, report, communes, units, docs, info = app.add([str(good), str(empty), str(image)])
    assert status.startswith("Đã thêm 1/3")
    assert "2 dòng" in report and "rong.txt" in report and ".png" in report
    assert "Bảng 1: 2 nhiệm vụ (Stt → số thứ tự, Tên nhiệm vụ → nhiệm vụ, Cơ quan chủ trì → chủ trì" in report
    [key] = [key for label, key in docs["choices"] if label == "hoa-binh_ke-hoach.txt (Hòa Bình)"]
    assert "Hòa Bình" in communes["choices"] and key == "hoa-binh-ke-hoach-12-kh-ubnd"
    assert Index.load(copy).communes() == app.index.communes()  # persisted
    _, report, *_ = app.add([str(good)])
    assert "2 dòng" in report and "thay cho bản đã có" in report  # same name: replaced, not doubled
    status, _, communes, *_ = app.remove([key])
    assert "2 dòng" in status and "Hòa Bình" not in communes["choices"]


@slow
def test_commune_filter_scopes_the_answer_too(app):
    _, answer, _, pick, *_ = app.search("ai chủ trì số hóa hộ tịch", ["Nghĩa Hưng", "Ninh Giang"], "", "any", "all", 5)
    answer = html.unescape(answer)
    assert "Văn phòng HĐND&UBND" not in answer  # not answered from Nghĩa Thọ's row, only pointed to:
    assert "không có nhiệm vụ này" in answer and "xã Nghĩa Thọ, nhiệm vụ 14" in answer
    assert handlers.scoped_question("ai chủ trì X ở Nghia Tho?", ["Ninh Giang"], ["Nghĩa Thọ", "Ninh Giang"]) == \
        "ai chủ trì X ở Nghia Tho?"  # the question's own commune wins


def test_rows_read_by_ocr_carry_a_badge_to_check_them():
    from kehoach.corpus.rows import Row
    from kehoach.index.hits import Hit

    row = Row(id="x#1", kind="task", doc="scan.pdf", commune="Nghĩa Sơn", plan=None, section=None, stt="1",
              task="Số hóa hộ tịch", source="ocr", confidence=0.913)
    html_cell = render.cell(Hit(row, 1, 0.9), "task", render.Terms())
    assert 'class="kh-badge kh-ocr"' in html_cell and ">OCR 91%<" in html_cell and "đối chiếu" in html_cell
    typed = Row(**{**row.__dict__, "source": None, "confidence": None})
    assert "kh-ocr" not in render.cell(Hit(typed, 1, 0.9), "task", render.Terms())
    assert ".png" in handlers.UPLOAD_TYPES and ".doc" in handlers.UPLOAD_TYPES


@slow
def test_rankings_and_lists_show_a_bar_per_unit_or_plan(app):
    _, answer, *_ = app.search("đơn vị nào chủ trì nhiều nhiệm vụ nhất ở Nghĩa Thọ", [], "", "any", "all", 10)
    assert answer.count('class="kh-chart-row"') >= 2 and "Phòng Văn hóa - Xã hội" in answer
    _, listed, table, *_ = app.search("Phòng Văn hóa - Xã hội phải làm những việc gì", [], "", "any", "all", 10)
    assert listed.count('class="kh-chart-row"') == 4  # one per commune's plan holding its tasks
    assert table.count("<tr data-id=") > 40  # a list answer shows every listed row as the table
