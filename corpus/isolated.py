"""Parse documents in a child process with a memory cap and a time limit per file.

Whatever a file does to a parser — a PDF stream that inflates to gigabytes, a pathological
table, a native crash — it happens in the child: the app (or the command) gets one clear
line for that file and goes on.  The child caps its own address space
(settings.PARSE_MEMORY_BYTES) before it reads anything, and the parent gives each file
settings.PARSE_SECONDS.  Rows come back as JSON lines (never pickle: the data came from a
file).  One child serves many files, so a folder costs one start-up (~1 s), not one per file;
a child that dies is replaced for the files after.

    with IsolatedReader() as read:
        rows = read(path)          # list[Row], or DocumentError
"""
from __future__ import annotations

import importlib
import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

from kehoach.corpus.blocks import DocumentError
from kehoach.corpus.rows import Row

from kehoach import settings

STARTUP_SECONDS = 120  # for the child to import its readers (seconds on a busy machine)

def _size(n: int) -> str:
    from kehoach.corpus.readers.archive import size_text

    return size_text(n)


class IsolatedReader:
    """`reader(path) -> list[Row]` for index.changes, running corpus.read_document in a child."""

    def __init__(self, memory_bytes: int | None = None, seconds: float | None = None):
        self.memory_bytes = int(memory_bytes or settings.PARSE_MEMORY_BYTES)
        self.seconds = float(seconds or settings.PARSE_SECONDS)
        self._proc: subprocess.Popen | None = None
        self._buffer = b""
        self._served = 0  # files the current child has read

    # -- the child's lifetime
    def _start(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "kehoach.corpus.isolated", str(self.memory_bytes)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
            self._buffer, self._served = b"", 0
            if self._read_line(self._proc, None, STARTUP_SECONDS) is None:  # "ready": imports done
                self._kill()
                raise DocumentError("the document reader could not start (see `python -m kehoach.corpus.isolated`)")
        return self._proc

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        proc.stdout.close()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            for f in (proc.stdin, proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass

    def __enter__(self) -> "IsolatedReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self._kill()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    # -- one file
    def __call__(self, path) -> list[Row]:
        path = Path(path)
        for attempt in (1, 2):
            fresh = self._proc is None or self._proc.poll() is not None or self._served == 0
            reply = self._ask(path)
            if reply is not None:
                break
            if fresh or attempt == 2:  # a fresh child died on this file: the file is the cause
                raise DocumentError(
                    f"{path.name}: could not be read within the memory limit for one file "
                    f"({_size(self.memory_bytes)}); the file may be damaged or built to exhaust memory")
            # a child that had read other files first may have died of their leftovers: once more, fresh
        if "error" in reply:
            raise DocumentError(reply["error"])
        return [Row.from_dict(d) for d in reply["rows"]]

    def _ask(self, path: Path) -> dict | None:
        """The child's reply for `path`; None when the child died; DocumentError on a timeout."""
        proc = self._start()
        try:
            proc.stdin.write((json.dumps(str(path)) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except OSError:
            self._kill()
            return None
        line = self._read_line(proc, path)
        self._served += 1
        if line is None:
            self._kill()
            return None
        return json.loads(line)

    def _read_line(self, proc: subprocess.Popen, path: Path | None, seconds: float | None = None) -> bytes | None:
        """The child's next line; None when it died; DocumentError when it takes too long."""
        seconds = self.seconds if seconds is None else seconds
        deadline = time.monotonic() + seconds
        fd = proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    self._kill()
                    if path is None:
                        raise DocumentError(f"the document reader did not start within {seconds:g} s")
                    raise DocumentError(f"{path.name}: took longer than {seconds:g} s to read "
                                        "(the limit for one file); nothing was read from it")
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return None
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line


def _limit_memory(nbytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: no cap, the time limit still holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (nbytes, nbytes))


def main(argv: list[str]) -> None:
    """The child: cap memory, then for each JSON path on stdin write one JSON reply line."""
    _limit_memory(int(argv[0]))
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # a library printing must not break the replies
    from kehoach.corpus import read_document
    from kehoach.corpus.readers import READERS

    for module in sorted(set(READERS.values())):  # import the readers' libraries before the clock runs
        try:
            importlib.import_module(f"kehoach.corpus.readers.{module}")
        except ImportError:
            pass
    for lib in ("docx", "openpyxl", "pdfplumber"):
        try:
            importlib.import_module(lib)
        except ImportError:
            pass
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        path = Path(json.loads(line))
        try:
            reply = {"rows": [r.to_dict() for r in read_document(path)]}
        except DocumentError as e:
            reply = {"error": str(e)}
        except MemoryError:
            out.flush()
            os._exit(3)  # the parent names the file; the heap is not to be trusted now
        except OSError as e:
            reply = {"error": f"{path.name}: cannot read ({e.strerror or e})"}
        except Exception as e:  # noqa: BLE001 - a parser's own failure is this file's, said in one line
            reply = {"error": f"{path.name}: could not be read ({type(e).__name__}: {e})"}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
