"""Where a unit named in a question stands, when that decides what is asked (qa.intent rule 3).

A unit next to a role word is a filter with that role; these are the other places a person puts
one: the subject of "phải làm gì" ("các doanh nghiệp viễn thông ở Nghĩa Hưng phải làm gì": the
rows it leads, a collective too), the lead told before a partners question ("Bộ TTTT chủ trì,
bên nào phối hợp"), the unit asked with whom it works ("Phòng Kinh tế làm cùng với ai"), the unit
asked which of the two roles it holds ("phòng VHXH đứng vai trò gì, phối hợp hay chủ trì"), and the
body signing the question ("Sở KHCN tổng hợp: …"), which is who asks, not a unit of the plans.
All patterns read the folded question (qa.text.Text.fol).
"""
from __future__ import annotations

import re

from kehoach.qa import places
from kehoach.qa.text import Text

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
