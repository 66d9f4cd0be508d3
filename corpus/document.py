"""One document -> its task rows: blocks from a reader, then tables (or, with none, targets assigned
in prose: corpus/assignments.py), narrative and metadata."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

from kehoach.corpus.blocks import DocumentError, Paragraph, RawDocument
from kehoach.corpus.clean import shorten
from kehoach.corpus.dates import deadline_end, deadline_years
from kehoach.corpus.layout import DocumentLayout
from kehoach.corpus.linear import regroup
from kehoach.corpus.metadata import Metadata, read_metadata
from kehoach.corpus.assignments import parse_assignments
from kehoach.corpus.narrative import parse_narrative
from kehoach.corpus.normalize import fold
from kehoach.corpus.readers import read_blocks
from kehoach.corpus.rows import Row
from kehoach.corpus.tables import read_tables
from kehoach.corpus.units import read_unit_cells


def doc_slug(name: str) -> str:
    """A file name as an id prefix: ASCII, lower case, no extension."""
    stem = Path(name).stem
    s = unicodedata.normalize("NFD", stem.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "doc"


# ---- document identity ------------------------------------------------------------------
# Communes often give their files the same name ("ke-hoach-57.docx"), so a document is keyed
# by what it is: whose plan (commune, else issuer) + which plan (its number, else its kind and
# title), else its content.  The key prefixes every row id, so ids are readable, stay the
# same when a file is added again and differ across communes; the file name is for display.
_KINDS = re.compile(r"^(ke hoach|phu luc|danh muc|chuong trinh|de an|quyet dinh|bao cao)"
                    r"(\s+(?:so\s+)?(?:\d{1,3}|[ivxlc]{1,6})\b)?")
_NUMBER_IN_LABEL = re.compile(r"\(số ([^)]+)\)")
_DATE_IN_LABEL = re.compile(r",\s*[\d/]+$")
HASH_CHARS = 4  # of a title's digest in a key: tells apart two unnumbered plans of one commune
KEY_TITLE_CHARS = 110  # of a title digested into a key: the length titles had when keys were first made (ids stay)
CONTENT_HASH_CHARS = 8  # of a document's text, for a document of no known commune or issuer


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _digest(text: str, chars: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:chars]


def content_digest(raw: RawDocument) -> str:
    """A digest of the document's text (not its bytes): the same text saved as .docx or .txt,
    or saved again, gives the same digest."""
    parts = [b.text if isinstance(b, Paragraph) else "\n".join("\t".join(r) for r in b.rows) for b in raw.blocks]
    return _digest(fold("\n".join(parts)), CONTENT_HASH_CHARS)


def document_key(meta: Metadata, raw: RawDocument) -> str:
    """'nghia-tho-ke-hoach-57-kh-ubnd' (commune + kind + number), 'nghia-hung-phu-luc-5c2e'
    (commune + kind + digest of an unnumbered title), 'ke-hoach-0f3a9b1c' (no commune or
    issuer: kind + digest of the text)."""
    owner = _slug(meta.commune or getattr(meta, "issuer", None) or "")
    label = meta.plan or ""
    kind = _KINDS.match(fold(label))
    kind_slug = _slug(kind.group(0)) if kind else ""
    if not owner or not label:
        return "-".join(p for p in (kind_slug or doc_slug(raw.name), content_digest(raw)) if p)
    number = getattr(meta, "number", None) or next(iter(_NUMBER_IN_LABEL.findall(label)), "")
    if re.search(r"\d", number):
        return "-".join(p for p in (owner, kind_slug, _slug(number)) if p)
    title = shorten(_DATE_IN_LABEL.sub("", _NUMBER_IN_LABEL.sub("", label)).strip(), KEY_TITLE_CHARS)
    return "-".join(p for p in (owner, kind_slug, _digest(fold(title), HASH_CHARS)) if p)


def _section_code(section: str | None) -> str:
    return section.split(".", 1)[0].strip() if section else ""


def _unique(ids: set[str], wanted: str) -> str:
    """Ids are made of the document key and the row's numbering; a repeat gets a suffix."""
    out, n = wanted, 2
    while out in ids:
        out, n = f"{wanted}~{n}", n + 1
    ids.add(out)
    return out


def _ocr(confidence: float | None) -> dict:
    """Row fields of a row read by OCR: where it came from and how sure the reading is."""
    return {} if confidence is None else {"source": "ocr", "confidence": confidence}


def funding_text(cost: str | None, source: str | None) -> str | None:
    """A task's money, as its table writes it: the amount ('Kinh phí', 'Tổng số', with the
    header's unit) and where it comes from ('Nguồn vốn'); a dash is an empty cell."""
    parts = [p.strip() for p in (cost, source) if p and p.strip() not in ("-", "–", "—", "x")]
    return "; ".join(parts) or None


def rows_from_blocks(raw: RawDocument) -> list[Row]:
    return rows_and_layout(raw)[0]


def rows_and_layout(raw: RawDocument) -> tuple[list[Row], DocumentLayout]:
    """The rows of a document and the report of how its tables were read."""
    raw = replace(raw, blocks=regroup(raw.blocks))  # a table written one cell per line, whole again
    meta = read_metadata(raw.blocks)
    doc_key = document_key(meta, raw)
    ids: set[str] = set()
    rows: list[Row] = []
    origin = {"doc": raw.name, "commune": meta.commune, "plan": meta.plan, "issuer": meta.issuer, "level": meta.level,
              "doc_key": doc_key}  # what every row of the document says of where it comes from
    tasks, layouts = read_tables(raw.blocks)
    # Numbering that restarts in every section ("1, 2, 3" under I, II, III) needs the
    # section in the id; numbering unique in the document does not.
    repeated = Counter(t.stt for t in tasks)
    for t in tasks:
        code = t.section_key
        number = t.stt or f"r{t.position + 1}"
        number_key = f"{code}-{number}" if code and t.stt and repeated[t.stt] > 1 else number
        cells = {k: (v or None) for k, v in t.cells.items()}
        units = read_unit_cells(cells["lead"], cells["partners"])
        rows.append(Row(
            id=_unique(ids, f"{doc_key}#{number_key}"), kind="task", section=t.section, stt=t.stt,
            task=cells["task"] or "", lead=units.lead, partners=units.partners, output=cells["output"],
            deadline=cells["deadline"], directing=cells["directing"], notes=cells["notes"],
            lead_units=units.lead_units, partner_units=units.partner_units,
            deadline_years=deadline_years(cells["deadline"]),
            deadline_end=deadline_end(cells["deadline"], t.day_first), start=cells["start"],
            status=cells["status"], code=cells["code"], measure=cells["measure"],
            funding=funding_text(cells["cost"], cells["funding"]), refs=cells["refs"], depends=cells["depends"],
            **origin, **_ocr(t.confidence),
        ))
    if not tasks:  # no task table: targets whose prose names who leads them ("A chủ trì, phối hợp với B …")
        for a in parse_assignments(raw.blocks):
            units = read_unit_cells(a.lead, a.partners)
            rows.append(Row(
                id=_unique(ids, f"{doc_key}#{a.stt}"), kind="task", section=a.section, stt=a.stt, task=a.task,
                lead=units.lead, partners=units.partners, deadline=a.deadline,
                lead_units=units.lead_units, partner_units=units.partner_units,
                deadline_years=deadline_years(a.deadline), deadline_end=deadline_end(a.deadline, True), **origin,
            ))
    task_rows = len(rows)
    per_section: Counter[str] = Counter()
    for item in parse_narrative(raw.blocks):
        code = _section_code(item.section) or "0"
        per_section[code] += 1
        number_key = item.stt or f"{code}-{per_section[code]}"
        rows.append(Row(
            id=_unique(ids, f"{doc_key}#n{number_key}"), kind="narrative", section=item.section, stt=item.stt,
            task=item.text, **origin, **_ocr(item.confidence),
        ))
    layout = DocumentLayout(raw.name, layouts, task_rows=task_rows, narrative_rows=len(rows) - task_rows,
                            issuer=meta.issuer, level=meta.level)
    return rows, layout


def explain_document(path: str | Path) -> tuple[list[Row], DocumentLayout]:
    """Rows and layout report of one file, even when no rows could be read (the report says
    why); raises DocumentError only when the file itself cannot be read."""
    return rows_and_layout(read_blocks(path))


def read_document(path: str | Path) -> list[Row]:
    """Parse one file into rows; raise DocumentError (one clear line) when it cannot be used."""
    raw = read_blocks(path)
    rows = rows_from_blocks(raw)
    if not rows:
        raise DocumentError(
            f"{Path(path).name}: no task table or numbered task list was found "
            "(expected a table with columns such as 'Nội dung nhiệm vụ' and 'Đơn vị chủ trì')")
    return rows
