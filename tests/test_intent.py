"""Question understanding (qa.intent): fields, precedence, accents, constraints, topic.

Pure and fast: the vocabulary (communes, units, deadline years) comes from the bundled plans.
"""
from __future__ import annotations

import pytest
from kehoach.corpus import read_corpus
from kehoach.qa.intent import Vocabulary, parse, precedence
from kehoach.corpus.normalize import fold


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    rows, errors = read_corpus()
    assert not errors
    return Vocabulary.from_rows(rows)


# (with diacritics, typed without, field asked)
FIELD_CASES = [
    ("ai chủ trì số hóa hộ tịch", "ai chu tri so hoa ho tich", "lead"),
    ("đơn vị nào phụ trách phủ sóng 5G", "don vi nao phu trach phu song 5G", "lead"),
    ("cơ quan nào chịu trách nhiệm chữ ký số", "co quan nao chiu trach nhiem chu ky so", "lead"),
    ("ai phối hợp số hóa hồ sơ thủ tục hành chính", "ai phoi hop so hoa ho so thu tuc hanh chinh", "partners"),
    ("số hóa di tích phối hợp với ai", "so hoa di tich phoi hop voi ai", "partners"),
    ("khi nào phải xong giáo dục STEM", "khi nao phai xong giao duc STEM", "deadline"),
    ("thời hạn hoàn thành bộ quy tắc ứng xử", "thoi han hoan thanh bo quy tac ung xu", "deadline"),
    ("sản phẩm của nhiệm vụ số hóa di tích là gì", "san pham cua nhiem vu so hoa di tich la gi", "output"),
    ("kết quả đầu ra của đánh giá chuyển đổi số doanh nghiệp", "ket qua dau ra cua danh gia chuyen doi so doanh nghiep",
     "output"),
    ("liệt kê nhiệm vụ của Công an xã", "liet ke nhiem vu cua cong an xa", "list"),
    ("Phòng Kinh tế chủ trì những nhiệm vụ nào", "phong kinh te chu tri nhung nhiem vu nao", "list"),
    ("Công an xã chủ trì bao nhiêu nhiệm vụ", "cong an xa chu tri bao nhieu nhiem vu", "count"),
    ("Công an xã chủ trì mấy nhiệm vụ", "cong an xa chu tri may nhiem vu", "count"),
    ("số lượng nhiệm vụ của Phòng Kinh tế", "so luong nhiem vu cua phong kinh te", "count"),
    ("phát động phong trào thi đua đổi mới sáng tạo", "phat dong phong trao thi dua doi moi sang tao", "search"),
]


@pytest.mark.parametrize("accented,folded,field", FIELD_CASES)
def test_field_with_and_without_diacritics(vocab, accented, folded, field):
    a, f = parse(accented, vocab), parse(folded, vocab)
    assert (a.field, f.field) == (field, field)
    assert a.diacritics and not f.diacritics


def test_folded_cue_does_not_fire_inside_another_word(vocab):
    # "mấy" (how many) vs "máy bay" (aeroplane): accented questions match accented cues only
    assert parse("giá vé máy bay đi Đà Nẵng", vocab).field == "search"
    assert parse("có mấy nhiệm vụ ở Nghĩa Sơn", vocab).field == "count"
    # folded: bare "may" is never a cue; only unambiguous phrases such as "may nhiem vu" are
    assert parse("gia ve may bay di Da Nang", vocab).field == "search"
    assert parse("may tinh cho can bo", vocab).field == "search"
    # a folded cue typed inside an accented question still has to be typed without accents
    assert parse("Nghĩa Sơn có may nhiem vu", vocab).field == "count"
    # "hạn" (deadline) does not fire inside "hạn chế"
    assert parse("hạn chế dùng tiền mặt", vocab).field == "search"
    assert parse("hạn của nhiệm vụ chữ ký số", vocab).field == "deadline"


def test_ai_acronym_is_not_the_question_word(vocab):
    i = parse("ứng dụng AI ở Ninh Giang", vocab)
    assert i.field == "search" and "AI" in i.topic
    j = parse("ứng dụng AI ở Ninh Giang do ai chủ trì", vocab)
    assert j.field == "lead" and j.topic == "ứng dụng AI"
    assert parse("Ai chủ trì ứng dụng AI?", vocab).field == "lead"  # sentence-initial "Ai" is the question word
    assert parse("AI CHU TRI SO HOA HO TICH", vocab).field == "lead"  # all caps: case says nothing


def test_precedence(vocab):
    assert list(precedence()) == ["rank", "communes", "count", "list", "partners", "lead", "deadline", "output", "funding",
                                  "task", "search"]
    # a partner role word next to the who-cue makes it a partners question, not lead
    assert parse("ai phối hợp triển khai nền tảng số", vocab).field == "partners"
    # ... but "ai chủ trì" keeps its role word, whatever the task text says after it
    assert parse("ai chủ trì phối hợp phát triển hạ tầng viễn thông", vocab).field == "lead"
    # count and list beat "ai"/"chủ trì"
    assert parse("ai chủ trì bao nhiêu nhiệm vụ ở Nghĩa Sơn", vocab).field == "count"
    assert parse("liệt kê những nhiệm vụ do ai chủ trì ở Nghĩa Thọ", vocab).field == "list"
    # an interrogative deadline cue beats an output keyword found in the task text
    assert parse("khi nào có kết quả số hóa hồ sơ", vocab).field == "deadline"
    # a who-question beats a deadline keyword
    assert parse("ai chủ trì nhiệm vụ có thời hạn 2025 về giáo dục STEM", vocab).field == "lead"


def test_the_count_question(vocab):
    i = parse("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?", vocab)
    assert (i.field, i.unit_names, i.role, i.communes, i.topic) == ("count", ["Phòng Kinh tế"], "lead", ["Nghĩa Sơn"], "")
    p = parse("Công an xã Nghĩa Sơn phối hợp những nhiệm vụ nào?", vocab)
    assert (p.field, p.unit_names, p.role, p.communes) == ("list", ["Công an xã"], "partner", ["Nghĩa Sơn"])
    assert parse("phong van hoa xa hoi tham gia bao nhieu nhiem vu", vocab).role == "partner"  # issue 10
    assert parse("Phòng VH-XH chủ trì và phối hợp mấy nhiệm vụ", vocab).unit_names == ["Phòng Văn hóa - Xã hội"]


@pytest.mark.parametrize("question,communes", [
    ("ai phụ trách dịch vụ công trực tuyến ở Nghĩa Hưng", ["Nghĩa Hưng"]),
    ("ai chủ trì sản xuất thông minh xã Ninh Giang", ["Ninh Giang"]),
    ("Ninh Giang: kinh phí chuyển đổi số do ai bảo đảm", ["Ninh Giang"]),
    ("o nghia tho ai chu tri so hoa ho tich", ["Nghĩa Thọ"]),
    ("tại Nghĩa Sơn và Nghĩa Thọ ai chủ trì thanh toán số", ["Nghĩa Sơn", "Nghĩa Thọ"]),
])
def test_communes_are_constraints_and_leave_the_topic(vocab, question, communes):
    i = parse(question, vocab)
    assert i.communes == communes
    for name in communes:
        assert name.lower() not in i.topic.lower()
    assert not any(w in i.topic.split() for w in ("ở", "o", "xã", "tại", ":"))


def test_unknown_commune_is_noticed(vocab):
    assert parse("ai chủ trì số hóa hộ tịch ở xã Hải Hậu", vocab).unknown_communes == ["Hải Hậu"]
    assert parse("Công an xã Nghĩa Sơn chủ trì mấy nhiệm vụ", vocab).unknown_communes == []


def test_years(vocab):
    assert parse("có bao nhiêu nhiệm vụ hạn năm 2025", vocab).year == 2025
    assert parse("nhung nhiem vu nao phai xong trong 2026", vocab).year == 2026
    i = parse("ai chủ trì giai đoạn 2026-2030 phủ sóng 5G", vocab)
    assert i.year is None and "2026-2030" in i.topic  # a range is a period of the topic


def test_units_filter_only_where_they_are_not_the_answer(vocab):
    # lead question: the unit named may be the answer, never a filter
    lead = parse("Phòng Kinh tế hay Phòng Văn hóa chủ trì sản xuất thông minh", vocab)
    assert lead.field == "lead" and lead.units == [] and "Phòng Kinh tế" in lead.mentioned_units
    # topic words that are also unit aliases ("kinh tế số", "doanh nghiệp") are not units
    assert parse("có bao nhiêu nhiệm vụ về kinh tế số", vocab).units == []
    assert parse("ai đánh giá chuyển đổi số của doanh nghiệp ở Ninh Giang", vocab).units == []
    # a unit next to a role word filters a deadline question
    d = parse("khi nào xong nhiệm vụ do Trạm y tế chủ trì ở Nghĩa Hưng", vocab)
    assert (d.field, d.unit_names) == ("deadline", ["Trạm Y tế xã"])


def test_topic_keeps_the_task_words_only(vocab):
    assert parse("ai chủ trì số hóa hộ tịch", vocab).topic == "số hóa hộ tịch"
    assert parse("kế hoạch sản xuất thông minh ở Ninh Giang do phòng nào chủ trì", vocab).topic == \
        "kế hoạch sản xuất thông minh"
    assert parse("khi nào phải xong giáo dục STEM ở Nghĩa Thọ", vocab).topic == "giáo dục STEM"
    assert parse("co bao nhieu nhiem vu ve co so du lieu", vocab).topic == "co so du lieu"


def test_task_number_and_unknown_unit(vocab):
    assert parse("ai chủ trì nhiệm vụ 14 ở Nghĩa Thọ", vocab).stt == "14"
    assert parse("có bao nhiêu nhiệm vụ năm 2025", vocab).stt is None
    assert [u.name for u in parse("Sở Y tế chủ trì bao nhiêu nhiệm vụ", vocab).unknown_units] == ["Sở Y tế"]


def test_accents_and_ambiguous_words_keep_the_topic(vocab):
    # "mức 2" is not "mục 2" (a task number); typed without accents a leading "tai" may be "tài"
    accented = parse("ai chủ trì tài khoản định danh điện tử mức 2", vocab)
    assert accented.stt is None and accented.topic == "tài khoản định danh điện tử mức 2"
    assert parse("ai chu tri tai khoan dinh danh dien tu", vocab).topic == "tai khoan dinh danh dien tu"
    assert parse("de an 06 do ai chu tri", vocab).topic == "de an 06"
    # a list's deadline wording is not a topic: the year filters
    listed = parse("liệt kê các nhiệm vụ Ninh Giang phải hoàn thành trong năm 2025", vocab)
    assert (listed.field, listed.year, listed.topic) == ("list", 2025, "")


def test_task_numbers_time_windows_and_unit_acronyms(vocab):
    assert parse("5.3 của Nghĩa Hưng là gì", vocab).number == "5.3"  # a numbering on its own
    assert parse("tỷ lệ đạt 95.5% thì ai chủ trì", vocab).number is None  # a percentage is not
    soon = parse("trong 3 tháng tới những việc nào đến hạn", vocab)
    assert (soon.time.kind, soon.time.months, soon.topic) == ("due_soon", 3, "")
    assert parse("VH-XH Ninh Giang có bao nhiêu việc", vocab).unit_names == ["Phòng Văn hóa - Xã hội"]
    assert parse("văn phòng hđnd chủ trì những gì ở nghĩa thọ", vocab).unit_names == ["Văn phòng HĐND&UBND"]
    assert parse("có bao nhiêu nhiệm vụ về kinh tế số", vocab).units == []  # a topic word, not a unit


@pytest.mark.parametrize("question,field,topic", [
    ("an toan an ninh thong tin nghia son lam ra cai j", "output", "an toan an ninh thong tin"),
    ("so hoa ho tich dc giao cho ai", "lead", "so hoa ho tich"),
    ("bh xong giáo dục STEM", "deadline", "giáo dục STEM"),
])
def test_chat_shorthand_is_read_as_the_words(question, field, topic, vocab):
    q = parse(question, vocab)
    assert (q.field, q.topic) == (field, topic)


@pytest.mark.parametrize("question", [
    "hỗ trợ tiền cho mấy dự án khởi nghiệp của bà con đưa lên vườn ươm của tỉnh là việc phòng nào",
    "ai lo số hóa mấy cái đình, đền cổ trong xã",
])
def test_a_count_word_inside_the_topic_does_not_make_a_count(question, vocab):
    assert parse(question, vocab).field == "lead"
    assert parse("Nghĩa Sơn có bao nhiêu hộ nghèo", vocab).field == "output"  # nothing else asked: an amount


def test_a_who_cue_pointing_back_and_a_number_in_brackets(vocab):
    q = parse("phủ sóng 5G ở Ninh Giang thì bên phối hợp là ai", vocab)
    assert q.fields == ("partners",)
    q = parse("viec cuoi cung cua nghia son (so 26) la gi", vocab)
    assert q.number == "26" and q.fields == ("task",)


@pytest.mark.parametrize("question", ["Tổ đảng nào chủ trì thẩm tra dự án luật", "trạm nào phụ trách sổ sức khỏe điện tử",
                                      "trung tam nao lo dich vu cong truc tuyen", "hội nào tham gia chuyển đổi số"])
def test_which_kind_of_body_asks_who(question, vocab):
    assert parse(question, vocab).fields[0] in ("lead", "partners")


def test_hoi_nao_typed_without_accents_may_be_when_not_which_association(vocab):
    assert parse("hoi nao xong so hoa ho tich", vocab).fields != ("lead",)


@pytest.mark.parametrize("question, topic", [
    ("Xã mình là Nghĩa Sơn. Ai lo phần chữ ký số vậy?", "chữ ký số"),
    ("anh chị ơi cho em hỏi, bên Ninh Giang thì việc phủ sóng 5G ai làm ạ", "phủ sóng 5G"),
    ("nhờ tra giúp: hạn chót của việc số hóa di tích ở nghĩa hưng", "số hóa di tích"),
    ("ai lo phần mềm một cửa điện tử", "phần mềm một cửa điện tử"),
])
def test_who_is_asking_and_from_where_is_not_the_topic(question, topic, vocab):
    assert parse(question, vocab).topic == topic


@pytest.mark.parametrize("question, fields", [
    ("nghia son day manh thanh toan khong dung tien mat thi don vi nao phoi hơp", ("partners",)),  # accents in part
    ("Mục 7.1 trong danh mục nhiệm vụ của Nghĩa Hưng là nội dung gì?", ("task",)),  # a numbered task is one task
    ("so suc khoe dien tu o nghia hung ai phu trach va deadline", ("lead", "deadline")),  # English, joined by "và"
])
def test_fourth_outside_set_readings(question, fields, vocab):
    assert parse(question, vocab).fields == fields


def test_a_typed_mark_another_word_has_is_no_match(vocab):
    assert parse("Nghĩa Sơn có máy việc", vocab).fields != ("count",)  # "máy" is not "mấy"


@pytest.mark.parametrize("said, typed", [
    ("quan triet nghi quyet nam muoi bay o nghia hung", "quan triet nghi quyet 57 o nghia hung"),
    ("nhiệm vụ số mười hai của Nghĩa Sơn", "nhiệm vụ số 12 của Nghĩa Sơn"),
    ("việc hạn năm hai nghìn không trăm hai mươi sáu", "việc hạn năm 2026"),
    ("một trăm linh năm", "105"),
    ("đạt một trăm phần trăm", "đạt 100 phần trăm"),  # "phần trăm" alone stays words
    ("đổi mới tư duy", "đổi mới tư duy"),  # no tens: "tư" is a word
    ("bốn nghìn", "4000"), ("bốn ngàn", "4000"), ("tư nghìn", "4000"),
    # typed without diacritics, "tu ngan" is "từ ngân", never "tư ngàn"
    ("viec lay tien tu ngan sach phuong", "viec lay tien tu ngan sach phuong"),
    ("vay tu ngan hang chinh sach", "vay tu ngan hang chinh sach"),
])
def test_numbers_said_in_words_are_read_as_digits(said, typed):
    from kehoach.qa.text import Text

    assert Text(said).orig == typed


def test_a_spoken_task_number_is_a_task_number(vocab):
    q = parse("nhiệm vụ số mười hai của Nghĩa Sơn là gì", vocab)
    assert (q.fields, q.number) == (("task",), "12")


@pytest.mark.parametrize("question, fields", [
    ("diem nghen the che ninh giang phoi hop", ("partners",)),  # a keyword query ends with the field
    ("nghia tho nen tang so dung chung han", ("deadline",)),
    ("nhu cau ho tro cua doanh nghiep o nghia hung bao lau lam mot lan", ("deadline",)),
])
def test_keyword_queries_ending_with_the_field(question, fields, vocab):
    assert parse(question, vocab).fields == fields


def test_either_role_said_anywhere_and_directly_leading(vocab):
    assert parse("Nghĩa Thọ việc nào có các xóm tham gia (chủ trì hoặc phối hợp)", vocab).role == "any"
    q = parse("nhung viec ubnd xa nghia hung truc tiep chu tri", vocab)
    assert (q.role, q.topic) == ("lead", "")


def test_done_then_what_product_asks_the_output(vocab):
    q = parse("số hóa dữ liệu tư pháp ở Nghĩa Sơn làm xong có sản phẩm gì", vocab)
    assert q.fields == ("output",)
    assert parse("khi nào làm xong số hóa hộ tịch", vocab).fields == ("deadline",)


# Questions of this session's outside askers (the tune parts of round15-round25), each read into
# the field it asks and the topic left once the frame, the filters and the asides are taken out.
READINGS = [
    # round15: Southern speech, chat, a researcher's notes
    # Southern speech and chat: "mần", "dzậy", "hông"; "bn" is "bao nhiêu"; "hạn bn" the deadline
    ("ai mần số hóa hộ tịch ở Nghĩa Thọ dzậy", "lead", "số hóa hộ tịch"),
    ("nghia tho lam cho, khu dan cu ko dung tien mat thi ai lo, han bn?", "lead+deadline",
     "lam cho, khu dan cu khong dung tien mat"),
    # office English at the end of a researcher's note
    ("Ninh Giang: nền tảng giám sát môi trường, nguồn nước → deliverable?", "output", "nền tảng giám sát môi trường, nguồn nước"),
    ("ninh giang — AI tren du lieu lon: partners?", "partners", "AI tren du lieu lon"),
    # why the asker asks is not what the question is about
    ("Liệt kê các nhiệm vụ Phòng Kinh tế xã Ninh Giang chủ trì, để tôi dự trù kinh phí.", "list", ""),
    # "hợp tác xã" keeps its "xã" before "ở <commune>"; "dùng chung" keeps its "chung"
    ("có bao nhiêu việc về hợp tác xã ở Nghĩa Sơn", "count", "hợp tác xã"),
    ("nen tang so dung chung — xa nao KHONG co task nay?", "communes", "nen tang so dung chung"),
    # "có mấy việc …, kể ra": the items are asked, the count comes with them
    ("Ở Nghĩa Hưng có mấy việc ghi các trường học vô phần phối hợp, chú kể ra giùm tui coi là việc chi?", "list", ""),
    ("Tui hỏi coi trong mấy xã, xã nào có việc dính tới hợp tác xã hông dzậy?", "communes", "hợp tác xã"),
    # round17: formal letters, a voice message, English-mixed Vietnamese
    # a formal frame and an aside of purpose or contrast are no topic
    ("De danh gia tien do, de nghi cho biet trong ca 4 xa, xa nao co nhieu nhiem vu an dinh hoan thanh "
     "trong nam 2025 nhat?", "rank", ""),  # "nhiều … nhất" eight words apart
    ("Đề nghị liệt kê các nhiệm vụ trong danh mục của xã Nghĩa Hưng mà cột đơn vị chủ trì chỉ ghi chung "
     "'các cơ quan, đơn vị' chứ không chỉ định một phòng cụ thể.", "list", ""),
    ("Da cho em hoi muc III ve ha tang trong bang phan cong cua Ninh Giang co may nhiem vu a?", "count", "ha tang"),
    # "ngoài đơn vị chủ trì thì …": the lead is set aside, the partners asked
    ("Nghĩa Hưng, rà soát khó khăn vướng mắc, ngoài đơn vị chủ trì thì những lực lượng nào được giao phối hợp?",
     "partners", "rà soát khó khăn vướng mắc"),
    # a voice message: "ờ cho hỏi", "cái vụ", "gì hết"
    ("o cho hoi trong may cai xa a xa nao khong co cai vu khoi nghiep gi het vay", "communes", "khoi nghiep"),
    # English in a Vietnamese sentence
    ("Ninh Giang co dung AI de canh bao thien tai; unit nao lead viec nay?", "lead", "co dung AI de canh bao thien tai"),
    ("List giúp mình các task mà Trung tâm Phục vụ Hành chính công Nghĩa Sơn chủ trì?", "list", ""),
    ("Among cả 4 xã, xã nào giao cho Công an xã in charge nhiều task nhất?", "rank", ""),
    # "thời hạn hoàn thành" is one cue: "hạn hoàn thành" left "và thời" in the topic
    ("tại xã Nghĩa Hưng, việc số hóa hộ tịch do cơ quan nào chủ trì và thời hạn hoàn thành ra sao?", "lead+deadline",
     "số hóa hộ tịch"),
    # "năm 2025 và 2026" names the programme's period, not a deadline filter
    ("o nghia son chuong trinh cat giam thu tuc hanh chinh nam 2025 va 2026 thi bao gio xong", "deadline",
     "chuong trinh cat giam thu tuc hanh chinh nam 2025 va 2026"),
    # round18: a ministry official's notes, an analyst, a letter
    # column names shortened in a ministry's notes: "đơn vị CT và đơn vị PH"
    ("Ninh Giang – liên thông dữ liệu sổ SK điện tử lên VNeID: đơn vị CT và đơn vị PH?", "lead+partners",
     "liên thông dữ liệu sổ SK điện tử lên VNeID"),
    ("NQ 57 được nhắc tên trong bảng nhiệm vụ của những xã nào?", "communes", "NQ 57"),
    # the analyst's own arithmetic and asides
    ("So sánh cả 4 xã: xã nào giao Phòng KT chủ trì ít nhiệm vụ nhất trong PL phân công?", "rank", ""),
    ("Nghĩa Hưng bên mình, phòng Văn hóa - Xã hội đang ôm bao nhiêu việc chủ trì, tính cả hai phụ lục?", "count", ""),
    # "nhiều … hơn" between two communes ranks them
    ("So giua Ninh Giang va Nghia Son, xa nao giao Phong Van hoa - Xa hoi chu tri nhieu nhiem vu hon?", "rank", ""),
    # a letter: the sentence with the question mark asks ("tìm hiểu" before it is no search), and
    # "ít nhất một" is an amount, not a ranking
    ("Kính thưa quý cơ quan, tôi mong bà con có chỗ sinh hoạt câu lạc bộ sáng tạo, tìm hiểu khoa học. Tôi xin phép "
     "hỏi: việc dựng ít nhất một không gian chung như vậy do phòng nào chịu trách nhiệm ạ? Tôi xin chân thành cảm ơn.",
     "lead", "quý cơ quan, tôi mong bà con có chỗ sinh hoạt câu lạc bộ sáng tạo, tìm hiểu khoa học. dựng ít nhất một "
     "không gian chung như"),  # "như vậy" points back: the sentence before names the club
    ("Kế hoạch Ninh Giang nói gì về trí tuệ nhân tạo? Hãy liệt kê các nhiệm vụ trong phụ lục có nhắc tới AI.", "list",
     "trí tuệ nhân tạo? AI"),
    # round19: a chairman's notes between meetings, roundabout words for the fields
    # a chairman's notes between meetings: "kt" Kinh tế, "ct" chủ trì, "sd dl", "ktra", "tk", a typo "phio"
    ("nghia son kt chu tri may viec", "count", ""),
    ("nghia hung tai sd dl phoi hop", "partners", "tai su dung du lieu"),
    ("ninh giang ktra cong vu phoi hop", "partners", "kiem tra cong vu"),
    ("nghia hung tk ngan hang ai lo", "lead", "tai khoan ngan hang"),
    ("nghia tho thi dua ai phio hop", "partners", "thi dua"),
    # one unit ranked "across the 4 communes": by commune ("4 xã" is no amount)
    ("cong an ct nhieu nhat 4 xa", "rank", ""),
    # English and roundabout words for the fields
    ("ở Ninh Giang việc giao cho các tech company theo cơ chế đặt hàng thì time frame như thế nào?", "deadline",
     "giao cho các tech company theo cơ chế đặt hàng"),
    ("o Nghia Son, viec lam cai trang web cua xa thi cuoi cung phai ra duoc cai gi a?", "output",
     "lam cai trang web cua xa thi cuoi cung"),
    # round20: radio letters, an accountant's table questions
    ("Trong phụ lục của Nghĩa Sơn có bao nhiêu nhiệm vụ có hạn hoàn thành ghi rõ trong năm 2026?", "count", ""),
    ("Đề nghị liệt kê những nhiệm vụ mà Văn phòng HĐND và UBND xã Ninh Giang tham gia với vai trò phối hợp.", "list", ""),
    ("Ninh Giang: phong Kinh te chu tri nhung viec gi? liet ke giup em de chuan bi giai phap.", "list", ""),
    # "ngoài mấy phòng chủ trì ra": the lead set aside; "vào cuộc cùng" asks the partners
    ("Phong trao thi dua o Nghia Tho thi ngoai may phong chu tri ra con ai vao cuôc cung nua nhi?", "partners",
     "Phong trao thi dua"),  # "thì", "còn" between removed spans: connectors, no topic
    # "xã hội" keeps its "xã" (a set question's filler "xã" took it: "mạng hội")
    ("Bên em làm app cho cơ quan nhà nước. Những xã nào có nhiệm vụ liên quan tới mạng xã hội ạ?", "communes",
     "mạng xã hội"),
    # the letter's question points back ("kế hoạch ấy"): the sentence before it names the plan
    ("Anh Phúc ở xóm 5, xã Nghĩa Thọ viết: bà con vẫn phải mang giấy tờ lên xã. Anh nghe nói xã có kế hoạch phát "
     "triển chính quyền số. Anh hỏi: kế hoạch ấy thì phải hoàn thành vào thời gian nào?", "deadline",
     "Anh nghe nói xã có kế hoạch phát triển chính quyền số. kế hoạch hoàn thành"),  # "Anh hỏi:" frames
    # round22: a cadre's table questions
    ("Nghĩa Sơn có việc gì mà hạn chót đúng tháng 4 năm 2026?", "list", ""),  # "đúng tháng 4" goes with the year
    ("nghia tho phong VH-XH dung ten chu tri bao nhieu viec, tinh ca cho chu tri chung voi don vi khac?", "count", ""),
    ("Nghĩa Hưng những nhiệm vụ nào mà kết quả phải nộp báo cáo? kể hết", "list", ""),
    ("Xã Ninh Giang có kế hoạch xây sân vận động, làm xong nộp ra cái gì?", "output",
     "kế hoạch xây sân vận động, làm nộp"),  # "nộp ra cái gì" asks: no quoted value
    # round24: voice typing, office English, either-or
    ("ninh giang lo tiền cho các việc chuyển đổi số với đề án không sáu thì làm vào lúc nào", "deadline",
     "lo tiền cho chuyển đổi số với đề án không sáu"),  # "các việc" inside the topic asks no list; "làm vào lúc nào" asks when
    ("Nghia Tho: ai cam chinh quyen so?", "lead", "chinh quyen so"),  # "cầm": who holds it
    ("Nghia Tho, can lam report: muc phat trien nhan luc chat luong cao, nhan tai co bao nhieu task?", "count",
     "muc phat trien nhan luc chat luong cao, nhan tai"),  # "cần làm report:" is why, not what
    ("ở ninh giang việc gì mà trạm y tế cũng đứng chủ trì", "list", ""),
    ("Ninh Giang, follow up viec chinh quy trinh noi bo thi phong nao support TTPVHCC?", "partners",
     "chinh quy trinh noi bo"),  # "support X": X is the lead the partners help
    ("Nghia Tho: khuyen khich can bo dam nghi, dam chiu trach nhiem - ai phoi hpo?", "partners",
     "khuyen khich can bo dam nghi, dam chiu trach nhiem"),  # a typo "hpo"; "dám chịu trách nhiệm" is the topic's
    ("Nghĩa Thọ hay Ninh Giang có nhiệm vụ phát động phong trào thi đua, hay là cả hai xã?", "communes",
     "phát động phong trào thi đua"),  # which of the two, or both
    # round25: a deputy chief's shorthand, a women's union member
    ("Nghia Hung - TT DVSNC chu tri bn NV (ca 2 phu luc)?", "count", ""),  # "NV" is "nhiệm vụ"
    ("Ở Nghĩa Hưng những việc nào có kéo các trường học vào phối hợp thế, kể hết cho chị với?", "list", ""),
    # a yes/no on the role, then who: the role asked reaches over "không,"
    ("Nghĩa Sơn kết nối, chia sẻ dữ liệu thì có ai phối hợp không, những ai?", "partners", "kết nối, chia sẻ dữ liệu"),
    # context, then "; xin cho biết …": the asking sentence's filter ("hằng năm") is the whole question
    ("Trong danh mục nhiệm vụ của xã Nghĩa Hưng, phần lớn có thời hạn thường xuyên hoặc theo giai đoạn; xin cho biết "
     "nhiệm vụ nào được xác định thực hiện hằng năm?", "list", ""),
    # round27: a retired cadre's letters, an inspector's counts
    # "Tôi đếm mãi không ra:": the asker's own preface is no topic
    ("Tôi đếm mãi không ra: trong các bảng nhiệm vụ của Nghĩa Hưng, có tất cả bao nhiêu việc ghi thời gian là "
     "“thường xuyên”?", "count", ""),
    # "việc đó" after a clause of its own sentence points to that clause, not the sentence before
    ("hoi truoc toi cong tac o xa, thay anh em can bo hay ngai va cham. nay doc ke hoach cua nghia tho thay co muc "
     "khuyen khich, bao ve can bo dam nghi dam lam, xin hoi viec do giao cho ai chu tri?", "lead",
     "nay doc ke hoach thay co muc khuyen khich, bao ve can bo dam nghi dam"),
    # round28: "phường" is set wording as typed with its accents; "dia phuong" keeps its "phuong"
    ("xa nao co nhiem vu giao luu hoc tap kinh nghiem voi dia phuong khac", "communes",
     "giao luu hoc tap kinh nghiem dia phuong khac"),
    # round30: a young citizen on Facebook: "v" is "vậy", "nha" a particle, "sp" "sản phẩm"
    ("o nghia tho phong nao ganh nhieu viec nhat v", "rank", ""),
    ("nghia son co viec nao han thang 4/2026 ko, viec j v", "list", ""),
    ("nghia son cong an xa dc giao bn viec vay, chu tri hay phoi hop deu tinh nha", "count", ""),
    ("nghia son lam chuyen muc KHCN tren web xa vs mxh thi sp cuoi cung la j", "output",
     "lam chuyen muc KHCN tren web xa voi mxh"),
    # round31: "dòng" is set wording as typed with accents; typed without, "dong" is also "đồng"
    ("to chuyen doi so cong dong co trong nhiem vu cua xa nao", "communes", "to chuyen doi so cong dong"),
    # a researcher's notebook English
    ("ninh giang: list tasks whose output is 'Co che, chinh sach'", "list", ""),
    ("which communes have a 5G task in their table?", "communes", "5G"),
    ("nghia hung: how many rows are due in 2025?", "count", ""),
    ("Nghĩa Hưng mục 4.2 kết quả, sản phẩm cần có là gì?", "output", ""),  # "cần có": no topic besides the number
    # round35: a teenager's chat ("giúp e", "vậy ad"), "gồm những việc gì", a radio letter ("Cụ hỏi:")
    ("ninh giang phan tang cuong dau tu ha tang gom nhung viec gi, liet ke giup e", "list",
     "phan tang cuong dau tu ha tang"),
    ("xa nao co nhiem vu lien quan VNeID voi dinh danh dien tu vay ad", "communes", "VNeID dinh danh dien tu"),
    # round36: "được thể hiện bằng văn bản nào" asks the output
    ("Trong Chương trình hành động của Chính phủ, nhiệm vụ bố trí ít nhất 15% ngân sách chi sự nghiệp khoa học và "
     "công nghệ được thể hiện bằng văn bản nào?", "output",
     "bố trí ít nhất 15% ngân sách chi sự nghiệp khoa học và công nghệ được thể hiện"),  # "ít nhất 15%": an amount
    # "thi đua vào": typed with all its marks next to "vào", "đua" is not "đưa" (of the filler "đưa vào")
    ("Cụ Lương Văn Bảy nói cụ thích nhất các phong trào thi đua. Cụ hỏi: trong bốn xã có kế hoạch, xã nào đưa việc "
     "phát động phong trào thi đua vào bảng nhiệm vụ?", "communes", "đưa phát động phong trào thi đua"),
]


@pytest.mark.parametrize("question,field,topic", READINGS)
def test_new_askers_wordings_leave_the_field_and_topic(question, field, topic, vocab):
    q = parse(question, vocab)
    assert (q.field, q.topic) == (field, topic)


def test_a_letters_time_filter_is_its_asking_sentences(vocab):
    q = parse("Phần lớn có thời hạn thường xuyên; xin cho biết ở Nghĩa Hưng việc nào thực hiện hằng năm?", vocab)
    assert q.time.every == "yearly" and q.topic_parts == []


def test_a_period_of_two_years_is_no_deadline_filter(vocab):
    """"năm 2025 và 2026" names the programme's period: it was read as "hạn trong năm 2025"."""
    q = parse("o nghia son chuong trinh cat giam thu tuc hanh chinh nam 2025 va 2026 thi bao gio xong", vocab)
    assert q.time is None


def test_one_unit_ranked_across_the_communes_is_ranked_by_commune(vocab):
    q = parse("cong an ct nhieu nhat 4 xa", vocab)
    assert q.rank_by == "commune" and q.unit_names == ["Công an xã"]



def test_a_unit_said_to_share_the_lead_in_brackets_is_no_filter(vocab):
    q = parse("Ninh Giang: TT DVSNC được giao CT (cùng phòng VH-XH) nhiệm vụ gì?", vocab)
    assert q.unit_names == ["Trung tâm Dịch vụ sự nghiệp công"] and q.role == "lead"



def test_ít_before_nhất_words_apart_ranks_the_fewest(vocab):
    q = parse("Cả 4 xã, xã nào có ít việc do phòng Văn hóa – Xã hội chủ trì nhất?", vocab)
    assert q.field == "rank" and q.rank_order == "fewest" and q.rank_by == "commune"


def test_a_deadline_asked_after_a_wrong_one_is_not_filtered_by_it(vocab):
    """"hẹn năm 2027 mới xong … phải không, hạn thật là khi nào": 2027 is the asker's premise."""
    q = parse("Nghĩa Thọ hẹn năm 2027 mới xong chương trình chính quyền số phải không, hạn thật là khi nào?", vocab)
    assert q.field == "deadline" and q.time is None



def test_a_collective_is_no_filter_of_a_field_question(vocab):
    """"… bài toán lớn để doanh nghiệp, startup cùng giải thì kết quả là gì": the businesses are
    whom the task serves; as a filter they left no row."""
    q = parse("Dạ ở Nghĩa Sơn, nhiệm vụ đưa ra các bài toán lớn để doanh nghiệp, startup cùng giải thì kết quả "
              "cuối cùng là gì ạ?", vocab)
    assert q.field == "output" and q.units == [] and "doanh nghiệp" in q.topic


def test_a_level_set_aside_leaves_the_others(vocab):
    """"Ngoài phụ lục của Chính phủ, những kế hoạch cấp xã, phường nào …": the communes' and
    wards' plans, not the Government's; "trong bộ tài liệu" is the whole index, no topic."""
    q = parse("Ngoài phụ lục của Chính phủ, những kế hoạch cấp xã, phường nào trong bộ tài liệu có nhiệm vụ về "
              "hóa đơn điện tử?", vocab)
    assert q.field == "communes" and q.topic == "hóa đơn điện tử" and "government" not in q.levels and "ward" in q.levels


def test_ongoing_with_no_fixed_date_is_what_recurs(vocab):
    """"làm thường xuyên, không có hạn cụ thể" describes the ongoing rows, not the undated ones."""
    q = parse("nghia tho nhung viec nao lam thuong xuyen, khong co han cu the", vocab)
    assert q.field == "list" and q.topic == "" and q.time.kind == "recurring" and q.time.every == "ongoing"


def test_office_english_who_leads(vocab):
    q = parse("Who leads the chương trình chuyên biệt về KHCN trên truyền hình?", vocab)
    assert q.field == "lead"


def test_standing_in_as_lead_together_is_leading(vocab):
    """"cùng đứng ra chủ trì": co-leading, not a partner's "cùng"."""
    q = parse("Ninh Giang co viec nao Trung tam Dich vu su nghiep cong cung dung ra chu tri khong? la viec gi?", vocab)
    assert q.role == "lead" and q.unit_names == ["Trung tâm Dịch vụ sự nghiệp công"]


def test_a_unit_standing_as_named_lead(vocab):
    """"cùng đứng tên chủ trì": named in the lead cell with another unit."""
    q = parse("Ở Ninh Giang, việc nào có Trung tâm Dịch vụ sự nghiệp công cùng đứng tên chủ trì?", vocab)
    assert q.role == "lead" and q.unit_names == ["Trung tâm Dịch vụ sự nghiệp công"]


def test_a_story_names_units_its_question_does_not_ask_about(vocab):
    """A radio letter: "cán bộ hội phụ nữ thôn" in the story is no filter when the question names
    its own unit ("Chị hỏi: … Phòng Văn hóa - Xã hội chủ trì …")."""
    q = parse("Chị Yến, cán bộ hội phụ nữ thôn, kể chị hay lên phòng văn hóa hỏi việc. Chị hỏi: ở xã Nghĩa Hưng, "
              "tính cả hai phụ lục, Phòng Văn hóa - Xã hội chủ trì tổng cộng bao nhiêu nhiệm vụ?", vocab)
    assert q.field == "count" and q.unit_names == ["Phòng Văn hóa - Xã hội"] and q.topic == ""


def test_a_quoted_value_loses_its_final_particle(vocab):
    q = parse("ninh giang viec nao co san pham ghi la che do, chinh sach vay", vocab)
    assert q.cell.column == "output" and q.cell.text == "che do, chinh sach"


def test_a_tone_left_out_is_partial_typing_a_letter_left_out_another_word(vocab):
    """"phối hơp" beside "phối" typed whole is still "phối hợp" (only the tone is missing); "thi
    đua vào" is not "đưa vào" ("đua" lacks the horn of "ư" but has the stroke of "đ")."""
    assert parse("Nghĩa Hưng đẩy mạnh giáo dục STEM thì UBND xã phối hơp với những ai?", vocab).field == "partners"
    assert "thi đua" in parse("xã nào đưa việc phát động phong trào thi đua vào bảng nhiệm vụ?", vocab).topic


def test_table_wording_of_a_ward_and_the_governments_programme(vocab):
    """Round 38: "trong quý IV/2025" filters by quarter; "thời hạn giai đoạn 2026-2030" is the
    deadline cell; "nộp trước ngày nào" asks the deadline; "(không tính phường)", "Xét", "đứng
    tên", "sớm nhất, ngay" are no topic."""
    assert parse("Phường Tân An có bao nhiêu việc phải hoàn thành trong quý IV/2025?", vocab).time.quarter == 4
    assert parse("nghia hung co bao nhieu nhiem vu co thoi han giai doan 2026-2030, tinh ca hai phu luc?",
                 vocab).cell.text == "2026-2030"
    assert parse("phuong tan an: bao cao ket qua thuc hien ke hoach phai nop truoc ngay nao?", vocab).field == "deadline"
    assert parse("Xét cả 4 xã (không tính phường), xã nào giao Phòng Văn hóa - Xã hội chủ trì nhiều nhiệm vụ nhất?",
                 vocab).topic == ""
    assert parse("Ở Nghĩa Sơn, những việc nào có các doanh nghiệp đứng tên phối hợp?", vocab).topic == ""


@pytest.mark.parametrize("question, fields", [
    # a count of something inside the topic yields to the question asked after it
    ("việc lượng hóa mấy khái niệm mới của nghị quyết thì hạn chót là bao giờ", ("deadline",)),
    ("ho tro may hop tac xa len san thuong mai dien tu do phong nao lo", ("lead",)),
    # "mấy" as a plural before a who-question is no count
    ("mấy phòng chuyên môn làm chủ trì rồi, còn ai phối hợp gỡ điểm nghẽn thể chế ở Ninh Giang", ("partners",)),
    # counts of the table itself stay counts
    ("Phòng Văn hóa - Xã hội đứng ở cột phối hợp bao nhiêu lần ở Nghĩa Sơn", ("count",)),
    ("Nghĩa Thọ có bao nhiêu dòng trong phụ lục", ("count",)),
    ("kể cả việc làm chung với đơn vị khác thì UBND xã chủ trì là bao nhiêu?", ("count",)),
    # a count of what is measured asks the amount the row sets
    ("ty le nguoi dan co chu ky so ca nhan dat bao nhieu phan tram", ("output",)),
])
def test_a_count_that_counts_no_task(question, fields, vocab):
    assert parse(question, vocab).fields == fields


@pytest.mark.parametrize("question, fields", [
    # the lead set aside with a plural before it: the partners are asked
    ("ngoài các cơ quan chủ trì thì ai phối hợp chuyển đổi số hộ tịch ở Nghĩa Thọ", ("partners",)),
    # how often a task is done is its deadline cell
    ("o Nghia Son viec cap nhat du lieu dat dai la lam mot lan hay thuong xuyen", ("deadline",)),
    # "nằm trong danh sách phối hợp" asks about the partners cell, not for a list of tasks
    ("tram y te co nam trong danh sach phoi hop viec so suc khoe dien tu o ninh giang khong, nhung ai phoi hop",
     ("partners",)),
])
def test_round39_wording(question, fields, vocab):
    assert parse(question, vocab).fields == fields


def test_a_short_unmarked_clause_after_a_question_asks_too(vocab):
    """"… có phối hợp không? những ai phối hợp": the follow-up has no question mark but asks; a
    closing courtesy ending in a full stop does not."""
    q = parse("phong van hoa co tham gia so hoa ho tich o nghia tho khong? nhung ai phoi hop", vocab)
    assert q.fields == ("partners",)
    letter = parse("Tôi là cán bộ hưu trí. Xin hỏi: số hóa hộ tịch ở Nghĩa Thọ do ai chủ trì? Xin cảm ơn.", vocab)
    assert letter.fields == ("lead",)


@pytest.mark.parametrize("question, fields", [
    ("Who is the task owner for the digital ID rollout in Nghia Tho?", ("lead",)),
    ("which agencies are supporting so hoa ho tich o Nghia Tho", ("partners",)),
    ("When is the so hoa ho tich task in Nghia Tho due?", ("deadline",)),
    # a rate said before "là bao nhiêu" asks its value, a number of tasks stays a count
    ("ty le ho so thu tuc hanh chinh duoc so hoa o nghia hung la bao nhieu", ("output",)),
    ("so nhiem vu ve so hoa cua nghia hung la bao nhieu", ("count",)),
])
def test_english_frames_and_a_rates_value(question, fields, vocab):
    assert parse(question, vocab).fields == fields


@pytest.mark.parametrize("question, topic", [
    ("ai chu tri nang cao trinh do cho can bo", "nang cao trinh do cho can bo"),  # "trình độ"
    ("ai lo chuyen do thi thong minh", "do thi thong minh"),  # "đô thị"
    ("xay dung ban do so nong nghiep thi giao phong nao", "xay dung ban do so nong nghiep"),  # "bản đồ"
])
def test_the_filler_do_typed_without_accents_inside_a_word_stays(question, topic, vocab):
    assert topic in parse(question, vocab).topic


@pytest.mark.parametrize("question, fields", [
    ("Luật Nhà giáo trong bảng kết quả đầu ra ai chủ trì, hạn khi nào", ("lead", "deadline")),
    ("theo bang tien do thi NV3 la viec gi", ("task",)),
    ("viec so hoa ho tich ket thuc bang san pham gi", ("output",)),  # "bằng": the output is asked
])
def test_a_field_word_naming_a_table_is_not_asked(question, fields, vocab):
    assert parse(question, vocab).fields == fields


def test_targets_said_with_tasks_filter_no_targets(vocab):
    assert parse("xã nào có chỉ tiêu về sổ sức khỏe điện tử", vocab).targets
    assert not parse("những xã nào có chỉ tiêu hoặc nhiệm vụ về sổ sức khỏe điện tử", vocab).targets
    assert not parse("xa nao co nhiem vu, chi tieu ve so suc khoe dien tu", vocab).targets


def test_a_milestone_asks_the_deadline(vocab):
    assert parse("Đề án chủ động tham gia các tổ chức tiêu chuẩn hóa quốc tế – mốc hoàn thành?", vocab).fields == ("deadline",)


@pytest.mark.parametrize("question, fields", [
    ("đề án đánh giá mức độ hoàn thành nhiệm vụ chuyển đổi số ở nghĩa thọ chừ mô mới triển khai rứa", ("deadline",)),
    ("chữ ký số ở Nghĩa Hưng khi mô xong", ("deadline",)),
    ("Mã NV70 ngày kết thúc là ngày nào?", ("deadline",)),
    ("chuong trinh cat giam giay phep: ai chu tri, han nao", ("lead", "deadline")),
])
def test_central_speech_and_a_day_asked_ask_the_deadline(question, fields, vocab):
    assert parse(question, vocab).fields == fields


def test_central_particle_and_targets_or_tasks_with_a_slash(vocab):
    assert parse("nghia son don vi nao chu tri nhieu viec nhat rua", vocab).topic == ""
    assert not parse("xa nao co chi tieu / nhiem vu ve So suc khoe dien tu", vocab).targets


@pytest.mark.parametrize("question, fields", [
    ("tuyen truyen nghi quyet 57 o nghia son thi ngoai phong van hoa ra con ben nao phu them", ("partners",)),
    ("quán triệt nghị quyết 57 ở nghĩa hưng thì làm ra những gì", ("output",)),
])
def test_helping_out_and_what_comes_of_it(question, fields, vocab):
    assert parse(question, vocab).fields == fields


@pytest.mark.parametrize("question, fields", [
    ("Nghĩa Hưng, đẩy mạnh dạy STEM, tìm và bồi dưỡng các em có khiếu khoa học trong trường thì ai chủ trì và làm ra cái gì?",
     ("lead", "output")),  # "tìm" inside the task is no search
    ("tìm các nhiệm vụ về chữ ký số", ("search",)),
    ("giúp tôi tra cứu nhiệm vụ 5G", ("search",)),
    ("Nghĩa Thọ có làm mô hình chợ quẹt mã trả tiền thay tiền mặt không, cụ thể là gì?", ("task",)),
    ("Trong kế hoạch Nghĩa Sơn, phòng Kinh tế phải đứng mũi chịu sào bao nhiêu đầu việc?", ("count",)),
])
def test_a_search_verb_opens_a_question_and_what_specifically(question, fields, vocab):
    q = parse(question, vocab)
    assert q.fields == fields and q.number is None  # "nhiệm vụ 5G" names no task 5


def test_round62_phone_shorthand(vocab):
    """Short questions typed on a phone: two "ai" each take their own role word; "bn %" asks an
    amount, not a count; "kq", "gánh", "kh cds" (a plan, not "không")."""
    two = parse("tri tue nhan tao nghia son ai lam ai phoi hop", vocab)
    assert two.fields == ("lead", "partners") and two.topic == "tri tue nhan tao"
    assert parse("nghia hung thanh toan truc tuyen tthc chi tieu bn %", vocab).field == "output"
    both = parse("nhu cau ho tro cds cua dn htx nghia hung kq gi, bh nop", vocab)
    assert both.fields == ("output", "deadline")
    carried = parse("ninh giang vh-xh ganh bn viec", vocab)
    assert carried.field == "count" and carried.unit_names == ["Phòng Văn hóa - Xã hội"] and not carried.topic
    plan = parse("kh cds hang nam nghia son han nop thang may", vocab)
    assert plan.field == "deadline" and plan.topic.startswith("ke hoach chuyen doi so")


def test_an_amount_with_its_unit_beside_who(vocab):
    """'bao nhiêu người/vạn dân', 'bao nhiêu %' beside 'ai/bộ nào theo dõi' ask the target's value and
    who follows it (the amount was dropped as a count of something inside the topic)."""
    assert parse("nhan luc nghien cuu KH bao nhieu nguoi/van dan va ai theo doi chi tieu nay", vocab).fields == (
        "output", "lead")
    assert parse("TFP contribution vao tang truong: target bao nhieu %, bo nao theo doi", vocab).fields == (
        "output", "lead")
    assert parse("Phong Kinh te chu tri bao nhieu nhiem vu", vocab).field == "count"


def test_round66_citizens_say_who_they_are_and_the_centre_asks_ben_mo(vocab):
    """'em là điều dưỡng, …' says who asks, not what about; Central 'bên mô đứng ra tổ chức' asks
    the lead; 'làm đều đặn' recurs; 'hạn cụ thể tới tháng' names a month."""
    nurse = parse("em la dieu duong, thay nhieu ba con nghia hung chua co so kham benh tren dien thoai, ai chiu trach nhiem vu nay", vocab)
    assert nurse.field == "lead" and "dieu duong" not in nurse.topic and "so kham benh" in nurse.topic
    central = parse("con tui hoc lop 7 o nghia hung, nghe noi xa to chuc thi sang tao khoa hoc cho thieu nhi, ben mo dung ra to chuc rua", vocab)
    assert central.field == "lead"
    assert parse("ninh giang co bao nhieu viec lam deu dan thuong xuyen chu khong co han cu the", vocab).time.kind == "recurring"
    assert parse("o nghia son viec nao co han cu the toi thang", vocab).time.kind == "by_month"


def test_chung_nao_asks_when_and_a_code_after_shorthand(vocab):
    """Southern 'chừng nào' asks the deadline; 'kh 09' is a plan's code (not 'không 09'), while
    office English before a year still reads ('rows are due in 2025')."""
    assert parse("cho o nghia tho chung nao moi quet ma tra tien het", vocab).field == "deadline"
    assert "khong" not in parse("kh 09 co bao nhieu nhiem vu", vocab).question
    assert parse("nghia hung: how many rows are due in 2025?", vocab).time.kind == "ends"


def test_round69_units_typed_short_and_lower_case(vocab):
    """'pkt', 'vp' are no Vietnamese words, so typed in lower case they are units; 'ca' still is not
    ('tất cả'); 'vp hdnd ubnd' is one office; 'ds việc' asks a list."""
    assert parse("pkt nghia hung chu tri bn viec", vocab).unit_names == ["Phòng Kinh tế"]
    listed = parse("ds viec phong kt nghia tho chu tri", vocab)
    assert listed.field == "list" and listed.unit_names == ["Phòng Kinh tế"]
    assert parse("vp hdnd ubnd dung chu tri o xa nao", vocab).unit_names == ["Văn phòng HĐND&UBND"]
    assert parse("kiem tra cong vu can bo ninh giang thi vp phoi hop a", vocab).field == "partners"
    assert parse("tat ca cac xa co bao nhieu viec", vocab).unit_names == []


def test_what_is_handed_in_is_the_output(vocab):
    q = parse("ra soat, khac phuc diem yeu ATTT may tinh o tru so phuong tan an xong khi nao, nop lai cai gi", vocab)
    assert q.fields == ("deadline", "output")


def test_round70_and_71_wording(vocab):
    """'bộ quy tắc ứng xử' is a code of conduct, not a ministry; 'cầm trường' leads; 'công bố … ở
    đâu' asks where it is published (the output); 'hạn thế nào' typed without accents asks the deadline."""
    conduct = parse("xa nao co lam bo quy tac ung xu tren mang", vocab)
    assert conduct.field == "communes" and not conduct.unknown_units and "quy tac ung xu" in conduct.topic
    led = parse("trung tam hanh chinh cong nghia hung cam truong bao nhieu chi tieu", vocab)
    assert led.field == "count" and led.role == "lead" and not led.topic
    assert parse("nghia son cong bo bai toan lon KHCN cho startup o dau", vocab).field == "output"
    assert parse("xa nghia son ai lo danh tinh so, tai khoan so cho moi nguoi dan, han the nao", vocab).fields == (
        "lead", "deadline")


def test_an_output_asked_as_its_form(vocab):
    q = parse("VPCP lam chuong trinh cat giam giay phep 2025-2030, ket qua ban hanh duoi dang gi", vocab)
    assert q.field == "output"


def test_an_asker_opening_with_what_she_needs(vocab):
    """'Chị cần con số: …' says who asks and why; 'chi tieu … :' typed without accents is a target."""
    assert parse("Chị cần con số: kế hoạch của Nghĩa Sơn (phụ lục 02) có tất cả bao nhiêu nhiệm vụ được phân công?",
                 vocab).topic == ""
    assert "chi tieu" in parse("chi tieu thanh toan truc tuyen TTHC 95% o Nghia Hung: ai chu tri", vocab).topic


def test_round66_who_chips_in_and_when_it_is_done(vocab):
    """'còn ai góp sức' asks the partners; 'làm vào lúc nào' asks when, and its 'làm' no lead."""
    assert parse("nghia hung keu goi tien de nang cap may moc, ngoai co quan ra con ai gop suc", vocab).field == "partners"
    assert parse("ninh giang bat tay voi may xa ben canh lam ha tang so chung, lam vao luc nao", vocab).fields == (
        "deadline",)


def test_a_day_said_whole_is_read(vocab):
    due = parse("nhung viec nao co due date 31/1/2025", vocab)
    assert due.time.kind == "ends" and due.time.dates == ("2025-01-31",)
    start = parse("task nao co start date 4/1/2025", vocab)
    assert start.time.kind == "starts" and set(start.time.dates) == {"2025-01-04", "2025-04-01"}
    assert parse("viec nao han truoc 30/6/2026", vocab).time.kind == "due_by"


def test_round76_to_78_wording(vocab):
    """'hạn ra sao' asks the deadline; communes listed after 'trong 4 xã' are all the scope, and the
    'thì' left between them and 'xã nào' is no topic; 'nơi nào' / 'ở những nơi nào' ask which
    communes; '5 xã phường' is the scope of a ranking, no topic."""
    assert parse("dung giay to dien tu tren tai khoan dinh danh o Ninh Giang: ai lo, han ra sao", vocab).fields == (
        "lead", "deadline")
    scoped = parse("trong 4 xa nghia hung, nghia tho, nghia son, ninh giang thi xa nao chua co gi ve 5g?", vocab)
    assert scoped.field == "communes" and len(scoped.communes) == 4 and scoped.topic == "5g"
    fewest = parse("trong 5 xã phường, nơi nào có ít nhiệm vụ nhất?", vocab)
    assert fewest.field == "rank" and fewest.rank_by == "commune" and not fewest.topic
    where = parse("cong an xa/phuong duoc giao chu tri nhiem vu o nhung noi nao", vocab)
    assert where.field == "communes" and where.unit_names == ["Công an xã"] and not where.topic


def test_round81_who_leads_who_helps_and_several_is_no_count(vocab):
    """'ai làm chính, ai phụ' asks the lead and the partners; 'làm mấy đầu việc số hóa lớn' before
    another clause's question is 'several', no count ('mấy' stays a count when it asks alone)."""
    both = parse("nghĩa hưng, cho cả xã có sóng 5G và mạng cáp tốc độ cao thì ai làm chính, ai phụ?", vocab)
    assert both.fields == ("lead", "partners") and both.topic == "cả xã có sóng 5G và mạng cáp tốc độ cao"
    several = parse("ninh giang: giao cho các công ty công nghệ làm mấy đầu việc số hóa lớn của xã — phòng văn hóa "
                    "phối hợp những ai?", vocab)
    assert several.fields == ("partners",)
    assert parse("ninh giang có mấy đầu việc về số hóa", vocab).fields == ("count",)


def test_round84_residents_wording(vocab):
    """'… có tổ trưởng tổ dân phố phối hợp ko' asks the partners (a role word before a closing 'không');
    'kết quả là chi vậy' (Central 'chi') asks the output; 'thì hỏi phòng nào' asks who leads."""
    assert parse("to cong nghe so cong dong co to truong to dan pho phoi hop ko", vocab).fields == ("partners",)
    assert parse("ninh giang lam 5g xong thi ket qua la chi vay", vocab).fields == ("output",)
    asked = parse("chau toi hoc cap 2 muon thi khoa hoc sang tao o nghia hung thi hoi phong nao", vocab)
    assert asked.fields == ("lead",) and "hoi" not in asked.topic.split()


def test_round87_what_one_gets_and_which_place(vocab):
    """'xong thì có gì' asks the output; 'chỗ nào lo …' which communes; 'tiếp sức' next to 'ai' helps."""
    assert parse("tan an cung co lai to cong nghe so o tung to dan pho, xong co gi trong tay", vocab).fields == ("output",)
    assert parse("cho nao lo cap chu ky so cho can bo cong chuc", vocab).fields == ("communes",)
    assert parse("ninh giang bat dau xai AI trong quan ly nha nuoc, ngoai phong van hoa thi co ai tiep suc",
                 vocab).fields == ("partners",)


def test_round89_places_said_in_brackets_and_english_fillers(vocab):
    """'(xã hoặc phường)', '(xã/phường)' restate the places asked about: no topic; 'have an … in
    their plan' is English around the topic."""
    assert parse("nhung dia phuong nao (xa hoac phuong) co nhiem vu gan voi De an 06?", vocab).topic == "De an 06"
    assert parse("dia phuong nao (xa/phuong) giao cong an chu tri nhiem vu chuyen doi so", vocab).topic == ""
    assert parse("which communes have an OCOP task in their plan?", vocab).topic == "OCOP"


def test_round90_when_is_it_done(vocab):
    """'khi nào làm', 'lúc nào làm', 'bao giờ làm' ask the deadline alone: the 'làm' after the
    interrogative is its verb, not a role word asking who does it."""
    for q in ("xa NT phat trien ha tang tien ich so, nen tang so dung chung khi nao lam",
              "so hoa ho tich luc nao lam", "so hoa ho tich bao gio thi lam", "số hóa hộ tịch bao giờ mới làm"):
        read = parse(q, vocab)
        assert read.fields == ("deadline",) and "lam" not in fold(read.topic).split(), q
    assert parse("ai lam so hoa ho tich, khi nao lam", vocab).fields == ("lead", "deadline")


def test_round93_95_places_typed_fast_and_whom_a_task_serves(vocab):
    """A commune typed with a slip ('ninh giag', 'nghia hugn') is still named; capitals inside a
    sentence are an abbreviation ('dự toán NS 2025' is ngân sách, not Nghĩa Sơn), after 'xã'/'ở' or
    before ':' the commune; a collective after a bare 'của' is whom the task serves; 'ở xã nào cũng
    được' asks no communes; 'CTHĐ' names the Government's action programme (a level, no topic)."""
    assert parse("ninh giag phong vh-xh ganh bao nhieu viec chu tri", vocab).communes == ["Ninh Giang"]
    assert parse("nghia hugn ai chu tri so hoa", vocab).communes == ["Nghĩa Hưng"]
    assert parse("dieu chinh du toan NS 2025 bo tri it nhat 3% cho KHCN ket qua la gi", vocab).communes == []
    typed = parse("xa NT phat trien ha tang tien ich so khi nao xong", vocab)
    assert typed.communes == ["Nghĩa Thọ"] and typed.topic == "phat trien ha tang tien ich so"
    served = parse("xã nào đánh giá mức độ chuyển đổi số của doanh nghiệp", vocab)
    assert served.fields == ("communes",) and served.units == [] and "doanh nghiệp" in served.topic
    assert [u.name for u in parse("co bao nhieu viec cua doanh nghiep", vocab).units] == ["Các doanh nghiệp"]
    assert parse("trung tam dich vu su nghiep cong chu tri nhung viec gi, o xa nao cung duoc", vocab).fields == ("list",)
    compared = parse("xa nao giao trung tam phuc vu hanh chinh cong chu tri nhieu nhat, so sanh giua cac xa voi "
                     "phuong luon nhe", vocab)
    assert compared.fields == ("rank",) and compared.topic == ""
    programme = parse("CTHĐ NQ 57 Phòng Kinh tế chủ trì những nhiệm vụ nào", vocab)
    assert programme.levels == ["government", "ministry"] and programme.topic == ""


def test_round98_99_shorthand_lists_of_initials_and_counted_places(vocab):
    """Initials listed after a first one name communes too ('xã NH, NT, NS, NG'); 'p.VHXH' is the
    office; 'quá hạn bao nhiêu nhiệm vụ' counts (the deadline cue 'hạn bao nhiêu' does not take
    its 'bao nhiêu'); 'bn xã có …' counts places, 'bao nhiêu xã chưa có …' those without."""
    listed = parse("trong 4 xa NH, NT, NS, NG thi xa nao dc giao it nv nhat", vocab)
    assert listed.fields == ("rank",) and listed.communes == ["Nghĩa Hưng", "Nghĩa Thọ", "Nghĩa Sơn", "Ninh Giang"]
    assert [u.name for u in parse("p.VHXH chu tri may nv", vocab).units] == ["Phòng Văn hóa - Xã hội"]
    assert parse("bao cao tien do: qua han bao nhieu nhiem vu?", vocab).fields == ("count",)
    places = parse("bn xa co nv phu song 5G", vocab)
    assert places.counts_places and not places.negated and places.topic == "phu song 5G"
    assert parse("bao nhieu xa chua co nhiem vu phu song 5G", vocab).negated
    assert not parse("xa Nghia Tho co bao nhieu nhiem vu", vocab).counts_places


def test_round99_101_codes_points_and_plan_names_in_shorthand(vocab):
    """'mục II.1' is task 1 of part II; 'NĐ 06/2022' is a decree's number and year, no deadline;
    'đv', 'dvt' are 'đơn vị', 'đơn vị tính'; '(tất cả KH)' and 'kế hoạch 57' name every plan,
    no topic."""
    point = parse("tan an muc II.1 la viec gi", vocab)
    assert (point.section, point.number) == ("II", "1")
    decree = parse("sửa NĐ 06/2022 (KNK, tầng ô-dôn): đv chủ trì + hạn", vocab)
    assert decree.fields == ("lead", "deadline") and decree.time is None and "06/2022" in decree.topic
    assert parse("chi tieu nguon nhan luc: dvt la gi", vocab).fields == ("output",)
    assert parse("Phòng Kinh tế đứng chủ trì những việc gì (tất cả KH)", vocab).topic == ""
    assert parse("ke hoach 57 cua xa nghia tho phu luc co tong cong bao nhieu nhiem vu vay", vocab).topic == ""


def test_round92_how_many_a_report_lists_is_a_count(vocab):
    """'liệt kê bao nhiêu nhiệm vụ' asks how many, not the list."""
    assert parse("tổng cộng phụ lục báo cáo tiến độ liệt kê bao nhiêu nhiệm vụ", vocab).fields == ("count",)
    assert parse("liệt kê các nhiệm vụ về 5G", vocab).fields == ("list",)


def test_round102_105_chat_endings_and_several_asked(vocab):
    """A closing 'z' (vậy) and a 'chính' after a role verb are no topic; 'vậy bn' is 'vậy bạn', no
    count; 'mấy việc … là gì' asks which tasks; a bare 'M3.2' is a schedule's milestone."""
    assert parse("phong kinh te xa nghia son chu tri may viec z", vocab).topic == ""
    assert parse("Phòng Văn hóa - Xã hội xã Nghĩa Sơn gánh chính tổng cộng mấy việc?", vocab).topic == ""
    assert parse("ai chu tri chinh sach dai ngo o Ninh Giang", vocab).topic == "chinh sach dai ngo"
    assert parse("số hóa hộ tịch bộ nào chủ trì vậy bn", vocab).fields == ("lead",)
    assert parse("nghia tho co bn viec", vocab).fields == ("count",)
    assert parse("nghĩa thọ mấy việc các xóm đứng ra chủ trì là gì", vocab).fields == ("list",)
    assert parse("ninh giang co may nhiem vu ve 5G", vocab).fields == ("count",)
    assert parse("M3.2 (Dec 2025) gồm mấy NV", vocab).section == "M3.2"


def test_round104_106_two_fields_after_a_what_and_a_level_asked(vocab):
    """'chủ trì là ai, hạn ngày nào' asks both (a who-cue after 'là' points back only at a field
    named before it, never one after); 'kết quả … là gì và thời hạn' asks both; 'ngày nào' is a
    deadline, not a duration; 'mức bao nhiêu' asks a target's amount."""
    assert parse("Sửa đổi Luật Thuế: chủ trì là ai, hạn ngày nào?", vocab).fields == ("lead", "deadline")
    assert parse("bên phối hợp là ai", vocab).fields == ("partners",)
    assert parse("liên thông dữ liệu Sổ sức khỏe điện tử: kết quả mong đợi là gì và thời hạn?",
                 vocab).fields == ("output", "deadline")
    assert parse("chỉ tiêu HDI thì mức bao nhiêu", vocab).fields == ("output",)


def test_round102_105_cycles_other_units_and_these_plans(vocab):
    """'làm theo chu kỳ nào' asks the deadline; '… hay đơn vị khác' asks who; 'trong mấy kế hoạch'
    is every plan, no topic; 'có ai lo dẹp mấy nội dung …' asks who ('mấy' is the who's object),
    while 'ai chủ trì mấy việc' still counts."""
    assert parse("Nghĩa Hưng tổng hợp nhu cầu hỗ trợ ứng dụng KHCN — làm theo chu kỳ nào", vocab).fields == ("deadline",)
    assert parse("Trạm y tế xã Nghĩa Hưng có phải lo sổ sức khỏe điện tử ko hay đơn vị khác", vocab).fields == ("lead",)
    ranked = parse("xa nao nhieu nhiem vu nhat trong may ke hoach", vocab)
    assert ranked.fields == ("rank",) and ranked.topic == ""
    assert parse("xã có ai lo dẹp mấy nội dung độc hại đó không", vocab).fields == ("lead",)
    assert parse("ai chủ trì mấy việc ở Nghĩa Sơn", vocab).fields == ("count",)


def test_round98_108_both_roles_asked_and_which_day(vocab):
    """'chủ trì và phối hợp là những ai', '— chủ trì và phối hợp?' ask the lead and the partners;
    'nộp trước ngày mấy' asks the deadline ('mấy ngày' is still a duration, 'bao nhiêu việc' a count)."""
    assert parse("kế hoạch NDC lâm nghiệp: chủ trì và phối hợp là những ai", vocab).fields == ("lead", "partners")
    assert parse("Đề án rà soát viện nghiên cứu — chủ trì và phối hợp?", vocab).fields == ("lead", "partners")
    assert parse("Phòng Kinh tế chủ trì và phối hợp bao nhiêu việc", vocab).fields == ("count",)
    assert parse("bao cao ket qua thuc hien ke hoach CDS cua phuong Tan An nop truoc ngay may", vocab).fields == ("deadline",)


def test_round99_111_112_a_lead_told_and_which_tax_office(vocab):
    """'Bộ Tài chính làm chính, ai phối hợp?' tells the lead and asks the partners; 'phối hợp với
    bên thuế nào / cq thuế nào' asks the partners."""
    told = parse("Việc sửa nghị định cho vay lại vốn ODA — Phòng Kinh tế làm chính, ai phối hợp?", vocab)
    assert told.fields == ("partners",)
    assert parse("tan an huong dan ho kinh doanh xai hoa don dien tu thi phoi hop voi ben thue nao", vocab).fields == ("partners",)
    assert parse("tuyên truyền hóa đơn đt cho hộ KD: phối hợp với cq thuế nào", vocab).fields == ("partners",)


def test_round110_a_number_named_then_asked_is_its_value(vocab):
    """'Số doanh nghiệp công nghệ số … đến 2045 là bao nhiêu?' asks a target's value, not how many
    tasks; 'Số nhiệm vụ … là bao nhiêu', 'số hóa … có bao nhiêu việc' and 'sổ sức khỏe … là bao
    nhiêu' still count."""
    assert parse("Số doanh nghiệp công nghệ số ngang tầm các nước tiên tiến đến 2045 là bao nhiêu?",
                 vocab).fields == ("output",)
    for q in ("Số nhiệm vụ của Nghĩa Sơn là bao nhiêu", "so hoa ho tich co bao nhieu viec",
              "sổ sức khỏe điện tử là bao nhiêu"):
        assert parse(q, vocab).fields == ("count",), q


@pytest.mark.parametrize("question,fields,topic_empty", [
    # Central words: "chi" after an office is "nào", "mô" is "nào", "hả"/"hỉ" end a question
    ("cap chung thu so cho 100% can bo cong chuc xa Ninh Giang phong chi lo rua", ("lead",), False),
    ("Chỗ mô có làm phong trào Bình dân học vụ số hỉ?", ("communes",), False),
    ("cong an xa Nghia Son phu trach nhung nhiem vu nao ha", ("list",), True),
    # the role asked by its column's name, and a role word joined to a deadline's
    ("Công an xã Nghĩa Hưng lo VNeID mức 2 cho dân, vậy đơn vị phối hợp ghi là ai?", ("partners",), False),
    ("Hồ sơ Luật Cán bộ, công chức (sửa đổi): owner và hạn cuối?", ("lead", "deadline"), False),
    # a story before a question that names no topic of its own: the story's words are the topic
    ("Làm nông ở Ninh Giang, nghe nói có nền tảng giám sát nguồn nước, chất thải và AI cảnh báo thiên tai. "
     "Phòng nào đứng ra và làm ra cái gì?", ("lead", "output"), False),
    # how to count, in brackets
    ("Nghĩa Hưng (gộp cả 2 kế hoạch) thì đơn vị nào cầm trịch nhiều việc nhất", ("rank",), True),
])
def test_round125_129_regional_words_and_what_is_asked(vocab, question, fields, topic_empty):
    q = parse(question, vocab)
    assert q.fields == fields and (not q.topic) == topic_empty, (q.fields, q.topic)


def test_round125_a_unit_typed_without_diacritics_and_a_topic_of_themes_only(vocab):
    """'Hoi Nong dan' (capitalised, no diacritics) is a unit the plans do not have, but 'phong
    trào' in a question written with diacritics is no 'Phòng'; 'KHCN DMST', 'KHCN, ĐMST và CĐS'
    are the plans' own subjects only."""
    from kehoach.qa.topics import is_theme

    assert [u.name for u in parse("Hoi Nong dan xa Nghia Hung chu tri nhung viec gi?", vocab).unknown_units] == \
        ["Hoi Nong dan"]
    assert not parse("Xã nào có làm phong trào Bình dân học vụ số?", vocab).unknown_units
    assert is_theme("KHCN DMST") and is_theme("KHCN, ĐMST và CĐS") and not is_theme("KHCN doanh nghiệp")


def test_round133_an_exclamation_and_a_short_office_name(vocab):
    """'… gánh bao nhiêu đầu việc vậy trời' ends in an exclamation, no topic; 'phòng nông nghiệp'
    is the Phòng Nông nghiệp và Môi trường of the plans."""
    q = parse("Ninh Giang phòng Văn hóa-Xã hội gánh bao nhiêu đầu việc vậy trời", vocab)
    assert q.fields == ("count",) and not q.topic
    assert [u.name for u in parse("phòng nông nghiệp xã Nghĩa Hưng chủ trì những nhiệm vụ nào", vocab).units] == \
        ["Phòng Nông nghiệp và Môi trường"]
