"""Images of plan pages (.png, .jpg, .tif — a scan or a phone photo): OCR'd in Vietnamese.

A multi-page TIFF is one document of several pages.  The image is read as greyscale with
its EXIF orientation applied (phones store photos sideways and say so in EXIF).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from kehoach.corpus.blocks import DocumentError, RawDocument
from kehoach.corpus.readers.scan import ocr_pages, scanned_blocks


def read(path: Path) -> RawDocument:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(path)
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as e:
        raise DocumentError(f"{path.name} is not a readable image (damaged or not a picture)") from e

    def render(i: int) -> np.ndarray:
        image.seek(i)
        return np.asarray(ImageOps.exif_transpose(image).convert("L"))

    with image:
        result = ocr_pages(path, count, render)
    return RawDocument(path, scanned_blocks(path, result), result.warnings)
