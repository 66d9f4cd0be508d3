"""The record a question is read into (qa.intent.parse): what it asks, its constraints, its topic.

Everything downstream (qa.fields, qa.sets, the renderers, `ask --json`) reads this, never the
question's text again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.corpus.kinds import place
from kehoach.qa.cells import CellFilter
from kehoach.qa.constraints import Document, UnitMention
from kehoach.qa.cues import answer_columns
from kehoach.qa.text import Text
from kehoach.qa.timeframe import TimeFilter


@dataclass
class Question:
    """A question read once: the plan the executor runs and the renderers describe."""
    text: Text
    fields: tuple[str, ...]  # ("lead",), ("lead", "deadline"), ("count",), ("search",) …
    topic: str
    communes: list[str] = field(default_factory=list)
    unknown_communes: list[str] = field(default_factory=list)
    units: list[UnitMention] = field(default_factory=list)  # the units that filter (rule 3)
    mentioned_units: list[str] = field(default_factory=list)  # every known unit named
    unknown_units: list[UnitMention] = field(default_factory=list)
    role: str = "lead"  # lead | partner | any: how `units` filter, and whose units a ranking counts
    role_assumed: bool = True  # no role word said it: lead by default
    time: TimeFilter | None = None
    number: str | None = None  # "nhiệm vụ 14", "NV45"
    section: str | None = None  # "mục VI": the Roman number of a section
    excluded_units: list[str] = field(default_factory=list)  # "ngoài phòng VH-XH thì …"
    excluded_communes: list[str] = field(default_factory=list)  # "ngoài Nghĩa Thọ ra thì còn xã nào …"
    levels: list[str] = field(default_factory=list)  # plan levels named: "cấp trung ương" -> government, ministry
    topic_parts: list[str] = field(default_factory=list)  # "chữ ký số hoặc chứng thư số": a set about either
    negated: bool = False  # communes: "xã nào chưa có …"; count of places: "bao nhiêu xã chưa có …"
    counts_places: bool = False  # count: "bao nhiêu xã có …" counts the places, not the tasks
    cell: CellFilter | None = None  # set questions: "thời hạn chỉ ghi 'Theo văn bản …'" (qa.cells)
    days: int | None = None  # set questions: "task kéo dài 121 ngày" (a schedule row's start to due date)
    targets: bool = False  # set questions about "chỉ tiêu": the rows that set a measurable target
    rank_by: str = "unit"  # rank: unit | commune
    rank_order: str = "most"  # rank: most | fewest
    unit_kind: str | None = None  # rank: "phòng nào" counts Phòng … only
    units_together: bool = False  # "Công an xã cùng Phòng VH-XH phối hợp": rows naming every unit, not any
    shared_lead: bool = False  # set questions: "việc nào giao cho hai đơn vị cùng chủ trì" (two or more leads)
    sole_lead: bool = False  # set questions: "những việc mà riêng X chủ trì": X alone in the lead cell
    role_of: str | None = None  # "phòng VHXH đứng vai trò gì": the unit whose role in the row is asked
    by_cost: str | None = None  # "việc nào tốn kinh phí nhiều nhất": "most" | "least", the task asked by its cost
    unit_roles: list[str] = field(default_factory=list)  # "X chủ trì mà Y phối hợp": each unit's own role, together
    places: dict[str, str] = field(default_factory=dict)  # commune -> as its plans cite it (Vocabulary.places)
    documents: list[Document] = field(default_factory=list)  # the plan named by its title ("phụ lục … tầm nhìn 2045")
    cues: list[tuple[str, str]] = field(default_factory=list)  # (field, text) of the cues that decided
    parts: frozenset[str] = frozenset()  # the parts of a cell the deciding cues ask ("duration", "measure": cues.tsv)

    @property
    def question(self) -> str:
        return self.text.orig

    @property
    def field(self) -> str:
        return "+".join(self.fields)

    @property
    def column(self) -> str | None:
        """The row column a single-field question is answered from."""
        return answer_columns().get(self.fields[0]) if len(self.fields) == 1 else None

    @property
    def diacritics(self) -> bool:
        return self.text.diacritics

    @property
    def year(self) -> int | None:
        return self.time.year if self.time else None

    @property
    def stt(self) -> str | None:
        return self.number

    def place(self, commune: str) -> str:
        """A commune as its plans cite it ("phường Tân An"), else as corpus.kinds.place says it."""
        return self.places.get(commune) or place(commune)

    @property
    def unit_names(self) -> list[str]:
        """Each unit once: "Công an xã, Công an phường" are one unit's two names."""
        return list(dict.fromkeys(u.name for u in self.units))

    def to_dict(self) -> dict:
        return {"question": self.question, "field": self.field, "topic": self.topic, "communes": self.communes,
                "unknown_communes": self.unknown_communes, "units": self.unit_names,
                "unknown_units": [u.name for u in self.unknown_units], "excluded_units": self.excluded_units,
                "excluded_communes": self.excluded_communes, "levels": self.levels,
                "section": self.section, "targets": self.targets, "role": self.role,
                "role_assumed": self.role_assumed, "number": self.number, "negated": self.negated,
                "cell": None if self.cell is None else {"column": self.cell.column, "text": self.cell.text,
                                                        "exact": self.cell.exact},
                "time": None if self.time is None else {"kind": self.time.kind, "year": self.time.year,
                                                        "month": self.time.month, "months": self.time.months,
                                                        "quarter": self.time.quarter, "dates": list(self.time.dates)},
                "rank_by": self.rank_by if "rank" in self.fields else None,
                "rank_order": self.rank_order if "rank" in self.fields else None,
                "units_together": self.units_together, "shared_lead": self.shared_lead, "sole_lead": self.sole_lead,
                "role_of": self.role_of, "by_cost": self.by_cost,
                "unit_roles": self.unit_roles, "documents": [d.key for d in self.documents]}
