"""The kinds of body that issue plans (corpus/data/issuers.tsv), and the commune-level ones.

One table for everything that needs to know that "xã", "phường", "thị trấn" and "đặc khu" are
commune-level places: reading a letterhead, taking "xã" off a unit or commune name typed in a
question, and writing a place back into a sentence.
"""
from __future__ import annotations

import re

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold

# kind -> (level, how rows cite it)
KINDS = {kind: (level, cited) for kind, level, cited in read_tsv("kehoach.corpus", "issuers.tsv", columns=3)}
LOCAL_LEVELS = ("commune", "ward", "town", "special_zone")
LOCAL_KINDS = tuple(k for k, (level, _) in KINDS.items() if level in LOCAL_LEVELS)  # xã, phường, thị trấn, đặc khu
LOCAL_FOLDED = tuple(sorted((fold(k) for k in LOCAL_KINDS), key=len, reverse=True))
_LEADING = re.compile(rf"^(?:{'|'.join(LOCAL_FOLDED)})\s+")
_LEADING_ANY_CASE = re.compile(rf"^(?:{'|'.join(sorted(LOCAL_KINDS, key=len, reverse=True))})\s", re.IGNORECASE)


def without_kind(folded_name: str) -> str:
    """'xa nghia son' -> 'nghia son' (a folded name)."""
    return _LEADING.sub("", folded_name)


def place(name: str) -> str:
    """A commune named in a sentence: 'Nghĩa Sơn' -> 'xã Nghĩa Sơn'; 'phường 5' stays."""
    return name if _LEADING_ANY_CASE.match(name) else f"xã {name}"
