"""Unit names: split a cell into units and map each to one canonical name.

The same unit is written many ways ("Phòng VH-XH", "Phòng Văn hoá – Xã hội"); people filter
and count by unit, so every alias maps to one canonical name, from corpus/data/units.tsv.
Display keeps the original cell text; `lead_units` / `partner_units` carry these names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from corpus.normalize import normalize, squash

_TRAILING = re.compile(r"(?:\s+(?:xa|cua xa|cap xa))+$")


def unit_key(text: str) -> str:
    """Comparison key: folded, no punctuation, no trailing 'xã'."""
    key = squash(text).replace(" & ", "&").replace("& ", "&").replace(" &", "&")
    key = key.strip(" .;,-")
    return _TRAILING.sub("", key)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("corpus").joinpath("data/units.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, _, aliases = line.partition("\t")
        for name in [canonical, *aliases.split("|")]:
            if name.strip():
                table[unit_key(name)] = canonical.strip()
    return table


def canonical_names() -> list[str]:
    return sorted(set(_aliases().values()))


# A comma starts a new unit only when what follows looks like the start of a unit name
# ("Công an xã, Phòng Văn hoá – Xã hội", "Các cơ quan, đơn vị, các doanh nghiệp"), not an
# enumeration inside a collective phrase ("Các ban, ngành, đoàn thể").
def _split_commas(chunk: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r",\s*", chunk):
        starts_unit = piece[:1].isupper() or piece.lower().startswith("các ")
        if parts and not starts_unit:
            parts[-1] += ", " + piece
        else:
            parts.append(piece)
    return parts


def split_units(cell: str | None) -> list[str]:
    """'Phòng Kinh tế; Phòng VH-XH' -> ['Phòng Kinh tế', 'Phòng VH-XH'] (original spelling)."""
    if not cell or not cell.strip():
        return []
    parts: list[str] = []
    for chunk in re.split(r"[;\n]+", cell):
        for part in _split_commas(chunk):
            part = part.strip(" .;,")
            if part:
                parts.extend(_split_glued(part))
    return parts


def _split_glued(part: str) -> list[str]:
    """'Phòng VH-XH Văn phòng HĐND&UBND' (two units with no separator) -> both."""
    aliases = _aliases()
    words = part.split()
    if len(words) < 3:
        return [part]
    # Try every cut point: both halves must be known units.
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        if unit_key(left) in aliases and unit_key(right) in aliases:
            return [left, right]
    return [part]


def canonical_unit(name: str) -> str:
    """The canonical name of one unit; unknown units keep their (normalised) spelling."""
    key = unit_key(name)
    if key in _aliases():
        return _aliases()[key]
    s = normalize(name).strip(" .;,")
    return s[:1].upper() + s[1:]


def canonical_units(cell: str | None) -> list[str]:
    """Split a cell into units and canonicalise each, keeping order, without repeats."""
    out: list[str] = []
    for part in split_units(cell):
        name = canonical_unit(part)
        if name not in out:
            out.append(name)
    return out


def match_unit(user_text: str, known: list[str] | None = None) -> str | None:
    """Resolve what a user typed ("van hoa xa hoi", "phòng kinh tế", "VH-XH") to a canonical
    name, among `known` names when given (e.g. the units present in an index)."""
    key = unit_key(user_text)
    if not key:
        return None
    candidates = list(known) if known is not None else canonical_names()
    by_key = {unit_key(c): c for c in candidates}
    if key in by_key:
        return by_key[key]
    aliased = _aliases().get(key) or _aliases().get(unit_key("phòng " + user_text))
    if aliased and (known is None or aliased in candidates):
        return aliased
    contains = [c for k, c in by_key.items() if key in k]
    return min(contains, key=len) if len(contains) == 1 else None


def find_units(text: str, known: list[str] | None = None) -> list[tuple[str, int, int]]:
    """Unit names mentioned inside a sentence: (canonical, start, end) over squash(text).

    Used to read constraints out of questions ("Phòng Kinh tế xã Nghĩa Sơn chủ trì …").
    """
    s = squash(text)
    names = _aliases()
    allowed = set(known) if known is not None else None
    found: list[tuple[str, int, int]] = []
    taken = [False] * len(s)
    for alias in sorted(names, key=len, reverse=True):
        pattern = rf"(?<![\w&]){re.escape(alias)}(?![\w&])"
        for m in re.finditer(pattern, s):
            if any(taken[m.start():m.end()]):
                continue
            canonical = names[alias]
            if allowed is not None and canonical not in allowed:
                continue
            found.append((canonical, m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(found, key=lambda t: t[1])
