"""A cell value the question quotes: "bao nhiêu nhiệm vụ mà thời hạn chỉ ghi 'Theo văn bản chỉ đạo
của thành phố'", "những việc cột chủ trì ghi 'các cơ quan, đơn vị'".

People who read the plans as a table ask about what a column says, word for word.  A quoted
text right after a column's cue (cues.tsv's deadline/output cues, roles.tsv's role words) is
that column's value: the rows are those whose cell holds it (or, after "chỉ"/"đúng", is it),
and the quote is neither the topic nor a unit or time filter of its own.  A quote after no
column word ("phong trào 'Bình dân học vụ số'") stays the topic's.  A period of years right
after a deadline cue is such a value unquoted ("mốc thời gian 2026-2030": the rows whose
deadline says that period), and so is the rest of a question after "ghi là" ("thời gian hoàn
thành ghi là triển khai theo hướng dẫn của cấp có thẩm quyền?"), and where the money comes from
("bao nhiêu việc lấy tiền từ ngân sách phường": the funding cell), a target's unit of measure
("chỉ tiêu có đơn vị tính là thứ bậc") and the task a schedule's row waits for ("phụ thuộc NV2").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.corpus.content import is_status, status_values
from kehoach.corpus.normalize import fold
from kehoach.qa.text import Text

Span = tuple[int, int]

QUOTED = re.compile(r"[\"'“‘«]([^\"'”’»]{3,})[\"'”’»]")
PERIOD = re.compile(r"(?<![\d/])((?:19|20)\d\d\s*-\s*(?:19|20)\d\d)(?![\d/])")  # "mốc thời gian 2026-2030", unquoted
# the cue fields and role words that name a column, and the column
COLUMNS = {"deadline": "deadline", "output": "output", "lead": "lead", "partners": "partners",
           "partner": "partners", "funding": "funding"}
# between the column word and the quote: "mà cột chủ trì chỉ ghi chung", "thời hạn hoàn thành là"
BETWEEN = re.compile(r"[^,;?!.]{0,40}$")
# unquoted, after "ghi là" or "nộp": "thời gian hoàn thành ghi là triển khai theo hướng dẫn của cấp có
# thẩm quyền?", "kết quả phải nộp báo cáo?" (but not an interrogative: "nộp ra cái gì", ASKING)
WRITTEN = re.compile(r"(?<![^\W_])(?:(?:duoc )?ghi(?: la)?(?!\s+(?:nhan|chep|lai|ro|nhu|vua|dung|chinh xac|chi))|(?:phai )?nop(?!\s+(?:san pham|ket qua)))\s+([^?!;]{3,}?)\s*(?=[?!;]|\.?\s*$)")
# unquoted, the rest of the question after an output cue and "là": "những nhiệm vụ nào có sản phẩm đầu ra
# là văn bản triển khai" (a deadline said so is a time filter: "hạn là tháng 3 năm 2025")
IS_VALUE = re.compile(r"(?<![^\W_])la\s+((?:[^\W_]+[\s,]*){1,6}?)\s*(?=[?!;]|\.?\s*$)")  # a short value: a longer one describes
ASKING = re.compile(r"(?<![^\W_])(?:gi|nao|sao|bao nhieu|may|ai)(?![^\W_])")
NEXT_TO = re.compile(r"\s*(?:la|ghi|:)?\s*(?:giai doan\s*)?")  # a period right after its deadline cue ("thời hạn giai đoạn …")
# a period said as how long tasks run: "bao nhiêu việc kéo dài giai đoạn 2026-2030" (the deadline cell)
RUNS = re.compile(r"(?<![^\W_])(?:keo dai|trai dai|thuc hien|lam)\s+(?:trong\s+)?(?:ca\s+)?giai doan\s*$")
# where a task's money comes from, unquoted: "bao nhiêu việc lấy tiền từ ngân sách phường", "chi bằng
# nguồn xã hội hóa" (the funding cell; the source names are the words such cells start with)
FUNDED = re.compile(r"(?<![^\W_])(?:(?:lay tien|chi tien|chi|kinh phi|dung tien|su dung|tien|von|nguon)\s+(?:tu|bang|la|cua)"
                    r"|(?:dung|su dung|lay)\s+nguon)\s+"  # "dùng nguồn ngân sách phường"
                    r"(?:nguon\s+)?((?:ngan sach|xa hoi hoa|long ghep|von)(?:\s+[^\W_]+){0,3}?)"
                    r"(?=\s*(?:[?!;,.]|$)|\s+(?:vay|v|a|nhi|nhe|the|khong|ko|k|thoi)(?:\W|$))")
# a target's unit of measure, unquoted: "mấy chỉ tiêu có đơn vị tính là thứ bậc (xếp hạng)", "đvt là %"
MEASURED = re.compile(r"(?<![^\W_])(?:don vi tinh|don vi do|dvt)\s+(?:la|bang|:)\s*((?:[^\W_]+|%)(?:\s+[^\W_]+){0,3}?)"
                      r"(?=\s*(?:[?!;,.(]|$)|\s+(?:vay|v|a|nhi|nhe|nha|the|thoi)(?:\W|$))")
# the task a schedule's rows wait for: "nhiệm vụ nào phụ thuộc NV2", "việc nào phụ thuộc vào 1.1.3"
DEPENDS_ON = re.compile(r"(?<![^\W_])(?:phu thuoc|depends on|depend on)\s+(?:vao\s+)?(?:(?:nhiem vu|task|viec)\s+)?"
                        r"((?:nv|m|wbs\s*)?\d+(?:\.\d+)*)(?![^\W_]|\.\d)")
# a column said to be empty: "không giao đơn vị nào phối hợp", "không có ai phối hợp", "để trống
# cột sản phẩm", "cột chủ trì bỏ trống", "chỉ có mỗi đơn vị chủ trì" (no partner; but "X một mình
# chủ trì" is X alone in the lead cell: qa.together.sole).  A bare "không phối hợp" is a unit's role
# denied ("X không chủ trì mà chỉ phối hợp"), not an empty column.
EMPTY_COLUMNS = {"phoi hop": "partners", "chu tri": "lead", "san pham": "output", "ket qua": "output",
                 "dau ra": "output", "phu thuoc": "depends",  # "cột Phụ thuộc để trống": a schedule's first tasks
                 "kinh phi": "funding", "so tien kinh phi": "funding", "so tien": "funding"}  # "không ghi số tiền kinh phí"
_COLUMN_WORDS = "phoi hop|chu tri|san pham|ket qua|dau ra|phu thuoc|so tien kinh phi|so tien|kinh phi"
_WHO = r"(?:don vi|co quan|ai|ben|to chuc|dv|ca nhan)"
EMPTY = re.compile(
    rf"(?<![^\W_])(?:(?:khong|chua|chang)\s+(?:(?:co|ghi|giao|can|kem|phan cong|chi dinh)\s+(?:{_WHO}\s+)?|{_WHO}\s+)"
    rf"(?:nao\s+)?(?:(?:cung|tham gia|de)\s+)?({_COLUMN_WORDS})"
    rf"|(?:de|bo)\s+trong\s+(?:cot\s+)?(?:{_WHO}\s+)?({_COLUMN_WORDS})"
    rf"|cot\s+(?:{_WHO}\s+)?({_COLUMN_WORDS})\s+(?:de|bo)\s+trong"
    rf"|chi\s+(?:co\s+)?(?:mot|moi|1)\s+{_WHO}\s+(chu tri)"
    rf"|khong\s+(phu thuoc)\s+(?:vao\s+)?(?:nhiem vu|nv|viec)\s+nao)(?![^\W_])")  # not "X một mình chủ trì": X alone leads
EXACT = re.compile(r"(?<![^\W_])(chi|dung|chinh xac|chung chung|khong ghi ro)(?![^\W_])")
AFTER = 2  # characters between a quote and the role word after it: "giao 'các cơ quan, đơn vị' chủ trì"


@dataclass(frozen=True)
class CellFilter:
    column: str  # a Row attribute: deadline | output | lead | partners | funding | status | measure | depends
    text: str  # the quoted value, as typed
    exact: bool = False  # "chỉ ghi …": the cell is the value, not merely holds it
    amount: bool = False  # "không ghi số tiền kinh phí": the cost cell states no amount (it may name a source)

    def matches(self, row) -> bool:
        cell, want = _plain(getattr(row, self.column, None) or ""), _plain(self.text)
        if self.amount:
            return cost(row) is None
        if not self.text:  # the column said to be empty
            return not cell
        if self.column == "status":  # "đã hoàn thành" is a cell "Hoàn thành (…)"; "chưa hoàn thành" is not
            cell, want = (re.sub(r"^da ", "", x) for x in (cell, want))
            return bool(want) and (cell == want or cell.startswith(want + " "))
        return bool(want) and (cell == want if self.exact else f" {want} " in f" {cell} ")

    def label(self) -> str:
        """How the reading is shown: 'thời hạn chỉ ghi “Theo văn bản chỉ đạo của thành phố”'."""
        from kehoach.qa.render import labels

        if self.amount:
            return f"{labels()['field:' + self.column]} không ghi số tiền"
        if not self.text:
            return f"{labels()['field:' + self.column]} để trống"
        return f"{labels()['field:' + self.column]} {'chỉ ghi' if self.exact else 'ghi'} “{self.text}”"


PLURAL = {"cac", "nhung"}


def _plain(s: str) -> str:
    """Folded words without the plural markers people drop or add when quoting ("Theo các văn bản")."""
    return " ".join(w for w in re.findall(r"[^\W_]+", fold(s)) if w not in PLURAL)


TASK_NAMED = re.compile(r"(?<![^\W_])(?:nhiem vu|viec|cong viec|dau viec)\s*$")


def quoted_cell(text: Text, found) -> tuple[CellFilter | None, list[Span]]:
    """The cell filter a question quotes and the spans it takes: the column word up to the quote,
    then the quote itself (last); `found`: the (cue or role, start, end) matches of the question."""
    empty = EMPTY.search(text.fol)
    if empty:  # "chỉ có một đơn vị chủ trì": the partners column is the empty one
        said = next(g for g in empty.groups() if g)
        column = "partners" if empty.group(4) else EMPTY_COLUMNS[said]
        return CellFilter(column, "", amount=said.startswith("so tien")), [empty.span()]
    for m in QUOTED.finditer(text.orig):  # "còn 'đang thực hiện'": a status a report writes, quoted
        if is_status(m.group(1)):
            return CellFilter("status", m.group(1).strip()), [m.span()]
    for column, said in (("depends", DEPENDS_ON.search(text.fol)), ("measure", MEASURED.search(text.fol))):
        if said and not ASKING.fullmatch(said.group(1)):  # "đvt là gì" asks it; "… (xếp hạng)": the same said again
            aside = re.match(r"\s*\([^)]*\)", text.fol[said.end():])
            return CellFilter(column, text.orig[said.start(1):said.end(1)]), \
                [(said.start(), said.end() + (aside.end() if aside else 0))]
    funded = FUNDED.search(text.fol)
    if funded:
        return CellFilter("funding", text.orig[funded.start(1):funded.end(1)]), [funded.span()]
    periods = list(PERIOD.finditer(text.orig))
    said = [m for m in WRITTEN.finditer(text.fol) if not QUOTED.match(text.orig, m.start(1))
            and not ASKING.search(m.group(1))]  # "làm xong nộp ra cái gì" asks, it quotes nothing
    valued = [m for m in IS_VALUE.finditer(text.fol) if not QUOTED.match(text.orig, m.start(1))
              and not ASKING.search(m.group(1)) and not any(w.start() <= m.start() < w.end() for w in said)]
    said += valued
    for m in sorted([*QUOTED.finditer(text.orig), *periods, *said], key=lambda m: m.start()):
        start = m.start(1) if m in valued else m.start()  # "kết quả là …": the cue may hold the "là"
        before = [(c, a, b) for c, a, b in found if b <= start and _column(c)
                  and (NEXT_TO if m in periods or m in said else BETWEEN).fullmatch(text.fol[b:start])
                  and (m not in periods or _column(c) == "deadline")
                  and (m not in valued or _column(c) == "output")]
        after = [(c, a, b) for c, a, b in found if 0 <= a - m.end() <= AFTER and c.kind == "role" and _column(c)]
        runs = RUNS.search(text.fol[:m.start()]) if m in periods else None
        if runs and not before:
            return CellFilter("deadline", m.group(1).strip()), [runs.span(), m.span()]
        if not before and not (after and m not in periods and m not in said):
            continue
        if not before and TASK_NAMED.search(text.fol[:m.start()]):
            continue  # "nhiệm vụ 'Văn bản trách nhiệm người đứng đầu' chủ trì là ai": the quote names the task
        c, a, b = before[-1] if before else after[0]
        exact = bool(EXACT.search(text.fol[b:m.start()] if before else text.fol[m.end():m.end() + 60].split("?")[0]))
        if not before:  # the role word after the quote: its span is the column word
            return CellFilter(_column(c), m.group(1).strip(), exact), [(m.end(), b), m.span()]
        value = text.orig[m.start(1):m.end(1)].strip() if m in said else m.group(1).strip()
        value = re.sub(r"\s*\([^)]*\)\s*$", "", value) or value  # "khi tỉnh ban hành (kế hoạch, quyết định)": alternatives
        value = re.sub(r"(?:\s+(?:vậy|vay|v|ạ|a|nhỉ|nhi|nhé|nhe|thế|the|nha|ha))+\s*$", "", value) or value  # "… vậy": a particle
        return CellFilter(_column(c), value, exact), [(a, min(m.start(), b)), (min(m.start(), b), m.end())]
    return None, []


def _column(match) -> str | None:
    key = match.role if match.kind == "role" else match.field
    return COLUMNS.get(key)


def said_status(text: Text) -> tuple[CellFilter | None, list[Span]]:
    """A status said without quotes ("bao nhiêu nhiệm vụ đã hoàn thành", "số việc đang thực
    hiện"), read only when the question names a progress report (qa.intent): the longest of the
    status words (corpus/data/values.tsv) of two syllables or more that it says ("quá hạn" is
    qa.when's overdue; "hoàn thành" alone is as often a deadline's word)."""
    for phrase in status_values():
        if len(phrase.split()) < 2 or phrase == "qua han":
            continue
        m = re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", text.fol)
        if m:
            return CellFilter("status", text.orig[m.start():m.end()]), [m.span()]
    return None, []


COST = re.compile(r"^\s*(\d+(?:[.,]\d+)*)\s*(tỷ|tỉ|triệu|nghìn|ngàn)?", re.IGNORECASE)
COST_UNITS = {"tỷ": 1000.0, "tỉ": 1000.0, "triệu": 1.0, "nghìn": 0.001, "ngàn": 0.001}  # in millions of đồng


def cost(row) -> float | None:
    """The amount a row's cost cell states, in millions of đồng ("120 triệu đồng; Ngân sách phường"
    -> 120.0); None for a cell naming only a source ("Lồng ghép")."""
    m = COST.match(getattr(row, "funding", None) or "")
    if not m:
        return None
    amount = float(m.group(1).replace(".", "").replace(",", "."))
    return amount * COST_UNITS.get((m.group(2) or "triệu").lower(), 1.0)
