"""One normalization for every text and every query.

Documents and questions reach us with mixed Unicode forms (NFC/NFD), two tone-mark
conventions ("hoá" / "hóa", "Uỷ" / "Ủy"), five kinds of dash and curly quotes.  Matching
only works if all of them are brought to one form, here, and nowhere else.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style tone placement -> new style (the form used by the Vietnamese government
# standard and by most of the seed documents).  Keys are lower-case NFC; upper-case and
# title-case variants are derived below.
_OLD_TONES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
# We normalise in the other direction: "hoá" -> "hóa", "uỷ" -> "ủy" (tone on the first vowel),
# which is what "Ủy ban" and "hóa" in the seeds use most.
_NEW_TONES = {v: k for k, v in _OLD_TONES.items()}


def _case_variants(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for src, dst in table.items():
        out[src] = dst
        out[src.upper()] = dst.upper()
        out[src[0].upper() + src[1:]] = dst[0].upper() + dst[1:]
    return out


_TONE_MAP = _case_variants(_NEW_TONES)
# Rewrite the pair only where it ends a syllable ("hoá" -> "hóa", but "hoán" is already
# modern), and never after "q", where u belongs to the consonant ("quý" stays "quý").
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?![^\W\d_])"
)

# A tone typed on the "o" of "oa" before a final ("hòan thành", "tòan bộ", "khỏang") belongs on the "a"
# in either style: "hoàn", "toàn", "khoảng".
_ON_O = {"ò": "\u0300", "ó": "\u0301", "ỏ": "\u0309", "õ": "\u0303", "ọ": "\u0323"}  # the tone as a combining mark
_MISPLACED = re.compile(r"(?<![qQ])([òóỏõọÒÓỎÕỌ])([aA])(?=(?:ng|nh|ch|n|c|t|p|m|i|y)(?![^\W\d_]))")


def _tone_on_a(m: re.Match) -> str:
    o, a = m.group(1), m.group(2)
    base = "O" if o.isupper() else "o"
    return base + unicodedata.normalize("NFC", a + _ON_O[o.lower()])


_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]")
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
           "\u2018": "'", "\u2019": "'", "\u201a": "'"}
_QUOTE_RE = re.compile("[" + "".join(_QUOTES) + "]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def normalize(text: str | None) -> str:
    """NFC, modern tone placement, ASCII dashes/quotes, single spaces.  Keeps case."""
    if not text:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    s = _TONE_RE.sub(lambda m: _TONE_MAP[m.group(1)], s)
    s = _MISPLACED.sub(_tone_on_a, s)
    s = _DASHES.sub("-", s)
    s = _QUOTE_RE.sub(lambda m: _QUOTES[m.group(0)], s)
    s = _SPACES.sub(" ", s)
    s = re.sub(r" *\n *", "\n", s)
    return s.strip()


def fold(text: str | None) -> str:
    """Lower case, no diacritics, đ -> d: the form used for matching typed-without-accents text."""
    if text and len(text) <= _SHORT:  # a syllable or word: the same few thousand recur in every row
        return _fold_short(text)
    return _fold(text)


_SHORT = 32


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str | None) -> str:
    s = normalize(text).lower().replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s)


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese accent (or is đ)."""
    return fold(text) != normalize(text).lower()


def squash(text: str | None) -> str:
    """Folded and stripped of punctuation/spaces around dashes: for comparing names."""
    s = fold(text)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"[\"'.,;:()]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as Python keeps them


def check_decodable(text: str, what: str = "text") -> None:
    """Raise ValueError when `text` holds raw bytes that were not UTF-8 (a terminal or a file
    in another encoding): said in one line instead of a tokenizer's type error."""
    if text and _UNDECODABLE.search(text):
        raise ValueError(f"the {what} is not valid UTF-8 text (bytes in another encoding?): "
                         "type it again, or save the file as UTF-8")

