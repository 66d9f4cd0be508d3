"""Which fields a question asks, decided from the cues found in it (rule 2 of qa.intent).

The frame decides, never a word inside the topic: a superlative with a who- or commune-cue is a
ranking; "xã nào" asks for communes; otherwise the strongest cues win (3 frames, 2
interrogatives, 1 keywords), count and list before single fields, and two different
single-field interrogatives ask both ("ai chủ trì và khi nào xong").
"""
from __future__ import annotations

import re
from dataclasses import replace

from kehoach.qa.cues import SINGLE_FIELDS, Cue, precedence
from kehoach.qa.text import Phrase, Text

ANOTHER_WHO = re.compile(r"(?<![^\W_])ai(?![^\W_])")
MAX_ROLE_GAP = 2  # words between a "who" cue and the role word it takes ("ai sẽ phối hợp")
# "nhiều … nhất" (not "nhất là"), and between two: "xã nào … nhiều nhiệm vụ hơn" (not "hơn nữa")
SUPERLATIVE = re.compile(r"(?<![^\W_])(nhieu|it)(?:\s+\S+){0,10}?\s+(?:nhat(?!\s+la(?![^\W_]))|hon(?!\s+nua))(?![^\W_])")
# "ít nhất 50%", "nhiều nhất 3 lần", "ít nhất một không gian": an amount, not a ranking
AMOUNT = re.compile(r"\s*(?:\d+|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)(?![^\W_]))(?!\s*xa(?![^\W_]))")  # not "… 4 xã"
CLAUSE_END = re.compile(r"[,;:.!?–—]")
# "… kéo trường học vào phối hợp không, những ai thế?": a yes/no on the role, then who
YES_NO_THEN_WHO = re.compile(r"\s*(?:khong|ko|chua)\s*[,;]?\s*(?:thi\s+|vay\s+|neu co\s+|co thi\s+)?(?:la\s+)?(?:nhung\s+|cac\s+)?")


def frame(text: Text, found, number: str | None, units_named: bool,
          timed: bool = False) -> tuple[tuple[str, ...], list]:
    """The fields asked and the cues that decided.  A role word alone asks its field
    only about a unit named ("Phòng Kinh tế chủ trì …"); "phối hợp liên ngành" is a topic.
    `timed`: a time filter was said, so "là việc gì" asks which task it selects."""
    cands = [(c, a, b) for c, a, b in found  # a role word last asks its field ("điểm nghẽn thể chế … phối hợp")
             if c.field not in ("none", "dismiss") and (c.kind == "cue" or units_named or _last(text, b)
                                                       or _joined_to_last(text, b, found))]
    cands = [m for m in cands if not (m[0].field == "most" and AMOUNT.match(text.fol, m[2]))]  # "ít nhất 50%"
    cands = [m for m in cands if not _points_back(text, m, cands)]
    cands = [m for m in cands if not _asked_on_the_way(text, m, cands)]
    cands = [m for m in cands if not (m[0].field in SINGLE_FIELDS and TABLE_TITLE.search(text.low[:m[1]]))]
    cands = [m for m in cands if not (m[0].field == "deadline" and m[0].strength == 1  # "làm xong có sản phẩm gì"
                                      and re.match(r"\s+(?:co|thi|ra\s+(?:cai\s+)?gi)(?![^\W_])", text.fol[m[2]:]))]  # "xong ra cái gì"
    if any(c.kind == "cue" and (c.field == "who" or c.field in SINGLE_FIELDS and c.strength >= 2) for c, _, _ in cands):
        # "hỗ trợ mấy dự án … là việc phòng nào", "lượng hóa mấy khái niệm mới … hạn là bao giờ"; but
        # a rate's value asked beside it is asked too ("Tỉ lệ … bao nhiêu, cơ quan nào chủ trì")
        cands = [(VALUE, a, b) if c.field == "count" and _rate_asked(text, (c, a, b)) else (c, a, b) for c, a, b in cands]
        cands = [m for m in cands if not (m[0].field == "count" and (not _counts_tasks(text, m) or _several(text, m, cands)))]
    elif any(c.field == "count" for c, _, _ in cands) and all(
            _rate_asked(text, m) or not _counts_tasks(text, m) and not TABLE_NOUN.match(text.fol, m[2] + 1)
            for m in cands if m[0].field == "count"):
        # "thêm mấy tuyến cáp quang biển", "bao nhiêu người trên một vạn dân": the amount a row sets
        cands = [(VALUE, a, b) if c.field == "count" else (c, a, b) for c, a, b in cands]
    cands = [(replace(c, field="list"), a, b) if _several_asked(text, (c, a, b), cands) else (c, a, b)
             for c, a, b in cands]  # "mấy việc các xóm đứng ra chủ trì là gì": which they are
    frames = {f: [(c, a, b) for c, a, b in cands if c.kind == "cue" and c.field == f] for f in ("most", "communes")}
    who = [(c, a, b) for c, a, b in cands if c.kind == "cue" and c.field == "who"]
    most = frames["most"] or ([(None, m.start(), m.end()) for m in SUPERLATIVE.finditer(text.fol)
                               if not AMOUNT.match(text.fol, m.end())][:1])
    if most and (who or frames["communes"] or re.search(r"(?<![^\W_])(don vi|co quan|phong|ban|bo|xa)"
                                                                 r"(?![^\W_])", text.fol)):
        return ("rank",), [m for m in frames["most"] + who + frames["communes"] if m[0] is not None]
    if frames["communes"]:
        return ("communes",), frames["communes"]
    roles = [(c, a, b) for c, a, b in found if c.kind == "role"]
    paired = [(c, a, b) for c, a, b in roles if ROLES_PAIRED.match(text.fol, a)]
    if paired and not any(c.field in ("count", "list") for c, _, _ in cands):  # "chủ trì và phối hợp là những ai"
        return ("lead", "partners"), paired
    resolved: list[tuple[int, str, int, tuple]] = []  # (strength, field, position, match)
    keywords = []
    for c, a, b in cands:
        if c.field in ("most", "communes"):
            continue
        if c.field == "search":
            if SEARCH_OPENS.fullmatch(text.fol[:a]):  # "tìm …" opens a search; "tìm và bồi dưỡng các em" is a task's verb
                resolved.append((c.strength, "search", a, (c, a, b)))
            continue
        f, s = c.field, c.strength
        if c.kind == "cue" and f == "who":
            f = _who_field(text, a, b, roles)
        if f == "what":
            before = [k for k in keywords if k[2] < a]
            if before:
                s, f = max(2, before[-1][0]), before[-1][1]
            elif number or timed or re.search(r"(?<![^\W_])(viec|nhiem vu)(?![^\W_])", text.fol[a:b]) \
                    or re.search(r"(?<![^\W_])cu the\s+$", text.fol[:a]):  # "… không, cụ thể là gì?"
                f = "task"  # "nhiệm vụ 7 là gì", "việc có hạn tháng 4/2026 là việc gì", "… về OCOP là việc gì"
            else:
                continue
        resolved.append((s, f, a, (c, a, b)))
        if c.kind == "cue" and s <= 2 and f in (*SINGLE_FIELDS, "count", "list") and c.field != "what":
            keywords.append((s, f, a))
    if not resolved:
        return (("task",), []) if number else (("search",), [])
    top = max(s for s, *_ in resolved)
    if any(f == "search" for s, f, *_ in resolved if s == top):
        return ("search",), [next(r[3] for r in resolved if r[1] == "search")]
    tops = [r for r in resolved if r[0] == top]
    if number and any(r[1] in ("task", "list") for r in tops):  # "mục 7.1 … là nội dung gì": one task
        return ("task",), [next(r[3] for r in tops if r[1] in ("task", "list"))]
    rank = precedence()
    sets = [r for r in tops if r[1] in ("count", "list")]
    if sets:
        best = min(sets, key=lambda r: rank[r[1]])
        return (best[1],), [best[3]]
    singles = []
    for s, f, a, m in sorted(tops, key=lambda r: r[2]):
        if f in SINGLE_FIELDS and f not in [x[0] for x in singles]:
            singles.append((f, m))
    if len(singles) == 1 and top >= 2:  # "thời gian thực hiện và đơn vị phối hợp": a keyword joined on
        asked = [_with_role(text, r[3], roles) for r in tops if r[1] == singles[0][0]]  # "ai phụ trách và deadline",
        joined = [(a, f, m) for s, f, a, m in resolved if s < top and f in SINGLE_FIELDS  # "kết quả … là gì và thời hạn"
                  and f != singles[0][0] and any(_conjoined(text, m, x) for x in asked)]
        singles = sorted(singles + [(f, m) for _, f, m in joined[:1]], key=lambda x: x[1][1])
    if len(singles) >= 2 and (top >= 2 or _conjoined(text, singles[0][1], singles[1][1])):  # "chủ trì + hạn?"
        return tuple(f for f, _ in singles[:2]), [m for _, m in singles[:2]]
    if singles:
        return (singles[0][0],), [singles[0][1]]
    for wanted in ("search", "task"):
        hit = [r for r in tops if r[1] == wanted]
        if hit:
            return (wanted,), [hit[0][3]]
    return ("search",), []


COUNT_NOUN = re.compile(r"(?<![^\W_])(nhiem vu|nv|viec|cong viec|dau viec|chi tieu|noi dung|hang muc|hoat dong|don vi|xa)"
                        r"(?![^\W_])")
# what else a count of the table counts ("bao nhiêu phòng", "mấy lần", "bao nhiêu dòng"); not a
# who-question's topic, where "mấy phòng" is only a plural ("mấy phòng chuyên môn … ai phối hợp")
TABLE_NOUN = re.compile(r"(?<![^\W_])(phuong|phong|ban|co quan|bo|nganh|ke hoach|dong|muc|nhom|lan|task|tasks|rows?)"
                        r"(?![^\W_])")
# what may come before a search verb that opens the question: "giúp tôi tìm …", "Cho mình tra cứu …"
SEARCH_OPENS = re.compile(r"[\s\W]*(?:(?:hay|giup|gium|cho|toi|em|minh|tui|xin|vui long|ban|oi|ad|anh|chi|can|muon|lam on)"
                          r"[\s\W]+)*")
# "trong bảng kết quả đầu ra NQ57 …", "theo bảng tiến độ": a field's word right after "bảng" is the
# table's title, not what is asked
# (typed without diacritics only after "trong/theo": "hoàn thành bằng sản phẩm gì" asks the output)
TABLE_TITLE = re.compile(r"(?:(?<![^\W_])bảng|(?<![^\W_])(?:trong|theo|tai|o)\s+bang)\s+$")
VALUE = Cue("cue", "output", 2, Phrase("bao nhieu", "folded"))  # a count cue that counts no task asks a row's amount


# a rate or a rank said before "là/đạt/chiếm bao nhiêu": "tỷ lệ làm chủ công nghệ … đến 2045 là bao nhiêu"
RATE = re.compile(r"(?<![^\W_])(?:ty le|ti le|quy mo|xep hang|chi so|muc dong gop|muc)(?![^\W_])")
RATE_ASKED = re.compile(r"(?<![^\W_])(?:la|dat|chiem|o muc|dat muc)\s+$")
RATE_OPENS = re.compile(r"\s*(?:ty le|ti le|so(?!\s+hoa))(?![^\W_])")  # a clause that opens with the rate (or "Số doanh nghiệp …") asks its value


# an amount's unit right after "bao nhiêu": "bao nhiêu %", "bao nhiêu người/vạn dân", "bao nhiêu phần trăm"
MEASURE_AFTER = re.compile(r"\s*(?:%|phan tram|[^\W\d_]+(?:\s+[^\W\d_]+)?\s*/\s*[^\W\d_]+)")


def _rate_asked(text: Text, match) -> bool:
    """Does "bao nhiêu" ask the value of a rate the question names, not a number of tasks?"""
    _, a, b = match
    if MEASURE_AFTER.match(text.fol, b):
        return True
    before = text.fol[:a]
    opens = RATE_OPENS.match(re.split(r"[,;:.!?]", before)[-1])  # "Tỉ lệ cung cấp DVC … bao nhiêu, …"
    said = re.sub(r"\([^()]*\)", " ", before)  # "(chỉ tiêu quốc gia)": an aside, nothing counted
    opens = opens and not re.match(r"\s*s[ổở](?![^\W_])", re.split(r"[,;:.!?]", text.low[:a])[-1])  # "sổ", "sở": no number
    return bool((RATE_ASKED.search(before) or opens) and (RATE.search(before) or opens) and not COUNT_NOUN.search(said)
                and not COUNT_NOUN.search(text.fol, a, b) and not COUNT_NOUN.match(text.fol, b + 1))  # "… bao nhiêu việc"


def _counts_tasks(text: Text, match) -> bool:
    """Does a count cue count what the plans hold ("mấy nhiệm vụ", "bao nhiêu việc"), not a
    thing inside the topic ("hỗ trợ mấy dự án", "số hóa mấy cái đình")?"""
    _, a, b = match
    return bool(COUNT_NOUN.search(text.fol[a:b]) or COUNT_NOUN.match(text.fol, b + 1)
                or not re.search(r"[^\W_]|%", text.fol[b:]))  # "chỉ tiêu bao nhiêu %": an amount, not a count


def _several(text: Text, match, cands) -> bool:
    """"mấy" inside a clause that another clause's question follows: "several", no count ("giao cho
    các công ty làm mấy đầu việc số hóa lớn của xã — phòng văn hóa phối hợp những ai?"); or after a
    "có ai" in its own clause, whose object it is ("xã có ai lo dẹp mấy nội dung độc hại đó không")."""
    _, a, b = match
    if not text.fol.startswith("may", a):
        return False
    return any(c.kind == "cue" and c.field != "count" and c.strength >= 2 and x > b and TURN.search(text.fol, b, x)
               for c, x, _ in cands) or any(  # "xã có ai lo dẹp mấy nội dung độc hại đó không": the who's object
        c.kind == "cue" and c.field == "who" and (text.fol.startswith("co ai", x) or re.search(r"(?<![^\W_])co\s+$", text.fol[:x])) and y <= a
        and not TURN.search(text.fol, y, a) for c, x, y in cands)


# the two roles asked together: "(đơn vị) chủ trì và phối hợp là những ai", "— chủ trì và phối hợp?"
ROLES_PAIRED = re.compile(r"chu tri\s*(?:va|,|\+|&|/)\s*phoi hop(?=\s*(?:la\s+(?:nhung\s+)?(?:ai|don vi nao|co quan nao|bo nao)"
                          r"|(?:gom\s+)?nhung\s+ai|[?]|$))")


def _several_asked(text: Text, match, cands) -> bool:
    """"mấy việc … là gì": a "mấy" whose question is a what-cue after it asks which tasks, not how many."""
    c, a, b = match
    return c.field == "count" and text.fol.startswith("may", a) and any(
        w.field == "what" and x > b and not text.fol[y:].strip(" ?.!") for w, x, y in cands)


TURN = re.compile(rf"{CLAUSE_END.pattern}|\s-\s")  # a clause mark, or a dash as normalised text writes it


def names_time(text: Text, match, time_spans) -> bool:
    """A deadline keyword that only introduces the time filter after it ("việc có hạn tháng
    4/2026 là việc gì", "mấy nhiệm vụ hạn thường xuyên"): part of the filter, not a question."""
    c, a, b = match
    return c.kind == "cue" and c.field == "deadline" and c.strength == 1 and any(
        (x >= b and not text.fol[b:x].strip()) or (x <= a < y) for x, y in time_spans)


def _points_back(text: Text, match, cands) -> bool:
    """A who-cue after "là" that only points back at a field just named ("đơn vị phối hợp là đơn
    vị nào"): the field is the named one's, not a second question."""
    c, a, _ = match
    gap = r"\s*(thi\s+)?" if text.fol.startswith("la ", a) else r"\s*(thi\s+)?(la|gom|gom co|bao gom)\s*"  # "bên phối hợp là ai", "… gồm những ai"
    return c.kind == "cue" and c.field == "who" and any(
        x.kind == "cue" and x.field in SINGLE_FIELDS and z <= a and re.fullmatch(gap, text.fol[z:a]) for x, _, z in cands)


def _conjoined(text: Text, one, other) -> bool:
    """Two cues joined by "và" or a comma, nothing else between ("hạn và đơn vị phối hợp")."""
    (_, a, b), (_, x, y) = sorted([one, other], key=lambda m: m[1])
    return bool(re.fullmatch(r"\s*(,|va|cung|voi|\+|&)?\s*", text.fol[b:x]))


def _joined_to_last(text: Text, b: int, found) -> bool:
    """A role word joined to a field word that ends the question ("… chủ trì và hạn?", "owner +
    deadline?"): a keyword query asking both."""
    return any(c.kind == "cue" and c.field != "none" and x >= b and _last(text, y)
               and re.fullmatch(r"\s*(,|va|\+|&)?\s*", text.fol[b:x]) for c, x, y in found)


def _last(text: Text, b: int) -> bool:
    """Nothing but punctuation (or a closing "không", "chưa") after `b`: the word before it ends a
    keyword query, or a yes/no question ("… có tổ trưởng tổ dân phố phối hợp ko")."""
    return not re.search(r"[^\W_]", YES_NO_END.sub("", text.fol[b:]))


YES_NO_END = re.compile(r"^\s*(?:khong|chua)(?:\s+(?:a|ha|nhi|vay))?[\s?.!]*$")


def _with_role(text: Text, match, role_words):
    """A who-cue's match reaching over the role word right after it ("ai phụ trách")."""
    c, a, b = match
    after = [y for _, x, y in role_words if x >= b and text.words_between(b, x) == 0]
    return (c, a, max(after)) if c.field == "who" and after else match


def _who_field(text: Text, a: int, b: int, role_words) -> str:
    """lead, or what the nearest role word within MAX_ROLE_GAP words asks (ties: the one after)."""
    best = None
    for c, x, y in role_words:
        if y <= a and YES_NO_THEN_WHO.fullmatch(text.fol[y:a]):
            return c.field
        if CLAUSE_END.search(text.orig, min(b, y), max(a, x)):
            continue  # "do ai làm, phối hợp với ai": the comma ends the first who's reach
        if ANOTHER_WHO.search(text.fol, min(b, y), max(a, x)):
            continue  # "ai làm ai phối hợp": the second "ai" takes the role word, not the first
        gap = text.words_between(b, x) if x >= b else text.words_between(y, a)
        if gap <= MAX_ROLE_GAP:
            key = (gap, 0 if x >= b else 1)
            if best is None or key < best[0]:
                best = (key, c.field)
    return best[1] if best else "lead"


# a yes/no question's last word: "… thôn tham gia không?", "… đã có Y chưa ạ?"
FINAL_PARTICLE = re.compile(r"\s*(khong|chua)(\s+(a|vay|nhi|nhe))?[\s?.!]*")


EXISTS = re.compile(r"(?<![^\W_])co\s+$")
CLAUSE_ASKED = re.compile(r"(?<![^\W_])(?:khong|chua)\s*[,;]")


def _asked_on_the_way(text: Text, match, cands) -> bool:
    """"Xã có việc gì để kéo tiến bộ khoa học … về không, ai đứng ra chủ trì?": whether there is
    such a task is asked on the way; the question is the field asked after it."""
    c, a, b = match
    if c.field != "list" or not EXISTS.search(text.fol[:a]):
        return False
    end = CLAUSE_ASKED.search(text.fol, b)
    return bool(end) and any(x >= end.end() and (d.field == "who" or d.field in SINGLE_FIELDS) for d, x, _ in cands)
