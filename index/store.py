"""On-disk index: a folder of plain files plus a manifest that vouches for them.

    manifest.json   format version, model id/dim/prefixes, per-document sha256, sha256 and size
                    of every other file and a hash over that listing, row count, build/update
                    time, score calibration
    rows.json       the rows (export keys) + per-row index data (slot, representative, passage hash):
                    a JSON array written one row per line; rows.offsets.npy says where each line
                    starts, so a row is read when asked for (index/columns.py)
    columns.npz, columns.json, ids.npy      what filters and ranking read of every row (index/columns.py)
    slots.npy, dense.faiss                  dense channel, vectors stored once (index/dense.py)
    lexical.npz, vocab.json, bm25.*.npy     lexical channel: counts, terms, BM25 weights (index/lexical.py)
    restorer.json                           diacritic restoration counts (index/repair.py)

No pickle anywhere.  A folder is written whole into a temporary sibling and swapped in by
renames, so a reader never sees half an index.  Every load checks what is cheap: the listing
hash and each file's size (a truncated or missing file, a damaged manifest); hashing every
byte (~1 s per 100k rows) is left to `verify` (`kehoach index verify`) and to the first load
after a write was found stopped midway.  Anything that does not match is refused with the
command that rebuilds it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kehoach.atomic import replace_dir

FORMAT_VERSION = 3  # 2: vectors stored once, in dense.faiss; file sizes and a listing hash
# 3: rows read when asked for (rows.offsets.npy), columns for filters, BM25 weights memory-mapped
MANIFEST = "manifest.json"


class IndexLoadError(RuntimeError):
    """The index folder is missing, incomplete, corrupted or built differently from what was asked."""


class IndexChangedError(RuntimeError):
    """Another process saved the index after this one read it: saving now would undo that change."""


def manifest_sha(directory: Path) -> str | None:
    """Fingerprint of the index as saved (its manifest holds every file's checksum)."""
    path = Path(directory) / MANIFEST
    return sha256_file(path) if path.exists() else None


@contextmanager
def write_lock(directory: Path):
    """One writer at a time per index folder, across processes (flock on a sibling file)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no cross-process lock, the fingerprint check still runs
        yield
        return
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f".{directory.name}-lock", "a") as handle:  # kept: flock files are reusable
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def default_index_dir() -> Path:
    """$KEHOACH_INDEX_DIR, else $KEHOACH_HOME/index (kehoach.settings)."""
    from kehoach import settings

    return settings.index_dir()


def rebuild_hint(directory: Path, model: str | None = None) -> str:
    cmd = f"kehoach index build --index-dir {directory}"
    if model:
        cmd += f" --model {model}"
    return f"Rebuild it with: {cmd}"


def load_error(directory: Path, problem: str, model: str | None = None) -> IndexLoadError:
    return IndexLoadError(f"Index at {directory}: {problem}. {rebuild_hint(directory, model)}")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def write_index_dir(directory: Path, write_files: Callable[[Path], list[str]], manifest: dict,
                    based_on: str | None = None) -> dict:
    """Write a complete index folder atomically.

    `write_files(tmp)` writes the data files into `tmp` and returns their names; their
    checksums go into the manifest, which is written last.  The finished folder replaces
    `directory` by rename (the old one is renamed aside first, then deleted); a stop between
    the two renames is undone by `recover` on the next read or write.

    `based_on`: the `manifest_sha` of the index this change was made to (None for a build,
    which replaces whatever is there).  When another process saved the index since, nothing
    is written and IndexChangedError says so, instead of silently undoing its change.
    """
    directory = Path(directory)
    with write_lock(directory):
        recover(directory)
        if based_on is not None and manifest_sha(directory) != based_on:
            raise IndexChangedError(
                f"Index at {directory} was changed by another process after it was opened; "
                "nothing was saved. Run the command again.")
        return _write(directory, write_files, manifest)


def _write(directory: Path, write_files: Callable[[Path], list[str]], manifest: dict) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-", dir=directory.parent))
    try:
        names = write_files(tmp)
        files = {n: sha256_file(tmp / n) for n in names}
        sizes = {n: (tmp / n).stat().st_size for n in names}
        manifest = dict(manifest, format=FORMAT_VERSION, files=files, sizes=sizes, listing=listing_hash(files, sizes))
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        for name in [*names, MANIFEST]:
            with open(tmp / name, "rb") as f:
                os.fsync(f.fileno())
        replace_dir(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def listing_hash(files: dict, sizes: dict) -> str:
    """One hash over every file's name, size and checksum: a manifest edited or damaged in part
    no longer matches it."""
    text = json.dumps({"files": files, "sizes": sizes}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recover(directory: Path) -> bool:
    """Put back the previous index when a write stopped between its two renames (the folder
    is then missing and the previous one waits in a `.<name>.old-*` sibling).  True when it did."""
    directory = Path(directory)
    if directory.exists() or not directory.parent.is_dir():
        return False
    asides = directory.parent.glob(f".{directory.name}.old-*/index")
    for aside in sorted(asides, key=lambda p: p.stat().st_mtime, reverse=True):  # the newest first
        if (aside / MANIFEST).is_file():
            try:
                os.replace(aside, directory)
            except OSError:
                return False  # another process put it back (or wrote a new one) first
            shutil.rmtree(aside.parent, ignore_errors=True)
            return True
    return False


def stopped_writes(directory: Path) -> bool:
    """Whether a write of this index stopped midway (its temporary folders are still there and
    no writer holds the lock); the leftovers are removed."""
    directory = Path(directory)
    if not directory.parent.is_dir():
        return False
    leftovers = [*directory.parent.glob(f".{directory.name}.tmp-*"), *directory.parent.glob(f".{directory.name}.old-*")]
    if not leftovers:
        return False
    try:
        import fcntl
    except ImportError:
        return False
    with open(directory.parent / f".{directory.name}-lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a writer is at work: these are its own
        try:
            for path in leftovers:
                shutil.rmtree(path, ignore_errors=True)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def problems(directory: Path, manifest: dict, full: bool) -> list[str]:
    """What does not match the manifest, one line each: the listing hash, each file's presence
    and size, and with `full` each file's sha256."""
    directory = Path(directory)
    files, sizes = manifest.get("files") or {}, manifest.get("sizes") or {}
    out = []
    if manifest.get("listing") != listing_hash(files, sizes) or set(files) != set(sizes):
        out.append("manifest.json does not match its own listing hash (edited or damaged)")
    for name, digest in files.items():
        f = directory / name
        if not f.is_file():
            out.append(f"{name} is missing")
        elif f.stat().st_size != sizes.get(name):
            out.append(f"{name} is {f.stat().st_size} bytes, the manifest says {sizes.get(name)} (truncated or replaced)")
        elif full and sha256_file(f) != digest:
            out.append(f"{name} is corrupted (checksum mismatch)")
    return out


def read_manifest(directory: Path, model: str | None = None, full: bool = False) -> dict:
    """The manifest of an index folder, after checking the files it lists: sizes and the
    listing hash always; every byte with `full` or when a write was found stopped midway."""
    directory = Path(directory)
    full = recover(directory) or stopped_writes(directory) or full
    path = directory / MANIFEST
    if not path.is_file():
        what = "no index found" if not directory.exists() or not any(directory.iterdir()) else "manifest.json is missing"
        raise load_error(directory, what, model)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise load_error(directory, f"manifest.json is unreadable ({e})", model) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise load_error(directory, f"index format {manifest.get('format')} is not the supported {FORMAT_VERSION}", model)
    found = problems(directory, manifest, full)
    if found:
        raise load_error(directory, found[0], model)
    return manifest


def verify(directory: Path) -> tuple[list[str], dict | None]:
    """Every check there is, every byte hashed: (one line per problem, the manifest if readable).
    `kehoach index verify` prints these."""
    directory = Path(directory)
    recover(directory)
    path = directory / MANIFEST
    if not path.is_file():
        return ["no index found" if not directory.exists() else "manifest.json is missing"], None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"manifest.json is unreadable ({e})"], None
    if manifest.get("format") != FORMAT_VERSION:
        return [f"index format {manifest.get('format')} is not the supported {FORMAT_VERSION}"], manifest
    return problems(directory, manifest, full=True), manifest
