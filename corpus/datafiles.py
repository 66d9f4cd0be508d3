"""Reading the project's data tables: tab-separated text with '#' comment lines.

Every piece of knowledge kept as data (unit aliases, abbreviations, question cues, answer
templates …) is read through here, so the file format is defined in one place.
"""
from __future__ import annotations

from importlib import resources


def parse_tsv(text: str, maxsplit: int = -1) -> list[list[str]]:
    """The rows of a TSV text, skipping blank lines and lines starting with '#'."""
    return [line.split("\t", maxsplit) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_tsv(package: str, name: str, maxsplit: int = -1) -> list[list[str]]:
    """The rows of `<package>/data/<name>` (installed as package data)."""
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return parse_tsv(text, maxsplit)
