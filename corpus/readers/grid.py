"""The ruled tables of a scanned page, found from their lines (OpenCV), and the page's skew.

Plans are Word tables printed with every border drawn, then scanned or photographed; the
lines are the most reliable thing on the page, far more than the alignment of OCR'd words.
So: straighten the page, keep only long horizontal and vertical strokes, and every closed
region between them is a cell.  The cells' edges, clustered, give the table's grid; a cell
covering several grid columns or rows is a merged cell, resolved as the other readers do
(corpus/blocks.py: merged across -> text once then "", merged down -> text repeated).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SKEW = 6.0  # degrees searched either way; a page turned further is photographed sideways
MIN_CELL_PX = 12  # at 200 dpi: 1.5 mm
EDGE_TOL_PX = 10  # cell edges closer than this are the same grid line
RULE_REACH = 10  # px a rule is drawn past its ends, to close a corner it stops short of
RULE_GAP = 25  # px: pieces of one rule broken by noise or a faint scan are joined over this
RULE_TOL = 6  # px: pieces this far apart across the rule's direction lie on one rule


@dataclass
class Cell:
    x0: int
    y0: int
    x1: int
    y1: int
    row: int = 0
    col: int = 0
    rows: int = 1  # grid rows spanned
    cols: int = 1  # grid columns spanned


@dataclass
class Grid:
    """One ruled table: its box, its cells and the size of its grid."""
    box: tuple[int, int, int, int]
    cells: list[Cell]
    n_rows: int
    n_cols: int


def ink(gray: np.ndarray) -> np.ndarray:
    """Dark strokes as 255 on 0, robust to uneven light (a phone photo) and speckle."""
    import cv2

    block = max(15, (min(gray.shape) // 40) | 1)
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)  # not a median filter: it erases 1-px rules
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, block, 15)


def skew_angle(binary: np.ndarray) -> float:
    """The angle (degrees) that makes text lines and rules horizontal: the rotation whose
    row profile is sharpest, searched coarse then fine on a small copy of the page."""
    import cv2

    scale = 800 / max(binary.shape)
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    return float(max(np.arange(best - 0.5, best + 0.51, 0.05), key=sharpness))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def rule_mask(binary: np.ndarray) -> np.ndarray:
    """Long horizontal and vertical strokes only (text, speckle and photos drop out), redrawn
    as straight lines: pieces of one rule broken by noise are joined, and each rule is drawn
    a little past its ends so that it meets the rule it stops short of at a corner."""
    import cv2

    h, w = binary.shape
    rect = cv2.MORPH_RECT
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(rect, (max(w // 30, 25), 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(rect, (1, max(h // 40, 25))))
    out = np.zeros_like(binary)
    for x0, x1, y in _segments(horizontal, axis=0):
        cv2.line(out, (x0 - RULE_REACH, y), (x1 + RULE_REACH, y), 255, 3)
    for y0, y1, x in _segments(vertical, axis=1):
        cv2.line(out, (x, y0 - RULE_REACH), (x, y1 + RULE_REACH), 255, 3)
    return out


def _segments(mask: np.ndarray, axis: int) -> list[tuple[int, int, int]]:
    """(start, end, position) of each rule in a mask of horizontal (axis 0) or vertical
    (axis 1) strokes; pieces on one line with a gap up to RULE_GAP are one rule."""
    import cv2

    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    pieces = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if axis == 0:
            pieces.append((int(x), int(x + bw - 1), int(y + bh // 2)))
        else:
            pieces.append((int(y), int(y + bh - 1), int(x + bw // 2)))
    pieces.sort(key=lambda p: (p[2], p[0]))
    rules: list[list[int]] = []
    for a, b, pos in pieces:
        for r in rules:
            if abs(r[2] - pos) <= RULE_TOL and a - r[1] <= RULE_GAP and r[0] - b <= RULE_GAP:
                r[0], r[1] = min(r[0], a), max(r[1], b)
                break
        else:
            rules.append([a, b, pos])
    return [(a, b, pos) for a, b, pos in rules]


def find_grids(rules: np.ndarray) -> list[Grid]:
    """The tables drawn by `rules`: each connected set of rules that encloses cells."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    h, w = rules.shape
    grids = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < w * 0.2 or bh < MIN_CELL_PX * 2:
            continue
        frame = (labels[y:y + bh, x:x + bw] == i).astype(np.uint8) * 255
        cells = _cells(frame, x, y)
        if len(cells) >= 2:
            grids.append(_grid((x, y, x + bw, y + bh), cells))
    return sorted(grids, key=lambda g: g.box[1])


def _cells(frame: np.ndarray, dx: int, dy: int) -> list[Cell]:
    """Closed regions inside one table's rules: its cells (the outside touches the border)."""
    import cv2

    free = cv2.bitwise_not(frame)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    fh, fw = frame.shape
    cells = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if x == 0 or y == 0 or x + bw >= fw or y + bh >= fh:
            continue  # outside the table
        if bw < MIN_CELL_PX or bh < MIN_CELL_PX or area < 0.7 * bw * bh:
            continue
        cells.append(Cell(dx + x, dy + y, dx + x + bw, dy + y + bh))
    return cells


def _edges(values: list[int]) -> list[float]:
    """Cluster coordinates into grid lines (the mean of each cluster)."""
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= EDGE_TOL_PX:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _nearest(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _grid(box: tuple[int, int, int, int], cells: list[Cell]) -> Grid:
    """Give each cell its grid row/column and spans: the grid lines are the clustered cell
    edges (a line drawn between two cells is seen from both sides, a few pixels apart)."""
    xs = _merge_sides(_edges([c.x0 for c in cells] + [c.x1 for c in cells]))
    ys = _merge_sides(_edges([c.y0 for c in cells] + [c.y1 for c in cells]))
    for c in cells:
        c.col, c.row = _nearest(xs, c.x0), _nearest(ys, c.y0)
        c.cols = max(1, _nearest(xs, c.x1) - c.col)
        c.rows = max(1, _nearest(ys, c.y1) - c.row)
    return Grid(box, cells, max(1, len(ys) - 1), max(1, len(xs) - 1))


def _merge_sides(edges: list[float], gap: float = 3 * EDGE_TOL_PX) -> list[float]:
    """The two sides of one drawn line (a cell's right edge, the next cell's left edge) lie a
    line's width apart: merge edges closer than `gap` into their middle."""
    out: list[float] = []
    for e in edges:
        if out and e - out[-1] <= gap:
            out[-1] = (out[-1] + e) / 2
        else:
            out.append(e)
    return out
