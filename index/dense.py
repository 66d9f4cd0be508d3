"""The dense channel: FAISS inner-product search over L2-normalised row vectors.

FAISS ids are int64 "slots": a number given to each row when it enters the index and never
reused, so removing a document does not renumber the others.  The vectors themselves are kept
too (vectors.npy, row order), so the FAISS index can be rebuilt, or switched to IVF, without
re-embedding anything, and a candidate's exact cosine is one dot product.

Below IVF_THRESHOLD rows the index is exact (IndexIDMap2 over IndexFlatIP: ~10 ms per query at
100k x 384 on 2 cores).  Above it, an IVF index (IndexIVFFlat: approximate, but supports
`remove_ids`, unlike HNSW) keeps latency flat; nprobe trades recall for speed.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

IVF_THRESHOLD = 200_000  # rows; exact search stays under ~25 ms up to here on this hardware
IVF_NPROBE = 16


def _faiss():
    import faiss

    return faiss


class Dense:
    """Row vectors, their slots, and the FAISS index over them."""

    def __init__(self, dim: int, vectors: np.ndarray | None = None, slots: np.ndarray | None = None,
                 index=None):
        self.dim = int(dim)
        self.vectors = np.ascontiguousarray(vectors if vectors is not None else np.zeros((0, dim), np.float32),
                                            dtype=np.float32)
        self.slots = np.asarray(slots if slots is not None else np.zeros(0), dtype=np.int64)
        if len(self.slots) != len(self.vectors):
            raise ValueError("vectors and slots differ in length")
        self.index = index if index is not None else self._new_index()

    def _new_index(self):
        faiss = _faiss()
        n = len(self.vectors)
        if n >= IVF_THRESHOLD:
            nlist = int(4 * math.sqrt(n))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(self.dim), self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
            sample = self.vectors[np.random.default_rng(0).choice(n, min(n, nlist * 64), replace=False)]
            index.train(sample)
            index.nprobe = IVF_NPROBE
        else:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        if n:
            index.add_with_ids(self.vectors, self.slots)
        return index

    @property
    def kind(self) -> str:
        return "ivf" if "IVF" in type(self.index).__name__ else "flat"

    def __len__(self) -> int:
        return len(self.vectors)

    # ---- changes (return new objects; the caller swaps them in after persisting) ----------
    def extended(self, vectors: np.ndarray, slots: np.ndarray) -> "Dense":
        vectors = np.asarray(vectors, np.float32).reshape(-1, self.dim)
        return Dense(self.dim, np.vstack([self.vectors, vectors]), np.concatenate([self.slots, slots]))

    def subset(self, keep: np.ndarray) -> "Dense":
        keep = np.asarray(keep, dtype=np.int64)
        return Dense(self.dim, self.vectors[keep], self.slots[keep])

    # ---- search -----------------------------------------------------------------------------
    def search(self, queries: np.ndarray, k: int, allowed_slots: np.ndarray | None = None):
        """(cosines, slots) of the k nearest rows per query; slot -1 pads short results."""
        faiss = _faiss()
        k = max(1, min(k, len(self.vectors)))
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        if not len(self.vectors):
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        params = None
        if allowed_slots is not None:
            sel = faiss.IDSelectorBatch(np.asarray(allowed_slots, dtype=np.int64))
            params = (faiss.SearchParametersIVF(sel=sel, nprobe=IVF_NPROBE) if self.kind == "ivf"
                      else faiss.SearchParameters(sel=sel))
        return self.index.search(q, k, params=params) if params else self.index.search(q, k)

    def cosines(self, query: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Exact cosine of one query vector with the rows at `positions`."""
        return self.vectors[np.asarray(positions, dtype=np.int64)] @ np.asarray(query, np.float32).ravel()

    # ---- persistence --------------------------------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        faiss = _faiss()
        np.save(directory / "vectors.npy", self.vectors, allow_pickle=False)
        np.save(directory / "slots.npy", self.slots, allow_pickle=False)
        faiss.write_index(self.index, str(directory / "dense.faiss"))
        return ["vectors.npy", "slots.npy", "dense.faiss"]

    @classmethod
    def load(cls, directory: Path, dim: int) -> "Dense":
        faiss = _faiss()
        vectors = np.load(directory / "vectors.npy", allow_pickle=False)
        slots = np.load(directory / "slots.npy", allow_pickle=False)
        index = faiss.read_index(str(directory / "dense.faiss"))
        if vectors.ndim != 2 or vectors.shape[1] != dim or index.d != dim:
            raise ValueError(f"vector dimension {vectors.shape[-1]}/{index.d} differs from the manifest's {dim}")
        if index.ntotal != len(vectors) or len(slots) != len(vectors):
            raise ValueError(f"dense.faiss holds {index.ntotal} vectors, vectors.npy {len(vectors)}")
        return cls(dim, vectors, slots, index)
