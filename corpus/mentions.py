"""Unit names as a sentence says them: the canonical names (corpus.units) found inside a question,
and the shorter names people use for a unit the plans write in full ("TT Truyền thông TN&MT",
"Viettel" for "Viettel Tân An", "UB Tài chính, Ngân sách" for a party cell)."""
from __future__ import annotations

import re

from kehoach.corpus.normalize import fold, squash
from kehoach.corpus.units import alias_table, unit_key


def _own_name(name: str) -> bool:
    """A unit's proper name (two words or more, a capital after the first, or a numbered office:
    "Thuế cơ sở 3"), not a collective ("Các cơ quan, đơn vị"), which the plans write too and
    questions use as plain words."""
    words = name.split()
    return len(words) >= 2 and not fold(words[0]) in ("cac", "nhung", "moi", "toan") \
        and (any(w[:1].isupper() for w in words[1:]) or words[0][:1].isupper() and words[-1].isdigit())


# a party cell named by the body it sits in: "Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách" is
# asked as "Ủy ban Tài chính, Ngân sách", "Tổ đảng UB Tài chính, Ngân sách"
PARTY_CELL = re.compile(r"^Tổ đảng ở (?:Thường trực )?((?:Ủy ban|Uỷ ban|Hội đồng) .+)$")


# a company's local branch named by its brand and the place: "Viettel Tân An", "VNPT Nghĩa Hưng"
BRANCH = re.compile(r"^([A-Z][A-Za-z]+)\s+\S")


def _short_names(name: str) -> list[str]:
    """Shorter names people use for a unit the plans name in full: a party cell by the body it
    sits in, a company's branch by its brand ("Viettel" for "Viettel Tân An"), a centre by "TT"."""
    if name.startswith("Trung tâm "):  # "TT Truyền thông TN&MT"
        return ["TT " + name[len("Trung tâm "):]]
    branch = BRANCH.match(name)
    if branch and fold(branch.group(1)) == branch.group(1).lower():
        return [branch.group(1)]
    m = PARTY_CELL.match(name)
    if not m:
        return []
    body = m.group(1)
    short = re.sub(r"^(?:Ủy|Uỷ) ban ", "UB ", body)
    return [body, short, f"Tổ đảng {body}", f"Tổ đảng {short}"]


def find_units(text: str, known: list[str] | None = None) -> list[tuple[str, int, int]]:
    """Unit names mentioned inside a sentence: (canonical, start, end) over squash(text).

    Used to read constraints out of questions ("Phòng Kinh tế xã Nghĩa Sơn chủ trì …").
    """
    s = squash(text)
    names = alias_table()
    allowed = set(known) if known is not None else None
    if known is not None:  # names the plans use that the alias table lacks ("Viettel Tân An")
        listed = set(names.values())
        own = [k for k in known if k not in listed and _own_name(k)]
        names = {**{unit_key(a): k for k in own for a in _short_names(k)}, **{unit_key(k): k for k in own}, **names}
    found: list[tuple[str, int, int]] = []
    taken = [False] * len(s)
    for alias in sorted(names, key=len, reverse=True):
        pattern = rf"(?<![\w&]){re.escape(alias)}(?![\w&])"
        for m in re.finditer(pattern, s):
            if any(taken[m.start():m.end()]):
                continue
            canonical = names[alias]
            if allowed is not None and canonical not in allowed:
                continue
            found.append((canonical, m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(found, key=lambda t: t[1])
