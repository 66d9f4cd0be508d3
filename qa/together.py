"""How a question relates the units it names: together or apart, each in its own role.

"Công an xã cùng Phòng VH-XH phối hợp" asks for the rows naming both; "X và Y chủ trì những việc
gì" for either's; "giao cho hai đơn vị cùng chủ trì" for rows whose lead cell names two units or
more; "vừa là cơ quan chủ trì vừa là cơ quan phối hợp" for rows with one unit in both columns.
Patterns run on the question folded (qa.text.Text.fol).
"""
from __future__ import annotations

import re
from itertools import pairwise

from kehoach.qa import places
from kehoach.qa.constraints import UnitMention
from kehoach.qa.text import Text

# "giao cho hai đơn vị cùng chủ trì", "nhiều đơn vị đồng chủ trì", "đồng chủ trì": rows with two leads or more
SHARED_LEAD = re.compile(r"(?<![^\W_])(?:(?:hai|2|nhieu|tu hai|tu 2|hon mot|tren mot)\s+(?:don vi|co quan|phong|ben)"
                         r"(?:\s+tro len)?\s+(?:cung|dong|cung dong|cung dung ten)\s+chu tri|dong chu tri)(?![^\W_])")
BOTH_ROLES = re.compile(r"(?<![^\W_])vua\s+(?:la\s+)?(?:[^\W_]+\s+){0,3}?(?:chu tri|phoi hop)\s+"
                        r"vua\s+(?:la\s+)?(?:[^\W_]+\s+){0,3}?(?:chu tri|phoi hop)(?![^\W_])")
TOGETHER_BETWEEN = re.compile(r"\s*(?:cung|cung voi|lan|voi)\s*")
TOGETHER_AFTER = re.compile(r"\s*(?:deu\s+|cung\s+|deu cung\s+)(?:dung\s+|la\s+|duoc\s+)?(?:chu tri|phoi hop|tham gia)")


def together(text: Text, units: list[UnitMention]) -> bool:
    """Do the units filter together: "Công an xã cùng Phòng VH-XH", "cả X lẫn Y", "X và Y cùng
    phối hợp" ask for rows naming both; "X và Y chủ trì những việc gì" for the rows of either."""
    if len(units) < 2:
        return False
    pairs = list(pairwise(units))
    if all(TOGETHER_BETWEEN.fullmatch(text.fol[a.end:b.start]) for a, b in pairs):
        return True
    return all(re.fullmatch(r"\s*(?:va|,)\s*", text.fol[a.end:b.start]) for a, b in pairs) \
        and bool(TOGETHER_AFTER.match(text.fol, units[-1].end) or re.search(r"(?<![^\W_])ca\s+$", text.fol[:units[0].start]))


SOLE_BEFORE = re.compile(r"(?<![^\W_])(?:rieng|chi rieng|mot minh|chi minh|chi co)\s+$")
SOLE_AFTER = re.compile(r"\s*(?:tu minh(?:\s+dung)?(?:\s+(?:ra|ten))?\s+chu tri|(?:chu tri\s+)?(?:mot minh|duy nhat|\(\s*khong chung)|"
                        r"chu tri\s*,\s*khong chung)")


def sole(text: Text, unit: UnitMention, commune_spans: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where the unit is asked about as the only lead ([] when it is not): "những việc mà riêng X
    chủ trì", "X chủ trì một mình", "X tự mình chủ trì", "X chủ trì (không chung với …)", "X chủ
    trì, không chung với …", also past the unit's commune ("X xã Nghĩa Thọ một mình chủ trì")."""
    m = SOLE_BEFORE.search(text.fol[:unit.start]) or \
        SOLE_AFTER.match(text.fol, places.past_commune(text, unit.end, list(commune_spans)))
    return [m.span()] if m else []


def roles(text: Text, units: list[UnitMention]) -> tuple[list[UnitMention], list[str]]:
    """The units a set question filters by and, when each has its own role, those roles: "UBND xã
    chủ trì mà phòng VH-XH phối hợp" (each in its column), "X vừa là cơ quan chủ trì vừa là cơ
    quan phối hợp" (one unit in both); ([units], []) when one role is for all."""
    said = [u.role for u in units]
    if len(units) > 1 and all(r in ("lead", "partner") for r in said) and len(set(said)) > 1:
        return units, said
    if len(units) == 1 and BOTH_ROLES.search(text.fol):
        return units * 2, ["lead", "partner"]
    return units, []


def shared_lead(text: Text) -> list[tuple[int, int]]:
    """Where a question asks for the tasks two units lead together (SHARED_LEAD)."""
    return [m.span() for m in SHARED_LEAD.finditer(text.fol)]
