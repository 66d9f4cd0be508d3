"""A quoted cell value filters the table ("thời hạn chỉ ghi 'Theo văn bản chỉ đạo của thành phố'")."""
from __future__ import annotations

from types import SimpleNamespace

from kehoach.qa.answer import ask
from kehoach.qa.cells import CellFilter


def test_a_cell_holds_or_is_the_quoted_value():
    row = SimpleNamespace(deadline="Theo các văn bản chỉ đạo của thành phố", lead="Các cơ quan, đơn vị liên quan")
    assert CellFilter("deadline", "theo van ban chi dao cua thanh pho", exact=True).matches(row)  # "các" dropped
    assert CellFilter("lead", "các cơ quan, đơn vị").matches(row)
    assert not CellFilter("lead", "các cơ quan, đơn vị", exact=True).matches(row)  # "chỉ ghi": more is said
    assert not CellFilter("deadline", "thường xuyên").matches(row)


def test_a_quoted_deadline_is_counted_word_for_word(seed_index):
    """Ninh Giang writes 'Theo văn bản chỉ đạo của thành phố' (and once 'Theo các văn bản …') in 23
    rows; the quote was read as the topic and nothing matched."""
    ans = ask("Ninh Giang co bao nhieu nhiem vu ma thoi han hoan thanh chi ghi "
              "'theo van ban chi dao cua thanh pho'?", index=seed_index)
    assert ans.field == "count" and ans.values == ["23"] and ans.query.topic == ""
    assert ans.query.cell == CellFilter("deadline", "theo van ban chi dao cua thanh pho", exact=True)


def test_a_quoted_lead_cell_is_no_unit_filter_and_initials_name_the_commune(seed_index):
    """'các cơ quan, đơn vị' only (not 'Phòng X; các cơ quan …'): Nghĩa Sơn's rows 4, 5, 9-12, 21.
    "NS:" is Nghĩa Sơn's initials, not a topic."""
    ans = ask("NS: so nhiem vu ma cot chu tri chi ghi chung 'cac co quan, don vi' = ?", index=seed_index)
    assert ans.query.communes == ["Nghĩa Sơn"] and ans.query.units == [] and ans.values == ["7"]


def test_a_quote_after_no_column_word_is_the_topic(seed_index):
    ans = ask("phong trào 'Bình dân học vụ số' xã nào có", index=seed_index)
    assert ans.query.cell is None and "Bình dân học vụ số" in ans.query.topic
    assert "Nghĩa Hưng" in ans.values


def test_a_period_after_a_deadline_cue_is_the_cells_value(seed_index):
    """"mốc thời gian 2026-2030": Nghĩa Hưng's rows whose deadline says that period (18 + 7), not
    2026-2028; it was left in the topic and nothing matched."""
    ans = ask("nghia hung co bao nhieu viec co moc thoi gian 2026-2030, tinh ca 2 phu luc", index=seed_index)
    assert ans.query.cell == CellFilter("deadline", "2026-2030") and ans.values == ["25"]


def test_the_rest_of_a_question_after_ghi_la_is_the_cells_value(seed_index):
    """"thời gian hoàn thành ghi là triển khai theo hướng dẫn của cấp có thẩm quyền?": Nghĩa Thọ's
    one row with that deadline (task 7); unquoted, it was the topic and nothing matched."""
    ans = ask("Trong phụ lục của xã Nghĩa Thọ, nhiệm vụ nào có thời gian hoàn thành ghi là triển khai theo hướng dẫn "
              "của cấp có thẩm quyền?", index=seed_index)
    assert ans.query.cell.column == "deadline" and ans.field == "task" and "sửa đổi Luật" in ans.values[0]


def test_a_quote_before_its_role_word(seed_index):
    """"giao 'các cơ quan, đơn vị' chủ trì chung chung, không ghi rõ phòng nào": the lead cell is
    that and nothing more (Nghĩa Hưng's I.2, III.1, 10)."""
    ans = ask("Xin cho biet o xa Nghia Hung co bao nhieu nhiem vu giao 'cac co quan, don vi' chu tri chung chung, "
              "khong ghi ro phong nao?", index=seed_index)
    assert ans.query.cell == CellFilter("lead", "cac co quan, don vi", exact=True) and ans.values == ["3"]
