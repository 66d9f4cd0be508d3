"""How Vietnamese a text looks: the share of its words that are valid Vietnamese syllables.

Used to tell a right decoding from a wrong one (kehoach.corpus.readers.encoding): TCVN3 or VNI
bytes read as UTF-8 give words no Vietnamese syllable can be.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ ưa ưi ưu ươ uy yê "
    "iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu yêu uêu"
).split()
_SYLLABLE = re.compile(
    "^" + _ONSET + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")(?:ch|ng|nh|[cmnpt])?$"
)
_EDGE_PUNCT = "\"'()[]{}.,;:!?…-–—/%*“”‘’«»<>"
# frequent words of the plans: a decoding that produces them is almost surely right
_FREQUENT = frozenset(
    "của và các xã những được trong thực hiện nhiệm vụ chuyển đổi số đơn vị chủ trì phối hợp "
    "kế hoạch năm theo người dân ủy ban nhân việc với cho về công tác triển khai phát triển "
    "khoa học công nghệ đổi mới sáng tạo hoàn thành thời gian nội dung phòng văn hóa".split()
)
_VIET_SPECIFIC = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_HIGH_LATIN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
# control bytes no legacy text holds (tab/newline/CR/FF/^Z, and the VN1 capitals at
# 01 02 04-06 11-17, are allowed)
_LEGACY_CONTROLS = re.compile(rb"[\x00\x03\x07\x08\x0b\x0e-\x10\x18\x19\x1b-\x1f\x7f]")


@dataclass
class Score:
    valid: float  # share of the words with non-ASCII letters that are Vietnamese syllables
    frequent: int  # how many frequent plan words appear
    considered: int


def is_syllable(word: str) -> bool:
    """A (lower-case or not) word is one well-formed Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(decomposed.count(t) for t in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(bare))


def score_text(text: str, limit: int = 4000) -> Score:
    """How Vietnamese a decoding looks (only the words that carry non-ASCII letters count)."""
    considered = valid = frequent = 0
    for raw in text.split()[:limit]:
        w = raw.strip(_EDGE_PUNCT)
        if not w:
            continue
        low = w.lower()
        if low in _FREQUENT:
            frequent += 1
        if w.isascii():
            continue
        considered += 1
        valid += is_syllable(w)
    return Score(valid / considered if considered else 0.0, frequent, considered)


def convincing(s: Score) -> bool:
    """Does a decoding look like Vietnamese plan text?"""
    return s.considered > 0 and (s.valid >= 0.75 or (s.valid >= 0.5 and s.frequent >= 3))
