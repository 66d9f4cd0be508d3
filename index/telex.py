"""Telex slips: a word typed with the Vietnamese keyboard's keys but without its input method.

Officials type with Telex (Unikey, the phone keyboards): "phối" is typed p-h-o-o-i-s.  When the
input method is off, or lags in a chat box, the keys stay as letters: "phoois hop", "chur tri",
"truwowngf hocj".  Such a word is no syllable at all, so neither channel finds anything with it.

The keys say which marks the word wants: a doubled vowel (aa, ee, oo) a circumflex, "w" a horn
or breve, "dd" the stroke of đ, and a tone key (s f r x j) after the first vowel its tone —
Vietnamese syllables never end in those letters.  The word is taken back to the accented form
the corpus knows with exactly those marks ("phoi" + circumflex + acute = "phối").  A word the
corpus already knows as typed, or with no form carrying those marks ("facebook", "apps"),
stays as it is.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
CIRCUMFLEX, BREVE, HORN, STROKE = "\u0302", "\u0306", "\u031b", "stroke"
VOWELS = "aeiouy"
_WORD = re.compile(r"(?<![^\W_])[a-zA-Z]{2,10}(?![^\W_])")


def keys(word: str) -> tuple[str, Counter] | None:
    """The plain letters and the marks a Telex-typed `word` asks for ("phoois" -> "phoi",
    {circumflex, acute}); None when it asks for none."""
    t = word.lower()
    first = next((i for i, c in enumerate(t) if c in VOWELS), None)
    if first is None:
        return None
    marks: Counter = Counter()
    head, rest = t[:first], ""
    for c in t[first:]:
        if c in TONE_KEYS:
            marks[TONE_KEYS[c]] += 1
        else:
            rest += c
    if head.startswith("dd"):
        head, marks[STROKE] = head[1:], marks[STROKE] + 1
    for double in ("aa", "ee", "oo"):
        if double in rest:
            rest, marks[CIRCUMFLEX] = rest.replace(double, double[0], 1), marks[CIRCUMFLEX] + 1
    if "w" in rest:
        rest = rest.replace("w", "")
        if "uo" in rest:
            marks[HORN] += 2  # "uow": ươ
        elif "o" in rest or "u" in rest:
            marks[HORN] += 1
        elif "a" in rest:
            marks[BREVE] += 1
        else:
            return None
    if not marks or sum(marks[m] for m in TONE_KEYS.values()) > 1:
        return None
    return head + rest, marks


def marks_of(form: str) -> Counter:
    """The marks an accented form carries (the stroke of đ counted as one)."""
    marks = Counter(c for c in unicodedata.normalize("NFD", form.lower()) if unicodedata.combining(c))
    if "đ" in form.lower():
        marks[STROKE] += form.lower().count("đ")
    return marks


def repair(text: str, forms: dict[str, dict[str, int]]) -> str:
    """`text` with each Telex-typed word replaced by the known form it asks for.  `forms`:
    folded syllable -> {accented form: count} (kehoach.index.repair.Restorer.unigrams)."""

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if word.lower() in forms:
            return word  # a syllable as typed ("so", "tri")
        if len(word) > 2 and word[-1].lower() == word[-2].lower() and word[:-1].lower() in forms:
            return word[:-1]  # a key hit twice: "phoi hopp"
        wanted = keys(word)
        if wanted is None:
            return word
        plain, marks = wanted
        found = [(n, f) for f, n in (forms.get(plain) or {}).items() if marks_of(f) == marks]
        if not found:
            return word
        form = max(found)[1]
        return form.upper() if word.isupper() and len(word) > 1 else form[:1].upper() + form[1:] if word[:1].isupper() else form

    return _WORD.sub(fix, text)
