"""Task rows: the record everything downstream (index, qa, ui) works on."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The exported keys, in order.  `kehoach export`, search hits and the UI all use these.
EXPORT_KEYS = (
    "id", "kind", "doc", "commune", "plan", "section", "stt", "task", "lead", "partners",
    "output", "deadline", "directing", "notes", "lead_units", "partner_units", "deadline_years",
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
        )
