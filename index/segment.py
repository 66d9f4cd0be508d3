"""Word segmentation (underthesea) and the folded syllable/code splitting the lexical channel uses.

underthesea is imported lazily (it costs seconds) and each text is segmented once (lru_cache).
Document codes such as "57-NQ/TW", "71/NQ-CP", "348/KH-UBND" or "1Gb/s" would be cut into
pieces ("57 - NQ / TW"); underthesea's `fixed_words` keeps them whole, so a code is one token
everywhere.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kehoach.corpus.normalize import fold, normalize

# A code: word pieces joined by "/" or "-" (no spaces), holding a digit and at least one "/".
# "57-NQ/TW", "06/CP", "1Gb/s", "22/12/2024"; not "Chương trình/Kế hoạch" (no digit).
_CODE_RE = re.compile(r"(?<![\w/-])(?=[\w/-]*\d)(?=[\w-]*/)\w+(?:[/-]\w+)+(?![\w/-])")
_SYLLABLE_RE = re.compile(r"[^\W_]+")


def codes(text: str) -> list[str]:
    """Document codes in `text`, as written."""
    return _CODE_RE.findall(normalize(text))


@lru_cache(maxsize=200_000)
def segment(text: str) -> tuple[str, ...]:
    """underthesea words of `text` (syllables of a word joined by spaces), codes kept whole."""
    from underthesea import word_tokenize

    s = normalize(text)
    if not s.strip():
        return ()
    return tuple(word_tokenize(s, fixed_words=codes(s)))


def segmented_text(text: str) -> str:
    """The form PhoBERT-style models expect: syllables of a word joined by "_"."""
    return " ".join(w.replace(" ", "_") for w in segment(text))


def syllables(text: str) -> list[str]:
    """Folded syllables (letters/digits runs) of `text`, in order.  "Số hóa" -> ["so", "hoa"]."""
    return _SYLLABLE_RE.findall(fold(text))


def folded_codes(text: str) -> list[str]:
    """Folded document codes of `text`: "57-NQ/TW" -> "57-nq/tw"."""
    return [fold(c) for c in codes(text)]


def folded_words(text: str) -> list[str]:
    """Multi-syllable segmented words, folded and joined by "_" ("cơ sở dữ liệu" -> "co_so_du_lieu").

    Single-syllable words are left out: they are already syllable tokens.  Codes are left out:
    `folded_codes` gives them.
    """
    out = []
    for w in segment(text):
        parts = syllables(w)
        if len(parts) > 1 and not _CODE_RE.fullmatch(w):
            out.append("_".join(parts))
    return out
