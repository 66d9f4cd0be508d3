"""Filters: which rows a search may return (commune, unit and role, kind, document, year, ids).

A filter is a boolean mask over the index's rows, built from names as users type them:
"nghia son" is xã Nghĩa Sơn, "phong kinh te" is Phòng Kinh tế, "plan" is plan.txt and plan.docx.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from kehoach.corpus.kinds import without_kind
from kehoach.corpus.normalize import fold, squash
from kehoach.corpus.rows import Row
from kehoach.corpus.units import match_unit, unit_key

ROLES = ("lead", "partner", "any")


def commune_key(name: str | None) -> str:
    """'xã Nghĩa Sơn', 'Nghia Son' -> 'nghia son'."""
    return without_kind(squash(name or ""))


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


def _cached(fn):
    from functools import lru_cache

    return lru_cache(maxsize=None)(fn)


def _positions(keys) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        out.setdefault(k, []).append(i)
    return out


def _unit_positions(rows: list[Row], field: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for name in dict.fromkeys(getattr(r, field)):
            out.setdefault(name, []).append(i)
    return out


class RowFilter:
    """Masks over a fixed list of rows (rebuilt whenever the index's rows change)."""

    def __init__(self, rows: list[Row], representative: list[int]):
        self.rows = rows
        self.representative = representative  # position of the row standing for each row (twins)
        self.position = {r.id: i for i, r in enumerate(rows)}
        # names repeat over a document's rows: fold each once (100k rows: seconds otherwise)
        communes, owners, docs = _cached(commune_key), {}, _cached(doc_key)
        self.commune_keys = [communes(r.commune) for r in rows]
        self.owner_keys = [owners.get(k) or owners.setdefault(k, owner_key(r))
                           for r in rows for k in [(r.commune, r.issuer, r.doc, getattr(r, "doc_key", None))]]
        self.units = sorted({u for r in rows for u in (*r.lead_units, *r.partner_units)})
        # positions by value, so a filter is a few array writes however many rows there are
        self._by_commune = _positions(self.commune_keys)
        self._leading = _unit_positions(rows, "lead_units")
        self._helping = _unit_positions(rows, "partner_units")
        self._by_kind = _positions(r.kind for r in rows)
        self._by_doc = _positions(docs(r.doc) for r in rows)  # by file name ...
        for i, r in enumerate(rows):  # ... and by document key (kehoach.corpus.document)
            if r.doc_key:
                self._by_doc.setdefault(docs(r.doc_key), []).append(i)

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
            m &= self._select(*(self._by_commune.get(k, ()) for k in keys))
        if unit:
            m &= self.unit_mask(unit, role)
        if kind:
            m &= self._select(self._by_kind.get(str(kind).strip().lower(), ()))
        if doc:
            wanted_doc = doc_matcher(doc)
            m &= self._select(*(p for key, p in self._by_doc.items() if wanted_doc(key)))
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
        if canonical is not None:
            return self._select(self._leading.get(canonical, ()) if role in ("lead", "any") else (),
                                self._helping.get(canonical, ()) if role in ("partner", "any") else ())
        key = unit_key(unit)  # a name no row lists: folded text match in the cells

        def hit(cell: str | None) -> bool:
            return bool(key) and key in unit_key(cell or "")

        return np.asarray([(role in ("lead", "any") and hit(r.lead)) or (role in ("partner", "any") and hit(r.partners))
                           for r in self.rows], bool)

    def _select(self, *positions) -> np.ndarray:
        m = np.zeros(len(self.rows), bool)
        for p in positions:
            m[list(p)] = True
        return m

    def other_owners(self, pos: int) -> np.ndarray:
        """Rows of plans owned by others than row `pos`'s commune (or issuer)."""
        own = self.owner_keys[pos]
        return np.asarray([c != own for c in self.owner_keys], bool)
