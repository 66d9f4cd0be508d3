"""Legacy Word .doc, RTF and OpenDocument text: converted to .docx by LibreOffice, then read
by the .docx reader (corpus/readers/docx.py), so merged cells, numbering and legacy fonts are
handled in one place.

LibreOffice runs headless in a temporary folder with a profile of its own (two conversions
at once, or a desktop LibreOffice already open, would otherwise share and lock one), on a
copy of the file under a plain name, and is killed after CONVERT_SECONDS.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.corpus.blocks import DocumentError, RawDocument

from kehoach import settings

PACKAGE = "libreoffice-writer-nogui"
KINDS = {".doc": "a legacy Word .doc file", ".rtf": "an RTF file", ".odt": "an OpenDocument text"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path) -> RawDocument:
    from kehoach.corpus.readers import docx

    kind = KINDS.get(path.suffix.lower(), "a word-processor file")
    program = soffice()
    if program is None:
        raise DocumentError(f"{path.name} is {kind}: reading it needs LibreOffice: install the Debian package "
                            f"{PACKAGE} (make install), or save it as .docx")
    with tempfile.TemporaryDirectory(prefix="kehoach-convert-") as tmp:
        work = Path(tmp)
        source = work / f"document{path.suffix.lower()}"
        shutil.copyfile(path, source)
        converted = _convert(program, source, work, path, kind)
        try:
            doc = docx.read(converted)
        except DocumentError as e:
            raise DocumentError(str(e).replace(converted.name, path.name)) from None
    return RawDocument(path, doc.blocks, [w.replace(converted.name, path.name) for w in doc.warnings])


def _convert(program: str, source: Path, work: Path, original: Path, kind: str) -> Path:
    out = work / "out"
    command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
    # its own process group, so a timeout kills LibreOffice's helper processes too
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "HOME": str(work)})
    try:
        proc.communicate(timeout=settings.CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise DocumentError(f"{original.name}: LibreOffice did not convert it within {settings.CONVERT_SECONDS} s "
                            "(open it in Word/LibreOffice and save as .docx)") from None
    result = out / f"{source.stem}.docx"
    if not result.exists() or result.stat().st_size == 0:
        raise DocumentError(f"{original.name} is {kind} that LibreOffice could not convert (damaged or "
                            "password-protected?): open it in Word/LibreOffice and save as .docx")
    return result
