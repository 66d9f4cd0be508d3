"""File kinds we cannot read, and what the user should do about each.

One table, so the dispatcher and the readers give the same advice: the message follows
the file name, e.g. "bang.xls is a legacy Excel .xls file: …".  Word .doc/.rtf/.odt are read
through LibreOffice (office.py) and images are OCR'd (image.py); LEGACY_WORD is what a .docx
that is really an old .doc is told.
"""
from __future__ import annotations

from pathlib import Path

UNSUPPORTED: dict[str, str] = {
    ".xls": "is a legacy Excel .xls file: open it in Excel/LibreOffice and save as .xlsx",
    ".ods": "is an OpenDocument spreadsheet: open it in LibreOffice and save as .xlsx",
    ".ppt": "is a PowerPoint file: export it as PDF",
    ".pptx": "is a PowerPoint file: export it as PDF",
    ".zip": "is an archive: extract the documents first",
    ".rar": "is an archive: extract the documents first",
}

LEGACY_WORD = "is a legacy Word .doc file: open it in Word/LibreOffice and save as .docx"

# Old Office files (and password-protected new ones) are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def unsupported_message(path: Path) -> str | None:
    """The one-line message for a file kind we do not read, or None."""
    why = UNSUPPORTED.get(path.suffix.lower())
    return f"{path.name} {why}" if why else None


def office_container_message(path: Path, head: bytes, legacy_suffix: str) -> str | None:
    """A .docx/.xlsx that is really an OLE file: password-protected, or an old .doc/.xls
    renamed.  `head` is the start of the file (a few KB is enough for the encryption mark)."""
    if not head.startswith(OLE_MAGIC):
        return None
    if _ENCRYPTED_MARK in head:
        return f"{path.name} is password-protected: remove the password in Office and save it again"
    return f"{path.name} {UNSUPPORTED.get(legacy_suffix, LEGACY_WORD)}"
