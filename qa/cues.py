"""The question tables of qa/data, loaded once: cues and role words (cues.tsv, roles.tsv),
fillers (fillers.tsv), the fields and their precedence (fields.tsv).

Kept apart from qa.intent (which applies them) so the frame (qa.frame) and the parser share one
copy of each table and of the field groups.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.qa.text import Phrase

SET_FIELDS = ("count", "list", "rank", "communes")  # answered from a set of rows
SINGLE_FIELDS = ("lead", "partners", "deadline", "output", "funding")  # answered from one row's cell
FIELD_ROLES = {"lead": "lead", "partners": "partner"}  # a field's cue said of a unit: its role


@dataclass(frozen=True)
class Cue:
    kind: str  # cue | role | filler
    field: str  # cues: field (or who/what/most/communes/none); roles: the `who` field; fillers: scope
    strength: int
    phrase: Phrase
    role: str = ""  # roles: lead | partner | any
    reach: str = "any"  # roles: any | near
    part: str = ""  # cues: the part of the field's cell asked ("duration", "measure": cues.tsv "deadline:duration")


OPENING_HAN = Cue("cue", "deadline", 1, Phrase("han", "folded"))


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    out = [Cue("cue", f, int(s), Phrase(p, m, c), part=part)
           for asked, s, m, c, p in read_tsv("kehoach.qa", "cues.tsv") for f, _, part in [asked.partition(":")]]
    out += [Cue("role", who, 1, Phrase(p, m), role, reach)
            for role, who, m, reach, p in read_tsv("kehoach.qa", "roles.tsv")]
    return tuple(out)


@lru_cache(maxsize=1)
def fillers() -> tuple[Cue, ...]:
    return tuple(Cue("filler", scope, 0, Phrase(p, m)) for scope, m, p in read_tsv("kehoach.qa", "fillers.tsv"))


@lru_cache(maxsize=1)
def precedence() -> dict[str, int]:
    """Field -> rank (0 wins)."""
    return {row[0]: i for i, row in enumerate(read_tsv("kehoach.qa", "fields.tsv"))}


@lru_cache(maxsize=1)
def answer_columns() -> dict[str, str | None]:
    """Field -> the row column a field question is answered from."""
    return {row[0]: (None if row[1] == "-" else row[1]) for row in read_tsv("kehoach.qa", "fields.tsv")}
