"""Rows about as good as the best one for a field question: which of them answers.

The fused score cannot tell a ministry's task from the commune's copy implementing it, a row
saying the topic as one phrase from a row holding its words apart, a deadline that names the
month asked from a "Thường xuyên", or a target for 2030 from the same target for 2045.  Each
rule here moves a row tied with the best to the front, for the evidence a reader would use.
"""
from __future__ import annotations

import re

from kehoach.corpus.normalize import fold
from kehoach.index.hits import Hit
from kehoach.qa import sets


def reorder(q, hits: list[Hit]) -> list[Hit]:
    """The searched rows of a field question, the one that answers first."""
    return _by_horizon(q, _by_month(q, _by_phrase(q, _by_kind(q, hits))))


HIGHER_LEVELS = ("government", "ministry", "province")  # plans that own the tasks communes implement
OWNER_TIE = 0.02  # rows this close to the best are a tie: the plan that owns the task goes first


def _by_kind(q, hits: list[Hit]) -> list[Hit]:
    """"Bộ nào …", "sở nào …" ask for a ministry or department: only rows a Bộ/Sở leads (or of a
    plan issued at that level) can answer.  Among rows tied with the best, a question naming no
    commune is first answered from the plan that owns the task (a ministry's) rather than a
    commune's plan implementing it."""
    if q.unit_kind in ("Bộ", "Sở"):
        level = "ministry" if q.unit_kind == "Bộ" else "province"
        hits = [h for h in hits if h.row.level == level or any(u.startswith(q.unit_kind) for u in
                                                               (*h.row.lead_units, *h.row.partner_units))]
    if hits and not q.communes:
        tied = [h for h in hits if hits[0].score - h.score <= OWNER_TIE]
        owners = [h for h in tied if h.row.level in HIGHER_LEVELS]
        if owners and hits[0].row.level not in HIGHER_LEVELS:
            hits = [owners[0]] + [h for h in hits if h is not owners[0]]
    return hits


PHRASE_TIE = 0.12  # rows this close to the best are a tie that the longer run of the topic's words breaks
PHRASE_LEAD = 2  # … when it is this many words longer than the best row's


def _run(topic: list[str], row: list[str]) -> int:
    """The longest run of the topic's words that the row holds as written, in order."""
    best, ends = 0, {}
    for w in row:  # longest common run of words, in one pass over the row
        ends = {i + 1: ends.get(i, 0) + 1 for i, t in enumerate(topic) if t == w}
        best = max(best, *ends.values(), 0)
    return best


def _by_phrase(q, hits: list[Hit]) -> list[Hit]:
    """Among rows tied with the best, the one that says more of the topic as one phrase goes first:
    "kế hoạch chuyển đổi số hằng năm" is the row "Kế hoạch Chuyển đổi số xã … hàng năm", not a
    longer one holding "chuyển đổi số" and "kế hoạch công tác hằng năm" apart.  A law (decree …) named
    and said alike by tied rows is the row that says least besides it: "Dự án Luật Thủ đô (sửa đổi)",
    not "Hồ sơ đề nghị xây dựng Luật Thủ đô (sửa đổi)"."""
    topic = sets.content_words(q.topic or "")
    if len(topic) < 3 or len(hits) < 2:
        return hits
    tied = [h for h in hits if hits[0].score - h.score <= PHRASE_TIE]
    words = {id(h): sets.Words(sets.content_words(h.row.task)) for h in tied}
    named = _document_names(topic)  # "Luật Ngân sách nhà nước": a law named is that law, not "Luật KH&CN"
    if named and not any(sets.says(n, words[id(hits[0])]) for n in named):
        titled = next((h for h in tied if any(sets.says(n, words[id(h)]) for n in named)), None)
        if titled is not None:
            return [titled] + [h for h in hits if h is not titled]
    from kehoach.index.repair import expand_abbreviations

    spelled = sets.content_words(expand_abbreviations(q.topic or ""))  # "tổ CĐS cộng đồng": "Tổ Chuyển đổi số cộng đồng"
    runs = {id(h): max(_run(topic, words[id(h)].words), _run(spelled, words[id(h)].words)) for h in tied}
    best = max(tied, key=lambda h: runs[id(h)])
    if runs[id(best)] >= runs[id(hits[0])] + PHRASE_LEAD:
        return [best] + [h for h in hits if h is not best]
    if named:  # a law named, said alike by tied rows: the row that says least besides is the law itself
        said = set(topic)
        extra = {id(h): len(set(words[id(h)].words) - said) for h in tied}
        level = [h for h in tied if runs[id(h)] == runs[id(hits[0])] and any(sets.says(n, words[id(h)]) for n in named)]
        terse = min(level, key=lambda h: extra[id(h)], default=hits[0])
        if extra[id(terse)] < extra[id(hits[0])]:  # "Luật Thủ đô sửa đổi": "Dự án Luật Thủ đô (sửa đổi)", not "Hồ sơ đề nghị …"
            return [terse] + [h for h in hits if h is not terse]
    return hits


DOCUMENT_WORDS = (("luat",), ("nghi", "dinh"), ("nghi", "quyet"), ("de", "an"), ("quyet", "dinh"), ("thong", "tu"))
NAME_WORDS = 2  # words of a document's name after its kind that say which one it is


def _document_names(topic: list[str]) -> list[list[str]]:
    """The documents a topic names by kind and name: "luat ngan sach" of "sửa đổi Luật Ngân sách nhà nước"."""
    out = []
    for i in range(len(topic)):
        for kind in DOCUMENT_WORDS:
            j = i + len(kind)
            if tuple(topic[i:j]) == kind and len(topic) >= j + NAME_WORDS:
                out.append(topic[i:j + NAME_WORDS])
    return out


MONTH_TIE = 0.15  # rows this close to the best are a tie that a deadline naming a month breaks …
ASKS_MONTH = re.compile(r"(?<![^\W_])thang\s+(?:may|nao)(?![^\W_])")  # … when the question asks "tháng mấy"
NAMES_MONTH = re.compile(r"(?<![^\W_])thang\s*\d|(?<!\d)\d{1,2}\s*/\s*\d{4}")


def _by_month(q, hits: list[Hit]) -> list[Hit]:
    """"… phải xong vào tháng mấy": among rows tied with the best, one whose deadline names a
    month answers ("Tháng 11 hàng năm"), not a "Thường xuyên" one."""
    if "deadline" not in q.fields or not ASKS_MONTH.search(q.text.fol) or len(hits) < 2:
        return hits
    if NAMES_MONTH.search(fold(hits[0].row.deadline or "")):
        return hits
    dated = next((h for h in hits if hits[0].score - h.score <= MONTH_TIE and h.row.kind == "task"
                  and NAMES_MONTH.search(fold(h.row.deadline or ""))), None)
    return [dated] + [h for h in hits if h is not dated] if dated else hits


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _by_horizon(q, hits: list[Hit]) -> list[Hit]:
    """"Quy mô kinh tế số đến 2045 là bao nhiêu": one target set for 2030 and for 2045 is two rows
    of one text; the year said picks the row whose deadline holds it."""
    said = set(YEAR.findall(q.text.fol))
    if not said or len(hits) < 2 or said & set(YEAR.findall(hits[0].row.deadline or "")):
        return hits
    text = fold(hits[0].row.task)
    other = next((h for h in hits[1:] if fold(h.row.task) == text and said & set(YEAR.findall(h.row.deadline or ""))), None)
    return [other] + [h for h in hits if h is not other] if other else hits


def other_horizon(q, best: Hit) -> bool:
    """Is the best row a target set for another year than the one said ("… tới năm 2045" of a
    target "Đến năm 2030"), when no row of its text is set for that year (`_by_horizon`)?"""
    said = set(YEAR.findall(q.text.fol))
    held = set(YEAR.findall(best.row.deadline or ""))
    return bool(said and held and getattr(best.row, "measure", None) and not said & held
                and not set(YEAR.findall(fold(best.row.task))) & said)
