"""Query repair: diacritic restoration and abbreviation expansion.

Officials often type without diacritics ("ai chu tri so hoa ho tich") and in abbreviations
("CĐS", "TTHC").  The lexical channel copes with folded text by itself, but the embedding
model does not: it needs "ai chủ trì số hóa hộ tịch".  The restorer learns, from the indexed
rows themselves, the accented forms of every folded syllable and of every adjacent syllable
pair, and picks the most likely sequence (Viterbi; pair evidence outweighs single-syllable
frequency, so "so hoa" becomes "số hóa" and "ho so" becomes "hồ sơ").  Syllables the corpus
does not know stay as typed.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold, has_diacritics, normalize

_SYLLABLE = re.compile(r"[^\W_]+")

BIGRAM_WEIGHT = 8.0  # a pair seen even once outweighs a 30-fold difference in single-syllable counts
MAX_FORMS = 6  # accented forms considered per folded syllable
DOMINANT_SHARE = 0.8  # a syllable with no pair evidence is restored only to a form this common


# ---- abbreviations and everyday words ---------------------------------------------------
def _read_table(name: str) -> dict[str, str]:
    """Folded phrase -> expansion, from a two-column TSV under index/data/."""
    return {fold(short): normalize(expansion) for short, expansion in read_tsv("kehoach.index", name, 1)}


def _phrase_re(table: dict[str, str]) -> re.Pattern:
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) + r")(?![^\W_])")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Folded abbreviation -> expansion (index/data/abbreviations.tsv): "cds" -> "chuyển đổi số"."""
    return _read_table("abbreviations.tsv")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Folded everyday phrase -> the plans' wording (index/data/synonyms.tsv): "ba con" -> "người dân"."""
    return _read_table("synonyms.tsv")


@lru_cache(maxsize=2)
def _compiled(kind: str) -> tuple[dict[str, str], re.Pattern]:
    table = abbreviations() if kind == "abbreviations" else synonyms()
    return table, _phrase_re(table)


def _expansions(kind: str, text: str) -> list[str]:
    if not text:
        return []
    table, pattern = _compiled(kind)
    return [table[re.sub(r"\s+", " ", m.group(1))] for m in pattern.finditer(fold(text))]


def abbreviation_expansions(text: str) -> list[str]:
    """The expansions of the abbreviations `text` contains, in order (documents and queries)."""
    return _expansions("abbreviations", text)


def query_expansions(text: str) -> list[str]:
    """Abbreviation expansions plus the plans' wording for everyday phrases (queries only:
    "giảng dạy" in a plan must not gain "hướng dẫn")."""
    return abbreviation_expansions(text) + list(dict.fromkeys(_expansions("synonyms", text)))


def _aligned(text: str) -> tuple[str, str]:
    """`text` normalized and its folded form, character for character (same length)."""
    s = normalize(text)
    f = fold(s)
    if len(f) != len(s):  # a character folded into several: fall back to matching the folded text only
        s = f
    return s, f


def expand_abbreviations(text: str) -> str:
    """`text` with each abbreviation written out, the abbreviation kept in brackets: "CĐS" -> "chuyển đổi số (CĐS)"."""
    s, f = _aligned(text)
    table, pattern = _compiled("abbreviations")
    out, last = [], 0
    for m in pattern.finditer(f):
        out += [s[last:m.start()], f"{table[m.group(1)]} ({s[m.start():m.end()]})"]
        last = m.end()
    out.append(s[last:])
    return "".join(out)


# ---- diacritic restoration ---------------------------------------------------------------
@lru_cache(maxsize=1)
def query_words() -> tuple[str, ...]:
    return tuple(row[0] for row in read_tsv("kehoach.index", "query_words.tsv", 0))


def _runs(text: str) -> list[list[str]]:
    """Lower-case syllables of `text`, grouped into runs not broken by punctuation."""
    runs: list[list[str]] = []
    for chunk in re.split(r"[^\w\s]+|_", normalize(text).lower()):
        syl = _SYLLABLE.findall(chunk)
        if syl:
            runs.append(syl)
    return runs


class Restorer:
    """Restores diacritics of folded text from the accented forms seen in a corpus."""

    def __init__(self, unigrams: dict[str, dict[str, int]] | None = None,
                 bigrams: dict[str, dict[str, int]] | None = None):
        self.unigrams = unigrams or {}  # folded syllable -> {accented form: count}
        self.bigrams = bigrams or {}  # "folded folded" -> {"accented accented": count}

    @classmethod
    def from_texts(cls, texts) -> "Restorer":
        """Counts from `texts` (the indexed rows) plus the question words of data/query_words.tsv."""
        uni: dict[str, Counter] = defaultdict(Counter)
        bi: dict[str, Counter] = defaultdict(Counter)
        for text in [*texts, *query_words()]:
            for run in _runs(text):
                folded = [fold(s) for s in run]
                for s, f in zip(run, folded):
                    uni[f][s] += 1
                for i in range(len(run) - 1):
                    bi[f"{folded[i]} {folded[i + 1]}"][f"{run[i]} {run[i + 1]}"] += 1
        return cls({k: dict(v) for k, v in uni.items()}, {k: dict(v) for k, v in bi.items()})

    def restore(self, text: str) -> str:
        """`text` with each folded syllable replaced by its most likely accented form."""
        s = normalize(text)
        matches = list(_SYLLABLE.finditer(s))
        if not matches:
            return s
        choice = self._best_forms([m.group(0) for m in matches], [
            i > 0 and not s[matches[i - 1].end():m.start()].strip() for i, m in enumerate(matches)])
        out, last = [], 0
        for m, form in zip(matches, choice):
            out += [s[last:m.start()], _same_case(m.group(0), form)]
            last = m.end()
        out.append(s[last:])
        return "".join(out)

    def _candidates(self, typed: str) -> list[tuple[str, float]]:
        low = typed.lower()
        if has_diacritics(low):
            return [(low, 0.0)]
        forms = self.unigrams.get(fold(low))
        if not forms:
            return [(low, 0.0)]  # unknown to the corpus: stays as typed
        best = sorted(forms.items(), key=lambda kv: -kv[1])[:MAX_FORMS]
        return [(f, math.log1p(c)) for f, c in best]

    def _best_forms(self, typed: list[str], joined: list[bool]) -> list[str]:
        """Viterbi over candidate forms; `joined[i]` says syllable i follows i-1 with no punctuation."""
        cands = [self._candidates(t) for t in typed]
        score = [e for _, e in cands[0]]
        back: list[list[int]] = []
        for i in range(1, len(typed)):
            pair = self.bigrams.get(f"{fold(typed[i - 1])} {fold(typed[i])}", {}) if joined[i] else {}
            new, ptr = [], []
            for form, emit in cands[i]:
                best_j, best = 0, -math.inf
                for j, (prev, _) in enumerate(cands[i - 1]):
                    v = score[j] + BIGRAM_WEIGHT * math.log1p(pair.get(f"{prev} {form}", 0))
                    if v > best:
                        best_j, best = j, v
                new.append(best + emit)
                ptr.append(best_j)
            score, back = new, back + [ptr]
        k = max(range(len(score)), key=score.__getitem__)
        path = [k]
        for ptr in reversed(back):
            k = ptr[k]
            path.append(k)
        path.reverse()
        forms = [cands[i][k][0] for i, k in enumerate(path)]
        return [f if self._confident(forms, typed, joined, i) else typed[i].lower() for i, f in enumerate(forms)]

    def _confident(self, forms: list[str], typed: list[str], joined: list[bool], i: int) -> bool:
        """A restored syllable stands when a pair with a neighbour was seen in the corpus, or,
        alone, when one accented form dominates ("của"); otherwise ("ba", "day") it stays as typed."""
        for a in (i - 1, i):
            if a >= 0 and a + 1 < len(forms) and joined[a + 1]:
                seen = self.bigrams.get(f"{fold(typed[a])} {fold(typed[a + 1])}", {})
                if seen.get(f"{forms[a]} {forms[a + 1]}", 0):
                    return True
        counts = self.unigrams.get(fold(typed[i]), {})
        total = sum(counts.values())
        return total > 0 and counts.get(forms[i], 0) >= DOMINANT_SHARE * total

    # ---- persistence ----------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"unigrams": self.unigrams, "bigrams": self.bigrams}, ensure_ascii=False),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Restorer":
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(d["unigrams"], d["bigrams"])


def _same_case(typed: str, form: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return form.upper()
    if typed[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def repair_query(query: str, restorer: Restorer | None) -> str:
    """The text the embedding model should see: diacritics restored (only when the query has
    none at all: a query with some accents is taken as the user wrote it), abbreviations
    written out, the plans' wording for everyday phrases added: "day ba con dung dien thoai"
    -> "dạy bà con dùng điện thoại (hướng dẫn, đào tạo; người dân)"."""
    q = normalize(query)
    if restorer is not None and not has_diacritics(q):
        q = restorer.restore(q)
    extra = list(dict.fromkeys(_expansions("synonyms", q)))
    q = expand_abbreviations(q)
    return f"{q} ({'; '.join(extra)})" if extra else q
