"""Filters: which rows a search may return (commune, unit and role, kind, document, year, ids).

A filter is a boolean mask over the index's rows, built from names as users type them:
"nghia son" is xã Nghĩa Sơn, "phong kinh te" is Phòng Kinh tế, "plan" is plan.txt and plan.docx.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from kehoach.corpus.kinds import LOCAL_LEVELS, without_kind
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


def _by_value(codes: np.ndarray, values: list[str], key) -> dict[str, np.ndarray]:
    """Rows by `key(value)` of a coded column: each distinct value folded once, the rows found
    by one pass over the codes (positions, ascending)."""
    keyed: dict[str, list[int]] = {}
    for code, v in enumerate(values):
        keyed.setdefault(key(v), []).append(code)
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(len(values) + 1))
    out = {}
    for k, code_list in keyed.items():
        parts = [order[starts[c]:starts[c + 1]] for c in code_list]
        out[k] = np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]
    return out


class RowFilter:
    """Masks over a fixed set of rows, computed from the index's columns (index.columns) with
    array operations: no row is materialised, and each lookup table is made on first use."""

    def __init__(self, columns, representative: np.ndarray, position=None, row_level=None):
        self.columns = columns
        self.n = columns.n
        self.representative = np.asarray(representative)  # position of the row standing for each row (twins)
        self._position = position  # callable -> {row id: position} (built by the index on first use)
        self._row_level = row_level  # callable: position -> the level of the row's plan ("commune", "ministry" …)
        self._cache: dict[str, object] = {}

    def _memo(self, name: str, make):
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    # ---- what the index and the ranker read ---------------------------------------------------
    @property
    def commune_key_codes(self) -> tuple[np.ndarray, list[str]]:
        """(code per row, key per code) of the rows' communes, folded ('nghia son'); -1 none."""
        def make():
            values = self.columns.values("commune")
            keys = [commune_key(v) for v in values]
            return self.columns.codes("commune"), keys
        return self._memo("commune_keys", make)

    @property
    def units(self) -> list[str]:
        return self._memo("units", lambda: sorted({*self.columns.values("lead_units"),
                                                   *self.columns.values("partner_units")}))

    def owner_codes(self) -> np.ndarray:
        """One code per row for whose plan it is (see owner_key), equal codes for one owner."""
        def make():
            c = self.columns
            combo = np.stack([c.codes(k) for k in ("commune", "issuer", "doc", "doc_key")], axis=1)
            distinct, inverse = np.unique(combo, axis=0, return_inverse=True)
            keys = {}
            for j, (cm, iss, doc, dk) in enumerate(distinct.tolist()):
                value = lambda name, code: c.values(name)[code] if code >= 0 else None  # noqa: E731
                row = Row(id="", kind="task", doc=value("doc", doc) or "", commune=value("commune", cm), plan=None,
                          section=None, stt=None, task="", issuer=value("issuer", iss), doc_key=value("doc_key", dk))
                keys[j] = owner_key(row)
            names = {k: i for i, k in enumerate(dict.fromkeys(keys.values()))}
            return np.asarray([names[keys[j]] for j in range(len(distinct))], np.int32)[inverse.ravel()]
        return self._memo("owners", make)

    # ---- masks ----------------------------------------------------------------------------------
    def mask(self, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
             ids=None, level=None) -> np.ndarray | None:
        """True for the rows that pass every filter given; None when no filter is given.
        `level`: plans of that level or levels ("government", "ministry", "commune" …)."""
        if (commune in (None, "", []) and not unit and not kind and not doc and year in (None, "")
                and ids is None and not level):
            return None
        m = np.ones(self.n, bool)
        if level:
            wanted_levels = {level} if isinstance(level, str) else set(level)
            levels = self._memo("issuer_levels", self._issuer_levels)
            issuers = self.columns.codes("issuer")
            at_level = np.isin(issuers, [c for c, lv in levels.items() if lv in wanted_levels])
            if wanted_levels.isdisjoint(LOCAL_LEVELS):  # "ở cấp bộ": a table of no place and no issuer (a
                placeless = self.columns.codes("commune") < 0  # national deliverables table) may be one of them
                at_level |= np.isin(issuers, [c for c, lv in levels.items() if lv is None]) & placeless
            m &= at_level
        if ids is not None:  # those rows and their copies (a row's hit carries its best copy's score)
            position = self._position() if self._position else {}
            wanted = np.zeros(self.n, bool)
            wanted[[position[i] for i in ids if i in position]] = True
            m &= wanted | wanted[self.representative]
        if commune not in (None, "", []):
            by = self._memo("by_commune", lambda: _by_value(self.columns.codes("commune"),
                                                          self.columns.values("commune"), commune_key))
            keys = {commune_key(c) for c in ([commune] if isinstance(commune, str) else commune)}
            m &= self._select(*(by.get(k, ()) for k in keys))
        if unit:
            m &= self.unit_mask(unit, role)
        if kind:
            by = self._memo("by_kind", lambda: _by_value(self.columns.codes("kind"), self.columns.values("kind"),
                                                       lambda v: v))
            m &= self._select(by.get(str(kind).strip().lower(), ()))
        if doc:
            wanted_doc = doc_matcher(doc)
            m &= self._doc_mask(wanted_doc)
        if year not in (None, ""):
            rows, years = self.columns.years()
            m &= self._select(rows[years == int(year)])
        return m

    def _issuer_levels(self) -> dict[int, str | None]:
        """Each issuer's level, read from one of its rows (a plan has one issuer and one level)."""
        codes = self.columns.codes("issuer")
        if self._row_level is None or not len(codes):
            return {}
        found, first = np.unique(codes, return_index=True)
        return {int(c): self._row_level(int(p)) for c, p in zip(found, first)}

    def _doc_mask(self, wanted) -> np.ndarray:
        """Rows whose file name or document key (kehoach.corpus.document) `wanted` accepts."""
        c = self.columns
        hit = np.zeros(self.n, bool)
        for name in ("doc", "doc_key"):
            values = c.values(name)
            good = [code for code, v in enumerate(values) if v and wanted(v)]
            if good:
                hit |= np.isin(c.codes(name), good)
        return hit

    def unit_mask(self, unit: str, role: str = "any") -> np.ndarray:
        """Rows where `unit` (any spelling) leads, partners, or either."""
        role = (role or "any").lower()
        if role not in ROLES:
            raise ValueError(f"role must be lead, partner or any, not {role!r}")
        c = self.columns
        fields = [f for f, r in (("lead", "lead"), ("partner", "partner")) if role in (r, "any")]
        canonical = match_unit(unit, self.units)
        if canonical is not None:
            out = np.zeros(self.n, bool)
            for f in fields:
                values = c.values(f"{f}_units")
                wanted = [i for i, v in enumerate(values) if v == canonical or in_family(v, canonical)]
                if wanted:
                    rows, codes = c.listed(f"{f}_units")
                    out[rows[np.isin(codes, wanted)]] = True
            return out
        key = unit_key(unit)  # a name no row lists: folded text match in the cells
        out = np.zeros(self.n, bool)
        if not key:
            return out
        for f in fields:
            column = "lead" if f == "lead" else "partners"
            good = [code for code, v in enumerate(c.values(column)) if key in unit_key(v or "")]
            if good:
                out |= np.isin(c.codes(column), good)
        return out

    def _select(self, *positions) -> np.ndarray:
        m = np.zeros(self.n, bool)
        for p in positions:
            m[np.asarray(p, dtype=np.int64)] = True
        return m

    def other_owners(self, pos: int) -> np.ndarray:
        """Rows of plans owned by others than row `pos`'s commune (or issuer)."""
        owners = self.owner_codes()
        return owners != owners[pos]


def in_family(name: str, collective: str) -> bool:
    """Is unit `name` one of a collective ("Các doanh nghiệp" holds "Các doanh nghiệp viễn thông"
    and "Doanh nghiệp công nghệ số"; "Các nhà trường" the schools named)?  "xã nào giao cho doanh
    nghiệp chủ trì" means any business.  An office is also its widened name after a comma: a ward's
    "Phòng Kinh tế, Hạ tầng và Đô thị" is the office people call "Phòng Kinh tế"."""
    if collective.startswith("Phòng ") and name.startswith(collective + ","):
        return True
    if not collective.lower().startswith("các "):
        return False
    head = unit_key(collective[4:])
    return bool(head) and f" {head} " in f" {unit_key(name)} "
