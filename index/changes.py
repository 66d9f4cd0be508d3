"""Changing an index: add documents, remove them, and the row bookkeeping both need.

Rows keep their vectors across changes (a passage already embedded is never embedded again)
and their FAISS slots (ids never reused), so adding one plan to a national index costs that
plan's rows only.  Every change ends with the index saving itself atomically.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from kehoach.corpus.rows import Row
from kehoach.index import fusion, staging
from kehoach.index.filters import doc_key, doc_matcher
from kehoach.index.repair import Restorer
from kehoach.index.rowtext import lexical_bag, passage_text, restorer_texts
from kehoach.index.store import now, sha256_file
from kehoach.index.twins import representatives

if TYPE_CHECKING:  # pragma: no cover
    from kehoach.index.search import Index


@dataclass(frozen=True)
class AddResult:
    """What `Index.add` did with one file: rows indexed (and whether they replaced a document
    of that name), or why it could not read it.  Callers use the fields; `message` is the line
    the CLI prints."""

    path: Path
    doc: str
    rows: int = 0
    replaced: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        if self.error is not None:
            return f"{self.path}: {self.error}"
        return f"{self.path}: {self.rows} rows {'replaced' if self.replaced else 'added'}"


def passage_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def add(index: "Index", paths) -> list[AddResult]:
    """Index documents (a document already indexed is replaced; unchanged rows keep their
    vectors); persists.  Returns one result per file."""
    from kehoach.corpus import DocumentError, expand_paths, read_document

    results, new_rows, info = [], [], {}
    for path in expand_paths(paths if isinstance(paths, (list, tuple)) else [paths]):
        name = Path(path).name
        try:
            rows = read_document(path)
        except DocumentError as e:
            results.append(AddResult(path, name, error=str(e)))
            continue
        except OSError as e:
            results.append(AddResult(path, name, error=f"cannot read ({e.strerror or e})"))
            continue
        replaced = any(doc_key(r.doc) == doc_key(name) for r in index.rows)
        new_rows.extend(rows)
        info[name] = {"sha256": sha256_file(Path(path)), "rows": len(rows), "path": str(Path(path).resolve())}
        results.append(AddResult(path, name, len(rows), replaced))
    if not info:
        return results
    old_vectors = {m["passage"]: index.dense.vectors[i] for i, m in enumerate(index.meta)}
    old_slots = {r.id: int(index.meta[i]["slot"]) for i, r in enumerate(index.rows)}
    drop(index, {doc_key(n) for n in info})
    insert(index, new_rows, old_vectors, old_slots, progress=False)
    index.manifest["documents"].update(info)
    if index.calibration == fusion.Calibration():
        recalibrate(index)
    index.manifest["updated"] = now()
    index.save()
    return results


def remove(index: "Index", docs) -> int:
    """Drop every row of the given documents (by file name, or name without its suffix, as the
    `doc` filter matches); persists.  Returns rows removed."""
    wanted = doc_matcher(docs)
    keys = {doc_key(r.doc) for r in index.rows if wanted(r.doc)}
    before = len(index.rows)
    drop(index, keys)
    removed = before - len(index.rows)
    if removed:
        for name in [n for n in index.manifest["documents"] if doc_key(n) in keys]:
            del index.manifest["documents"][name]
        index.manifest["updated"] = now()
        index.save()
    return removed


def drop(index: "Index", doc_keys: set[str]) -> None:
    """Take the rows of these documents out of every channel (not saved)."""
    keep = np.asarray([i for i, r in enumerate(index.rows) if doc_key(r.doc) not in doc_keys], dtype=np.int64)
    if len(keep) == len(index.rows):
        return
    index.rows = [index.rows[i] for i in keep]
    index.meta = [index.meta[i] for i in keep]
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
    reps = representatives(rows, offset)
    index.rows = index.rows + list(rows)
    index.meta = index.meta + [
        {"slot": int(s), "rep": index.rows[rep].id, "passage": h} for s, rep, h in zip(slots, reps, hashes)]
    index.dense = index.dense.extended(vecs, np.asarray(slots, np.int64))
    index.lexical = index.lexical.extended([lexical_bag(r) for r in rows])
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


def document_info(paths, rows: list[Row]) -> dict:
    """The manifest's record of each document read: checksum, rows, where it came from."""
    from kehoach.corpus import bundled_paths, expand_paths

    files = bundled_paths() if paths is None else expand_paths(paths)
    counts = Counter(r.doc for r in rows)
    return {Path(p).name: {"sha256": sha256_file(Path(p)), "rows": counts.get(Path(p).name, 0),
                           "path": str(Path(p).resolve())} for p in files if Path(p).is_file()}
