"""Words of an answer: templates, citations, the issuer of a plan, and the reading of a question.

Sentences come from qa/data/answers.tsv; labels from qa/data/labels.tsv.  A plan is cited by
whoever issued it as the corpus records it ("xã Nghĩa Thọ", "phường 5", "Bộ Tài chính", or the
plan's title): never "xã None".
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from kehoach.corpus.clean import shorten
from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.normalize import normalize

TASK_PREVIEW = 90  # characters of a task text inside a sentence
MAX_CITED_DEADLINE = 25  # longer deadline texts ("Theo văn bản chỉ đạo của thành phố") stay out of citations
ISSUER_PLAN_CHARS = 60  # a plan cited by its title when it names no issuer


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return dict(read_tsv("kehoach.qa", "answers.tsv", 1))


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    return dict(read_tsv("kehoach.qa", "labels.tsv", 1))


def say(key: str, **parts) -> str:
    return templates()[key].format(**parts)


def _row(x):
    """A Row, from a Row or a Hit."""
    return getattr(x, "row", x)


def issuer(row) -> str:
    """Whose plan a row is, as a reader names it: 'xã Nghĩa Thọ', 'Bộ Tài chính', 'Kế hoạch …'."""
    r = _row(row)
    if getattr(r, "issuer", None):
        return r.issuer
    if r.commune:
        return f"xã {r.commune}"
    if r.plan:
        return preview(r.plan, ISSUER_PLAN_CHARS)
    return str(r.doc)


def section_number(section: str | None) -> str | None:
    """'V. Đẩy mạnh chuyển đổi số…' -> 'V'; '<b>IV.</b> …' -> 'IV'; '1. Tuyên truyền' -> '1';
    'Nhóm IV: Nhân lực' -> 'IV' (a group said by its noun)."""
    s = re.sub(r"<[^>]+>", "", section or "").strip()
    s = re.sub(r"^(?:Nhóm|Phần|Mục|Chương|Khối)\s+(?=[IVXLC]+\s*[.:)]|\d+\s*[.:)])", "", s, flags=re.I)
    m = re.match(r"([IVXLC]+|\d+(?:\.\d+)*)[.):]?\s", s + " ")
    return m.group(1) if m else None


def in_section(section: str | None, wanted: str) -> bool:
    """Is a row under the section numbered `wanted`: its own ('VI', '2'), or a schedule's milestone
    at any level ('M2.1': '… › 1.1. Milestone 1.1: …' is M1.1, '4. … › M4.1' is M4.1)?"""
    if not wanted.startswith("M"):
        return section_number(section) == wanted
    return any((m := re.match(r"(?:\d+(?:\.\d+)*[.)]?\s+)?(?:M|Milestone\s*)(\d+(?:\.\d+)*)(?![\d.]*\d)", part.strip(), re.I))
               and m.group(1) == wanted[1:] for part in (section or "").split(" › "))


def number(row) -> str:
    """The row's number within its document: the id after '#' (unique there, unlike STT, which
    restarts in each section of some appendices)."""
    r = _row(row)
    return r.id.split("#", 1)[1] if "#" in r.id else (r.stt or r.id)


def cite(row, *, who: bool = True, deadline: bool = True) -> str:
    """'xã Nghĩa Thọ, nhiệm vụ 14, hạn 2025; nghia-tho_ke-hoach-57.txt, mục IV'."""
    r = _row(row)
    first = [issuer(r)] if who else []
    if r.kind == "task" and r.stt:
        first.append(f"nhiệm vụ {r.stt}")
    elif r.kind == "narrative":
        first.append(f"nội dung kế hoạch{' ' + r.stt if r.stt else ''}")
    due = normalize(r.deadline or "")
    if deadline and due and len(due) <= MAX_CITED_DEADLINE:
        first.append(f"hạn {due}")
    second = [str(r.doc)] if r.doc else []
    sec = section_number(r.section)
    if sec:
        second.append(f"mục {sec}")
    if getattr(r, "source", None) == "ocr":
        second.append("đọc từ bản quét")
    return "; ".join(p for p in (", ".join(first), ", ".join(second)) if p)


def ref(row, with_issuer: bool = True) -> str:
    """Short reference inside lists: 'xã Nghĩa Sơn, nhiệm vụ 13'."""
    return f"{issuer(row) + ', ' if with_issuer else ''}nhiệm vụ {number(row)}"


def refs(rows, limit: int = 30) -> str:
    """'nghia-son_phu-luc-02.txt: nhiệm vụ 13, 22; …' grouped by document."""
    by_doc: dict[str, list[str]] = {}
    first: dict[str, object] = {}
    for r in map(_row, rows):
        key = r.doc_key or r.doc  # two communes may give their files one name
        by_doc.setdefault(key, []).append(number(r))
        first.setdefault(key, r)
    shared = {n for n in (r.doc for r in first.values()) if sum(x.doc == n for x in first.values()) > 1}
    out = []
    for key, numbers in by_doc.items():
        r = first[key]
        name = f"{r.doc} ({issuer(r)})" if r.doc in shared else r.doc
        shown = ", ".join(numbers[:limit]) + (" …" if len(numbers) > limit else "")
        out.append(f"{name}: nhiệm vụ {shown}")
    return "; ".join(out)


def preview(text: str | None, limit: int = TASK_PREVIEW) -> str:
    return shorten(normalize(text or ""), limit)


def reading(q, today: dt.date) -> list[tuple[str, str]]:
    """What was understood, as (label, value) chips: 'Đơn vị: Phòng Kinh tế', 'vai trò: chủ trì'."""
    lab = labels()
    chips = [("hỏi", " + ".join(lab.get(f"field:{f}", f) for f in q.fields))]
    if q.unit_roles:  # "X chủ trì mà Y phối hợp": each unit with its role
        chips.append(("đơn vị", ", ".join(f"{u.name} ({lab['role:' + r]})" for u, r in zip(q.units, q.unit_roles, strict=True))))
    elif q.units:
        chips.append(("đơn vị", (" cùng " if q.units_together else ", ").join(q.unit_names)))
    if (q.units and not q.unit_roles) or "rank" in q.fields:
        role = lab["role:" + q.role]
        chips.append(("vai trò", f"{role} (mặc định)" if q.role_assumed else role))
    if q.communes:
        chips.append(("xã", ", ".join(q.communes)))
    if q.documents:
        chips.append(("kế hoạch", ", ".join(preview(d.title, ISSUER_PLAN_CHARS) for d in q.documents)))
    if q.time is not None:
        chips.append(("thời gian", q.time.label(today)))
    if q.number:
        chips.append(("nhiệm vụ số", q.number))
    if q.cell is not None:
        chips.append(("ô", q.cell.label()))
    if q.negated:
        chips.append(("điều kiện", "chưa có"))
    if q.topic:
        chips.append(("chủ đề", q.topic))
    return chips


def reading_line(chips: list[tuple[str, str]]) -> str:
    """'Hỏi: đơn vị chủ trì · xã: Nghĩa Sơn · chủ đề: số hóa hộ tịch'."""
    line = " · ".join(f"{k}: {v}" for k, v in chips)
    return line[:1].upper() + line[1:]
