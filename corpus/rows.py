"""Task rows: the record everything downstream (index, qa, ui) works on."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The exported keys, in order.  `kehoach export`, search hits and the UI all use these.
EXPORT_KEYS = (
    "id", "kind", "doc", "doc_key", "commune", "plan", "section", "stt", "task", "lead", "partners",
    "output", "deadline", "directing", "notes", "lead_units", "partner_units", "deadline_years",
    "deadline_end", "start", "status", "code", "measure", "funding", "issuer", "level", "source", "confidence",
    "refs", "depends",
)


@dataclass
class Row:
    id: str
    kind: str  # "task" (a row of an appendix table) | "narrative" (a numbered item of the plan body)
    doc: str  # file name
    commune: str | None
    plan: str | None
    section: str | None
    stt: str | None
    task: str
    lead: str | None = None
    partners: str | None = None
    output: str | None = None
    deadline: str | None = None
    directing: str | None = None
    notes: str | None = None
    lead_units: list[str] = field(default_factory=list)
    partner_units: list[str] = field(default_factory=list)
    deadline_years: list[int] = field(default_factory=list)
    deadline_end: str | None = None  # ISO date: the last day the deadline allows ("12/2025" -> "2025-12-31")
    start: str | None = None  # a start date column, as written
    status: str | None = None  # a status / progress column, as written ("Đang thực hiện", "80%")
    code: str | None = None  # a task code ("NV45", a WBS number) when the table has one
    measure: str | None = None  # a unit of measure of a targets table ("%", "Thứ bậc")
    funding: str | None = None  # the cost and funding source cells, as written: "120 triệu đồng; Ngân sách phường"
    issuer: str | None = None  # who issued the plan, as cited: "xã Nghĩa Thọ", "phường 5", "Bộ Tài chính"
    level: str | None = None  # the issuer's level: commune | ward | town | district | province | ministry | government
    source: str | None = None  # how the text was obtained when not from a text layer: "ocr"
    confidence: float | None = None  # OCR: the mean word confidence of the row, 0-1
    doc_key: str | None = None  # the document's identity (corpus.document.document_key); prefixes the id
    # another plan's task numbers this row delivers, as written ("Nhiệm vụ của Chính phủ": "14, 26"),
    # and the tasks it waits for ("Phụ thuộc": "NV24, NV95"); qa.numbered reads refs
    refs: str | None = None
    depends: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: d[k] for k in EXPORT_KEYS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Row":
        return cls(
            id=d["id"], kind=d["kind"], doc=d["doc"], commune=d.get("commune"), plan=d.get("plan"),
            section=d.get("section"), stt=d.get("stt"), task=d["task"], lead=d.get("lead"),
            partners=d.get("partners"), output=d.get("output"), deadline=d.get("deadline"),
            directing=d.get("directing"), notes=d.get("notes"),
            lead_units=list(d.get("lead_units") or []), partner_units=list(d.get("partner_units") or []),
            deadline_years=[int(y) for y in d.get("deadline_years") or []],
            **{k: d.get(k) for k in ("deadline_end", "start", "status", "code", "measure", "funding", "issuer", "level",
                                     "source", "confidence", "refs", "depends")},
            doc_key=d.get("doc_key") or str(d["id"]).split("#", 1)[0],
        )
