"""The `Index`: hybrid search over task rows (dense + lexical), with filters and persistence.

    idx = Index.open()                        # load, or build from the bundled plans
    idx.search("ai chu tri so hoa ho tich")   # DataFrame of hits
    idx.similar("nghia-tho-ke-hoach-57#14", other_communes=True)

A query goes: normalize -> (commune names it mentions noted and taken out) -> lexical tokens
(folded) and, for the embedding model, diacritics restored + abbreviations expanded ->
FAISS top-N and BM25 top-N -> both channels scored exactly on the union -> fused -> copies
of one task collapsed (table row shown for its narrative twin; exact duplicates once).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
from kehoach.corpus.normalize import fold, normalize, squash
from kehoach.corpus.rows import EXPORT_KEYS, Row
from kehoach.index import fusion
from kehoach.index.dense import Dense
from kehoach.index.lexical import Lexical, document_tokens, query_tokens
from kehoach.index.repair import Restorer, repair_query
from kehoach.index.segment import syllables
from kehoach.index.store import (
    IndexChangedError,
    IndexLoadError,
    default_index_dir,
    load_error,
    manifest_sha,
    now,
    read_manifest,
    sha256_file,
    write_index_dir,
)

from kehoach import settings

__all__ = ["AddResult", "Index", "IndexChangedError", "IndexLoadError", "UnknownIdError", "QueryTruncatedWarning"]

# What the embedding model sees of a row: the task text alone.  Measured, dense channel only,
# MRR@10 on the dev set / on benchmarks/search_queries.jsonl:
#   task 0.971 / 0.912   task + output 0.941 / 0.896   section + task 0.760 / 0.765
#   task + "Chủ trì: <lead>" 0.971 / 0.912 (no gain; and every question saying "ai chủ trì"
#   would match it).  Section titles repeat over many rows and drown the task's own words.
PASSAGE_FIELDS = ("task",)
# Lexical fields and their weight (term counts are scaled by it).  The output column adds a
# little vocabulary ("Hội nghị quán triệt", "Trang thông tin điện tử") at a third of the
# weight; it was neutral on both query sets, as were section (0.3) and the unit columns
# (0.3).  Unit columns stay out: questions are full of "ai chủ trì", "phòng nào", words of
# those columns, and unit questions are answered by the --unit filter.
LEXICAL_FIELDS = {"task": 1.0, "output": 0.3}
CANDIDATES = 100  # per channel, before exact rescoring of the union
CHARS_PER_TOKEN = 3  # a conservative Vietnamese characters-per-subword-token for cutting long queries

# Narrative/table twins (the same task in a plan's body and in its appendix): a narrative row
# whose syllables are nearly all in one table row of the same document (containment) and that
# shares enough of it (Jaccard).  Measured on the seeds: true twins have containment >= 0.89 and
# Jaccard >= 0.46 even when one wording is a shortened form; distinct tasks on one topic stay
# below (e.g. 0.89 / 0.39 for two different "đánh giá chuyển đổi số" tasks).
TWIN_CONTAINMENT = 0.85
TWIN_JACCARD = 0.45


class UnknownIdError(KeyError):
    """No row with that id in the index."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


class QueryTruncatedWarning(UserWarning):
    """A query longer than the model's input limit was cut."""


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


# ---------------------------------------------------------------------------------------
def passage_text(row: Row) -> str:
    return normalize(" ".join(getattr(row, f) or "" for f in PASSAGE_FIELDS))


def lexical_bag(row: Row) -> Counter:
    bag: Counter = Counter()
    for field, weight in LEXICAL_FIELDS.items():
        for tok in document_tokens(getattr(row, field) or ""):
            bag[tok] += weight
    return bag


def restorer_texts(rows: Iterable[Row]) -> Iterable[str]:
    for r in rows:
        for f in ("task", "section", "output", "lead", "partners", "commune"):
            v = getattr(r, f)
            if v:
                yield v


def _commune_key(name: str | None) -> str:
    return re.sub(r"^(?:xa|phuong|thi tran)\s+", "", squash(name or ""))


def _doc_key(name: str) -> str:
    return fold(Path(str(name)).name)


def _doc_matcher(docs):
    """A test on a row's document: one of `docs` (str or list) by file name, or by the name
    without its suffix ("plan" matches plan.txt and plan.docx; "plan.txt" only plan.txt);
    diacritics and case ignored."""
    keys = {_doc_key(d) for d in ([docs] if isinstance(docs, (str, Path)) else docs)}

    def match(name: str) -> bool:
        key = _doc_key(name)
        return key in keys or Path(key).stem in keys

    return match


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def representatives(rows: list[Row], offset: int = 0) -> list[int]:
    """For each row (positions offset.. in the index), the position of the row that stands for
    it: the table twin of a narrative row, the first of exact duplicates within a document."""
    rep = list(range(offset, offset + len(rows)))
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r.doc, []).append(i)
    for members in by_doc.values():
        first: dict[tuple, int] = {}
        for i in members:
            r = rows[i]
            key = (r.kind, fold(r.task), fold(r.lead), fold(r.partners))
            if key in first:
                rep[i] = offset + first[key]
            else:
                first[key] = i
        tables = [(i, set(syllables(rows[i].task))) for i in members if rows[i].kind == "task"]
        for i in members:
            if rows[i].kind != "narrative":
                continue
            a = set(syllables(rows[i].task))
            best, best_j = None, 0.0
            for j, b in tables:
                inter = len(a & b)
                if not inter:
                    continue
                jac = inter / len(a | b)
                if inter / min(len(a), len(b)) >= TWIN_CONTAINMENT and jac >= TWIN_JACCARD and jac > best_j:
                    best, best_j = j, jac
            if best is not None:
                rep[i] = offset + best
    # a twin that is itself an exact duplicate hands its narrative row on to the first copy
    return [rep[r - offset] for r in rep]


class Index:
    """Rows + dense and lexical channels + everything needed to persist and reload them."""

    def __init__(self, directory: Path, manifest: dict, rows: list[Row], meta: list[dict], dense: Dense,
                 lexical: Lexical, restorer: Restorer, embedder=None):
        self.directory = Path(directory)
        self.manifest = manifest
        self.rows = rows
        self._meta = meta  # per row: slot, rep (row id standing for it), passage (hash of the embedded text)
        self.dense = dense
        self.lexical = lexical
        self.restorer = restorer
        self._embedder = embedder
        self.errors: list[str] = []  # documents that could not be read during build/add
        self._query_cache: dict[str, np.ndarray] = {}
        self._saved_as: str | None = None  # manifest_sha of the saved index this one was read from
        self._prepare()

    # ---- derived lookups -----------------------------------------------------------------
    def _prepare(self) -> None:
        self._pos = {r.id: i for i, r in enumerate(self.rows)}
        self._rep = [self._pos.get(m["rep"], i) for i, m in enumerate(self._meta)]
        self._slot_pos = {int(m["slot"]): i for i, m in enumerate(self._meta)}
        self._slots = np.asarray([m["slot"] for m in self._meta], dtype=np.int64)
        self._commune_keys = [_commune_key(r.commune) for r in self.rows]
        self._communes = sorted({r.commune for r in self.rows if r.commune})
        self._units = sorted({u for r in self.rows for u in (*r.lead_units, *r.partner_units)})
        self._commune_by_fold = {fold(c): c for c in self._communes}  # sorted: the same name wins every run
        names = sorted(self._commune_by_fold, key=len, reverse=True)
        self._commune_re = re.compile(
            r"(?:\b(?:o|tai|cua|xa)\s+)*\b(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
            + r")\b") if names else None
        self.calibration = fusion.Calibration.from_dict(self.manifest.get("calibration"))
        self._row_refs: dict[int, float] = {}  # position -> lexical reference of the row's own text

    @property
    def model_id(self) -> str:
        return self.manifest["model"]

    @property
    def embedder(self):
        if self._embedder is None:
            from kehoach.embed.models import Embedder

            self._embedder = Embedder(self.model_id)
        return self._embedder

    def __len__(self) -> int:
        return len(self.rows)

    # ---- construction ---------------------------------------------------------------------
    @classmethod
    def build(cls, paths=None, index_dir=None, model=None, progress=True) -> "Index":
        """Parse `paths` (None: the bundled plans), embed, index, and write to `index_dir`."""
        from kehoach.corpus import read_corpus

        from kehoach.embed.models import Embedder

        directory = Path(index_dir) if index_dir else default_index_dir()
        embedder = Embedder(model)
        rows, errors = read_corpus(paths, progress=progress)
        idx = cls._empty(directory, embedder)
        idx._insert(rows, {}, progress=progress)
        idx._recalibrate()
        idx.manifest["documents"] = _document_info(paths, rows)
        idx.manifest["built"] = idx.manifest["updated"] = now()
        idx._save()
        idx.errors = errors
        return idx

    @classmethod
    def _empty(cls, directory: Path, embedder) -> "Index":
        p = embedder.preset
        manifest = {
            "model": embedder.model_id, "dim": int(embedder.dim),
            "query_prefix": p.query_prefix, "passage_prefix": p.passage_prefix,
            "segmented": bool(p.segmented), "max_length": int(p.max_length),
            "passage_fields": list(PASSAGE_FIELDS), "lexical_fields": LEXICAL_FIELDS,
            "documents": {}, "rows": 0, "next_slot": 0, "dense_index": "flat",
        }
        return cls(directory, manifest, [], [], Dense(embedder.dim), Lexical.empty(), Restorer(), embedder)

    @classmethod
    def load(cls, index_dir=None, model=None) -> "Index":
        """Load and verify an index; raises IndexLoadError with the command that rebuilds it."""
        directory = Path(index_dir) if index_dir else default_index_dir()
        manifest = read_manifest(directory, model)
        asked = model or (settings.model() if settings.is_set("KEHOACH_MODEL") else None)
        if asked and asked != manifest.get("model"):
            raise load_error(directory, f"it was built with model {manifest.get('model')}, not {asked}", asked)
        if manifest.get("passage_fields") != list(PASSAGE_FIELDS) or manifest.get("lexical_fields") != LEXICAL_FIELDS:
            raise load_error(directory, "it was built with different indexing settings", model)
        try:
            data = json.loads((directory / "rows.json").read_text(encoding="utf-8"))
            rows = [Row.from_dict(d["row"]) for d in data]
            meta = [{k: d[k] for k in ("slot", "rep", "passage")} for d in data]
            dense = Dense.load(directory, int(manifest["dim"]))
            lexical = Lexical.load(directory)
            restorer = Restorer.load(directory / "restorer.json")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
            raise load_error(directory, f"unreadable ({e})", model) from None
        if not (len(rows) == len(dense) == lexical.n_docs == manifest.get("rows")):
            raise load_error(directory, "its files disagree on the number of rows", model)
        idx = cls(directory, manifest, rows, meta, dense, lexical, restorer)
        idx._saved_as = manifest_sha(directory)
        return idx

    @classmethod
    def open(cls, index_dir=None, model=None, progress=True) -> "Index":
        """Load the index, building it (bundled plans) when the folder holds none."""
        from kehoach.index.store import MANIFEST, recover

        directory = Path(index_dir) if index_dir else default_index_dir()
        recover(directory)
        if not (directory / MANIFEST).exists() and not (directory.exists() and any(directory.iterdir())):
            if progress:
                print(f"No index at {directory}: building it from the bundled plans…", file=sys.stderr)
            return cls.build(None, directory, model, progress)
        return cls.load(directory, model)

    def reloaded(self) -> "Index":
        """A fresh copy from disk that shares this index's loaded model: changes made to it
        (add/remove persist themselves) leave this one untouched for its readers."""
        fresh = type(self).load(self.directory, self.model_id)
        fresh._embedder = self._embedder
        return fresh

    # ---- changes ---------------------------------------------------------------------------
    def add(self, paths) -> list[AddResult]:
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
            replaced = any(_doc_key(r.doc) == _doc_key(name) for r in self.rows)
            new_rows.extend(rows)
            info[name] = {"sha256": sha256_file(Path(path)), "rows": len(rows), "path": str(Path(path).resolve())}
            results.append(AddResult(path, name, len(rows), replaced))
        if not info:
            return results
        old_vectors = {m["passage"]: self.dense.vectors[i] for i, m in enumerate(self._meta)}
        old_slots = {r.id: int(self._meta[i]["slot"]) for i, r in enumerate(self.rows)}
        self._drop({_doc_key(n) for n in info})
        self._insert(new_rows, old_vectors, old_slots, progress=False)
        self.manifest["documents"].update(info)
        if self.calibration == fusion.Calibration():
            self._recalibrate()
        self.manifest["updated"] = now()
        self._save()
        return results

    def remove(self, docs) -> int:
        """Drop every row of the given documents (by file name, or name without its suffix, as
        the `doc` filter matches); persists.  Returns rows removed."""
        wanted = _doc_matcher(docs)
        keys = {_doc_key(r.doc) for r in self.rows if wanted(r.doc)}
        before = len(self.rows)
        self._drop(keys)
        removed = before - len(self.rows)
        if removed:
            for name in [n for n in self.manifest["documents"] if _doc_key(n) in keys]:
                del self.manifest["documents"][name]
            self.manifest["updated"] = now()
            self._save()
        return removed

    def _drop(self, doc_keys: set[str]) -> None:
        keep = np.asarray([i for i, r in enumerate(self.rows) if _doc_key(r.doc) not in doc_keys], dtype=np.int64)
        if len(keep) == len(self.rows):
            return
        self.rows = [self.rows[i] for i in keep]
        self._meta = [self._meta[i] for i in keep]
        self.dense = self.dense.subset(keep)
        self.lexical = self.lexical.subset(keep)
        self.restorer = Restorer.from_texts(restorer_texts(self.rows))
        self._prepare()

    def _insert(self, rows: list[Row], known_vectors: dict, known_slots: dict | None = None,
                progress: bool = False) -> None:
        """Append rows: embed only passages not seen before, tokenise, assign slots, link copies."""
        if not rows:
            self._prepare()
            return
        texts = [passage_text(r) for r in rows]
        hashes = [_sha(t) for t in texts]
        todo = {h: t for h, t in zip(hashes, texts) if h not in known_vectors}  # each new text once
        if todo:
            enc = self.embedder.encode_passages(list(todo.values()), show_progress=progress)
            known_vectors = {**known_vectors, **dict(zip(todo, enc))}
        vecs = np.stack([known_vectors[h] for h in hashes]).astype(np.float32)
        slots = []
        next_slot = int(self.manifest.get("next_slot", 0))
        for r in rows:
            s = (known_slots or {}).get(r.id)
            if s is None:
                s, next_slot = next_slot, next_slot + 1
            slots.append(s)
        self.manifest["next_slot"] = max(next_slot, max(slots) + 1)
        offset = len(self.rows)
        reps = representatives(rows, offset)
        self.rows = self.rows + list(rows)
        self._meta = self._meta + [
            {"slot": int(s), "rep": self.rows[rep].id, "passage": h} for s, rep, h in zip(slots, reps, hashes)]
        self.dense = self.dense.extended(vecs, np.asarray(slots, np.int64))
        self.lexical = self.lexical.extended([lexical_bag(r) for r in rows])
        self.restorer = Restorer.from_texts(restorer_texts(self.rows))
        self._prepare()

    def _recalibrate(self) -> None:
        n = len(self.rows)
        if n < 3:
            return
        pick = np.random.default_rng(0).choice(n, min(n, fusion.CALIBRATION_SAMPLE), replace=False)
        q = self._encode_queries([fusion.calibration_query(passage_text(self.rows[i])) for i in pick])
        self.calibration = fusion.calibrate(q, self.dense.vectors[pick])
        self.manifest["calibration"] = self.calibration.to_dict()

    def _save(self) -> None:
        self.manifest["rows"] = len(self.rows)
        self.manifest["dense_index"] = self.dense.kind

        def write(tmp: Path) -> list[str]:
            data = [{"row": r.to_dict(), **m} for r, m in zip(self.rows, self._meta)]
            (tmp / "rows.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            self.restorer.save(tmp / "restorer.json")
            return ["rows.json", "restorer.json", *self.dense.save(tmp), *self.lexical.save(tmp)]

        self.manifest = write_index_dir(self.directory, write, self.manifest, based_on=self._saved_as)
        self._saved_as = manifest_sha(self.directory)

    # ---- queries ---------------------------------------------------------------------------
    def _encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode_queries(texts)  # the Embedder adds prefixes and segments when its model needs it

    def _query_vector(self, text: str) -> np.ndarray:
        v = self._query_cache.get(text)
        if v is None:
            v = self._encode_queries([text])[0]
            if len(self._query_cache) > 512:
                self._query_cache.clear()
            self._query_cache[text] = v
        return v

    def clip_query(self, query: str) -> str:
        """The query cut to what the model reads (about max_length tokens), with a warning."""
        limit = int(self.manifest.get("max_length", 512)) * CHARS_PER_TOKEN
        if len(query) <= limit:
            return query
        cut = query[:limit].rsplit(" ", 1)[0] or query[:limit]
        warnings.warn(QueryTruncatedWarning(
            f"query of {len(query)} characters cut to {len(cut)} (the model reads at most "
            f"{self.manifest.get('max_length', 512)} tokens)"), stacklevel=3)
        return cut

    def mentioned_communes(self, query: str) -> tuple[list[str], str]:
        """Communes of the index the query names, and the query with those names (and the
        "ở/tại/của/xã" before them) taken out."""
        text = normalize(query)
        folded = fold(text)
        if self._commune_re is None:
            return [], text
        found, keep, last = [], [], 0
        for m in self._commune_re.finditer(folded):
            found.append(self._commune_by_fold[re.sub(r"\s+", " ", m.group(1))])
            keep.append(text[last:m.start()])
            last = m.end()
        found = list(dict.fromkeys(found))
        if not found or len(folded) != len(text):  # positions only line up when folding kept the length
            return found, text
        keep.append(text[last:])
        return found, re.sub(r"\s+", " ", " ".join(keep)).strip(" ,:;-")

    def hits(self, query, k=10, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
             ids=None) -> list[dict]:
        """Best rows for `query`, as dicts: every export key + rank, score (fused, [0,1]), dense (raw cosine).
        `ids` (row ids) restricts the candidates to those rows and their copies, so each keeps
        the score it has in a search without `ids` (a table row carries its narrative twin's)."""
        q = normalize(query or "")
        if not q or not re.search(r"\w", q):
            raise ValueError("empty query: type a few words (e.g. \"ai chủ trì số hóa hộ tịch\")")
        q = self.clip_query(q)
        mask = self._mask(commune=commune, unit=unit, role=role, kind=kind, doc=doc, year=year, ids=ids)
        named, rest = self.mentioned_communes(q)
        rest = rest if re.search(r"\w", rest) else q
        ranked = self._rank(rest, mask, k, named=named)
        return [self._hit(pos, rank, score, cos) for rank, (pos, score, cos) in enumerate(ranked, 1)]

    def best_per_commune(self, query) -> dict[str, dict]:
        """Each commune's best row for `query` (as `hits(query, 1, commune=c)` gives it, rank 1),
        from one scoring pass over the whole index instead of one search per commune."""
        best: dict[str, dict] = {}
        for h in self.hits(query, len(self.rows)):
            best.setdefault(_commune_key(h["commune"]), h)
        return {c: {**best[key], "rank": 1} for c in self._communes
                if (key := _commune_key(c)) in best}

    def _rank(self, text: str, mask: np.ndarray | None, k: int, named=(), symmetric: bool = False,
              exclude: set[int] = frozenset()) -> list[tuple[int, float, float]]:
        """(position, fused score, raw cosine) of the best k rows, copies collapsed.

        `symmetric` (row-to-row similarity): the lexical score is divided by the geometric mean
        of both texts' references instead of the query's alone, so a short row sharing the rare
        words of a long source row ("Sổ sức khỏe điện tử") is not drowned by the source's length.
        """
        n = len(self.rows)
        if n == 0 or k <= 0:
            return []
        allowed = np.ones(n, bool) if mask is None else mask.copy()
        for i in exclude:
            allowed[i] = False
        if not allowed.any():
            return []
        want = max(CANDIDATES, 4 * k)
        # lexical channel over every row (sparse, cheap), masked
        tokens = query_tokens(text, self.lexical.vocab)
        bm25, ref = self.lexical.scores(tokens)
        bm25 = np.where(allowed, bm25, 0.0)
        lex_top = np.flatnonzero(bm25 > 0)
        if len(lex_top) > want:
            lex_top = lex_top[np.argpartition(-bm25[lex_top], want)[:want]]
        # dense channel: FAISS over the allowed rows
        qv = self._query_vector(repair_query(text, self.restorer))
        sel = None if allowed.all() else self._slots[allowed]
        _, slots = self.dense.search(qv[None, :], want, sel)
        dense_top = [self._slot_pos[int(s)] for s in slots[0] if s >= 0]
        cand = np.unique(np.concatenate([lex_top, np.asarray(dense_top, np.int64)])).astype(np.int64)
        cand = cand[allowed[cand]]
        if not len(cand):
            return []
        cos = self.dense.cosines(qv, cand)
        if symmetric:
            ref = np.sqrt(ref * np.asarray([self._row_reference(i) for i in cand]))
        score = fusion.fuse(fusion.dense_scale(cos, self.calibration), fusion.lexical_scale(bm25[cand], ref))
        if named:
            keys = {_commune_key(c) for c in named}
            other = np.asarray([self._commune_keys[i] not in keys for i in cand])
            score = np.where(other, score * fusion.OTHER_COMMUNE_FACTOR, score)
        order = np.argsort(-score, kind="stable")
        by_pos = {int(cand[j]): (float(score[j]), float(cos[j])) for j in order}
        out = []
        for shown, member in fusion.collapse([int(cand[j]) for j in order], self._rep,
                                             lambda i: bool(allowed[i])):
            s, c = by_pos[member]
            if shown in by_pos:
                c = by_pos[shown][1] if by_pos[shown][0] >= s else c
            out.append((shown, round(s, 4), round(c, 4)))
            if len(out) == k:
                break
        return out

    def _row_reference(self, pos: int) -> float:
        ref = self._row_refs.get(pos)
        if ref is None:
            ref = self._row_refs[pos] = self.lexical.reference(query_tokens(passage_text(self.rows[pos]),
                                                                            self.lexical.vocab))
        return ref

    def _hit(self, pos: int, rank: int, score: float, cos: float | None = None) -> dict:
        d = self.rows[pos].to_dict()
        d["rank"] = rank
        d["score"] = score
        if cos is not None:
            d["dense"] = cos
        return d

    def search(self, query, k=10, **filters):
        """Same as `hits`, as a pandas DataFrame."""
        return hits_frame(self.hits(query, k, **filters))

    def similar(self, id, k=10, other_communes=True):
        """Rows most like row `id` (its task text as the query), optionally only in other communes."""
        return hits_frame(self.similar_hits(id, k, other_communes=other_communes)[1])

    def similar_hits(self, id, k=10, other_communes=True) -> tuple[dict, list[dict]]:
        pos = self._position(id)
        src = self.rows[pos]
        mask = np.ones(len(self.rows), bool)
        if other_communes:
            mask &= np.asarray([c != self._commune_keys[pos] for c in self._commune_keys])
        copies = {i for i, r in enumerate(self._rep) if r == self._rep[pos]} | {pos}
        text = passage_text(src)
        ranked = self._rank(text, mask, k, symmetric=True, exclude=copies)
        source = self._hit(pos, 0, 1.0)
        return source, [self._hit(p, rank, s, c) for rank, (p, s, c) in enumerate(ranked, 1)]

    def _position(self, id) -> int:
        pos = self._pos.get(str(id).strip())
        if pos is None:
            raise UnknownIdError(f"unknown row id: {id!r} (see `kehoach search --json` for ids)")
        return pos

    def row(self, id) -> Row:
        return self.rows[self._position(id)]

    # ---- filters ---------------------------------------------------------------------------
    def _mask(self, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
              ids=None) -> np.ndarray | None:
        if (commune in (None, "", []) and not unit and not kind and not doc and year in (None, "")
                and ids is None):
            return None
        m = np.ones(len(self.rows), bool)
        if ids is not None:  # those rows and their copies (a row's hit carries its best copy's score)
            wanted = {self._pos[i] for i in ids if i in self._pos}
            m &= np.asarray([i in wanted or rep in wanted for i, rep in enumerate(self._rep)], bool)
        if commune not in (None, "", []):
            wanted = {_commune_key(c) for c in ([commune] if isinstance(commune, str) else commune)}
            m &= np.asarray([c in wanted for c in self._commune_keys])
        if unit:
            m &= self._unit_mask(unit, role)
        if kind:
            m &= np.asarray([r.kind == str(kind).strip().lower() for r in self.rows])
        if doc:
            wanted = _doc_matcher(doc)
            m &= np.asarray([wanted(r.doc) for r in self.rows])
        if year not in (None, ""):
            y = int(year)
            m &= np.asarray([y in r.deadline_years for r in self.rows])
        return m

    def _unit_mask(self, unit: str, role: str) -> np.ndarray:
        from kehoach.corpus.units import match_unit, unit_key

        role = (role or "any").lower()
        if role not in ("lead", "partner", "any"):
            raise ValueError(f"role must be lead, partner or any, not {role!r}")
        canonical = match_unit(unit, self._units)
        key = unit_key(unit)

        def hit(names: list[str], cell: str | None) -> bool:
            if canonical is not None:
                return canonical in names
            return bool(key) and key in unit_key(cell or "")  # unknown name: folded text match

        return np.asarray([
            (role in ("lead", "any") and hit(r.lead_units, r.lead))
            or (role in ("partner", "any") and hit(r.partner_units, r.partners)) for r in self.rows])

    def filter_rows(self, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None) -> list[Row]:
        m = self._mask(commune=commune, unit=unit, role=role, kind=kind, doc=doc, year=year)
        return list(self.rows) if m is None else [r for r, ok in zip(self.rows, m) if ok]

    def communes(self) -> list[str]:
        return list(self._communes)

    def units(self) -> list[str]:
        return list(self._units)

    def info(self) -> dict:
        m = self.manifest
        return {"dir": str(self.directory), "model": m.get("model"), "dim": m.get("dim"),
                "rows": len(self.rows), "docs": len(m.get("documents") or {}), "dense_index": m.get("dense_index"),
                "built": m.get("built"), "updated": m.get("updated"), "documents": m.get("documents")}


def _document_info(paths, rows: list[Row]) -> dict:
    from kehoach.corpus import bundled_paths, expand_paths

    files = bundled_paths() if paths is None else expand_paths(paths)
    counts = Counter(r.doc for r in rows)
    return {Path(p).name: {"sha256": sha256_file(Path(p)), "rows": counts.get(Path(p).name, 0),
                           "path": str(Path(p).resolve())} for p in files if Path(p).is_file()}


def hits_frame(hits: list[dict]):
    """Hits as a pandas DataFrame: the export keys, rank, score, dense (what `search` returns)."""
    import pandas as pd

    cols = [*EXPORT_KEYS, "rank", "score", "dense"]
    return pd.DataFrame(hits, columns=cols)
