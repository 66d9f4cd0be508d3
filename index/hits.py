"""Hits: a row as a search (or a filter) returned it, with its rank and scores.

The one shape every consumer reads — kehoach.qa, the app, the CLI's JSON — so nobody
guesses at dictionary keys.  `to_dict()` is the flat JSON form (the export keys + rank,
score, dense) that `kehoach search --json` prints and ../shared/eval/score.py reads.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from kehoach.corpus.rows import EXPORT_KEYS, Row

HIT_KEYS = (*EXPORT_KEYS, "rank", "score", "dense")


@dataclass(frozen=True)
class Hit:
    row: Row
    rank: int
    score: float  # fused score in [0, 1]; 1.0 for a row taken by a filter rather than a search
    dense: float | None = None  # the raw cosine of the dense channel (None: not searched)

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def searched(self) -> bool:
        """Was this row scored against a query (or only selected by filters)?"""
        return self.dense is not None

    def ranked(self, rank: int) -> "Hit":
        return replace(self, rank=rank)

    def to_dict(self) -> dict:
        d = self.row.to_dict()
        d.update(rank=self.rank, score=self.score, dense=self.dense)
        return d


def selected(rows: Iterable[Row]) -> list[Hit]:
    """Rows chosen by filters (count/list answers), as hits ranked in their order."""
    return [Hit(r, i, 1.0) for i, r in enumerate(rows, 1)]


def renumber(hits: Iterable[Hit]) -> list[Hit]:
    """The hits ranked 1.. in their order (after they were filtered or reordered)."""
    return [h.ranked(i) for i, h in enumerate(hits, 1)]


def hits_frame(hits: Iterable[Hit]):
    """Hits as a pandas DataFrame: the export keys, rank, score, dense (what `search` returns)."""
    import pandas as pd

    return pd.DataFrame([h.to_dict() for h in hits], columns=list(HIT_KEYS))
