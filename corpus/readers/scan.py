"""Scanned pages -> blocks: OCR in parallel, cached by the file's checksum, within limits.

Used by the PDF reader for pages without a text layer and by the image reader.  A page is
OCR'd once: its blocks are kept under $KEHOACH_HOME/ocr/<sha256 of the file>.json (with the
engine's and Tesseract's versions in the key), so indexing the same scan again costs nothing.
Pages run in parallel, one Tesseract process each (OMP_THREAD_LIMIT=1), with a progress bar
on stderr; a page that takes longer than OCR_PAGE_SECONDS is given up with a warning, and no
more than MAX_OCR_PAGES pages of one document are read.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from kehoach.corpus.blocks import Block, DocumentError, Paragraph, Table
from kehoach.corpus.readers import ocr

from kehoach import settings

ENGINE = "grid-1"  # bump when the OCR pipeline changes what it reads: the cache is keyed on it
BLANK_INK = 0.0005  # share of dark pixels below which a page is blank (no OCR run)
PAGE_PIXELS = 2339  # long side of a page image as OCR'd: A4 at 200 dpi
WORKERS: int | None = None  # pages OCR'd at once; None = one per core


@dataclass
class ScanResult:
    """Blocks per page (None: the page was skipped), and what the user should be told."""
    pages: list[list[Block] | None]
    warnings: list[str] = field(default_factory=list)
    blank: int = 0  # pages with no ink at all


def ocr_pages(path: Path, count: int, render: Callable[[int], np.ndarray],
              which: list[int] | None = None) -> ScanResult:
    """OCR pages `which` (default: all `count`) of `path`; `render(i)` gives page i as a
    greyscale array.  Raises DocumentError when Tesseract is missing."""
    try:
        version = ocr.tesseract_version()
    except ocr.OcrUnavailable as e:
        raise DocumentError(f"{path.name} {e}") from None
    which = list(range(count)) if which is None else which
    result = ScanResult([None] * count)
    if len(which) > settings.MAX_OCR_PAGES:
        result.warnings.append(f"{path.name}: only the first {settings.MAX_OCR_PAGES} of {len(which)} scanned "
                               "pages were OCR'd")
        which = which[:settings.MAX_OCR_PAGES]
    cache = _Cache(path, version)
    todo = []
    for i in which:
        cached = cache.get(i)
        if cached is not None:
            result.pages[i] = cached
        else:
            todo.append(i)
    if todo:
        _run(path, todo, render, result, cache)
    cache.save()
    return result


def _run(path: Path, todo: list[int], render, result: ScanResult, cache: "_Cache") -> None:
    from tqdm import tqdm

    workers = max(1, min(WORKERS or os.cpu_count() or 1, len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool, \
            tqdm(total=len(todo), desc=f"OCR {path.name}", unit="page", file=sys.stderr,
                 disable=len(todo) < 2, leave=False) as bar:
        futures = {}
        for i in todo:  # rendering stays in this thread: PDF libraries are not thread-safe
            page = _fit(render(i))
            if _is_blank(page):
                result.blank += 1
                result.pages[i] = []
                cache.put(i, [])
                bar.update(1)
                continue
            futures[i] = pool.submit(ocr.read_page, page, settings.OCR_PAGE_SECONDS)
        for i, future in futures.items():
            try:
                blocks = future.result()
            except RuntimeError as e:  # pytesseract: "Tesseract process timeout"
                result.warnings.append(f"{path.name}: page {i + 1} was not OCR'd ({e}; limit "
                                       f"{settings.OCR_PAGE_SECONDS} s a page)")
                blocks = None
            result.pages[i] = blocks
            if blocks is not None:
                cache.put(i, blocks)
            bar.update(1)


def _fit(page: np.ndarray) -> np.ndarray:
    """A page image scaled so its long side is about PAGE_PIXELS (the sizes the table finder
    and Tesseract were tuned on): a 12 MP phone photo shrinks, a small image grows."""
    import cv2

    scale = PAGE_PIXELS / max(page.shape)
    if 0.8 <= scale <= 1.25:
        return page
    return cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)


def _is_blank(page: np.ndarray) -> bool:
    return float((page < 128).mean()) < BLANK_INK


# ---------------------------------------------------------------- cache


class _Cache:
    """Blocks of the OCR'd pages of one file, in $KEHOACH_HOME/ocr/<sha256>.json."""

    def __init__(self, path: Path, version: str):
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        self.file = settings.home() / "ocr" / f"{digest.hexdigest()}.json"
        self.key = f"{ENGINE}/tesseract {version}/{ocr.LANG}"
        self.pages: dict[str, list] = {}
        self.dirty = False
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.pages = data["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def get(self, i: int) -> list[Block] | None:
        stored = self.pages.get(str(i))
        return None if stored is None else [_block(b) for b in stored]

    def put(self, i: int, blocks: list[Block]) -> None:
        self.pages[str(i)] = [_record(b) for b in blocks]
        self.dirty = True

    def save(self) -> None:
        """Written whole to a temporary file, then renamed: a reader never sees half of it.
        A cache that cannot be written (read-only home) only costs the next run its time."""
        if not self.dirty:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".ocr-", dir=self.file.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": self.key, "pages": self.pages}, f, ensure_ascii=False)
            os.replace(tmp, self.file)
        except OSError:
            pass


def _record(block: Block) -> dict:
    if isinstance(block, Table):
        return {"rows": block.rows, "confidence": block.confidence}
    return {"text": block.text, "bold": block.bold, "confidence": block.confidence}


def _block(record: dict) -> Block:
    if "rows" in record:
        return Table(record["rows"], confidence=record.get("confidence"))
    return Paragraph(record["text"], record.get("bold", False), record.get("confidence"))


def scanned_blocks(path: Path, result: ScanResult) -> list[Block]:
    """All pages' blocks in order, numbers in the numbering column mended across pages;
    DocumentError when nothing at all was read."""
    blocks = [b for page in result.pages if page for b in page]
    if not blocks:
        if result.blank and result.blank == sum(p is not None for p in result.pages):
            raise DocumentError(f"{path.name}: the page is blank (nothing to read)" if result.blank == 1
                                else f"{path.name}: all {result.blank} pages are blank (nothing to read)")
        raise DocumentError(f"{path.name}: OCR found no text in it (is it a scan of a plan?)")
    ocr.repair_numbering(blocks)
    return blocks
