"""Unit names: split a cell into units and map each to one canonical name.

The same unit is written many ways ("Phòng VH-XH", "Phòng Văn hoá – Xã hội"); people filter
and count by unit, so every alias maps to one canonical name, from corpus/data/units.tsv.
Display keeps the original cell text (bulleted lines joined by "; "); `lead_units` /
`partner_units` carry these names.  Canonical names are spelled at commune level: "Công an
phường" is "Công an xã".  Role words inside a cell ("Chủ trì: A; Phối hợp: B", "A (chủ trì)")
decide who leads and who helps when one column holds both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.kinds import LOCAL_FOLDED
from kehoach.corpus.normalize import fold, normalize, squash

_KIND = "|".join(LOCAL_FOLDED)
_TRAILING = re.compile(rf"(?:\s+(?:(?:cua|cap)\s+)?(?:{_KIND}))+$")  # "Công an xã", "… của phường", "… cấp xã"
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "Phòng A (chủ trì)", "Phòng VHXH (tham mưu)"
_BULLET = re.compile(r"^\s*[-–—•+*·]\s*")
_INLINE_BULLET = re.compile(r"\s+[-–—•+]\s+")

# Words a unit name starts with: where "- A - B" written on one line is two units, and
# where a comma starts a new unit although the next word is in lower case.
UNIT_HEADS = (
    "phong", "van phong", "vp", "ban", "bch", "trung tam", "tt", "cong an", "ca", "tram", "truong", "nha truong",
    "hoi", "doan", "xa doan", "uy ban", "ubnd", "ub", "mttq", "mat tran", "dang uy", "hdnd", "cac", "co quan",
    "don vi", "doanh nghiep", "hop tac xa", "htx", "chi cuc", "so", "cuc", "vu", "bo", "vien", "to", "thon",
    "xom", "khu pho", "buu dien", "ngan hang", "quan su", "dang", "chi bo",
)
# A head word standing alone names nobody ("…, Bộ" where a cell was cut off)
BARE_HEADS = {"bo", "so", "phong", "ban", "cuc", "vu", "vien", "trung tam", "uy ban", "co quan", "don vi"}
# Role words written inside a unit cell: "Chủ trì: A; Phối hợp: B" or "A (chủ trì), B (phối hợp)".
ROLE_WORDS = {"chu tri": "lead", "phoi hop": "partners"}
_ROLE_PREFIX = re.compile(r"^\s*(chủ trì|phối hợp)(?:\s+thực hiện)?\s*[:\-]\s*", re.IGNORECASE)
_ROLE_NOTE = re.compile(r"\s*\(\s*(chủ trì|phối hợp)[^()]*\)\s*$", re.IGNORECASE)


def unit_key(text: str) -> str:
    """Comparison key: folded, no punctuation, no note in brackets, no trailing 'xã'/'phường'."""
    key = squash(_NOTE.sub("", text or "")).replace(" & ", "&").replace("& ", "&").replace(" &", "&")
    key = key.strip(" .;,-")
    return _TRAILING.sub("", key)


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """unit_key(any name or alias) -> canonical name, from corpus/data/units.tsv."""
    table: dict[str, str] = {}
    for canonical, *rest in read_tsv("kehoach.corpus", "units.tsv", 1):
        aliases = rest[0] if rest else ""
        names = [canonical, *aliases.split("|")]
        for name in names:
            if name.strip():
                table[unit_key(name)] = canonical.strip()
        for name in names:  # "P.KT-HT&ĐT": "Phòng" as people shorten it, where no row has that spelling
            if name.startswith("Phòng "):
                table.setdefault(unit_key("P." + name[len("Phòng "):]), canonical.strip())
    return table


def canonical_names() -> list[str]:
    return sorted(set(alias_table().values()))


def starts_unit(text: str) -> bool:
    """Does `text` start as a unit's name does ('Phòng …', 'Các …', 'Đảng đoàn …')?"""
    words = fold(text).split()
    return any(words[:len(h.split())] == h.split() for h in UNIT_HEADS)


_starts_unit = starts_unit


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split at any of `separators` that is not inside (…)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch in separators and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def unit_lines(cell: str | None) -> list[str]:
    """The lines of a unit cell as a person reads them: one per line or bullet, bullets
    removed; a line that goes on in lower case belongs to the line above ('Văn phòng HĐND'
    / 'và UBND'); bullets run together on one line ('- Phòng A - Công an xã') split where
    the next one starts a unit name."""
    out: list[str] = []
    for line in (cell or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        bullet = _BULLET.match(line)
        if bullet:
            out.extend(_inline_bullets(line[bullet.end():]))
        elif out and line[:1].islower() and not _starts_unit(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return [line for line in out if line]


def _inline_bullets(text: str) -> list[str]:
    pieces = _INLINE_BULLET.split(text)
    out = [pieces[0]]
    for piece in pieces[1:]:
        if _starts_unit(piece) or unit_key(piece) in alias_table():
            out.append(piece)
        else:
            out[-1] += " - " + piece  # "Phòng Văn hóa - Xã hội"
    return out


def display_units(cell: str | None) -> str | None:
    """A unit cell as one line: its lines joined by '; ' ('- A\n- B' -> 'A; B')."""
    lines = unit_lines(cell)
    return "; ".join(lines) if lines else None


# a committee whose name has a comma: "Ủy ban Tài chính, Ngân sách", "Ủy ban Văn hóa, Giáo dục"
COMMITTEE_END = re.compile(r"(?:Ủy ban|Uỷ ban)(?!\s+nhân dân)(?:\s+[^\s,]+){1,3}$")  # not "Ủy ban nhân dân xã"


# A comma starts a new unit only when what follows looks like the start of a unit name
# ("Công an xã, Phòng Văn hoá – Xã hội", "Các cơ quan, đơn vị, các doanh nghiệp"), not an
# enumeration inside a collective phrase ("Các ban, ngành, đoàn thể") or a unit whose name
# holds a comma ("Phòng Kinh tế, Hạ tầng và Đô thị").
def _split_commas(chunk: str) -> list[str]:
    pieces = _split_outside_brackets(chunk, ",")
    aliases = alias_table()
    parts: list[str] = []
    i = 0
    while i < len(pieces):
        j = next((j for j in range(len(pieces), i + 1, -1) if unit_key(", ".join(pieces[i:j])) in aliases), i + 1)
        piece = ", ".join(pieces[i:j])
        starts_unit = piece[:1].isupper() or piece.lower().startswith("các ")
        committee = parts and COMMITTEE_END.search(parts[-1]) and not _starts_unit(piece) and len(piece.split()) <= 5
        if parts and j == i + 1 and (not starts_unit or committee):
            parts[-1] += ", " + piece
        else:
            parts.append(piece)
        i = j
    return [p for part in parts for p in _peel_known(part, aliases)]


def _peel_known(part: str, aliases: dict[str, str]) -> list[str]:
    """A collective enumeration ends with units of its own: "Các phòng, ban, ngành, cơ quan,
    đơn vị, trường học" is the offices and the schools ("trường học": Các nhà trường), so a
    question about the schools finds it.  Items are taken off the end while each is a known unit."""
    if not fold(part).startswith("cac "):
        return [part]
    pieces = _split_outside_brackets(part, ",")
    cut = len(pieces)
    while cut > 1 and unit_key(pieces[cut - 1]) in aliases:
        cut -= 1
    if cut == len(pieces):
        return [part]
    return [", ".join(pieces[:cut]), *(p[:1].upper() + p[1:] for p in pieces[cut:])]


# "Các Bộ: Quốc phòng, Xây dựng, … và các đơn vị liên quan": one head word for the names after it
HEAD_FOR_ALL = re.compile(r"^\s*các\s+(bộ|sở|cục|phòng|ban)\s*:\s*(.+)$", re.IGNORECASE)
AND_OTHERS = re.compile(r"\s+và\s+(?=(?:các|những)\s)", re.IGNORECASE)  # "… và các đơn vị liên quan"


def _headed(chunk: str) -> list[str]:
    """'Các Bộ: Quốc phòng, Xây dựng và các đơn vị liên quan' -> ['Bộ Quốc phòng', 'Bộ Xây dựng',
    'các đơn vị liên quan']; any other chunk as it is."""
    m = HEAD_FOR_ALL.match(chunk)
    if not m:
        return [chunk]
    head = m.group(1)[:1].upper() + m.group(1)[1:].lower()
    names, *others = AND_OTHERS.split(m.group(2), maxsplit=1)
    return [f"{head} {name.strip()}" for name in _split_outside_brackets(names, ",") if name.strip()] + others


def _cell_parts(cell: str | None) -> list[str]:
    """A cell cut into the pieces that each name one unit (or a collective phrase)."""
    parts: list[str] = []
    for line in unit_lines(cell):
        for chunk in _split_outside_brackets(line, ";"):
            headed = _headed(chunk)
            for part in (headed if len(headed) > 1 else _split_commas(chunk)):
                part = part.strip(" .;,")
                if part:
                    parts.append(part)
    return parts


def split_units(cell: str | None) -> list[str]:
    """'Phòng Kinh tế; Phòng VH-XH' -> ['Phòng Kinh tế', 'Phòng VH-XH'] (original spelling)."""
    out: list[str] = []
    for part in _cell_parts(cell):
        _, part = _role(part)
        if part:
            out.extend(_split_glued(part))
    return out


def _split_glued(part: str) -> list[str]:
    """'Phòng VH-XH Văn phòng HĐND&UBND' (two units with no separator) -> both;
    'MTTQ và các đoàn thể' -> both."""
    aliases = alias_table()
    words = part.split()
    if len(words) < 3 or unit_key(part) in aliases:
        return [part]
    # Try every cut point: both halves must be known units.
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        if unit_key(left) in aliases and unit_key(right) in aliases:
            return [left, right]
    # "A và B": A a known unit and B one too, or a collective ("các …").
    for cut in range(1, len(words) - 1):
        if fold(words[cut]) != "va":
            continue
        left, right = " ".join(words[:cut]), " ".join(words[cut + 1:])
        if unit_key(left) in aliases and (unit_key(right) in aliases or fold(right).startswith("cac ")):
            return [left, right[:1].upper() + right[1:]]
    return [part]


def _role(part: str) -> tuple[str | None, str]:
    """('lead' | 'partners' | None, the part without its role words)."""
    m = _ROLE_PREFIX.match(part)
    if m:
        return ROLE_WORDS[fold(m.group(1))], part[m.end():].strip()
    m = _ROLE_NOTE.search(part)
    if m:
        return ROLE_WORDS[fold(m.group(1))], part[:m.start()].strip()
    return None, part


# A role word in a cell that holds both roles, with what marks which text it names: "(chủ trì)"
# names the text before it, "Phối hợp:" the text after, "X chủ trì" the text before, "phối hợp Y"
# (nothing before it in its clause) the text after.
_ROLE_MARK = re.compile(r"\(\s*(chủ trì|phối hợp)[^()]*\)"
                        r"|(?<!\w)(chủ trì|phối hợp)(?:\s+(?:thực hiện|với))?(?!\w)\s*:?", re.IGNORECASE)
_CLAUSE_END = (",", ";", ".", ":", "\n")


def split_roles(cell: str | None) -> tuple[str, str]:
    """A cell of a column that holds both the lead and the partners ('Cơ quan chủ trì/phối
    hợp') -> (lead text, partners text), each as written: 'Chủ trì: A; Phối hợp: B, C',
    'Chủ trì: A. Phối hợp: B', 'A chủ trì, phối hợp B', 'A chủ trì; phối hợp: B', 'A (chủ
    trì); B', 'A chủ trì; B phối hợp'.  Text no role word names helps when a lead was named
    before it ('A (chủ trì); B'), else leads ('A' alone)."""
    cell = (cell or "").strip()
    marks = list(_ROLE_MARK.finditer(cell))
    if not marks:
        return cell, ""
    texts = [cell[:marks[0].start()]] + [cell[a.end():b.start()] for a, b in zip(marks, marks[1:])]
    texts.append(cell[marks[-1].end():])
    owner: list[str | None] = [None] * len(texts)
    for k, m in enumerate(marks):
        role = ROLE_WORDS[fold(m.group(1) or m.group(2))]
        before = texts[k].rstrip()
        names_before = m.group(1) is not None or (
            not m.group(0).rstrip().endswith(":") and owner[k] is None and _clean_part(before)
            and not before.endswith(_CLAUSE_END))
        if names_before and owner[k] is None:
            owner[k] = role
        elif not names_before:
            owner[k + 1] = role
    placed: dict[str, list[str]] = {"lead": [], "partners": []}
    for text, role in zip(texts, owner):
        text = _clean_part(text)
        if text:
            placed[role or ("partners" if placed["lead"] else "lead")].append(text)
    return "; ".join(placed["lead"]), "; ".join(placed["partners"])


def _clean_part(text: str) -> str:
    return _BULLET.sub("", text.strip(" ,;.:\n")).strip(" ,;.:")


@dataclass
class UnitCells:
    """Who leads and who helps, as displayed and as canonical names."""
    lead: str | None
    partners: str | None
    lead_units: list[str]
    partner_units: list[str]


def read_unit_cells(lead: str | None, partners: str | None) -> UnitCells:
    """The lead and partner cells of a task.  Role words inside a cell move a unit to its
    role ('Chủ trì: A\nPhối hợp: B' in one 'Cơ quan thực hiện' column; 'A (chủ trì), B' ->
    B helps); without them each cell keeps its column's role."""
    placed: dict[str, list[str]] = {"lead": [], "partners": []}
    moved = False
    for column, cell in (("lead", lead), ("partners", partners)):
        current = column
        for part in _cell_parts(cell):
            role, text = _role(part)
            if role and _ROLE_PREFIX.match(part):
                current = role  # "Phối hợp: A, B": the role goes on to the next parts
            elif role is None:
                role = current
            elif role == "lead" and column == "lead":
                current = "partners"  # "A (chủ trì), B, C": the others help
            moved |= role != column
            if text:
                placed[role].append(text)
    if moved:
        lead_text = "; ".join(placed["lead"]) or None
        partner_text = "; ".join(placed["partners"]) or None
    else:
        lead_text, partner_text = display_units(lead), display_units(partners)
    return UnitCells(lead_text, partner_text, _canonical_list(placed["lead"]), _canonical_list(placed["partners"]))


def _canonical_list(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        for name in map(canonical_unit, _split_glued(part)):
            if fold(name) in BARE_HEADS:
                continue  # "…, Bộ" cut off at a page or cell edge: a head word that names nobody
            if name not in out:
                out.append(name)
    return out


def is_known_unit(name: str) -> bool:
    """Is `name` one of the aliases of corpus/data/units.tsv?"""
    return unit_key(name) in alias_table()


MAX_UNIT_WORDS = 12


def looks_like_units(cell: str | None) -> bool:
    """Does a cell name organisations (what a lead or partners column holds)?  Most of its
    parts are known units or start as unit names do ('Phòng …', 'Bộ …', 'Các …')."""
    parts = _cell_parts(cell)
    if not parts:
        return False
    good = sum(1 for p in parts if len(p.split()) <= MAX_UNIT_WORDS and (is_known_unit(p) or _starts_unit(p)))
    return good * 2 >= len(parts) + 1 if len(parts) > 1 else good == 1


def canonical_unit(name: str) -> str:
    """The canonical name of one unit; unknown units keep their (normalised) spelling."""
    key = unit_key(name)
    if key in alias_table():
        return alias_table()[key]
    s = normalize(_NOTE.sub("", name)).strip(" .;,")
    return s[:1].upper() + s[1:]


def canonical_units(cell: str | None) -> list[str]:
    """Split a cell into units and canonicalise each, keeping order, without repeats."""
    return _canonical_list(split_units(cell))


def match_unit(user_text: str, known: list[str] | None = None) -> str | None:
    """Resolve what a user typed ("van hoa xa hoi", "phòng kinh tế", "VH-XH") to a canonical
    name, among `known` names when given (e.g. the units present in an index)."""
    key = unit_key(user_text)
    if not key:
        return None
    candidates = list(known) if known is not None else canonical_names()
    by_key = {unit_key(c): c for c in candidates}
    if key in by_key:
        return by_key[key]
    aliased = alias_table().get(key) or alias_table().get(unit_key("phòng " + user_text))
    if aliased and (known is None or aliased in candidates):
        return aliased
    contains = [c for k, c in by_key.items() if key in k]
    return min(contains, key=len) if len(contains) == 1 else None
