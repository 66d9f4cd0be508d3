"""The dense channel: FAISS inner-product search over L2-normalised row vectors.

FAISS ids are int64 "slots": a number given to each row when it enters the index and never
reused, so removing a document does not renumber the others.

The vectors are stored once, as float16 codes inside the FAISS index (dense.faiss): a
candidate's exact cosine, a rebuild of the index and `vectors[...]` all decode them from there
(float16 moves a cosine by ~1e-4; benchmarks/RESULTS.md has recall@10 against float32 flat).
Which index holds them depends on the number of rows (`choose_kind`, or `kind=` given):

- "flat" below IVF_FROM rows: every vector is scored (IndexScalarQuantizer, exact up to
  float16 rounding).  Its cost grows with the rows (benchmarks/RESULTS.md, "FAISS index per size").
- "ivf" from IVF_FROM rows: IndexIVFScalarQuantizer, 4·√n lists of which 1/PROBE_SHARE (at
  least MIN_PROBES) are scanned per query (recall@10 against flat: RESULTS.md).  IVF rather
  than HNSW because it supports `remove_ids` (a document is replaced or removed in place,
  without retraining) and costs no graph memory.  A filter leaving few rows is scored exactly
  over those rows instead: IVF's probed lists would miss most of them.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

IVF_FROM = 50_000  # rows: from here flat scoring is the slowest part of a query on a shared 2-core machine
PROBE_SHARE = 10  # scan 1/10 of the IVF lists per query,
MIN_PROBES = 256  # and at least this many (fewer lists, each longer: 1/10 missed 2% of the top 10 at 100k)
EXACT_BELOW = 20_000  # allowed rows under which a filtered search scores them all exactly
KINDS = ("flat", "ivf")


def _faiss():
    import faiss

    return faiss


def choose_kind(n: int) -> str:
    return "ivf" if n >= IVF_FROM else "flat"


class Vectors:
    """The row vectors, decoded from the index on demand: `vectors[positions]` -> float32."""

    def __init__(self, dense: "Dense"):
        self._dense = dense

    def __len__(self) -> int:
        return len(self._dense)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self._dense), self._dense.dim)

    def __getitem__(self, positions) -> np.ndarray:
        d = self._dense
        if isinstance(positions, (int, np.integer)):
            return d.reconstruct(d.slots[[int(positions)]])[0]
        return d.reconstruct(d.slots[positions])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = self[np.arange(len(self))]
        return out if dtype is None else out.astype(dtype)


class Dense:
    """Row vectors (float16 codes), their slots, and the FAISS index holding them."""

    def __init__(self, dim: int, vectors: np.ndarray | None = None, slots: np.ndarray | None = None,
                 index=None, kind: str | None = None):
        self.dim = int(dim)
        self.slots = np.asarray(slots if slots is not None else np.zeros(0), dtype=np.int64)
        if index is None:
            vectors = np.ascontiguousarray(vectors if vectors is not None else np.zeros((0, dim)), dtype=np.float32)
            if len(self.slots) != len(vectors):
                raise ValueError("vectors and slots differ in length")
            index = self._new_index(vectors, kind or choose_kind(len(vectors)))
        self.index = index
        if index.ntotal != len(self.slots):
            raise ValueError(f"dense.faiss holds {index.ntotal} vectors, slots.npy {len(self.slots)}")
        self.vectors = Vectors(self)

    def _new_index(self, vectors: np.ndarray, kind: str):
        faiss = _faiss()
        if kind not in KINDS:
            raise ValueError(f"dense index kind must be one of {KINDS}, not {kind!r}")
        fp16 = faiss.ScalarQuantizer.QT_fp16
        n = len(vectors)
        if kind == "ivf" and n:
            nlist = max(1, int(4 * math.sqrt(n)))
            index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(self.dim), self.dim, nlist, fp16,
                                                  faiss.METRIC_INNER_PRODUCT)
            index.cp.niter = 10
            index.cp.min_points_per_centroid = 1  # a small sample is enough for this few lists
            sample = vectors[np.random.default_rng(0).choice(n, min(n, nlist * 30), replace=False)]
            index.train(sample)
            index.nprobe = min(nlist, max(MIN_PROBES, math.ceil(nlist / PROBE_SHARE)))
            index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct by slot
        else:
            index = faiss.IndexIDMap2(faiss.IndexScalarQuantizer(self.dim, fp16, faiss.METRIC_INNER_PRODUCT))
        if n:
            index.add_with_ids(vectors, self.slots)
        return index

    @property
    def kind(self) -> str:
        return "ivf" if "IVF" in type(self.index).__name__ else "flat"

    def __len__(self) -> int:
        return len(self.slots)

    def reconstruct(self, slots: np.ndarray) -> np.ndarray:
        slots = np.asarray(slots, dtype=np.int64).ravel()
        if not len(slots):
            return np.zeros((0, self.dim), np.float32)
        return np.asarray(self.index.reconstruct_batch(slots), dtype=np.float32).reshape(len(slots), self.dim)

    # ---- changes (return new objects; the caller swaps them in after persisting) ----------
    def extended(self, vectors: np.ndarray, slots: np.ndarray) -> "Dense":
        vectors = np.ascontiguousarray(vectors, np.float32).reshape(-1, self.dim)
        slots = np.asarray(slots, np.int64)
        n = len(self) + len(vectors)
        if choose_kind(n) != self.kind or (self.kind == "ivf" and n > 4 * max(len(self), 1)):
            # grown past a size boundary (or far beyond what the IVF lists were trained on): rebuild
            return Dense(self.dim, np.vstack([self.vectors[np.arange(len(self))], vectors]),
                         np.concatenate([self.slots, slots]))
        index = _faiss().clone_index(self.index)
        if len(vectors):
            index.add_with_ids(vectors, slots)
        return Dense(self.dim, slots=np.concatenate([self.slots, slots]), index=index)

    def subset(self, keep: np.ndarray) -> "Dense":
        keep = np.asarray(keep, dtype=np.int64)
        if choose_kind(len(keep)) != self.kind:
            return Dense(self.dim, self.vectors[keep], self.slots[keep])
        gone = np.setdiff1d(self.slots, self.slots[keep])
        index = _faiss().clone_index(self.index)
        if len(gone):
            index.remove_ids(_faiss().IDSelectorBatch(gone))
        return Dense(self.dim, slots=self.slots[keep], index=index)

    def rebuilt(self, kind: str) -> "Dense":
        """The same vectors in another kind of index (the benchmark compares them)."""
        return Dense(self.dim, self.vectors[np.arange(len(self))], self.slots, kind=kind)

    # ---- search -----------------------------------------------------------------------------
    def search(self, queries: np.ndarray, k: int, allowed_slots: np.ndarray | None = None):
        """(cosines, slots) of the k nearest rows per query; slot -1 pads short results."""
        faiss = _faiss()
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        if not len(self):
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        k = max(1, min(k, len(self)))
        if allowed_slots is None:
            return self.index.search(q, k)
        allowed_slots = np.asarray(allowed_slots, dtype=np.int64)
        if self.kind == "ivf" and len(allowed_slots) < EXACT_BELOW:
            return self._exact(q, k, allowed_slots)
        sel = faiss.IDSelectorBatch(allowed_slots)
        if self.kind == "ivf":  # fewer rows allowed: probe more lists to find as many of them
            share = max(len(allowed_slots) / len(self), 1e-9)
            params = faiss.SearchParametersIVF(sel=sel, nprobe=min(self.index.nlist, math.ceil(self.index.nprobe / share)))
        else:
            params = faiss.SearchParameters(sel=sel)
        return self.index.search(q, k, params=params)

    def _exact(self, q: np.ndarray, k: int, slots: np.ndarray):
        sims = q @ self.reconstruct(slots).T
        k = min(k, len(slots))
        top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(sims, top, axis=1), slots[top]

    def cosines(self, query: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Cosine of one query vector with the rows at `positions`."""
        return self.vectors[np.asarray(positions, dtype=np.int64)] @ np.asarray(query, np.float32).ravel()

    # ---- persistence --------------------------------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        faiss = _faiss()
        np.save(directory / "slots.npy", self.slots, allow_pickle=False)
        faiss.write_index(self.index, str(directory / "dense.faiss"))
        return ["slots.npy", "dense.faiss"]

    @classmethod
    def load(cls, directory: Path, dim: int) -> "Dense":
        faiss = _faiss()
        slots = np.load(directory / "slots.npy", allow_pickle=False)
        index = faiss.read_index(str(directory / "dense.faiss"))
        if index.d != dim:
            raise ValueError(f"vector dimension {index.d} differs from the manifest's {dim}")
        return cls(dim, slots=slots, index=index)
