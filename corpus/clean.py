"""Cleaning of cell and paragraph text as extracted from PDF/DOCX/HTML conversions."""
from __future__ import annotations

import re
import unicodedata

# LaTeX fragments that PDF-to-text tools leave in targets ("$\geq 70\%$").
LATEX = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\%": "%", r"\times": "×",
    r"\approx": "≈", r"\neq": "≠", r"\pm": "±", r"\cdot": "·", r"\,": " ", r"\;": " ", r"\ ": " ",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in sorted(LATEX, key=len, reverse=True)) + r"(?![A-Za-z])")
_MATH_RE = re.compile(r"\$([^$]{0,80})\$")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC_RE = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000\ufeff]+")


def _latex(m: re.Match) -> str:
    body = _LATEX_RE.sub(lambda x: LATEX[x.group(0)], m.group(1))
    return re.sub(r"\s+", " ", body).strip()


def clean_text(text: str | None) -> str:
    """NFC, no HTML tags, no markdown bold/italic, LaTeX math as plain symbols, single spaces.

    Spelling, dashes and tone placement are kept as written: this is display text.
    Matching goes through corpus.normalize instead.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    s = _TAG_RE.sub("", s)
    s = _BOLD_RE.sub(lambda m: m.group(1) or m.group(2), s)
    s = _MATH_RE.sub(_latex, s)
    s = _ITALIC_RE.sub(r"\1", s)
    s = _SPACE_RE.sub(" ", s)
    s = re.sub(r"\s*\n\s*", " ", s)
    return s.strip()


def strip_bullet(text: str) -> str:
    """'- Xây dựng …' -> 'Xây dựng …' (a leading dash/bullet inside a cell)."""
    return re.sub(r"^\s*[-–—•+*·]\s+", "", text)


def clean_lines(text: str | None) -> str:
    """clean_text line by line, keeping the line breaks: in a unit cell a line is a unit."""
    if not text:
        return ""
    lines = (clean_text(line) for line in str(text).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def shorten(text: str | None, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters with "…" (the one
    truncation every answer, table cell and label uses)."""
    s = " ".join(str(text or "").split())
    if len(s) <= limit:
        return s
    cut = s[:max(limit - 1, 1)]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(",;: ") + "…"
