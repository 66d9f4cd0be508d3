"""Column roles: the lexicon table, header cells scored against it, values that correct it."""
from __future__ import annotations

import pytest
from kehoach.corpus.columns import (
    ROLES,
    header_field,
    header_fields,
    lexicon,
    read_header,
)
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
    ("Kinh phí", "cost"), ("Kinh phí (triệu đồng)", "cost"), ("Dự toán kinh phí", "cost"), ("Nguồn vốn", "funding"),
    ("Nguồn kinh phí", "funding"), ("Kết quả năm 2025", None),
    # layouts the lexicon was widened for
    ("WBS NUMBER", "code"), ("TASK TITLE", "task"), ("TASK OWNER", "lead"), ("START DATE", "start"),
    ("DUE DATE", "deadline"), ("PCT OF TASK COMPLETE", "status"), ("DURATION (Days)", None),
    ("Nhóm Nhiệm vụ", "group"), ("Mã Nhiệm vụ (NV)", "code"), ("Mô tả Nhiệm vụ", "task"),
    ("Ngày Bắt Đầu", "start"), ("Ngày Kết Thúc", "deadline"), ("Trạng thái", "status"), ("Phụ thuộc", "depends"), ("Nhiệm vụ của Chính phủ", "refs"),
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


# ---------------------------------------------------------------- the values below a header


def _roles(header, rows):
    from kehoach.corpus.content import resolve

    return {c.index: c.role for c in resolve(read_header(header) if header else None, header or [], rows) if c.role}


def test_values_correct_what_headers_say():
    # 'Đơn vị' over '%' and 'Thứ bậc' is a unit of measure, not an organisation
    header = ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi"]
    rows = [["1", "Tỉ lệ sử dụng dịch vụ công trực tuyến", "%", "≥ 80", "Bộ Thông tin và Truyền thông"],
            ["2", "Xếp hạng năng lực cạnh tranh số", "Thứ bậc", "≤ 50", "Bộ Thông tin và Truyền thông"],
            ["3", "Quy mô kinh tế số", "% GDP", "≥ 30", "Bộ Thông tin và Truyền thông"]]
    assert _roles(header, rows) == {0: "stt", 1: "task", 2: "measure", 3: "output", 4: "lead"}
    # the same header over organisations: not a measure (and not a role the header names)
    orgs = [[r[0], r[1], "Bộ Công an", r[3], r[4]] for r in rows]
    assert _roles(header, orgs)[2] != "measure"
    # 'WBS' names a code, but the column holds the numbering 1, 1.1, 1.1.1
    wbs = ["WBS NUMBER", "TASK TITLE", "TASK OWNER", "DUE DATE"]
    assert _roles(wbs, [["1", "Đường găng 1", "", ""], ["1.1", "Sửa đổi Luật Khoa học và Công nghệ", "Bộ KH&CN",
                                                             "6/30/2025"], ["1.2", "Sửa đổi Luật Thuế", "Bộ Tài chính",
                                                                            "6/30/2025"]])[0] == "stt"
    # 'Tiến độ' is a deadline over dates, a status over statuses
    progress = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Tiến độ"]
    tasks = ["Số hóa hồ sơ hộ tịch", "Phủ sóng 5G", "Tập huấn kỹ năng số"]
    assert _roles(progress, [[str(n), t, "Công an xã", d] for n, (t, d) in
                             enumerate(zip(tasks, ["Quý II/2025", "2026", "Thường xuyên"]), 1)])[3] == "deadline"
    assert _roles(progress, [[str(n), t, "Công an xã", d] for n, (t, d) in
                             enumerate(zip(tasks, ["Đang thực hiện", "Hoàn thành", "Chưa thực hiện"]), 1)])[3] == "status"


def test_rows_with_no_header_are_read_by_their_values():
    rows = [["3. Phát triển NL", "M3.1", "June 2025", "NV78", "Chính sách đặc thù thu hút nhân lực số", "Bộ Nội vụ"],
            ["", "", "", "NV79", "Đề án rà soát, điều chỉnh Quy hoạch các tổ chức KHCN công lập", "Bộ KH&CN"],
            ["", "", "", "NV80", "Cơ chế để nhà khoa học thành lập, điều hành doanh nghiệp", "Bộ Nội vụ"],
            ["", "M3.2", "Dec 2025", "NV28", "Cơ chế, chính sách và thu hút nguồn lực", "Bộ KH&ĐT"],
            ["", "", "", "NV77", "Đề án phát triển, trọng dụng nhân tài", "Bộ KH&CN, Bộ TTTT"]]
    assert _roles(None, rows) == {0: "group", 1: "group", 2: "deadline", 3: "code", 4: "task", 5: "lead"}
