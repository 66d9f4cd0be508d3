"""Replacing a folder atomically: readers see the old folder or the new one, never half of either.

Used for the index (kehoach.index.store) and the converted model (kehoach.embed.convert).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable


def replace_dir(new: Path, dest: Path, done: Callable[[Path], bool] | None = None) -> bool:
    """Swap the finished folder `new` in as `dest` by renames: the old `dest` is renamed aside
    (`.<name>.old-*/index`) first and deleted last, so a reader sees the old folder or the new
    one, never half of either; a stop between the two renames is undone by `recover`.

    `done(dest)`: an existing `dest` that passes it is kept (another process finished the same
    work first) and `new` is left to the caller; returns whether `new` went in.
    """
    dest = Path(dest)
    if done is not None and dest.exists() and done(dest):
        return False
    old = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.replace(dest, old / "index")
    try:
        os.replace(new, dest)
    except OSError:
        if done is None or not done(dest):
            raise  # the old folder waits aside for `recover`
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return False
    fsync_dir(dest.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return True


def fsync_dir(path: Path) -> None:
    """Make the renames in `path` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
