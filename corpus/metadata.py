"""Document metadata: who issued a plan (and which commune it belongs to), and a short plan
label for citations.

The issuer comes from the letterhead above the title ("ỦY BAN NHÂN DÂN / XÃ NGHĨA THỌ",
"BỘ KHOA HỌC VÀ CÔNG NGHỆ"), else from the attachment line of an appendix ("(Kèm theo … của
Chính phủ)"), else from the commune the text names most.  The kinds of issuer, their levels
and how rows cite them are data (corpus/data/issuers.tsv)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.clean import clean_text, shorten
from kehoach.corpus.kinds import KINDS, LOCAL_KINDS, LOCAL_LEVELS
from kehoach.corpus.normalize import fold
from kehoach.corpus.units import canonical_unit, is_known_unit

# The kinds of commune-level unit a plan can belong to (corpus.kinds).  `commune` holds the
# name without the kind ("phường Hưng Dũng" -> "Hưng Dũng"), as for xã, except a numbered
# ward, whose number alone is no name ("Phường 5").
NUMBERED_KINDS = ("phường",)
# Issuers above the commune: a plan they issue belongs to no commune, whatever communes
# its rows or its "Hà Nội, ngày …" line name.  (The Government is named without a place.)
HIGHER_KINDS = tuple(k for k, (level, cited) in KINDS.items() if level not in LOCAL_LEVELS and "{name}" in cited)
UNNAMED_KINDS = tuple(k for k, (_, cited) in KINDS.items() if "{name}" not in cited)
_ISSUER_BODY = ("ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd", "ban chấp hành đảng bộ",
                "đảng ủy", "đảng bộ", "ban thường vụ đảng ủy")


def _variants(word: str) -> list[str]:
    return [word, word[:1].upper() + word[1:], word.upper()]


def _alternation(words) -> str:
    return "|".join(re.escape(v) for w in sorted(words, key=len, reverse=True) for v in _variants(w))


# "xã Nghĩa Thọ", "PHƯỜNG HƯNG DŨNG", "thị trấn Quỳ Hợp" — not the "xã" of "thị xã".
_AFTER_KIND = re.compile(
    rf"(?<![\w])(?<!thị )(?<!Thị )(?<!THỊ )({_alternation(LOCAL_KINDS)})\s+([^\n]{{1,60}})")
_ISSUER = re.compile(
    rf"^(?:(?:{'|'.join(fold(b) for b in _ISSUER_BODY)})\s+)?"
    rf"({'|'.join(sorted((fold(k) for k in LOCAL_KINDS + HIGHER_KINDS), key=len, reverse=True))})"
    r"\s+([^\W\d_].*|\d{1,2})$")
MAX_LETTERHEAD_LINES = 8
_KIND_BY_FOLD = {fold(k): k for k in LOCAL_KINDS + HIGHER_KINDS}
_PLACE_DATE = re.compile(r"^([^,\d]{2,40}),\s*ngày\b")
# Words that end a name written in capitals: what follows it in a letterhead or a title.
NAME_STOPS = ("ke hoach", "phu luc", "danh muc", "cong hoa", "doc lap", "so", "huyen", "tinh", "thanh pho",
              "thi xa", "quyet dinh", "bao cao", "ve viec", "thuc hien")
_NOT_NAMES = {"hội", "xã", "nhân", "dân", "ủy", "uỷ"}
# "Số: 123/KH-UBND", "Số 3260-KH/ĐĐQH15" (a party body's code: number, dash, kind, slash, issuer)
_PLAN_NO = re.compile(r"\bsố:?\s*([0-9]*\s*[/-]\s*[A-ZĐ][A-ZĐ\-]*(?:[-/][A-ZĐ]+\d*)*)", re.IGNORECASE)
# "(Kèm theo Kế hoạch số 45/KH-UBND ngày …)", "(Kèm theo Nghị quyết 12/NQ-CP ngày …)", "Quyết định số: 2200/QĐ-BNNMT"
_ATTACHED = re.compile(r"kèm theo\s+(?:kế hoạch|quyết định|nghị quyết|chương trình|công văn|thông báo)\s+(?:số:?\s*)?"
                       r"([^()]*?)\s+(?:ngày\s*([^()]*?))?\s*(?:của\b|\))", re.IGNORECASE)
_TITLE_HEADS = ("KẾ HOẠCH", "PHỤ LỤC", "Phụ lục", "Danh mục", "DANH MỤC", "BÁO CÁO")
_ATTACHED_BY = re.compile(r"\(\s*(?:ban hành\s+)?kèm theo\b[^()]*?\bcủa\s+([^()]+?)\s*\)", re.IGNORECASE)


@dataclass
class Metadata:
    commune: str | None
    plan: str | None
    issuer: str | None = None  # as rows cite it: "xã Nghĩa Thọ", "UBND tỉnh Nghệ An", "Chính phủ"
    level: str | None = None  # commune | ward | town | special_zone | district | province | ministry | government


def _name_after(text: str, kind: str = "xã") -> str | None:
    """'Nghĩa Thọ ban hành …' -> 'Nghĩa Thọ'; 'NGHĨA THỌ' -> 'Nghĩa Thọ'; 'hội …' -> None;
    after 'phường': '5' -> 'Phường 5'."""
    number = re.match(r"(\d{1,2})\b", text)
    if number:
        return f"{kind.capitalize()} {number.group(1)}" if kind.lower() in NUMBERED_KINDS else None
    words: list[str] = []
    raws = text.split()
    for n, raw in enumerate(raws[:4]):
        word = raw.strip(".,;:()\"'“”")
        if not word or not word[0].isupper() or not word.isalpha():
            break
        if any(fold(" ".join(raws[n:n + len(stop.split())])).strip(".,;:") == stop for stop in NAME_STOPS):
            break  # "PHƯỜNG X KẾ HOẠCH …": the title, run into the letterhead
        words.append(word)
        if raw != word:  # punctuation ends the name
            break
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    if all(w.isupper() for w in words):
        if len(words) < 2:
            return None  # "XÃ HỘI", a lone capital word: not a name
        words = [w.capitalize() for w in words]
    elif any(w.isupper() and len(w) > 1 for w in words):
        return None  # an abbreviation such as "UBND"
    return " ".join(words)


def _issuer(paragraphs: list[str]) -> tuple[str, str | None] | None:
    """Who issued the plan, from the letterhead above its title: (kind, name) — a xã/phường/
    thị trấn ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG HƯNG DŨNG') first; else a province, city, district,
    ministry or department, or the Government ('CHÍNH PHỦ'); None when there is no letterhead."""
    found = None
    for text in paragraphs[:MAX_LETTERHEAD_LINES]:
        if text.startswith(_TITLE_HEADS):
            break
        if len(text) > 80:
            continue
        unnamed = next((k for k in UNNAMED_KINDS if fold(k) == fold(text).strip(" .")), None)
        if found is None and unnamed:
            found = (unnamed, None)
            continue
        m = _ISSUER.match(fold(text))
        if not m:
            continue
        kind = _KIND_BY_FOLD[m.group(1)]
        rest = " ".join(text.split()[len(m.string[:m.start(2)].split()):])  # the words after the kind
        if kind in LOCAL_KINDS:
            name = _name_after(rest, kind)
            if name:
                return kind, name
        elif found is None:
            found = (kind, _higher_name(rest, kind))
    return found


def _higher_name(rest: str, kind: str) -> str | None:
    """The name after a higher kind: a place ('NGHỆ AN' -> 'Nghệ An') or, after 'Bộ'/'Sở',
    the rest of the line ('KHOA HỌC VÀ CÔNG NGHỆ')."""
    if kind in ("bộ", "sở"):
        return rest.strip(" .,;:") or None
    return _name_after(rest, kind)


def _attached_issuer(paragraphs: list[str]) -> tuple[str, str | None] | None:
    """'(Kèm theo Kế hoạch số … của UBND xã Nghĩa Sơn)' -> ('xã', 'Nghĩa Sơn'); '… của
    Chính phủ)' -> ('chính phủ', None); '… của UBND xã)' -> ('xã', None)."""
    for text in paragraphs:
        m = _ATTACHED_BY.search(text)
        if not m:
            continue
        who = m.group(1).strip(" .")
        folded = fold(who)
        whole = next((k for k in UNNAMED_KINDS if fold(k) == folded), None)
        if whole:  # "Đảng ủy Chính phủ": a national body named whole, its party body included
            return whole, None
        body = re.match(rf"^(?:(?:{'|'.join(fold(b) for b in _ISSUER_BODY)})\s+)?", folded)
        rest = who[len(folded[:body.end()]):] if body else who
        for kind in sorted(KINDS, key=len, reverse=True):
            if fold(rest) == fold(kind) or fold(rest).startswith(fold(kind) + " "):
                name_text = rest[len(kind):].strip()
                if kind in LOCAL_KINDS:
                    return kind, _name_after(name_text, kind) if name_text else None
                return kind, _higher_name(name_text, kind) if name_text else None
        return None
    return None


def cite_issuer(kind: str | None, name: str | None) -> tuple[str | None, str | None]:
    """(issuer as rows cite it, level): ('xã', 'Nghĩa Thọ') -> ('xã Nghĩa Thọ', 'commune');
    ('bộ', 'KH&CN') -> ('Bộ Khoa học và Công nghệ', 'ministry'); ('chính phủ', None) ->
    ('Chính phủ', 'government').  A commune named without its kind cites the name alone."""
    if kind is None:
        return name, None
    level, cited = KINDS[kind]
    if "{name}" not in cited:
        return cited, level
    if not name:
        return None, level
    if fold(name).startswith(fold(kind) + " "):  # "Phường 5"
        return f"{kind} {name[len(kind):].strip()}", level
    if kind in ("bộ", "sở"):
        full = f"{kind.capitalize()} {name}"
        if is_known_unit(full):
            return canonical_unit(full), level
        return (f"{kind.capitalize()} {name.capitalize()}" if name.isupper() else full), level
    return cited.format(name=name), level


def _kind_of_commune(commune: str, texts: list[str]) -> str | None:
    """The kind written before a commune's name most often ('xã Ninh Giang' -> 'xã')."""
    kinds: Counter[str] = Counter()
    for text in texts:
        for m in _AFTER_KIND.finditer(text):
            if _name_after(m.group(2), m.group(1)) == commune:
                kinds[m.group(1).lower()] += 1
    return kinds.most_common(1)[0][0] if kinds else None


def find_commune(texts: list[str]) -> str | None:
    """The commune the plan is about: the name that most often follows 'xã' (or 'phường',
    'thị trấn' …)."""
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _AFTER_KIND.finditer(text):
            name = _name_after(m.group(2), m.group(1))
            if name:
                counts[name] += 1
    if counts:
        return counts.most_common(1)[0][0]
    for text in texts[:10]:  # "Ninh Giang, ngày … tháng … năm 2026" in the letterhead
        m = _PLACE_DATE.match(text)
        if m and m.group(1)[:1].isupper():
            return m.group(1).strip()
    return None


# A plan's title is kept whole up to this length: a question may name one of a commune's plans by
# the words at its end ("phụ lục … tầm nhìn 2045"); renderers shorten it where they show it.
TITLE_CHARS = 240


def _title(paragraphs: list[str], above_tables: int | None = None) -> str | None:
    """'KẾ HOẠCH' + its subject line, or 'Phụ lục' + the line that says what it lists; with
    no such line, the first paragraph — of those above the first table (`above_tables`):
    a note after a bare table is no title."""
    head, rest = paragraphs[:MAX_LETTERHEAD_LINES], paragraphs[MAX_LETTERHEAD_LINES:]
    paragraphs = [_from_title_head(p) for p in head] + rest
    for i, text in enumerate(paragraphs):
        if not text.startswith(_TITLE_HEADS):
            continue
        head = text.rstrip(":").strip()
        subject = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if head.isupper():
            head = _sentence_case(head)
        if len(head) < 25 and subject and not subject.startswith("("):
            if head.lower() == "kế hoạch":
                head = f"{head} {subject[0].lower()}{subject[1:]}"
            else:
                head = f"{head}: {subject}"
        return shorten(head, TITLE_CHARS)
    if above_tables is not None:
        paragraphs = paragraphs[:above_tables]
    return shorten(paragraphs[0], TITLE_CHARS) if paragraphs else None


def _sentence_case(text: str) -> str:
    """'PHỤ LỤC II' -> 'Phụ lục II': lower case but the first letter and Roman numerals."""
    words = text.lower().split()
    words = [w.upper() if re.fullmatch(r"[ivxlc]+\.?", w) and n else w for n, w in enumerate(words)]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _from_title_head(text: str) -> str:
    """A letterhead run into the title by a PDF extractor ('ỦY BAN NHÂN DÂN PHƯỜNG X KẾ
    HOẠCH'): the text from the upper-case title word on."""
    m = re.search(r"(?<=\s)(?:KẾ HOẠCH|PHỤ LỤC)\b", text)
    return text[m.start():] if m and _LETTERHEAD.match(text) else text  # not "CÁC NHIỆM VỤ THỰC HIỆN KẾ HOẠCH …"


# the words a letterhead opens with, run into a title by a PDF extractor
_LETTERHEAD = re.compile(r"\s*(?:ỦY BAN|UỶ BAN|UBND|BỘ|SỞ|ĐẢNG|BAN|HỘI ĐỒNG|CỘNG HÒA|CỘNG HOÀ|TỈNH|HUYỆN|XÃ|PHƯỜNG|"
                         r"THỊ TRẤN|CHÍNH PHỦ|THỦ TƯỚNG|VĂN PHÒNG)\b")


def _number_and_date(paragraphs: list[str]) -> tuple[str | None, str | None]:
    for text in paragraphs:
        m = _ATTACHED.search(text)
        if m:
            number = re.sub(r"\s+", "", m.group(1)) or None
            date = _date(m.group(2) or "")
            return number, date
    for text in paragraphs[:6]:
        m = _PLAN_NO.search(text)
        if m and text.lstrip().lower().startswith("số"):
            return re.sub(r"\s+", "", m.group(1)), None
    return None, None


def _date(text: str) -> str | None:
    """'/4/2026' -> '4/2026', 'tháng 7 năm 2025' -> '7/2025', '/ /2026' -> '2026'."""
    m = re.search(r"tháng\s*(\d{1,2})\s*năm\s*(\d{4})", text)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    parts = [p for p in re.split(r"[/\s]+", text) if p.isdigit()]
    return "/".join(parts) or None


def read_metadata(blocks: list[Block]) -> Metadata:
    paragraphs = [clean_text(b.text) for b in blocks if isinstance(b, Paragraph)]
    paragraphs = [p for p in paragraphs if p]
    cells = [clean_text(c) for b in blocks if isinstance(b, Table) for row in b.rows for c in row]
    letterhead = _issuer(paragraphs)
    attached = _attached_issuer(paragraphs)
    if letterhead:
        kind, name = letterhead
        commune = name if kind in LOCAL_KINDS else None
    elif attached and attached[0] not in LOCAL_KINDS:
        (kind, name), commune = attached, None
    else:
        commune = find_commune(paragraphs) or find_commune(cells)
        kind = attached[0] if attached else (_kind_of_commune(commune, paragraphs + cells) if commune else None)
        name = commune
    issuer, level = cite_issuer(kind, name)
    first_table = next((n for n, b in enumerate(blocks) if isinstance(b, Table)), len(blocks))
    above = sum(1 for b in blocks[:first_table] if isinstance(b, Paragraph) and clean_text(b.text))
    title = _title(paragraphs, above)
    number, date = _number_and_date(paragraphs)
    label = title or ""
    if number and re.search(r"\d", number):
        label += f" (số {number})"
    if date:
        label += f", {date}"
    return Metadata(commune=commune, plan=label.strip(" ,") or None, issuer=issuer, level=level)
