"""Document metadata: which commune a plan belongs to, and a short plan label for citations."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.clean import clean_text
from kehoach.corpus.normalize import fold

# The kinds of commune-level unit a plan can belong to.  `commune` holds the name without
# the kind ("phường Hưng Dũng" -> "Hưng Dũng"), as for xã, except a numbered ward, whose
# number alone is no name ("Phường 5").
LOCAL_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
NUMBERED_KINDS = ("phường",)
# Issuers above the commune: a plan they issue belongs to no commune, whatever communes
# its rows or its "Hà Nội, ngày …" line name.
HIGHER_KINDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "bộ", "sở")
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
_PLAN_NO = re.compile(r"\bsố:?\s*([0-9]*\s*/\s*[A-ZĐ][A-ZĐ\-]*(?:-[A-ZĐ]+)*)", re.IGNORECASE)
_ATTACHED = re.compile(r"kèm theo\s+kế hoạch\s+số:?\s*([^()]*?)\s+(?:ngày\s*([^()]*?))?\s*(?:của\b|\))", re.IGNORECASE)
_TITLE_HEADS = ("KẾ HOẠCH", "PHỤ LỤC", "Phụ lục", "Danh mục", "DANH MỤC")


@dataclass
class Metadata:
    commune: str | None
    plan: str | None


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
    """Who issued the plan, from the letterhead above its title: ('local', name) for a
    xã/phường/thị trấn ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG HƯNG DŨNG'), ('higher', None) for a
    province, city, district, ministry or department; None when there is no letterhead."""
    found = None
    for text in paragraphs[:MAX_LETTERHEAD_LINES]:
        if text.startswith(_TITLE_HEADS):
            break
        if len(text) > 80:
            continue
        m = _ISSUER.match(fold(text))
        if not m:
            continue
        kind = _KIND_BY_FOLD[m.group(1)]
        if kind in LOCAL_KINDS:
            rest = text.split()[len(m.string[:m.start(2)].split()):]  # the words after the kind
            name = _name_after(" ".join(rest), kind)
            if name:
                return "local", name
        else:
            found = ("higher", None)
    return found


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


def _title(paragraphs: list[str]) -> str | None:
    """'KẾ HOẠCH' + its subject line, or 'Phụ lục' + the line that says what it lists."""
    head, rest = paragraphs[:MAX_LETTERHEAD_LINES], paragraphs[MAX_LETTERHEAD_LINES:]
    paragraphs = [_from_title_head(p) for p in head] + rest
    for i, text in enumerate(paragraphs):
        if not text.startswith(_TITLE_HEADS):
            continue
        head = text.rstrip(":").strip()
        subject = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if head.isupper():
            head = head.capitalize()
        if len(head) < 25 and subject and not subject.startswith("("):
            if head.lower() == "kế hoạch":
                head = f"{head} {subject[0].lower()}{subject[1:]}"
            else:
                head = f"{head}: {subject}"
        return _shorten(head, 110)
    return _shorten(paragraphs[0], 110) if paragraphs else None


def _from_title_head(text: str) -> str:
    """A letterhead run into the title by a PDF extractor ('ỦY BAN NHÂN DÂN PHƯỜNG X KẾ
    HOẠCH'): the text from the upper-case title word on."""
    m = re.search(r"(?<=\s)(?:KẾ HOẠCH|PHỤ LỤC)\b", text)
    return text[m.start():] if m else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


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
    issuer = _issuer(paragraphs)
    if issuer:
        commune = issuer[1]
    else:
        commune = find_commune(paragraphs) or find_commune(cells)
    title = _title(paragraphs)
    number, date = _number_and_date(paragraphs)
    label = title or ""
    if number and re.search(r"\d", number):
        label += f" (số {number})"
    if date:
        label += f", {date}"
    return Metadata(commune=commune, plan=label.strip(" ,") or None)
