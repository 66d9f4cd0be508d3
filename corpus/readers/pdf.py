"""PDF (pdfplumber): ruled tables and the text around them, page by page, top to bottom.
A page with no ruled table may hold one drawn without rules (corpus/readers/borderless.py);
pages without a text layer (scans) are rendered and OCR'd (corpus/readers/scan.py).

A table split over pages comes out as consecutive Table blocks (the table parser joins
them, dropping the repeated header); page numbers between them are dropped so they do not
separate the parts.  Merged cells: pdfplumber leaves None where a grid position has no
cell of its own; we look up the cell that covers it — a cell from the row above is a
vertical merge (text repeated), one from the left a horizontal merge ("").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kehoach.corpus.blocks import Block, DocumentError, Paragraph, RawDocument, Table
from kehoach.corpus.readers import borderless
from kehoach.corpus.readers.encoding import LABELS, repair_blocks

from kehoach import settings

_MARKER = re.compile(r"^([-–•+*▪●]\s|\d+(\.\d+)*[.)]?\s|[IVXLC]+[.)]\s|[a-zđ][.)]\s)")
_PAGE_NUMBER = re.compile(r"^(-\s*)?(trang\s*)?\d{1,4}(\s*/\s*\d{1,4})?(\s*-)?$", re.IGNORECASE)
_SENTENCE_END = (".", ":", ";", "!", "?")
_TOL = 1.0  # points: coordinates closer than this are the same line
SCANNED_MAX_CHARS = 20  # a picture page with fewer characters than this over it is a scan
RENDER_DPI = 200  # scanned pages are rendered at this resolution for OCR


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool


def read(path: Path) -> RawDocument:
    import pdfplumber

    warnings: list[str] = []
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > settings.MAX_PDF_PAGES:
                raise DocumentError(f"{path.name}: too many pages ({len(pdf.pages)}; at most "
                                    f"{settings.MAX_PDF_PAGES} are read): split it, or keep the pages with the plan")
            pages: list[list[Block] | None] = []
            n_chars = 0
            for page in pdf.pages:
                if _is_scanned(page):
                    pages.append(None)
                    continue
                n_chars += len(page.chars)
                pages.append(_page_blocks(page))
            scanned = [i for i, blocks in enumerate(pages) if blocks is None]
            if scanned:
                _ocr_into(path, pdf, pages, scanned, warnings, text_pages=len(pages) - len(scanned))
    except OSError as e:
        raise DocumentError(f"{path.name} cannot be opened: {e.strerror or e}") from None
    except DocumentError:
        raise
    except Exception as e:  # pdfminer's errors, wrapped by pdfplumber or not
        if any(isinstance(c, MemoryError) for c in _causes(e)):  # a stream inflating without end
            raise MemoryError(f"{path.name}: out of memory while reading") from e
        if _is_pdf_error(e):
            raise _pdf_error(path, e) from e
        raise
    blocks = [b for page in pages if page for b in page]
    text = " ".join(b.text if isinstance(b, Paragraph) else " ".join(map(" ".join, b.rows)) for b in blocks)
    if n_chars and text.count("(cid:") > 20:
        raise DocumentError(f"{path.name} uses fonts without a Unicode map: its text cannot be extracted "
                            "(export the PDF again from the original document, or OCR it)")
    blocks, codec = repair_blocks(blocks)
    if codec:
        warnings.append(f"{path.name}: text was {LABELS[codec]} inside the PDF; converted")
    return RawDocument(path, blocks, warnings)


def _is_scanned(page) -> bool:
    """A page with no text layer (or only a stamped page number over a picture): OCR it."""
    return not page.chars or (len(page.chars) < SCANNED_MAX_CHARS and bool(page.images))


def _ocr_into(path: Path, pdf, pages: list, scanned: list[int], warnings: list[str], text_pages: int) -> None:
    """Fill the scanned pages' blocks by OCR.  With no OCR installed, a PDF that also has text
    pages keeps them (and says what was skipped); an all-scanned one is refused."""
    from kehoach.corpus.readers.ocr import repair_numbering
    from kehoach.corpus.readers.scan import ocr_pages, scanned_blocks

    def render(i: int):
        import numpy as np

        return np.asarray(pdf.pages[i].to_image(resolution=RENDER_DPI).original.convert("L"))

    try:
        result = ocr_pages(path, len(pages), render, scanned)
    except DocumentError as e:
        if not text_pages:
            raise
        warnings.append(f"{e}; its {len(scanned)} scanned page(s) were skipped")
        return
    warnings.extend(result.warnings)
    if not text_pages:
        scanned_blocks(path, result)  # one clear line when nothing at all was read
    for i in scanned:
        pages[i] = result.pages[i] or []
    repair_numbering([b for page in pages if page for b in page])


def _causes(e: BaseException) -> list[BaseException]:
    """The exception and those it wraps (pdfplumber puts pdfminer's error in args[0])."""
    return [e] + [a for a in e.args if isinstance(a, BaseException)]


def _is_pdf_error(e: Exception) -> bool:
    return any(type(c).__module__.startswith(("pdfminer", "pdfplumber")) for c in _causes(e))


def _pdf_error(path: Path, e: Exception) -> DocumentError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in _causes(e)):
        return DocumentError(f"{path.name} is password-protected: remove the password and save it again")
    return DocumentError(f"{path.name} is not a valid PDF (damaged or not a PDF file)")


def _page_blocks(page) -> list[Block]:
    """Tables and paragraphs of one page, ordered by their top coordinate."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, object]] = [(t.bbox[1], _table(t)) for t in tables]
    if not tables:  # a table drawn without rules, if the page has one
        words = [w for w in page.extract_words() if not _is_page_number(_word_line(w), page.height)]
        found = borderless.find_table(words)
        if found:
            boxes.append(found[0])
            items.append((found[0][1], found[1]))

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = [_line(d) for d in text_page.extract_text_lines(strip=True, return_chars=True)]
    lines = [ln for ln in lines if ln.text and not _is_page_number(ln, page.height)]
    items.extend((ln.top, ln) for ln in lines)
    items.sort(key=lambda item: item[0])

    blocks: list[Block] = []
    run: list[_Line] = []
    for _top, item in items:
        if isinstance(item, _Line):
            run.append(item)
            continue
        blocks.extend(_paragraphs(run))
        run = []
        if item.rows:
            blocks.append(item)
    blocks.extend(_paragraphs(run))
    return blocks


def _word_line(w: dict) -> _Line:
    return _Line(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], False)


def _line(d: dict) -> _Line:
    chars = [c for c in d.get("chars", []) if c.get("text", "").strip()]
    bold = bool(chars) and all(_is_bold(c.get("fontname", "")) for c in chars)
    return _Line(_clean(d["text"]), d["x0"], d["x1"], d["top"], d["bottom"], bold)


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return "bold" in name or name.endswith(("-bd", ",bd", "-b", ",b")) or "black" in name


def _is_page_number(line: _Line, height: float) -> bool:
    in_margin = line.top < 0.08 * height or line.bottom > 0.90 * height
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


def _clean(text: str) -> str:
    return re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text)).strip()


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.  A new paragraph starts at a list marker, an
    indented line, a change of boldness, a wider gap, or after a short line that ends a
    sentence."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = max(right - left, 1.0)
    heights = sorted(ln.bottom - ln.top for ln in lines)
    line_height = heights[len(heights) // 2]
    out: list[Paragraph] = []
    prev: _Line | None = None
    for ln in lines:
        if prev is not None and not _starts_paragraph(ln, prev, left, right, width, line_height):
            out[-1] = Paragraph(out[-1].text + " " + ln.text, out[-1].bold and ln.bold)
        else:
            out.append(Paragraph(ln.text, ln.bold))
        prev = ln
    return out


def _starts_paragraph(ln: _Line, prev: _Line, left: float, right: float, width: float, line_height: float) -> bool:
    if _MARKER.match(ln.text) or ln.bold != prev.bold:
        return True
    if ln.x0 > left + 0.04 * width:  # indented first line, or a centred title
        return True
    if ln.top - prev.bottom > 0.9 * line_height:
        return True
    if prev.x1 < right - 0.12 * width:  # the previous line stopped short of the margin
        return prev.text.endswith(_SENTENCE_END) or prev.x0 > left + 0.04 * width
    return False


def _table(t) -> Table:
    """Cell texts of a pdfplumber table with merged cells resolved (see the module doc)."""
    texts = t.extract()
    rows = t.rows
    if not rows:
        return Table([])
    xs = sorted({c[0] for r in rows for c in r.cells if c is not None})
    tops = [r.bbox[1] for r in rows]
    cells = [c for r in rows for c in r.cells if c is not None]

    def origin(r: int, c: int) -> tuple[int, int] | None:
        px, py = xs[c] + _TOL, tops[r] + _TOL
        for x0, top, x1, bottom in cells:
            if x0 - _TOL <= px < x1 and top - _TOL <= py < bottom:
                return _index(tops, top), _index(xs, x0)
        return None

    out: list[list[str]] = []
    for r, row in enumerate(texts):
        line = []
        for c, value in enumerate(row):
            if value is not None:
                line.append(_cell_clean(value))
                continue
            at = origin(r, c) if c < len(xs) else None
            if at and at[0] < r and at[1] == c and texts[at[0]][c] is not None:
                line.append(_cell_clean(texts[at[0]][c]))  # merged down: repeat
            else:
                line.append("")  # merged across (or an empty grid position)
        out.append(line)
    return Table([r for r in out if any(c.strip() for c in r)])


def _index(values: list[float], v: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - v))


def _cell_clean(text: str) -> str:
    """Lines inside a PDF cell are soft wraps: join them with spaces."""
    return _clean(text.replace("\n", " "))
