"""Column roles: the lexicon table, header cells scored against it, values that correct it."""
from __future__ import annotations

import pytest
from kehoach.corpus.columns import ROLES, header_field, header_fields, lexicon, read_header
from kehoach.corpus.datafiles import read_tsv


def test_the_column_lexicon_table_has_its_shape():
    rows = read_tsv("kehoach.corpus", "columns.tsv")
    assert len(rows) > 50
    seen = set()
    for row in rows:
        assert len(row) == 5, row
        role, language, phrase, weight, match = row
        assert role in ROLES + ("filler",), row
        assert language in ("vi", "en"), row
        assert phrase.strip() == phrase and phrase, row
        assert float(weight) >= 0 and (float(weight) > 0) == (role != "filler"), row
        assert match in ("word", "cell"), row
        assert (role, phrase.lower()) not in seen, f"{row}: listed twice"
        seen.add((role, phrase.lower()))
    assert {p.role for p in lexicon()} == set(ROLES) | {"filler"}  # every role can be named


def test_the_value_and_date_tables_have_their_shape():
    for role, phrase, *rest in read_tsv("kehoach.corpus", "values.tsv"):
        assert role in ("status", "measure") and phrase and not rest
    kinds = {row[0] for row in read_tsv("kehoach.corpus", "dates.tsv")}
    assert kinds == {"open", "open_start", "month", "horizon"}
    months = {int(v) for kind, v, _ in read_tsv("kehoach.corpus", "dates.tsv") if kind == "month"}
    assert months == set(range(1, 13))


@pytest.mark.parametrize("cell,role", [
    # the seeds' and the built variants' headers (their roles must not move)
    ("STT", "stt"), ("Stt", "stt"), ("TT", "stt"), ("Chi tiết", "stt_detail"),
    ("Nội dung nhiệm vụ", "task"), ("Tên nhiệm vụ", "task"), ("Nội dung", "task"), ("Nhiệm vụ, giải pháp", "task"),
    ("Nội dung công việc", "task"), ("Tên đề án, nhiệm vụ", "task"),
    ("Đơn vị chủ trì", "lead"), ("Cơ quan chủ trì thực hiện", "lead"), ("Cơ quan, đơn vị chủ trì", "lead"),
    ("Đơn vị thực hiện", "lead"), ("Cơ quan thực hiện", "lead"), ("Trách nhiệm thực hiện", "lead"),
    ("Đơn vị phối hợp", "partners"), ("Cơ quan, đơn vị phối hợp", "partners"),
    ("Cơ quan chỉ đạo", "directing"), ("Lãnh đạo phụ trách", "directing"),
    ("Kết quả/sản phẩm", "output"), ("Kết quả/ sản phẩm", "output"), ("Sản phẩm", "output"),
    ("Kết quả, sản phẩm", "output"),
    ("Thời gian thực hiện", "deadline"), ("Thời gian hoàn thành", "deadline"), ("Thời hạn", "deadline"),
    ("Thời hạn hoàn thành", "deadline"), ("Mốc hoàn thành", "deadline"), ("Thời gian", "deadline"),
    ("Ghi chú", "notes"),
    ("Kinh phí", None), ("Nguồn kinh phí", None), ("Kinh phí (triệu đồng)", None), ("Kết quả năm 2025", None),
    # layouts the lexicon was widened for
    ("WBS NUMBER", "code"), ("TASK TITLE", "task"), ("TASK OWNER", "lead"), ("START DATE", "start"),
    ("DUE DATE", "deadline"), ("PCT OF TASK COMPLETE", "status"), ("DURATION (Days)", None),
    ("Nhóm Nhiệm vụ", "group"), ("Mã Nhiệm vụ (NV)", "code"), ("Mô tả Nhiệm vụ", "task"),
    ("Ngày Bắt Đầu", "start"), ("Ngày Kết Thúc", "deadline"), ("Trạng thái", "status"), ("Phụ thuộc", None),
    ("Chỉ tiêu", "task"), ("Đơn vị", None), ("Đơn vị tính", "measure"),
    ("Cơ quan chủ trì theo dõi, đánh giá", "lead"), ("LĐVP chủ trì", "directing"),
    ("Đầu mối thực hiện", "lead"), ("Trạng thái nhiệm vụ", "status"), ("Mức độ hoàn thành", "status"),
    ("Ma nhiem vu", "code"),  # typed without diacritics: compared folded
])
def test_header_cells(cell, role):
    assert header_field(cell) == role


def test_a_word_with_accents_is_matched_with_them():
    """'mã' (code) is not 'mà' (but): cells with diacritics are compared with them."""
    assert header_field("Mã") == "code" and header_field("Ma") == "code"
    assert header_field("Việc mà xã làm") is None


def test_header_rows_and_data_rows():
    assert header_fields(["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả",
                          "Thời gian hoàn thành"]) == {0: "stt", 1: "task", 2: "lead", 3: "partners", 4: "output",
                                                       5: "deadline"}
    # two columns claim the lead: the stronger phrase wins, the other is ignored
    roles = header_fields(["Stt", "Tên nhiệm vụ", "LĐVP chủ trì", "Cơ quan chủ trì", "Cơ quan phối hợp",
                           "Đầu mối thực hiện", "Kết quả/ sản phẩm", "Thời gian hoàn thành", "Trạng thái nhiệm vụ",
                           "Kết quả thực hiện", "Mức độ hoàn thành", "Đánh giá"])
    assert roles == {0: "stt", 1: "task", 2: "directing", 3: "lead", 4: "partners", 6: "output", 7: "deadline",
                     8: "status"}
    # a data row full of label-like words is no header
    assert header_fields(["1", "Tổ chức các hoạt động tuyên truyền về chuyển đổi số cho người dân các thôn",
                          "Phòng VH-XH", "Báo cáo kết quả", "2025"]) is None
    # labels, but of a table that assigns nothing: a header, not of a task table
    other = read_header(["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Kết quả năm 2025"])
    assert other is not None and not other.qualifies
