"""Reading the project's data tables: tab-separated text with '#' comment lines.

Every piece of knowledge kept as data (unit aliases, column roles, abbreviations, question
cues, answer templates …) lives in a TSV under <package>/data/ and is read through here, so
the format is defined in one place.  The rule for what is data: a list of words, names or
phrases, or a number fitted by a script, is a table; code only applies it.  Every table's
shape and allowed values are checked by tests/test_tables.py.
"""
from __future__ import annotations

from importlib import resources


class TsvRow(list):
    """The cells of one row, and where it came from (so a bad row can be named)."""

    source: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def parse_tsv(text: str, maxsplit: int = -1, source: str = "<text>", columns: int | None = None) -> list[TsvRow]:
    """The rows of a TSV text, skipping blank lines and lines starting with '#'.  With
    `columns`, a row with another number of cells is an error naming its file and line."""
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = TsvRow(line.split("\t", maxsplit))
        row.source, row.line = source, n
        if columns is not None and len(row) != columns:
            raise ValueError(f"{row.where}: {len(row)} columns, expected {columns}: {line!r}")
        rows.append(row)
    return rows


def read_tsv(package: str, name: str, maxsplit: int = -1, columns: int | None = None) -> list[TsvRow]:
    """The rows of `<package>/data/<name>` (installed as package data)."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return parse_tsv(text, maxsplit, f"{package.replace('.', '/')}/data/{name}", columns)
