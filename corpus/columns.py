"""Column roles from header cells: each cell scored against the role lexicon.

The lexicon is data (corpus/data/columns.tsv: role, language, phrase, weight, match), so a new
way of naming a column is a line there, not code.  A header cell is compared with its
accents when it has them ("Mã nhiệm vụ" is not "mà"), folded when it was typed without.
Text in brackets is dropped ("DURATION (Days)", "Mã Nhiệm vụ (NV)").

A header row names the task and at least one thing about it (who, when, what comes out, how
far along) and is made of labels: data rows fail that however many label-like words they
hold.  The values below a header then confirm or correct each role (corpus/content.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold, has_diacritics, normalize

ROLES = ("stt", "stt_detail", "task", "lead", "partners", "directing", "output", "deadline", "start", "status",
         "code", "group", "measure", "cost", "funding", "notes", "refs", "depends")
# A task table says who does the task, when, what comes out or how far it is: a header naming
# none of these beside the task is another table (a list of indicators, a dependency chart).
QUALIFYING = ("lead", "partners", "directing", "deadline", "output", "status")
# A header naming the task this plainly ("Nội dung nhiệm vụ", "Tên nhiệm vụ") heads a list of
# tasks even with no other column (a plan's prose typed as a table): its headings and text say
# who does each task and when.
TASK_LIST = 2.0
MAX_HEADER_WORDS = 10  # header cells are short; a longer cell is data, whatever words it has
SUBHEADER_OTHER_WORDS = 3  # a sub-header cell naming no role ('Tổng số', 'Nguồn vốn') is this short
_PARENS = re.compile(r"\([^()]*\)")
_PUNCT = re.compile(r"[\"'.,;:()*\[\]]+")


@dataclass(frozen=True)
class Phrase:
    role: str
    language: str
    words: tuple[str, ...]  # lower case, with accents
    folded: tuple[str, ...]
    weight: float
    whole_cell: bool

    @property
    def text(self) -> str:
        return " ".join(self.words)


@lru_cache(maxsize=1)
def lexicon() -> tuple[Phrase, ...]:
    out = []
    for role, language, phrase, weight, match in read_tsv("kehoach.corpus", "columns.tsv"):
        words = tuple(_tokens(_plain(phrase)))
        out.append(Phrase(role, language, words, tuple(_tokens(fold(" ".join(words)))), float(weight),
                          match == "cell"))
    return tuple(out)


def _plain(text: str) -> str:
    """Lower case with accents, no bracketed text or punctuation: the form cells are matched in."""
    s = _PARENS.sub(" ", normalize(text)).lower()
    s = re.sub(r"\s*-\s*", " ", s)
    return re.sub(r"\s+", " ", _PUNCT.sub(" ", s)).strip()


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s/&]+", text) if t]


@lru_cache(maxsize=2)
def _by_first_word(accented: bool) -> dict[str, tuple[Phrase, ...]]:
    out: dict[str, list[Phrase]] = {}
    for phrase in lexicon():
        words = phrase.words if accented else phrase.folded
        out.setdefault(words[0], []).append(phrase)
    return {w: tuple(ps) for w, ps in out.items()}


@dataclass
class CellRoles:
    """What one header cell says: a score per role, the phrase behind each, whether the cell
    is wholly made of lexicon phrases (a certain label)."""
    text: str
    words: int = 0  # words of the label, bracketed text left out
    scores: dict[str, float] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    exact: bool = False

    @property
    def best(self) -> str | None:
        if not self.scores:
            return None
        return max(self.scores, key=lambda r: self.scores[r])  # insertion order breaks ties


def cell_roles(cell: str, loose: bool = True) -> CellRoles:
    """Score `cell` against the lexicon.  Not `loose`: only a cell made wholly of lexicon
    phrases names roles.  A cell with digits or a colon, or longer than MAX_HEADER_WORDS, is
    data ("Chủ trì: Phòng Kinh tế", "Hoàn thành năm 2025")."""
    out = CellRoles(cell)
    plain = _plain(cell)
    accented = has_diacritics(plain)
    words = _tokens(plain if accented else fold(plain))
    out.words = len(words)
    if not words or len(words) > MAX_HEADER_WORDS:
        return out
    covered = [False] * len(words)
    matches: list[tuple[Phrase, int]] = []
    starting = _by_first_word(accented)
    for at, word in enumerate(words):
        for phrase in starting.get(word, ()):
            target = phrase.words if accented else phrase.folded
            if tuple(words[at:at + len(target)]) != target or (phrase.whole_cell and len(target) != len(words)):
                continue
            if all(p is not phrase for p, _ in matches):
                matches.append((phrase, at))
    for phrase, at in matches:
        for i in range(at, at + len(phrase.words)):
            if i < len(covered):
                covered[i] = True
    out.exact = all(covered) and any(p.role != "filler" for p, _ in matches)
    if not out.exact and (not loose or len(words) > MAX_HEADER_WORDS or re.search(r"[\d:]", cell)):
        return out
    order = {id(p): n for n, p in enumerate(lexicon())}
    for phrase, _ in sorted(matches, key=lambda m: (-m[0].weight, order[id(m[0])])):  # ties: the table's order
        if phrase.role != "filler" and phrase.role not in out.scores:
            out.scores[phrase.role] = phrase.weight
            out.phrases[phrase.role] = phrase.text
    return out


def header_field(cell: str, loose: bool = True) -> str | None:
    """The role a header cell names by its words, or None."""
    return cell_roles(cell, loose).best


@dataclass
class HeaderRow:
    """A row of labels: per column its scored roles, and the roles taken by header alone."""
    cells: dict[int, CellRoles]
    roles: dict[int, str]

    @property
    def qualifies(self) -> bool:
        named = set(self.roles.values())
        return "task" in named and bool(named.intersection(QUALIFYING))


def assign(claims: dict[int, dict[str, float]]) -> dict[int, str]:
    """One column per role and one role per column: the heaviest claims first, ties to the
    leftmost column; a column whose best role is taken falls back to its next one."""
    ranked = sorted(((score, -i, role) for i, roles in claims.items() for role, score in roles.items()
                     if score > 0), reverse=True)
    out: dict[int, str] = {}
    for _, neg_i, role in ranked:
        i = -neg_i
        if i in out or role in out.values():
            continue
        out[i] = role
    return dict(sorted(out.items()))


def read_header(cells: list[str]) -> HeaderRow | None:
    """The row as a header, when it is one: mostly labels (three certain labels, or the
    cells naming nothing outnumbered by two, or a numbering label 'STT' — no data row has
    one), at least two of them roles."""
    scored: dict[int, CellRoles] = {}
    named = unnamed = exact = 0
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        roles = cell_roles(cell)
        if not roles.scores:
            unnamed += 1
            continue
        scored[i] = roles
        named += 1
        exact += roles.exact
    numbering_label = any(c.exact and c.best == "stt" for c in scored.values())
    if named < 2 or not (exact >= 3 or unnamed <= named - 2 or numbering_label):
        return None
    return HeaderRow(scored, assign({i: c.scores for i, c in scored.items()}))


def header_fields(cells: list[str]) -> dict[int, str] | None:
    """Column index -> role when `cells` is the header of a task table, else None."""
    header = read_header(cells)
    return header.roles if header and header.qualifies else None


def subheader_fields(cells: list[str]) -> dict[int, str] | None:
    """A second header row under a first one: cells that subdivide a column of it (Nghĩa
    Thọ: 'TT' | 'Chi tiết'; 'Chủ trì' | 'Phối hợp' under a merged 'Đơn vị thực hiện';
    'Bắt đầu' | 'Hoàn thành' under 'Thời gian thực hiện', beside 'Tổng số' | 'Nguồn vốn'
    under 'Kinh phí').  Every filled cell must be a certain label, or a short label of a
    column nobody asks about (no digits) beside at least two certain ones: a heading row
    under the header ('A. NHIỆM VỤ CHUNG') is not a sub-header."""
    filled = {i: c for i, c in enumerate(cells) if c.strip()}
    found = {i: cell_roles(c, loose=False) for i, c in filled.items()}
    certain = {i: r.best for i, r in found.items() if r.exact and r.best}
    others = [c for i, c in filled.items() if i not in certain]
    if certain and (not others or len(certain) >= 2 and all(
            len(c.split()) <= SUBHEADER_OTHER_WORDS and not re.search(r"\d", c) for c in others)):
        return certain
    return None


def apply_subheader(columns: dict[int, str], sub: dict[int, str]) -> dict[int, str]:
    """The columns after a sub-header row: each sub-cell names its column, and a role it
    takes is no longer claimed by another column ('Đơn vị thực hiện' over 'Chủ trì' |
    'Phối hợp' -> lead, partners).  A repeated numbering cell ('TT' under 'STT') changes
    nothing."""
    out = dict(columns)
    for i, name in sub.items():
        if name == "stt" and i in out:
            continue
        for j in [j for j, f in out.items() if f == name and j != i]:
            del out[j]
        out[i] = name
    return out
