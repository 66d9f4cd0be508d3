"""Question understanding: which field a question asks, its constraints, and its topic.

    parse("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?")
    -> Intent(field="count", units=["Phòng Kinh tế"], role="lead", communes=["Nghĩa Sơn"], topic="")

Everything a question may say lives in data tables under qa/data/ (cues.tsv, roles.tsv,
fields.tsv, fillers.tsv, context.tsv, unit_heads.tsv); this module only applies them:

1. Cues are matched on word boundaries.  A cue's accented form is matched on the question
   as typed (lower-cased); its folded form only on spans of the question typed *without*
   diacritics.  So "mấy" never fires inside "máy bay", and a folded question
   ("ai chu tri so hoa ho tich") still reads.  Cues whose folded form is a common word
   ("may" = máy/mấy/may, "han" = hạn/Hàn, "dem" = đếm/đêm) are accented-only; unambiguous
   folded phrases stand in for them ("may nhiem vu").
2. All cues and role words are collected, then the longest matches win and overlapped shorter
   ones are dropped ("hạn chế" is a none-phrase, so "hạn" inside it is not a deadline cue).
3. "Who" cues ("ai", "đơn vị nào") ask `lead`, or `partners` when a partner role word stands
   at most MAX_ROLE_GAP words away ("ai phối hợp", "phối hợp với ai").  "AI" written in
   capitals inside a mixed-case question is the acronym (trí tuệ nhân tạo), not "ai".
4. The field: the cue of highest strength (2 = interrogative, 1 = keyword that also occurs in
   task texts) wins; ties go by the precedence of fields.tsv:
   count > list > partners > lead > deadline > output; no cue -> search.
5. Constraints: commune names of the index (with "ở", "tại", "xã", "của" before them and a
   ":" after), years (after "năm", "trong", "hạn"…, or any deadline year of the index; ranges
   stay topic), unit names (corpus.units.find_units over the index's units) that start with a
   head word ("Phòng …", "Công an …") or stand next to a role word.
   Which units filter depends on the field: count/list -> every unit named (role lead by
   default, partner with "phối hợp"); deadline/output/search -> only a unit next to a role
   word ("… Phòng Kinh tế chủ trì …"); lead/partners -> none (the unit may be the answer).
6. The topic is the question without cues, fillers, and the constraints that filter.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold, has_diacritics, normalize, squash

MAX_ROLE_GAP = 2  # words between a "who" cue and the role word it takes ("ai sẽ phối hợp")
FIELDS_ANSWERED_FROM_SETS = ("count", "list")
_WORD = re.compile(r"[^\W_]+")


# ---- tables ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    kind: str  # cue | role | filler
    field: str  # cues: the field (or who/none); roles: the `who` field; fillers: scope
    strength: int
    mode: str  # both | accented | folded
    case: str  # any | lower
    phrase: str
    role: str = ""  # roles: lead | partner | any


def _table(name: str) -> list[list[str]]:
    return read_tsv("kehoach.qa", name)


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    out = [Cue("cue", f, int(s), m, c, normalize(p)) for f, s, m, c, p in _table("cues.tsv")]
    out += [Cue("role", who, 1, m, "any", normalize(p), role) for role, who, m, p in _table("roles.tsv")]
    return tuple(out)


@lru_cache(maxsize=1)
def fillers() -> tuple[Cue, ...]:
    return tuple(Cue("filler", scope, 0, m, "any", normalize(p)) for scope, m, p in _table("fillers.tsv"))


@lru_cache(maxsize=1)
def precedence() -> dict[str, int]:
    """Field -> rank (0 wins)."""
    return {row[0]: i for i, row in enumerate(_table("fields.tsv"))}


@lru_cache(maxsize=1)
def answer_columns() -> dict[str, str | None]:
    """Field -> the row column a field question is answered from."""
    return {row[0]: (None if row[1] == "-" else row[1]) for row in _table("fields.tsv")}


@lru_cache(maxsize=1)
def context_words() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, phrase in _table("context.tsv"):
        out.setdefault(kind, []).append(fold(phrase))
    return out


@lru_cache(maxsize=1)
def context_phrases() -> dict[str, list[str]]:
    """The context words as written in context.tsv (lower-cased), for kinds whose accents matter."""
    out: dict[str, list[str]] = {}
    for kind, phrase in _table("context.tsv"):
        out.setdefault(kind, []).append(normalize(phrase).lower())
    return out


@lru_cache(maxsize=1)
def unit_heads() -> tuple[str, ...]:
    return tuple(fold(row[0]) for row in _table("unit_heads.tsv"))


# ---- the question, in aligned forms ----------------------------------------------------
class Text:
    """The question normalised, lower-cased and folded, character for character, so a span
    found in one form is the same span in the others."""

    def __init__(self, question: str):
        self.orig = normalize(question)
        self.low = self.orig.lower()
        self.fol = "".join(_fold_char(c) for c in self.low)
        if len(self.low) != len(self.orig):  # a character whose lower case is longer: give up case
            self.orig = self.low
        self.all_caps = self.orig == self.orig.upper()

    def plain(self, a: int, b: int) -> bool:
        """True when the span was typed without diacritics."""
        return self.low[a:b] == self.fol[a:b]

    def words_between(self, a: int, b: int) -> int:
        return len(_WORD.findall(self.fol[a:b])) if b > a else 0


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c) if c.strip() else c
    return f if len(f) == 1 else c


def _pattern(phrase: str) -> re.Pattern:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])")


@lru_cache(maxsize=2048)
def _compiled(phrase: str) -> re.Pattern:
    return _pattern(phrase)


@lru_cache(maxsize=2048)
def _compiled_folded(phrase: str) -> re.Pattern:
    return _compiled(fold(phrase))  # folding every cue for every question was a tenth of an answer


def find(text: Text, cue: Cue) -> list[tuple[int, int]]:
    """Spans where `cue` occurs, by the accent rule of the module docstring."""
    spans: set[tuple[int, int]] = set()
    if cue.mode in ("both", "accented"):
        spans.update(m.span() for m in _compiled(cue.phrase.lower()).finditer(text.low))
    if cue.mode in ("both", "folded"):
        spans.update(m.span() for m in _compiled_folded(cue.phrase).finditer(text.fol) if text.plain(*m.span()))
    if cue.case == "lower" and not text.all_caps:
        spans = {(a, b) for a, b in spans if not _is_acronym(text.orig[a:b])}
    return sorted(spans)


def _is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def longest_first(found: list[tuple[Cue, int, int]]) -> list[tuple[Cue, int, int]]:
    """Non-overlapping matches, longer ones first (then leftmost), returned in text order."""
    taken: list[tuple[int, int]] = []
    kept = []
    for cue, a, b in sorted(found, key=lambda t: (-(t[2] - t[1]), t[1])):
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        kept.append((cue, a, b))
    return sorted(kept, key=lambda t: t[1])


# ---- what the index knows ---------------------------------------------------------------
@dataclass
class Vocabulary:
    """Names a question can be constrained by: those of the index it will be asked of."""
    communes: list[str]
    units: list[str]
    years: set[int]

    @classmethod
    def from_rows(cls, rows) -> "Vocabulary":
        return cls(communes=sorted({r.commune for r in rows if r.commune}),
                   units=sorted({u for r in rows for u in (*r.lead_units, *r.partner_units)}),
                   years={y for r in rows for y in r.deadline_years})

    @classmethod
    def from_index(cls, index) -> "Vocabulary":
        return cls(communes=index.communes(), units=index.units(),
                   years={y for r in index.rows for y in r.deadline_years})


@lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    from kehoach.corpus import read_corpus

    return Vocabulary.from_rows(read_corpus()[0])


# ---- the result -------------------------------------------------------------------------
@dataclass
class Intent:
    question: str
    field: str  # lead | partners | deadline | output | list | count | search
    topic: str
    communes: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # units that filter (see rule 5)
    mentioned_units: list[str] = field(default_factory=list)  # every unit named
    role: str = "lead"  # lead | partner | any: how `units` filter count/list rows
    year: int | None = None
    stt: str | None = None  # "nhiệm vụ 14": the task number asked about
    unknown_communes: list[str] = field(default_factory=list)  # "xã Hải Hậu": a commune not in the index
    subject: str = ""  # count/list: what the question says leads/partners when no known unit does
    cues: list[tuple[str, str]] = field(default_factory=list)  # (field, text) of the cues found
    diacritics: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def column(self) -> str | None:
        """The row column a field question is answered from."""
        return answer_columns().get(self.field)


# ---- parsing ----------------------------------------------------------------------------
def parse(question: str, vocab: Vocabulary | None = None) -> Intent:
    """Read a question (with or without diacritics) into an Intent."""
    vocab = vocab or bundled_vocabulary()
    text = Text(question)
    matches = longest_first([(c, a, b) for c in cues() for a, b in find(text, c)])
    field_name, roles, used = _resolve(text, matches)

    remove: list[tuple[int, int]] = [(a, b) for c, a, b in matches if c.field != "none"]
    communes, spans = _communes(text, vocab.communes)
    remove += spans
    year, spans = _year(text, vocab.years)
    remove += spans
    stt, spans = _stt(text)
    remove += spans
    unknown = _unknown_communes(text, vocab.communes)
    mentions = _units(text, vocab.units, [(c, a, b) for c, a, b in matches if c.kind == "role"])
    mentioned = _unique(m[0] for m in mentions)
    if field_name in FIELDS_ANSWERED_FROM_SETS:
        filtering = [m for m in mentions if m[3] or m[4]]
    elif field_name in ("deadline", "output", "search"):
        filtering = [m for m in mentions if m[4]]
    else:
        filtering = []
    for _, a, b, _, _ in filtering:
        remove.append(_with_prefix(text, a, b, context_words().get("unit", [])))
    scopes = {"all", "set"} if field_name in FIELDS_ANSWERED_FROM_SETS else {"all"}
    remove += [(a, b) for c in fillers() if c.field in scopes for a, b in find(text, c)]
    topic = _topic(text, remove)
    roles_at = [a for c, a, _ in matches if c.kind == "role"]
    subject = ""
    if field_name in FIELDS_ANSWERED_FROM_SETS and not filtering and roles_at:
        subject = _topic(text, remove, end=min(roles_at))
    return Intent(
        question=text.orig, field=field_name, topic=topic, communes=communes,
        units=_unique(m[0] for m in filtering), mentioned_units=mentioned, role=_role(roles),
        year=year, stt=stt, unknown_communes=unknown, subject=subject, cues=[(c.field if c.kind == "cue" else c.role, text.orig[a:b]) for c, a, b in used],
        diacritics=has_diacritics(text.orig),
    )


def _resolve(text: Text, matches) -> tuple[str, set[str], list]:
    """The field asked (rules 3-4), the roles named, and the cues that decided."""
    role_words = [(c, a, b) for c, a, b in matches if c.kind == "role"]
    candidates: list[tuple[int, int, str, tuple]] = []  # (strength, precedence, field, match)
    rank = precedence()
    for c, a, b in matches:
        if c.kind == "cue" and c.field == "none":
            continue
        f = c.field
        if c.kind == "cue" and f == "who":
            f = _who_field(text, a, b, role_words)
        candidates.append((c.strength, rank.get(f, len(rank)), f, (c, a, b)))
    roles = {c.role for c, _, _ in role_words}
    if not candidates:
        return "search", roles, []
    best = max(candidates, key=lambda t: (t[0], -t[1]))
    return best[2], roles, [m for *_, m in candidates]


def _who_field(text: Text, a: int, b: int, role_words) -> str:
    """lead, or what the nearest role word within MAX_ROLE_GAP words asks (ties: the one after)."""
    best = None
    for c, x, y in role_words:
        gap = text.words_between(b, x) if x >= b else text.words_between(y, a)
        if gap <= MAX_ROLE_GAP:
            key = (gap, 0 if x >= b else 1)
            if best is None or key < best[0]:
                best = (key, c.field)
    return best[1] if best else "lead"


def _role(roles: set[str]) -> str:
    if "any" in roles or {"lead", "partner"} <= roles:
        return "any"
    return "partner" if "partner" in roles else "lead"


def _prefix_re(words: list[str]) -> str:
    alts = "|".join(_pattern(w).pattern for w in sorted(words, key=len, reverse=True))
    return rf"(?:(?:{alts})\s+)*" if alts else ""


def _with_prefix(text: Text, a: int, b: int, words: list[str]) -> tuple[int, int]:
    """Extend span (a, b) left over the context words right before it ("do Phòng Kinh tế")."""
    m = re.search(_prefix_re(words) + r"$", text.fol[:a])
    return (m.start() if m and m.group(0).strip() else a), b


def _communes(text: Text, names: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Communes named (in the order they occur) and their spans with "ở"/"xã"… and ":"."""
    found: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    prefix = _prefix_re(context_words().get("commune", []))
    for name in sorted(names, key=len, reverse=True):
        core = _pattern(fold(name)).pattern
        for m in re.finditer(prefix + core + r"\s*:?", text.fol):
            if any(m.start() < y and x < m.end() for x, y in spans):
                continue
            found.setdefault(name, m.start())
            spans.append(m.span())
    return sorted(found, key=found.get), spans


_YEAR = re.compile(r"(?<![\d/.-])(?:\d{1,2}\s*/\s*)?((?:19|20)\d\d)(?![\d/])")


def _year(text: Text, years: set[int]) -> tuple[int | None, list[tuple[int, int]]]:
    """The first year the question constrains deadlines to, and its span with "năm"/"trong"…"""
    prefix = _prefix_re(context_words().get("year", []))
    for m in _YEAR.finditer(text.fol):
        a, b = m.span()
        if re.search(r"\d\s*-\s*$", text.fol[:a]) or re.match(r"\s*-\s*\d", text.fol[b:]):
            continue  # a range ("2026-2030"): a period named in the topic, not a filter
        y = int(m.group(1))
        p = re.search(prefix + r"$", text.fol[:a])
        has_prefix = bool(p and p.group(0).strip())
        if has_prefix or y in years:
            return y, [(p.start() if has_prefix else a, b)]
    return None, []


def _stt(text: Text) -> tuple[str | None, list[tuple[int, int]]]:
    """A task number the question names ("nhiệm vụ 14", "nhiệm vụ số 2.1"); years are not numbers.

    The word before the number obeys the accent rule of cues (rule 1): as written on accented
    text, folded only where typed without diacritics, so "mức 2" (VNeID mức 2) is not "mục 2"."""
    number = r"\s+(\d{1,3}(?:\.\d{1,2})?)(?![\d.,/]\d|\d)"
    found = []
    for haystack, words, plain_only in ((text.low, context_phrases().get("stt", []), False),
                                        (text.fol, context_words().get("stt", []), True)):
        if not words:
            continue
        alts = "|".join(_pattern(w).pattern for w in sorted(set(words), key=len, reverse=True))
        for m in re.finditer(rf"(?:{alts}){number}", haystack):
            if not plain_only or text.plain(m.start(), m.start(1)):
                found.append(m)
                break
    if not found:
        return None, []
    m = min(found, key=lambda x: x.start())
    return m.group(1), [m.span()]


# "xã Hải Hậu" written with capitals: a commune name; when the index has no such commune the
# honest answer is that its plan is not indexed (instead of answering from another commune).
_NAMED_COMMUNE = re.compile(r"(?<![^\W_])(?:xã|Xã|XÃ|phường|Phường|thị trấn|Thị trấn)\s+"
                            r"((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
                            r"[^\W\d_A-Z]*\s*){1,3})")


def _unknown_communes(text: Text, names: list[str]) -> list[str]:
    known = {fold(n) for n in names}
    out = []
    for m in _NAMED_COMMUNE.finditer(text.orig):
        name = m.group(1).strip()
        words = name.split()
        # the longest prefix of the capitalised words that is a known commune makes it known
        if any(fold(" ".join(words[:i])) in known for i in range(1, len(words) + 1)):
            continue
        out.append(name)
    return out


def _units(text: Text, known: list[str], role_words) -> list[tuple[str, int, int, bool, bool]]:
    """Unit mentions: (canonical, start, end, starts with a head word, next to a role word or 'do')."""
    from kehoach.corpus.units import find_units

    sq = squash(text.orig)
    out = []
    pos = 0
    unit_words = context_words().get("unit", [])
    for canonical, s, e in find_units(text.orig, known):
        span = _relocate(text, sq[s:e], pos)
        if span is None:
            continue
        a, b = span
        pos = b
        words = text.fol[a:b].split()
        head = any(words[:len(h.split())] == h.split() for h in unit_heads())
        after = any(x >= b and text.words_between(b, x) == 0 for _, x, _ in role_words)
        before = re.search(_prefix_re(unit_words) + r"$", text.fol[:a])
        out.append((canonical, a, b, head, after or bool(before and before.group(0).strip())))
    return out


def _relocate(text: Text, alias: str, start: int) -> tuple[int, int] | None:
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


# Connectors trimmed from the edges of a topic.  Typed without diacritics, only the forms that
# cannot be content words are trimmed: "tai" may be "tài" (tài khoản), "de" "đề" (đề án),
# "thi" "thi" (cuộc thi), "o" "ô" (ô nhiễm), "se" "sẻ" (chia sẻ), "chua" "chùa", "la", "da", "ve".
_LEADING = ("của", "cua", "về", "trong", "cho", "và", "va", "thì", "với", "voi", "ở", "tại", "để",
            "các", "cac", "những", "nhung", "sẽ", "đã", "là")
_TRAILING = ("của", "cua", "về", "trong", "cho", "và", "va", "thì", "với", "voi", "ở", "tại", "để",
             "là", "không", "khong", "chưa", "sẽ", "đã")
_EDGE = re.compile(rf"^(?:(?:{'|'.join(_LEADING)})\s+)+|(?:\s+(?:{'|'.join(_TRAILING)}))+$", re.IGNORECASE)


def _topic(text: Text, remove: list[tuple[int, int]], end: int | None = None) -> str:
    """The question (up to `end`) with the removed spans blanked, connectors at the edges and
    stray punctuation trimmed."""
    chars = list(text.orig[:end])
    for a, b in remove:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    s = "".join(chars)
    s = re.sub(r"\s+([,.;:?!])", r"\1", s)
    s = re.sub(r"(?:(?<=\s)|^)[,.;:?!\-]+(?=\s|$)", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,.;:?!-")
    prev = None
    while prev != s:
        prev = s
        s = _EDGE.sub("", s).strip(" ,.;:?!-")
    return s


def _unique(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out
