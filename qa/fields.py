"""Field questions (who leads, who helps, when, what output — one or two of them), search, task N.

The topic is searched within the question's constraints; the best table row answers.  A
narrative best row (plan body, no units) is answered from the best table row within
FIELD_MARGIN (its own plan first), else from the appendix row that covers it (COVER_*), else
honestly ("the plan does not say"); a best row whose table has no such column at all (a
deliverables table: no partners) gives way to a close row that has one.  When close rows of
other plans give different values and the question names no commune, the answer is given per
plan.  Which of the rows tied with the best answers is qa.ties'; whether the best row answers at
all is graded by qa.confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kehoach.corpus.normalize import fold, normalize
from kehoach.corpus.units import canonical_units
from kehoach.index.hits import Hit, renumber, selected
from kehoach.qa import confidence, plans, sets, ties, timeframe
from kehoach.qa.cells import cost
from kehoach.qa.constraints import LAST
from kehoach.qa.memo import has_column
from kehoach.qa.numbered import numbered
from kehoach.qa.render import cite, in_section, issuer, labels, preview, say

CANDIDATES = 10  # rows searched for a field question
# Thresholds below were measured on the seeds; benchmarks/RESULTS.md keeps the measurements.
FIELD_MARGIN = 0.08  # a table row answers for a narrative best row within this fused score
COVER_SCORE = 0.75  # a narrative's text finds the appendix row that merges it with others ...
COVER_LEAD = 0.15  # ... when that row leads the next one by this much
PLAN_MARGIN = 0.15  # rows of other plans join the answer within this of the best score


@dataclass
class FieldResult:
    text: str
    values: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    confidence: str = "high"


def _filters(q) -> dict:
    f: dict = {}
    if q.communes:
        f["commune"] = q.communes
    if q.units:
        f["unit"], f["role"] = q.units[0].name, q.role
    if q.levels:
        f["level"] = q.levels
    if q.documents:
        f["doc"] = [d.key for d in q.documents]
    return f


def _allowed_ids(q, index, today) -> list[str] | None:
    """Row ids the time constraint allows (None: no time constraint)."""
    if q.time is None:
        return None
    return [r.id for r in index.filter_rows(**_filters(q)) if timeframe.matches(r, q.time, today)]


def candidates(q, index, k: int, today) -> list[Hit] | None:
    """The rows a field or search question is answered from, best first, before any decision
    on whether they answer it (None: the question names no task at all)."""
    filters = _filters(q)
    ids = _allowed_ids(q, index, today)
    if ids is not None:
        filters["ids"] = ids
    if q.number:
        scoped = [r for r in index.filter_rows(**_filters(q)) if not q.section or in_section(r.section, q.section)]
        rows = [r for r in numbered(scoped, q.number, bool(q.section)) if ids is None or r.id in ids]  # "mục III-2"
        wanted = [r.id for r in rows]
        hits = index.hits(q.topic, max(k, len(wanted)), **{**filters, "ids": wanted}) if q.topic and wanted else []
        if q.topic and not (hits and confidence.grade(hits, q, index) != "none"):
            hits = index.hits(q.topic, max(k, CANDIDATES), **filters)  # the number was no task number
        return hits or selected(rows)
    if q.topic:
        return index.hits(q.topic, max(k, CANDIDATES), **filters)
    if len(filters) > 1 or (filters and "ids" not in filters):
        return selected(index.filter_rows(kind="task", **{k_: v for k_, v in filters.items() if k_ != "ids"}))
    return None


def field_answer(q, index, k: int, today) -> FieldResult:
    hits = candidates(q, index, k, today)
    if hits and hits[0].searched:
        hits = ties.reorder(q, hits)
    if hits is None:
        return FieldResult(say("no_topic"), confidence="none")
    if not hits:
        return FieldResult(say("no_answer_empty"), confidence="none")
    grade = confidence.grade(hits, q, index)
    best = hits[0]
    if q.role_of:  # "phòng VHXH đứng vai trò gì": the role it holds in the row answering is the field asked
        q.fields = next(((f,) for f, cell in (("lead", best.row.lead), ("partners", best.row.partners))
                        if q.role_of in canonical_units(cell)), q.fields)
    if ties.other_horizon(q, best) or not q.documents and plans.unknown_opening_code(q.text, index):
        grade = "none"  # "phủ sóng 5G tới năm 2045": a target set for 2030 only; "QĐ 2201: …": a plan not read
    elsewhere = _elsewhere(q, best, index)
    if grade == "none" and not (elsewhere is not None and confidence.relevant(elsewhere, q, index)):
        return FieldResult(say("no_answer", value=preview(best.row.task), cite=cite(best)), [],
                           renumber(hits[:k]), "none")
    if elsewhere is not None:  # the named commune or unit has no such task; another plan has
        if q.units:
            text = say("no_answer_other_unit", unit=" / ".join(q.unit_names),
                       value=preview(elsewhere.row.task), cite=cite(elsewhere))
        else:
            text = say("no_answer_elsewhere", where=", ".join(q.place(c) for c in q.communes),
                       value=preview(elsewhere.row.task), cite=cite(elsewhere))
        return FieldResult(text, [], renumber([elsewhere] + hits[:k - 1]), "none")
    if q.fields == ("search",):
        good = [h for h in hits[:k] if h is best or confidence.relevant(h, q, index)]
        text = say("search", value=preview(best.row.task), cite=cite(best))
        return _graded(FieldResult(text, [normalize(h.row.task) for h in good], renumber(hits[:k])), grade)
    return _graded(_answer_fields(q, hits, k, index), grade)


ELSEWHERE_GAP = 0.4  # another plan's row matching the topic this much better: the named commune has no such task
# or this much better while saying this much more of the topic's words (qa.confidence.coverage):
# "Nghĩa Sơn xuất hóa đơn điện tử …" against Nghĩa Sơn's "thanh toán điện tử" (tune sets: the
# answerable questions with a gap of 0.2-0.29 cover within 0.12 of the other plan's row)
ELSEWHERE_NEAR_GAP, ELSEWHERE_COVERAGE = 0.25, 0.15


def _elsewhere(q, best: Hit, index) -> Hit | None:
    """"Ninh Giang: bộ quy tắc ứng xử trên mạng bao giờ xong" — Nghĩa Sơn has that task, Ninh Giang
    only rows that share a few words with it.  When a row outside the communes or units the
    question names matches the topic by ELSEWHERE_GAP more than the best row within them (or by
    ELSEWHERE_NEAR_GAP, saying more of the topic), that is the task asked about, and they do not
    have it ("Bộ Công Thương giám sát … Sổ sức khỏe": Bộ Y tế's task): that row, else None."""
    if not (q.communes or q.units) or not q.topic or not best.searched:
        return None
    top = index.hits(q.topic, 1, **({"level": q.levels} if q.levels else {}))
    if not top or top[0].id == best.id:
        return None
    gap = top[0].score - best.score
    if gap >= ELSEWHERE_GAP:
        return top[0]
    says_more = confidence.topic_coverage(q.topic, top[0], index) - confidence.topic_coverage(q.topic, best, index)
    return top[0] if gap >= ELSEWHERE_NEAR_GAP and says_more >= ELSEWHERE_COVERAGE else None


def _graded(result: FieldResult, grade: str) -> FieldResult:
    if grade == "tentative" and result.values:
        result.text = say("tentative", answer=result.text.rstrip("."))
    result.confidence = grade if result.values else "none"
    return result


def _value(hit: Hit, column: str, index=None) -> str:
    """A cell as the answer gives it: its text, without the list punctuation it ends with ("Phòng Kinh tế;").
    A target whose table has no result column says its amount in its text ("Tỷ lệ … đạt 95%"): that
    amount is its result.  Where the table has a result column and leaves it empty (Nghĩa Hưng's
    targets), the plan records no result (with `index`, that is checked)."""
    value = normalize(getattr(hit.row, column) or "").strip(" ;,")
    if not value and column == "output" and (index is None or not has_column(index, hit.row, "output")):
        amount = TARGET_AMOUNT.search(hit.row.task)
        value = amount.group(1).strip() if amount else ""
    return value


# the amount a target row sets in its own text: "… được số hóa đạt 100%", "… : Đạt tối thiểu 40%"
TARGET_AMOUNT = re.compile(r"(?<!\w)((?:đạt|Đạt)\s+(?:tối thiểu\s+|trên\s+|ít nhất\s+)?(?:≥\s*)?\d[\d.,]*\s*%)")


def _same_value(a: Hit, b: Hit, column: str) -> bool:
    if column in ("lead", "partners"):
        key = "lead_units" if column == "lead" else "partner_units"
        if getattr(a.row, key) and getattr(b.row, key):
            return sorted(getattr(a.row, key)) == sorted(getattr(b.row, key))
    return fold(_value(a, column)) == fold(_value(b, column))


def _covering_row(hit: Hit, index, column: str) -> Hit | None:
    """The appendix row that covers narrative row `hit` (see COVER_*), ranked like it."""
    rows = index.hits(hit.row.task, 2, doc=hit.row.doc_key or hit.row.doc, kind="task")
    if not rows or rows[0].score < COVER_SCORE or not _value(rows[0], column, index):
        return None
    if len(rows) > 1 and rows[0].score - rows[1].score < COVER_LEAD:
        return None
    return replace(rows[0], score=hit.score, dense=hit.dense)


def _answering(hits: list[Hit], column: str, index, cells) -> Hit | None:
    best = hits[0]
    if best.row.kind == "task" and not _value(best, column, cells) and not has_column(index, best.row, column):
        # a table with no such column (deliverables: no partners) cannot say; a close row that can, answers
        near = [h for h in hits[1:] if h.row.kind == "task" and _value(h, column, cells)
                and best.score - h.score <= FIELD_MARGIN]
        return near[0] if near else None
    if best.row.kind == "task":
        return best if _value(best, column, cells) else None
    near = [h for h in hits if h.row.kind == "task" and _value(h, column, cells) and best.score - h.score <= FIELD_MARGIN]
    same = [h for h in near if issuer(h) == issuer(best)]
    return (same or near or [None])[0] or _covering_row(best, index, column)


def _shown(hit: Hit, column: str, cells, q) -> str:
    """The cell the answer gives, or what the question asks of it: a schedule row's duration in
    days ("mất mấy ngày"), a target's unit of measure ("tính theo đơn vị gì") after its result."""
    value = _value(hit, column, cells)
    if column == "deadline" and "duration" in q.parts:
        days = timeframe.duration_days(hit.row)
        return say("duration", days=days, start=hit.row.start, due=value) if days is not None else value
    if column == "output" and "measure" in q.parts and getattr(hit.row, "measure", None):
        return f"{value} ({hit.row.measure})" if value else hit.row.measure
    return value


def _asked(q, field_name: str, said: re.Pattern) -> bool:
    return any(f == field_name and said.search(fold(t)) for f, t in q.cues)


def _asks_amount(q) -> bool:
    """Is the output asked as an amount ("đạt bao nhiêu phần trăm"), which a target's text states?"""
    return _asked(q, "output", AMOUNT_ASKED)


AMOUNT_ASKED = re.compile(r"(?<![^\W_])(?:bao nhieu|may|phan tram)(?![^\W_])")


def _answer_fields(q, hits: list[Hit], k: int, index) -> FieldResult:
    columns = [labels_column(f) for f in q.fields]
    column = columns[0]
    cells = None if _asks_amount(q) else index  # "phải đạt bao nhiêu phần trăm": a target's own amount answers
    answering = _answering(hits, column, index, cells)
    if answering is None:
        label = labels()[f"field:{q.fields[0]}"]
        best = hits[0]
        return FieldResult(say("no_value", label=label, value=preview(best.row.task), cite=cite(best)),
                           [], renumber(hits[:k]))
    if len(columns) > 1:
        items = "; ".join(f"{labels()['field:' + f]}: {_shown(answering, c, cells, q) or 'không ghi'}"
                          for f, c in zip(q.fields, columns))
        values = [_shown(answering, c, cells, q) for c in columns]
        text = say("two", items=items[:1].upper() + items[1:], cite=cite(answering, deadline="deadline" not in columns))
        ordered = [answering] + [h for h in hits if h.id != answering.id]
        return FieldResult(text, values if any(values) else [], renumber(ordered[:k]))
    top = hits[0].score
    close = [h for h in hits if h is not answering and h.row.kind == "task" and _value(h, column, cells)
             and top - h.score <= PLAN_MARGIN and confidence.relevant(h, q, index)
             and (not q.communes or h.row.commune == answering.row.commune)]
    per_plan = {issuer(answering): answering}
    for h in close:
        per_plan.setdefault(issuer(h), h)
    field_name = q.fields[0]
    keep_deadline = column != "deadline"
    if any(not _same_value(answering, h, column) for h in per_plan.values()):
        cited = list(per_plan.values())
        items = "; ".join(f"{issuer(h)}: " + say(field_name, value=_shown(h, column, cells, q),
                                                 cite=cite(h, who=False, deadline=keep_deadline)).rstrip(".")
                          for h in cited)
        text = say("per_plan", items=items)
    else:
        cited = [answering] + [h for h in close if _same_value(answering, h, column)]
        text = say(field_name, value=_shown(answering, column, cells, q), cite=cite(answering, deadline=keep_deadline))
        others = [h for h in cited[1:] if issuer(h) != issuer(answering)]
        if others:
            text = text[:-1] + say("also", refs=", ".join(
                f"{issuer(h)} (nhiệm vụ {h.row.stt or h.id}; {h.row.doc})" for h in others))
    values = list(dict.fromkeys(v for v in (_shown(h, column, cells, q) for h in cited) if v))
    ids = {h.id for h in cited}
    ordered = cited + [h for h in hits if h.id not in ids]
    return FieldResult(text, values, renumber(ordered[:max(k, len(cited))]))


def labels_column(field_name: str) -> str:
    from kehoach.qa.intent import answer_columns

    return answer_columns()[field_name]


def task_answer(q, index, today):
    """"nhiệm vụ 7 của Nghĩa Sơn là gì": the row with that number, looked up."""
    rows = [r for r in sets.scope(q, index, today)]
    if q.number is None and q.topic:  # "còn việc về OCOP của Nghĩa Thọ là việc gì": the rows about it
        rows = sets.about(q.topic, rows, index)
    if q.number is not None and q.topic and len(rows) > 1:  # "phần Chuyển đổi số, nhiệm vụ số 3"
        rows = sets.in_named_section(q.topic, rows) or rows
    where = (" ở " + ", ".join(q.place(c) for c in q.communes)) if q.communes else ""
    if q.by_cost:  # "việc nào tốn kinh phí nhiều nhất": the row whose cost cell says the largest amount
        return _by_cost(q, rows, where)
    if q.number is None and len(rows) != 1:  # "việc có hạn tháng 4/2026 là việc gì": what the filters select
        return sets.listing(q, rows, today)
    if not rows:
        scoped = index.filter_rows(kind="task", **({"commune": q.communes} if q.communes else {}))
        numbers = [r.stt for r in scoped if r.stt]
        known = f" (các nhiệm vụ được đánh số từ {numbers[0]} đến {numbers[-1]})" if numbers else ""
        return say("task_missing", number=q.number, where=where, known=known), [], []
    if len(rows) == 1:
        r = rows[0]
        number = r.stt if q.number in (None, LAST) else q.number  # "việc cuối cùng": its own number
        return (say("task", number=number, who=issuer(r), value=normalize(r.task), cite=cite(r)),
                [normalize(r.task)], selected(rows))
    items = "; ".join(f"{issuer(r)}, {r.doc}{', mục ' + r.section.split('.')[0] if r.section else ''}: "
                      f"{preview(r.task)}" for r in rows)
    key = "task_last" if q.number == LAST else "task_many"
    return (say(key, n=len(rows), number=q.number, where=where, items=items),
            [normalize(r.task) for r in rows], selected(rows))


def _by_cost(q, rows, where: str):
    costed = [r for r in rows if cost(r) is not None]
    if not costed:
        return say("no_answer_empty"), [], []
    r = (max if q.by_cost == "most" else min)(costed, key=cost)
    text = say("task_costliest", order="tốn nhiều" if q.by_cost == "most" else "tốn ít", where=where,
               value=normalize(r.task), cost=r.funding, cite=cite(r))
    return text, [normalize(r.task)], selected([r])
