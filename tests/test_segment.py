"""Segmentation: underthesea words, document codes kept whole, folded syllables."""
from kehoach.index.segment import (
    codes,
    folded_codes,
    folded_words,
    segment,
    segmented_text,
    syllables,
)

SENTENCE = ("Thực hiện Nghị quyết số 57-NQ/TW, Nghị quyết 71/NQ-CP, Đề án 06/CP và Kế hoạch số "
            "348/KH-UBND; Internet băng rộng 1Gb/s, tạo lập cơ sở dữ liệu hộ tịch.")


def test_document_codes_survive_segmentation_whole():
    words = segment(SENTENCE)
    for code in ("57-NQ/TW", "71/NQ-CP", "06/CP", "348/KH-UBND", "1Gb/s"):
        assert code in words
    assert codes(SENTENCE) == ["57-NQ/TW", "71/NQ-CP", "06/CP", "348/KH-UBND", "1Gb/s"]


def test_words_without_a_digit_are_not_codes():
    # "Chương trình/Kế hoạch" is two words and a slash, not a code
    assert codes("Chương trình/Kế hoạch được ban hành") == []


def test_multi_syllable_words_are_found_and_folded():
    words = folded_words(SENTENCE)
    assert "co_so_du_lieu" in words and "ho_tich" in words and "nghi_quyet" in words
    assert not any("/" in w for w in words)  # codes are handled apart
    assert folded_codes(SENTENCE)[0] == "57-nq/tw"


def test_syllables_are_folded_so_accents_do_not_matter():
    assert syllables("Số hóa hộ tịch, Đề án") == syllables("so hoa ho tich, de an") == \
        ["so", "hoa", "ho", "tich", "de", "an"]


def test_segmented_text_joins_syllables_of_a_word():
    assert "cơ_sở_dữ_liệu" in segmented_text("tạo lập cơ sở dữ liệu")
    assert segmented_text("") == ""


def test_old_and_new_tone_placement_segment_alike():
    assert folded_words("Văn hoá xã hội") == folded_words("Văn hóa xã hội")


def test_fixed_words_segment_every_seed_text_as_the_placeholder_swap_did():
    """Codes used to be swapped for letter-only placeholders around word_tokenize; underthesea's
    own fixed_words gives the same words on every task and output text of the seed plans."""
    import re

    from kehoach.corpus import read_corpus
    from kehoach.corpus.normalize import normalize
    from kehoach.index.segment import _CODE_RE
    from underthesea import text_normalize, word_tokenize

    def placeholder_swap(text: str) -> tuple[str, ...]:
        s, found = normalize(text), {}

        def protect(m: re.Match) -> str:
            key = "qqcode" + "abcdefghijklmnopqrstuvwxyz"[len(found)]
            found[key] = m.group(0)
            return f" {key} "

        s = _CODE_RE.sub(protect, s)
        return tuple(found.get(w.lower(), w) for w in word_tokenize(text_normalize(s))) if s.strip() else ()

    rows, _ = read_corpus()
    texts = [t for r in rows for t in (r.task, r.output) if t]
    assert len(texts) >= 300
    assert [segment(t) for t in texts] == [placeholder_swap(t) for t in texts]
