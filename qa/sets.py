"""Questions about the plans as a table: a unit's tasks, counts, rankings (which places have a
task, and how many: qa.compare).

The rows come from the structured table (kind "task"), narrowed by the question's constraints
(communes, units and role, time, task number); a topic, when there is one, narrows them
further by a yes/no relevance decision per row (`about`).  Search ranks nothing here: a list
is every matching row, in commune order then task order.
"""
from __future__ import annotations

import re
from dataclasses import replace
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from kehoach.corpus.normalize import fold
from kehoach.index.hits import selected
from kehoach.index.segment import syllables
from kehoach.qa import timeframe
from kehoach.qa import topics as topics_of
from kehoach.qa.memo import has_column, per_rows
from kehoach.qa.numbered import numbered
from kehoach.qa.render import in_section, issuer, labels, preview, ref, refs, say

MAX_LIST_ITEMS = 30
# A row is about a topic when its text holds the topic's words (lexical), or when the hybrid
# search scores it at least this high among the rows in scope.  Chosen on the tune split of the
# table questions (`make bench` reports the sweep in benchmarks/RESULTS.md).
SET_SCORE = 0.72
# A row that holds the topic's words apart, not as a phrase ("mạng 5G … phủ sóng"), needs this
# much hybrid score too: words scattered over a long task ("chính sách … thẩm quyền … tổng số")
# do not say "chính quyền số".
LOOSE_SCORE = 0.5
STOP = {"cac", "nhung", "ve", "cua", "va", "viec", "nhiem", "vu", "cho", "trong", "tai", "o", "la",
        "co", "duoc", "nao", "gi", "mot", "gom", "lai"}  # "lại": "sắp xếp lại tổ chức bộ máy" is "sắp xếp tổ chức bộ máy"
# Syllables that are function words only as a pair: "công việc", "một số" (but "công nghệ",
# "chuyển đổi số" are content).
STOP_PAIRS = re.compile(r"\b(cong viec|mot so)\b")
# A target row ("chỉ tiêu"): a rate or number to reach, as targets tables and appendices write them.
TARGET = re.compile(r"^(ty le|so luong|muc do|chi so|phan tram)|\d\s*%|(dat|toi thieu|it nhat|tren)\s+\d")
ACRONYM = re.compile(r"(?<![^\W_])[A-ZĐ]{2,}")  # a row that may hold an abbreviation (lexicon.tsv)
COLLECTIVE = re.compile(r"^(các|cơ sở|cơ quan, đơn vị)\b", re.IGNORECASE)  # "Các doanh nghiệp": not one office
COLUMN_SAID = re.compile(r"(?<![^\W_])cot\s+(?:chu tri|phoi hop|don vi)")  # the table's column named: its cells as written


QUOTED_COLUMNS = ("deadline", "output", "lead", "partners", "funding")  # where a quoted value may be written


def scope(q, index, today) -> list:
    """Table rows that pass every constraint of the question (no topic yet)."""
    filters = {"kind": "task"}
    if q.communes:
        filters["commune"] = q.communes
    if q.levels:
        filters["level"] = q.levels
    if q.documents:
        filters["doc"] = [d.key for d in q.documents]
    roles = q.unit_roles or [q.role] * len(q.units)
    each = [index.filter_rows(**filters, unit=u.name, role=role) for u, role in zip(q.units, roles, strict=True)] \
        if q.units else [index.filter_rows(**filters)]
    if q.units_together:  # "Công an xã cùng Phòng VH-XH phối hợp", "X chủ trì mà Y phối hợp": rows naming them all
        others = [{r.id for r in unit_rows} for unit_rows in each[1:]]
        rows = [r for r in each[0] if all(r.id in ids for ids in others)]
    else:  # any of the units: their rows, each once, in the order found
        rows = list({r.id: r for unit_rows in each for r in unit_rows}.values())
    if q.shared_lead:
        rows = [r for r in rows if len(r.lead_units) >= 2]
    if q.sole_lead:  # "riêng X chủ trì": X alone in the lead cell
        rows = [r for r in rows if r.lead_units == q.unit_names]
    if q.time is not None:
        rows = [r for r in rows if timeframe.matches(r, q.time, today)]
        if q.targets and q.time.kind == "active":  # "chỉ tiêu cho mốc đến năm 2045": a target set for that horizon,
            rows = [r for r in rows if not timeframe.is_recurring(r.deadline)]  # not a yearly one
    if q.section:
        rows = [r for r in rows if in_section(r.section, q.section)]
    if q.targets:
        rows = [r for r in rows if r.measure or TARGET.search(fold(r.task))]
    if q.cell is not None:
        if q.cell.text and not any(q.cell.matches(r) for r in rows):
            # "phòng nào gánh nhiều việc 'theo văn bản chỉ đạo …' nhất": the quote is a deadline's value,
            # whatever word came before it; the column that holds it is the one meant
            said = [replace(q.cell, column=column) for column in QUOTED_COLUMNS]
            q.cell = next((c for c in said if any(c.matches(r) for r in rows)), q.cell)
        rows = [r for r in rows if q.cell.matches(r)]
        if not q.cell.text:  # "cột phối hợp để trống": only a plan whose table has that column leaves it empty
            rows = [r for r in rows if has_column(index, r, q.cell.column)]
    if q.days is not None:  # "kéo dài 121 ngày": a schedule row's days from start to due date
        rows = [r for r in rows if timeframe.duration_days(r) == q.days]
    if q.number:
        rows = numbered(rows, q.number, in_section=bool(q.section))
    return rows


def content_words(text: str) -> list[str]:
    """Folded syllables of `text` without the function words (STOP)."""
    return [w for w in STOP_PAIRS.sub(" ", " ".join(syllables(text))).split() if w not in STOP]


# What kind of thing a topic names before its name: "phong trào “Bình dân học vụ số”" is about
# a row's "Chương trình “Bình dân học vụ số”" too, when the name (three words or more) is said whole.
KIND_NOUNS = {"phong trao", "chuong trinh", "ke hoach", "de an", "du an", "mo hinh", "hoat dong", "cong tac",
              "cuoc thi", "hoi thi"}
BIGRAM_SHARE = 0.75  # of a long topic's adjacent word pairs a row must hold


class Words:
    """A row's content words, in the forms `mentions` tests quickly (joined, as a set, as pairs)."""

    __slots__ = ("_pairs", "joined", "set", "words")

    def __init__(self, words: list[str]):
        self.words = words
        self.joined = f" {' '.join(words)} "
        self.set = frozenset(words)
        self._pairs = None

    @property
    def pairs(self) -> frozenset:
        if self._pairs is None:
            self._pairs = frozenset(zip(self.words, self.words[1:]))
        return self._pairs


def mentions(topic_words: list[str], row: Words) -> bool:
    """Does a row's text say the topic?  A topic of two words must occur as written (adjacent,
    in order), one of three anywhere in the row ("mạng 5G … phủ sóng"); a longer one by most of
    its adjacent pairs ("tổ chuyển đổi số cộng đồng" is not every row holding "chuyển đổi số"
    and "cộng đồng" somewhere)."""
    n = len(topic_words)
    if n == 0:
        return False
    if n <= 2:
        return f" {' '.join(topic_words)} " in row.joined
    if n == 3:
        return row.set.issuperset(topic_words)
    wanted = list(pairwise(topic_words))
    return sum(p in row.pairs for p in wanted) >= BIGRAM_SHARE * len(wanted)


SECTION_SHARE = 0.6  # of a section title's words a longer topic naming it must say


def _is_section(topic_words: list[str], row) -> bool:
    """The topic is the title of the row's section ("chỉ tiêu chuyển đổi số": the targets under
    "III. Chuyển đổi số"), or most of a long one, in its words ("phần tăng cường hợp tác phát
    triển KHCN, chuyển đổi số": "VII. Tăng cường hợp tác trong phát triển khoa học, công nghệ …")."""
    title, words = _section_words(row.section), frozenset(topic_words)
    if not words or not title:
        return False
    return title == words or (len(words) >= 4 and words <= title and len(words) >= SECTION_SHARE * len(title))


SECTION_NOUNS = {"khoi", "phan", "muc", "nhom", "chuong"}


def _called_section(words: list[str]) -> list[str]:
    """The title words of a topic that calls itself a section ("[trọn bộ] khối/phần/nhóm thúc đẩy
    doanh nghiệp"), two or more; else []."""
    if words[:2] in (["tron", "bo"], ["toan", "bo"]):
        words = words[2:]
    if words[:1] == ["thuoc"]:  # "các việc thuộc mục …"
        words = words[1:]
    return words[1:] if len(words) >= 3 and words[0] in SECTION_NOUNS else []


def in_named_section(topic: str, rows) -> list:
    """The rows under the section a topic names by its title ("phần Chuyển đổi số", "phần kinh tế
    số"): how a task number is read when numbering restarts in every section."""
    words = content_words(topic)
    called = _called_section(words)
    return [r for r in rows if _is_section(words, r) or (called and set(called) <= _section_words(r.section))]


@lru_cache(maxsize=4096)
def _section_words(section: str | None) -> frozenset[str]:
    title = re.sub(r"^\s*[\w.]+[.)]\s+", "", (section or "").split(" › ")[-1])
    return frozenset(content_words(title))


def about(topic: str, rows, index, threshold: float = SET_SCORE, *, section_named: bool = False) -> list:
    """The rows (of `rows`) a person would say are about `topic`: the row says the topic (or the
    plans' wording for it, index.repair), or the hybrid score of the row is >= `threshold`.
    `section_named`: the question named the rows' section ("phần nhân lực (mục IV)"): a topic
    in the words of its title only names it again."""
    if not topic or not rows:
        return list(rows)
    from kehoach.index.repair import expand_abbreviations, query_rewrites, restore_query

    written_out = re.sub(r"\s*\([^()]*\)", "", expand_abbreviations(topic))  # "KHCN" -> "khoa học, công nghệ"
    if section_named:  # "nhóm III đầu tư & hạ tầng": of the plans' parts III, the one so titled
        said = set(content_words(written_out)) - {"thuoc"}  # "các việc thuộc mục VII hợp tác"
        titled = [r for r in rows if said <= _section_words(r.section)]
        if titled or said <= set().union(*(_section_words(r.section) for r in rows)):
            return titled or list(rows)
    wordings = query_rewrites(topic, restore_query(topic, getattr(index, "restorer", None)))  # "thuc day": no "dạy"
    topics = [content_words(t) for t in dict.fromkeys((topic, written_out, *wordings))]
    topics += [w for w in [content_words(topics_of.without_theme(topic))] if len(w) >= 3 and w not in topics]
    named_thing = [t[n:] for t in topics for n in range(1, 3) if " ".join(t[:n]) in KIND_NOUNS and len(t) - n >= 3]
    words = _row_words(index)
    named = {r.id for r in rows if any(_is_section(t, r) for t in topics)}
    called = _called_section(topics[0])  # "khối thúc đẩy doanh nghiệp"
    named |= {r.id for r in rows if called and set(called) <= _section_words(r.section)}
    if named:  # the topic is a section's title: that section's rows, and rows saying it as written
        as_said = [topics[0], content_words(written_out)]
        return [r for r in rows if r.id in named or any(says(t, words[r.id]) for t in as_said)]
    keep = {r.id for r in rows if any(says(t, words[r.id]) for t in topics + named_thing)}
    loose = {r.id for r in rows if r.id not in keep and any(mentions(t, words[r.id]) for t in topics)}
    scores = index.scores(topic, [r.id for r in rows if r.id not in keep])
    rare = _rare_words(topic, index)  # "bồi dưỡng giáo viên …": "giáo viên" is what it is about
    holds = {i for i in scores if index.position.get(i) in rare}
    keep.update(i for i, s in scores.items() if s >= (LOOSE_SCORE if i in loose or i in holds else threshold)
                and (not rare or i in holds or i in loose))
    if not keep and topics_of.is_theme(topic):  # "đơn vị nào chủ trì nhiều nhiệm vụ chuyển đổi số nhất": the plan is about it
        return list(rows)
    return [r for r in rows if r.id in keep]


SPECIFIC_ROWS = 5  # a topic's word (of two syllables or more) in at most this many rows names what it is about


def _rare_words(topic: str, index) -> set[int]:
    """The positions of the rows holding a word of the topic that at least one and at most
    SPECIFIC_ROWS rows hold (the index's segmented words: "giáo_viên", not "hóa hộ" across two):
    a row holding none is about something else, however close its score ("đào tạo, bồi dưỡng cán
    bộ" is not "bồi dưỡng giáo viên").  Empty when the topic has no such word."""
    from kehoach.index.lexical import query_terms

    lexical = getattr(index, "lexical", None)
    if lexical is None:
        return set()
    out: set[int] = set()
    for token in query_terms(topic, lexical.vocab).base:
        j = lexical.vocab.get(token) if "_" in token else None
        if j is not None and 0 < lexical.indptr[j + 1] - lexical.indptr[j] <= SPECIFIC_ROWS:
            out.update(int(p) for p in lexical.rows[lexical.indptr[j]:lexical.indptr[j + 1]])
    return out


def says(topic_words: list[str], row: Words) -> bool:
    """The row holds the topic's words as one phrase ("chính quyền số", not "chính sách … thẩm
    quyền … số")."""
    return bool(topic_words) and f" {' '.join(topic_words)} " in row.joined


def _row_words(index) -> dict[str, Words]:
    """Each row's content words (task and output), computed once per version of the index's
    rows (qa.memo)."""
    from kehoach.index.repair import expand_abbreviations

    def text(r) -> str:  # "Trang TTĐT" says "trang thông tin điện tử" too
        t = f"{r.task} {r.output or ''}"
        return expand_abbreviations(t) if ACRONYM.search(t) else t

    return per_rows(index, "_qa_row_words", lambda: {r.id: Words(content_words(text(r))) for r in index.rows})


def per_commune(topic: str, index, threshold: float = SET_SCORE) -> dict[str, object]:
    """Each commune's best row about `topic` (a Hit), or None when it has none: the same
    decision as "xã nào có / chưa có nhiệm vụ về …"."""
    relevant = {r.id for r in about(topic, index.filter_rows(kind="task"), index, threshold)}
    best: dict[str, object] = {c: None for c in index.communes()}
    for h in index.hits(topic, len(index.rows), ids=list(relevant)) if relevant else []:
        if h.row.commune in best and best[h.row.commune] is None:
            best[h.row.commune] = h
    return best


def ordered(rows) -> list:
    """Commune order, then the order of the plans' own tables."""
    names = {r.commune or issuer(r) for r in rows}
    key = {name: fold(name) for name in names}
    order = sorted(range(len(rows)), key=lambda i: (key[rows[i].commune or issuer(rows[i])], i))
    return [rows[i] for i in order]


def parts(q, today) -> dict[str, str]:
    """The pieces of a set sentence: who, where, when, about."""
    verb = labels()["role:" + q.role]
    names = (" cùng " if q.units_together else " / ").join(q.unit_names)
    said = f"{names} {verb}" if names else ""
    if q.sole_lead:  # "những việc mà riêng X chủ trì"
        said = f"Chỉ riêng {names} {verb}"
    if q.unit_roles:  # "Phòng Văn hóa - Xã hội chủ trì, Văn phòng HĐND&UBND phối hợp"
        said = ", ".join(f"{u.name} {labels()['role:' + role]}" for u, role in zip(q.units, q.unit_roles, strict=True))
        if len(set(q.unit_names)) == 1:  # one unit in both columns
            said = f"{q.unit_names[0]} vừa " + " vừa ".join(labels()["role:" + role] for role in q.unit_roles)
    return {
        "who": said,
        "by": f" do {said[:1].lower() + said[1:] if q.sole_lead else said}" if said else (" do hai đơn vị trở lên cùng chủ trì" if q.shared_lead else ""),
        "verb": verb,
        "where": (" ở " + ", ".join(q.place(c) for c in q.communes)) if q.communes else "",
        "when": (f" ({q.time.label(today)})" if q.time is not None else (f" ({q.cell.label()})" if q.cell else ""))
        + (f" (kéo dài {q.days} ngày)" if q.days is not None else ""),
        "about": f" về “{q.topic}”" if q.topic else "",
    }


def count(q, rows, today):
    """values: [n]; zero rows is no answer ("bao nhiêu hộ nghèo", a unit the commune's plan does not
    name): the contract's empty values, and the sentence says "(0)"."""
    n = len(rows)
    key = ("count_unit" if q.units else "count_all") if n else "count_zero"
    values = [str(n)] if n else []
    return say(key, n=n, refs=refs(rows), **parts(q, today)), values, selected(rows)


def listing(q, rows, today):
    """values: every task text, in commune order then task order; the sentence groups them by plan."""
    rows = ordered(rows)
    if not rows:
        return say("list_zero", **parts(q, today)), [], []
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(issuer(r), []).append(r)
    shown, items = 0, []
    for who, members in groups.items():
        lines = []
        for r in members:
            if shown < MAX_LIST_ITEMS:
                lines.append(f"{ref(r, with_issuer=False)}: {preview(r.task)}")
                shown += 1
        if lines:  # one plan the question named: the sentence already says where
            named = len(groups) == 1 and q.communes
            items.append("; ".join(lines) if named else f"{who} ({len(members)}): " + "; ".join(lines))
    text = " | ".join(items) + (f" | … (+{len(rows) - shown})" if len(rows) > shown else "")
    key = "list_unit" if q.units else "list_all"
    return say(key, n=len(rows), items=text, **parts(q, today)), [r.task for r in rows], selected(rows)


def tally(rows) -> list[tuple[str, int]]:
    """How many of `rows` each plan holds (by issuer), most first: the bars under a set answer."""
    counts = Counter(issuer(r) for r in rows)
    return sorted(counts.items(), key=lambda kv: (-kv[1], fold(kv[0])))


def _with_written(name: str, rows) -> str:
    """A unit with the way its plans write it when they never write its name in full: "Bộ Thông
    tin và Truyền thông (Bộ TTTT)", so a reader finds it as the table says it."""
    cells = [(units, cell) for r in rows for units, cell in ((r.lead_units, r.lead), (r.partner_units, r.partners))
             if name in units and cell]
    def key(text: str) -> str:  # "KH, CN&MT" and "KH,CN&MT" are one spelling
        return re.sub(r"[\W_]+", "", fold(text))

    if any(key(name) in key(cell) for _, cell in cells):
        return name
    written = Counter(cell.strip() for units, cell in cells if units == [name])
    return f"{name} ({written.most_common(1)[0][0]})" if written else name


def rank(q, rows, today):
    """values: names from most to fewest (fewest first for "ít nhất"); the sentence gives counts,
    and the (name, count) pairs come back for the bars."""
    counts: Counter = Counter()
    as_written = bool(COLUMN_SAID.search(q.text.fol))  # "ghi ở cột phối hợp nhiều nhất": every name in the cells counts
    for r in rows:
        if q.rank_by == "commune":
            if r.commune:
                counts[r.commune] += 1
            continue
        names = {"lead": r.lead_units, "partner": r.partner_units}.get(q.role, [*r.lead_units, *r.partner_units])
        for name in dict.fromkeys(names):
            if (COLLECTIVE.match(name) and not as_written) or (q.unit_kind and not name.startswith(q.unit_kind)) \
                    or name in q.excluded_units:
                continue
            counts[name] += 1
    if not counts:
        return say("rank_zero", **parts(q, today)), [], [], []
    reverse = q.rank_order == "most"
    names = sorted(counts, key=lambda n: (-counts[n] if reverse else counts[n], fold(n)))
    shown = {n: q.place(n) if q.rank_by == "commune" else _with_written(n, rows) for n in names}
    items = "; ".join(f"{shown[n]} ({counts[n]})" for n in names[:8])
    order = "nhiều" if reverse else "ít"
    key = "rank_commune" if q.rank_by == "commune" else "rank_unit"
    first = names[0]
    cited = [r for r in rows if (r.commune == first if q.rank_by == "commune"
                                 else first in (*r.lead_units, *r.partner_units))]
    values = names if q.rank_by == "commune" else [shown[n] for n in names]
    kinds = place_kinds(q, names) if q.rank_by == "commune" else ""
    return (say(key, order=order, items=items, places=kinds, Places=kinds[:1].upper() + kinds[1:], **parts(q, today)), values,
            selected(cited), [(v, counts[n]) for v, n in zip(values, names)])


def place_kinds(q, names) -> str:
    """The kinds of the places named, as the answer calls them ("xã", "xã, phường"): never "Các xã
    … phường Tân An"; "nơi" when a place has no kind word."""
    heads = list(dict.fromkeys(q.place(n).split()[0] for n in names))
    return ", ".join(heads) if heads and all(h.islower() for h in heads) else "nơi"
