"""Office files (.docx, .xlsx) are zip archives: check what they would unpack to before parsing.

A 2 MB .docx can hold gigabytes of XML (a zip bomb); python-docx and openpyxl would unpack and
parse it whole.  The central directory states every member's sizes, and Python's zipfile never
returns more than the stated size, so checking the stated sizes bounds what a reader can unpack.
The limits live in kehoach.settings.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kehoach.corpus.blocks import DocumentError

from kehoach import settings


def size_text(n: float) -> str:
    """1536 -> '1.5 KB', 2**31 -> '2.0 GB' (binary units, as file managers show them)."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def check_archive(path: Path, data: bytes) -> None:
    """Raise DocumentError when the archive in `data` would unpack beyond the limits: in all
    (settings.MAX_UNPACKED_BYTES) or for one member against its compressed size
    (settings.MAX_MEMBER_RATIO, for members above settings.RATIO_MIN_BYTES).  A file that is
    not a zip archive is left to the reader, which says it is damaged."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    total = 0
    for m in members:
        total += m.file_size
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > settings.RATIO_MIN_BYTES and ratio > settings.MAX_MEMBER_RATIO:
            raise DocumentError(
                f"{path.name}: file too large when unpacked ({m.filename} unpacks from "
                f"{size_text(m.compress_size)} to {size_text(m.file_size)}, {ratio:.0f} times; "
                f"at most {settings.MAX_MEMBER_RATIO} times is accepted)")
    if total > settings.MAX_UNPACKED_BYTES:
        raise DocumentError(
            f"{path.name}: file too large when unpacked ({size_text(len(data))} unpacks to "
            f"{size_text(total)}; at most {size_text(settings.MAX_UNPACKED_BYTES)} is accepted)")
