"""Document metadata: which commune a plan belongs to, and a short plan label for citations."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from corpus.blocks import Block, Paragraph, Table
from corpus.clean import clean_text

_AFTER_XA = re.compile(r"\b(?:[xX]ã|XÃ)\s+([^\n]{1,60})")
_PLACE_DATE = re.compile(r"^([^,\d]{2,40}),\s*ngày\b")
_NOT_NAMES = {"hội", "xã", "nhân", "dân", "ủy", "uỷ"}
_PLAN_NO = re.compile(r"\bsố:?\s*([0-9]*\s*/\s*[A-ZĐ][A-ZĐ\-]*(?:-[A-ZĐ]+)*)", re.IGNORECASE)
_ATTACHED = re.compile(r"kèm theo\s+kế hoạch\s+số:?\s*([^()]*?)\s+(?:ngày\s*([^()]*?))?\s*(?:của\b|\))", re.IGNORECASE)
_TITLE_HEADS = ("KẾ HOẠCH", "PHỤ LỤC", "Phụ lục", "Danh mục", "DANH MỤC")


@dataclass
class Metadata:
    commune: str | None
    plan: str | None


def _name_after_xa(text: str) -> str | None:
    """'Nghĩa Thọ ban hành …' -> 'Nghĩa Thọ'; 'NGHĨA THỌ' -> 'Nghĩa Thọ'; 'hội …' -> None."""
    words: list[str] = []
    for raw in text.split()[:4]:
        word = raw.strip(".,;:()\"'“”")
        if not word or not word[0].isupper() or not word.isalpha():
            break
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


def find_commune(texts: list[str]) -> str | None:
    """The commune the plan is about: the name that most often follows 'xã'."""
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _AFTER_XA.finditer(text):
            name = _name_after_xa(m.group(1))
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
    commune = find_commune(paragraphs) or find_commune(cells)
    title = _title(paragraphs)
    number, date = _number_and_date(paragraphs)
    label = title or ""
    if number and re.search(r"\d", number):
        label += f" (số {number})"
    if date:
        label += f", {date}"
    return Metadata(commune=commune, plan=label.strip(" ,") or None)
