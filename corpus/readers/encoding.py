"""Bytes -> Unicode text, including the legacy Vietnamese encodings.

Plans typed before ~2010 (and many still typed on old machines) use TCVN3/ABC (.VnTime
fonts), VNI-Windows (VNI-Times fonts) or Windows-1258.  Read as UTF-8 they give mojibake
("Céng hoµ", "Vieät Nam") that no search can match, so we detect them and convert.

The fast path is plain UTF-8; only text that fails it (or UTF-8 that only holds Latin-1
letters, the mark of a .VnTime/VNI document saved as Unicode) is scored: each candidate
decoding is judged by how many of its words are valid Vietnamese syllables.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

from kehoach.corpus.blocks import Block, DocumentError, Paragraph, Table
from kehoach.corpus.readers.vietnamese import (
    _CONTROL,
    _HIGH_LATIN,
    _LEGACY_CONTROLS,
    _TONES,
    _VIET_SPECIFIC,
    Score,
    convincing,
    score_text,
)

_DATA = Path(__file__).resolve().parent.parent / "data"

LABELS = {
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI-Windows",
    "cp1258": "Windows-1258",
}

# ---------------------------------------------------------------- mapping tables


def _cp1252_chars() -> list[str]:
    """Byte -> the character Windows-1252 shows for it (Latin-1 where cp1252 has a hole)."""
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return out


_CP1252 = _cp1252_chars()
_CP1252_DECODE = dict(enumerate(_CP1252))
_CP1252_ENCODE = {ord(ch): b for b, ch in enumerate(_CP1252)}


@lru_cache(maxsize=1)
def tcvn3_table() -> dict[int, str]:
    """Byte -> Unicode for TCVN 5712:1993 (VN1 layout, a superset of TCVN3/ABC)."""
    table: dict[int, str] = {}
    for line in (_DATA / "tcvn3.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            byte, code, _name = line.split("\t")
            table[int(byte, 16)] = chr(int(code, 16))
    return table


@lru_cache(maxsize=1)
def vni_pairs() -> tuple[tuple[str, str], ...]:
    """(Unicode letter, VNI sequence written as Windows-1252 characters) for the 134 letters."""
    pairs = []
    for line in (_DATA / "vni.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            letter, seq, _name = line.split("\t")
            pairs.append((letter, seq))
    return tuple(pairs)


@lru_cache(maxsize=1)
def vni_table() -> dict[str, str]:
    """VNI sequence -> Unicode letter.  Capitalised words may pair an upper-case base with
    a lower-case mark ("Aù"), so both cases of the mark are accepted; the base sets the case."""
    table = {seq: letter for letter, seq in vni_pairs()}
    for letter, seq in vni_pairs():
        if len(seq) == 2:
            variant = seq[0] + seq[1].swapcase()
            table.setdefault(variant, letter.upper() if seq[0].isupper() else letter.lower())
    return table


@lru_cache(maxsize=2)
def _tcvn3_translation(punctuation: bool) -> dict[int, str]:
    """Latin-1 code point -> Unicode.  Bytes 0x80-0x9F are VN1 capitals, or, with
    `punctuation`, the Windows-1252 quotes and dashes (“ ” – …) that .VnTime documents
    saved as text usually carry there."""
    table = dict(tcvn3_table())
    if punctuation:
        for b in range(0x80, 0xA0):
            if not _CP1252[b].isalpha():
                table[b] = _CP1252[b]
    return table


@lru_cache(maxsize=1)
def _vni_regex() -> re.Pattern[str]:
    seqs = sorted(vni_table(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, seqs)))


# ---------------------------------------------------------------- decoders (bytes -> str)

_WORD = re.compile(r"\S+")


def _mixed_capital_word(w: str) -> bool:
    """"CéNG": ASCII capitals around a lower-case code, the trace of a .VnTimeH capital."""
    letters = [c for c in w if c.isascii() and c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and any(c.islower() for c in w)


def _restore_capitals(text: str) -> str:
    """.VnTimeH capitals are stored with the lower-case codes: "CéNG HOµ" -> "CỘNG HOÀ".
    Such words are upper-cased, and so is a whole line of capitals that holds one."""
    out = []
    for line in text.split("\n"):
        words = line.split()
        if any(_mixed_capital_word(w) for w in words):
            if not any(c.isascii() and c.islower() for c in line):
                line = line.upper()
            else:
                line = _WORD.sub(lambda m: m.group(0).upper() if _mixed_capital_word(m.group(0)) else m.group(0), line)
        out.append(line)
    return "\n".join(out)


def decode_tcvn3(data: bytes, *, punctuation: bool = False) -> str:
    """TCVN3 bytes -> NFC text.  `punctuation` reads 0x80-0x9F as Windows-1252 quotes/dashes."""
    text = data.decode("latin-1").translate(_tcvn3_translation(punctuation))
    return _restore_capitals(unicodedata.normalize("NFC", text))


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes -> NFC text (two-byte sequences such as "eä" become "ệ")."""
    text = data.decode("latin-1").translate(_CP1252_DECODE)
    table = vni_table()
    return unicodedata.normalize("NFC", _vni_regex().sub(lambda m: table[m.group(0)], text))


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 puts tone marks as separate combining characters: NFC joins them."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_legacy(text: str, codec: str) -> bytes:
    """Unicode -> TCVN3, VNI or Windows-1258 bytes (builds test fixtures, checks the tables)."""
    text = unicodedata.normalize("NFC", text)
    if codec == "tcvn3":
        reverse = {ch: b for b, ch in tcvn3_table().items() if b >= 0x80 or b < 0x20}
        return bytes(reverse[c] if c in reverse else _ascii_byte(c) for c in text)
    if codec == "vni":
        reverse = dict(vni_pairs())
        return "".join(reverse.get(c, c) for c in text).encode("cp1252")
    if codec == "cp1258":  # base letters precomposed (ê, ơ, ă), tone marks combining
        return "".join(_split_tone(c) for c in text).encode("cp1258")
    raise ValueError(f"unknown legacy codec {codec!r}")


def _split_tone(c: str) -> str:
    d = unicodedata.normalize("NFD", c)
    tones = "".join(m for m in d if m in _TONES)
    return unicodedata.normalize("NFC", "".join(m for m in d if m not in _TONES)) + tones


def _ascii_byte(c: str) -> int:
    if ord(c) >= 0x80:
        raise UnicodeEncodeError("tcvn3", c, 0, 1, "not in TCVN3")
    return ord(c)


_Decoder = Callable[[bytes], str]
# (codec, decoder, only worth trying when the bytes hold 0x80-0x9F)
_CANDIDATES: list[tuple[str, _Decoder, bool]] = [
    ("tcvn3", decode_tcvn3, False),
    ("tcvn3", lambda d: decode_tcvn3(d, punctuation=True), True),
    ("vni", decode_vni, False),
    ("cp1258", decode_cp1258, False),
]
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def _best_legacy(data: bytes) -> tuple[str, str, Score] | None:
    """The most Vietnamese-looking legacy decoding (codec, text, score), or None when no
    candidate is convincing."""
    sample = data[:200_000]
    has_c1 = bool(_C1_BYTES.search(sample))
    best: tuple[str, _Decoder, Score] | None = None
    for codec, decoder, needs_c1 in _CANDIDATES:
        if needs_c1 and not has_c1:
            continue
        try:
            s = score_text(decoder(sample))
        except UnicodeDecodeError:
            continue
        if best is None or (s.valid, s.frequent) > (best[2].valid, best[2].frequent):
            best = (codec, decoder, s)
    if best is None or not convincing(best[2]):
        return None
    codec, decoder, s = best
    return codec, decoder(data), s


def _cp1252_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 font was given for this text, or None if it holds other characters."""
    try:
        return bytes(_CP1252_ENCODE[ord(c)] for c in text)
    except KeyError:
        return None


# ---------------------------------------------------------------- public API


def decode_bytes(data: bytes, name: str) -> tuple[str, str | None]:
    """Text of a file's bytes, and a warning line when it was converted from a legacy
    Vietnamese encoding.  Raises DocumentError for binary data or unrecognised encodings."""
    if not data:
        return "", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _check_readable(_decode_or_fail(data, "utf-16", name), name), None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        return _check_readable(_utf16_without_bom(data, name), name), None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_readable(text, name)
        if _VIET_SPECIFIC.search(text) or not _HIGH_LATIN.search(text):
            return text, None
        return _repair_mojibake(text, name)
    sample = data[:200_000]
    if len(_LEGACY_CONTROLS.findall(sample)) > max(2, len(sample) // 200):
        raise DocumentError(f"{name} does not contain readable text (a binary or damaged file?)")
    found = _best_legacy(data)
    if found is None:
        raise DocumentError(
            f"{name} is not UTF-8 and does not look like TCVN3, VNI or cp1258 text; save it as UTF-8"
        )
    codec, text, _ = found
    return text, f"{name}: converted from {LABELS[codec]} to Unicode"


def detect_mojibake(text: str) -> str | None:
    """The legacy codec ("tcvn3", "vni", "cp1258") whose bytes this Unicode text really
    holds ("Céng hoµ", "Vieät": a .VnTime/VNI document saved as Unicode), or None."""
    if _VIET_SPECIFIC.search(text) or not _HIGH_LATIN.search(text):
        return None
    raw = _cp1252_bytes(text)
    if raw is None:
        return None
    found = _best_legacy(raw)
    if found is None or found[2].valid <= score_text(text).valid:
        return None
    return found[0]


def repair_text(text: str) -> tuple[str, str | None]:
    """Mojibake text -> proper Vietnamese, plus the label of the legacy encoding when a
    conversion happened."""
    codec = detect_mojibake(text)
    if codec is None:
        return text, None
    return convert_font_text(text, codec), LABELS[codec]


def convert_font_text(text: str, codec: str, upper: bool = False) -> str:
    """Text typed in a legacy font (.VnTime -> tcvn3, VNI-Times -> vni) inside a Unicode
    document (docx/xlsx/pdf): re-read its characters as the bytes the font was given."""
    raw = _cp1252_bytes(text)
    if raw is None:
        return text  # already real Unicode (e.g. a symbol typed outside the font's range)
    if codec == "tcvn3":
        out = decode_tcvn3(raw, punctuation=True)
    elif codec == "vni":
        out = decode_vni(raw)
    else:
        out = decode_cp1258(raw)
    return out.upper() if upper else out


def legacy_font(font_name: str | None) -> tuple[str, bool] | None:
    """(codec, all-capitals font) for a legacy Vietnamese font name, else None.
    .VnTime/.VnArial… are TCVN3 (the …H variants draw capitals); VNI-Times/VNI-Helve… are VNI."""
    if not font_name:
        return None
    name = font_name.strip()
    if name.startswith(".Vn"):
        return "tcvn3", name.split()[0].endswith("H")
    if name.upper().startswith(("VNI-", "VNI ")):
        return "vni", False
    return None


def repair_blocks(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """A document typed in .VnTime/VNI whose font names are lost: when its text as a whole
    is legacy-encoding mojibake, convert every paragraph and cell.  Returns the codec used."""
    joined = "\n".join(b.text if isinstance(b, Paragraph) else "\n".join("\t".join(r) for r in b.rows) for b in blocks)
    codec = detect_mojibake(joined)
    if codec is None:
        return blocks, None
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(Paragraph(convert_font_text(b.text, codec), b.bold, b.confidence))
        else:
            out.append(Table([[convert_font_text(c, codec) for c in r] for r in b.rows], b.bold,
                             confidence=b.confidence))
    return out, codec


def _repair_mojibake(text: str, name: str) -> tuple[str, str | None]:
    fixed, label = repair_text(text)
    if label is None:
        return text, None
    return fixed, f"{name}: text was {label} saved as Unicode; converted"


def _decode_or_fail(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise DocumentError(f"{name} does not contain readable text (a binary or damaged file?)") from None


def _utf16_without_bom(data: bytes, name: str) -> str:
    """NUL bytes mean binary data, unless every other byte is NUL (UTF-16 without BOM)."""
    even, odd = data[0::2], data[1::2]
    if len(data) % 2 == 0 and len(data) >= 4:
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return _decode_or_fail(data, "utf-16-le", name)
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return _decode_or_fail(data, "utf-16-be", name)
    raise DocumentError(f"{name} does not contain readable text (a binary or damaged file?)")


def _check_readable(text: str, name: str) -> str:
    """Control characters in more than a trace amount mean a binary file, not text."""
    sample = text[:200_000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if bad > max(2, len(sample) // 200):
        raise DocumentError(f"{name} does not contain readable text (a binary or damaged file?)")
    return text
