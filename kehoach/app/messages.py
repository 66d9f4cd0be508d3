"""Why a document could not be used, said in Vietnamese for the app's users.

The readers and the index word their refusals in English for the command line; the app
shows the same refusals through one table (kehoach.corpus data `errors_vi.tsv`), so a new
reader message needs a line there, not a change here.
"""
from __future__ import annotations

import functools
import re

from kehoach.corpus.datafiles import read_tsv

FALLBACK = "Không đọc được tệp ({detail})."


@functools.lru_cache(maxsize=1)
def _table() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern), message) for pattern, message in read_tsv("kehoach.corpus", "errors_vi.tsv")]


def document_error_vi(message: str) -> str:
    """The Vietnamese line for a reader's or the index's English refusal of a document."""
    for pattern, text in _table():
        m = pattern.search(message)
        if m:
            return text.format(**{k: v for k, v in m.groupdict().items() if v is not None})
    return FALLBACK.format(detail=message)
