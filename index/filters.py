"""Filters: which rows a search may return (commune, unit and role, kind, document, year, ids).

A filter is a boolean mask over the index's rows, built from names as users type them:
"nghia son" is xã Nghĩa Sơn, "phong kinh te" is Phòng Kinh tế, "plan" is plan.txt and plan.docx.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from kehoach.corpus.normalize import fold, squash
from kehoach.corpus.rows import Row
from kehoach.corpus.units import match_unit, unit_key

ROLES = ("lead", "partner", "any")


def commune_key(name: str | None) -> str:
    """'xã Nghĩa Sơn', 'Nghia Son' -> 'nghia son'."""
    return re.sub(r"^(?:xa|phuong|thi tran|dac khu)\s+", "", squash(name or ""))


def owner_key(row: Row) -> str:
    """Whose plan a row is: its commune; for plans of no commune (a ministry, a province), the
    issuer; else the document itself.  'Other communes' means other owners."""
    return commune_key(row.commune) or fold(row.issuer or "") or "doc:" + (row.doc_key or doc_key(row.doc))


def doc_key(name: str) -> str:
    return fold(Path(str(name)).name)


def doc_matcher(docs):
    """A test on a document's file name or key: one of `docs` (str or list) by file name, by
    the name without its suffix ("plan" matches plan.txt and plan.docx; "plan.txt" only
    plan.txt) or by document key; diacritics and case ignored."""
    keys = {doc_key(d) for d in ([docs] if isinstance(docs, (str, Path)) else docs)}

    def match(name: str) -> bool:
        key = doc_key(name)
        return key in keys or Path(key).stem in keys

    return match


class RowFilter:
    """Masks over a fixed list of rows (rebuilt whenever the index's rows change)."""

    def __init__(self, rows: list[Row], representative: list[int]):
        self.rows = rows
        self.representative = representative  # position of the row standing for each row (twins)
        self.position = {r.id: i for i, r in enumerate(rows)}
        self.commune_keys = [commune_key(r.commune) for r in rows]
        self.owner_keys = [owner_key(r) for r in rows]
        self.units = sorted({u for r in rows for u in (*r.lead_units, *r.partner_units)})

    def mask(self, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
             ids=None) -> np.ndarray | None:
        """True for the rows that pass every filter given; None when no filter is given."""
        if (commune in (None, "", []) and not unit and not kind and not doc and year in (None, "")
                and ids is None):
            return None
        m = np.ones(len(self.rows), bool)
        if ids is not None:  # those rows and their copies (a row's hit carries its best copy's score)
            wanted = {self.position[i] for i in ids if i in self.position}
            m &= np.asarray([i in wanted or rep in wanted for i, rep in enumerate(self.representative)], bool)
        if commune not in (None, "", []):
            keys = {commune_key(c) for c in ([commune] if isinstance(commune, str) else commune)}
            m &= np.asarray([c in keys for c in self.commune_keys], bool)
        if unit:
            m &= self.unit_mask(unit, role)
        if kind:
            m &= np.asarray([r.kind == str(kind).strip().lower() for r in self.rows], bool)
        if doc:
            wanted_doc = doc_matcher(doc)
            m &= np.asarray([wanted_doc(r.doc) or wanted_doc(r.doc_key or "") for r in self.rows], bool)
        if year not in (None, ""):
            y = int(year)
            m &= np.asarray([y in r.deadline_years for r in self.rows], bool)
        return m

    def unit_mask(self, unit: str, role: str = "any") -> np.ndarray:
        """Rows where `unit` (any spelling) leads, partners, or either."""
        role = (role or "any").lower()
        if role not in ROLES:
            raise ValueError(f"role must be lead, partner or any, not {role!r}")
        canonical = match_unit(unit, self.units)
        key = unit_key(unit)

        def hit(names: list[str], cell: str | None) -> bool:
            if canonical is not None:
                return canonical in names
            return bool(key) and key in unit_key(cell or "")  # unknown name: folded text match

        return np.asarray([
            (role in ("lead", "any") and hit(r.lead_units, r.lead))
            or (role in ("partner", "any") and hit(r.partner_units, r.partners)) for r in self.rows], bool)

    def other_owners(self, pos: int) -> np.ndarray:
        """Rows of plans owned by others than row `pos`'s commune (or issuer)."""
        own = self.owner_keys[pos]
        return np.asarray([c != own for c in self.owner_keys], bool)
