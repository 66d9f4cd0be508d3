"""Where a question asks about: the communes it names (folded, and as voice typing mishears
them), the ones it sets aside ("ngoài Nghĩa Thọ ra", "so với Nghĩa Thọ"), names the index does not
hold, the clause that asks when an earlier one only gives context ("Nghĩa Sơn giao công an, vậy
Nghĩa Thọ giao ai?"), and the level of plans it names ("cấp trung ương", "các bộ": levels.tsv).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from kehoach.corpus.kinds import LOCAL_KINDS, LOCAL_LEVELS
from kehoach.corpus.normalize import fold
from kehoach.qa.text import Phrase, Text, find, overlaps, pattern, prefix_re

Span = tuple[int, int]


@lru_cache(maxsize=8)
def _commune_pattern(names: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]] | None:
    """One regex for every commune of an index (longest names first), with "ở"/"xã"… before."""
    if not names:
        return None
    by_fold = {re.sub(r"\s+", " ", fold(n)): n for n in sorted(names, key=len)}
    for folded, name in list(by_fold.items()):
        for heard in misheard(folded) + mistyped(folded):
            by_fold.setdefault(heard, name)
    alternatives = "|".join(pattern(f).pattern for f in sorted(by_fold, key=len, reverse=True))
    return re.compile(prefix_re(_context()) + rf"({alternatives})\s*:?"), by_fold


# Initial consonants that sound alike in northern speech, as voice typing mishears them:
# "Ninh Giang" comes out "ninh dang", "Nghĩa Sơn" "nghia xon" (folded: đ is d).
_SOUND_ALIKE = (("gi", "d", "r"), ("tr", "ch"), ("s", "x"))


def misheard(folded_name: str) -> list[str]:
    """Spellings of a (folded) place name that sound the same, one syllable changed at a time."""
    words = folded_name.split()
    out = []
    for i, w in enumerate(words):
        for group in _SOUND_ALIKE:
            head = next((g for g in group if w.startswith(g) and not (g == "d" and w.startswith("gi"))), None)
            if head is None:
                continue
            for other in group:
                if other != head and (other != "gi" or not w[len(head):].startswith("i")):
                    out.append(" ".join(words[:i] + [other + w[len(head):]] + words[i + 1:]))
    return out


def mistyped(folded_name: str) -> list[str]:
    """Slips of the keyboard in a (folded) place name's last syllable: one letter dropped from a
    syllable of five letters or more ("ninh giag"), two neighbours swapped in one of four or more
    ("nghia hugn").  Shorter syllables are left alone: "tho" less a letter is another word."""
    *head, last = folded_name.split()
    if not head:
        return []
    slips = [last[:i] + last[i + 1:] for i in range(len(last))] if len(last) >= 5 else []
    if len(last) >= 4:
        slips += [last[:i] + last[i + 1] + last[i] + last[i + 2:] for i in range(len(last) - 1) if last[i] != last[i + 1]]
    return [" ".join(head + [s]) for s in dict.fromkeys(slips) if s != last]


def past_commune(text: Text, end: int, commune_spans: list[Span]) -> int:
    """Where a commune mention right after `end` ends ("Văn phòng HĐND&UBND xã Nghĩa Thọ một mình
    …", "các doanh nghiệp ở Nghĩa Hưng phải làm gì"), else `end`."""
    return next((a + len(text.fol[a:b].rstrip()) for a, b in commune_spans  # a mention's span may end in a space
                 if a >= end and not text.fol[end:a].strip()), end)


def commune_mentions(text: Text, names: list[str]) -> list[tuple[str, Span]]:
    """Each mention of a commune: its name and span with "ở"/"xã"… and ":"; a name's initials
    in capitals ("NS:" for Nghĩa Sơn, as notes write it) when no other commune shares them."""
    compiled = _commune_pattern(tuple(sorted(names)))
    if compiled is None:
        return []
    regex, by_fold = compiled
    found = [(by_fold[re.sub(r"\s+", " ", m.group(1))], m.span()) for m in regex.finditer(text.fol)]
    if not text.all_caps:
        for initials, name in _initials(tuple(sorted(names))).items():
            for m in re.finditer(rf"(?<![^\W_]){initials}(?![^\W_])\s*:?", text.orig):
                before = _INITIALS_BEFORE.search(text.fol[:m.start()])
                if before or m.group(0).endswith(":") or _INITIALS_LISTED.search(text.orig[:m.start()]):
                    found.append((name, (before.start() if before else m.start(), m.end())))
    return sorted(found, key=lambda f: f[1])


# initials name a commune as a note's heading ("NS: …") or after a word that introduces a place
# ("xã NT", "ở NH"); elsewhere capitals are an abbreviation ("dự toán NS 2025": ngân sách)
_INITIALS_BEFORE = re.compile(r"(?:^|(?<![^\W_])(?:xa|phuong|o|tai|cua|ben))\s*$")
_INITIALS_LISTED = re.compile(r"(?<![^\W_])[A-ZĐ]{2,3}\s*(?:,|và|va|với|voi|hoặc|hoac)\s*$")  # "xã NH, NT, NS"


@lru_cache(maxsize=8)
def _initials(names: tuple[str, ...]) -> dict[str, str]:
    """Capital initials of the communes' names of two words or more, where only one has them."""
    by: dict[str, list[str]] = {}
    for n in names:
        words = fold(n).upper().split()
        if len(words) >= 2:
            by.setdefault("".join(w[0] for w in words), []).append(n)
    return {k: v[0] for k, v in by.items() if len(v) == 1}


def communes(text: Text, names: list[str]) -> tuple[list[str], list[Span]]:
    """Communes named (in the order they occur) and their spans."""
    mentions = commune_mentions(text, names)
    return list(dict.fromkeys(name for name, _ in mentions)), [span for _, span in mentions]


_CAP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_KINDS = "|".join(v for k in sorted(LOCAL_KINDS, key=len, reverse=True) for v in (k, k.capitalize(), k.upper()))
_NAMED_COMMUNE = re.compile(rf"(?<![^\W_])(?:{_KINDS})\s+"
                            rf"((?:[{_CAP}][^\W\d_{_CAP[:26]}]*\s*){{1,3}})")


_TYPED_COMMUNE = re.compile(r"(?<![^\W_])(?:o|tai|cua|thuoc)\s+(?:xa|phuong)\s+([^\W\d_]+\s+[^\W\d_]+)\s*(?:[,.;:?!]|$)")


def unknown_communes(text: Text, names: list[str]) -> tuple[list[str], list[Span]]:
    """"xã Hải Hậu" written with capitals, when the index has no such commune."""
    known = {fold(n) for n in names}
    out, spans = [], []
    for m in _NAMED_COMMUNE.finditer(text.orig):
        name = m.group(1).strip()
        words = name.split()
        if any(fold(" ".join(words[:i])) in known for i in range(1, len(words) + 1)):
            continue
        out.append(name)
        spans.append((m.start(), m.start(1) + len(name)))
    firsts = {k.split()[0] for k in known if k}
    for m in _TYPED_COMMUNE.finditer(text.fol):  # "o xa nghia dong": lower case, so only a name that
        name = m.group(1)                         # starts like one of the index's (not "ở xa trường học")
        if name not in known and name.split()[0] in firsts and not any(x <= m.start(1) < y for x, y in spans):
            out.append(text.orig[m.start(1):m.end(1)].title())
            spans.append(m.span())
    return out, spans


def _context() -> list[str]:
    from kehoach.qa.constraints import context_words

    return context_words().get("commune", [])


# "ngoài Nghĩa Thọ ra thì còn xã nào …", "so với Nghĩa Thọ thì Nghĩa Sơn có thêm …": a commune set aside
EXCLUDING_WORDS = ("ngoai", "tru", "ngoai tru", "khong ke", "khong tinh")  # "ngoài phòng VH-XH" (qa.intent too)
SET_ASIDE = re.compile(rf"(?<![^\W_])(?<!nuoc )(?:{'|'.join(EXCLUDING_WORDS)}|so voi|khac voi)\s+$")
# where a clause starts: punctuation, or "vậy"/"còn" turning to the question ("…, vậy Nghĩa Thọ giao ai")
CLAUSE = re.compile(r"(?:[;,:?!]|\.(?!\d))\s*|(?<![^\W_])(?:vay|con|the con)\s+")


def set_aside(text: Text, mentions: list[tuple[str, Span]]) -> tuple[list[str], list[Span]]:
    """The communes a question names only to leave them out, and the words that say so
    ("ngoài … ra", "so với …")."""
    names, spans = [], []
    for name, (a, b) in mentions:
        m = SET_ASIDE.search(text.fol[:a])
        if m and not re.match(r"(?:o|tai|cua|thuoc)\s", text.fol[a:b]):  # "nước ngoài ở Ninh Giang"
            names.append(name)
            after = re.match(r"\s*ra(?:\s+thi)?(?![^\W_])", text.fol[b:])
            spans.append((m.start(), b + (after.end() if after else 0)))
    return list(dict.fromkeys(names)), spans


# words a context clause leans on that are no topic ("Cùng việc X, Nghĩa Hưng giao trạm y tế; vậy …")
CONTEXT_WORDS = re.compile(r"(?<![^\W_])(?:cung la|cung|giao cho|giao)(?![^\W_])")


def context_clause_words(text: Text, end: int) -> list[Span]:
    """The spans of CONTEXT_WORDS before `end` (the asking clause)."""
    return [m.span() for m in CONTEXT_WORDS.finditer(text.fol, 0, end)]


def asking_clause(text: Text, mentions: list[tuple[str, Span]], asked_at: int | None) -> int | None:
    """Where the clause that asks begins, when an earlier clause names other communes as context
    ("Việc an toàn thông tin thì Nghĩa Sơn giao công an, vậy Nghĩa Thọ giao ai chủ trì?"); None
    when the question has no such context (every commune it names is asked about)."""
    if asked_at is None or len({name for name, _ in mentions}) < 2:
        return None
    starts = [m.end() for m in CLAUSE.finditer(text.fol, 0, asked_at)]
    if not starts:
        return None
    start = starts[-1]
    asked = {name for name, (a, _) in mentions if a >= start}
    before = {name for name, (a, _) in mentions if a < start}
    if not asked or not (before - asked):
        return None
    context = text.fol[:start]
    for _, (a, b) in sorted(mentions, key=lambda m: m[1], reverse=True):  # last first: earlier offsets hold
        if b <= start:
            context = context[:a] + " " + context[b:]
    if len(re.findall(r"[^\W\d_]+", context)) < 3:  # "Nghĩa Sơn, Ninh Giang ai chủ trì": a list of names
        return None
    # the asking clause begins at the commune it names, or at the clause mark before that
    first = min(a for name, (a, _) in mentions if a >= start)
    marks = [m.end() for m in CLAUSE.finditer(text.fol, 0, first + 1)]
    return marks[-1] if marks else start


REQUEST = re.compile(r"\s*(?:hay|xin|de nghi|vui long|liet ke|ke ra|cho biet|cho (?:toi|em|minh|tui) (?:hoi|biet))(?![^\W_])")
SENTENCE_END = re.compile(r"(?<!\d)[.?!…]+(?=\s+\S)"  # and a semicolon before a request: "… giai đoạn; xin cho biết …"
                          r"|;(?=\s*(?:xin|de nghi|vui long|cho biet|cho (?:toi|em|minh|tui) (?:hoi|biet))(?![^\W_]))")


FOLLOW_UP_WORDS = 10  # "… có phối hợp không? những ai phối hợp": a short last clause, unmarked, asks too


def asking_sentence(text: Text) -> Span | None:
    """The one sentence that asks (ends in a question mark, or requests: "Hãy liệt kê …"), in a
    text of several ("Kính thưa …, tôi mong các cháu có chỗ sinh hoạt câu lạc bộ, tìm hiểu khoa
    học. Tôi xin phép hỏi: việc dựng một không gian chung do phòng nào chịu trách nhiệm? Xin cảm
    ơn."); None otherwise."""
    marks = list(SENTENCE_END.finditer(text.fol))
    if not marks:
        return None
    bounds = [0, *(m.end() for m in marks), len(text.fol)]
    asking = [(a, b) for a, b in pairwise(bounds) if "?" in text.fol[a:b] or REQUEST.match(text.fol, a)
              or (b == len(text.fol) and a > 0 and not re.search(r"[.!…]\s*$", text.fol[a:])
                  and 0 < len(text.fol[a:].split()) <= FOLLOW_UP_WORDS)]
    return asking[0] if len(asking) == 1 else None  # "… nói gì về AI? Hãy liệt kê …": both ask


def cued_sentence(text: Text, cue_starts: list[int]) -> Span | None:
    """A letter with no question mark or request ("Chợ Tân An … vẫn loay hoay. Theo kế hoạch của
    phường, … có những đơn vị nào phối hợp"): its last sentence, when every cue is in it; else None.
    A last sentence about the asker ("Tôi làm ở tổ dân phố, muốn biết khi nào xong") asks about the story."""
    marks = list(SENTENCE_END.finditer(text.fol))
    if not marks or not cue_starts:
        return None
    start = marks[-1].end()
    if re.match(r"\s*(?:toi|em|minh|tui|chung toi|bon toi)(?![^\W_])", text.fol[start:]):
        return None
    return (start, len(text.fol)) if all(a >= start for a in cue_starts) else None


def sentence_before(text: Text, start: int) -> int:
    """Where the sentence before the one starting at `start` begins."""
    return max((m.end() for m in SENTENCE_END.finditer(text.fol, 0, max(start - 1, 0))), default=0)


@lru_cache(maxsize=1)
def _level_phrases():
    from kehoach.corpus.datafiles import read_tsv

    rows = sorted(read_tsv("kehoach.qa", "levels.tsv"), key=lambda r: -len(r[2]))  # "các bộ, ngành" before "các bộ"
    return tuple((tuple(levels.split("|")), Phrase(phrase, mode)) for levels, mode, phrase in rows)


def levels(text: Text, taken: list[Span]) -> tuple[list[str], list[Span]]:
    """The plan levels a question names (qa/data/levels.tsv) and where, outside `taken` (unit names)."""
    found: list[str] = []
    spans: list[Span] = []
    for wanted, phrase in _level_phrases():
        for span in find(text, phrase):
            if not overlaps(span, taken) and not CONTEST.search(text.fol[:span[0]]):
                found += [lv for lv in wanted if lv not in found]
                spans.append(span)
    for m in GOVERNMENT_DOCUMENT.finditer(text.fol):  # "phụ lục nhiệm vụ của Chính phủ", "chương trình hành động NQ57 của CP"
        if not overlaps(m.span(), taken + spans):
            found += [lv for lv in ("government", "ministry") if lv not in found]
            spans.append(m.span())
    aside = [(x.start(), span) for span in spans if (x := SET_ASIDE.search(text.fol[:span[0]]))]
    if aside and len(aside) < len(spans):  # "Ngoài phụ lục của Chính phủ, những kế hoạch cấp xã nào …"
        kept = [lv for span in spans if span not in [s for _, s in aside] for lv in _levels_at(text, span)]
        found = [lv for lv in found if lv in kept]
        spans = [(start, span[1]) if (start, span) in aside else span
                 for span in spans for start in [next((x for x, s in aside if s == span), span[0])]]
    return found, spans


def _levels_at(text: Text, span: Span) -> list[str]:
    """The levels the phrase at `span` names."""
    if GOVERNMENT_DOCUMENT.fullmatch(text.fol, *span):
        return ["government", "ministry"]
    return [lv for wanted, phrase in _level_phrases() if span in find(text, phrase) for lv in wanted]


# a level that ranks a contest or an award, not a plan: "đi thi cấp tỉnh", "giải cấp huyện"
CONTEST = re.compile(r"(?<![^\W_])(?:thi|giai|dat giai|hoi thi|cuoc thi)\s+$")


# The Government's plan named by what it is, with words between: "phụ lục (nhiệm vụ) của Chính
# phủ", "danh mục nhiệm vụ của Chính phủ", "action programme của Chính phủ".
GOVERNMENT_DOCUMENT = re.compile(r"(?<![^\W_])(?:phu luc|danh muc|chuong trinh|ct|ke hoach|action (?:programme|program|plan))"
                                 r"(?:\s+[^\W_]+){0,5}?(?:\s+cua)?\s+(?:chinh phu|cp)(?![^\W_])(?!\s+(?:so|dien tu)(?![^\W_]))"
                                 r"|(?<![^\W_])(?:nhiem vu|viec)\s+cua\s+(?:chinh phu|cp)(?![^\W_])")  # "nhiệm vụ của Chính phủ"
# ("chương trình phát triển Chính phủ số": digital government is a topic, no level)


def asked_level(text: Text, communes: list[str], named, levels: list[str], level_spans: list[Span]):
    """A commune and the central level named in one question: the later one is asked about, the
    earlier is the comparison ("Ở cấp trung ương, nhiệm vụ X có Bộ TT&TT phối hợp; tại xã Nghĩa
    Sơn nhiệm vụ tương ứng có những cơ quan nào phối hợp?").  Returns (communes, levels)."""
    central = [span for span in level_spans if any(lv not in LOCAL_LEVELS for lv in _levels_at(text, span))]
    said = [a for name, (a, _) in named if name in communes]
    if not (central and said):
        return communes, levels
    place, level = max(said), max(a for a, _ in central)
    if not TURN.search(text.fol, min(place, level), max(place, level)):
        return communes, levels  # one clause: "Xã Nghĩa Thọ có việc X giống chương trình của Chính phủ không"
    if place > level:
        return communes, [lv for lv in levels if lv in LOCAL_LEVELS]
    return [], levels


# where a question turns from what it compares to what it asks: "…; đề nghị cho biết …", "…, còn ở xã …"
TURN = re.compile(r"[;.?!]|(?<![^\W_])(?:con|vay|the con|thi)\s")
