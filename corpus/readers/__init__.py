"""Readers: one per file format, all producing the same RawDocument (corpus/blocks.py)."""
from __future__ import annotations

import importlib
from pathlib import Path

from kehoach.corpus.blocks import DocumentError, RawDocument

from kehoach import settings

# suffix -> module under corpus.readers that defines read(path) -> RawDocument
READERS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "sheet",
    ".xlsm": "sheet",
    ".csv": "sheet",
    ".doc": "office",
    ".rtf": "office",
    ".odt": "office",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

SUPPORTED = tuple(sorted(READERS))


def read_blocks(path: str | Path) -> RawDocument:
    """Read any supported file into paragraphs and tables, or raise DocumentError saying why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise DocumentError(f"{path.name}: file not found ({path})")
    if path.is_dir():
        raise DocumentError(f"{path.name}: is a folder, not a document")
    if suffix not in READERS:
        from kehoach.corpus.readers.unsupported import unsupported_message

        raise DocumentError(unsupported_message(path) or
                            f"{path.name}: cannot read '{suffix or 'no extension'}' files "
                            f"(supported: {', '.join(SUPPORTED)})")
    if path.stat().st_size == 0:
        raise DocumentError(f"{path.name}: the file is empty")
    if path.stat().st_size > settings.MAX_FILE_BYTES:
        from kehoach.corpus.readers.archive import size_text

        raise DocumentError(f"{path.name}: file too large ({size_text(path.stat().st_size)}; "
                            f"at most {size_text(settings.MAX_FILE_BYTES)} is accepted)")
    reader = importlib.import_module(f"kehoach.corpus.readers.{READERS[suffix]}")
    try:
        return reader.read(path)
    except (DocumentError, MemoryError):  # out of memory is not "damaged": corpus.isolated says so
        raise
    except Exception as e:  # a reader library failing on a damaged file: say so, in one line
        raise DocumentError(f"{path.name}: could not be read as {suffix} ({type(e).__name__}: {e})") from e
