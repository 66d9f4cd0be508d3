#!/usr/bin/env python3
"""OCR benchmark (not a test): how well and how fast scanned plans are read.

    python benchmarks/bench_ocr.py                       # writes benchmarks/ocr-results.md
    python benchmarks/bench_ocr.py --img2table-python /path/to/venv/bin/python

The inputs are the tests' scans (tests/scans.py): the Nghĩa Sơn appendix (26 tasks, 5 pages
A4 landscape) rendered to PDF and rasterised at 200 dpi; a copy turned 1.2° with grain, speckle
and soft focus; a phone-photo-like PNG of page 1.  Accuracy is the share of characters right
in task, lead and deadline after normalisation (1 - edit distance / length of the original,
a task not read counting as all wrong), against the seed's own rows.

Table-structure methods compared on the same page images:
- chosen: rules found with OpenCV, one Tesseract pass over the page with the rules painted out,
  each word put in the cell holding its centre, short cells read again on their own;
- page pass only: the same without the second reading of short cells;
- per cell: every cell's crop read on its own (one multi-page TIFF a page, psm 6);
- img2table (optional, run in another interpreter that has it: it pulls opencv-contrib, which
  the project does not want): its table finder and its Tesseract backend, lang "vie".
Speed: pages/s of the real reader (render, OCR, cache write) on the clean scan, OCR cache
empty, with one page at a time (the baseline) and with a page per core; medians of 3 runs.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "benchmarks" / "ocr-results.md"

IMG2TABLE = r"""
import json, sys
from img2table.document import Image
from img2table.ocr import TesseractOCR
ocr = TesseractOCR(n_threads=1, lang="vie")
out = []
for path in sys.argv[1:]:
    tables = Image(src=path, detect_rotation=True).extract_tables(ocr=ocr, implicit_rows=False,
                                                               borderless_tables=False)
    page = []
    for t in tables:
        rows = [[(c.value or "") for c in row] for row in t.content.values()]
        page.append(rows)
    out.append(page)
print(json.dumps(out, ensure_ascii=False))
"""


def accuracy(truth, rows) -> float:
    from test_ocr import char_accuracy

    return char_accuracy(truth, [r for r in rows if r.kind == "task"])


def rows_of(blocks):
    from kehoach.corpus.blocks import RawDocument
    from kehoach.corpus.document import rows_from_blocks
    from kehoach.corpus.readers.ocr import repair_numbering

    repair_numbering(blocks)
    return rows_from_blocks(RawDocument(Path("bench.pdf"), blocks))


def chosen(pages, reread=True):
    from kehoach.corpus.readers import ocr

    original = ocr._reread_short_cells
    if not reread:
        ocr._reread_short_cells = lambda page, grids, words, timeout: words
    try:
        return rows_of([b for p in pages for b in ocr.read_page(p, 300)])
    finally:
        ocr._reread_short_cells = original


def per_cell(pages):
    """Every cell read on its own: the alternative to one pass over the page."""
    import cv2
    from PIL import Image

    from kehoach.corpus.blocks import Table
    from kehoach.corpus.readers import grid as G
    from kehoach.corpus.readers import ocr

    blocks = []
    for gray in pages:
        page = G.rotate(gray, G.skew_angle(G.ink(gray)))
        rules = G.rule_mask(G.ink(page))
        clean = ocr._paint_out(ocr._denoised(page), rules)
        words = ocr.recognise(clean, 300)  # the text around the tables, as the chosen method
        grids = G.find_grids(rules)
        blocks += ocr._blocks([w for w in words if not any(
            g.box[0] <= w.cx <= g.box[2] and g.box[1] <= w.cy <= g.box[3] for g in grids)], [])
        for g in grids:
            crops = [Image.fromarray(cv2.copyMakeBorder(clean[c.y0 + 3:c.y1 - 3, c.x0 + 3:c.x1 - 3], 20, 20, 20, 20,
                                                        cv2.BORDER_CONSTANT, value=255)) for c in g.cells]
            with tempfile.TemporaryDirectory() as tmp:
                crops[0].save(f"{tmp}/c.tif", save_all=True, append_images=crops[1:], compression="tiff_lzw")
                read = ocr.recognise(f"{tmp}/c.tif", 300, psm=6)
            rows = [[""] * g.n_cols for _ in range(g.n_rows)]
            for n, c in enumerate(g.cells, start=1):
                text = ocr._text([w for w in read if w.page == n])
                for r in range(c.row, min(c.row + c.rows, g.n_rows)):
                    rows[r][c.col] = text
            blocks.append(Table([r for r in rows if any(r)], confidence=[0.0] * sum(1 for r in rows if any(r))))
    return rows_of(blocks)


def img2table(python: str, paths: list[Path]):
    from kehoach.corpus.blocks import Table

    out = subprocess.run([python, "-c", IMG2TABLE, *map(str, paths)], capture_output=True, text=True, check=True)
    pages = json.loads(out.stdout.strip().splitlines()[-1])
    return rows_of([Table(t, confidence=[0.0] * len(t)) for page in pages for t in page])


def reader_speed(path: Path, workers: int, runs: int = 3) -> tuple[float, float]:
    """(pages/s, CPU seconds a page, Tesseract's included) of read_document on a scan, OCR
    cache empty each run.  CPU time does not depend on what else the machine is running."""
    import resource

    from kehoach.corpus import read_document
    from kehoach.corpus.readers import scan

    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    scan.WORKERS = workers
    times, cpus = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            os.environ["KEHOACH_HOME"] = home
            started, used = time.perf_counter(), cpu()
            read_document(path)
            times.append(time.perf_counter() - started)
            cpus.append(cpu() - used)
    scan.WORKERS = None
    return 5 / statistics.median(times), statistics.median(cpus) / 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--img2table-python", help="an interpreter with img2table installed")
    parser.add_argument("--speed-only", action="store_true", help="only the reader's pages/s (table kept)")
    args = parser.parse_args()
    import scans
    from kehoach.corpus import read_document

    truth = read_document(scans.SEED)
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    drawn = scans.build_appendix_pdf(work / "phu-luc.pdf")
    images = scans.page_images(drawn.path)
    noisy = [scans.noisy(p, seed=i) for i, p in enumerate(images)]
    photo = scans.photo(images[0], seed=7)
    scan_pdf = scans.image_pdf(images, work / "scan.pdf")
    sets = {"clean scan (5 pages)": ([np.asarray(i) for i in images], truth),
            "turned, noisy scan (5 pages)": ([np.asarray(i) for i in noisy], truth),
            "phone photo (page 1)": ([np.asarray(photo.convert("L"))], truth[:4])}
    methods = {"chosen: page pass + short cells re-read": chosen,
               "page pass only": lambda pages: chosen(pages, reread=False),
               "per cell (each crop read alone)": per_cell}
    table: dict[str, dict[str, str]] = {}
    if args.speed_only:
        methods, args.img2table_python = {}, None
        table = _previous_table()
    for method, run in methods.items():
        for name, (pages, want) in sets.items():
            started = time.perf_counter()
            rows = run(pages)
            took = time.perf_counter() - started
            tasks = sum(r.kind == "task" for r in rows)
            table.setdefault(method, {})[name] = f"{accuracy(want, rows):.4f} ({tasks}/{len(want)} rows, {took:.0f} s)"
            print(method, name, table[method][name], flush=True)
    if args.img2table_python:
        for name, (pages, want) in sets.items():
            paths = []
            for n, p in enumerate(pages):
                from PIL import Image

                Image.fromarray(p).save(work / f"{abs(hash(name))}-{n}.png")
                paths.append(work / f"{abs(hash(name))}-{n}.png")
            started = time.perf_counter()
            rows = img2table(args.img2table_python, paths)
            took = time.perf_counter() - started
            tasks = sum(r.kind == "task" for r in rows)
            table.setdefault("img2table 2.0 (Tesseract vie)", {})[name] = \
                f"{accuracy(want, rows):.4f} ({tasks}/{len(want)} rows, {took:.0f} s)"
            print("img2table", name, table["img2table 2.0 (Tesseract vie)"][name], flush=True)
    (one, one_cpu), (many, many_cpu) = (reader_speed(scan_pdf, workers=1),
                                        reader_speed(scan_pdf, workers=os.cpu_count() or 1))
    lines = ["# OCR benchmark (benchmarks/bench_ocr.py)", "",
             f"Load average while it ran: {os.getloadavg()[0]:.1f} (the machine is shared).", "",
             f"Machine: {os.cpu_count()} cores; Tesseract {_tesseract()} with Debian's `vie` model; "
             f"{time.strftime('%Y-%m-%d')}.", "",
             "Characters right in task, lead and deadline after normalisation (tasks read / tasks, wall time):", "",
             "| method | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for method, cells in table.items():
        lines.append(f"| {method} | " + " | ".join(cells.get(name, "—") for name in sets) + " |")
    lines += ["", "Reader speed on the clean scan (render + OCR + cache write, cache empty; median of 3):", "",
              "| pages at once | pages/s | vs one at a time | CPU s a page |", "|---|---|---|---|",
              f"| 1 (baseline) | {one:.2f} | 1.00 | {one_cpu:.1f} |",
              f"| {os.cpu_count()} (one per core) | {many:.2f} | {many / one:.2f} | {many_cpu:.1f} |"]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _previous_table() -> dict[str, dict[str, str]]:
    """The accuracy table of the last full run (benchmarks/ocr-results.md), to keep it."""
    names = ["clean scan (5 pages)", "turned, noisy scan (5 pages)", "phone photo (page 1)"]
    table = {}
    for line in OUT.read_text(encoding="utf-8").splitlines() if OUT.exists() else []:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and "rows" in cells[1]:
            table[cells[0]] = dict(zip(names, cells[1:]))
    return table


def _tesseract() -> str:
    from kehoach.corpus.readers.ocr import tesseract_version

    return tesseract_version()


if __name__ == "__main__":
    main()
