"""How a question names one plan: by its title among a commune's plans ("Phụ lục nhiệm vụ trọng
tâm KHCN của Nghĩa Hưng"), or, among plans of no commune, by its issuer ("kế hoạch của Đảng đoàn
Quốc hội"), by what it is ("bảng deliverables", "trong báo cáo tiến độ", "WBS:") or by a document
code its title holds ("NQ 12", "QĐ 2200": qa/data/document_codes.tsv); and an appendix named by its
number ("trong phụ lục 1"), which names no topic.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from kehoach.corpus.normalize import fold
from kehoach.qa.places import SET_ASIDE
from kehoach.qa.text import Text

Span = tuple[int, int]


# ---- a plan named by its title ---------------------------------------------------------------
# The word that names one plan of a commune, then the words of its title up to a clause's end:
# "Phụ lục nhiệm vụ trọng tâm KHCN và ĐMST", "PL nhiệm vụ đến 2030 tầm nhìn 2045,".
DOCUMENT_NOUN = re.compile(r"(?<![^\W_])(?:phu luc|pl|danh muc)(?![^\W_])((?:\s+[^\W_]+){1,10}?)\s*(?=[,:;?!()]|$"
                           r"|\s+(?:cua|o|tai|thi|co|ai|nao|gi|bao nhieu|may|(?<!danh )muc|dong)(?![^\W_]))")  # not "phụ lục danh mục …"
TITLE_SKIP = {"cac", "nhung", "va", "ve", "cua", "xa", "danh", "muc", "nhiem", "vu", "ke", "hoach", "phu", "luc"}


def named_document(text: Text, documents, communes: list[str]) -> tuple[list, list[Span]]:
    """The one plan (a constraints.Document) a question names by its title among its commune's
    plans, and where ("Phụ lục nhiệm vụ trọng tâm KHCN của Nghĩa Hưng": of Nghĩa Hưng's two
    appendices, the one titled "… nhiệm vụ trọng tâm …"); or, when no commune is named, a plan of
    no commune among all ("trong phụ lục NQ71", "bảng deliverables").  A word or word pair counts
    when only that plan's title has it; nothing is named when no plan has more such words than the others."""
    scope = [d for d in documents if d.commune and (d.commune in communes if communes else True)]
    groups = [[d for d in scope if d.commune == c] for c in sorted({d.commune for d in scope})]
    for own in [g for g in groups if len(g) >= 2]:
        for m in DOCUMENT_NOUN.finditer(text.fol):
            chosen = _pick(_title_words(m.group(1)), own)
            if chosen is not None:
                return [chosen], [(m.start(), _title_goes_on(text, m.end(), fold(chosen.title)))]
    issuers = [d for d in documents if d.commune is None]
    if not communes and issuers:
        for m in [*OF_ISSUER.finditer(text.fol), *ISSUER_DOCUMENT_NOUN.finditer(text.fol), *BARE_KIND.finditer(text.fol)]:
            if SET_ASIDE.search(text.fol[:m.start()]):
                continue  # "Ngoài phụ lục của Chính phủ, …": that plan is set aside (qa.places.levels)
            said = _title_words(m.group(1))
            if m.re is not OF_ISSUER:  # "báo cáo tiến độ": the noun counts in a pair ("báo cáo"), not alone ("bảng")
                said |= {w for w in _title_words(m.group(0)) if " " in w}
            chosen = _pick(said, issuers, by_title=m.re is BARE_KIND)
            if chosen is not None:
                end = _named_up_to(text, m, chosen) if m.re is ISSUER_DOCUMENT_NOUN else m.end()
                return [chosen], [(m.start(), _title_goes_on(text, end, fold(chosen.title)))]
        for m in doc_code().finditer(text.fol):  # "trong NQ 12", "QĐ 2200": a code one plan's title has
            code = (m.group(2), code_kinds()[m.group(1)])
            having = [d for d in documents if code in _codes(d.title)]
            if len(having) > 1:  # "NQ71 … của Đảng ủy Chính phủ": the holder whose issuer is said too
                having = [d for d in having if d.issuer and fold(d.issuer) in text.fol] or having
            if len(having) > 1:  # "phụ lục II NQ57": the holder that is that appendix
                said = {a.group(1) for a in APPENDIX_NUMBER.finditer(text.fol)}
                having = [d for d in having if (a := APPENDIX_NUMBER.match(fold(d.title))) and a.group(1) in said] or having
            holders = [d for d in having if d in issuers]  # no commune named: a plan of none
            if len(having) > 1 and holders:  # "CTHĐ NQ 57", "báo cáo tiến độ … NQ 71": the one whose name has the words before it
                said = _title_words(_words_before(text.fol, m.start()))
                chosen = _pick(said, holders)
                if chosen is not None and len(said & _title_words(_named_as(chosen))) >= TITLE_WORDS_BEFORE_CODE:
                    having = [chosen]
            if len(having) == 1 and having[0] in issuers:  # "QĐ 2200 kế hoạch triển khai Nghị định 180": its title said on
                end = _title_goes_on(text, m.end(), fold(having[0].title))
                return having, [(m.start(), _issuer_goes_on(text, end, having[0]))]
    return [], []


TITLE_WORDS_BEFORE_CODE = 3  # words and pairs of its title said before a shared code ("chương trình hành động")


def _named_up_to(text: Text, m: re.Match, chosen) -> int:
    """Where a plan said by its noun ends: after the last word its title, issuer or kind has
    ("trong báo cáo tiến độ Bộ Tài chính còn …": the report, then a unit that filters)."""
    title = fold(chosen.title)
    own = _title_words(_named_as(chosen))
    last = m.start(1)
    words = list(re.finditer(r"[^\W_]+(?:[/-][^\W_]+)*", m.group(1)))
    for i, w in enumerate(words):
        if any(d.group(0) not in title for d in words[i:i + 5] if re.search(r"\d[/-]\d", d.group(0))):
            return last  # "… có thời hạn tháng 3/2025" where the title says "tháng 3-5/2025": a filter
        if not _title_words(w.group(0)) <= own:
            break
        last = m.start(1) + w.end()
    return last if last > m.start(1) else m.end()  # "KH BTNMT": said by an issuer's short name


def _words_before(folded: str, at: int, n: int = 5) -> str:
    """Up to `n` words right before `at`, within its clause."""
    clause = re.split(r"[,;:?!.()]", folded[:at])[-1]
    return " ".join(clause.split()[-n:])


@lru_cache(maxsize=1)
def title_short_forms() -> tuple[tuple[re.Pattern, str], ...]:
    """Short forms of a title's words (qa/data/title_words.tsv): "cthd" is "chuong trinh hanh dong"."""
    from kehoach.corpus.datafiles import read_tsv

    rows = sorted(read_tsv("kehoach.qa", "title_words.tsv"), key=lambda r: -len(r[0]))
    return tuple((re.compile(rf"(?<![^\W_]){re.escape(short)}(?![^\W_])"), words) for short, words in rows)


def _spelled_out(folded: str) -> str:
    for short, words in title_short_forms():
        folded = short.sub(words, folded)
    return folded


def issued_by(units: list[str], documents) -> list:
    """The plan of no commune a unit said as a plan's owner issued ("KH BTNMT", "kế hoạch Bộ TN&MT"),
    when it issued exactly one."""
    said = {fold(u) for u in units}
    issued = [d for d in documents if d.commune is None and d.issuer and fold(d.issuer) in said]
    return issued if len(issued) == 1 else []


def _codes(title: str) -> set[tuple[str, str]]:
    """The document codes a title holds, as (number, kind): "12/NQ-CP" -> ("12", "nq")."""
    return {(n.lstrip("0") or "0", k)  # "180/2026/NĐ-CP": the year between is no part of the kind
            for n, k in re.findall(r"(?<!\d)(\d{1,5})(?:\s*/\s*(?:19|20)\d\d)?\s*[/-]\s*([a-z]{1,6})", fold(title))}


def _named_as(d) -> str:
    """What a plan is called by, folded: its title, its issuer's name and the kinds of table it is."""
    return fold(f"{d.title} {getattr(d, 'issuer', None) or ''} {getattr(d, 'kind', '')}")


def _pick(said: set[str], plans: list, among: list | None = None, by_title: bool = False):
    """The plan whose own title words (those no other plan's title has, of `among` when given;
    its issuer's name counts as title) the question says most of; `by_title`: a kind said alone
    ("WBS") that two plans share breaks the tie by the one whose title (or file name) holds it."""
    words = {id(d): _title_words(_named_as(d)) for d in [*plans, *(among or [])]}  # each plan's once
    scores = []
    for d in plans:
        others = set().union(*(words[id(o)] for o in (among or plans) if o is not d))
        own = len(said & _title_words(fold(d.title))) if by_title else 0  # "WBS": wbs_plan.md, though a coded
        scores.append((len(said & (words[id(d)] - others)), own, d))  # schedule is a WBS by its kind too
    scores.sort(key=lambda x: (-x[0], -x[1]))
    best = scores[0]
    if len(scores) > 1 and best[:2] == scores[1][:2]:
        return None
    return best[2] if best[0] >= 1 or best[1] >= 1 else None


# a plan of no commune named by whose it is: "kế hoạch của Đảng đoàn Quốc hội"
OF_ISSUER = re.compile(r"(?<![^\W_])(?:ke hoach|kh|chuong trinh|phu luc|bang|bao cao|van ban)\s+(cua(?:\s+[^\W_]+){1,5}?)"
                       r"\s*(?=[,:;?!()]|$|\s+(?:thi|co|ai|nao|gi|bao nhieu|may|la)(?![^\W_]))")
# a plan of no commune named by what it is: "phụ lục NQ71", "bảng deliverables", "báo cáo của Đảng ủy",
# "trong kế hoạch tiến độ" (a bare "kế hoạch …" is more often the task's own words); a report sent
# ("báo cáo cho sở", "báo cáo gửi huyện") is the asker's own
ISSUER_DOCUMENT_NOUN = re.compile(r"(?<![^\W_])(?:phu luc|pl|danh muc|(?<!do )(?<!tinh )bang|bao cao|kh|(?:(?<=trong )|(?<=theo ))ke hoach)(?![^\W_])"
                                  r"(?!\s+(?:cua|o|tai|thi|co(?!\s+thoi\s+han)|nhiem vu|phan cong|cho|gui|len|nop)(?![^\W_]))((?:\s+[^\W_]+(?:[/-][^\W_]+)*){1,8}?)"
                                  r"\s*(?=[,:;?!()]|$|-\s|\s+(?:cua|o|tai|thi|co|ai|nao|gi|bao nhieu|may|la)(?![^\W_])"
                                  r"|(?<!hanh)\s+dong(?![^\W_]))")  # "… đồng thời", not "… hành động"; "đo bằng" is no "bảng"


# a plan of no commune named by a document code its title holds: "trong Nghị quyết 12/NQ-CP", "NQ 12", "nq12",
# "QĐ 2200" (when no other plan's title, a commune's included, holds it: "Nghị quyết 57" names none)
@lru_cache(maxsize=1)
def code_kinds() -> dict[str, str]:
    """How a document's code is said -> its kind in a title (qa/data/document_codes.tsv)."""
    from kehoach.corpus.datafiles import read_tsv

    return {phrase: kind for kind, phrase in read_tsv("kehoach.qa", "document_codes.tsv")}


@lru_cache(maxsize=1)
def doc_code() -> re.Pattern:
    said = "|".join(sorted(map(re.escape, code_kinds()), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])({said})\s*(?:so\s*)?:?\s*0*(\d{{1,5}})(?:\s*/\s*[^\W\d_]+(?:\s*-\s*[^\W\d_]+)*)?(?![^\W_])")


# a plan named by its kind alone after "trong/theo": "trong báo cáo có hạn tháng 3/2025" (the one
# progress report), "trong WBS" (the one schedule); bare elsewhere, "báo cáo" is as often a task's
# own word ("ai chủ trì báo cáo …"); "WBS phần phát triển nhân lực: …" names a part of it
BARE_KIND = re.compile(r"(?:(?<=trong )|(?<=theo )|^)(bao cao|wbs(?:\s+plan)?|schedule)(?=\s+(?:co|thi|nay|do|la|phan|muc|nhom)(?![^\W_])|\s*[,;:?!]|\s*$"
                       r"|\s+\d+(?:\.\d+)*(?![^\W_.]))")  # "WBS 1.1.10 owner?": a task of the schedule


TITLE_MORE = re.compile(r"\s*(?:[,()]\s*)*([^\W_]+(?:[/-][^\W_]+)*(?:\s+[^\W_]+(?:[/-][^\W_]+)*){0,7}?)"
                        r"(?=\s+(?:cua|o|tai|thi|co)(?![^\W_])|\s*[,:;?!()]|\s*$)")


def _issuer_goes_on(text: Text, end: int, plan) -> int:
    """Past "của <its issuer>" said after a plan's code and title ("NQ71 … của Đảng ủy Chính phủ")."""
    if not plan.issuer:
        return end
    said = re.match(rf"\s*,?\s*cua\s+{re.escape(fold(plan.issuer))}(?![^\W_])", text.fol[end:])
    return end + said.end() if said else end


def _title_goes_on(text: Text, end: int, folded_title: str) -> int:
    """Where a title said in a question ends: past a comma or a bracket when what follows is the
    same title's ("phụ lục … đến năm 2030, tầm nhìn 2045 của Nghĩa Hưng", "bảng deliverables
    (kết quả đầu ra) hướng tới mục tiêu NQ57, …", "báo cáo tiến độ NQ71 (hạn tháng 3-5/2025)").
    A date or code said whole must be the title's as written: "có hạn tháng 3/2025" after "trong
    báo cáo" is a filter, though the report's title holds "tháng 3-5/2025"."""
    title = _title_words(folded_title)
    while (m := TITLE_MORE.match(text.fol, end)) and m.end() > end:
        words = [w for w in _title_words(m.group(1)) if " " not in w]  # its words, "nq57" as "nq 57"
        joined = re.findall(r"[^\W_]+(?:[/-][^\W_]+)+", m.group(1))
        if not (re.search(r"[^\W_]", m.group(1)) and all(w in title for w in words)
                and all(j in folded_title for j in joined)):
            break
        end = m.end()
    return end


# an appendix named by its number ("trong phụ lục 1", "PL 02", "phụ lục số II"): the plan's table,
# which is what a question about tasks reads anyway; the number is no topic
APPENDIX_NUMBER = re.compile(r"(?<![^\W_])(?:(?:trong|tai|o|cua)\s+)?(?:phu luc|pl)\s+(?:so\s+)?(\d{1,2}|[ivx]{1,4})"
                             r"(?![^\W_])")


def appendix_numbers(text: Text) -> list[Span]:
    return [m.span() for m in APPENDIX_NUMBER.finditer(text.fol)]


def only_names(topic: str, documents) -> bool:
    """Is a set question's topic only more of the named plan's name ("(báo cáo tiến độ)" after the
    report is named by its dates, "theo" before "báo cáo tiến độ")?  Every word of it is in the
    plans' titles, issuers or kinds, or is a word titles are named with."""
    said = re.findall(r"[^\W_]+", fold(topic))
    named = set().union(*(re.findall(r"[^\W_]+", _named_as(d)) for d in documents))
    return bool(said) and all(w in named or w in TITLE_SKIP or w in PLAN_NAMING for w in said)


def named_by_noun(folded_question: str, topic: str) -> bool:
    """Does the topic follow a plan's noun in the question ("trong danh mục chuyển đổi số 2025-2026")?"""
    words = fold(topic).split()
    return bool(words) and bool(re.search(rf"{PLAN_NOUN.pattern}\s+(?:[^\W_]+\s+){{0,2}}?{re.escape(words[0])}",
                                          folded_question))


PLAN_NOUN = re.compile(r"(?<![^\W_])(?:danh muc|ke hoach|kh|phu luc|pl)(?![^\W_])")  # a plan said by what it is
PLAN_NAMING = {"theo", "trong", "tai", "thuoc", "so", "nq", "tw", "cp", "kh", "gui"}  # "theo báo cáo", "NQ số 15-NQ/TW", "gửi Đảng ủy CP"


def _title_words(folded: str) -> set[str]:
    """A title's words and word pairs, without the words every plan's title has; a pair with a
    number is the same either way round ("NQ57" said, "57-NQ/TW" written).  Short forms are
    spelled out ("CTHĐ": qa/data/title_words.tsv)."""
    folded = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", _spelled_out(folded))  # "nq71" is "nq 71"
    words = [w for w in re.findall(r"[^\W_]+", folded) if w not in TITLE_SKIP]
    return set(words) | {" ".join(sorted((a, b)) if a.isdigit() or b.isdigit() else (a, b)) for a, b in pairwise(words)}


# a question opening with a document's code, the plan it asks about: "QĐ 2201/QĐ-BNNMT triển khai …: ai chủ trì …"
OPENING_CODE = re.compile(r"^\s*(?:(?:theo|trong|tai)\s+)?")


# kinds whose numbers a reader can check: a plan's own number is often left blank in the text
# ("Kèm theo Kế hoạch số      /KH-BTNMT"), so "KH 09" may well be a plan read
CHECKED_KINDS = {"qd", "nq", "nd", "ct", "tt"}


def unknown_opening_code(text: Text, index) -> str | None:
    """The code a question opens with when no plan read holds it, in its title or any row ("QĐ
    2201": the plans hold QĐ 2200): the asker means a document the index does not have.  None
    when the code is known, is of a kind whose numbers are left blank (CHECKED_KINDS), or the
    question does not open with one."""
    from kehoach.qa.memo import per_rows

    m = doc_code().match(text.fol, OPENING_CODE.match(text.fol).end())
    if m is None:
        return None
    code = (m.group(2).lstrip("0") or "0", code_kinds()[m.group(1)])
    if code[1] not in CHECKED_KINDS:
        return None

    def known() -> set:
        out: set = set()
        for r in index.rows:
            for cell in (r.task, r.output, getattr(r, "plan", None), r.section):
                if cell:
                    out |= _codes(cell) | {(n, k) for k, n in _said_codes(fold(cell))}
        return out

    return None if code in per_rows(index, "_qa_codes", known) else text.orig[m.start():m.end()]


def _said_codes(folded: str) -> list[tuple[str, str]]:
    """(kind, number) of the codes a text says in words: "Nghị quyết số 57", "Chỉ thị 13"."""
    return [(code_kinds()[m.group(1)], m.group(2).lstrip("0") or "0") for m in doc_code().finditer(folded)]