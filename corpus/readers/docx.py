"""Word .docx: paragraphs and tables in reading order, merged cells resolved from the XML.

python-docx's `row.cells` repeats a merged cell in every grid column it spans, which would
put a lead unit under "Đơn vị phối hợp" too; so cells are read as w:tc elements:
gridSpan -> the text once then "" for the spanned columns, vMerge -> the "restart" cell's
text repeated in every row it covers.  Automatic numbering ("1.", "a)", the STT column of
most task tables) is not in the text of a paragraph, so it is rendered here.  Runs typed
in legacy fonts (.VnTime = TCVN3, VNI-Times = VNI) are converted to Unicode.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterator

from kehoach.corpus.blocks import (
    LAYOUT_MARKERS,
    LAYOUT_MAX_ROWS,
    Block,
    DocumentError,
    Paragraph,
    RawDocument,
    Table,
)
from kehoach.corpus.normalize import fold
from kehoach.corpus.readers.archive import check_archive
from kehoach.corpus.readers.docx_styles import (  # noqa: F401  (the XML vocabulary)
    _CONTAINERS,
    _P,
    _R,
    _SKIP_ANCESTORS,
    _TBL,
    _TC,
    _TR,
    W,
    _Context,
    _font_of,
    _load_context,
    _number_label,
    _on,
    _val,
)
from kehoach.corpus.readers.encoding import (
    LABELS,
    convert_font_text,
    legacy_font,
    repair_blocks,
)
from kehoach.corpus.readers.unsupported import office_container_message

# ---------------------------------------------------------------- paragraphs


def _own_runs(p) -> Iterator:
    """Runs of this paragraph (inside hyperlinks, fields, insertions…), not of text boxes
    inside it and not deleted ones."""
    for r in p.iter(_R):
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in _SKIP_ANCESTORS or node.tag == _P:
                break
            node = node.getparent()
        else:
            yield r


def _run_text(r) -> str:
    parts = []
    for child in r:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph(p, ctx: _Context) -> tuple[str, bool]:
    """Text of a w:p and whether all of its text is bold."""
    ppr = p.find(W + "pPr")
    p_style = _val(ppr.find(W + "pStyle")) if ppr is not None else None
    pieces, all_bold, any_text = [], True, False
    for r in _own_runs(p):
        text = _run_text(r)
        if not text:
            continue
        rpr = r.find(W + "rPr")
        r_style = _val(rpr.find(W + "rStyle")) if rpr is not None else None
        font = _font_of(rpr.find(W + "rFonts")) if rpr is not None else None
        font = font or ctx.style(r_style, "font") or ctx.style(p_style, "font") or ctx.default_font
        legacy = legacy_font(font)
        if legacy:
            converted = convert_font_text(text, *legacy)
            if converted != text:
                ctx.fonts_converted.add(font)
                text = converted
        pieces.append(text)
        if text.strip():
            any_text = True
            bold = _on(rpr.find(W + "b")) if rpr is not None else None
            if bold is None:
                bold = ctx.style(r_style, "bold")
            if bold is None:
                bold = ctx.style(p_style, "bold")
            all_bold = all_bold and bool(bold)
    text = "".join(pieces).strip()
    label = _number_label(p, ctx)  # also for an empty cell: an auto-numbered STT column
    if label and not (label == "-" and not text):
        text = f"{label} {text}".strip()
    return text, any_text and all_bold


# ---------------------------------------------------------------- tables


def _cells(tr) -> Iterator:
    """The w:tc of a row, including those wrapped in content controls."""
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _cells(child)


def _rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == _TR:
            trpr = child.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            yield child
        elif child.tag in _CONTAINERS:
            yield from _rows(child)


def _tc_props(tc) -> tuple[int, str | None]:
    """(grid columns spanned, vMerge state: None | "restart" | "continue")."""
    tcpr = tc.find(W + "tcPr")
    if tcpr is None:
        return 1, None
    span = int(_val(tcpr.find(W + "gridSpan"), "1") or 1)
    vm = tcpr.find(W + "vMerge")
    state = None if vm is None else (_val(vm) or "continue")
    return max(span, 1), state


def _cell_text(tc, ctx: _Context, bold: list[bool] | None = None) -> str:
    """Paragraphs of a cell, one per line; a nested table becomes lines of "a; b; c".
    `bold` gets one flag per paragraph with text: is all of it bold."""
    lines = []
    for child in _flatten(tc):
        if child.tag == _P:
            text, is_bold = _paragraph(child, ctx)
            if text:
                lines.append(text)
                if bold is not None:
                    bold.append(is_bold)
        elif child.tag == _TBL:
            for row in _table_rows(child, ctx):
                cells = [c for c in row if c.strip()]
                if cells:
                    lines.append("; ".join(dict.fromkeys(cells)))
    return "\n".join(lines)


def _table_rows(tbl, ctx: _Context, bold_rows: list[bool] | None = None) -> list[list[str]]:
    """The rows of a table as cell texts; `bold_rows` gets one flag per row: all of its own
    (not merged-down) text is bold, as in the group rows of a plan."""
    rows: list[list[str]] = []
    restart_text: dict[int, str] = {}  # grid column -> text of the open vertical merge
    for tr in _rows(tbl):
        trpr = tr.find(W + "trPr")
        col = int(_val(trpr.find(W + "gridBefore"), "0") or 0) if trpr is not None else 0
        row = [""] * col
        flags: list[bool] = []
        for tc in _cells(tr):
            span, vmerge = _tc_props(tc)
            if vmerge == "continue":
                text = restart_text.get(col, "")
            else:
                text = _cell_text(tc, ctx, flags)
                if vmerge == "restart":
                    restart_text[col] = text
                else:
                    restart_text.pop(col, None)
            row.append(text)
            row.extend([""] * (span - 1))
            col += span
        rows.append(row)
        if bold_rows is not None:
            bold_rows.append(bool(flags) and all(flags))
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _is_layout(tbl) -> bool:
    """A table used for layout, whose cells are read as paragraphs: a one-cell frame around
    content, or the motto/signature blocks of an official document."""
    rows = list(_rows(tbl))
    if len(rows) == 1 and len(list(_cells(rows[0]))) == 1:
        return True
    if len(rows) > LAYOUT_MAX_ROWS:
        return False
    text = fold(" ".join(t.text or "" for t in tbl.iter(W + "t")))
    return any(marker in text for marker in LAYOUT_MARKERS)


# ---------------------------------------------------------------- body


def _flatten(parent) -> Iterator:
    """Children of a body/cell, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in _CONTAINERS:
            yield from _flatten(child)
        else:
            yield child


def _blocks(parent, ctx: _Context) -> Iterator[Block]:
    for child in _flatten(parent):
        if child.tag == _P:
            text, bold = _paragraph(child, ctx)
            if text:
                yield Paragraph(text, bold)
        elif child.tag == _TBL:
            if _is_layout(child):
                for tr in _rows(child):
                    for tc in _cells(tr):
                        if _tc_props(tc)[1] != "continue":
                            yield from _blocks(tc, ctx)
                continue
            flags: list[bool] = []
            kept = [(r, b) for r, b in zip(_table_rows(child, ctx, flags), flags) if any(c.strip() for c in r)]
            if kept:
                yield Table([r for r, _ in kept], [b for _, b in kept])


def read(path: Path) -> RawDocument:
    import docx  # python-docx; imported here so `corpus` loads fast

    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentError(f"{path.name} cannot be opened: {e.strerror or e}") from None
    ole = office_container_message(path, data, ".doc")
    if ole:
        raise DocumentError(ole)
    check_archive(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        ctx = _load_context(document)
    except Exception as e:  # zip, XML and package errors all mean the same to the user
        if isinstance(e, (zipfile.BadZipFile, KeyError, ValueError, OSError)) or \
                type(e).__module__.startswith(("docx", "lxml")):
            raise DocumentError(f"{path.name} is not a valid .docx (damaged or not a Word file)") from e
        raise
    blocks = list(_blocks(document.element.body, ctx))
    if not blocks:
        raise DocumentError(f"{path.name} contains no text")
    warnings = []
    if ctx.fonts_converted:
        warnings.append(f"{path.name}: text in legacy font {', '.join(sorted(ctx.fonts_converted))} "
                        "converted to Unicode")
    blocks, codec = repair_blocks(blocks)
    if codec:
        warnings.append(f"{path.name}: text was {LABELS[codec]} saved as Unicode; converted")
    return RawDocument(path, blocks, warnings)
