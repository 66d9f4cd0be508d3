"""kehoach: search and question answering over Vietnamese commune plans.

The small public API a notebook needs:

    import kehoach
    rows = kehoach.read_rows()                 # DataFrame of task rows (bundled corpus)
    idx = kehoach.Index.open()                 # load the index, building it if missing
    idx.search("ai chu tri so hoa ho tich")    # DataFrame of hits
    kehoach.ask("ai chủ trì số hóa hộ tịch", index=idx)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kehoach import settings as _settings

_settings.switch_off_telemetry()  # before any library that reports usage can be imported

__all__ = ["read_rows", "Index", "ask"]

if TYPE_CHECKING:  # pragma: no cover
    from kehoach.index.search import Index
    from kehoach.qa.answer import ask


def read_rows(paths=None):
    """Parse documents (default: the bundled corpus) into a DataFrame of task rows."""
    import pandas as pd

    from kehoach.corpus import EXPORT_KEYS, read_corpus

    rows, _errors = read_corpus(paths)
    return pd.DataFrame([r.to_dict() for r in rows], columns=list(EXPORT_KEYS))


def __getattr__(name: str) -> Any:
    # Imported lazily: torch, faiss and underthesea cost seconds to import.
    if name == "Index":
        from kehoach.index.search import Index

        return Index
    if name == "ask":
        from kehoach.qa.answer import ask

        return ask
    raise AttributeError(name)
