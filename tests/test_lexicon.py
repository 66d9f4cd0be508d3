"""The everyday <-> plan wording lexicon: the table's shape, and what applying it does to a query."""
from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import fold
from kehoach.index import lexicon as lexmod
from kehoach.index.lexical import Lexical, document_tokens, query_terms
from kehoach.index.lexicon import COLUMNS, KINDS, MATCH_MODES, from_text, lexicon, says
from kehoach.index.repair import abbreviation_expansions, query_expansions, repair_query


def phrases(text: str, restored: str | None = None) -> list[str]:
    return [m.entry.phrase for m in lexicon().find(text, restored=restored)]


# ---- the table -----------------------------------------------------------------------------
def test_every_row_has_the_columns_and_an_allowed_kind():
    rows = read_tsv("kehoach.index", "lexicon.tsv")
    assert len(rows) >= 500, "hundreds of reviewed entries"
    bad = [r for r in rows if len(r) != COLUMNS or r[2] not in KINDS or r[3] not in MATCH_MODES]
    assert not bad, bad[:5]
    assert set(Counter(r[2] for r in rows)) == set(KINDS)


def test_entries_are_clean_phrase_pairs():
    entries = lexicon().entries
    keys = Counter(e.phrase.lower() for e in entries)
    assert [k for k, n in keys.items() if n > 1] == []
    for e in entries:
        assert unicodedata.is_normalized("NFC", e.phrase), e.phrase
        assert all(w.strip() and "|" not in w for w in e.wording), e
        assert all(fold(w) != fold(e.phrase) for w in e.wording) or e.kind == "spelling", e
        assert not e.case or any(c.isupper() for c in e.phrase), e  # "case" entries are capitals


def test_a_malformed_row_is_refused_with_its_number():
    with pytest.raises(ValueError, match="row 2"):
        from_text("bà con\tngười dân\tsynonym\t\t\nweb\ttrang thông tin điện tử\tsynonymous\t\t\n")
    with pytest.raises(ValueError, match="row 1: 3 columns"):
        from_text("bà con\tngười dân\tsynonym\n")


# ---- finding phrases ------------------------------------------------------------------------------
def test_folded_and_accented_queries_find_the_same_phrase():
    assert phrases("day ba con dung dien thoai") == phrases("dạy bà con dùng điện thoại") == ["dạy", "bà con",
                                                                                                   "điện thoại"]
    assert "người dân" in query_expansions("lam sao cho ba con biet")


def test_accents_typed_must_agree():
    assert phrases("khen thưởng") == ["thưởng"]
    assert phrases("thương mại điện tử") == []  # "thương", typed, is not "thưởng"
    # typed without accents, a one-syllable phrase stands only if the restored accents agree
    assert phrases("thuong mai dien tu", restored="thương mại điện tử") == []
    assert phrases("khen thuong", restored="khen thưởng") == ["thưởng"]
    # longer phrases are matched on the letters typed, whatever the restorer made of them
    assert phrases("sang ten so do", restored="sang tên số do") == ["sổ đỏ"]


def test_a_phrase_never_fires_inside_another_word_or_across_punctuation():
    lex = from_text("app\tứng dụng\tsynonym\t\t\ngiấy tờ\thồ sơ\tsynonym\t\t\n")
    assert [m.entry.phrase for m in lex.find("cài app")] == ["app"]
    assert lex.find("apple và happy") == []
    assert lex.find("giấy, tờ rơi") == []  # not across a comma
    assert [m.entry.phrase for m in lex.find("nộp giấy  tờ")] == ["giấy tờ"]


def test_the_longest_phrase_wins():
    assert phrases("dạy người dân dùng máy tính") == ["dạy người dân", "máy tính"]
    assert phrases("hóa đơn máy tính tiền") == ["hóa đơn máy tính tiền"]


def test_capitals_only_entries():
    assert "trí tuệ nhân tạo" in abbreviation_expansions("ứng dụng AI trong y tế")
    assert abbreviation_expansions("ai chủ trì") == [] and phrases("ai phụ trách công nghệ ai") == []


def test_wording_already_typed_is_not_added():
    assert says("đẩy mạnh di sản văn hóa số", "di sản văn hóa") and not says("di sản", "di sản văn hóa")
    assert "di sản văn hóa" not in query_expansions("văn hóa số, di sản văn hóa số")
    assert repair_query("di sản văn hóa số", None) == "di sản văn hóa số"


def test_only_abbreviations_reach_documents():
    assert "chuyen_doi" in document_tokens("Tổ CĐS cộng đồng")  # tokens are folded
    assert "nguoi" not in document_tokens("bà con nông dân")  # everyday words: queries only
    assert repair_query("sếp phải lo online", None) == \
        "sếp phải lo online (người đứng đầu; lãnh đạo; trực tuyến; môi trường số)"  # two wordings each


def test_use_swaps_the_table_and_back():
    small = from_text("sếp\tngười đứng đầu\tsynonym\t\t\n")
    try:
        lexmod.use(small)
        assert lexicon() is small and query_expansions("bà con") == []
    finally:
        lexmod.use(None)
    assert query_expansions("bà con")


# ---- BM25 groups -------------------------------------------------------------------------------------
def test_a_phrase_and_its_wordings_count_once_in_bm25():
    rows = ["Hướng dẫn người dân sử dụng dịch vụ công trực tuyến", "Bảo vệ trẻ em trên không gian mạng",
            "Đào tạo kỹ năng số cho cán bộ"]
    lex = Lexical.empty().extended([Counter(document_tokens(r)) for r in rows])
    terms = query_terms("hướng dẫn bà con làm thủ tục trên mạng", lex.vocab)
    assert [len(g) for g in terms.groups] == [3, 2, 4]  # bà con, thủ tục, trên mạng: typed + wordings
    scores, ref = lex.score_terms(terms)
    assert scores.argmax() == 0  # người dân + trực tuyến: the plans' wording reaches the row
    # "trên mạng" -> "trực tuyến | môi trường số | không gian mạng" is one concept: the
    # cyberspace row scores its best wording, less than every token added up would give it
    added_up, _ = lex.scores(terms.tokens())
    assert scores[1] < added_up[1]
    assert ref > 0


def test_round59_purpose_words_reach_the_plans_wording():
    """A citizen's 'khỏi cần gặp mặt' (no need to meet anyone) is the plans' 'phi tiếp xúc'; 'người
    lớn xài dịch vụ số' is 'dân số trưởng thành tiếp cận dịch vụ số'; 'gv' is a giáo viên."""
    assert "phi tiếp xúc" in query_expansions("lam giay to ma khoi can gap mat can bo")
    wording = " ".join(query_expansions("de nguoi lon biet xai dich vu so"))
    assert "dân số trưởng thành" in wording and "tiếp cận dịch vụ số" in wording
    assert "giáo viên" in query_expansions("boi duong gv tieu hoc")


def test_round79_purpose_words_reach_the_plans_wording():
    """'xuất bill điện tử' is a hóa đơn điện tử; 'nhận tiền qua điện thoại' is paying without cash;
    'đi soát … làm đúng phận sự' is checking công vụ; 'bộ nguyên tắc ăn nói' is a code of conduct."""
    assert "hóa đơn điện tử" in query_expansions("van dong ho buon ban xuat bill dien tu")
    assert "thanh toán không dùng tiền mặt" in query_expansions("giup co bac nhan tien qua dien thoai")
    wording = query_expansions("di soat xem can bo lam dung phan su")
    assert "kiểm tra" in wording and "công vụ" in wording
    wording = query_expansions("bộ nguyên tắc ăn nói, cư xử cho văn minh")
    assert {"quy tắc", "ứng xử", "văn hóa"} <= set(wording)


def test_round91_school_levels_satellites_and_cash():
    """Rows added from round 91's tune part: school levels said the everyday way, satellite images
    (the plans say "viễn thám"), carbon in its Vietnamese spelling, not carrying cash."""
    assert "trung học cơ sở" in query_expansions("thầy cô cấp 1 cấp 2 biết xài công nghệ")
    assert "sử dụng" in query_expansions("thay co cap 2 biet sai cong nghe")
    assert "viễn thám" in query_expansions("dung anh ve tinh de do xem rung hut duoc bao nhieu carbon")
    assert "hấp thụ các-bon" in query_expansions("rừng hút carbon")
    assert "thanh toán trực tuyến" in query_expansions("nop le phi khoi cam tien mat len xa")


def test_round98_central_and_capital_in_capitals():
    """'TW' and 'HN' typed in capitals are trung ương and Hà Nội (query side only: in the plans
    'TW' sits inside codes such as 57-NQ/TW); lower-case 'tw', 'hn' are left alone."""
    assert "trung ương" in query_expansions("di doi tru so cac bo nganh TW ra khoi noi do HN")
    assert "Hà Nội" in query_expansions("di doi tru so cac bo nganh TW ra khoi noi do HN")
    assert phrases("hn tw") == []
