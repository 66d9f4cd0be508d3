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


def expand_paths(paths, skipped: list | None = None) -> list[Path]:
    """Files as given, folders expanded to the supported files inside them (links to folders
    are not followed, so a link loop cannot recurse).  With `skipped`, each file or folder
    left out is appended to it as (path, reason): nothing is dropped without a word."""
    import os

    from kehoach.corpus.readers import READERS, SUPPORTED
    from kehoach.corpus.readers.unsupported import unsupported_message

    def skip(path: Path, why: str) -> None:
        if skipped is not None:
            skipped.append((path, why))

    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)  # a file, or a missing one: its reader says what is wrong
            continue
        found: list[Path] = []
        for root, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            for d in dirs:
                if os.path.islink(os.path.join(root, d)):
                    skip(Path(root, d), "is a link to a folder: not followed (give the folder itself)")
            for name in sorted(names):
                f = Path(root, name)
                if f.suffix.lower() in READERS and f.is_file():
                    found.append(f)
                elif not f.exists():
                    skip(f, "is a broken link or a link loop")
                else:
                    skip(f, (unsupported_message(f) or f"{f.name} is not a plan document this tool reads "
                             f"(supported: {', '.join(SUPPORTED)})").removeprefix(f"{f.name} "))
        if not found and not any(s[0].is_relative_to(p) for s in skipped or []):
            skip(p, "is an empty folder: no documents in it")
        elif not found:
            skip(p, f"holds no document this tool reads (supported: {', '.join(SUPPORTED)})")
        out.extend(found)
    return out


def read_corpus(paths=None, progress: bool = False) -> tuple[list[Row], list[str]]:
    """Rows of every readable document, and one error line per document that was not (and
    per file a folder held that is not a document)."""
    skipped: list[tuple[Path, str]] = []
    files = bundled_paths() if paths is None else expand_paths(paths, skipped=skipped)
    rows: list[Row] = []
    errors: list[str] = [f"{p}: {why}" for p, why in skipped]
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
