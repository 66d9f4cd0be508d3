"""corpus: plan documents (txt, md, docx, pdf, xlsx, csv) -> task rows.

    from kehoach.corpus import read_corpus
    rows, errors = read_corpus()          # the bundled plans
    rows, errors = read_corpus(["plan.docx"])
"""
from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from kehoach.corpus.blocks import DocumentError
from kehoach.corpus.document import read_document
from kehoach.corpus.rows import EXPORT_KEYS, Row
from kehoach.corpus.units import canonical_units, match_unit

__all__ = ["read_corpus", "read_document", "bundled_paths", "expand_paths", "Row", "EXPORT_KEYS",
           "DocumentError", "canonical_units", "match_unit"]


def bundled_paths() -> list[Path]:
    """The plans shipped with the package (the default corpus)."""
    folder = resources.files("kehoach.corpus").joinpath("seeds")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def expand_paths(paths) -> list[Path]:
    """Files as given, folders expanded to the supported files inside them."""
    from kehoach.corpus.readers import READERS

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in READERS and f.is_file()))
        else:
            out.append(p)
    return out


def read_corpus(paths=None, progress: bool = False) -> tuple[list[Row], list[str]]:
    """Rows of every readable document, and one error line per document that was not."""
    files = bundled_paths() if paths is None else expand_paths(paths)
    rows: list[Row] = []
    errors: list[str] = []
    iterator = files
    if progress and len(files) > 5:
        from tqdm import tqdm

        iterator = tqdm(files, desc="Đọc tài liệu", unit="file", file=sys.stderr)
    for path in iterator:
        try:
            rows.extend(read_document(path))
        except DocumentError as e:
            errors.append(str(e))
    return rows, errors
