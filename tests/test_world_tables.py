"""Questions over national tables that point at each other, end to end (round 60's index): the
communes' plans with the Government's progress report (status_report.md), a deliverables table
whose 'Nhiệm vụ của Chính phủ' column names the programme's tasks it delivers (deliverables.md)
and a schedule keyed by those tasks' codes, with no lead column (task_codes.md)."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "layouts"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def national_tables(tmp_path_factory):
    from kehoach.corpus import bundled_paths
    from kehoach.index.search import Index

    return Index.build(bundled_paths() + [DATA / f"{n}.md" for n in ("status_report", "deliverables", "task_codes")],
                       tmp_path_factory.mktemp("national-tables"), progress=False)


def ask(index, text):
    from kehoach.qa.answer import ask

    return ask(text, index=index)


def test_a_task_code_whose_lead_is_in_the_table_delivering_it(national_tables):
    """NV45 in the schedule has no lead column; the deliverable that delivers task 45 says who leads."""
    lead = ask(national_tables, "NV45 ai chu tri?")
    assert lead.field == "lead" and lead.values == ["Bộ Tài chính, Bộ Công Thương"], lead.answer
    assert "deliverables.md" in lead.answer
    due = ask(national_tables, "NV132 ket thuc ngay nao")  # the schedule's own row; 'kết thúc' asks the deadline
    assert due.values == ["2025-06-30"] and not due.query.topic, due.answer


def test_plans_named_by_the_kind_of_table_they_are(national_tables):
    """'báo cáo tiến độ' is the progress report (its status column), whose 'Quá hạn' rows are the
    overdue ones whatever today is; 'bảng mã nhiệm vụ' is the schedule keyed by codes."""
    late = ask(national_tables, "trong báo cáo tiến độ có bao nhiêu nhiệm vụ bị quá hạn")
    assert late.field == "count" and late.values == ["2"], late.answer
    coded = ask(national_tables, "NV94 chương trình cắt giảm giấy phép theo bảng mã nhiệm vụ kết thúc khi nào?")
    assert coded.values[:1] == ["2025-12-31"] and coded.query.documents[0].title == "task_codes.md", coded.answer


def test_a_horizon_in_a_strategys_name_is_no_filter_when_the_deadline_is_asked(national_tables):
    """Asking the deadline of 'chiến lược … đến 2030' leaves 2030 in the strategy's name: as a
    filter it kept only rows due in 2030 and hid the row due 5/2025."""
    horizon = ask(national_tables, "ai ra soat dieu chinh chien luoc quoc gia ve tri tue nhan tao den 2030, han bao gio")
    assert horizon.field == "lead+deadline" and horizon.query.time is None, horizon.answer
    assert horizon.values[1] == "Tháng 5/2025" and "Trí tuệ nhân tạo" in horizon.hits[0].row.task


def test_round65_a_report_and_a_deliverables_table_asked_as_data(national_tables):
    """'trong báo cáo' alone names the one progress report; a quoted status ('đang thực hiện')
    filters its status column; a 'deliverable' is a row of the deliverables table, which it names
    ('Bộ Y tế chủ trì những deliverable nào': none there, though the report has one); 'thuộc trách
    nhiệm cơ quan nào' and 'chủ trì hoặc đồng chủ trì' ask the lead."""
    due = ask(national_tables, "co bao nhieu nhiem vu trong bao cao co han thang 3/2025")
    assert due.values == ["5"] and len(due.query.documents) == 1 and not due.query.topic, due.answer
    going = ask(national_tables, "so nhiem vu con 'dang thuc hien' trong bao cao tien do la bao nhieu")
    assert going.values == ["8"] and going.query.cell.column == "status", going.answer
    co_led = ask(national_tables, "Bo TN&MT chu tri hoac dong chu tri bao nhieu deliverable")
    assert co_led.values == ["3"] and co_led.query.documents[0].title.startswith("Bảng Deliverables"), co_led.answer
    assert ask(national_tables, "Bo Y te chu tri nhung deliverable nao").values == []
    owner = ask(national_tables, "NV94 thuoc trach nhiem co quan nao")
    assert owner.field == "lead" and owner.values == ["Văn phòng Chính phủ"], owner.answer


def test_round73_the_report_by_its_issuer_and_date_and_the_most_deliverables(national_tables):
    """The report is cited as its issuer writes it ('của Đảng ủy Chính phủ'); 'báo cáo tiến độ
    tháng 5/2025' names it with its date; 'nhiều deliverable nhất' ranks the deliverables' leads."""
    late = ask(national_tables, "nhung nhiem vu nao dang qua han trong bao cao tien do thang 5/2025")
    assert len(late.values) == 2 and late.query.documents[0].issuer == "Đảng ủy Chính phủ", late.answer
    most = ask(national_tables, "don vi nao chu tri nhieu deliverable nhat")
    assert most.field == "rank" and most.values[0] == "Bộ Khoa học và Công nghệ", most.answer


def test_round77_and_78_a_plan_named_by_kind_asks_nothing_and_a_table_without_the_column(national_tables):
    """'trong báo cáo tiến độ' names the report: its 'tiến độ' asks no deadline; the report's title
    said on ('NQ71 (hạn tháng 3-5/2025)') is no filter; 'ở cấp bộ' keeps the national deliverables
    table, which has no issuer; a deliverable (no partners column) tied with a report row that has
    partners leaves the partners question to that row."""
    who = ask(national_tables, "trong báo cáo tiến độ, cơ quan nào thực hiện việc tham mưu Chính phủ thành lập "
                               "Ủy ban dữ liệu quốc gia")
    assert who.field == "lead" and who.values == ["Bộ Công an"], who.answer
    late = ask(national_tables, "báo cáo tiến độ NQ71 (hạn tháng 3-5/2025): những nhiệm vụ nào bị quá hạn?")
    assert len(late.values) == 2 and not late.query.topic and late.query.time.kind == "overdue", late.answer
    ministry = ask(national_tables, "o cap bo, deliverable ung dung AI ho tro canh bao thien tai, bien doi khi hau "
                                    "do bo nao chu tri?")
    assert ministry.values == ["Bộ Tài nguyên và Môi trường"], ministry.answer


def test_a_table_without_the_asked_column_leaves_it_to_a_tied_row(tmp_path):
    """Round 77: deliverable 56 (no partners column) and the Government's task 76 (partner Bộ Công
    an) tie on 'di chuyển hệ thống CNTT … lên Trung tâm dữ liệu quốc gia'; the row that has partners
    answers, where the deliverable said 'not recorded'."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "ministry_plan.md", DATA / "deliverables.md"], tmp_path / "index", progress=False)
    helpers = ask(index, "di chuyển hệ thống CNTT của các bộ lên Trung tâm dữ liệu quốc gia, ai phối hợp "
                         "bảo đảm nguồn lực")
    assert helpers.field == "partners" and any("Bộ Công an" in v for v in helpers.values), helpers.answer
    assert helpers.hits[0].row.doc == "ministry_plan.md"


def test_round85_a_wbs_named_by_a_label_and_a_task_named_by_a_quote(tmp_path):
    """'WBS:' opening a question names the schedule (the coded task table is a schedule too, but
    only wbs_plan.md says so in its name); a quote after 'task' names the task, not the lead."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "wbs_plan.md", DATA / "task_codes.md"], tmp_path / "index", progress=False)
    listed = ask(index, "WBS: Bo Ngoai giao phu trach nhung task nao")
    assert listed.field == "list" and len(listed.values) == 3 and listed.query.documents[0].title == "wbs_plan.md"
    owner = ask(index, "WBS: task 'Văn bản trách nhiệm người đứng đầu' owner là ai?")
    assert owner.values == ["Bộ TTTT"] and owner.query.cell is None, owner.answer
    # round 88: a start "4/1/2025" is read month first, as the WBS's due dates ("6/30/2025") say
    april = ask(index, "trong WBS co bao nhieu dau viec bat dau thang 4/2025")
    assert april.values == ["4"], april.answer


def test_round88_a_status_said_without_quotes_in_a_named_report(national_tables):
    """Naming the progress report by its code and dates, 'đã hoàn thành' and 'đang thực hiện'
    filter its status column unquoted ('đã hoàn thành' is a cell 'Hoàn thành', never 'Chưa hoàn thành')."""
    done = ask(national_tables, "Báo cáo tiến độ thực hiện NQ 71/NQ-CP (hạn tháng 3-5/2025): bao nhiêu nhiệm vụ đã hoàn thành?")
    assert done.values == ["16"] and done.query.cell.column == "status" and not done.query.topic, done.answer
    going = ask(national_tables, "so viec dang thuc hien trong bao cao tien do thang 3-5/2025")
    assert going.values == ["8"] and len(going.query.documents) == 1, going.answer
    assert ask(national_tables, "Nghĩa Sơn có bao nhiêu nhiệm vụ đã hoàn thành").query.cell is None  # no report named
    finance = ask(national_tables, "Trong phụ lục nhiệm vụ NQ71 hạn tháng 3-5/2025 của Đảng ủy Chính phủ, Bộ Tài chính "
                                   "thực hiện mấy nhiệm vụ?")  # round 89: Ninh Giang's title cites 71/NQ-CP too
    assert finance.values == ["4"] and not finance.query.topic, finance.answer


def test_round93_a_report_the_asker_sends_names_no_plan(national_tables):
    """'mình đang tổng hợp báo cáo cho sở' is the asker's own report, not the Government's
    progress report: the communes with the task are found in every plan."""
    a = ask(national_tables, "binh dan hoc vu so: xa phuong nao trien khai? minh dang tong hop bao cao cho so, "
                             "can biet noi nao co noi nao chua")
    assert not a.query.documents and set(a.values) == {"Nghĩa Hưng", "Nghĩa Sơn", "Ninh Giang"}, a.answer


def test_round92_a_schedules_duration_and_a_targets_unit_of_measure(tmp_path):
    """'mất mấy ngày' asks a schedule row's duration: days from its start to its due date (the
    WBS's own DURATION column says 90 for 4/1/2025-6/30/2025, month first); 'tính theo đơn vị gì'
    asks a target's unit of measure, given after its result.  A deadline asked plainly stays the date."""
    from kehoach.corpus import bundled_paths
    from kehoach.index.search import Index

    index = Index.build(bundled_paths() + [DATA / "wbs_plan.md", DATA / "targets.md"], tmp_path / "idx", progress=False)
    days = ask(index, "sua doi luat thue trong ke hoach WBS mat may ngay")
    assert days.values[0].startswith("90 ngày") and "4/1/2025" in days.values[0], days.answer
    assert ask(index, "Sửa đổi Luật Thuế trong WBS hạn khi nào").values[0] == "6/30/2025"
    measure = ask(index, "ti le doanh nghiep cong nghe so nam 2045 tinh theo don vi gi")
    assert measure.field == "output" and measure.values[0] == "1 (Số doanh nghiệp/1000 dân)", measure.answer


def test_round92_more_of_the_plans_name_is_no_topic(national_tables):
    """Once the report is named, what is left of its name ('(báo cáo tiến độ)' after its dates,
    'theo báo cáo tiến độ') asks nothing: the unit's tasks in that report are counted."""
    finance = ask(national_tables, "Bo Tai chinh co may nhiem vu trong danh muc han thang 3-5/2025 (bao cao tien do)")
    assert finance.values == ["4"] and not finance.query.topic, finance.answer
    going = ask(national_tables, "so nhiem vu bo KH&CN con dang thuc hien theo bao cao tien do")
    assert going.values == ["3"] and not going.query.topic, going.answer


def test_round98_99_a_status_report_in_english_and_places_counted(national_tables):
    """'status report' is the progress report (not 'status báo cáo'); 'bn xã có nv …' counts the
    communes with such a task and names them."""
    late = ask(national_tables, "status report: qua han bn NV?")
    assert late.field == "count" and late.values == ["2"] and len(late.query.documents) == 1, late.answer
    five_g = ask(national_tables, "bn xa co nv phu song 5G")
    assert five_g.values == ["3"] and "xã Nghĩa Hưng, xã Nghĩa Thọ, xã Ninh Giang" in five_g.answer, five_g.answer
    assert ask(national_tables, "bao nhieu xa chua co nhiem vu phu song 5G").values == ["1"]  # Nghĩa Sơn


def test_round98_99_a_schedule_task_by_number_and_the_programmes_appendix(tmp_path):
    """'WBS 1.1.10 owner?': the schedule's task 1.1.10; 'PL II CT hành động CP' is the Government
    programme's appendix II ('hành động' no longer ends the name at 'động')."""
    from kehoach.index.search import Index

    index = Index.build([DATA / n for n in ("wbs_plan.md", "ministry_plan.md", "nq12_ndcp_thudo.txt")],
                        tmp_path / "idx", progress=False)
    assert ask(index, "WBS 1.1.10 owner?").values == ["Bộ Tài chính"]
    counted = ask(index, "PL II CT hành động CP: Bộ GD&ĐT chủ trì bn nv")
    assert counted.values == ["3"] and "ministry_plan.md" in counted.answer, counted.answer


def test_round99_a_part_and_its_task_number_in_a_field_question(tmp_path):
    """'Tân An mục III-2 ai chủ trì': task 2 of part III, not task 2 of part I."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "ward_plan_synthetic.md"], tmp_path / "idx", progress=False)
    a = ask(index, "Tân An mục III-2 ai chủ trì")
    assert a.hits[0].row.section.startswith("III.") and a.hits[0].row.stt == "2", a.answer


def test_round97_a_company_branch_by_its_brand(tmp_path):
    """'Viettel' is the ward's 'Viettel Tân An' (a branch named by brand and place)."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "ward_plan_synthetic.md"], tmp_path / "idx", progress=False)
    a = ask(index, "ở Tân An việc nào có Viettel phối hợp")
    assert [u.name for u in a.query.units] == ["Viettel Tân An"] and len(a.values) == 2, a.answer


def test_round102_a_communes_one_plan_named_by_its_list(tmp_path):
    """'trong danh mục chuyển đổi số 2025-2026' names the ward's one plan: every task is counted."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "ward_plan_synthetic.md"], tmp_path / "idx", progress=False)
    a = ask(index, "Phường Tân An có tất cả bao nhiêu nhiệm vụ trong danh mục chuyển đổi số 2025-2026")
    assert a.values == ["16"] and not a.query.topic, a.answer


def test_round106_a_due_day_asked_is_the_date_not_the_duration(tmp_path):
    """'due date ngày nào' is the due date; only 'mấy ngày' / 'bao nhiêu ngày' asks the duration."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "wbs_plan.md"], tmp_path / "idx", progress=False)
    a = ask(index, "Trong WBS đường găng 1, việc Sửa đổi NĐ 80/2020 task owner là ai, due date ngày nào?")
    assert a.values == ["Bộ KH&ĐT", "6/30/2025"], a.answer


def test_round98_104_an_empty_dependency_column_and_columns_a_plan_lacks(national_tables):
    """'cột Phụ thuộc để trống (điểm xuất phát)' / 'không phụ thuộc vào NV nào': the task-code
    schedule's first tasks (the bracket restates the filter); an empty column counts only in plans
    whose table has that column (a targets table has no partners to leave empty)."""
    first = ask(national_tables, "bảng mã NV: những NV nào có cột Phụ thuộc để trống (điểm xuất phát)?")
    assert first.query.cell.column == "depends" and not first.query.topic, first.answer
    assert any("Sửa Luật KH&CN" in v for v in first.values) and len(first.values) == 4, first.answer
    alone = ask(national_tables, "những nhiệm vụ nào không phụ thuộc vào nhiệm vụ nào")
    assert alone.values == first.values, alone.answer
    assert all(h.row.doc == "task_codes.md" for h in alone.hits), alone.answer


def test_round110_a_report_named_then_a_unit_and_its_own_dates(national_tables):
    """'trong báo cáo tiến độ Bộ Tài chính còn …': the report's name ends where its title's words
    do, so the ministry after it filters; 'danh mục có thời hạn tháng 3-5/2025' is the report by its
    title, while 'có thời hạn tháng 3/2025' (not the title's dates) stays a deadline filter."""
    going = ask(national_tables, "trong bao cao tien do Bo Tai chinh con bao nhieu nhiem vu dang thuc hien chua xong")
    assert going.values == ["3"] and going.query.units[0].name == "Bộ Tài chính", going.answer
    titled = ask(national_tables, "Bộ KH&CN được giao bao nhiêu nhiệm vụ trong danh mục có thời hạn tháng 3-5/2025?")
    assert titled.values == ["14"] and titled.query.time is None, titled.answer
    march = ask(national_tables, "bao nhiêu nhiệm vụ trong danh mục có thời hạn tháng 3/2025")
    assert march.values == ["5"] and march.query.time is not None, march.answer


def test_round104_tasks_that_last_a_number_of_days(tmp_path):
    """'bao nhiêu task kéo dài 121 ngày': the schedule's rows whose start and due dates are 121
    days apart (what its DURATION column says, which the reader leaves out)."""
    from kehoach.index.search import Index

    index = Index.build([DATA / "wbs_plan.md"], tmp_path / "idx", progress=False)
    a = ask(index, "WBS co bao nhieu task keo dai 121 ngay")
    assert a.values == ["6"] and a.query.days == 121 and not a.query.topic, a.answer
    listed = ask(index, "việc nào trong WBS kéo dài 90 ngày")
    assert "Sửa đổi Luật Thuế" in listed.values, listed.answer
    dated = ask(index, "việc nào trong WBS kéo dài 90 ngày có hạn năm 2025")  # both filters said in the answer
    assert "(hạn trong năm 2025)" in dated.answer and "(kéo dài 90 ngày)" in dated.answer, dated.answer


def test_round115_the_national_tables_as_data(tmp_path):
    """A target set for 2030 and for 2045 is two rows (index.twins keeps both), and the year said
    picks one; a target set for 2030 only is no answer for 2045; 'chỉ tiêu … mốc đến năm 2045'
    counts the targets of that horizon, not yearly tasks; 'là mấy tuyến', 'đứng thứ mấy' ask a
    target's amount; 'đo bằng đơn vị nào' its unit ('đo bằng' is no 'bảng'); 'đơn vị tính là thứ
    bậc' and 'phụ thuộc NV2' filter by the measure and dependency columns; 'Nhóm IV: Nhân lực' is
    part IV; 'theo dõi, đánh giá' is how a targets table says who leads."""
    from kehoach.index.search import Index

    index = Index.build([DATA / n for n in ("targets.md", "task_codes.md", "status_report.md")], tmp_path / "idx",
                        progress=False)
    later = ask(index, "quy mô kinh tế số đến năm 2045 là bao nhiêu % GDP")
    assert later.values[0].startswith("≥ 50") and later.hits[0].row.deadline == "Đến năm 2045", later.answer
    assert ask(index, "quy mo kinh te so den 2030 la bao nhieu").values[0].startswith("≥ 30")
    assert ask(index, "phủ sóng 5G tới năm 2045 chỉ tiêu là bao nhiêu % dân số").confidence == "none"
    assert ask(index, "phủ sóng 5G tới năm 2030 chỉ tiêu là bao nhiêu % dân số").values[0].startswith("99")
    assert ask(index, "co bao nhieu chi tieu cho moc den nam 2045").values == ["6"]
    cables = ask(index, "so tuyen cap quang bien moi dua vao hoat dong toi 2030 la may tuyen")
    assert cables.field == "output" and cables.values[0].startswith("09"), cables.answer
    assert ask(index, "chi so doi moi sang tao toan cau nam 2045 VN phai dung thu may").values[0].startswith("≤ 30")
    unit = ask(index, "ti le doanh nghiep cong nghe so den 2045 duoc do bang don vi nao va muc bao nhieu")
    assert unit.values == ["1 (Số doanh nghiệp/1000 dân)"] and not unit.query.documents, unit.answer
    ranked = ask(index, "liệt kê giúp mình mấy chỉ tiêu có đơn vị tính là thứ bậc (xếp hạng) nhé")
    assert len(ranked.values) == 4 and not ranked.query.topic, ranked.answer
    assert ask(index, "chi tieu nguon nhan luc NC KH, PT cong nghe, DMST: dvt la gi").values[0].startswith("12")
    waiting = ask(index, "nhiem vu nao phu thuoc NV2 (chuong trinh chuyen biet tren truyen hinh, MXH)")
    assert waiting.values == ["Phong trào “học tập số”", "Quy định trách nhiệm người đứng đầu"], waiting.answer
    assert ask(index, "nhom IV nhan luc trong bang ma co may NV").values == ["4"]
    watched = ask(index, "Văn phòng Chính phủ chịu trách nhiệm theo dõi bao nhiêu chỉ tiêu trong phụ lục chỉ tiêu cụ thể?")
    assert watched.values == ["4"], watched.answer
    most = ask(index, "nếu không tính Bộ KHCN thì cơ quan nào nhiều nhiệm vụ nhất trong báo cáo tiến độ")
    assert most.values[0] == "Bộ Tài chính" and not most.query.topic, most.answer


def test_round121_122_plans_by_code_and_tables_as_data(tmp_path):
    """From rounds 121-122: a question opening with a code no plan read holds ('QĐ 2201', the index
    has QĐ 2200) is no answer, unless it names a plan otherwise ('KH 09 của Bộ TN&MT', whose number
    is blank); 'kh btnmt' is a plan, not 'không btnmt'; 'Quý II, III/2026' is done in quý II;
    'các Bộ: Quốc phòng, …' names Bộ Quốc phòng; 'thời gian trình là Quý II/2023' is the deadline;
    'không ghi số tiền kinh phí' is a cost cell with no amount (a source named alone counts);
    'bảng tiến độ gửi Đảng ủy Chính phủ' names the report; 'kéo dài đúng 121 ngày'; 'WBS plan:
    owner nào ôm nhiều task nhất' ranks the schedule's owners; 'báo cáo tiến độ NQ71 – …' names
    the report before a dash, and 'báo cáo tiến độ các nhiệm vụ NQ 71' though a commune plan cites NQ 71
    too; a quoted value after a role's word is the column that holds it ('gánh … "theo văn bản chỉ
    đạo của thành phố"': a deadline); 'thuộc mục VII hợp tác' is part VII."""
    from kehoach.corpus import bundled_paths
    from kehoach.index.search import Index

    names = ("qd2200_bnnmt_nd180.txt", "kh09_btnmt_ct13.txt", "nq12_ndcp_thudo.txt", "ward_plan_synthetic.md",
             "status_report.md", "wbs_plan.md", "ministry_plan.md")
    index = Index.build(bundled_paths() + [DATA / n for n in names], tmp_path / "idx", progress=False)
    assert ask(index, "QĐ 2201/QĐ-BNNMT triển khai Luật Lâm nghiệp sửa đổi: ai chủ trì tổ chức hội nghị phổ biến?"
               ).confidence == "none"
    assert ask(index, "QĐ 2200: ai chủ trì tổ chức hội nghị phổ biến, triển khai Nghị định").values
    from kehoach.qa.plans import unknown_opening_code
    from kehoach.qa.text import Text

    assert unknown_opening_code(Text("QĐ 2201: ai chủ trì"), index) == "QĐ 2201"
    assert unknown_opening_code(Text("KH 12: ai chủ trì"), index) is None  # a plan here is "Kế hoạch số   /KH-…"
    assert ask(index, "KH 09 cua Bo TN&MT trien khai CT 13: ai chu tri thiet lap he thong dang ky quoc gia ve han "
                      "ngach phat thai va tin chi cac-bon").values == ["Cục Biến đổi khí hậu"]
    assert ask(index, "kh btnmt ve chi thi 13, don vi nao om nhieu viec nhat").values[0] == "Cục Biến đổi khí hậu"
    quarter = ask(index, "QĐ 2200: hoạt động nào làm trong quý II/2026?")
    assert any("phương pháp tạo tín chỉ các-bon rừng" in v for v in quarter.values), quarter.answer
    defence = ask(index, "bo quoc phong tham gia phoi hop o nhung nhiem vu nao")
    assert any("Cảng hàng không quốc tế thứ hai" in v for v in defence.values), defence.answer
    submitted = ask(index, "NQ12: nhiệm vụ nào thời gian trình là Quý II/2023?")
    assert submitted.values and submitted.values[0].startswith("Quy hoạch Thủ đô Hà Nội"), submitted.answer
    unpriced = ask(index, "Phường Tân An có bao nhiêu nhiệm vụ không ghi số tiền kinh phí (để gạch ngang)?")
    assert unpriced.values == ["6"], unpriced.answer
    assert ask(index, "Phường Tân An có bao nhiêu nhiệm vụ để trống kinh phí").values == ["4"]
    report = ask(index, "so nhiem vu con 'dang thuc hien' trong bang tien do gui dang uy chinh phu la may")
    assert report.values == ["8"] and not report.query.topic, report.answer
    assert ask(index, "trong WBS co may task keo dai dung 121 ngay").values == ["6"]
    owners = ask(index, "WBS plan: task owner nào ôm nhiều task nhất?")
    assert owners.field == "rank" and owners.values[0].startswith("Bộ Thông tin và Truyền thông"), owners.answer
    dashed = ask(index, "báo cáo tiến độ NQ71 – công cụ giám sát liên thông sổ sức khỏe điện tử, giấy chuyển tuyến: "
                        "hạn tháng mấy?")
    assert dashed.values == ["Tháng 4/2025"], dashed.answer
    done = ask(index, "Trong báo cáo tiến độ các nhiệm vụ NQ 71 hạn tháng 3-5/2025 có bao nhiu nhiệm vụ đã hòan thành")
    assert done.values == ["16"], done.answer  # a commune plan citing NQ 71 too: the words before name the report
    quoted = ask(index, "Ninh Giang phòng nào gánh nhiều việc 'theo văn bản chỉ đạo của thành phố' nhất")
    assert quoted.query.cell.column == "deadline" and quoted.values[0] == "Phòng Văn hóa - Xã hội", quoted.answer
    part = ask(index, "liet ke cac nhiem vu thuoc muc VII hop tac trong phu luc cua Ninh Giang")
    assert len(part.values) == 3 and "xúc tiến đầu tư" in part.values[0], part.answer


def test_round120_a_code_in_brackets_names_the_task(national_tables):
    """'Đề án … (NV118) kết thúc ngày nào': the schedule's task NV118, not a task numbered 118."""
    answer = ask(national_tables, "Đề án chuyển đổi số cho hộ kinh doanh, HTX, doanh nghiệp nhỏ (NV118) kết thúc ngày nào?")
    assert answer.query.number == "NV118" and answer.values == ["2025-12-31"], answer.answer
