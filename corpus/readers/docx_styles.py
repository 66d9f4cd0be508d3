"""Word .docx styles and automatic numbering: what a paragraph inherits from its style, and the
number Word would draw before it ("1.", "a)", "II."), which is not in the paragraph's text.

The XML vocabulary (the w: namespace, toggles such as w:b) is defined here and used by
kehoach.corpus.readers.docx as well.
"""
from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"}
_SKIP_ANCESTORS = {W + "del", W + "moveFrom", W + "txbxContent"}
_FALSE = {"0", "false", "off", "none"}


def _val(el, default: str | None = None) -> str | None:
    return el.get(W + "val", default) if el is not None else default


def _on(el) -> bool | None:
    """A w:b-like toggle: None when absent, else whether it is switched on."""
    if el is None:
        return None
    return (_val(el) or "true").lower() not in _FALSE




@dataclass
class _Style:
    bold: bool | None = None
    font: str | None = None
    num: tuple[str, int] | None = None  # (numId, ilvl) of a numbered heading style
    based_on: str | None = None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Context:
    """What a paragraph needs from the rest of the package: styles, numbering, counters."""
    styles: dict[str, _Style] = field(default_factory=dict)
    default_font: str | None = None
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    fonts_converted: set[str] = field(default_factory=set)

    def style(self, style_id: str | None, attr: str):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                return None
            value = getattr(st, attr)
            if value is not None:
                return value
            style_id = st.based_on
        return None


def _load_context(document) -> _Context:
    ctx = _Context()
    styles_el = document.styles.element
    for st in styles_el.iter(W + "style"):
        rpr = st.find(W + "rPr")
        fonts = rpr.find(W + "rFonts") if rpr is not None else None
        ppr = st.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num = None
        if numpr is not None and numpr.find(W + "numId") is not None:
            num = (_val(numpr.find(W + "numId")), int(_val(numpr.find(W + "ilvl"), "0") or 0))
        ctx.styles[st.get(W + "styleId")] = _Style(
            bold=_on(rpr.find(W + "b")) if rpr is not None else None,
            font=_font_of(fonts),
            num=num,
            based_on=_val(st.find(W + "basedOn")),
        )
    default = styles_el.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    ctx.default_font = _font_of(default)
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return ctx
    abstract: dict[str, dict[int, _Level]] = {}
    for an in numbering.iter(W + "abstractNum"):
        levels = {}
        for lvl in an.iter(W + "lvl"):
            levels[int(lvl.get(W + "ilvl", "0"))] = _Level(
                start=int(_val(lvl.find(W + "start"), "1") or 1),
                fmt=_val(lvl.find(W + "numFmt"), "decimal") or "decimal",
                text=_val(lvl.find(W + "lvlText"), "") or "",
            )
        abstract[an.get(W + "abstractNumId")] = levels
    for num in numbering.iter(W + "num"):
        levels = dict(abstract.get(_val(num.find(W + "abstractNumId")), {}))
        for override in num.iter(W + "lvlOverride"):
            ilvl = int(override.get(W + "ilvl", "0"))
            start = override.find(W + "startOverride")
            if start is not None and ilvl in levels:
                base = levels[ilvl]
                levels[ilvl] = _Level(int(_val(start, "1") or 1), base.fmt, base.text)
        ctx.levels[num.get(W + "numId")] = levels
    return ctx


def _font_of(rfonts) -> str | None:
    if rfonts is None:
        return None
    return rfonts.get(W + "ascii") or rfonts.get(W + "hAnsi")


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _number_label(p, ctx: _Context) -> str:
    """The automatic number Word shows before this paragraph ("1.", "1.2.", "a)", "-")."""
    ppr = p.find(W + "pPr")
    numpr = ppr.find(W + "numPr") if ppr is not None else None
    num_id, ilvl = None, 0
    if numpr is not None:
        num_id = _val(numpr.find(W + "numId"))
        ilvl = int(_val(numpr.find(W + "ilvl"), "0") or 0)
    elif ppr is not None:
        styled = ctx.style(_val(ppr.find(W + "pStyle")), "num")
        if styled:
            num_id, ilvl = styled
    if not num_id or num_id == "0" or num_id not in ctx.levels:
        return ""
    levels = ctx.levels[num_id]
    level = levels.get(ilvl)
    if level is None:
        return ""
    counters = ctx.counters.setdefault(num_id, {})
    counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
    for deeper in [k for k in counters if k > ilvl]:
        del counters[deeper]
    if level.fmt == "bullet":
        return "-"
    label = level.text
    for k in range(ilvl + 1):
        lv = levels.get(k, _Level())
        label = label.replace(f"%{k + 1}", _format_number(counters.get(k, lv.start), lv.fmt))
    return label.strip()
