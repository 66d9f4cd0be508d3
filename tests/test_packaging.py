"""The package installs under the one name `kehoach`, and nothing generic shadows it.

The design's folders (corpus/, index/, qa/) are mapped into kehoach.corpus, kehoach.index and
kehoach.qa by pyproject.toml.  Before that mapping the wheel installed top-level `corpus`,
`index`, `qa` and `ui`: a researcher's notebook folder holding an `index.py` broke
`kehoach.Index`, and any other distribution with one of those names overwrote ours.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the sources: setuptools writes build/ and *.egg-info next to them."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("kehoach", "corpus", "index", "qa"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True, cwd=out)
    return next(out.glob("kehoach-*.whl"))


def test_the_wheel_holds_only_kehoach(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"kehoach", next(t for t in tops if t.endswith(".dist-info"))}, tops
    # the design's folders and their data travel inside the package
    for path in ("kehoach/corpus/tables.py", "kehoach/corpus/readers/docx.py", "kehoach/index/search.py",
                 "kehoach/qa/answer.py", "kehoach/app/page.py", "kehoach/embed/models.py",
                 "kehoach/corpus/data/units.tsv", "kehoach/qa/data/cues.tsv", "kehoach/index/data/lexicon.tsv"):
        assert path in names, path
    assert sum(n.startswith("kehoach/corpus/seeds/") and n.endswith(".txt") for n in names) == 5


def test_the_wheel_installs_nothing_outside_kehoach(wheel, tmp_path):
    """Installed into a fresh venv (no dependencies: only what the wheel itself puts there)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    before = {p.name for p in site.iterdir()}
    # --target, not --prefix: pip would uninstall the running environment's kehoach first
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    added = {p.name for p in site.iterdir()} - before - {"bin"}  # --target puts scripts in site/bin
    assert added and all(name.startswith("kehoach") for name in added), added
    assert [p.name for p in (site / "bin").iterdir()] == ["kehoach"]  # the one console script


def test_import_works_beside_files_named_like_the_folders(tmp_path):
    """A notebook folder with its own index.py, qa.py, corpus.py and ui.py."""
    for name in ("index", "qa", "corpus", "ui"):
        (tmp_path / f"{name}.py").write_text(f"raise ImportError('the user\\'s own {name}.py was imported')\n")
    code = ("import kehoach, kehoach.index.search, kehoach.qa.answer, kehoach.corpus;"
            "rows = kehoach.read_rows(); print(len(rows), kehoach.Index.__module__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n, module = out.stdout.split()
    assert int(n) > 100 and module.startswith("kehoach.index")
