"""Reading a question once into a typed plan: what it asks, its constraints, and its topic.

    parse("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?")
    -> Question(fields=("count",), units=[Phòng Kinh tế], role="lead", communes=["Nghĩa Sơn"], topic="")

Everything a question may say lives in data tables under qa/data/ (cues.tsv, roles.tsv,
fields.tsv, fillers.tsv, context.tsv, time.tsv); this module applies them:

1. Cues and role words are found by the accent rule of qa.text, and the longest matches win.
   Role words marked `near` count only next to a who-cue or a unit ("ai hỗ trợ"); elsewhere
   they are topic words ("hỗ trợ doanh nghiệp").
2. The frame (qa.frame) decides the field, never a word inside the topic: a superlative with a
   who- or commune-cue is a ranking; "xã nào" asks for communes; otherwise the strongest cues win
   (3 frames, 2 interrogatives, 1 keywords), count and list before single fields, and two
   different single-field interrogatives ask both ("ai chủ trì và khi nào xong").  "là gì"
   asks what the keyword before it names, or the task itself when a task number is named.
3. Constraints: communes (qa.places) and plans (qa.plans), units (known, or unknown with suggestions) and
   task numbers (qa.constraints), time (qa.when).  Which units filter depends on the field: set questions ->
   every unit named; deadline/output/search/task -> a unit next to a role word or after
   "do"/"của"; lead/partners -> none (the unit may be the answer).
4. The topic is what is left.  Nothing downstream reads the question text again.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kehoach.corpus.normalize import fold
from kehoach.qa import cells, places, plans, subjects, together, topics, when
from kehoach.qa import constraints as cons
from kehoach.qa.constraints import Vocabulary
from kehoach.qa.cues import (
    FIELD_ROLES,
    OPENING_HAN,
    SET_FIELDS,
    SINGLE_FIELDS,
    answer_columns,
    cues,
    fillers,
    precedence,
)
from kehoach.qa.frame import AMOUNT, CLAUSE_END, FINAL_PARTICLE, SUPERLATIVE, frame, names_time
from kehoach.qa.question import Question
from kehoach.qa.text import Phrase, Text, find, longest_first, overlaps, with_prefix

__all__ = ["SET_FIELDS", "SINGLE_FIELDS", "Question", "Vocabulary", "answer_columns", "parse", "precedence"]

NEGATION = re.compile(r"(?<![^\W_])(chua|khong|thieu|van chua)(?![^\W_])")
NEGATION_WORDS = {"chưa", "không", "thiếu", "vẫn chưa"}
EXCLUDING = re.compile(rf"(?<![^\W_])({'|'.join(places.EXCLUDING_WORDS)})\s+$")
# "ngoài đơn vị chủ trì thì …": the field after it is set aside, not asked
SET_ASIDE_CUE = re.compile(rf"(?<![^\W_])(?:{'|'.join(places.EXCLUDING_WORDS)})\s+(?:(?:may|cac|nhung)\s+)?"
                           r"(?:(?:don vi|co quan|ben|phong ban|phong)\s+)?$")  # "ngoài mấy phòng chủ trì ra", "ngoài các cơ quan chủ trì"
# "(tính cả việc làm chung với Phòng VH-XH)", "(cùng phòng VH-XH)": a unit the other one shares
# tasks with, no filter of its own
SHARED_WITH = re.compile(r"(?:(?<![^\W_])(?:tinh ca|ke ca|gom ca)(?![^\W_])[^,;()]*?(?<![^\W_])|\(\s*(?:khong\s+)?|"
                         r"(?<![^\W_])khong\s+)(?:chung|cung)(?: voi)?\s+$")  # "(cùng phòng VH-XH)", "không chung với phòng VH-XH"
TARGETS = Phrase("chỉ tiêu")
# "chỉ tiêu hoặc nhiệm vụ", "nhiệm vụ, chỉ tiêu": targets and tasks both, so no target filter
TARGETS_OR_TASKS = re.compile(r"(?<![^\W_])(?:chi tieu\s*(?:,|/|hoac|hay|va|cung nhu)\s*(?:nhiem vu|viec|giai phap)|"
                              r"(?:nhiem vu|viec|giai phap)\s*(?:,|/|hoac|hay|va|cung nhu)\s*chi tieu)(?![^\W_])")
FEWEST = re.compile(r"(?<![^\W_])it(?![^\W_])")
UNIT_KINDS = {"phong ban": None, "phong": "Phòng", "ban": "Ban", "bo": "Bộ", "so": "Sở", "hoi": "Hội", "trung tam": "Trung tâm",
              "to dang": "Tổ đảng", "cuc": "Cục", "vien": "Viện"}


# a count of places, not tasks: "bao nhiêu xã có …", "mấy xã, phường chưa có …", "bn địa phương"
PLACES_COUNTED = re.compile(r"(?<![^\W_])(?:bao nhieu|may|bn)\s+(?:xa(?:\s*[,/]?\s*phuong)?|phuong|dia phuong|noi)(?![^\W_])")
# the task asked by what it costs: "việc nào tốn kinh phí nhiều nhất", "nhiệm vụ có kinh phí lớn nhất"
BY_COST = re.compile(r"(?<![^\W_])(?:(?:ton|can|dung|mat)\s+(?:(nhieu|it)\s+)?(?:kinh phi|tien|von|ngan sach)(?:\s+(nhieu|it))?"
                     r"|(?:kinh phi|von|chi phi)\s+(?:(lon|cao|nhieu)|(nho|thap|it)))\s+nhat(?![^\W_])")
LASTING = re.compile(r"(?<![^\W_])(?:keo dai|mat|thoi luong|duration)\s+(?:(?:dung|tron|vua)\s+)?(\d{1,4})\s+(?:ngay|days)(?![^\W_])")
OWNER_WORDS = ("cua", "ke hoach", "kh", "chuong trinh", "phu luc")  # "kế hoạch của Bộ TN&MT", "KH BTNMT"
# a named plan's issuer said as its owner, after the plan's number perhaps ("KH 09 BTNMT")
OF = re.compile(rf"(?<![^\W_])(?:(?:{'|'.join(OWNER_WORDS)})(?:\s+(?:so\s+)?\d{{1,4}})?\s+)+$")


# ---- parsing ----------------------------------------------------------------------------------
def parse(question: str, vocab: Vocabulary | None = None) -> Question:
    """Read a question (with or without diacritics) into a Question."""
    vocab = vocab or bundled_vocabulary()
    text = Text(question)
    found, dismissed = _dismissed(text, longest_first([(c, a, b) for c in cues() for a, b in find(text, c.phrase)]))
    if re.match(r"han\s", text.fol) and text.plain(0, 3) and not any(a == 0 for _, a, _ in found):
        found.insert(0, (OPENING_HAN, 0, 3))  # "han giai phap …": typed without accents, "hạn" opens it
    closing = re.search(r"(?<![^\W_])han[\s?.!]*$", text.fol)
    if closing and text.plain(closing.start(), closing.start() + 3) and not any(b > closing.start() for *_, b in found):
        found.append((OPENING_HAN, closing.start(), closing.start() + 3))  # "nen tang so dung chung han": a keyword query
    sentence = places.asking_sentence(text) or places.cued_sentence(  # a letter: cues in its other sentences ask nothing
        text, [a for c, a, _ in found if c.field not in ("none", "dismiss")])
    if sentence:
        found = [m for m in found if m[0].field in ("none", "dismiss") or sentence[0] <= m[1] < sentence[1]]
    cell, cell_spans = cells.quoted_cell(text, found)  # "thời hạn chỉ ghi 'Theo văn bản …'"
    quote = cell_spans[-1] if cell else (0, 0)
    found = [m for m in found if not quote[0] <= m[1] < quote[1]]  # words inside the quote ask nothing
    set_aside_cues = [(m, x.start()) for m in found for x in [SET_ASIDE_CUE.search(text.fol[:m[1]])] if x]
    found = [m for m in found if m not in [m for m, _ in set_aside_cues]]  # "ngoài đơn vị chủ trì thì ai phối hợp"
    protected = [(a, b) for c, a, b in found if c.field == "none"]  # "hợp tác xã ở Nghĩa Sơn": "xã" is not "ở"'s
    named = [(n, (next((y for x, y in protected if x < a < y), a), b)) for n, (a, b) in
             places.commune_mentions(text, vocab.communes)]
    commune_spans = [span for _, span in named]
    aside, aside_spans = places.set_aside(text, named)  # "ngoài Nghĩa Thọ ra", "so với Nghĩa Thọ"
    communes = [c for c in dict.fromkeys(name for name, _ in named) if c not in aside]
    unknown_c, unknown_c_spans = places.unknown_communes(text, vocab.communes)
    number, number_spans = cons.task_number(text)
    if any(overlaps(span, cell_spans) for span in number_spans):
        number, number_spans = None, []  # "phụ thuộc NV2": the cell's value, no task asked
    section, section_spans = cons.section(text)
    if section_spans and number_spans and overlaps(number_spans[0], section_spans):
        number, number_spans = None, []  # "Milestone 2.1": a group of the schedule, not its task 2.1
    pointed, point_spans = cons.point(text)  # "mục 2 điểm a": item a of group 2
    if pointed:
        (section, number), number_spans, section_spans = pointed, point_spans, point_spans
    time, time_spans = when.time_filter(text, vocab.years)
    if sentence and any(sentence[0] <= a < sentence[1] for a, _ in time_spans) \
            and not all(sentence[0] <= a < sentence[1] for a, _ in time_spans):
        time, time_spans = when.time_filter(text, vocab.years, within=sentence)  # "…thường xuyên; xin cho biết … hằng năm?"
    elif sentence and time_spans and not any(sentence[0] <= a < sentence[1] for a, _ in time_spans):
        time = None  # "Chợ Tân An mấy tháng nay treo băng rôn …. … đơn vị nào phối hợp": the story's time
    if cell and any(overlaps(span, cell_spans) for span in time_spans):
        time, time_spans = None, []  # the quoted deadline is the filter
    documents, document_spans = plans.named_document(text, vocab.documents, communes)  # "phụ lục … tầm nhìn 2045"
    found = [m for m in found if not any(a <= m[1] and m[2] <= b for a, b in document_spans)]  # "trong báo cáo tiến độ"
    if cell is None and any(cons.plan_kinds()["status"] in d.kind for d in documents):  # "… báo cáo tiến độ: mấy việc đã hoàn thành"
        cell, cell_spans = cells.said_status(text)
        found = [m for m in found if not any(a <= m[1] < b for a, b in cell_spans)]
    numbering = document_spans + [m.span() for m in NUMBERING.finditer(text.fol)]  # "(đánh số 1.1 đến 7.2)"
    numbering += plans.appendix_numbers(text)  # "trong phụ lục 1"
    if any(overlaps(span, numbering + section_spans) for span in time_spans):
        time, time_spans = None, []  # "PL nhiệm vụ đến 2030": the plan's title, no deadline
    coded = [(m.start(), m.end() + len(c.group(0))) for m in plans.doc_code().finditer(text.fol)
             for c in [re.match(r"/(?:19|20)\d\d", text.fol[m.end():])] if c]
    if any(overlaps(span, coded) for span in time_spans):
        time, time_spans = None, []  # "sửa NĐ 06/2022": a decree's number and year, no deadline
    if any(overlaps(span, numbering) for span in number_spans):
        number, number_spans = None, []
    described = [(b + m.start(), b + m.end()) for _, b in number_spans[:1]  # "nhiệm vụ 2.1 (có các trường học phối hợp)"
                 for m in [re.match(r"\s*\([^)]*\)", text.fol[b:])] if m]
    in_description = [m for m in found if overlaps((m[1], m[2]), described)]
    found = [m for m in found if m not in in_description]  # a description of the task asks nothing
    described = described if in_description else []  # … and is no topic when it names roles, not what the task is
    negated_roles = [(x.start(), b) for c, a, b in found if c.kind == "role"
                     for x in [re.search(r"(?<![^\W_])(?:khong|chang|ko)\s+(?:phai\s+(?:la\s+)?)?$", text.fol[:a])] if x]
    found = [m for m in found if not any(x < m[1] < y for x, y in negated_roles)]  # "không chủ trì … mà chỉ phối hợp"
    roles = [(c.role, a, b) for c, a, b in found if c.kind == "role"]
    mentions = [u for u in cons.units(text, vocab.units, roles, commune_spans)  # "Công an xã Nghĩa Sơn"
                if not any(x <= u.start < y for x, y in commune_spans + cell_spans + document_spans)  # "kế hoạch của Đảng đoàn QH"
                and not any(re.fullmatch(r"[\s:.(-]*", text.fol[b:u.start]) for _, b in section_spans)  # "phần VI doanh nghiệp"
                and not any(c.kind == "cue" and c.field == "who" and a <= u.start < b for c, a, b in found)]  # "nhà mạng nào": asked
    issuing = list(dict.fromkeys(d.issuer for d in vocab.documents if d.commune is None and d.issuer))  # no lead of any row, perhaps
    said = mentions + [u for u in cons.units(text, issuing, roles, commune_spans) if u.start not in {m.start for m in mentions}]
    if not documents and not communes:  # "KH BTNMT …": the one plan of no commune that unit issued
        documents = plans.issued_by([u.name for u in said if OF.search(text.fol[:u.start])], vocab.documents)
    issuers = {fold(d.issuer) for d in documents if d.issuer}
    owners = [u for u in said if fold(u.name) in issuers and OF.search(text.fol[:u.start])]  # "kế hoạch của Bộ TN&MT"
    mentions = [u for u in mentions if u not in owners]
    own = [u for u in mentions if sentence and sentence[0] <= u.start < sentence[1]]
    asks_who = any(c.kind == "cue" and c.field == "who" for c, a, _ in found if sentence and sentence[0] <= a < sentence[1])
    # a letter's story names units its question does not ask about; so does a story before "… là bộ nào?"
    if (own or asks_who) and not topics.points_back(text, sentence):
        mentions = own
    plan_levels, level_spans = places.levels(text, [u.span for u in mentions] + cell_spans)  # "cấp trung ương", "các bộ"
    communes, plan_levels = places.asked_level(text, communes, named, plan_levels, level_spans)
    unknown_u = cons.unknown_units(text, [u.span for u in mentions + owners] + commune_spans + unknown_c_spans,
                                   vocab.units, roles, commune_spans)
    asking = [(a, b) for c, a, b in found if c.kind == "cue" and c.field == "who"]
    unknown_u = [u for u in unknown_u if not any(a <= u.start < b for a, b in asking)]  # "phòng ban nào": the question
    signed = subjects.signed(text, unknown_u)
    unknown_u = [u for u in unknown_u if u not in signed]  # "Sở KHCN tổng hợp: …": who asks, no unit of the plans
    found = subjects.near_roles(text, found, mentions + unknown_u, commune_spans)
    timing = [m for m in found if names_time(text, m, time_spans)]
    found = [m for m in found if m not in timing]
    fields, used = frame(text, found, number, bool(mentions or unknown_u), time is not None)
    by_cost = BY_COST.search(text.fol)
    if by_cost:  # "Tân An việc nào tốn kinh phí nhiều nhất": the task, chosen by its cost cell
        fields = ("task",)
    if "deadline" in fields and time is not None and time.kind in ("ends", "active") and time.month is None \
            and HORIZON.match(text.fol[slice(*time_spans[0])]):
        time, time_spans = None, []  # "chiến lược … đến 2030, hạn bao giờ": asking the deadline, the horizon is the topic's
    asked_at = min((a for _, a, _ in used), default=max((a for c, a, _ in found if c.kind == "cue"), default=None))
    context_end = places.asking_clause(text, [m for m in named if m[0] not in aside], asked_at)
    context: list[tuple[int, int]] = []
    if context_end is not None:  # "…Nghĩa Sơn giao công an, vậy Nghĩa Thọ giao ai?": only the asking clause constrains
        communes = [c for c in communes if any(n == c and a >= context_end for n, (a, _) in named)]
        context = [u.span for u in mentions if u.start < context_end] + places.context_clause_words(text, context_end)
        if number_spans and number_spans[0][0] < context_end:  # a number in the context is not asked about
            number, number_spans = None, []
        mentions = [u for u in mentions if u.start >= context_end]
    if fields[0] not in SET_FIELDS and time is not None and time.kind == "active":
        time, time_spans = None, []  # "cắt giảm TTHC năm 2025 và 2026": the year belongs to the topic
    if fields[0] not in SET_FIELDS and time is not None and time.kind == "recurring":
        time, time_spans = None, []  # "kế hoạch CĐS hằng năm … hạn lúc nào": the topic's own words
    if fields == ("deadline",) and time is not None and time.kind == "ends":
        time = None  # "hẹn năm 2027 mới xong … phải không, hạn thật là khi nào": the deadline asked is no filter
    if fields[0] not in SET_FIELDS and fields[0] != "search":
        unknown_u = []  # a who-question may name the unit it asks about
    excluded = [u for u in mentions if EXCLUDING.search(text.fol[:u.start])]
    shared = [(m.start(), u.end) for u in mentions if (m := SHARED_WITH.search(text.fol[:u.start]))]
    found = [m for m in found if not any(a <= m[1] < b for a, b in shared)]  # "(cùng phòng VH-XH)": no role asked
    mentions = [u for u in mentions if u not in excluded and u.end not in {b for _, b in shared}]
    roles_said = bool(roles) or any(c.kind == "cue" and c.field in FIELD_ROLES for c, _, _ in found)
    filtering = subjects.filtering(fields, mentions, roles_said)
    if fields == ("search",) and any(u.prefixed for u in filtering):
        fields = ("list",)  # "việc của Trung tâm Phục vụ HCC": a unit's tasks
        filtering = subjects.filtering(fields, mentions, roles_said)
    role, assumed = subjects.role(fields, filtering + unknown_u, found)
    if fields[0] in ("lead", "partners"):  # "ai phối hợp với Công an xã trong việc …": that unit's rows
        filtering = [u for u in mentions if re.search(r"(?<![^\W_])(voi|cung|phoi hop)\s+$", text.fol[:u.start])]
        role, assumed = ("any", False) if filtering else (role, assumed)
    stated = subjects.stated_lead(text, fields, mentions)
    if stated:  # "…, Bộ TTTT chủ trì, bên nào phối hợp": the lead is told, the partners asked
        fields, filtering, role, assumed = ("partners",), stated, "lead", False
    asked_role, role_spans = ([], []) if stated else subjects.role_asked(text, fields, mentions)  # "… đứng vai trò gì"
    choice = subjects.chosen_between(text, mentions) if fields[0] in ("search", "lead") and not stated else []
    if choice:  # "… thì TT PVHCC hay CA xã ôm?": asks the lead, names no filter
        fields, filtering, role_spans = ("lead",), [], role_spans + choice
    checked, checked_spans = subjects.checked_lead(text, fields, mentions)
    if checked:  # "P.KT chủ trì phải ko, phối hợp những ai": the lead is asked too
        fields, role_spans = ("lead", "partners"), role_spans + checked_spans
    if fields[0] in ("list", "count") and not filtering:  # "các doanh nghiệp viễn thông ở Nghĩa Hưng phải làm gì"
        filtering = subjects.doing(text, mentions, commune_spans)
        role, assumed = ("lead", False) if filtering else (role, assumed)
    if fields == ("partners",) and not filtering:  # "Phòng kinh tế làm cùng với ai?": the rows it leads
        filtering = subjects.working_with(text, mentions)
        role, assumed = ("lead", False) if filtering else (role, assumed)
    filtering, unit_roles = together.roles(text, filtering) if fields[0] in SET_FIELDS else (filtering, [])
    remove = [(a, b) for c, a, b in found if c.field != "none"
              and not (c.field == "most" and AMOUNT.match(text.fol, b))]  # "ít nhất 15% ngân sách": the topic's
    remove += commune_spans + unknown_c_spans + number_spans + time_spans + section_spans + dismissed
    remove += [(a, b) for _, a, b in timing] if time is not None else []
    remove += _leading_time_words(text, time_spans)
    remove += [with_prefix(text, u.start, u.end, [*cons.context_words().get("unit", []), "voi", "cung", "cung voi"])
               for u in filtering]
    remove += [u.span for u in unknown_u + signed]
    remove += [(m.start(), u.end) for u in owners for m in [OF.search(text.fol[:u.start])]]  # "KH BTNMT", "KH 09 của Bộ TN&MT"
    remove += [(u.end, u.end + m.end()) for u in mentions  # "Bộ KH&CN (MOST)": the unit's other name
               for m in [re.match(r"\s*\(\s*[A-Za-z&]{2,8}\s*\)", text.orig[u.end:])] if m]
    remove += [with_prefix(text, u.start, u.end, list(places.EXCLUDING_WORDS))
               for u in excluded]
    remove += [(u.end, u.end + m.end()) for u in excluded  # "ngoài UBND xã ra thì …"
               for m in [re.match(r"\s+ra(?![^\W_])", text.fol[u.end:])] if m]
    scopes = {"all", "set"} if fields[0] in SET_FIELDS else {"all"}
    kept = [(a, b) for c, a, b in found if c.field == "none"]  # "nạo vét": not the filler "nao"
    remove += [s for c in fillers() if c.field in scopes for s in find(text, c.phrase) if not overlaps(s, kept)]
    negations = _negations(text, kept)
    counts_places = fields == ("count",) and bool(PLACES_COUNTED.search(text.fol))  # "bn xã có nhiệm vụ phủ sóng 5G"
    lasting = LASTING.search(text.fol) if fields[0] in SET_FIELDS else None  # "bao nhiêu task kéo dài 121 ngày"
    negated = (fields == ("communes",) or counts_places) and bool(negations)
    remove += [m.span() for m in NEGATION.finditer(text.fol) if _asks_yes_no(text, m)]  # "… chua a?"
    if fields[0] in ("communes", "rank") or counts_places:
        remove += negations + [m.span() for m in PLACES_COUNTED.finditer(text.fol)]
        remove += [m.span() for m in re.finditer(r"(?<![^\W_])(co|nhieu|it|nhat|hon)(?![^\W_])", text.fol)]
    who = next((text.fol[a:b] for c, a, b in used if c.field == "who"), "")
    remove += [(x, m[2] + (r.end() if (r := re.match(r"\s+ra(?![^\W_])", text.fol[m[2]:])) else 0))
               for m, x in set_aside_cues]  # "ngoài mấy phòng chủ trì ra"
    shared_lead = together.shared_lead(text) if fields[0] in SET_FIELDS and not filtering else []
    sole = together.sole(text, filtering[0], commune_spans) if fields[0] in SET_FIELDS and role == "lead" and len(filtering) == 1 else []
    both_roles = [m.span() for m in together.BOTH_ROLES.finditer(text.fol)] if unit_roles else []
    remove += aside_spans + level_spans + shared + cell_spans + numbering + described + shared_lead + both_roles + sole
    remove += [(b + m.start(), b + m.end()) for _, b in cell_spans[-1:]  # "cột Phụ thuộc để trống (điểm xuất phát)"
               for m in [re.match(r"\s*\([^)]*\)", text.fol[b:])] if m and cell and not cell.text]
    remove += role_spans + [with_prefix(text, u.start, u.end, ["thi"]) for u in asked_role]
    remove += negated_roles + topics.asides(text) + ([by_cost.span()] if by_cost else []) + ([lasting.span()] if lasting else [])
    out = topics.not_topic(text, remove, context, context_end, sentence,
                           set_filtered=fields[0] in SET_FIELDS and bool(time or filtering or plan_levels))
    topic = topics.topic(text, out)
    either = [part for part in re.split(r"\s+(?:hoặc|hoac)\s+", topics.topic(text, [
        (a, b) for a, b in out if text.fol[a:b].strip() != "hoac"])) if part.strip(" ,.;:?!")]
    if fields[0] in SET_FIELDS and filtering and topics.is_theme(topic):
        topic = ""  # "Trạm y tế chủ trì việc chuyển đổi số ở xã nào": the unit's tasks, all of them
    if fields[0] in SET_FIELDS and documents and plans.only_names(topic, documents):
        topic = ""  # "Bộ Tài chính có mấy nhiệm vụ trong danh mục hạn tháng 3-5/2025 (báo cáo tiến độ)"
    own_plans = [d for d in vocab.documents if d.commune in communes]
    if fields[0] in SET_FIELDS and not documents and own_plans and plans.named_by_noun(text.fol, topic) \
            and plans.only_names(topic, own_plans):
        topic = ""  # "Phường Tân An có tất cả bao nhiêu nhiệm vụ trong danh mục chuyển đổi số 2025-2026": its one plan
    return Question(
        text=text, fields=fields, topic=topic, communes=communes, unknown_communes=unknown_c,
        units=filtering, mentioned_units=list(dict.fromkeys(u.name for u in mentions)), unknown_units=unknown_u,
        role=role, role_assumed=assumed, units_together=together.together(text, filtering) or bool(unit_roles),
        unit_roles=unit_roles, shared_lead=bool(shared_lead),
        sole_lead=bool(sole), role_of=asked_role[0].name if asked_role else None,
        by_cost=("least" if "it" in by_cost.group(1, 2) or by_cost.group(4) else "most") if by_cost else None,
        places=vocab.places,
        documents=documents,
        time=time, number=number,
        section=section, negated=negated,
        targets=fields[0] in SET_FIELDS and bool(find(text, TARGETS)) and not TARGETS_OR_TASKS.search(text.fol),
        cell=cell, days=int(lasting.group(1)) if lasting else None,
        excluded_units=[u.name for u in excluded], excluded_communes=aside, levels=plan_levels, counts_places=counts_places,
        topic_parts=either if len(either) > 1 and fields[0] in SET_FIELDS else [],
        rank_by="commune" if any(c.field == "communes" for c, _, _ in found) or len(filtering) == 1 else "unit",
        rank_order="fewest" if any(c.field == "most" and FEWEST.search(text.fol[a:b]) for c, a, b in found)
        or ((sup := SUPERLATIVE.search(text.fol)) and sup.group(1) == "it") else "most",  # "ít việc … nhất"
        unit_kind=next((kind for w, kind in UNIT_KINDS.items() if re.search(rf"(?<![^\W_]){w}\s+nao", who)), None),
        cues=[(c.field if c.kind == "cue" else c.role, text.orig[a:b]) for c, a, b in used],
        parts=frozenset(c.part for c, _, _ in used if c.part),
    )


NUMBERING = re.compile(r"\(\s*danh so[^)]*\)")  # "(đánh số 1.1 đến 7.2)": how a plan numbers its tasks


HORIZON = re.compile(r"(?:den|toi)\s+(?:nam\s+)?(?:19|20)\d\d$")


def _leading_time_words(text: Text, time_spans) -> list[tuple[int, int]]:
    """"có hạn" / "hạn" right before a time filter belongs to it ("han thuong xuyen" typed
    without accents, where "han" is no cue), and so does "(trong) giai đoạn" ("trong giai đoạn đến 2028")."""
    out = []
    for x, _ in time_spans:
        m = re.search(r"(?<![^\W_])(?:co\s+(?:thoi\s+)?han|co|(?:thoi\s+)?han|(?:trong\s+)?(?:giai doan|thoi ky))\s+$",
                      text.fol[:x])
        if m:
            out.append(m.span())
    return out


def _dismissed(text: Text, found) -> tuple[list, list[tuple[int, int]]]:
    """The cues left when a clause the asker takes back is dropped ("Ai chủ trì thì em biết rồi,
    giờ cho hỏi hạn …" asks the deadline), and the spans of those clauses (out of the topic)."""
    out, clauses = list(found), []
    for c, a, b in found:
        if c.field == "dismiss":
            start = max((m.end() for m in CLAUSE_END.finditer(text.orig, 0, a)), default=0)
            out = [(x, y, z) for x, y, z in out if not start <= y < b]
            clauses.append((start, b))
    return out, clauses


def _negations(text: Text, kept=()) -> list[tuple[int, int]]:
    """"chưa", "không", "thiếu" as typed: "chua" without diacritics, but "chữa" (phòng cháy chữa
    cháy) and "thiêu" are other words; inside a topic phrase (`kept`: "không gian", "không dùng
    tiền mặt") no negation at all."""
    return [m.span() for m in NEGATION.finditer(text.fol)
            if (text.plain(*m.span()) or text.low[m.start():m.end()] in NEGATION_WORDS)
            and not overlaps(m.span(), kept) and not _asks_yes_no(text, m)
            and not re.match(r"\s+(?:tinh|ke|phai\s+(?:la\s+)?(?:chu tri|phoi hop))(?![^\W_])", text.fol[m.end():])]
    # "không tính …": how to count; "(không phải chủ trì)": which role, no lack


def _asks_yes_no(text: Text, m: re.Match) -> bool:
    """"xã nào có việc X không?", "… đã có Y chưa ạ?": the last word asks, it negates nothing."""
    return bool(FINAL_PARTICLE.fullmatch(text.fol[m.start():])) \
        and bool(re.search(r"(?<![^\W_])(co|da)(?![^\W_])", text.fol[:m.start()]))


@lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    from kehoach.corpus import read_corpus

    return Vocabulary.from_rows(read_corpus()[0])
