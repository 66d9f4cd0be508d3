"""The `Index`: hybrid search over task rows (dense + lexical), with filters and persistence.

    idx = Index.open()                        # load, or build from the bundled plans
    idx.hits("ai chu tri so hoa ho tich")     # list[Hit]
    idx.search("…")                           # the same as a DataFrame
    idx.similar("nghia-tho-ke-hoach-942d#14", other_communes=True)

A query goes: normalize -> (commune names it mentions noted and taken out) -> diacritics
restored -> the lexicon's everyday phrases and abbreviations found (index.lexicon) -> lexical
tokens (folded; each phrase a group with the plans' wordings) and, for the embedding model,
abbreviations written out + plan wording appended -> FAISS top-N and BM25 top-N -> both
channels scored exactly on the union -> fused -> copies of one task collapsed (table row shown
for its narrative twin; exact duplicates once; a paragraph holding a row and more in the row's
place only when the row matched about as well).

The work is split by seam: `filters` (which rows may be returned), `ranking` (scoring a query),
`changes` (add/remove), `store` (the files on disk), `hits` (what a search returns).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
from kehoach.corpus.rows import Row
from kehoach.index import changes, fusion, staging
from kehoach.index.changes import AddResult, AmbiguousDocumentError, NothingReadError
from kehoach.index.columns import RowColumns, read_rows, write_rows
from kehoach.index.dense import Dense
from kehoach.index.filters import RowFilter, commune_key
from kehoach.index.hits import Hit, hits_frame
from kehoach.index.lexical import Lexical
from kehoach.index.ranking import (
    CommuneMentions,
    QueryTruncatedWarning,
    Ranker,
    clip_query,
)
from kehoach.index.repair import Restorer
from kehoach.index.rowtext import LEXICAL_FIELDS, PASSAGE_FIELDS, derived_from, passage_text
from kehoach.index.store import (
    IndexChangedError,
    IndexLoadError,
    default_index_dir,
    load_error,
    manifest_sha,
    now,
    read_manifest,
    write_index_dir,
)

from kehoach import settings

log = logging.getLogger(__name__)

__all__ = ["AddResult", "AmbiguousDocumentError", "NothingReadError", "Hit", "Index", "IndexChangedError",
           "IndexLoadError", "UnknownIdError", "QueryTruncatedWarning"]

QUERY_CACHE = 512  # query vectors kept (the app asks the same examples again and again)


class UnknownIdError(KeyError):
    """No row with that id in the index."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


class Index:
    """Rows + dense and lexical channels + everything needed to persist and reload them.

    `dense_weight` is the fusion weight of the dense channel for this index's searches
    (fusion.DENSE_WEIGHT unless set; the benchmark scores each channel alone with 0 and 1).
    """

    def __init__(self, directory: Path, manifest: dict, rows: list[Row], meta: list[dict], dense: Dense,
                 lexical: Lexical, restorer: Restorer, embedder=None, dense_weight: float | None = None,
                 columns: RowColumns | None = None):
        self.directory = Path(directory)
        self.manifest = manifest
        self.rows = rows
        self.meta = meta  # per row: slot, rep (row id standing for it), passage (hash of the embedded
        # text), part (for a paragraph holding a table row and more: that row's id; index.twins)
        self.dense = dense
        self.lexical = lexical
        self.restorer = restorer
        self.dense_weight = fusion.DENSE_WEIGHT if dense_weight is None else float(dense_weight)
        self._embedder = embedder
        self.errors: list[str] = []  # documents that could not be read during build/add
        self._query_cache: dict[str, np.ndarray] = {}
        self._saved_as: str | None = None  # manifest_sha of the saved index this one was read from
        self.prepare(columns)

    def prepare(self, columns: RowColumns | None = None) -> None:
        """Rebuild what is derived from the rows (after loading, with the saved `columns`, or
        after any change, from the rows themselves)."""
        self.columns = columns if columns is not None else RowColumns.from_rows(self.rows, self.meta)
        self._positions: dict[str, int] | None = None
        self.representative = self.columns.rep
        part = self.columns.part
        self.part_of = {int(i): int(part[i]) for i in np.flatnonzero(part >= 0)}
        self.calibration = fusion.Calibration.from_dict(self.manifest.get("calibration"))
        self.filter = RowFilter(self.columns, self.representative, lambda: self.position,
                                row_level=lambda pos: self.rows[pos].level)
        self._communes = sorted(v for v in self.columns.values("commune") if v)
        self.mentions = CommuneMentions(self._communes)
        kinds = self.columns.values("kind")
        body = self.columns.codes("kind") == (kinds.index("narrative") if "narrative" in kinds else -2)
        body[list(self.part_of)] = False  # a paragraph holding an appendix row stands for that row
        self.ranker = Ranker(self.rows, self.lexical, self.dense, self.restorer, self.calibration,
                             self.representative, self.dense.slots, self.filter.commune_key_codes,
                             self._query_vector, self.part_of, body=body)

    @property
    def position(self) -> dict[str, int]:
        """Row id -> position (made on first use: a search alone never needs it)."""
        if self._positions is None:
            self._positions = {i: p for p, i in enumerate(self.columns.ids())}
        return self._positions

    @property
    def model_id(self) -> str:
        return self.manifest["model"]

    @property
    def embedder(self):
        if self._embedder is None:
            from kehoach.embed.models import Embedder

            try:
                self._embedder = Embedder(self.model_id)
            except Exception as e:  # noqa: BLE001 - a manifest naming a model that cannot load here
                raise load_error(self.directory, f"it names model {self.model_id!r}, which cannot be loaded "
                                                 f"here ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from e
        return self._embedder

    def __len__(self) -> int:
        return len(self.rows)

    # ---- construction and persistence -----------------------------------------------------
    @classmethod
    def build(cls, paths=None, index_dir=None, model=None, progress=True, reader=None) -> "Index":
        """Parse `paths` (None: the bundled plans), embed, index, and write to `index_dir`.
        Raises changes.NothingReadError, writing nothing, when no document could be read."""
        from kehoach.corpus import bundled_paths

        from kehoach.embed.models import Embedder

        directory = Path(index_dir) if index_dir else default_index_dir()
        read = changes.read_files(bundled_paths() if paths is None else paths, reader, progress=progress)
        errors = [changes.error_line(f) for f in read if f.error is not None]
        rows = [r for f in read if f.rows for r in f.rows]
        if not rows:
            raise changes.NothingReadError(errors)
        embedder = Embedder(model)
        idx = cls._empty(directory, embedder)
        changes.insert(idx, rows, {}, progress=progress)
        changes.recalibrate(idx)
        idx.manifest["documents"] = changes.document_info(read)
        idx.manifest["built"] = idx.manifest["updated"] = now()
        idx.save()
        idx.errors = errors
        return idx

    @classmethod
    def _empty(cls, directory: Path, embedder) -> "Index":
        p = embedder.preset
        manifest = {
            "model": embedder.model_id, "dim": int(embedder.dim),
            "query_prefix": embedder.query_prefix, "passage_prefix": embedder.passage_prefix,
            "segmented": bool(p.segmented), "max_length": int(p.max_length),
            "passage_fields": list(PASSAGE_FIELDS), "lexical_fields": LEXICAL_FIELDS, "derived_from": derived_from(),
            "documents": {}, "rows": 0, "next_slot": 0, "dense_index": "flat",
        }
        return cls(directory, manifest, [], [], Dense(embedder.dim), Lexical.empty(), Restorer(), embedder)

    @classmethod
    def load(cls, index_dir=None, model=None, verify=False) -> "Index":
        """Load and check an index (sizes always, every byte with `verify`: index/store.py);
        raises IndexLoadError with the command that rebuilds it."""
        directory = Path(index_dir) if index_dir else default_index_dir()
        manifest = read_manifest(directory, model, full=verify)
        asked = model or (settings.model() if settings.is_set("KEHOACH_MODEL") else None)
        if asked and asked != manifest.get("model"):
            raise load_error(directory, f"it was built with model {manifest.get('model')}, not {asked}", asked)
        if manifest.get("passage_fields") != list(PASSAGE_FIELDS) or manifest.get("lexical_fields") != LEXICAL_FIELDS:
            raise load_error(directory, "it was built with different indexing settings", model)
        if manifest.get("derived_from") != derived_from():
            raise load_error(directory, "it was built with another lexicon or copy rule", model)
        try:
            rows, meta = read_rows(directory / "rows.json")
            columns = RowColumns.load(directory)
            dense = Dense.load(directory, int(manifest["dim"]))
            lexical = Lexical.load(directory, int(manifest.get("rows") or 0))
            restorer = Restorer.load(directory / "restorer.json")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
            raise load_error(directory, f"unreadable ({e})", model) from None
        if not (len(rows) == len(dense) == lexical.n_docs == columns.n == manifest.get("rows")):
            raise load_error(directory, "its files disagree on the number of rows", model)
        manifest["documents"] = changes.keyed_documents(manifest.get("documents"), rows)
        idx = cls(directory, manifest, rows, meta, dense, lexical, restorer, columns=columns)
        idx._saved_as = manifest_sha(directory)
        return idx

    @classmethod
    def open(cls, index_dir=None, model=None, progress=True) -> "Index":
        """Load the index.  Only the default folder ($KEHOACH_HOME/index) is built (from the
        bundled plans) when it holds none: a folder given by name that holds no index is more
        likely mistyped than new, so it raises IndexLoadError saying how to build one there."""
        from kehoach.index.store import MANIFEST, recover

        default = default_index_dir()
        directory = Path(index_dir) if index_dir else default
        recover(directory)
        if not (directory / MANIFEST).exists() and not (directory.exists() and any(directory.iterdir())):
            if directory.expanduser().resolve() != default.expanduser().resolve():
                raise IndexLoadError(f"No index at {directory}. Build one there with: kehoach index build "
                                     f"--index-dir {directory} (only the default {default} is built automatically)")
            log.info("No index at %s: building it from the bundled plans…", directory)
            return cls.build(None, directory, model, progress)
        return cls.load(directory, model)

    def reloaded(self) -> "Index":
        """A fresh copy from disk that shares this index's loaded model: changes made to it
        (add/remove persist themselves) leave this one untouched for its readers."""
        fresh = type(self).load(self.directory, self.model_id)
        fresh._embedder = self._embedder
        fresh.dense_weight = self.dense_weight
        return fresh

    def save(self) -> None:
        """Write the whole index atomically (refused if another process saved it meanwhile)."""
        self.manifest["rows"] = len(self.rows)
        self.manifest["dense_index"] = self.dense.kind

        def write(tmp: Path) -> list[str]:
            write_rows(tmp / "rows.json", tmp / "rows.offsets.npy", self.rows, self.meta)
            self.restorer.save(tmp / "restorer.json")
            return ["rows.json", "rows.offsets.npy", "restorer.json", *self.columns.save(tmp), *self.dense.save(tmp),
                    *self.lexical.save(tmp)]

        self.manifest = write_index_dir(self.directory, write, self.manifest, based_on=self._saved_as)
        self._saved_as = manifest_sha(self.directory)
        staging.clear(self.directory)  # the embeddings a stopped build left are in the index now

    # ---- changes ---------------------------------------------------------------------------
    def add(self, paths, reader=None) -> list[AddResult]:
        """Index documents (a document already indexed — same commune and plan — is replaced;
        unchanged rows keep their vectors); persists.  Returns one result per file."""
        return changes.add(self, paths, reader)

    def remove(self, docs) -> int:
        """Drop every row of the given documents (by document key, or by file name with or
        without its suffix); persists.  Returns rows removed.  A file name several communes'
        documents share raises AmbiguousDocumentError (nothing removed)."""
        return changes.remove(self, docs)

    def resolve_documents(self, docs) -> tuple[dict[str, list[changes.Document]], list[str]]:
        """The documents each of `docs` (keys or file names) names, and the names matching none."""
        return changes.resolve(self, docs)

    def documents(self) -> list[changes.Document]:
        """The indexed documents: key, file name, rows, commune (or issuer)."""
        return changes.documents(self)

    # ---- queries ---------------------------------------------------------------------------
    def _query_vector(self, text: str) -> np.ndarray:
        v = self._query_cache.get(text)
        if v is None:
            v = self.embedder.encode_queries([text])[0]  # the Embedder adds prefixes and segments if needed
            if len(self._query_cache) > QUERY_CACHE:
                self._query_cache.clear()
            self._query_cache[text] = v
        return v

    def clip_query(self, query: str) -> str:
        return clip_query(query, int(self.manifest.get("max_length", 512)))

    def mentioned_communes(self, query: str) -> tuple[list[str], str]:
        """Communes of the index the query names, and the query without them."""
        return self.mentions.split(query)

    def hits(self, query, k=10, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
             ids=None, level=None) -> list[Hit]:
        """Best rows for `query`.  `ids` (row ids) restricts the candidates to those rows and their
        copies, so each keeps the score it has in a search without `ids` (a table row carries its
        narrative twin's)."""
        mask = self.filter.mask(commune=commune, unit=unit, role=role, kind=kind, doc=doc, year=year, ids=ids,
                                level=level)
        ranked = self._ranked(query, mask, k)
        return [Hit(self.rows[pos], rank, score, cos) for rank, (pos, score, cos) in enumerate(ranked, 1)]

    def _ranked(self, query, mask, k) -> list[tuple[int, float, float]]:
        """(position, fused score, cosine) of the best k rows for `query` among `mask`."""
        from kehoach.corpus.normalize import check_decodable, normalize

        check_decodable(query or "", "query")
        q = normalize(query or "")
        if not q or not re.search(r"\w", q):
            raise ValueError("empty query: type a few words (e.g. \"ai chủ trì số hóa hộ tịch\")")
        q = self.clip_query(q)
        named, rest = self.mentioned_communes(q)
        rest = rest if re.search(r"\w", rest) else q
        return self.ranker.rank(rest, mask, k, dense_weight=self.dense_weight,
                                named_keys={commune_key(c) for c in named})

    def scores(self, query: str, ids) -> dict[str, float]:
        """The fused score of `query` against each of the rows `ids` (all of them, unranked)."""
        from kehoach.corpus.normalize import normalize

        positions = [self.position[i] for i in ids if i in self.position]
        q = self.clip_query(normalize(query or ""))
        if not positions or not re.search(r"\w", q):
            return {}
        fused = self.ranker.scores(q, np.asarray(positions), dense_weight=self.dense_weight)
        row_ids = self.columns.ids()
        return {row_ids[p]: float(s) for p, s in zip(positions, fused)}

    def best_per_commune(self, query) -> dict[str, Hit]:
        """Each commune's best row for `query` (as `hits(query, 1, commune=c)` gives it, rank 1),
        from one scoring pass over the whole index instead of one search per commune."""
        ranked = self._ranked(query, None, len(self.rows))
        codes, keys = self.filter.commune_key_codes
        best: dict[str, tuple[int, float, float]] = {}
        for pos, score, cos in ranked:  # rows are read only for the winners
            best.setdefault(keys[codes[pos]] if codes[pos] >= 0 else "", (pos, score, cos))
        return {c: Hit(self.rows[best[key][0]], 1, best[key][1], best[key][2])
                for c in self._communes if (key := commune_key(c)) in best}

    def search(self, query, k=10, **filters):
        """Same as `hits`, as a pandas DataFrame."""
        return hits_frame(self.hits(query, k, **filters))

    def similar(self, id, k=10, other_communes=True):
        """Rows most like row `id` (its task text as the query), optionally only in other communes."""
        return hits_frame(self.similar_hits(id, k, other_communes=other_communes)[1])

    def similar_hits(self, id, k=10, other_communes=True) -> tuple[Hit, list[Hit]]:
        """The source row (rank 0) and the rows most like it; `other_communes`: only rows of
        plans of other communes (or, for plans of no commune, other issuers)."""
        pos = self._position(id)
        mask = self.filter.other_owners(pos) if other_communes else None
        copies = {int(i) for i in np.flatnonzero(self.representative == self.representative[pos])} | {pos}
        # a paragraph holding the source row (or held by it) is a copy of part of it
        copies |= {i for i, j in self.part_of.items() if j in copies}
        copies |= {self.part_of[i] for i in copies if i in self.part_of}
        ranked = self.ranker.rank(passage_text(self.rows[pos]), mask, k, dense_weight=self.dense_weight,
                                  symmetric=True, exclude=copies, body_factor=fusion.SIMILAR_BODY_FACTOR)
        source = Hit(self.rows[pos], 0, 1.0)
        return source, [Hit(self.rows[p], rank, s, c) for rank, (p, s, c) in enumerate(ranked, 1)]

    def _position(self, id) -> int:
        pos = self.position.get(str(id).strip())
        if pos is None:
            raise UnknownIdError(f"unknown row id: {id!r} (see `kehoach search --json` for ids)")
        return pos

    def row(self, id) -> Row:
        return self.rows[self._position(id)]

    # ---- the rows as a table ------------------------------------------------------------------
    def filter_rows(self, *, commune=None, unit=None, role="any", kind=None, doc=None, year=None,
                    level=None) -> list[Row]:
        m = self.filter.mask(commune=commune, unit=unit, role=role, kind=kind, doc=doc, year=year, level=level)
        return list(self.rows) if m is None else [self.rows[i] for i in np.flatnonzero(m)]

    def communes(self) -> list[str]:
        return list(self._communes)

    def units(self) -> list[str]:
        return list(self.filter.units)

    def info(self) -> dict:
        m = self.manifest
        return {"dir": str(self.directory), "model": m.get("model"), "dim": m.get("dim"),
                "rows": len(self.rows), "docs": len(m.get("documents") or {}), "dense_index": m.get("dense_index"),
                "built": m.get("built"), "updated": m.get("updated"), "documents": m.get("documents")}
