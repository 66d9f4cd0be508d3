"""Where a unit named in a question stands, when that decides what is asked (qa.intent rule 3).

A unit next to a role word is a filter with that role; these are the other places a person puts
one: the subject of "phải làm gì" ("các doanh nghiệp viễn thông ở Nghĩa Hưng phải làm gì": the
rows it leads, a collective too), the lead told before a partners question ("Bộ TTTT chủ trì,
bên nào phối hợp"), the unit asked with whom it works ("Phòng Kinh tế làm cùng với ai"), the unit
asked which of the two roles it holds ("phòng VHXH đứng vai trò gì, phối hợp hay chủ trì"), and the
body signing the question ("Sở KHCN tổng hợp: …"), which is who asks, not a unit of the plans.
All patterns read the folded question (qa.text.Text.fol).

Which of the units named filter the rows at all (`filtering`), with which role (`role`), and
which role words stand next to a unit or a who-cue (`near_roles`) are decided here too.
"""
from __future__ import annotations

import re

from kehoach.qa import constraints as cons
from kehoach.qa import places
from kehoach.qa.constraints import UnitMention
from kehoach.qa.cues import FIELD_ROLES, SET_FIELDS, fillers
from kehoach.qa.frame import FINAL_PARTICLE
from kehoach.qa.text import Text, find

# a lead told, not asked: "Bộ TTTT chủ trì, bên nào phối hợp"
STATED_LEAD = re.compile(r"\s*(?:(?:la|duoc giao|da)\s+)?(?:chu tri|phu trach|lam chu tri|lam chinh|lo chinh|dung chinh"
                         r"|dung ra|cam trich|chiu trach nhiem chinh)\s*[,;.]")  # "Bộ Tài chính làm chính, ai phối hợp?"
# a lead put to the asker's check before the partners are asked: "P.KT chủ trì phải ko, phối hợp những ai"
CHECKED_LEAD = re.compile(r"\s*(?:(?:la|duoc giao)\s+)?(?:chu tri|phu trach|lam chinh)\s+(?:(?:phai|dung)\s+)?(?:khong|ko|k)"
                          r"(?:\s+(?:a|vay|nhi))?\s*[,;.?]")
# a lead asked as a choice between two units: "… thì TT PVHCC hay CA xã ôm?"
OR_BETWEEN = re.compile(r"\s*,?\s*(?:hay|hoac)(?:\s+la)?\s+$")
CHOICE_DOES = re.compile(r"(?:\s+(?:xa|phuong)(?![^\W_]))?\s*(?:(?:se|thi|moi|la)\s+)?(?:om|lam|lo|chu tri|phu trach|dam nhan|nhan|chiu trach nhiem)"
                         r"(?:\s+(?:vay|a|nhi|day|z|v|chinh))*\s*(?:[,;.?!]|$)")
# a unit (a collective too) asked what it must do: "các doanh nghiệp viễn thông (ở Nghĩa Hưng) phải làm gì"
DOES_WHAT = re.compile(r"\s+(?:(?:phai|can|se|duoc giao)\s+)?(?:lam|lo|thuc hien|trien khai)\s+(?:nhung\s+)?"
                       r"(?:gi|viec gi|viec nao|nhiem vu gi|nhiem vu nao|cong viec gi)(?![^\W_])")
# … when nothing before it makes it an object ("hỗ trợ các doanh nghiệp làm gì")
SUBJECT_BEFORE = re.compile(r"(?:^|[,;:.?!]|(?<![^\W_])(?:con|vay|thi|the|o|tai))\s*$")
# a unit asked with whom it works: "Phòng KT làm cùng với ai", "Bộ KH&CN phối hợp với những bộ nào"
WORKS_WITH_WHOM = re.compile(r"\s+(?:(?:se|thi|can|phai|duoc|lai)\s+)?(?:lam cung|lam chung|phoi hop|ket hop|cung|lam(?=\s+voi))"
                             r"\s+(?:voi\s+)?(?:nhung\s+|cac\s+)?(?:ai|(?:don vi|co quan|ben|phong|bo|so|nganh)\s+nao)(?![^\W_])")
# which of the two roles a unit holds: "phòng VHXH đứng vai trò gì", "… là chủ trì hay phối hợp"
ROLE_ASKED = re.compile(r"(?<![^\W_])(?:(?:dung|dong|giu|co|la)\s+)?vai tro\s+(?:gi|nao|the nao)(?![^\W_])"
                        r"|(?<![^\W_])(?:la\s+)?(?:don vi\s+)?(?:chu tri hay (?:la\s+)?phoi hop|phoi hop hay (?:la\s+)?chu tri)(?![^\W_])")
SIGNED = re.compile(r"\s*:")  # a unit opening the question with a colon


def signed(text: Text, units: list) -> list:
    """The unit opening the question before a colon: who asks ("Sở KHCN tổng hợp: …")."""
    return [u for u in units if SIGNED.match(text.fol[u.end:]) and not re.search(r"[^\W_]", text.fol[:u.start])]


def stated_lead(text: Text, fields: tuple[str, ...], mentions: list) -> list:
    """The units told as the lead of a question that also asks the partners."""
    return [u for u in mentions if STATED_LEAD.match(text.fol, u.end)] if set(fields) == {"lead", "partners"} else []


def role_asked(text: Text, fields: tuple[str, ...], mentions: list) -> tuple[list, list[tuple[int, int]]]:
    """The one unit a who-question asks the role of ("… thì phòng VHXH đứng vai trò gì, phối hợp
    hay chủ trì"), and the spans saying so; the row answering decides lead or partners."""
    said = [m.span() for m in ROLE_ASKED.finditer(text.fol)]
    if not said or fields[0] not in ("lead", "partners") or len({u.name for u in mentions}) != 1:
        return [], []
    return mentions[:1], said


def checked_lead(text: Text, fields: tuple[str, ...], mentions: list) -> tuple[list, list[tuple[int, int]]]:
    """The unit a partners question asks the asker's guess of the lead about, and where it is
    said: both are asked ("… chủ trì phải ko, phối hợp những ai")."""
    if fields != ("partners",):
        return [], []
    checked = [(u, m) for u in mentions for m in [CHECKED_LEAD.match(text.fol, u.end)] if m]
    return [u for u, _ in checked], [(u.start, m.end()) for u, m in checked]


def chosen_between(text: Text, mentions: list) -> list[tuple[int, int]]:
    """Where a question asks which of two units leads ("TT PVHCC hay CA xã ôm?"), else []."""
    for first, second in zip(mentions, mentions[1:]):
        if OR_BETWEEN.match(text.fol[first.end:second.start]) and (m := CHOICE_DOES.match(text.fol, second.end)):
            return [(first.start, m.end())]
    return []


def doing(text: Text, mentions: list, commune_spans: list) -> list:
    """The units a list or count question asks what they must do (past their commune, if named)."""
    return [u for u in mentions if DOES_WHAT.match(text.fol, places.past_commune(text, u.end, commune_spans))
            and SUBJECT_BEFORE.search(text.fol[:u.start])]


def working_with(text: Text, mentions: list) -> list:
    """The units a partners question asks whom they work with (so they lead the rows)."""
    return [u for u in mentions if WORKS_WITH_WHOM.match(text.fol, u.end)]


# a bare "của"/"cho"/"liên quan (đến)" before a collective: whom the task serves or is about
SERVED = ("cua", "cho", "lien quan", "lien quan den", "lien quan toi")
COLLECTIVE = ("Các ", "Cơ sở ")  # "Các doanh nghiệp", "Cơ sở thôn": those a task serves as often as those who do it


def near_roles(text: Text, found, mentions: list[UnitMention], communes: list[tuple[int, int]]):
    """Drop `near` role words that stand next to neither a who-cue nor a unit name (a commune
    right after the unit is skipped: "Công an xã Nghĩa Sơn tham gia").  A partner verb such as
    "hỗ trợ" is a role only with no object after it ("… thì ai hỗ trợ?"); "ai hỗ trợ vốn cho
    dự án" asks who does the supporting."""
    anchors = [(a, b) for c, a, b in found if c.kind == "cue" and c.field == "who"] + [u.span for u in mentions]
    anchors += [(x, y) for x, y in communes if any(abs(x - u.end) <= 1 for u in mentions)]

    def near(a: int, b: int) -> bool:  # at most one word between ("Công an [xã] tham gia", "ai [sẽ] hỗ trợ")
        return any((y <= a and text.words_between(y, a) <= 1) or (b <= x and text.words_between(b, x) <= 1)
                   for x, y in anchors)

    starts = {a for _, a, _ in found} | {x for x, _ in communes} | {a for c in fillers() for a, _ in find(text, c.phrase)}

    def last(b: int) -> bool:  # nothing after it but cues, fillers, a commune or an office
        m = re.search(r"[^\W_]", text.fol[b:])
        if m is None or b + m.start() in starts or text.fol[b + m.start():].startswith(("voi ", "cung ")):
            return True
        if FINAL_PARTICLE.fullmatch(text.fol[b:]):
            return True  # "… thôn tham gia không?": the question's last word asks yes or no
        return cons.is_office(text.orig[b + m.start():])  # "bên nào hỗ trợ phòng văn hóa": an office helped

    return [(c, a, b) for c, a, b in found if c.kind != "role" or c.reach == "any"
            or (near(a, b) and (c.role != "partner" or last(b)))]


def filtering(fields: tuple[str, ...], mentions: list[UnitMention], roles_said: bool = True) -> list[UnitMention]:
    """The unit mentions that constrain the rows (rule 3).  In a set question that names no role
    or column at all, a collective is whom the tasks serve ("nhiệm vụ khối thúc đẩy doanh nghiệp"); so is
    one after a bare "của"/"cho"/"liên quan" ("đánh giá chuyển đổi số của doanh nghiệp - xã nào có làm"), where
    "việc của các doanh nghiệp" names whose tasks they are."""
    mentions = [u for u in mentions if not (u.name.startswith(COLLECTIVE) and u.prefix in SERVED and (
        not u.role or u.role == "any" and u.prefix.startswith("lien quan")))]  # "việc liên quan doanh nghiệp": its own word
    if fields[0] in SET_FIELDS:
        return [u for u in mentions if u.role or u.prefixed or (u.head and (roles_said or not u.name.startswith(COLLECTIVE)))
                or (u.known and roles_said and not u.name.startswith(COLLECTIVE))]  # "Viettel Tân An được mời phối hợp …"
    if fields[0] in ("deadline", "output", "search", "task"):  # "nhu cầu hỗ trợ của doanh nghiệp": whom it serves
        return [u for u in mentions if (u.role or u.prefixed) and not u.name.startswith(COLLECTIVE)]
    return []


def role(fields, units: list[UnitMention], found) -> tuple[str, bool]:
    """How the named units filter (or whose units a ranking counts), and whether it was assumed."""
    said = [u.role for u in units if u.role]
    if any(c.kind == "role" and c.role == "any" for c, _, _ in found):  # "(chủ trì hoặc phối hợp)" said anywhere
        return "any", False
    if not said:
        said = [c.role for c, _, _ in found if c.kind == "role"]
    if not said and fields[0] in SET_FIELDS:  # "X là đơn vị phối hợp ở những nhiệm vụ nào": the role's field cue
        said = [FIELD_ROLES[c.field] for c, _, _ in found if c.kind == "cue" and c.field in FIELD_ROLES]
    if not said:
        return "lead", True
    if "any" in said or {"lead", "partner"} <= set(said):
        return "any", False
    return said[0], False
