"""Scanned plans built at test time from a seed appendix (no binary files in the repository).

`build_appendix_pdf` renders the Nghĩa Sơn appendix as officials print it: A4 landscape,
a serif font, a ruled table over several pages with the header repeated on each, rows
allowed to break across a page (the rest of the row continues under the next header), a
section row merged across all columns and a lead cell merged down over two tasks.  Then
`rasterise` turns it into what a commune portal holds: an image-only PDF at 200 dpi,
optionally rotated and noisy, or a phone-photo-like PNG of one page.  All noise comes from
fixed seeds, so every run measures the same pictures.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "corpus" / "seeds" / "nghia-son_phu-luc-02.txt"
WIDTHS = (12, 92, 38, 40, 42, 32, 14)  # mm, STT … Ghi chú: 270 mm on A4 landscape
MERGED_LEAD = ("25.", "26.")  # both "Phòng Kinh tế": drawn as one cell merged down
LINE_MM, PAD_MM, MARGIN_MM = 5.6, 1.6, 13.0


@dataclass
class Appendix:
    """What a builder drew, for the tests to check against."""
    path: Path
    pages: int = 0
    cut_rows: list[str] = field(default_factory=list)  # STT of rows split by a page break


def serif_font() -> tuple[Path, Path]:
    """(regular, bold) TrueType serif with Vietnamese glyphs: Liberation Serif (metric twin of
    Times New Roman, which plans use), else matplotlib's DejaVu Serif."""
    system = Path("/usr/share/fonts/truetype/liberation2")
    if (system / "LiberationSerif-Regular.ttf").exists():
        return system / "LiberationSerif-Regular.ttf", system / "LiberationSerif-Bold.ttf"
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSerif.ttf", folder / "DejaVuSerif-Bold.ttf"


def seed_table() -> tuple[list[str], list[list[str]], list[str]]:
    """(header, body rows, title paragraphs) of the seed appendix; a section row is one cell."""
    from kehoach.corpus.blocks import Paragraph, Table
    from kehoach.corpus.readers.text import read

    doc = read(SEED)
    titles = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    header: list[str] = []
    body: list[list[str]] = []
    for block in (b for b in doc.blocks if isinstance(b, Table)):
        for row in block.rows:
            cells = [c.replace("<b>", "").replace("</b>", "").strip() for c in row]
            if cells[0] == "Stt":
                header = cells
            elif not any(cells[2:]):  # a section: "I." + title, or all of it in the first cell
                body.append([" ".join(c for c in cells[:2] if c)])
            else:
                body.append(cells)
    return header, body, titles


def build_appendix_pdf(path: Path, ruled: bool = True, merge_lead: bool = True, font_pt: float = 12) -> Appendix:
    """The seed appendix as a text PDF (see the module doc).  `ruled=False` draws no line at
    all: a borderless table, where only the alignment of the text shows the columns."""
    from fpdf import FPDF

    regular, bold = serif_font()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.add_font("Serif", "", str(regular))
    pdf.add_font("Serif", "B", str(bold))
    header, body, titles = seed_table()
    out = Appendix(path)
    bottom = 210 - MARGIN_MM - 8  # room for the page number
    x0 = MARGIN_MM
    lines_of = _liner(pdf)

    def new_page(first: bool = False) -> float:
        pdf.add_page()
        out.pages += 1
        pdf.set_font("Serif", "", 10)
        pdf.set_xy(0, 210 - MARGIN_MM - 4)
        pdf.cell(297, 5, str(out.pages), align="C")
        y = MARGIN_MM
        if first:
            pdf.set_font("Serif", "B", font_pt + 1)
            for text in ["ỦY BAN NHÂN DÂN XÃ NGHĨA SƠN"] + titles[:1]:
                pdf.set_xy(x0, y)
                pdf.multi_cell(sum(WIDTHS), LINE_MM + 0.6, text, align="C")
                y = pdf.get_y()
            pdf.set_font("Serif", "", font_pt)
            for text in titles[1:]:
                pdf.set_xy(x0, y)
                pdf.multi_cell(sum(WIDTHS), LINE_MM, text, align="C")
                y = pdf.get_y()
            y += 4
        return draw_row([lines_of(c, w, "B") for c, w in zip(header, WIDTHS)], y, "B", centre=True)

    def draw_row(cells: list[list[str]], y: float, style: str = "", centre: bool = False,
                 widths=WIDTHS, boxes: bool = True, skip_box: set[int] = frozenset()) -> float:
        height = max(len(c) for c in cells) * LINE_MM + 2 * PAD_MM
        pdf.set_font("Serif", style, font_pt)
        x = x0
        for i, (lines, w) in enumerate(zip(cells, widths)):
            if ruled and boxes and i not in skip_box:
                pdf.rect(x, y, w, height)
            for k, line in enumerate(lines):
                pdf.set_xy(x + PAD_MM, y + PAD_MM + k * LINE_MM)
                pdf.cell(w - 2 * PAD_MM, LINE_MM, line, align="C" if centre else "L")
            x += w
        return y + height

    y = new_page(first=True)
    n = 0
    while n < len(body):
        cells = body[n]
        if len(cells) == 1:  # a section row merged across the whole table
            lines = [lines_of(cells[0], sum(WIDTHS), "B")]
            need = len(lines[0]) * LINE_MM + 2 * PAD_MM
            if y + need > bottom:
                y = new_page()
            y = draw_row(lines, y, "B", widths=(sum(WIDTHS),))
            n += 1
            continue
        group = [cells]
        if merge_lead and cells[0] == MERGED_LEAD[0] and n + 1 < len(body) and body[n + 1][0] == MERGED_LEAD[1]:
            group.append(body[n + 1])
        split = [[lines_of(c, w) for c, w in zip(r, WIDTHS)] for r in group]
        if len(group) == 2:  # the lead is drawn once, over both rows
            split[1][2] = []
        heights = [max(len(c) for c in r) * LINE_MM + 2 * PAD_MM for r in split]
        if y + sum(heights) > bottom:
            room = int((bottom - y - 2 * PAD_MM) / LINE_MM)
            if len(group) == 1 and room >= 2:  # Word lets a row break across pages
                top = [c[:room] for c in split[0]]
                rest = [c[room:] for c in split[0]]
                y = draw_row(top, y)
                out.cut_rows.append(cells[0])
                y = new_page()
                y = draw_row([c or [""] for c in rest], y)
                n += 1
                continue
            y = new_page()
        if len(group) == 2:
            y_top = y
            y = draw_row(split[0], y, skip_box={2})
            y = draw_row(split[1], y, skip_box={2})
            lead_x = x0 + sum(WIDTHS[:2])
            if ruled:
                pdf.rect(lead_x, y_top, WIDTHS[2], y - y_top)
        else:
            y = draw_row(split[0], y)
        n += len(group)
    pdf.output(str(path))
    return out


def _liner(pdf):
    def lines_of(text: str, width: float, style: str = "") -> list[str]:
        pdf.set_font("Serif", style, pdf.font_size_pt)
        if not text:
            return [""]
        return pdf.multi_cell(width - 2 * PAD_MM, LINE_MM, text, dry_run=True, output="LINES")
    return lines_of


# ---------------------------------------------------------------- scanning


def page_images(pdf_path: Path, dpi: int = 200) -> list:
    """The PDF's pages as greyscale PIL images, rendered by poppler's pdftoppm (as a scanner
    at `dpi` would see them)."""
    from PIL import Image

    prefix = pdf_path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf_path), f"{prefix}-page"],
                   check=True, timeout=120)
    pages = sorted(pdf_path.parent.glob(f"{prefix.name}-page-*.png"))
    images = [Image.open(p).convert("L") for p in pages]
    for p in pages:
        p.unlink()
    return images


def noisy(image, seed: int, angle: float = 1.2):
    """A worse scan: turned by `angle` degrees, speckled, with grey noise and a soft focus."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    turned = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(turned.filter(ImageFilter.GaussianBlur(0.7)), dtype=np.float32)
    a += rng.normal(0, 22, a.shape)
    specks = rng.random(a.shape)
    a[specks < 0.002] = 0
    a[specks > 0.998] = 255
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def photo(image, seed: int):
    """A phone photo of a page: on a desk, turned, lit from one side, warm, a little soft."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    page = image.convert("RGB").rotate(-2.0, resample=Image.BICUBIC, expand=True, fillcolor=(96, 84, 70))
    w, h = page.size
    desk = Image.new("RGB", (w + 120, h + 120), (96, 84, 70))
    desk.paste(page, (60, 60))
    a = np.asarray(desk.filter(ImageFilter.GaussianBlur(0.9)), dtype=np.float32)
    light = np.linspace(0.68, 1.0, a.shape[1])[None, :, None] * np.linspace(0.9, 1.0, a.shape[0])[:, None, None]
    a = a * light * np.array([1.0, 0.96, 0.86]) + rng.normal(0, 6, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def image_pdf(images: list, path: Path, dpi: int = 200) -> Path:
    """An image-only PDF (no text layer), one image per page, as a scanner writes it."""
    first, *rest = images
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return path
