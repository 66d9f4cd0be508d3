"""Legacy .doc, RTF and OpenDocument text: converted by LibreOffice headless, then read as
.docx.  The inputs are saved by LibreOffice itself from the .docx fixture (merged cells,
automatic numbering, a .VnTime run), so each must read back to the .docx's own blocks."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from fixtures import build_task_docx
from kehoach.corpus.blocks import DocumentError
from kehoach.corpus.readers import docx, office, read_blocks

pytestmark = [pytest.mark.ocr,
              pytest.mark.skipif(office.soffice() is None, reason="needs LibreOffice (make install)")]


def save_as(source, suffix: str, folder):
    """The file LibreOffice writes when the .docx is saved as `suffix`."""
    subprocess.run([office.soffice(), f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", suffix.lstrip("."), "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    out = folder / f"{source.stem}{suffix}"
    assert out.exists()
    return out


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    return build_task_docx(folder / "ke-hoach.docx")


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".rtf"])
def test_word_files_read_like_the_docx_they_came_from(original, suffix, tmp_path):
    saved = save_as(original, suffix, tmp_path)
    assert saved.read_bytes()[:8] != original.read_bytes()[:8]  # really another format
    doc = read_blocks(saved)
    assert doc.blocks == docx.read(original).blocks  # merged cells, numbering and all
    assert doc.name == f"ke-hoach{suffix}"
    assert all(w.startswith(f"ke-hoach{suffix}:") for w in doc.warnings)


def test_without_libreoffice_the_package_is_named(original, tmp_path, monkeypatch):
    saved = save_as(original, ".doc", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError) as e:
        read_blocks(saved)
    assert str(e.value) == ("ke-hoach.doc is a legacy Word .doc file: reading it needs LibreOffice: install the "
                            "Debian package libreoffice-writer-nogui (make install), or save it as .docx")


def test_conversion_has_a_time_limit(original, tmp_path, monkeypatch):
    """A LibreOffice that hangs is killed after CONVERT_SECONDS, with one clear line."""
    from kehoach import settings

    hang = tmp_path / "bin" / "soffice"
    hang.parent.mkdir()
    hang.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 30\n")
    hang.chmod(0o755)
    monkeypatch.setenv("PATH", str(hang.parent))
    monkeypatch.setattr(settings, "CONVERT_SECONDS", 1)
    doc = tmp_path / "treo.doc"
    doc.write_bytes(b"{\\rtf1 x}")
    with pytest.raises(DocumentError, match=r"^treo\.doc: LibreOffice did not convert it within 1 s"):
        read_blocks(doc)
