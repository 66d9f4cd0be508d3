"""Changing an index: add documents, remove them, and the row bookkeeping both need.

Rows keep their vectors across changes (a passage already embedded is never embedded again)
and their FAISS slots (ids never reused), so adding one plan to a national index costs that
plan's rows only.  Every change ends with the index saving itself atomically.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from kehoach.corpus.rows import Row
from kehoach.index import fusion, staging
from kehoach.index.filters import doc_matcher
from kehoach.index.repair import Restorer
from kehoach.index.rowtext import LexicalBags, passage_text, restorer_texts
from kehoach.index.store import now, sha256_file
from kehoach.index.twins import links

if TYPE_CHECKING:  # pragma: no cover
    from kehoach.index.search import Index


@dataclass(frozen=True)
class AddResult:
    """What `Index.add` did with one file: rows indexed under its document key (and whether they
    replaced a document already indexed), or why it was not used.  Callers use the fields;
    `message` is the line the CLI prints."""

    path: Path
    doc: str  # the file name
    rows: int = 0
    replaced: bool = False
    error: str | None = None
    key: str | None = None  # the document key its rows are indexed under
    replaced_name: str | None = None  # the file name of the document it replaced, when another

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        if self.error is not None:  # a reader's message names the file already
            if self.error.startswith(self.doc):
                return f"{self.path}{self.error[len(self.doc):]}"
            return f"{self.path}: {self.error}"
        verb = "replaced" if self.replaced else "added"
        was = f", was {self.replaced_name}" if self.replaced_name and self.replaced_name != self.doc else ""
        return f"{self.path}: {self.rows} rows {verb} ({self.key}{was})"


@dataclass(frozen=True)
class Document:
    """One indexed document as the manifest records it (keyed by its document key)."""

    key: str
    name: str  # file name, for display
    rows: int
    owner: str | None = None  # its commune, else its issuer
    path: str | None = None  # where it was read from
    sha256: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "rows": self.rows, "owner": self.owner, "path": self.path, "sha256": self.sha256}

    @property
    def label(self) -> str:
        """'ke-hoach-57.docx (Nghĩa Thọ)': what a person picks a document by."""
        return f"{self.name} ({self.owner})" if self.owner else self.name


class AmbiguousDocumentError(ValueError):
    """A file name given to `remove` names documents of several communes: the key is needed."""


def passage_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _owner(row: Row) -> str | None:
    return row.commune or row.issuer


def documents(index: "Index") -> list[Document]:
    """The indexed documents, from the manifest."""
    return [Document(k, d.get("name") or k, int(d.get("rows") or 0), d.get("owner"), d.get("path"), d.get("sha256"))
            for k, d in sorted((index.manifest.get("documents") or {}).items())]


def keyed_documents(recorded: dict | None, rows: list[Row]) -> dict:
    """The manifest's documents keyed by document key.  An index written before documents had
    keys recorded them by file name; their rows' keys are the old id prefixes."""
    recorded = dict(recorded or {})
    if all("name" in d for d in recorded.values()):
        return recorded  # keyed already: the rows need not be read
    by_key: dict[str, Row] = {}
    for r in rows:
        by_key.setdefault(r.doc_key, r)
    out = {}
    for key, d in recorded.items():
        if "name" in d:
            out[key] = d
            continue
        for k, r in by_key.items():  # a file name: each document of that name
            if r.doc == key:
                out[k] = {**d, "name": key, "owner": _owner(r),
                          "rows": sum(1 for x in rows if x.doc_key == k)}
    return out


def document_record(path: Path, rows: list[Row]) -> dict:
    """The manifest's record of one document read: name, owner, rows, where from, checksum."""
    return {"name": Path(path).name, "owner": _owner(rows[0]), "rows": len(rows),
            "path": str(Path(path).resolve()), "sha256": sha256_file(Path(path))}


def _same_file_keys(index: "Index", path: Path, owner: str | None) -> tuple[set[str], str | None]:
    """Documents read earlier from this very path (the file was edited since): the keys to
    replace when it is still the same commune's plan, or a refusal when it is another's."""
    where = str(Path(path).resolve())
    keys, refusal = set(), None
    for key, d in (index.manifest.get("documents") or {}).items():
        if d.get("path") != where:
            continue
        if (d.get("owner") or None) == owner:
            keys.add(key)
        else:
            before, now_ = d.get("owner") or "no commune", owner or "no commune"
            refusal = (f"was indexed as {before}'s plan ({key}) but now holds {now_}'s plan; nothing was "
                       f"replaced. To keep both, add it under another name or folder; to replace, first run "
                       f"`kehoach index remove {key}`")
    return keys, refusal


class NothingReadError(ValueError):
    """No document could be read: nothing is indexed (an existing index is left as it was)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("no document could be read" + (f" ({len(errors)} skipped)" if errors else ""))


@dataclass(frozen=True)
class FileRead:
    """One file given to build/add: its rows, or why it was not used."""

    path: Path
    rows: list[Row] | None = None
    error: str | None = None


def read_files(paths, reader=None, progress: bool = False) -> list[FileRead]:
    """Read every file (folders expanded; each file a folder held that is skipped is named with
    the reason).  Two files holding one document (same key) keep the first; the second says so.
    `reader(path) -> list[Row]` parses a file (default: corpus.read_document in this process)."""
    from kehoach.corpus import DocumentError, expand_paths, read_document

    reader = reader or read_document
    skipped: list[tuple[Path, str]] = []
    files = expand_paths(paths if isinstance(paths, (list, tuple)) else [paths], skipped=skipped)
    out = [FileRead(path, error=why) for path, why in skipped]
    first: dict[str, Path] = {}
    iterator = files
    if progress and len(files) > 5:
        import sys

        from tqdm import tqdm

        iterator = tqdm(files, desc="Đọc tài liệu", unit="file", file=sys.stderr)
    for path in iterator:
        try:
            rows = reader(path)
        except DocumentError as e:
            out.append(FileRead(path, error=str(e)))
            continue
        except OSError as e:
            out.append(FileRead(path, error=f"cannot read ({e.strerror or e})"))
            continue
        key = rows[0].doc_key
        if key in first:
            out.append(FileRead(path, error=f"the same plan as {first[key]} ({key}); not added twice"))
            continue
        first[key] = Path(path)
        out.append(FileRead(path, rows))
    return out


def error_line(f: FileRead) -> str:
    """A file that was not used, as one line (as AddResult.message words it)."""
    return AddResult(Path(f.path), Path(f.path).name, error=f.error).message


def add(index: "Index", paths, reader=None) -> list[AddResult]:
    """Index documents: a document already indexed (same key: same commune and plan) is replaced
    and unchanged rows keep their vectors; persists.  Returns one result per file, including
    one per file a folder held that was skipped.  `reader`: see `read_files`."""
    results, new_rows, info, drop_keys = [], [], {}, set()
    known = {d.key: d for d in documents(index)}
    for f in read_files(paths, reader):
        path, name = Path(f.path), Path(f.path).name
        if f.error is not None:
            results.append(AddResult(path, name, error=f.error))
            continue
        key = f.rows[0].doc_key
        same_file, refusal = _same_file_keys(index, path, _owner(f.rows[0]))
        if refusal:
            results.append(AddResult(path, name, error=refusal))
            continue
        replaced = known.get(key) or next((known[k] for k in sorted(same_file) if k in known), None)
        drop_keys |= {key} | same_file
        new_rows.extend(f.rows)
        info[key] = document_record(path, f.rows)
        results.append(AddResult(path, name, len(f.rows), replaced is not None, key=key,
                                 replaced_name=replaced.name if replaced else None))
    if not info:
        return results
    vectors = index.dense.vectors[np.arange(len(index.dense))]
    old_vectors = {m["passage"]: vectors[i] for i, m in enumerate(index.meta)}
    old_slots = dict(zip(index.columns.ids(), index.dense.slots.tolist()))
    drop(index, drop_keys)
    insert(index, new_rows, old_vectors, old_slots, progress=False)
    for key in drop_keys:
        index.manifest["documents"].pop(key, None)
    index.manifest["documents"].update(info)
    if index.calibration == fusion.Calibration():
        recalibrate(index)
    index.manifest["updated"] = now()
    index.save()
    return results


def resolve(index: "Index", docs) -> tuple[dict[str, list[Document]], list[str]]:
    """What each of `docs` names: a document key, or a file name (with or without its suffix,
    diacritics and case ignored, as the `doc` filter matches).  Returns the documents each
    names, and the names that match none."""
    wanted_docs = [docs] if isinstance(docs, (str, Path)) else list(docs)
    found, missing = {}, []
    listed = documents(index)
    for d in wanted_docs:
        match = doc_matcher([d])
        hits = [x for x in listed if x.key == str(d)] or [x for x in listed if match(x.key) or match(x.name)]
        if hits:
            found[str(d)] = hits
        else:
            missing.append(str(d))
    return found, missing


def remove(index: "Index", docs) -> int:
    """Drop every row of the given documents (by document key or file name); persists.  Returns
    rows removed.  A file name that several communes' documents share raises
    AmbiguousDocumentError naming their keys (nothing is removed)."""
    found, _ = resolve(index, docs)
    for name, hits in found.items():
        if len(hits) > 1:
            raise AmbiguousDocumentError(
                f"{name} names {len(hits)} documents: " + ", ".join(f"{h.key} ({h.owner or h.name})" for h in hits)
                + "; give the key of the one to remove")
    return remove_keys(index, {h.key for hits in found.values() for h in hits})


def remove_keys(index: "Index", keys: set[str]) -> int:
    """Drop the documents with these keys; persists when anything was removed."""
    before = len(index.rows)
    drop(index, set(keys))
    removed = before - len(index.rows)
    stale = [k for k in keys if k in (index.manifest.get("documents") or {})]
    if removed or stale:
        for key in stale:
            del index.manifest["documents"][key]
        index.manifest["updated"] = now()
        index.save()
    return removed


def drop(index: "Index", doc_keys: set[str]) -> None:
    """Take the rows of these documents out of every channel (not saved)."""
    values = index.columns.values("doc_key")
    gone = [c for c, key in enumerate(values) if key in doc_keys]
    keep = np.flatnonzero(~np.isin(index.columns.codes("doc_key"), gone)).astype(np.int64)
    if len(keep) == len(index.rows):
        return
    index.rows = [index.rows[int(i)] for i in keep]
    index.meta = [index.meta[int(i)] for i in keep]
    index.dense = index.dense.subset(keep)
    index.lexical = index.lexical.subset(keep)
    index.restorer = Restorer.from_texts(restorer_texts(index.rows))
    index.prepare()


def insert(index: "Index", rows: list[Row], known_vectors: dict, known_slots: dict | None = None,
           progress: bool = False) -> None:
    """Append rows: embed only passages not seen before, tokenise, assign slots, link copies (not saved)."""
    if not rows:
        index.prepare()
        return
    texts = [passage_text(r) for r in rows]
    hashes = [passage_hash(t) for t in texts]
    todo = {h: t for h, t in zip(hashes, texts) if h not in known_vectors}  # each new text once
    bags = LexicalBags(rows)  # tokenised meanwhile in another process when there are many rows
    if todo:  # committed in chunks beside the index as they come: a stopped build resumes
        known_vectors = {**known_vectors, **staging.embed(index.directory, index.embedder, todo, progress)}
    vecs = np.stack([known_vectors[h] for h in hashes]).astype(np.float32)
    slots = []
    next_slot = int(index.manifest.get("next_slot", 0))
    for r in rows:
        s = (known_slots or {}).get(r.id)
        if s is None:
            s, next_slot = next_slot, next_slot + 1
        slots.append(s)
    index.manifest["next_slot"] = max(next_slot, max(slots) + 1)
    offset = len(index.rows)
    reps, part_of = links(rows, offset)
    index.rows = list(index.rows) + list(rows)
    index.meta = list(index.meta) + [
        {"slot": int(s), "rep": index.rows[rep].id, "passage": h}
        | ({"part": index.rows[part_of[offset + k]].id} if offset + k in part_of else {})
        for k, (s, rep, h) in enumerate(zip(slots, reps, hashes))]
    index.dense = index.dense.extended(vecs, np.asarray(slots, np.int64))
    index.lexical = index.lexical.extended(bags.result())
    index.restorer = Restorer.from_texts(restorer_texts(index.rows))
    index.prepare()


def recalibrate(index: "Index") -> None:
    """Measure the dense channel's reference points on this index's rows (index.fusion)."""
    n = len(index.rows)
    if n < 3:
        return
    pick = np.random.default_rng(0).choice(n, min(n, fusion.CALIBRATION_SAMPLE), replace=False)
    q = index.embedder.encode_queries([fusion.calibration_query(passage_text(index.rows[i])) for i in pick])
    index.manifest["calibration"] = fusion.calibrate(q, index.dense.vectors[pick]).to_dict()
    index.prepare()


def document_info(read: list[FileRead]) -> dict:
    """The manifest's record of each document read (keyed by document key)."""
    return {f.rows[0].doc_key: document_record(Path(f.path), f.rows) for f in read if f.rows}
