"""The app's presentation: pure functions from hits and answers to HTML (no Gradio here).

Everything the page shows is escaped here; the handlers (kehoach.app.handlers) only call these.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Any, Iterable

from kehoach.corpus.clean import shorten as cut
from kehoach.corpus.normalize import fold, normalize
from kehoach.index.hits import Hit

SOURCE_CHARS = 90  # of the document · section line under a task
SIMILAR_PER_COMMUNE = 3  # similar rows shown per commune
MAX_BARS = 12


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: str  # CSS width of the column (the table has a fixed layout)
    css: str = ""


RESULT_COLUMNS = (
    Column("rank", "#", "3.5%", "kh-num"), Column("commune", "Xã", "9%"), Column("stt", "STT", "5%"),
    Column("task", "Nhiệm vụ", "35%"), Column("lead", "Chủ trì", "15%"), Column("partners", "Phối hợp", "16%"),
    Column("deadline", "Thời hạn", "9%"), Column("score", "Điểm", "7.5%", "kh-num"),
)
COMPARE_COLUMNS = (
    Column("commune", "Xã", "12%"), Column("task", "Nhiệm vụ phù hợp nhất", "46%"),
    Column("lead", "Chủ trì", "20%"), Column("deadline", "Thời hạn", "13%"), Column("score", "Điểm", "9%", "kh-num"),
)



def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


@dataclass(frozen=True)
class Terms:
    """The query's words as highlighting needs them."""
    exact: frozenset = frozenset()  # typed with diacritics: must match exactly (lower case)
    loose: frozenset = frozenset()  # typed without: match any accented form ("so" -> "số", "sở")
    pairs: frozenset = frozenset()  # adjacent words of the query, folded, in order

    def matches(self, word: str) -> bool:
        word = word.lower()
        return word in self.exact or _fold_word(word) in self.loose

    @property
    def size(self) -> int:
        return len(self.exact) + len(self.loose)


@functools.lru_cache(maxsize=50_000)
def _fold_word(word: str) -> str:
    """fold() of one word, remembered: a results table folds the same few thousand words again
    and again (it was a fifth of an answer's time under load)."""
    return fold(word)


def query_terms(text: str) -> Terms:
    words = [w for w in re.findall(r"\w+", normalize(text).lower()) if len(w) > 1 or w.isdigit()]
    exact = frozenset(w for w in words if fold(w) != w)
    loose = frozenset(w for w in words if fold(w) == w)
    pairs = frozenset((fold(a), fold(b)) for a, b in zip(words, words[1:]))
    return Terms(exact, loose, pairs)


def highlight(text: str | None, terms: Terms) -> str:
    """`text` HTML-escaped, with the query's words wrapped in <mark>.  For a query of several
    words only runs of two or more words adjacent in both the text and the query are marked
    ("số hóa", not the "hóa" of "văn hóa"): the marks show where the query's phrase is."""
    text = normalize(text)
    words = list(re.finditer(r"\w+", text))
    runs: list[list[int]] = []
    for i, w in enumerate(words):
        if not terms.matches(w.group(0)):
            continue
        prev = words[i - 1] if i else None
        if (runs and runs[-1][-1] == i - 1 and not text[prev.end():w.start()].strip()
                and (_fold_word(prev.group(0).lower()), _fold_word(w.group(0).lower())) in terms.pairs):
            runs[-1].append(i)
        else:
            runs.append([i])
    min_run = 1 if terms.size <= 1 else 2
    out, last = [], 0
    for run in runs:
        if len(run) < min_run:
            continue
        lo, hi = words[run[0]].start(), words[run[-1]].end()
        out += [esc(text[last:lo]), f"<mark>{esc(text[lo:hi])}</mark>"]
        last = hi
    out.append(esc(text[last:]))
    return "".join(out)


def value_of(hit: Hit, key: str):
    """A column of the results table: the hit's rank/score, else its row's field (the commune
    column names the issuer of a plan no commune issued: "Bộ Tài chính", "Chính phủ")."""
    if key in ("rank", "score", "dense"):
        return getattr(hit, key)
    if key == "commune" and not hit.row.commune:
        from kehoach.qa.render import issuer

        return issuer(hit.row)
    return getattr(hit.row, key)


def cell(hit: Hit, key: str, terms: Terms) -> str:
    value = value_of(hit, key)
    if key == "score":
        return f"{float(value):.2f}" if value is not None else ""
    if key == "task":
        row = hit.row
        source = " · ".join(esc(shorten(v, SOURCE_CHARS)) for v in (row.doc, row.section) if v)
        badge = '<span class="kh-badge">đoạn văn</span>' if row.kind == "narrative" else ""
        return f"{highlight(value, terms)}{badge}{ocr_badge(row)}<span class=\"kh-src\">{source}</span>"
    return esc(value) if value not in (None, "") else "—"


def ocr_badge(row) -> str:
    """A row read by OCR from a scan says so, with how sure the reading was: check it."""
    if row.source != "ocr":
        return ""
    sure = f" {float(row.confidence):.0%}" if row.confidence is not None else ""
    return (f'<span class="kh-badge kh-ocr" title="Đọc bằng OCR từ bản quét (độ tin cậy{sure}): '
            f'hãy đối chiếu với bản gốc">OCR{sure}</span>')


def table(hits: list[Hit], columns: Iterable[Column], terms: Terms = Terms(), cited: set[str] = frozenset(),
          elem_id: str = "") -> str:
    columns = list(columns)
    head = "".join(f'<col style="width:{c.width}">' for c in columns)
    ths = "".join(f"<th>{esc(c.header)}</th>" for c in columns)
    body = []
    for h in hits:
        css = ' class="kh-cited"' if h.id in cited else ""
        tds = "".join(f'<td class="{c.css}">{cell(h, c.key, terms)}</td>' for c in columns)
        body.append(f'<tr data-id="{esc(h.id)}" title="{esc(h.id)}"{css}>{tds}</tr>')
    ident = f' id="{elem_id}"' if elem_id else ""
    return (f'<table class="kh-table"{ident}><colgroup>{head}</colgroup><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def field_name(field: str | None) -> str:
    """'lead+deadline' -> 'Đơn vị chủ trì + thời hạn' (qa/data/labels.tsv, the one table of names)."""
    from kehoach.qa.render import labels

    names = [labels().get(f"field:{f}", f) for f in (field or "search").split("+")]
    text = " + ".join(names)
    return text[:1].upper() + text[1:]


def chips_html(chips: list[tuple[str, str]]) -> str:
    """How the question was read, as chips: 'đơn vị: Phòng Kinh tế', 'vai trò: chủ trì (mặc định)'."""
    if not chips:
        return ""
    items = "".join(f'<span class="kh-chip"><b>{esc(k)}</b> {esc(v)}</span>' for k, v in chips)
    return f'<div class="kh-chips" title="Đổi bộ lọc bên dưới rồi hỏi lại để đọc khác đi">{items}</div>'


def bars_html(counts: list[tuple[str, int]]) -> str:
    """A small bar chart in HTML (nothing fetched): one bar per plan or per unit."""
    if len(counts) < 2:
        return ""
    top = max(n for _, n in counts) or 1
    rows = "".join(f'<div class="kh-chart-row"><span class="kh-chart-label">{esc(name)}</span>'
                   f'<span class="kh-chart-bar" style="width:{100 * n / top:.0f}%"></span><span class="kh-chart-n">{n}</span></div>'
                   for name, n in counts[:MAX_BARS])
    more = f'<div class="kh-note">… và {len(counts) - MAX_BARS} mục khác</div>' if len(counts) > MAX_BARS else ""
    return f'<div class="kh-chart">{rows}{more}</div>'


def answer_html(field: str | None, sentence: str, marked: bool, chips: list[tuple[str, str]] = (),
                counts: list[tuple[str, int]] = (), confidence: str = "high") -> str:
    """The answer sentence (it carries its own citations) under the name of the field asked, the
    reading as chips, and for counts and rankings a bar per plan or unit."""
    note = '<div class="kh-note">Các dòng làm căn cứ được tô màu trong bảng.</div>' if marked else ""
    badge = '<span class="kh-badge">chưa chắc chắn</span>' if confidence == "tentative" else ""
    bars = bars_html(list(counts)) if field in ("count", "rank", "list", "communes") else ""
    return (f'<div class="kh-answer"><div class="kh-field">{esc(field_name(field))}{badge}</div>'
            f'<div class="kh-sentence">{esc(sentence)}</div>{chips_html(list(chips))}{bars}{note}</div>')


def empty(text: str) -> str:
    return f'<p class="kh-empty">{esc(text)}</p>'


def shorten(text: str | None, limit: int) -> str:
    """Display text (tags off, normalised) cut to `limit` (corpus.clean.shorten)."""
    return cut(normalize(re.sub(r"<[^>]+>", "", text or "")), limit)


def row_label(hit: Hit) -> str:
    row = hit.row
    task = shorten(row.task, 70)
    where = " · ".join(str(v) for v in (row.commune, f"STT {row.stt}" if row.stt else None) if v)
    return f"#{hit.rank} {where} — {task}"


def similar_html(source: Hit, similar: list[Hit]) -> str:
    """The similar rows of other communes side by side: one column per commune."""
    src = source.row
    head = (f'<div class="kh-source"><b>Nhiệm vụ gốc</b> ({esc(src.commune or "?")}): '
            f'{esc(src.task)} — chủ trì: {esc(src.lead or "—")}</div>')
    if not similar:
        return head + empty("Không có nhiệm vụ tương tự ở xã khác.")
    by_commune: dict[str, list[Hit]] = {}
    for h in similar:
        group = by_commune.setdefault(h.row.commune or "(không rõ xã)", [])
        if len(group) < SIMILAR_PER_COMMUNE:
            group.append(h)
    cols = []
    for commune, hits in by_commune.items():
        cards = "".join(
            f'<div class="kh-card" data-id="{esc(h.id)}">{esc(h.row.task)}'
            f'<div class="kh-meta">Chủ trì: {esc(h.row.lead or "—")} · Thời hạn: {esc(h.row.deadline or "—")}'
            f' · điểm {h.score:.2f}</div></div>' for h in hits)
        cols.append(f'<div class="kh-col"><h4>{esc(commune)}</h4>{cards}</div>')
    return head + f'<div class="kh-grid">{"".join(cols)}</div>'


def compare_html(found: list[Hit], missing: list[str]) -> str:
    rows = table(found, COMPARE_COLUMNS, elem_id="compare-table")
    none = "".join(f'<tr class="kh-none" data-commune="{esc(c)}"><td>{esc(c)}</td>'
                   f'<td colspan="4">chưa có nhiệm vụ phù hợp</td></tr>' for c in missing)
    return rows.replace("</tbody>", none + "</tbody>")


def status(text: str, level: str = "info") -> str:
    icon = {"info": "", "warn": "⚠️ ", "error": "❌ "}[level]
    return f"{icon}{text}"


def files_html(results: list[tuple[str, bool, str]]) -> str:
    """The upload report: one line per file, (name, success, message)."""
    lines = "".join(
        f'<tr><td>{esc(name)}</td><td class="{"kh-ok" if ok else "kh-err"}">{esc(text)}</td></tr>'
        for name, ok, text in results)
    return (f'<table class="kh-table kh-files"><colgroup><col style="width:35%"><col style="width:65%">'
            f'</colgroup><thead><tr><th>Tệp</th><th>Kết quả</th></tr></thead><tbody>{lines}</tbody></table>')
