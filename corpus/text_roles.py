"""Who does a task and by when, read from words, for a task list with no column for them.

A plan's prose typed as a table ('TT | Nội dung nhiệm vụ') says who does each task in its
headings and sentences, as a person reads it:
- a heading that names a unit ('a) Tổ đảng ở Thường trực Ủy ban Pháp luật', 'Lãnh đạo Ban
  Dân nguyện') gives the lead of the items under it; so does a heading whose clause names who
  ('…, Đảng đoàn Quốc hội xác định các nhiệm vụ trọng tâm sau:');
- else an item that starts with the units doing it ('Đảng đoàn Quốc hội phối hợp với Đảng ủy
  cơ quan Văn phòng Quốc hội tổ chức …') gives its own lead, and its partners;
- a completion phrase ('… cơ bản hoàn thành trong năm 2025') gives its deadline.
Only what the words say is read: an item naming nobody, under a heading naming nobody, keeps
no lead.  The cue words are data (corpus/data/text_roles.tsv).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.dates import is_date_like, is_open
from kehoach.corpus.units import is_known_unit, starts_unit

MAX_NAME_WORDS = 15  # a heading that is a unit's name is short
MAX_DUE_WORDS = 8  # the date phrase after "hoàn thành"
# "Lãnh đạo Ban Dân nguyện" (the leaders of a unit), "các Ủy ban …": words before a unit's name
_BEFORE_NAME = re.compile(r"^(?:lãnh đạo|các)\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, phrase in read_tsv("kehoach.corpus", "text_roles.tsv", columns=2):
        out.setdefault(kind, []).append(phrase.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=8)
def _pattern(*kinds: str, ignore_case: bool = False) -> re.Pattern:
    phrases = sorted((p for k in kinds for p in _cues()[k]), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, phrases))})(?!\w)", re.IGNORECASE if ignore_case else 0)


def _cue_matches(text: str, *kinds: str) -> list[re.Match]:
    """Where the cue words are: in lower case inside a sentence ('Ban Tổ chức' is a name, 'tổ
    chức' a verb), in any case at its start ('Tổ chức rà soát …', 'TỔ CHỨC THỰC HIỆN')."""
    found = list(_pattern(*kinds).finditer(text))
    first = _pattern(*kinds, ignore_case=True).match(text)
    return [first] + [m for m in found if m.start() > 0] if first else found


def _names_unit(part: str) -> bool:
    part = part.strip(" ,;:.")
    while _BEFORE_NAME.match(part):
        part = _BEFORE_NAME.sub("", part, count=1)
    return (0 < len(part.split()) <= MAX_NAME_WORDS and not re.search(r"\d", part)
            and not _pattern("verb", "with", ignore_case=True).match(part)
            and (starts_unit(part) or is_known_unit(part)))


def _units(text: str) -> bool:
    """Units, one or a list: the first part names a unit and so do at least half of them
    ('Tổ đảng ở Thường trực Ủy ban Văn hóa, Giáo dục' holds a comma in a name)."""
    parts = [p for p in re.split(r"\s*,\s*", text.strip(" ,;:.")) if p]
    if not parts or not _names_unit(parts[0]):
        return False
    return sum(map(_names_unit, parts)) * 2 >= len(parts)


@dataclass
class Who:
    lead: str
    partners: str | None = None
    task: str | None = None  # what the sentence gives them to do, when read apart from who (`assigned`)


@lru_cache(maxsize=1024)
def heading_unit(title: str) -> str | None:
    """The unit a heading puts over its items: the heading itself when it is a unit's name;
    else who its clause names ('…, Đảng đoàn Quốc hội xác định các nhiệm vụ sau:')."""
    title = title.strip()
    cues = _cue_matches(title, "verb", "with")
    if not cues and len(title.split()) <= MAX_NAME_WORDS and _units(title):
        return title.rstrip(" .:;")
    for m in cues:
        before = title[:m.start()].rstrip(" ,")
        for who in (before, before.rsplit(",", 1)[-1].strip()):
            if _units(who):
                return who
    return None


def subject(text: str) -> Who | None:
    """The units a task's sentence starts with, before its verb, and the partners it names
    after 'phối hợp với' ('A phối hợp với B tổ chức …' -> A, B)."""
    cues = _cue_matches(text, "verb", "with")
    if not cues or not _units(text[:cues[0].start()]):
        return None
    m = cues[0]
    who = Who(text[:m.start()].strip(" ,"))
    if m.group(0).lower() in _cues()["with"]:
        rest = text[m.end():]
        end = _cue_matches(rest.lstrip(), "verb")
        partners = rest.lstrip()[:end[0].start()] if end else ""
        if _units(partners):
            who.partners = partners.strip(" ,")
    return who


_LEADS = re.compile(r"\s+chủ trì(?:\s*,)?\s*", re.IGNORECASE)
_COLON = re.compile(r"^([^:]{3,80}):\s+(\S.*)$")


def assigned(text: str) -> Who | None:
    """A sentence that assigns a task by name: 'A chủ trì, phối hợp với B thực hiện X …' -> lead
    A, partners B, task 'Thực hiện X …'; also 'A: X …' and 'A triển khai X …' (`subject`).  None
    unless the words before 'chủ trì' (the colon, the verb) are units."""
    lead = _LEADS.search(text)
    if not lead or not _units(text[:lead.start()]):
        colon = _COLON.match(text)  # "Ủy ban nhân dân cấp xã: đầu tư, hoàn thiện …"
        if colon and _units(colon.group(1)):
            return Who(colon.group(1), None, _capital(colon.group(2)))
        who = subject(text)  # "Ban Quản lý … tỉnh triển khai xây dựng …"
        if who is not None:
            who.task = _capital(text[len(who.lead):].strip(" ,"))
        return who
    who = Who(text[:lead.start()].strip(" ,"))
    rest = text[lead.end():]
    partners = _pattern("with", ignore_case=True).match(rest)  # "phối hợp với" (text_roles.tsv)
    if partners:
        after = rest[partners.end():].lstrip()
        verb = _cue_matches(after, "verb")
        named = after[:verb[0].start()].strip(" ,") if verb else ""
        if named and _units(named):
            who.partners, rest = named, after[verb[0].start():]
    who.task = _capital(rest.strip(" ,")) or None
    return who


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def due_in_text(text: str) -> str | None:
    """'… thực hiện cơ bản hoàn thành trong năm 2025.' -> 'trong năm 2025': a completion phrase
    followed by a date, within its clause."""
    for m in _pattern("due").finditer(text):
        clause = re.split(r"[.;,:]\s|[.;]$", text[m.end():], maxsplit=1)[0].strip()
        words = clause.split()
        if 0 < len(words) <= MAX_DUE_WORDS and is_date_like(clause) and not is_open(clause):
            return clause
    return None
