"""The rows of a loaded index, read when asked for, and the few columns searching needs, as arrays.

Why: at national scale (hundreds of thousands of rows) building every `Row` object at load time
costs seconds and most of the process's memory, while a search shows ten rows and a filter
needs a handful of columns.  So:

- `StoredRows` is the index's `rows`: a read-only sequence of `Row` over rows.json, each row
  parsed from its own line (found through rows.offsets.npy) the first time it is asked for and
  kept; iterating parses the rest.  `StoredMeta` reads the index data of the same lines.
- `RowColumns` (columns.npz) holds what filters and ranking read for every row: commune,
  issuer, document, kind and unit cells as codes into tables of their distinct values, the
  units and deadline years as lists per row, the copy links (`rep`, `part`) as positions,
  and the row ids.  It is computed from the rows when the index changes and saved with them.
"""
from __future__ import annotations

import json
import mmap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from kehoach.corpus.rows import EXPORT_KEYS, Row

STRING_COLUMNS = ("commune", "issuer", "doc", "doc_key", "kind", "lead", "partners")
LIST_COLUMNS = ("lead_units", "partner_units")
ROW_META = ("slot", "rep", "passage", "part")  # "part": a paragraph holding a table row and more (index.twins)
_SHARED_FIELDS = ("kind", "doc", "commune", "plan", "section", "lead", "partners", "output", "deadline", "directing",
                  "notes", "deadline_end", "start", "status", "measure", "funding", "issuer", "level", "source")


# ---- rows.json ---------------------------------------------------------------------------------
def write_rows(path: Path, offsets_path: Path, rows, meta) -> None:
    """rows.json: a JSON array, one row (export keys + index data) per line; rows.offsets.npy:
    where each row's line starts (and, last, where the array closes)."""
    offsets = [0] * (len(rows) + 1)
    with open(path, "wb") as f:
        at = f.write(b"[\n")
        for i, (r, m) in enumerate(zip(rows, meta)):
            offsets[i] = at
            record = {k: getattr(r, k) for k in EXPORT_KEYS}  # Row.to_dict without its deep copy
            at += f.write((("," if i else "") + json.dumps({"row": record, **m}, ensure_ascii=False)
                           + "\n").encode("utf-8"))
        offsets[len(rows)] = at
        f.write(b"]\n")
    with open(offsets_path, "wb") as f:
        np.save(f, np.asarray(offsets, np.int64), allow_pickle=False)


def _line(raw: bytes) -> dict:
    return json.loads(raw.decode("utf-8").strip().lstrip(","))


def row_from(d: dict, shared: dict[str, str]) -> Row:
    """A Row from its rows.json record, cell texts many rows share (a document's name, commune,
    units) kept once through `shared`."""
    row = d["row"]
    for k in _SHARED_FIELDS:
        v = row.get(k)
        if isinstance(v, str):
            row[k] = shared.setdefault(v, v)
    for k in LIST_COLUMNS:
        row[k] = [shared.setdefault(v, v) for v in row.get(k) or []]
    return Row.from_dict(row)


def _position(i, n: int) -> int:
    """A sequence index as Python reads it (negative from the end), or IndexError."""
    i = int(i)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError(i)
    return i


class StoredRows(Sequence):
    """rows.json as a sequence of Row, each parsed on first access and kept."""

    def __init__(self, path: Path, offsets: np.ndarray):
        self.path = Path(path)
        self.offsets = offsets
        with open(self.path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if self.path.stat().st_size else b""
        self._rows: list[Row | None] = [None] * (len(offsets) - 1)
        self._shared: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def record(self, i: int) -> dict:
        return _line(self._map[int(self.offsets[i]):int(self.offsets[i + 1])])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = _position(i, len(self))
        row = self._rows[i]
        if row is None:
            row = self._rows[i] = row_from(self.record(i), self._shared)
        return row

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


class StoredMeta(Sequence):
    """The index data of each rows.json line (slot, representative, passage hash, part), parsed
    on access (only changes and benchmarks read it)."""

    def __init__(self, rows: StoredRows):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = _position(i, len(self))
        d = self._rows.record(i)
        return {k: d[k] for k in ROW_META if k in d}

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def read_rows(path: Path):
    """(rows, meta) of an index folder's rows.json, lazily (through rows.offsets.npy)."""
    path = Path(path)
    offsets = np.load(path.with_name("rows.offsets.npy"), allow_pickle=False)
    if offsets.ndim != 1 or len(offsets) < 1 or int(offsets[-1]) + 2 != path.stat().st_size:
        raise ValueError("rows.offsets.npy does not match rows.json")
    rows = StoredRows(path, offsets)
    return rows, StoredMeta(rows)


# ---- columns -------------------------------------------------------------------------------------
def _coded(values) -> tuple[np.ndarray, list[str]]:
    """Codes into the table of distinct values (-1 for None)."""
    table: dict[str, int] = {}
    codes = np.fromiter((-1 if v is None else table.setdefault(v, len(table)) for v in values), np.int32)
    return codes, list(table)


def _listed(lists) -> tuple[np.ndarray, np.ndarray, list[str]]:
    table: dict[str, int] = {}
    indptr, codes = [0], []
    for values in lists:
        codes.extend(table.setdefault(v, len(table)) for v in values)
        indptr.append(len(codes))
    return np.asarray(indptr, np.int64), np.asarray(codes, np.int32), list(table)


class RowColumns:
    """What filters and ranking read of every row, as arrays (see the module docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray], tables: dict[str, list[str]], ids):
        self.arrays = arrays
        self.tables = tables
        self._ids = ids  # list[str], or the memory-mapped bytes of ids.npy (decoded when asked)
        self.n = len(arrays["rep"])
        self.rep = arrays["rep"]  # position of the row standing for each row (index.twins)
        self.part = arrays["part"]  # position of the table row a paragraph holds, else -1

    @classmethod
    def from_rows(cls, rows, meta) -> "RowColumns":
        rows = list(rows)
        position = {r.id: i for i, r in enumerate(rows)}
        arrays: dict[str, np.ndarray] = {}
        tables: dict[str, list[str]] = {}
        for name in STRING_COLUMNS:
            arrays[name], tables[name] = _coded(getattr(r, name) for r in rows)
        for name in LIST_COLUMNS:
            arrays[name + ".indptr"], arrays[name], tables[name] = _listed(getattr(r, name) for r in rows)
        years = [r.deadline_years for r in rows]
        arrays["years.indptr"] = np.cumsum([0] + [len(y) for y in years], dtype=np.int64)
        arrays["years"] = np.asarray([y for ys in years for y in ys], np.int32)
        arrays["rep"] = np.asarray([position.get(m["rep"], i) for i, m in enumerate(meta)], np.int32)
        arrays["part"] = np.asarray([position.get(m.get("part"), -1) for m in meta], np.int32)
        return cls(arrays, tables, [r.id for r in rows])

    # ---- reading ------------------------------------------------------------------------------
    def codes(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def values(self, name: str) -> list[str]:
        return self.tables[name]

    def listed(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(row of each entry, code of each entry) of a list column."""
        indptr = self.arrays[name + ".indptr"]
        return np.repeat(np.arange(self.n, dtype=np.int32), np.diff(indptr)), self.arrays[name]

    def ids(self) -> list[str]:
        if not isinstance(self._ids, list):
            self._ids = [b.decode("utf-8") for b in self._ids.tolist()]
        return self._ids

    def years(self) -> tuple[np.ndarray, np.ndarray]:
        indptr = self.arrays["years.indptr"]
        return np.repeat(np.arange(self.n, dtype=np.int32), np.diff(indptr)), self.arrays["years"]

    # ---- persistence --------------------------------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        directory = Path(directory)
        with open(directory / "columns.npz", "wb") as f:
            np.savez(f, **self.arrays)
        (directory / "columns.json").write_text(json.dumps(self.tables, ensure_ascii=False), encoding="utf-8")
        ids = [i.encode("utf-8") for i in self.ids()]
        with open(directory / "ids.npy", "wb") as f:
            np.save(f, np.asarray(ids, dtype=f"S{max(map(len, ids), default=1)}"), allow_pickle=False)
        return ["columns.npz", "columns.json", "ids.npy"]

    @classmethod
    def load(cls, directory: Path) -> "RowColumns":
        directory = Path(directory)
        with np.load(directory / "columns.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        tables = json.loads((directory / "columns.json").read_text(encoding="utf-8"))
        ids = np.load(directory / "ids.npy", mmap_mode="r", allow_pickle=False)
        if not (len(ids) == len(arrays["rep"]) == len(arrays["part"])) or set(tables) != {*STRING_COLUMNS, *LIST_COLUMNS}:
            raise ValueError("columns.npz, columns.json and ids.npy disagree")
        return cls(arrays, tables, ids)
