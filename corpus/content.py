"""Column roles from the values below a header: confirm, correct or supply what headers say.

A header can mislead: "Đơn vị" over "%" and "Thứ bậc" is a unit of measure, not an
organisation; "WBS NUMBER" holds the numbering 1, 1.1, 1.1.1; "Tiến độ" over "Đang thực hiện"
is a status, over "Quý II/2025" a deadline.  And a block of rows may have no header at all.
So each column is profiled (how many of its cells are dates, organisations, measures,
statuses, codes, numbers, long sentences) and the profile weighs in on its role:
- a kind of value that confirms the header's role strengthens it;
- measures are a measure whatever the header says; values contradicting a typed role (a
  "deadline" of statuses, a "code" of plain numbering) move the column to the role they fit;
- a column the header names nothing for takes the role its values show, if still free;
- lists of numbers ("28, 77, 78", "11.1, 11.2") refer to other lists: such a column is not
  the task, whatever its header says, nor the numbering; nor is a column of numbers that
  mostly repeat the one above ("1, 1, 1, 2");
- in a table with no numbering column, a column whose cells carry their own numbers
  ("1. Luật …", "8. Chính sách …") lists the items: it is the task, and when its header
  named the output, the output too (a table of deliverables);
- a column whose header names both the lead and the partners ("Cơ quan chủ trì/phối hợp")
  holds both, told apart by the role words in each cell (corpus/units.py).
A cell of a dash alone ("-") says "none": it is not counted as a value.
The value lists are data (corpus/data/values.tsv); dates come from corpus/dates.py and
organisations from the unit aliases (corpus/units.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.corpus.columns import HeaderRow, assign
from kehoach.corpus.datafiles import read_tsv
from kehoach.corpus.dates import day_first, is_date_like
from kehoach.corpus.layout import Column
from kehoach.corpus.normalize import fold
from kehoach.corpus.numbering import parse_code, split_code
from kehoach.corpus.units import is_known_unit, looks_like_units

MIN_VALUES = 2  # fewer filled cells than this say nothing about a column
STRONG = 0.6  # share of a column's cells of one kind for that kind to speak
NUMBERING = 0.8  # share of numbering codes for a column to be the numbering column
SENTENCE_WORDS = 6  # mean words of a task column's cells, at least
SPARSE = 0.5  # a column filled on fewer rows than this is filled down (a group, a milestone date)
MAX_MEASURE_WORDS = 6
PLAIN_MEASURES = 0.3  # share of a measure column's cells that must be measures and nothing else
CONTENT_WEIGHT = 0.4  # a role claimed by values alone: below every header phrase but the weakest
TITLE_STYLES = ("number", "dotted")  # "1. Luật …", "1.2. Đề án …": items numbered in their own cell
# kind of value -> the roles it fits, most likely first
FAMILIES = {
    "date": ("deadline", "start"),
    "org": ("lead", "partners", "directing"),
    "measure": ("measure",),
    "status": ("status",),
    "code": ("code",),
    "number": ("stt",),
    "refs": (),
    "sentence": ("task",),
}
NOT_TASK = ("number", "refs")  # kinds of value no task column holds
# Roles whose values have a kind: a header role of these contradicted by its values moves.
TYPED = {role: kind for kind, roles in FAMILIES.items() if kind != "sentence" for role in roles}
_CODE = re.compile(r"^[A-ZĐ]{1,5}[-_ ]?\d{1,4}(?:\.\d{1,3})*[a-z]?$")
_NOTE = re.compile(r"\([^()]*\)")
_REFS = re.compile(r"^\d{1,3}(?:\.\d{1,3})*(?:\s*[,;]\s*\d{1,3}(?:\.\d{1,3})*)+$")
_PLACEHOLDER = re.compile(r"^[-–—…x.]+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _values() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for role, phrase, *_ in read_tsv("kehoach.corpus", "values.tsv"):
        out.setdefault(role, []).append(fold(phrase.strip()))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def status_values() -> tuple[str, ...]:
    """The status words of corpus/data/values.tsv, folded, longest first."""
    return _values()["status"]


def is_status(text: str) -> bool:
    s = re.sub(r"[.;:!]+$", "", _NOTE.sub(" ", fold(text))).strip()
    s = re.sub(r"\s+", " ", s)
    return s in _values()["status"]


def is_measure(text: str) -> bool:
    """'%', '% GDP', 'Thứ bậc', 'Người/vạn dân', 'Số doanh nghiệp/1000 dân' (digits only after a
    '/'), 'Tuyến cáp quang biển'; not a known organisation ('Trung tâm HCC')."""
    s = fold(text).strip()
    if not s or len(s.split()) > MAX_MEASURE_WORDS or re.search(r"\d", s.split("/", 1)[0]):
        return False
    if is_known_unit(text):
        return False
    return any(s == m or s.startswith(m + " ") or s.startswith(m + "/") or (m == "%" and s.startswith("%"))
               for m in _values()["measure"])


def is_plain_measure(text: str) -> bool:
    """A measure that can be nothing else: '%…', a rate 'A/B', or a measure word alone
    ('Thứ bậc', 'Doanh nghiệp').  'Cơ sở dữ liệu địa chính' starts like a measure but is a
    product: a column is read as measures only when enough of its cells are plain ones."""
    s = re.sub(r"\s+", " ", _NOTE.sub(" ", fold(text))).strip()
    return is_measure(text) and (s.startswith("%") or "/" in s or s in _values()["measure"])


def is_code(text: str) -> bool:
    """'NV45', 'M3.1', 'CS11' — a task code, not a numbering ('1.1') or a word."""
    return bool(_CODE.match(text.strip())) and not text.strip().isdigit()


@lru_cache(maxsize=16384)
def kind_of(text: str) -> str | None:
    """The kind of one cell, in order of certainty (cached: plans repeat their cells)."""
    if parse_code(text):
        return "number"
    if _REFS.match(text.strip()):
        return "refs"
    if is_date_like(text):
        return "date"
    if is_code(text):
        return "code"
    if is_status(text):
        return "status"
    if is_measure(text):
        return "measure"
    if looks_like_units(text):
        return "org"
    if len(text.split()) >= SENTENCE_WORDS:
        return "sentence"
    return None


@dataclass
class Profile:
    """What one column's cells hold."""
    rows: int = 0
    filled: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    words: float = 0.0  # mean words of a filled cell
    examples: list[str] = field(default_factory=list)
    plain_measures: int = 0
    repeats: int = 0  # cells equal to the filled cell above
    titled: int = 0  # cells that start with their own number: "1. Luật …"

    @property
    def sparse(self) -> bool:
        return 0 < self.filled < self.rows * SPARSE

    def share(self, kind: str) -> float:
        return self.kinds.get(kind, 0) / self.filled if self.filled else 0.0

    @property
    def kind(self) -> str | None:
        """The kind most cells are, when enough of them are (sentences: by mean length)."""
        if self.filled < MIN_VALUES:
            return None
        if self.share("number") >= NUMBERING and self.repeats * 2 < self.filled:
            return "number"
        if self.share("number") + self.share("refs") >= NUMBERING:
            return "refs"
        best = max((k for k in self.kinds if k not in ("number", "sentence")), key=self.share, default=None)
        if best == "measure" and self.plain_measures < self.filled * PLAIN_MEASURES:
            best = None
        if best and self.share(best) >= STRONG:
            return best
        if self.words >= SENTENCE_WORDS:
            return "sentence"
        return None

    def describe(self) -> str:
        kind = self.kind
        if kind is None:
            return f"{self.filled}/{self.rows} filled, no one kind of value"
        shown = ", ".join(f'"{e}"' for e in self.examples[:2])
        count = self.kinds.get(kind, 0) if kind != "sentence" else self.filled
        if kind == "refs":
            count = self.kinds.get("number", 0) + self.kinds.get("refs", 0)
        label = {"number": "numbering", "refs": "numbers (lists or repeats)", "code": "task codes",
                 "status": "statuses", "date": "dates", "measure": "units of measure", "org": "organisations",
                 "sentence": "sentences"}[kind]
        return f"{count}/{self.filled} {label} ({shown})"


def profile(values: list[str]) -> Profile:
    p = Profile(rows=len(values))
    words = 0
    above = None
    for value in values:
        value = value.strip()
        if not value or _PLACEHOLDER.match(value):
            continue
        p.filled += 1
        p.repeats += value == above
        above = value
        titled = split_code(value, TITLE_STYLES)
        p.titled += bool(titled and len(titled[1].split()) >= 2)
        words += len(value.split())
        kind = kind_of(value)
        if kind:
            p.kinds[kind] = p.kinds.get(kind, 0) + 1
        p.plain_measures += kind == "measure" and is_plain_measure(value)
        if len(p.examples) < 3 and value[:40] not in p.examples:
            p.examples.append(value[:40])
    p.words = words / p.filled if p.filled else 0.0
    return p


def columns_of(rows: list[list[str]], width: int) -> list[list[str]]:
    return [[r[i] if i < len(r) else "" for r in rows] for i in range(width)]


def resolve(header: HeaderRow | None, header_cells: list[str], rows: list[list[str]],
            fixed: dict[int, str] | None = None) -> list[Column]:
    """Each column's role, from the header's claims (`header`, or `fixed` roles already
    settled, e.g. by a sub-header) weighed with the values in `rows`.  With neither, the
    values alone decide, and columns filled on few rows are filled down: a date is the
    deadline of the rows below it, any other text their group (a milestone, a workstream)."""
    width = max([len(header_cells)] + [len(r) for r in rows])
    profiles = [profile(col) for col in columns_of(rows, width)]
    headerless = header is None and not fixed
    groups = [i for i, p in enumerate(profiles) if headerless and p.sparse and p.kind != "date"]
    claims: dict[int, dict[str, float]] = {}
    why: dict[tuple[int, str], str] = {}
    header_roles = dict(fixed or (header.roles if header else {}))
    for i in range(width):
        scores = dict(header.cells[i].scores) if header and i in header.cells else {}
        if fixed and i in fixed:
            scores = {fixed[i]: 10.0}
        for role in scores:
            phrase = header.cells[i].phrases.get(role) if header and i in header.cells else None
            why[(i, role)] = f'header "{phrase}"' if phrase else "header"
        if i not in groups:
            _weigh(i, scores, header_roles.get(i), profiles[i], why)
        claims[i] = scores
    _claim_dates_in_order(claims, profiles, header_roles, why)
    _claim_numbered_titles(claims, profiles, why)
    if not any("task" in c and c["task"] > 0 for c in claims.values()):
        _claim_task_by_length(claims, profiles, why)
    roles = assign(claims)
    also = _second_roles(header, roles)
    out = []
    for i in range(width):
        text = header_cells[i] if i < len(header_cells) else ""
        role = roles.get(i)
        if role:
            reason = why.get((i, role), "header")
        elif i in groups:
            role, reason = "group", f"no header; filled on {profiles[i].filled} of {profiles[i].rows} rows: a group"
        elif claims[i]:
            best = max(claims[i], key=claims[i].get)
            holder = next((j for j, r in roles.items() if r == best), None)
            reason = (f"ignored: {best} is column {holder + 1}'s (a stronger or earlier claim)" if holder is not None
                      else "ignored")
        else:
            reason = f"ignored: the header names no role; values: {profiles[i].describe()}"
        if i in also:
            reason += f"; its cells hold the {also[i]} too"
        out.append(Column(i, text, role, reason, fill_down=headerless and profiles[i].sparse, also=also.get(i)))
    _date_order(out, rows)
    return out


def _weigh(i: int, scores: dict[str, float], header_role: str | None, p: Profile,
           why: dict[tuple[int, str], str]) -> None:
    """Let the values of column `i` confirm, correct or supply its claims (in place)."""
    kind = p.kind
    if kind is None or kind == "sentence" and header_role not in (None, "task"):
        return
    family = FAMILIES[kind]
    said = f"values: {p.describe()}"
    if kind in NOT_TASK and scores.get("task"):
        scores["task"] = 0.0  # "Nhiệm vụ của Chính phủ" over "28, 77, 78": references, not tasks
        why[(i, "task")] = f"{why.get((i, 'task'), 'header')}; {said}: not a task"
    if kind == "refs":
        return
    top = max(scores.values(), default=0.0)
    if header_role in family:
        scores[header_role] += 1.0
        why[(i, header_role)] += f"; {said}"
        return
    if kind == "measure" or (header_role in TYPED and TYPED[header_role] != kind):
        # measures whatever the header says; a typed role its values contradict moves
        for rank, role in enumerate(family):
            scores[role] = top + 1.0 - rank * 0.1
            why[(i, role)] = f"{said} (header said {header_role})" if header_role else f"no header role; {said}"
        if header_role:
            scores[header_role] = 0.0
        return
    if header_role is None:
        for rank, role in enumerate(family):
            scores.setdefault(role, CONTENT_WEIGHT - rank * 0.05)
            why.setdefault((i, role), f"no header role; {said}")


def _claim_dates_in_order(claims, profiles, header_roles, why) -> None:
    """Date columns named by no header: the last is the deadline, the ones before it starts."""
    dated = [i for i, p in enumerate(profiles) if p.kind == "date" and header_roles.get(i) is None]
    for n, i in enumerate(dated):
        last = n == len(dated) - 1
        claims[i]["deadline"] = CONTENT_WEIGHT if last else CONTENT_WEIGHT - 0.1
        claims[i]["start"] = CONTENT_WEIGHT - 0.1 if last else CONTENT_WEIGHT
        why[(i, "deadline")] = why[(i, "start")] = f"no header role; values: {profiles[i].describe()}"


def _claim_numbered_titles(claims, profiles, why) -> None:
    """No numbering column named by a header, and a column whose cells start with their own
    number ('1. Luật …'): that column lists the items, it is the task (above whatever its
    header said), and a column of bare numbers beside it is not their numbering."""
    numbering = ("stt", "stt_detail")
    if any(c.get(r, 0) > CONTENT_WEIGHT for c in claims.values() for r in numbering) or any(
            c.get("code", 0) > 0 for c in claims.values()):
        return
    titled = [i for i, p in enumerate(profiles)
              if p.filled >= MIN_VALUES and not p.sparse and p.titled >= p.filled * NUMBERING]
    for i in titled:
        p = profiles[i]
        said = claims[i].get("output", 0.0)
        claims[i]["task"] = max(claims[i].values(), default=0.0) + 1.0
        why[(i, "task")] = f"its cells carry their own numbers ({p.titled}/{p.filled}, \"{p.examples[0]}\"): the items"
        for j, c in claims.items():  # its header named the output, more plainly than another's
            if j != i and 0 < c.get("output", 0.0) < said:
                del c["output"]
    for c in claims.values() if titled else ():
        for r in numbering:
            c.pop(r, None)


def _second_roles(header: HeaderRow | None, roles: dict[int, str]) -> dict[int, str]:
    """Columns whose cells hold a second role no other column has: a header naming both the
    lead and the partners ('Cơ quan chủ trì/phối hợp') is read as lead + partners; a task
    column whose header named the output ('Deliverable (Kết quả đầu ra)') gives the output too."""
    out: dict[int, str] = {}
    taken = set(roles.values())
    for i, role in roles.items():
        said = header.cells[i].scores if header and i in header.cells else {}
        other = {"lead": "partners", "partners": "lead"}.get(role or "")
        if other and {"lead", "partners"} <= set(said) and other not in taken:
            roles[i], out[i] = "lead", "partners"
        elif role == "task" and said and max(said, key=said.get) == "output" and "output" not in taken:
            out[i] = "output"
    return out


def _claim_task_by_length(claims, profiles, why) -> None:
    """No header names the task: the column of the longest texts is it."""
    free = [i for i, p in enumerate(profiles) if p.words >= SENTENCE_WORDS and p.kind in (None, "sentence")]
    if free:
        i = max(free, key=lambda j: profiles[j].words)
        claims[i]["task"] = CONTENT_WEIGHT + 0.5
        why[(i, "task")] = f"the longest texts (mean {profiles[i].words:.0f} words)"


def _date_order(columns: list[Column], rows: list[list[str]]) -> None:
    """Day/month order of each date column, from its own values that can be read only one
    way, else from the table's other date columns."""
    dated = [c for c in columns if c.role in ("start", "deadline")]
    for c in dated:
        c.day_first = day_first(r[c.index] for r in rows if c.index < len(r))
    decided = {c.day_first for c in dated if c.day_first is not None}
    if len(decided) == 1:
        order = decided.pop()
        for c in dated:
            if c.day_first is None:
                c.day_first = order
    for c in dated:
        if c.day_first is False:
            c.reason += "; dates read month/day/year"
