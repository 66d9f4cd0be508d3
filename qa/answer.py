"""Answers: the field a question asks, read from the best rows, with citations.

    ask("ai chủ trì số hóa hộ tịch")
    -> Answer(field="lead", answer="Văn phòng HĐND&UBND chủ trì (xã Nghĩa Thọ, nhiệm vụ 14, hạn 2025; …).",
              values=["Văn phòng HĐND&UBND"], hits=[…])

- lead/partners/deadline/output: hybrid search on the topic (qa.intent) with the commune/year
  (and, for deadline/output, an attached unit) as filters; the value is the original cell
  text of the best table row.  A narrative row (plan body) has no units: it is answered from
  the best table row within FIELD_MARGIN (its own commune first), else from the appendix row
  that covers it (COVER_*), else honestly ("the plan does not say").  When the close rows come
  from several communes with different values and the question names no commune, the answer
  is given per commune.
- count/list: from the structured rows (`Index.filter_rows`: unit + role, commune, year); a
  topic left in the question must occur in the task text.
- search: the best rows.
- no answer: when the best row is not relevant (see `relevant`), values are empty and the
  hits are the nearest rows, as suggestions.

Calibration (`relevant`), measured with e5-small-offline over the bundled plans:
see NO_ANSWER_* below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import check_decodable, fold, normalize
from kehoach.index.hits import Hit, hits_frame, renumber
from kehoach.index.segment import syllables
from kehoach.qa.intent import FIELDS_ANSWERED_FROM_SETS, Intent, Vocabulary, parse

K = 5  # cited rows returned
CANDIDATES = 10  # rows searched for a field question

# No-answer calibration: `kehoach eval --calibration` prints the best row's fused score and
# cosine for the 50 labelled questions of qa/data/calibration.tsv (e5-small-offline over the
# bundled plans).  Out of scope (25: weather, tickets, football, recipes, lottery, "ai chủ trì
# xây cầu qua sông"…): fused score 0.016-0.33 for 22, 0.41-0.49 for 3 near-domain ones (rural
# programme 0.407, village cultural house 0.483, school opening 0.494).  In scope (25
# paraphrases, with and without diacritics): 0.70-1.00; the dev questions: 0.81-1.00.  Loose
# colloquial paraphrases ("đưa nông sản lên mạng bán", "mạng di động thế hệ mới") score
# 0.41-0.57.  Threshold: 0.50, just above every out-of-scope question.
# The raw cosine alone separates less well (out <= 0.871, in >= 0.875: e5 crowds everything
# into 0.75-0.95), so it only rescues a row the model finds very close whatever the words:
# cosine scaled by the index's own calibration (0 = typical unrelated row, 1 = typical exact
# match; index.fusion) >= 0.75, i.e. cosine >= ~0.89 with e5; out-of-scope max was 0.47.
NO_ANSWER_SCORE = 0.50
NO_ANSWER_DENSE_SCALED = 0.75

# A table row answers for a narrative best row (plan body, no units) when its fused score is
# within this of the best ("an toàn thông tin mạng": narrative 0.877, table rows 0.842/0.795).
FIELD_MARGIN = 0.08
# A narrative row whose appendix row merges it with other paragraphs has no twin
# (index.search.representatives), yet that appendix row assigns it.  The narrative's own text,
# searched among the table rows of its document, finds that row: it covers the narrative when
# its fused score is >= COVER_SCORE and leads the next table row by >= COVER_LEAD.  Measured on
# the seeds (untwinned narrative rows): the five that pass are each part of their row (Ninh
# Giang 1.1 -> 1, 5.9/5.10 -> 23, 6.1/6.5 -> 26: 0.77-1.00, lead 0.16-0.43); of the others
# the highest scores 0.80 but leads its runner-up by only 0.03 (topic neighbours, not the same
# task).  Twins, for comparison, score 0.74-1.00.
COVER_SCORE = 0.75
COVER_LEAD = 0.15
# Rows of other communes join the answer (per commune when their values differ) when within
# this of the best fused score.  Measured: the same task in two communes scores 0.00-0.13
# apart ("phủ sóng 5G" 0.875/0.749, "giáo dục STEM" 0.953/0.952/0.870); the next unrelated
# row is >= 0.24 below ("số hóa hộ tịch" 0.809 -> 0.417).
COMMUNE_MARGIN = 0.15
MAX_LIST_ITEMS = 30
TASK_PREVIEW = 90  # characters of a task text inside a sentence
MAX_CITED_DEADLINE = 25  # longer deadline texts ("Theo văn bản chỉ đạo của thành phố") stay out of citations


@dataclass
class Answer:
    question: str
    field: str | None
    answer: str
    values: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    intent: Intent | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        d = {"question": self.question, "field": self.field, "answer": self.answer,
             "values": list(self.values), "hits": [h.to_dict() for h in self.hits]}
        if self.error is not None:
            d["error"] = self.error
        return d

    @property
    def rows(self):
        """The cited rows as a pandas DataFrame (same columns as `Index.search`)."""
        return hits_frame(self.hits)


# ---- tables -----------------------------------------------------------------------------
def _tsv(name: str) -> dict[str, str]:
    return dict(read_tsv("kehoach.qa", name, 1))


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return _tsv("answers.tsv")


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    return _tsv("labels.tsv")


def say(key: str, **parts) -> str:
    return templates()[key].format(**parts)


# ---- citations --------------------------------------------------------------------------
def _get(row, key):
    """A field of a Row, or of a Hit's row."""
    return getattr(getattr(row, "row", row), key, None)


def section_number(section: str | None) -> str | None:
    """'V. Đẩy mạnh chuyển đổi số…' -> 'V'; '<b>IV.</b> …' -> 'IV'; '1. Tuyên truyền' -> '1'."""
    s = re.sub(r"<[^>]+>", "", section or "").strip()
    m = re.match(r"([IVXLC]+|\d+(?:\.\d+)*)[.)]?\s", s + " ")
    return m.group(1) if m else None


def cite(row, *, commune: bool = True, deadline: bool = True) -> str:
    """'xã Nghĩa Thọ, nhiệm vụ 14, hạn 2025; nghia-tho_ke-hoach-57.txt, mục IV'."""
    first = []
    if commune and _get(row, "commune"):
        first.append(f"xã {_get(row, 'commune')}")
    stt = _get(row, "stt")
    if _get(row, "kind") == "task" and stt:
        first.append(f"nhiệm vụ {stt}")
    elif _get(row, "kind") == "narrative":
        first.append(f"nội dung kế hoạch{' ' + stt if stt else ''}")
    due = normalize(_get(row, "deadline") or "")
    if deadline and due and len(due) <= MAX_CITED_DEADLINE:
        first.append(f"hạn {due}")
    second = [str(_get(row, "doc"))] if _get(row, "doc") else []
    sec = section_number(_get(row, "section"))
    if sec:
        second.append(f"mục {sec}")
    return "; ".join(p for p in (", ".join(first), ", ".join(second)) if p)


def preview(text: str | None, limit: int = TASK_PREVIEW) -> str:
    s = normalize(text or "")
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + "…"


# ---- relevance ----------------------------------------------------------------------------
def relevant(hit: Hit, calibration=None) -> bool:
    """Is the best row an answer, or only the nearest row of a corpus that does not cover the
    question?  (See NO_ANSWER_*.)  Structured rows (count/list, filters only) always are."""
    cos = hit.dense
    if cos is None:
        return True
    if hit.score >= NO_ANSWER_SCORE:
        return True
    if calibration is not None and calibration.hi > calibration.lo:
        return (cos - calibration.lo) / (calibration.hi - calibration.lo) >= NO_ANSWER_DENSE_SCALED
    return False


# ---- asking -----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def default_index():
    """The default index, opened once per process: a notebook looping over questions with
    `ask(q)` should not re-verify the index and reload the model for every question."""
    from kehoach.index.search import Index

    return Index.open()


def ask(question: str, index=None, k: int = K, *, generate: bool | None = None) -> Answer:
    """Answer a Vietnamese question from the plans in `index` (None: `Index.open()`).

    Raises ValueError on an empty question.  `generate`: compose the sentence with the
    configured LLM endpoint (qa.generate; None = when KEHOACH_LLM_URL is set)."""
    if question is None or not normalize(question):
        raise ValueError("empty question: type a question (e.g. \"ai chủ trì số hóa hộ tịch\")")
    check_decodable(question, "question")
    if index is None:
        index = default_index()
    intent = parse(question, _vocabulary(index))
    if intent.topic and not re.search(r"\w", intent.topic):  # only emoji or signs left: no topic
        intent = replace(intent, topic="")
    if intent.unknown_communes and not intent.communes:
        sentence = say("no_commune", names=", ".join(intent.unknown_communes), known=", ".join(index.communes()))
        return Answer(intent.question, intent.field, sentence, intent=intent)
    if intent.field in FIELDS_ANSWERED_FROM_SETS:
        result = _from_set(intent, index, k)
    else:
        result = _from_search(intent, index, k)
    from kehoach.qa.generate import reword

    return reword(result, generate)


def _vocabulary(index) -> Vocabulary:
    """The index's names, computed once per version of its rows: every add/remove gives the
    index a new `rows` list, so the list itself (held here, so its id cannot be reused) is the key."""
    cached = getattr(index, "_qa_vocabulary", None)
    if cached and cached[0] is index.rows:
        return cached[1]
    vocab = Vocabulary.from_index(index)
    try:
        index._qa_vocabulary = (index.rows, vocab)
    except AttributeError:
        pass
    return vocab


def _filters(intent: Intent) -> dict:
    f: dict = {}
    if intent.communes:
        f["commune"] = intent.communes if len(intent.communes) > 1 else intent.communes[0]
    if intent.year is not None:
        f["year"] = intent.year
    return f


def _row_hit(row, rank: int) -> Hit:
    return Hit(row, rank, 1.0)


# ---- field and search questions -------------------------------------------------------------
def _from_search(intent: Intent, index, k: int) -> Answer:
    filters = _filters(intent)
    calibration = getattr(index, "calibration", None)
    if intent.units:  # for these fields, only a unit next to a role word (qa.intent rule 5)
        filters.update(unit=intent.units[0], role=intent.role)
    if intent.stt:  # "nhiệm vụ 14": the numbered rows, ranked by the topic when there is one
        numbered = [r for r in index.filter_rows(kind="task", **filters) if (r.stt or "") == intent.stt]
        ids = {r.id for r in numbered}
        hits = index.hits(intent.topic, max(k, len(ids)), ids=ids, **filters) if intent.topic and numbered else []
        if intent.topic and not (hits and relevant(hits[0], calibration)):
            # no numbered row is about the topic: the number was not a task number ("muc 2"
            # typed without accents is also "mức 2"), so the topic alone decides
            hits = index.hits(intent.topic, max(k, CANDIDATES), **filters)
        hits = hits or [_row_hit(r, i) for i, r in enumerate(numbered, 1)]
    elif intent.topic:
        hits = index.hits(intent.topic, max(k, CANDIDATES), **filters)
    elif set(filters) - {"role"}:
        rows = index.filter_rows(kind="task", **filters)
        hits = [_row_hit(r, i) for i, r in enumerate(rows, 1)]
    else:
        return Answer(intent.question, intent.field, say("no_topic"), intent=intent)
    if not hits:
        return Answer(intent.question, intent.field, say("no_answer_empty"), intent=intent)
    best = hits[0]
    if not relevant(best, calibration):
        return Answer(intent.question, intent.field, say("no_answer", value=preview(best.row.task), cite=cite(best)),
                      [], renumber(hits[:k]), intent)
    if intent.field == "search":
        good = [h for h in hits[:k] if h is best or relevant(h, calibration)]
        return Answer(intent.question, "search", say("search", value=preview(best.row.task), cite=cite(best)),
                      [normalize(h.row.task) for h in good], renumber(hits[:k]), intent)
    return _field_answer(intent, hits, k, calibration, index)


def _covering_row(hit: Hit, index, column: str) -> Hit | None:
    """The appendix row that covers narrative row `hit` (see COVER_*), as a hit ranked like it."""
    if index is None or not hasattr(index, "hits"):
        return None
    rows = index.hits(hit.row.task, 2, doc=hit.row.doc_key or hit.row.doc, kind="task")
    if not rows or rows[0].score < COVER_SCORE or not _value(rows[0], column):
        return None
    if len(rows) > 1 and rows[0].score - rows[1].score < COVER_LEAD:
        return None
    return replace(rows[0], score=hit.score, dense=hit.dense)


def _value(hit: Hit, column: str) -> str:
    return normalize(getattr(hit.row, column) or "")


def _same_value(a: Hit, b: Hit, column: str) -> bool:
    if column in ("lead", "partners"):
        key = "lead_units" if column == "lead" else "partner_units"
        if getattr(a.row, key) and getattr(b.row, key):
            return sorted(getattr(a.row, key)) == sorted(getattr(b.row, key))
    return fold(_value(a, column)) == fold(_value(b, column))


def _field_answer(intent: Intent, hits: list[Hit], k: int, calibration=None, index=None) -> Answer:
    column = intent.column
    best = hits[0]
    top = best.score
    # the row that answers: the best row; for a narrative best row (plan body, no units), the
    # best table row within FIELD_MARGIN, of its commune first.  A best table row that leaves
    # the field empty is said so, rather than answered from another task.
    if best.row.kind == "task":
        answering = best if _value(best, column) else None
    else:
        near = [h for h in hits if h.row.kind == "task" and _value(h, column) and top - h.score <= FIELD_MARGIN]
        same = [h for h in near if h.row.commune == best.row.commune]
        answering = (same or near or [None])[0] or _covering_row(best, index, column)
    if answering is None:
        label = labels()[f"label:{column}"]
        return Answer(intent.question, intent.field,
                      say("no_value", label=label, value=preview(best.row.task), cite=cite(best)),
                      [], renumber(hits[:k]), intent)
    # close rows: other communes (when none is named) and other documents of the same commune
    close = [h for h in hits if h is not answering and h.row.kind == "task" and _value(h, column)
             and top - h.score <= COMMUNE_MARGIN and relevant(h, calibration)
             and (not intent.communes or h.row.commune == answering.row.commune)]
    per_commune = {answering.row.commune: answering}
    for h in close:
        per_commune.setdefault(h.row.commune, h)
    cite_kw = {"deadline": column != "deadline"}
    if any(not _same_value(answering, h, column) for h in per_commune.values()):
        cited = list(per_commune.values())
        items = "; ".join(f"xã {h.row.commune}: " + say(intent.field, value=_value(h, column),
                                                        cite=cite(h, commune=False, **cite_kw)).rstrip(".")
                          for h in cited)
        sentence = say("per_commune", items=items)
    else:
        cited = [answering] + [h for h in close if _same_value(answering, h, column)]
        sentence = say(intent.field, value=_value(answering, column), cite=cite(answering, **cite_kw))
        others = [h for h in cited[1:] if h.row.commune != answering.row.commune]
        if others:
            sentence = sentence[:-1] + say("also", refs=", ".join(
                f"xã {h.row.commune} ({_ref_hit(h)})" for h in others))
    values = []
    for h in cited:
        v = _value(h, column)
        if v and v not in values:
            values.append(v)
    ids = {h.id for h in cited}
    ordered = cited + [h for h in hits if h.id not in ids]
    return Answer(intent.question, intent.field, sentence, values, renumber(ordered[:max(k, len(cited))]), intent)


# ---- count and list questions ---------------------------------------------------------------
def _from_set(intent: Intent, index, k: int) -> Answer:
    if intent.subject:  # "Sở Y tế chủ trì bao nhiêu nhiệm vụ?": a unit this index does not know
        examples = ", ".join(f"“{u}”" for u in index.units()[:4])
        return Answer(intent.question, intent.field, say("no_unit", units=examples), intent=intent)
    filters = _filters(intent)
    rows = []
    seen = set()
    for unit in intent.units or [None]:
        extra = {"unit": unit, "role": intent.role} if unit else {}
        for r in index.filter_rows(kind="task", **filters, **extra):
            if r.id not in seen:
                seen.add(r.id)
                rows.append(r)
    if intent.topic:
        rows = _about(rows, intent, index)
    parts = _scope(intent)
    hits = [_row_hit(r, i) for i, r in enumerate(rows, 1)]
    n = len(rows)
    if intent.field == "count":
        key = ("count_unit" if intent.units else "count_all") if n else "count_zero"
        # zero rows about a topic means the plans hold no such task (as for a list), not a count
        # of 0: "Nghĩa Sơn có bao nhiêu hộ nghèo" is not answered "0"
        values = [str(n)] if n or not intent.topic else []
        return Answer(intent.question, "count", say(key, n=n, refs=_refs(rows), **parts), values, hits, intent)
    if not n:
        return Answer(intent.question, "list", say("list_zero", **parts), [], [], intent)
    items = "; ".join(f"{i}) {preview(r.task)} ({_ref(r, len(intent.communes) != 1)})"
                      for i, r in enumerate(rows[:MAX_LIST_ITEMS], 1))
    if n > MAX_LIST_ITEMS:
        items += f"; … (+{n - MAX_LIST_ITEMS})"
    return Answer(intent.question, "list", say("list_unit" if intent.units else "list_all", n=n, items=items, **parts),
                  [normalize(r.task) for r in rows], hits, intent)


def _about(rows, intent: Intent, index):
    """Rows whose task text holds every word of the topic; else the relevant search hits among them."""
    words = set(syllables(intent.topic))
    inside = [r for r in rows if words <= set(syllables(f"{r.task} {r.output or ''}"))]
    if inside or not rows:
        return inside
    allowed = {r.id for r in rows}
    hits = index.hits(intent.topic, max(CANDIDATES, len(rows)), **_filters(intent))
    calibration = getattr(index, "calibration", None)
    keep = {h.id for h in hits if h.id in allowed and relevant(h, calibration)}
    return [r for r in rows if r.id in keep]


def _scope(intent: Intent) -> dict[str, str]:
    """The pieces of a count/list sentence: who, where, when, about."""
    verb = labels()["role:" + intent.role]
    return {
        "who": f"{' / '.join(intent.units)} {verb}" if intent.units else "",
        "by": f" do {' / '.join(intent.units)} {verb}" if intent.units else "",
        "where": (" ở xã " + ", ".join(intent.communes)) if intent.communes else "",
        "when": f" có hạn trong năm {intent.year}" if intent.year is not None else "",
        "about": f" về “{intent.topic}”" if intent.topic else "",
    }


def _ref_hit(hit: Hit) -> str:
    return f"nhiệm vụ {hit.row.stt or hit.id}; {hit.row.doc}"


def _ref(row, with_commune: bool = True) -> str:
    """Short reference inside lists: 'xã Nghĩa Sơn, nhiệm vụ 13'."""
    where = f"xã {row.commune}, " if with_commune and row.commune else ""
    return f"{where}nhiệm vụ {_number(row)}"


def _number(row) -> str:
    """The row's number within its document: the id after '#' (unique there, unlike STT,
    which restarts in each section of some appendices)."""
    return row.id.split("#", 1)[1] if "#" in row.id else (row.stt or row.id)


def _refs(rows) -> str:
    """'nghia-son_phu-luc-02.txt: nhiệm vụ 13, 22; …' grouped by document."""
    by_doc: dict[str, list[str]] = {}
    for r in rows:
        by_doc.setdefault(r.doc, []).append(_number(r))
    out = []
    for doc, numbers in by_doc.items():
        shown = ", ".join(numbers[:MAX_LIST_ITEMS]) + (" …" if len(numbers) > MAX_LIST_ITEMS else "")
        out.append(f"{doc}: nhiệm vụ {shown}")
    return "; ".join(out)
