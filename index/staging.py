"""Embeddings committed in chunks while an index is built, so a stopped build resumes.

Embedding is most of a build (500k rows: over half an hour even in int8).  Each chunk of
CHUNK passages is written, as soon as it is embedded, into a staging folder beside the index
folder (`.<index>.embed-<key>/`, the same place the index's own temporary folders go); a build
or `add` run again over the same rows finds them there by passage hash and embeds only the
rest.  The key names the model and passage precision, so vectors of another model are never
reused.  Saving the index removes the folder.

A chunk is a .npz of passage hashes and float32 vectors (no pickle), written under a temporary
name and renamed: a chunk is there whole or not at all.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CHUNK = 512  # passages per committed chunk (~3 s of int8 embedding on 2 cores)


def staging_key(embedder) -> str:
    what = "|".join(str(x) for x in (embedder.model_id, getattr(embedder, "passage_precision", "fp32"),
                                     embedder.dim, embedder.passage_prefix))
    return hashlib.sha256(what.encode("utf-8")).hexdigest()[:12]


def staging_dir(index_dir: Path, embedder) -> Path:
    index_dir = Path(index_dir)
    return index_dir.parent / f".{index_dir.name}.embed-{staging_key(embedder)}"


def clear(index_dir: Path) -> None:
    """Remove every staging folder of this index (called once the index is saved)."""
    index_dir = Path(index_dir)
    if index_dir.parent.is_dir():
        for folder in index_dir.parent.glob(f".{index_dir.name}.embed-*"):
            shutil.rmtree(folder, ignore_errors=True)


def committed(folder: Path) -> dict[str, np.ndarray]:
    """Passage hash -> vector of every chunk committed in `folder` (an unreadable one is skipped)."""
    out: dict[str, np.ndarray] = {}
    for path in sorted(Path(folder).glob("chunk-*.npz")):
        try:
            with np.load(path, allow_pickle=False) as z:
                hashes, vectors = z["hashes"], z["vectors"]
        except (OSError, ValueError, KeyError) as e:
            log.warning("skipping unreadable staged chunk %s (%s)", path.name, e)
            continue
        out.update(zip((h.decode("ascii") for h in hashes), vectors))
    return out


def _commit(folder: Path, number: int, hashes: list[str], vectors: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".chunk-", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, hashes=np.asarray([h.encode("ascii") for h in hashes], dtype="S"),
                     vectors=np.asarray(vectors, np.float32))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / f"chunk-{number:06d}.npz")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def embed(index_dir: Path, embedder, todo: dict[str, str], progress: bool = False) -> dict[str, np.ndarray]:
    """Vectors for `todo` (passage hash -> text): those committed by an earlier, stopped run are
    read back; the rest are embedded CHUNK at a time, each chunk committed before the next.
    With `progress`, a bar on stderr shows rows done, rows/s and the time left."""
    folder = staging_dir(index_dir, embedder)
    done = {h: v for h, v in committed(folder).items() if h in todo} if folder.is_dir() else {}
    rest = [h for h in todo if h not in done]
    if done:
        log.info("resuming: %d of %d passages were embedded by a stopped run", len(done), len(todo))
    bar = None
    if progress and rest:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), initial=len(done), desc="Embedding", unit="row", file=sys.stderr,
                   smoothing=0.05)
    numbers = [int(p.stem.split("-")[1]) for p in folder.glob("chunk-*.npz")] if folder.is_dir() else []
    number = max(numbers, default=-1) + 1
    try:
        for start in range(0, len(rest), CHUNK):
            hashes = rest[start:start + CHUNK]
            vectors = embedder.encode_passages([todo[h] for h in hashes])
            _commit(folder, number, hashes, vectors)
            number += 1
            done.update(zip(hashes, vectors))
            if bar is not None:
                bar.update(len(hashes))
    finally:
        if bar is not None:
            bar.close()
    return done
