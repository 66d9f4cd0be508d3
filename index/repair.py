"""Query repair: diacritic restoration, abbreviations written out, the plans' wording added.

Officials often type without diacritics ("ai chu tri so hoa ho tich"), in abbreviations
("CĐS", "TTHC") and in everyday words ("bà con", "online": kehoach.index.lexicon).  The
lexical channel copes with folded text by itself, but the embedding model does not: it needs
"ai chủ trì số hóa hộ tịch".  The restorer learns, from the indexed
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
from kehoach.index import lexicon as lexicon_table
from kehoach.index import telex
from kehoach.index.lexicon import QUERY_ONLY, says

_SYLLABLE = re.compile(r"[^\W_]+")

BIGRAM_WEIGHT = 8.0  # a pair seen even once outweighs a 30-fold difference in single-syllable counts
MAX_FORMS = 6  # accented forms considered per folded syllable
DOMINANT_SHARE = 0.8  # a syllable with no pair evidence is restored only to a form this common


# ---- abbreviations and everyday words (index/data/lexicon.tsv, kehoach.index.lexicon) ------
DENSE_ALTERNATIVES = 2  # plan wordings per everyday phrase appended for the embedding model (bench_lexicon.py)


def abbreviation_expansions(text: str) -> list[str]:
    """The written-out forms of the abbreviations `text` contains, in order (documents and queries)."""
    return [a for m in lexicon_table.lexicon().find(text, ("abbreviation",)) for a in m.entry.wording]


def query_expansions(text: str, restored: str | None = None) -> list[str]:
    """The plans' wording for what `text` says, not already typed: abbreviations written out,
    then the wording of its everyday phrases (queries only: "giảng dạy" in a plan must not gain
    "hướng dẫn").  `restored`: `text` with accents restored (kehoach.index.lexicon.Lexicon.find)."""
    found = lexicon_table.lexicon().find(text, restored=restored)
    first = [a for m in found if m.entry.kind == "abbreviation" for a in m.entry.wording]
    more = [a for m in found if m.entry.kind in QUERY_ONLY for a in m.entry.wording]
    return list(dict.fromkeys(a for a in first + more if not says(text, a)))


def query_rewrites(text: str, restored: str | None = None) -> list[str]:
    """`text` with one of its everyday phrases said in the plans' wording, for each phrase and
    wording ("wifi miễn phí ở chợ" -> "Internet miễn phí ở chợ", …): the wording stands in its
    place, so it is no topic of its own — unless the phrase is most of the text ("online": "trực
    tuyến" too)."""
    s = normalize(text)
    words = len(_SYLLABLE.findall(s))
    out = []
    for m in lexicon_table.lexicon().find(s, restored=restored):
        alone = 2 * len(_SYLLABLE.findall(s[m.start:m.end])) >= words  # the phrase is most of the text
        for w in m.entry.wording:
            if not says(s, w):
                out += [s[:m.start] + w + s[m.end:], *([w] if alone else [])]
    return list(dict.fromkeys(out))


def expand_abbreviations(text: str) -> str:
    """`text` with each abbreviation written out, the abbreviation kept in brackets: "CĐS" -> "chuyển đổi số (CĐS)"."""
    s = normalize(text)
    out, last = [], 0
    for m in lexicon_table.lexicon().find(s, ("abbreviation",)):
        out += [s[last:m.start], f"{m.entry.wording[0]} ({s[m.start:m.end]})"]
        last = m.end
    out.append(s[last:])
    return "".join(out)


# ---- diacritic restoration ---------------------------------------------------------------
@lru_cache(maxsize=1)
def query_words() -> tuple[str, ...]:
    return tuple(row[0] for row in read_tsv("kehoach.index", "query_words.tsv", 0))


def lexicon_words() -> list[str]:
    """The lexicon's accented phrases the restorer may learn from: "bà con", "sếp", "căn cước"."""
    out = []
    for e in lexicon_table.lexicon().entries:
        if e.kind != "spelling":
            out += [t for t in (e.phrase, *e.wording) if has_diacritics(t)]
    return out


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
        """Counts from `texts` (the indexed rows) plus the question words of data/query_words.tsv
        and the lexicon's phrases (everyday and plan wording; not its misspellings)."""
        uni: dict[str, Counter] = defaultdict(Counter)
        bi: dict[str, Counter] = defaultdict(Counter)
        for text in [*texts, *query_words(), *lexicon_words()]:
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


def restore_query(query: str, restorer: Restorer | None) -> str:
    """The query normalized, its diacritics restored when it has none at all (a query with some
    accents is taken as the user wrote it), and words typed in Telex keys taken back to the
    syllables they spell ("phoois hop" -> "phối hợp", index.telex)."""
    q = normalize(query)
    plain = not has_diacritics(q)
    q = untelex(q, restorer)  # first: "chur tri" restores as "chủ trì" once "chủ" is known
    if restorer is not None and plain:
        q = restorer.restore(q)
    return q


def untelex(text: str, restorer: Restorer | None) -> str:
    """`text` with its Telex-typed words (index.telex) replaced by the corpus's syllables."""
    return text if restorer is None else telex.repair(text, restorer.unigrams)


def repair_query(query: str, restorer: Restorer | None) -> str:
    """The text the embedding model should see: diacritics restored (`restore_query`),
    abbreviations written out, the plans' wording for everyday phrases added (the first
    DENSE_ALTERNATIVES of each, not already typed): "ai lo CĐS cho bà con" -> "ai lo chuyển đổi
    số (CĐS) cho bà con (người dân; Nhân dân)"."""
    q = restore_query(query, restorer)
    found = lexicon_table.lexicon().find(query, QUERY_ONLY, restored=q)
    extra = [a for m in found for a in [x for x in m.entry.wording if not says(q, x)][:DENSE_ALTERNATIVES]]
    extra = list(dict.fromkeys(extra))
    q = expand_abbreviations(q)
    return f"{q} ({'; '.join(extra)})" if extra else q
