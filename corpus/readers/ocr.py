"""OCR of one page image (Tesseract, Vietnamese) into paragraphs and tables.

The page is straightened and its ruled tables found from their lines (corpus/readers/grid.py).
Then the rules are painted out and Tesseract reads the whole page once; each recognised word
goes to the cell holding its centre, and words outside every table make the paragraphs.
Cells that come out empty or very short are read a second time, on their own (a second
Tesseract call for the page, whatever their number).  That beats both reading every cell
alone and the page pass alone on grainy scans and photos (benchmarks/bench_ocr.py): the
language model sees whole lines, and only lone marks such as task numbers need the close-up.

Every block read here carries its confidence (Tesseract's word confidences, 0-1, averaged
per paragraph or table row), so the rows made from it can be marked as OCR'd.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass

import numpy as np
from kehoach.corpus.blocks import Block, Paragraph, Table
from kehoach.corpus.readers.grid import (
    Cell,
    Grid,
    find_grids,
    ink,
    rotate,
    rule_mask,
    skew_angle,
)

LANG = "vie"
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
MIN_WORD_CONF = 10  # Tesseract's 0-100: below it a "word" is noise (a speck, a stamp's edge)
NOISY_GRAIN = 4.0  # mean |pixel - its 3x3 median| on paper above which a scan is grainy
PAGE_PSM = 3  # fully automatic page segmentation: text blocks around and inside the table


_NUMBER_COMMA = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[,:;]$")


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is missing: the message names the Debian packages."""


@dataclass
class Word:
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float  # 0-100
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line)
    page: int = 1  # Tesseract's page: a crop, when several are read at once

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def tesseract_version() -> str:
    """Tesseract's version, after checking it and its Vietnamese model are installed."""
    import pytesseract

    if shutil.which("tesseract") is None:
        raise OcrUnavailable(f"needs OCR: install the Debian packages {PACKAGES} (make install)")
    if LANG not in pytesseract.get_languages(config=""):
        raise OcrUnavailable("needs Vietnamese OCR: install the Debian package tesseract-ocr-vie (make install)")
    return str(pytesseract.get_tesseract_version())


def read_page(gray: np.ndarray, timeout: float) -> list[Block]:
    """The blocks of one page image (greyscale, ~200-300 dpi), top to bottom."""
    page = rotate(gray, skew_angle(ink(gray)))
    rules = rule_mask(ink(page))
    grids = find_grids(rules)
    page = _denoised(page)
    clean = _paint_out(page, rules) if grids else page
    words = recognise(clean, timeout)
    if grids:
        words = _reread_short_cells(clean, grids, words, timeout)
    return _blocks(words, grids)


def _denoised(page: np.ndarray) -> np.ndarray:
    """A grainy scan gets a 3x3 median filter before OCR; a clean one is left alone (the filter
    blurs the hook of ả/ổ into the acute of á/ố)."""
    import cv2

    smooth = cv2.medianBlur(page, 3)
    paper = smooth > 200
    if not paper.any():
        return smooth
    grain = float(np.abs(page.astype(np.int16) - smooth)[paper].mean())
    return smooth if grain > NOISY_GRAIN else page


def _paint_out(gray: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """The page with its table rules turned to paper colour, so Tesseract sees no "|"."""
    import cv2

    out = gray.copy()
    out[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def recognise(gray: np.ndarray | str, timeout: float, psm: int = PAGE_PSM) -> list[Word]:
    """Tesseract's words with their boxes and confidences.  OMP_THREAD_LIMIT=1: pages run in
    parallel processes, and Tesseract's own threads only slow that down on 2 cores."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(gray, lang=LANG, config=f"--psm {psm}", timeout=timeout,
                                     output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < MIN_WORD_CONF:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text, x, y, x + w, y + h, conf,
                          (data["block_num"][i], data["par_num"][i], data["line_num"][i]), data["page_num"][i]))
    return words


SHORT_CELL = 4  # characters: a cell this short (a task number, "x") is read again on its own
REREAD_MIN_CONF = 0.2  # a cell read as empty at first (but holding ink) takes a reading this sure
CROP_SCALE = 2.0  # small crops read better enlarged (a number is a few pixels of ink)
CROP_PAD = 20  # px of paper around a crop


def _reread_short_cells(page: np.ndarray, grids: list[Grid], words: list[Word], timeout: float) -> list[Word]:
    """Read again, each on its own as one line, the cells that came out empty or very short
    but hold ink.

    Tesseract's page layout drops small isolated marks — the "1." alone in a numbering
    column of a noisy scan — as noise, or reads them in the context of the text around.
    The cells' crops, cleaned and enlarged, become the pages of one TIFF: one more Tesseract
    call per page, not one per cell, each crop read as a single line.  A cell takes the new
    reading when it is more confident than the first."""
    import tempfile

    import cv2
    from PIL import Image

    paper, _ = cv2.threshold(cv2.medianBlur(page, 3), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    crops, owners = [], []
    for grid in grids:
        for cell in grid.cells:
            inside = [w for w in words if _inside(cell, w)]
            if sum(len(w.text) for w in inside) > SHORT_CELL:
                continue
            found = _ink_box(page[cell.y0 + 3:cell.y1 - 3, cell.x0 + 3:cell.x1 - 3], paper)
            if found is None:
                continue
            crop, (ox, oy) = found
            big = cv2.resize(crop, None, fx=CROP_SCALE, fy=CROP_SCALE, interpolation=cv2.INTER_CUBIC)
            crops.append(Image.fromarray(cv2.copyMakeBorder(big, CROP_PAD, CROP_PAD, CROP_PAD, CROP_PAD,
                                                            cv2.BORDER_CONSTANT, value=255)))
            owners.append((cell, inside, cell.x0 + 3 + ox, cell.y0 + 3 + oy))
    if not crops:
        return words
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        tiff = f"{tmp}/cells.tif"
        crops[0].save(tiff, save_all=True, append_images=crops[1:], compression="tiff_lzw")
        again = recognise(tiff, timeout, psm=7)
    keep = list(words)
    for n, (cell, first, ox, oy) in enumerate(owners, start=1):
        new = [w for w in again if w.page == n]
        if not new or _mean_conf(new) < (_mean_conf(first) if first else REREAD_MIN_CONF):
            continue
        for w in first:
            keep.remove(w)
        keep.extend(Word(w.text, _back(w.x0, ox), _back(w.y0, oy), _back(w.x1, ox), _back(w.y1, oy), w.conf,
                         (-n, 0, 0)) for w in new)
    return keep


def _back(v: int, offset: int) -> int:
    """A coordinate in an enlarged, padded crop -> on the page."""
    return round(offset + (v - CROP_PAD) / CROP_SCALE)


def _ink_box(crop: np.ndarray, paper: float) -> tuple[np.ndarray, tuple[int, int]] | None:
    """The crop's ink, black on pure white, cut to its bounding box (with its offset in the
    crop); None when it holds only specks.  A tight, clean crop is what Tesseract reads
    best: grey paper and empty space around a lone number make it see nothing."""
    import cv2

    if crop.size == 0:
        return None
    # the page's threshold, not the crop's: an empty cell of a noisy scan has no ink to find
    _t, dark = cv2.threshold(cv2.medianBlur(crop, 3), paper, 255, cv2.THRESH_BINARY_INV)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if int((solid > 0).sum()) < 20:
        return None
    ys, xs = np.nonzero(solid)
    y0, y1 = max(int(ys.min()) - 4, 0), min(int(ys.max()) + 5, crop.shape[0])
    x0, x1 = max(int(xs.min()) - 4, 0), min(int(xs.max()) + 5, crop.shape[1])
    return cv2.bitwise_not(dark[y0:y1, x0:x1]), (x0, y0)


# ---------------------------------------------------------------- words -> blocks


def _inside(cell: Cell, w: Word) -> bool:
    return cell.x0 <= w.cx <= cell.x1 and cell.y0 <= w.cy <= cell.y1


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words in reading order: Tesseract's own lines (its line ids hold even when noise makes
    word boxes tall), top to bottom, those side by side at the same height joined."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.line, []).append(w)
    out: list[list[Word]] = []
    for line in sorted(groups.values(), key=lambda g: sorted(w.cy for w in g)[len(g) // 2]):
        mid = sorted(w.cy for w in line)[len(line) // 2]
        if out:
            last = out[-1]
            top, bottom = _median([w.y0 for w in last]), _median([w.y1 for w in last])
            if top < mid < bottom:
                last.extend(line)
                continue
        out.append(list(line))
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _text(words: list[Word]) -> str:
    """Lines inside a cell are soft wraps (as in a PDF): joined with spaces.  A number alone
    in a cell ends with a dot that Tesseract often reads as a comma ("9," for "9.")."""
    text = " ".join(w.text for line in _lines(words) for w in line)
    return _NUMBER_COMMA.sub(r"\1.", text)


def _mean_conf(words: list[Word]) -> float | None:
    return round(sum(w.conf for w in words) / len(words) / 100, 3) if words else None


def _table(grid: Grid, words: list[Word]) -> Table:
    """The grid's cells filled with their words; merged cells as in corpus/blocks.Table."""
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    row_words: list[list[Word]] = [[] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        inside = [w for w in words if _inside(cell, w)]
        text = _text(inside)
        for r in range(cell.row, min(cell.row + cell.rows, grid.n_rows)):
            if cell.col < grid.n_cols:
                rows[r][cell.col] = text  # merged down: the text in every row it covers
            row_words[r].extend(inside)
    keep = [r for r in range(grid.n_rows) if any(c.strip() for c in rows[r])]
    return Table([rows[r] for r in keep], confidence=[_mean_conf(row_words[r]) for r in keep])


def _blocks(words: list[Word], grids: list[Grid]) -> list[Block]:
    """Tables and the paragraphs around them, ordered by their top."""
    items: list[tuple[float, Block]] = []
    loose = []
    for w in words:
        if not any(g.box[0] <= w.cx <= g.box[2] and g.box[1] <= w.cy <= g.box[3] for g in grids):
            loose.append(w)
    for g in grids:
        table = _table(g, [w for w in words if g.box[0] <= w.cx <= g.box[2] and g.box[1] <= w.cy <= g.box[3]])
        if table.rows:
            items.append((g.box[1], table))
    for par in _paragraphs(loose):
        items.append((min(w.y0 for w in par), Paragraph(" ".join(w.text for line in _lines(par) for w in line),
                                                          confidence=_mean_conf(par))))
    items.sort(key=lambda item: item[0])
    return [b for _, b in items]


def _paragraphs(words: list[Word]) -> list[list[Word]]:
    """Each of Tesseract's lines outside the tables is a paragraph: titles stay apart from
    the text under them (the metadata reader finds the commune in them), and the narrative
    parser joins a line that goes on in lower case to the item above."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.line, []).append(w)
    return [g for _, g in sorted(groups.items(), key=lambda kv: min(w.y0 for w in kv[1]))]


# ---------------------------------------------------------------- numbering


_NUMBER = re.compile(r"^(\d{1,3})[.,]?$")


def repair_numbering(blocks: list[Block]) -> None:
    """Task numbers misread in an OCR'd numbering column ("Á." for "4.", "8." for "9."): a
    short cell between n-1 and n+1 in the column is n.  Empty cells are left out: an empty
    one is the rest of a row cut by a page break."""
    from kehoach.corpus.clean import clean_text
    from kehoach.corpus.columns import header_fields

    cells: list[tuple[list[str], int]] = []  # (row, column) of each data row's number cell
    column = None
    for block in blocks:
        if not isinstance(block, Table) or block.confidence is None:
            continue
        for row in block.rows:
            fields = header_fields([clean_text(c) for c in row])
            if fields:
                column = next((i for i, f in fields.items() if f == "stt"), None)
                continue
            if column is not None and column < len(row) and 0 < len(row[column].strip()) <= 5:
                cells.append((row, column))
    numbers = [_number(row[col]) for row, col in cells]
    for i in range(1, len(cells) - 1):
        before, after = numbers[i - 1], numbers[i + 1]
        row, col = cells[i]
        if before is not None and after == before + 2 and numbers[i] != before + 1:
            row[col] = f"{before + 1}."
            numbers[i] = before + 1


def _number(text: str) -> int | None:
    found = _NUMBER.match(text.strip())
    return int(found.group(1)) if found else None
