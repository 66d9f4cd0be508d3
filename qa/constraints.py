"""The constraints a question carries, found in its text: units, sections, task numbers (time is
qa.when's, communes qa.places', plans qa.plans').

Each finder returns what it found and the spans it covered, so the topic is what is left.
Names come from the index the question is asked of (`Vocabulary`): a commune or unit the
index does not hold is reported as unknown (with the closest names), never guessed.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.corpus.content import is_code
from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold, squash
from kehoach.qa.text import Phrase, Text, find, longest_first, prefix_re

Span = tuple[int, int]


@lru_cache(maxsize=1)
def context_words() -> dict[str, list[str]]:
    """Words that introduce a constraint ("ở" before a commune, "năm" before a year …), folded."""
    out: dict[str, list[str]] = {}
    for kind, phrase in read_tsv("kehoach.qa", "context.tsv"):
        out.setdefault(kind, []).append(fold(phrase))
    return out


@lru_cache(maxsize=1)
def unit_heads() -> tuple[str, ...]:
    """Folded words a unit name starts with ("phong", "trung tam" …): corpus.units owns the list."""
    from kehoach.corpus.units import UNIT_HEADS

    return UNIT_HEADS


# ---- what the index knows -----------------------------------------------------------------
@dataclass
class Vocabulary:
    """Names a question can be constrained by: those of the index it will be asked of."""
    communes: list[str]
    units: list[str]
    years: set[int]
    places: dict[str, str] = field(default_factory=dict)  # commune -> as its plans cite it: "phường Tân An"
    documents: list[Document] = field(default_factory=list)  # each plan, so a question can name one by its title

    @classmethod
    def from_rows(cls, rows) -> Vocabulary:
        return cls(communes=sorted({r.commune for r in rows if r.commune}),
                   units=sorted({u for r in rows for u in (*r.lead_units, *r.partner_units)}),
                   years={y for r in rows for y in r.deadline_years}, places=cited_places(rows),
                   documents=documents(rows))


@dataclass(frozen=True)
class Document:
    """A plan of the index as a question may name it: by its title, among its commune's plans."""
    key: str  # the rows' doc_key (or file name): what a doc filter takes
    commune: str | None
    title: str
    issuer: str | None = None  # "Đảng đoàn Quốc hội": "kế hoạch của Đảng đoàn Quốc hội" names it too
    kind: str = ""  # what people call it by its table ("báo cáo tiến độ …"): qa/data/plan_kinds.tsv


@lru_cache(maxsize=1)
def plan_kinds() -> dict[str, str]:
    """Row field -> the phrases naming a plan whose rows fill it, in the table's order."""
    out: dict[str, list[str]] = {}
    for column, phrase in read_tsv("kehoach.qa", "plan_kinds.tsv"):
        out.setdefault(column, []).append(phrase)
    return {column: "; ".join(phrases) for column, phrases in out.items()}


def documents(rows) -> list[Document]:
    """The index's plans, once each, in index order: those with a title, and those of no commune
    whose table says what kind of plan they are (a schedule, a progress report, targets), titled or not."""
    counts: dict[str, Counter] = {}
    first: dict[str, object] = {}
    for r in rows:
        key = r.doc_key or r.doc
        first.setdefault(key, r)
        counts.setdefault(key, Counter()).update(["rows", *(c for c in plan_kinds() if getattr(r, c, None))])
    out = []
    for key, r in first.items():
        n = counts[key]  # a column most rows fill: a WBS with a few coded rows is not keyed by codes
        columns = {c for c in plan_kinds() if n[c] * 2 >= n["rows"]}
        columns -= {"status"} if "start" in columns else set()
        kind = "; ".join(words for column, words in plan_kinds().items() if column in columns) if not r.commune else ""
        if r.plan or kind:
            out.append(Document(key, r.commune, r.plan or r.doc, getattr(r, "issuer", None), kind))  # untitled: its file
    return out


def cited_places(rows) -> dict[str, str]:
    """Each commune-level place as its plans' issuer names it ("phường Tân An", "thị trấn X"),
    so an answer never calls a ward a "xã"."""
    return {r.commune: r.issuer for r in rows
            if r.commune and r.issuer and fold(r.issuer).endswith(" " + fold(r.commune))}


def closest(name: str, names: list[str], n: int = 3) -> list[str]:
    """The names most like `name` (folded), for "did you mean" suggestions."""
    by_fold = {fold(x): x for x in names}
    return [by_fold[k] for k in difflib.get_close_matches(fold(name), list(by_fold), n=n, cutoff=0.5)]


# ---- units ---------------------------------------------------------------------------------
@dataclass
class UnitMention:
    name: str  # canonical (known) or as typed (unknown)
    start: int
    end: int
    known: bool = True
    head: bool = False  # starts with a unit head word ("Phòng …", "Công an …")
    role: str | None = None  # the role word next to it: lead | partner | any
    prefixed: bool = False  # "do X", "của X", "việc của X"
    suggestions: list[str] = field(default_factory=list)
    prefix: str = ""  # the words before it that made it prefixed, folded ("cua", "viec cua")

    @property
    def span(self) -> Span:
        return self.start, self.end


def units(text: Text, known: list[str], roles: list[tuple[str, int, int]],
          skip: list[Span] = ()) -> list[UnitMention]:
    """Known unit names mentioned (corpus.mentions.find_units over the index's units), each with
    the role word next to it ("Phòng Kinh tế chủ trì", "do Công an xã phối hợp")."""
    from kehoach.corpus.mentions import find_units

    out: list[UnitMention] = []
    pos = 0
    sq = squash(text.orig)
    for canonical, s, e in find_units(text.orig, known):
        span = _relocate(text, sq[s:e], pos)
        if span is None:
            continue
        a, b = span
        whole, typed_f = fold(canonical), text.fol[a:b]
        rest = whole[len(typed_f):] if whole.startswith(typed_f) else ""
        if rest and text.fol.startswith(rest, b) and not any(b <= x < b + len(rest) for x, _ in skip):
            b += len(rest)  # "cong an xa …": the alias "Công an" and the rest of the name (not "xã Nghĩa Sơn")
        pos = b
        typed = text.orig[a:b]
        if len(re.sub(r"\W", "", typed)) <= 3 and not (typed.isupper() or text.all_caps) \
                and re.search(r"[aeiouy]", fold(typed)):
            continue  # a short alias ("CA", "TT") counts only written as an acronym: "tất cả" is not "CA"; "pkt", "vp" are no words
        out.append(_mention(text, canonical, a, b, roles, known=True, skip=skip))
    return out


_UNKNOWN_HEADS = ("Phòng", "Sở", "Bộ", "Ban", "Trung tâm", "Văn phòng", "Cục", "Chi cục", "Viện", "Hội",
                  "Đoàn", "Ủy ban", "Công an", "Trạm", "Tổng cục", "Ngân hàng")

# accented lower case: a unit only next to a role word ("đoàn thanh niên chủ trì")
_LOWER_HEADS = ("phòng", "trung tâm", "chi cục", "đoàn", "hội", "trạm")
_NAME_STOP = {"chủ trì", "phối hợp", "tham gia", "phụ trách", "có", "được", "phải", "làm", "những", "bao", "ở",
              "tại", "xã", "là", "thì", "lo", "giao", "nào", "gì", "mấy", "có bao", "liên", "cùng", "đã",
              "sẽ", "đang", "việc", "nhiệm", "của", "cho", "với", "trong", "năm", "hạn", "các", "về", "ai"}


_NAME_STOP_FOLDED = {fold(w) for w in _NAME_STOP} | {"xa", "chu tri", "phoi hop"}


def is_office(text: str) -> bool:
    """Does `text` start with an office of the state ("Phòng Văn hóa …", "Công an xã", "UBND"),
    not the people a task serves ("doanh nghiệp", "hợp tác xã")?"""
    key = fold(text).lower()
    return key.startswith(tuple(fold(h).lower() + " " for h in _UNKNOWN_HEADS) + ("ubnd", "uy ban nhan dan"))


def unknown_units(text: Text, taken: list[Span], known: list[str], roles, skip: list[Span] = ()) -> list[UnitMention]:
    """Unit-like names ("Phòng Tư pháp", "Sở Y tế") that are not units of this index."""
    from kehoach.corpus.units import match_unit

    heads = "|".join(sorted((re.escape(h) for h in _UNKNOWN_HEADS), key=len, reverse=True))
    lower = "|".join(sorted((re.escape(h) for h in _LOWER_HEADS), key=len, reverse=True))
    folded = "|".join(sorted({re.escape(fold(h).lower()) for h in _UNKNOWN_HEADS}, key=len, reverse=True))
    starts = [(m, False) for m in re.finditer(rf"(?<![^\W_])(?:{heads}|{lower})(?![^\W_])", text.orig)]
    starts += [(m, True) for m in re.finditer(rf"(?<![^\W_])(?:{folded})(?![^\W_])", text.fol)
               if text.plain(*m.span()) and (text.orig[m.start()].islower() or not text.diacritics)]
    # "hoi nong dan xa chu tri"; capitalised only in a question typed without diacritics ("Hoi Nong dan xa …")
    found = []
    for m, typed_plain in starts:
        a = m.start()
        if any(x <= a < y for x, y in taken):
            continue
        words, end = [], m.end()
        following = list(re.finditer(r"\s+([^\s,.;:?!()]+)", text.orig[m.end():]))
        for i, w in enumerate(following):
            if w.start() != (following[i - 1].end() if i else 0):
                break  # punctuation between: the name ended
            word = w.group(1).lower()
            pair = f"{word} {following[i + 1].group(1).lower()}" if i + 1 < len(following) else ""
            if {word, pair} & _NAME_STOP or {fold(word), fold(pair)} & _NAME_STOP_FOLDED or len(words) == 5:
                break
            words.append(w.group(1))
            end = m.end() + w.end()
        while words and words[-1].lower() in ("và", "&"):
            words.pop()
            end = text.orig.rfind(" ", 0, end)
        said = fold(" ".join([text.orig[a:m.end()], *words[:2]])).lower().split()
        if not words or {" ".join(said[:2]), " ".join(said[:3])} & not_units():
            continue  # "bộ quy tắc ứng xử", "bộ tiêu chí": a set of things, no ministry
        name = text.orig[a:end].strip()
        if match_unit(name, known) or typed_plain and not text.plain(a, end):
            continue  # a known unit; or "phong trào Bình dân học vụ": "phong" folded, the rest written with accents
        mention = _mention(text, name, a, end, roles, known=False, skip=skip)
        if not (mention.role or mention.prefixed or (a == 0 and words[0][:1].isupper())) or \
                (typed_plain and not mention.role):
            continue  # "Phòng chống tấn công mạng", "bộ quy tắc": topic words, not a unit
        mention.suggestions = closest(name, known)
        found.append(mention)
    return found


_OURS = re.compile(r"(?<![^\W_])(?:xa|phuong|ben)\s+(?:minh|toi|em|chung toi|ta)(?![^\W_])")  # the asker's own


@lru_cache(maxsize=1)
def not_units() -> frozenset[str]:
    """"Bộ …" naming a set of things, not a ministry (qa/data/not_units.tsv)."""
    return frozenset(row[0] for row in read_tsv("kehoach.qa", "not_units.tsv"))


def _mention(text: Text, name: str, a: int, b: int, roles, known: bool, skip: list[Span] = ()) -> UnitMention:
    words = text.fol[a:b].split()
    typed = text.orig[a:b]
    acronym = len(re.sub(r"[^A-ZĐ]", "", typed)) >= 2 and not text.all_caps and typed == typed.upper()
    head = acronym or any(words[:len(h.split())] == h.split() for h in unit_heads())  # "Phòng …", "VH-XH"
    role = None
    skip = [*skip, *(m.span() for m in _OURS.finditer(text.fol))]  # "đoàn thanh niên xã mình chủ trì"
    end = next((y for x, y in skip if b <= x and text.words_between(b, x) == 0), b)  # "Công an xã Nghĩa Sơn tham gia"
    after = [(r, x) for r, x, _ in roles if x >= end and text.words_between(end, x) <= 1]
    before = [(r, y) for r, _, y in roles if y <= a and text.words_between(y, a) == 0]
    if after:
        role = min(after, key=lambda t: t[1])[0]
    elif before:
        role = max(before, key=lambda t: t[1])[0]
    pre = re.search(prefix_re(context_words().get("unit", [])) + r"$", text.fol[:a])
    said = " ".join(pre.group(0).split()) if pre else ""
    return UnitMention(name, a, b, known, head, role, bool(said), prefix=said)


def _relocate(text: Text, alias: str, start: int) -> Span | None:
    """Find a squashed alias ("phong vh-xh") back in the folded question, from `start`."""
    parts = []
    for ch in alias:
        if ch == " ":
            parts.append(r"[\s\"'.,;:()]+")
        elif ch == "-":
            parts.append(r"\s*-\s*")
        else:
            parts.append(re.escape(ch))
    m = re.compile(r"(?<![^\W_])" + "".join(parts) + r"(?![^\W_])").search(text.fol, start)
    return m.span() if m else None


# ---- sections ---------------------------------------------------------------------------------
_SECTION = re.compile(r"\s+([ivxlc]{1,5})(?![^\W_])")
SECTION_WORDS = (Phrase("mục"), Phrase("phần"), Phrase("chương"), Phrase("nhóm"))


_MILESTONE = re.compile(r"(?<![^\W_])(?:(?:milestone|moc)\s+m?(\d{1,2}(?:\.\d{1,2})?)|m(\d{1,2}\.\d{1,2}))(?![\d.]*\d)"
                        r"(?:\s*\([^)]*\))?")  # "Milestone 2.1", "mốc M4.1", "M3.2 (Dec 2025)"


def section(text: Text) -> tuple[str | None, list[Span]]:
    """A section the question names by its Roman number ("mục VI", "phần II"), or a schedule's
    milestone ("Milestone 2.1 (hạ tầng …)", "mốc M4.1"), with what the question says of it in brackets."""
    milestone = _MILESTONE.search(text.fol)
    if milestone:
        return f"M{milestone.group(1) or milestone.group(2)}", [milestone.span()]
    for phrase in SECTION_WORDS:
        for a, b in find(text, phrase):
            m = _SECTION.match(text.fol, b)
            if m:
                return m.group(1).upper(), [(a, m.end())]
    return None, []


# ---- task numbers ----------------------------------------------------------------------------
_POINT = re.compile(r"(?<![^\W_])(?:muc|phan|nhom)\s+(\d{1,2})\s*,?\s*(?:diem|y|tiet)\s+([a-z])(?![^\W_])")


_ROMAN_POINT = re.compile(r"(?<![^\W_])(?:muc|phan|nhom)\s+([ivx]{1,4})\s*[.-]\s*(\d{1,2})(?![\d.]*\d)")


def point(text: Text) -> tuple[tuple[str, str] | None, list[Span]]:
    """A lettered item inside a numbered group: "mục 2 điểm a" -> (section "2", number "a"); a
    numbered item inside a Roman-numbered part: "mục II.1" -> (section "II", number "1")."""
    roman = _ROMAN_POINT.search(text.fol)
    if roman:
        return (roman.group(1).upper(), roman.group(2)), [roman.span()]
    m = _POINT.search(text.fol)
    if not m:
        return None, []
    letter = text.low[m.start(2):m.end(2)]  # "đ" folds to "d": the letter as typed
    return (m.group(1), letter), [m.span()]


_NUMBER = re.compile(r"\s*(?:so\s+|thu\s+)?(\d{1,3}(?:\.\d{1,3}){0,3})(?![\d.,/]\d|\d|[a-z])")  # not "nhiệm vụ 5G"
_DOTTED = re.compile(r"(?<![\w.,/])(\d{1,2}(?:\.\d{1,2}){1,3})(?![\w.,/%]|\s*(?:%|phan tram|lan|ty|trieu|nghin))")
_CODE = re.compile(r"(?<![^\W_])([A-Za-z]{1,5}\d{1,4}(?:\.\d{1,3})*)(?![^\W_/])")


# Document types written before a number ("NQ57", "QD749", "CT05"): a document, never a task.
DOCUMENT_TYPES = {"NQ", "ND", "QD", "TT", "CT", "KH", "CV", "TB", "HD", "NQTW"}
_ASIDE = re.compile(r"\(\s*(?:so|stt|thu|nv(?=\s))\s*(\d{1,3})\s*\)")  # "(số 31)"; "(NV118)" is a code


def task_number(text: Text) -> tuple[str | None, list[Span]]:
    """A task number or code the question names: "nhiệm vụ 14", "nv số 19", "nhiệm vụ thứ 24",
    "mục 3.1", "NV45".  The word before a number obeys the accent rule (qa.text): "mức 2"
    (VNeID mức 2) is not "mục 2"; a year is never a task number."""
    found = []
    for phrase in _stt_phrases():
        for a, b in find(text, phrase):
            m = _NUMBER.match(text.fol, b)
            if m and m.start(1) > b and not re.fullmatch(r"(?:19|20)\d\d", m.group(1)):
                found.append((m.group(1), a, m.end()))
    for m in _CODE.finditer(text.orig):
        if is_code(m.group(1).upper()) and re.match(r"[A-Za-z]+", m.group(1)).group().upper() not in DOCUMENT_TYPES:
            # the corpus's own notion of a task code ("NV45", "M3.1"), not a document ("NQ57")
            found.append((m.group(1).upper(), m.start(), m.end()))
    for m in _DOTTED.finditer(text.fol):  # "5.3 của Nghĩa Hưng": a numbering on its own
        if not m.group(1).endswith(".0"):  # "OCOP 2.0", "công nghiệp 4.0": a version, no task number
            found.append((m.group(1), m.start(), m.end()))
    for m in _ASIDE.finditer(text.fol):  # "nhiệm vụ cuối cùng của Ninh Giang (số 31)"
        found.append((m.group(1), m.start(), m.end()))
    if not found:
        for place, phrase in _ordinal_phrases():  # "việc cuối cùng", "nhiệm vụ đầu tiên"
            for a, b in find(text, phrase):
                found.append((LAST if place == "last" else "1", a, b))
    if not found:
        return None, []
    number, a, b = longest_first(found)[0]
    return number, [(a, b)]


LAST = "cuối"  # the task number of "nhiệm vụ cuối cùng": each plan's last task (qa.numbered)


@lru_cache(maxsize=1)
def _ordinal_phrases() -> tuple[tuple[str, Phrase], ...]:
    """context.tsv's "first"/"last" phrases: a task named by its place in its plan."""
    return tuple((kind, Phrase(phrase)) for kind, phrase in read_tsv("kehoach.qa", "context.tsv")
                 if kind in ("first", "last"))


@lru_cache(maxsize=1)
def _stt_phrases() -> tuple[Phrase, ...]:
    """context.tsv's "stt" words ("nhiệm vụ", "nv", "mục" …), accented as written there."""
    return tuple(Phrase(phrase) for kind, phrase in read_tsv("kehoach.qa", "context.tsv") if kind == "stt")
