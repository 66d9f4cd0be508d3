"""Lexical channel (BM25 over folded tokens) and query repair, on the real seed rows."""
from collections import Counter

import numpy as np
import pytest
from kehoach.corpus import read_corpus
from kehoach.index.lexical import Lexical, document_tokens, query_terms
from kehoach.index.repair import (
    Restorer,
    abbreviation_expansions,
    expand_abbreviations,
    query_expansions,
    repair_query,
    restore_query,
)
from kehoach.index.rowtext import restorer_texts


@pytest.fixture(scope="module")
def rows():
    rows, errors = read_corpus()
    assert not errors
    return rows


@pytest.fixture(scope="module")
def lexical(rows):
    return Lexical.empty().extended([Counter(document_tokens(r.task)) for r in rows])


@pytest.fixture(scope="module")
def restorer(rows):
    return Restorer.from_texts(restorer_texts(rows))  # the texts the Index learns from


def top(lexical, rows, query, n=1):
    scores, _ = lexical.score_terms(query_terms(query, lexical.vocab))
    return [rows[i] for i in np.argsort(-scores, kind="stable")[:n]]


def test_query_with_and_without_diacritics_gives_the_same_tokens(lexical):
    assert query_terms("ai chủ trì số hóa hộ tịch", lexical.vocab) == \
        query_terms("ai chu tri so hoa ho tich", lexical.vocab)


def test_folded_query_reaches_the_civil_status_task(lexical, rows):
    best = top(lexical, rows, "so hoa ho tich")[0]
    assert best.commune == "Nghĩa Thọ" and "hộ tịch" in best.task


def test_document_code_matches_whole(lexical, rows):
    hits = top(lexical, rows, "06/CP", n=2)
    assert all("06/CP" in r.task for r in hits)


def test_rare_token_is_not_outweighed_by_common_two_syllable_words(lexical, rows):
    # "trực tuyến" is in many rows; "MOOC" (written out by the lexicon: "nền tảng đào tạo trực
    # tuyến mở đại trà") in two: a row with MOOC must win
    best = top(lexical, rows, "học trực tuyến MOOC")[0].task
    assert "MOOC" in best or "trực tuyến mở đại trà" in best


def test_abbreviation_in_query_matches_the_written_out_form(lexical, rows):
    best = top(lexical, rows, "tai khoan dinh danh dien tu")[0]
    assert "VNeID" in best.task
    assert "VNeID" in top(lexical, rows, "vneid")[0].task


def test_reference_score_bounds_the_normalised_score(lexical):
    scores, ref = lexical.score_terms(query_terms("số hóa di tích lịch sử", lexical.vocab))
    assert ref > 0 and scores.max() / ref > 0.5  # (can pass 1 for short rows; the fusion clips it)
    off, off_ref = lexical.score_terms(query_terms("giá vé máy bay", lexical.vocab))
    assert off.max() / off_ref < scores.max() / ref


def test_extend_and_subset_equal_a_fresh_build(rows, lexical):
    bags = [Counter(document_tokens(r.task)) for r in rows]
    keep = np.arange(0, len(rows), 2)
    grown = Lexical.empty().extended(bags[:10]).extended(bags[10:])
    shrunk = grown.subset(keep)
    fresh = Lexical.empty().extended([bags[i] for i in keep])
    q = query_terms("chuyển đổi số doanh nghiệp", fresh.vocab)
    np.testing.assert_allclose(shrunk.score_terms(q)[0], fresh.score_terms(q)[0], rtol=1e-5)
    np.testing.assert_allclose(grown.score_terms(q)[0], lexical.score_terms(q)[0], rtol=1e-5)


def test_save_and_load_round_trip(tmp_path, lexical):
    lexical.save(tmp_path)
    back = Lexical.load(tmp_path, lexical.n_docs)
    assert isinstance(back.rows, np.memmap)  # weights read from disk as queries touch them
    q = query_terms("an toàn thông tin", lexical.vocab)
    np.testing.assert_allclose(back.score_terms(q)[0], lexical.score_terms(q)[0], rtol=1e-6)
    # the counts, left on disk until a change needs them, come back the same
    assert (back.counts != lexical.counts).nnz == 0
    keep = np.arange(0, lexical.n_docs, 2)
    np.testing.assert_allclose(back.subset(keep).score_terms(q)[0], lexical.subset(keep).score_terms(q)[0], rtol=1e-6)


def test_restorer_learns_accents_from_the_corpus(restorer):
    assert restorer.restore("ai chu tri so hoa ho tich") == "ai chủ trì số hóa hộ tịch"
    assert restorer.restore("dich vu cong truc tuyen toan trinh") == "dịch vụ công trực tuyến toàn trình"
    assert restorer.restore("o Ninh Giang") == "ở Ninh Giang"  # case kept


def test_restorer_leaves_unknown_words_as_typed(restorer):
    assert restorer.restore("xyzzy so hoa") == "xyzzy số hóa"


def test_repair_keeps_a_query_that_has_accents(restorer):
    assert repair_query("số hoa", restorer) == "số hoa"


def test_words_typed_in_telex_keys_are_read_as_the_syllables_they_spell(restorer):
    """The input method off: "phoois hop" is "phối hợp"; the tone key decides ("chur" is "chủ").
    Words the corpus knows as typed, or with no form carrying those marks, stay."""
    assert restore_query("ai phoois hop tuyen truyen", restorer) == "ai phối hợp tuyên truyền"
    assert restore_query("ai chur tri so hoa ho tich", restorer) == "ai chủ trì số hóa hộ tịch"
    assert restore_query("Chur Trif", restorer) == "Chủ Trì"
    assert restore_query("truwowngf hocj", restorer) == "trường học"
    assert restore_query("số hóa, facebook, apps, OCOP, ios", restorer) == "số hóa, facebook, apps, OCOP, ios"
    assert restore_query("ddaaps xyzzys", restorer) == "ddaaps xyzzys"  # no such syllable in the plans


def test_abbreviations_expand_with_or_without_diacritics():
    assert abbreviation_expansions("CĐS") == abbreviation_expansions("cds") == ["chuyển đổi số"]
    assert expand_abbreviations("ai lo TTHC") == "ai lo thủ tục hành chính (TTHC)"
    assert abbreviation_expansions("ai chủ trì") == []  # "ai" is a question word, not AI


def test_restorer_round_trips_through_json(tmp_path, restorer):
    restorer.save(tmp_path / "r.json")
    assert Restorer.load(tmp_path / "r.json").restore("so hoa") == restorer.restore("so hoa")


def test_everyday_words_gain_the_plans_wording_in_queries_only():
    assert "người dân" in query_expansions("day ba con dung dien thoai thong minh")
    assert "hướng dẫn" not in " ".join(document_tokens("giáo viên giảng dạy"))  # documents are not expanded
    assert repair_query("dạy bà con", None) == "dạy bà con (hướng dẫn; đào tạo; người dân; Nhân dân)"


def test_bm25_is_bm25s_lucene_times_k1_plus_one():
    """Parity with a reference implementation: bm25s, method="lucene", same k1 and b, same tokens."""
    from collections import Counter

    import bm25s
    import numpy as np
    from kehoach.corpus import read_corpus
    from kehoach.index.lexical import K1, B, Lexical
    from kehoach.index.segment import syllables

    rows, _ = read_corpus()
    docs = [syllables(r.task) for r in rows]
    ours = Lexical.empty().extended([Counter(d) for d in docs])
    reference = bm25s.BM25(k1=K1, b=B, method="lucene")
    reference.index(docs, show_progress=False)
    for query in (["so", "hoa", "ho", "tich"], ["chuyen", "doi", "so"], ["phu", "song", "5g"], ["khong", "co"]):
        mine, _ = ours.scores({t: 1.0 for t in query})
        np.testing.assert_allclose(mine / (K1 + 1), reference.get_scores(query), atol=5e-6)


def test_bags_tokenised_in_a_second_process_equal_the_ones_made_here(rows, monkeypatch):
    """A large build tokenises in another process while it embeds (index.rowtext.LexicalBags):
    the same bags, in the same order, as tokenising each row here."""
    from kehoach.index.rowtext import LexicalBags, lexical_bag

    monkeypatch.setattr(LexicalBags, "BACKGROUND_FROM", 1)
    background = LexicalBags(rows)
    assert background._future is not None  # the work went to another process
    assert background.result() == [lexical_bag(r) for r in rows]
    monkeypatch.setattr(LexicalBags, "BACKGROUND_FROM", len(rows) + 1)
    assert LexicalBags(rows)._future is None
