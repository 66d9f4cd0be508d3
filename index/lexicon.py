"""The everyday <-> plan wording lexicon (index/data/lexicon.tsv) and how a text's phrases are found.

People type "bà con", "online", "lên mạng", "căn cước"; the plans say "người dân", "trực tuyến",
"môi trường số", "định danh điện tử".  Each entry maps an everyday phrase to the plans' wording
(one or more alternatives).  The table is data; this module only finds entries in a text:

- whole syllables only ("app" never fires inside "apple", "AI" never inside "MAIL"), with the
  same punctuation between them as the entry has ("VH-XH", and no comma inside a phrase);
- the longest entry wins where entries overlap, left to right ("dạy người dân" before "dạy");
- a syllable typed without accents matches any accents ("ba con" -> "bà con"), one typed with
  accents only the same ones ("thương mại" must not fire "thưởng");
- entries marked "case" only as written ("AI", never the question word "ai").

Abbreviation entries are written out in documents too (kehoach.index.lexical.document_tokens);
the others only in queries, so a plan's own "giảng dạy" never gains "hướng dẫn".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from kehoach.corpus.datafiles import parse_tsv, read_tsv
from kehoach.corpus.normalize import fold, has_diacritics, normalize

KINDS = ("synonym", "narrower", "broader", "spelling", "abbreviation")
QUERY_ONLY = ("synonym", "narrower", "broader", "spelling")
MATCH_MODES = ("", "case")
COLUMNS = 5  # everyday, plan wording, kind, match, note

_SYLLABLE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Entry:
    """One line of the lexicon."""

    phrase: str  # the everyday phrase, as written in the table (normalized)
    wording: tuple[str, ...]  # the plans' wording: alternatives, the usual one first
    kind: str
    case: bool = False  # matched only as written (capitals)
    note: str = ""

    @property
    def syllables(self) -> tuple[str, ...]:
        return tuple(_SYLLABLE.findall(self.phrase))


@dataclass(frozen=True)
class Match:
    start: int  # character span of the matched text
    end: int
    entry: Entry


def parse(rows: Iterable[list[str]]) -> tuple[Entry, ...]:
    """Entries from table rows; ValueError naming the first malformed one."""
    out = []
    for n, row in enumerate(rows, 1):
        if len(row) != COLUMNS:
            raise ValueError(f"lexicon row {n}: {len(row)} columns, expected {COLUMNS}: {row!r}")
        phrase, wording, kind, match, note = (c.strip() for c in row)
        alts = tuple(normalize(a) for a in wording.split(" | ") if a.strip())
        if not phrase or not _SYLLABLE.search(phrase) or not alts:
            raise ValueError(f"lexicon row {n}: empty phrase or wording: {row!r}")
        if kind not in KINDS or match not in MATCH_MODES:
            raise ValueError(f"lexicon row {n}: kind {kind!r} / match {match!r} not allowed")
        out.append(Entry(normalize(phrase), alts, kind, match == "case", note))
    return tuple(out)


def _separators(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """What stands between consecutive syllables, spaces ignored ("VH-XH" -> ["-"])."""
    return [re.sub(r"\s+", "", text[a[1]:b[0]]) for a, b in zip(spans, spans[1:])]


class Lexicon:
    """Entries indexed by their folded syllables (a trie), for left-to-right longest matching."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = tuple(entries)
        self._trie: dict = {}
        for e in self.entries:
            node = self._trie
            for s in e.syllables:
                node = node.setdefault(fold(s), {})
            node.setdefault(None, []).append(
                (e, [s.lower() for s in e.syllables], _separators(e.phrase, [m.span() for m in _SYLLABLE.finditer(e.phrase)])))

    def find(self, text: str, kinds: Iterable[str] = KINDS, restored: str | None = None) -> list[Match]:
        """Entries of the given kinds found in `text`, left to right, longest first, no overlaps.

        `restored`: `text` with its accents restored (kehoach.index.repair.Restorer: the same
        syllables).  A one-syllable entry then matches an unaccented syllable only when the
        restorer left it unaccented or gave it the entry's accents ("thuong mai" is "thương mại",
        so "thưởng" stays out); longer entries are specific enough to match on the typed letters
        ("so do" is "sổ đỏ" whatever the restorer made of it)."""
        kinds = frozenset(kinds)
        s = normalize(text)
        found = list(_SYLLABLE.finditer(s))
        typed = [m.group(0) for m in found]
        accents = _SYLLABLE.findall(normalize(restored)) if restored else []
        if len(accents) != len(typed):
            accents = typed
        folded = [fold(t) for t in typed]
        seps = _separators(s, [m.span() for m in found])
        out, i = [], 0
        while i < len(typed):
            best, node, j = None, self._trie, i
            while j < len(typed) and folded[j] in node:
                node = node[folded[j]]
                j += 1
                for entry, syl, esep in node.get(None, ()):
                    if entry.kind in kinds and seps[i:j - 1] == esep and self._same(
                            entry, syl, typed[i:j] if j - i > 1 or entry.case else accents[i:j]):
                        best = (j, entry)
                        break
            if best is None:
                i += 1
                continue
            j, entry = best
            out.append(Match(found[i].start(), found[j - 1].end(), entry))
            i = j
        return out

    @staticmethod
    def _same(entry: Entry, syllables: list[str], typed: list[str]) -> bool:
        if entry.case:
            return list(typed) == list(entry.syllables)
        for t, e in zip(typed, syllables):
            t = t.lower()
            if has_diacritics(t) and t != e:
                return False
        return True  # folded forms are equal (trie), accents agree where typed


def says(text: str, phrase: str) -> bool:
    """Does `text` already hold `phrase` (whole syllables, accents and case ignored)?  Such a
    wording adds nothing to a query: "di sản văn hóa số" gains no "di sản văn hóa"."""
    t, p = fold(" ".join(_SYLLABLE.findall(normalize(text)))), fold(" ".join(_SYLLABLE.findall(normalize(phrase))))
    return bool(p) and f" {p} " in f" {t} "


@lru_cache(maxsize=1)
def _table() -> Lexicon:
    return Lexicon(parse(read_tsv("kehoach.index", "lexicon.tsv")))


_in_use: list[Lexicon] = []


def lexicon() -> Lexicon:
    """The lexicon in use: the project's (index/data/lexicon.tsv) unless `use` set another."""
    return _in_use[-1] if _in_use else _table()


def use(lex: Lexicon | None) -> None:
    """Apply `lex` instead of the project's table from now on (None: back to the table).
    For benchmarks and tests that measure or pin down what a table does; an index built under
    one lexicon carries its abbreviations in its lexical counts, so rebuild those after a swap."""
    _in_use[:] = [lex] if lex is not None else []


def from_text(text: str) -> Lexicon:
    """A lexicon from TSV text in the table's format (tests, benchmarks)."""
    return Lexicon(parse(parse_tsv(text)))
