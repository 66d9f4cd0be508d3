"""benchmarks/RESULTS.md is written by the benchmarks: each owns one section, replaced whole.

A section sits between `<!-- section: NAME -->` and `<!-- end: NAME -->`; a benchmark that
runs again replaces its own section and leaves the others as they are.
"""
from __future__ import annotations

from pathlib import Path

HEADER = ("# Measured results\n\nWritten by the scripts in benchmarks/ (`make bench`); "
          "numbers are medians and ratios from one run on this project's 2-core machine.\n")


def replace_section(path: Path, name: str, text: str) -> None:
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else HEADER
    start, end = f"<!-- section: {name} -->", f"<!-- end: {name} -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in old and end in old:
        before, rest = old.split(start, 1)
        after = rest.split(end, 1)[1]
        new = before + block + after
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
