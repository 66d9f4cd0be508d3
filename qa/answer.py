"""Answers: the question read once (qa.intent), run on the rows, said with citations.

    ask("ai chủ trì số hóa hộ tịch")
    -> Answer(field="lead", answer="Văn phòng HĐND&UBND chủ trì (xã Nghĩa Thọ, nhiệm vụ 14, hạn 2025; …).",
              values=["Văn phòng HĐND&UBND"], hits=[…], confidence="high")

- count / list / rank / communes: from the structured rows (qa.sets).
- task: the row with that number, looked up, not searched.
- lead / partners / deadline / output (one or two of them) and search: hybrid search on the
  topic within the constraints (qa.fields), then a graded decision (qa.confidence): a
  confident answer, a tentative one that says so, or an honest "no task matches".
Every answer carries its reading ("Đơn vị: Phòng Kinh tế · vai trò: chủ trì …") and says
plainly when a constraint names nothing in the index.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.corpus.normalize import check_decodable, fold, normalize
from kehoach.index.hits import Hit, hits_frame
from kehoach.index.repair import untelex
from kehoach.qa import compare, sets
from kehoach.qa.constraints import Vocabulary
from kehoach.qa.fields import field_answer, task_answer
from kehoach.qa.intent import SET_FIELDS, Question, parse
from kehoach.qa.memo import per_rows
from kehoach.qa.render import reading, reading_line, say

from kehoach import settings

K = 5  # cited rows returned


@dataclass
class Answer:
    question: str
    field: str | None
    answer: str
    values: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    query: Question | None = None
    confidence: str = "high"  # high | tentative | none
    reading: list[tuple[str, str]] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)  # set answers: per plan, or per unit ranked
    error: str | None = None

    @property
    def intent(self) -> Question | None:  # the name the app and older callers use
        return self.query

    def to_dict(self) -> dict:
        d = {"question": self.question, "field": self.field, "answer": self.answer, "values": list(self.values),
             "confidence": self.confidence, "query": self._query_dict(), "hits": [h.to_dict() for h in self.hits]}
        if self.error is not None:
            d["error"] = self.error
        return d

    def _query_dict(self) -> dict:
        d = self.query.to_dict() if self.query else {}
        d["reading"] = reading_line(self.reading)
        return d

    @property
    def rows(self):
        """The cited rows as a pandas DataFrame (same columns as `Index.search`)."""
        return hits_frame(self.hits)


@lru_cache(maxsize=1)
def default_index():
    """The default index, opened once per process: a notebook looping over questions with
    `ask(q)` should not re-verify the index and reload the model for every question."""
    from kehoach.index.search import Index

    return Index.open()


def ask(question: str, index=None, k: int = K, *, generate: bool | None = None,
        today: dt.date | None = None) -> Answer:
    """Answer a Vietnamese question from the plans in `index` (None: the default index).

    `today`: the date "quá hạn" / "sắp đến hạn" are measured from (default: kehoach.settings.today()).
    `generate`: word the sentence with the configured LLM endpoint (qa.generate; None = when
    KEHOACH_LLM_URL is set).  Raises ValueError on an empty question."""
    if question is None or not normalize(question):
        raise ValueError("empty question: type a question (e.g. \"ai chủ trì số hóa hộ tịch\")")
    check_decodable(question, "question")
    if index is None:
        index = default_index()
    today = today or settings.today()
    q = parse(untelex(question, getattr(index, "restorer", None)), vocabulary(index))  # "phoois hop": phối hợp
    answer = _answer(q, index, k, today)
    answer.reading = reading(q, today)
    from kehoach.qa.generate import reword

    return reword(answer, generate)


def _answer(q: Question, index, k: int, today: dt.date) -> Answer:
    unknown = _unknown(q, index)
    if unknown is not None:
        return unknown
    if q.excluded_communes and not q.communes:  # "ngoài Nghĩa Thọ ra thì còn xã nào …": the others
        q.communes = [c for c in index.communes() if c not in q.excluded_communes]
    if q.fields[0] in SET_FIELDS:
        scope = sets.scope(q, index, today)
        found = {r.id for part in q.topic_parts or [q.topic]  # "… chữ ký số hoặc chứng thư số": either
                 for r in sets.about(part, scope, index, section_named=bool(q.section))}
        rows = [r for r in scope if r.id in found]
        counts = None
        if q.fields[0] == "count" and q.counts_places:
            text, values, hits = compare.count_places(q, rows, index, today)
        elif q.fields[0] == "count":
            text, values, hits = sets.count(q, rows, today)
        elif q.fields[0] == "list":
            text, values, hits = sets.listing(q, rows, today)
        elif q.fields[0] == "rank":
            text, values, hits, counts = sets.rank(q, rows, today)
        else:
            text, values, hits = compare.communes(q, rows, index, today)
        counts = counts if counts is not None else sets.tally(h.row for h in hits)
        field_name = "task" if q.fields[0] == "list" and len(values) == 1 and _asks_which_task(q) else q.field
        return Answer(q.question, field_name, text, values, hits, q, "high" if values else "none", counts=counts)
    if q.fields == ("task",):
        text, values, hits = task_answer(q, index, today)
        asked = "list" if q.number is None and len(values) > 1 else q.field  # the filters chose several
        return Answer(q.question, asked, text, values, hits, q, "high" if values else "none")
    result = field_answer(q, index, k, today)
    return Answer(q.question, q.field, result.text, result.values, result.hits, q, result.confidence)


PLURAL = re.compile(r"(?<![^\W_])(nhung|cac|liet ke|danh sach|ke)(?![^\W_])")
EXISTENTIAL = re.compile(r"(?<![^\W_])co\s+(?:\S+\s+){0,2}nao(?![^\W_]).*(?<![^\W_])(khong|chua)[\s?.!]*$")


def _asks_which_task(q: Question) -> bool:
    """"có thêm việc gì về AI", "được giao chỉ tiêu nào": number-neutral, so one task found is the
    task asked for; "những việc gì", "liệt kê", and "có việc nào … chưa?" (is there any) ask for a
    list, even of one."""
    said = [fold(cue) for field, cue in q.cues if field == "list"]
    if not said or any(PLURAL.search(c) for c in said):
        return False
    return not (EXISTENTIAL.search(q.text.fol) and not re.search(r"la (?:viec|nhiem vu) gi", q.text.fol))


def _unknown(q: Question, index) -> Answer | None:
    """A commune or unit the index does not hold: said plainly, with the closest names."""
    from kehoach.qa.constraints import closest

    if q.unknown_communes and not q.communes:
        names = ", ".join(q.unknown_communes)
        text = say("no_commune", names=names, known=", ".join(index.communes()))
        return Answer(q.question, q.field, text, query=q, confidence="none")
    if q.unknown_units and not q.units and (q.fields[0] in SET_FIELDS or q.fields[0] == "search"):
        unit = q.unknown_units[0]
        near = unit.suggestions or closest(unit.name, index.units())
        text = say("no_unit", name=unit.name, near=f"; gần nhất: {', '.join(near)}" if near else "")
        return Answer(q.question, q.field, text, query=q, confidence="none")
    return None


def vocabulary(index) -> Vocabulary:
    """The index's names, computed once per version of its rows (qa.memo)."""
    return per_rows(index, "_qa_vocabulary", lambda: Vocabulary.from_rows(index.rows))
