"""A question in the aligned forms every reader of it needs, and phrase matching on them.

The question is normalised once (`Text`): as typed (normalised), lower-cased, and folded (no
diacritics), character for character, so a span found in one form is the same span in the
others.  Phrases are matched on word boundaries by one accent rule:

- a phrase's accented form is matched on the question as typed (lower-cased);
- its folded form only on spans of the question typed *without* diacritics, or with only some
  of the phrase's own ("phoi hơp" for "phối hợp": every typed mark is one the phrase has there).

So "mấy" never fires inside "máy bay", while "ai chu tri so hoa ho tich" still reads.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kehoach.corpus.normalize import fold, has_diacritics, normalize

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c) if c.strip() else c
    return f if len(f) == 1 else c


@lru_cache(maxsize=1)
def _shorthand() -> tuple[re.Pattern, dict[str, str]]:
    from kehoach.corpus.datafiles import read_tsv

    rows = read_tsv("kehoach.qa", "shorthand.tsv")
    table = {short.lower(): words for short, words, _ in rows}  # looked up lower-cased (the "lower" ones are)
    lower = "|".join(map(re.escape, sorted((s for s, _, case in rows if case == "lower"), key=len, reverse=True)))
    anycase = "|".join(map(re.escape, sorted((s for s, _, case in rows if case == "any"), key=len, reverse=True)))
    # chat shorthand not before a number ("kh 09", "ct 13" are a document's code, not "không") nor
    # before an issuer ("kh btnmt", "kh ubnd", "kh của bộ": a plan)
    return re.compile(rf"(?<![^\W_])((?:{lower})(?![^\W_])(?!\s*\d)(?!\s+(?:{ISSUERS_AFTER_KH})(?![^\W_]))"
                      rf"|(?i:{anycase})(?![^\W_]))"), table


ISSUERS_AFTER_KH = "btnmt|bnnmt|bkhcn|bkhdt|btttt|btc|bca|ubnd|hdnd|cua"


def _expand_shorthand(question: str) -> str:
    """"cái j" -> "cái gì" (or "cai gi" in a question typed without diacritics), "owner" ->
    "chủ trì": qa/data/shorthand.tsv."""
    pattern, table = _shorthand()
    plain = not has_diacritics(pattern.sub("", question))
    return pattern.sub(lambda m: fold(table[m.group(1).lower()]) if plain else table[m.group(1).lower()], question)


@lru_cache(maxsize=1)
def _numbers() -> tuple[re.Pattern, dict[str, int]]:
    from kehoach.corpus.datafiles import read_tsv

    rows = read_tsv("kehoach.qa", "numbers.tsv")
    table = {word: int(value) for word, value, _ in rows}
    table |= {fold(w): int(v) for w, v, mode in rows if mode == "both" and fold(w) not in table}  # "nam muoi bay"
    words = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    run = rf"(?<![^\W_])(?:{words})(?:\s+(?:{words}))*(?![^\W_])"
    return re.compile(run, re.IGNORECASE), table


def _said_number(words: list[str], table: dict[str, int]) -> int | None:
    """The value of number words ("hai mươi lăm" 25, "hai nghìn không trăm hai mươi sáu" 2026), or
    None when they are no number said in words (no "mươi"/"mười"/"trăm"/"nghìn")."""
    values = [table[w] for w in words]
    if not any(v >= 10 for v in values) or (len(words) == 1 and words[0] not in ("mười", "muoi")):
        return None  # no number said, or a lone "trăm" ("phần trăm"), "mươi", "nghìn"
    total, part, digit = 0, 0, None
    for w, v in zip(words, values):
        if w in ("linh", "lẻ", "le"):
            continue  # "một trăm linh năm": 105
        if v == 1000:
            total, part, digit = total + (part + (digit or 0) or 1) * 1000, 0, None
        elif v in (100, 10):
            if v == 10 and part % 100 >= 10:
                return None  # "hai mươi hai mươi sáu": two numbers
            part, digit = part + (1 if digit is None else digit) * v, None
        elif digit is not None:
            return None  # two digits in a row: not one number
        else:
            digit = v
    return total + part + (digit or 0)


def _spoken_numbers(question: str) -> str:
    """Numbers said in words written as digits (qa/data/numbers.tsv)."""
    pattern, table = _numbers()

    def digits(m: re.Match) -> str:
        words = m.group(0).split()
        for i in range(len(words)):  # "năm hai nghìn …": the first word may be a word ("năm" = year)
            value = _said_number([w.lower() for w in words[i:]], table)
            if value is not None:
                return " ".join([*words[:i], str(value)])
        return m.group(0)

    return pattern.sub(digits, question)


class Text:
    """The question normalised, lower-cased and folded, aligned character for character."""

    def __init__(self, question: str):
        self.orig = _spoken_numbers(_expand_shorthand(normalize(question)))
        self.low = self.orig.lower()
        self.fol = "".join(_fold_char(c) for c in self.low)
        if len(self.low) != len(self.orig):  # a character whose lower case is longer: give up case
            self.orig = self.low
        self.all_caps = self.orig == self.orig.upper()
        self.diacritics = has_diacritics(self.orig)

    def __len__(self) -> int:
        return len(self.orig)

    def plain(self, a: int, b: int) -> bool:
        """True when the span was typed without diacritics."""
        return self.low[a:b] == self.fol[a:b]

    def words_between(self, a: int, b: int) -> int:
        return len(_WORD.findall(self.fol[a:b])) if b > a else 0


@dataclass(frozen=True)
class Phrase:
    """A phrase of a data table and how it may match (see the module docstring)."""
    text: str  # normalised
    mode: str = "both"  # both | accented | folded
    case: str = "any"  # any | lower: written ALL CAPS in a question that is not, it is an acronym ("AI")


def pattern(phrase: str) -> re.Pattern:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])")


@lru_cache(maxsize=4096)
def compiled(phrase: str) -> re.Pattern:
    return pattern(phrase)


@lru_cache(maxsize=4096)
def compiled_folded(phrase: str) -> re.Pattern:
    return pattern(fold(phrase))  # folding every cue for every question was a tenth of an answer


def find(text: Text, phrase: Phrase) -> list[tuple[int, int]]:
    """Spans where `phrase` occurs, by the accent rule."""
    spans: set[tuple[int, int]] = set()
    if phrase.mode in ("both", "accented"):
        spans.update(m.span() for m in compiled(phrase.text.lower()).finditer(text.low))
    if phrase.mode in ("both", "folded"):
        spans.update(m.span() for m in compiled_folded(phrase.text).finditer(text.fol)
                     if text.plain(*m.span()) or _partly_typed(text.low[m.start():m.end()], phrase.text.lower()))
    if phrase.case == "lower" and not text.all_caps:
        spans = {(a, b) for a, b in spans if not is_acronym(text.orig[a:b])}
    return sorted(spans)


def _marks(c: str) -> set[str]:
    return set(unicodedata.normalize("NFD", c)[1:]) | ({"stroke"} if c == "đ" else set())


SHAPES = {"\u0302", "\u0306", "\u031b", "stroke"}  # circumflex, breve, horn, the stroke of đ: letters, not tones


def _shape_missing(typed: str, wanted: str) -> bool:
    """Does `typed` lack a letter's shape `wanted` has ("đua" for "đưa": no horn), not merely a tone
    ("hơp" for "hợp")?"""
    return any((_marks(x) & SHAPES) - _marks(c) for c, x in zip(typed, wanted, strict=True))


def _partly_typed(typed: str, phrase: str) -> bool:
    """The span holds the phrase with only some of its diacritics typed ("phoi hơp" for "phối
    hợp"): every typed mark is one the phrase has there, none is another word's."""
    words, wanted = typed.split(), phrase.split()
    if len(words) != len(wanted) or any(len(w) != len(x) for w, x in zip(words, wanted, strict=True)):
        return False
    if any(w == x != fold(x) for w, x in zip(words, wanted, strict=True)) and \
            any(w != fold(w) and _shape_missing(w, x) for w, x in zip(words, wanted, strict=True)):
        return False  # "đua vào" is not "đưa vào": beside a word typed whole, a marked word lacking a letter's shape is another
    return all(_marks(c) <= _marks(x) for w, x in zip(words, wanted, strict=True) for c, x in zip(w, x, strict=True))


def is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def longest_first(found: list[tuple[object, int, int]]) -> list[tuple[object, int, int]]:
    """Non-overlapping matches, longer ones first (then leftmost), returned in text order."""
    taken: list[tuple[int, int]] = []
    kept = []
    for item, a, b in sorted(found, key=lambda t: (-(t[2] - t[1]), t[1])):
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        kept.append((item, a, b))
    return sorted(kept, key=lambda t: t[1])


def prefix_re(words: list[str]) -> str:
    """A regex for any run of `words` (folded phrases) followed by a space."""
    alts = "|".join(pattern(w).pattern for w in sorted(words, key=len, reverse=True))
    return rf"(?:(?:{alts})\s+)*" if alts else ""


def with_prefix(text: Text, a: int, b: int, words: list[str]) -> tuple[int, int]:
    """Extend span (a, b) left over the folded context words right before it ("do Phòng Kinh tế")."""
    m = re.search(prefix_re(words) + r"$", text.fol[:a])
    return (m.start() if m and m.group(0).strip() else a), b


def overlaps(span: tuple[int, int], spans) -> bool:
    a, b = span
    return any(a < y and x < b for x, y in spans)
