"""The web app: ask in Vietnamese, narrow by commune or unit, compare communes, add plans, download.

    kehoach serve                      # http://127.0.0.1:7860
    python -c "import ui; ui.serve()"

One `Index` is shared by every browser session; reads and writes go through one lock (an
add/remove rebuilds the index's arrays, which a concurrent search must not see half-done).
Everything is served from this machine: system fonts, no analytics, no CDN.
"""
from __future__ import annotations

import functools
import html
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402  (after the analytics switch)

from corpus.normalize import fold, normalize  # noqa: E402
from kehoach.frames import rows_frame  # noqa: E402
from qa.answer import renumber  # noqa: E402

__all__ = ["build_app", "serve", "launch", "parse_auth", "THEME", "CSS"]

log = logging.getLogger("kehoach.ui")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
CONCURRENCY = 4  # requests served at once; the rest wait in Gradio's queue
MAX_UPLOAD = "50mb"

EXAMPLES = [
    "ai chủ trì số hóa hộ tịch",
    "ai chu tri so hoa ho tich",
    "Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?",
    "khi nào phải xong giáo dục STEM ở Nghĩa Thọ",
]
COMPARE_EXAMPLES = ["số hóa hộ tịch", "giáo dục STEM", "chữ ký số", "phong trào thi đua đổi mới sáng tạo"]
KINDS = [("Tất cả", "all"), ("Nhiệm vụ trong bảng", "task"), ("Đoạn văn kế hoạch", "narrative")]
ROLES = [("Chủ trì hoặc phối hợp", "any"), ("Chủ trì", "lead"), ("Phối hợp", "partner")]
ANY_UNIT = ""  # the unit dropdown's "no filter" value
UPLOAD_TYPES = [".docx", ".pdf", ".txt", ".md", ".xlsx", ".csv"]
SOURCE_CHARS = 90  # of the document · section line under a task
SIMILAR_K = 12  # similar rows fetched; shown grouped by commune, at most SIMILAR_PER_COMMUNE each
SIMILAR_PER_COMMUNE = 3
FIELD_NAMES = {"lead": "Đơn vị chủ trì", "partners": "Đơn vị phối hợp", "deadline": "Thời hạn",
               "output": "Sản phẩm", "list": "Danh sách nhiệm vụ", "count": "Số nhiệm vụ",
               "search": "Tìm kiếm"}

THEME = gr.themes.Default(
    primary_hue="blue", neutral_hue="slate",
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
)

CSS = """
.kh-bar {align-items: flex-end;}
.kh-bar > button {align-self: flex-end; height: 44px; margin-bottom: 10px;}
.kh-downloads {justify-content: flex-end;}
#kh-header h1 {margin: 0 0 2px 0; font-size: 1.55rem;}
#kh-header p {margin: 0; color: var(--body-text-color-subdued);}
.kh-answer {border-left: 4px solid var(--color-accent); padding: 10px 14px; background: var(--background-fill-secondary);
  border-radius: 6px;}
.kh-answer .kh-field {font-size: .8rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--body-text-color-subdued);}
.kh-answer .kh-sentence {font-size: 1.12rem; font-weight: 600; margin: 2px 0 6px 0;}
.kh-answer .kh-note {font-size: .82rem; color: var(--body-text-color-subdued);}
.kh-empty {color: var(--body-text-color-subdued); font-style: italic;}
.kh-table {width: 100%; border-collapse: collapse; table-layout: fixed; font-size: .9rem; border: 0 !important;}
.kh-table th, .kh-table td {border-left: 0 !important; border-right: 0 !important;}
.kh-table th {text-align: left; background: var(--background-fill-secondary); font-weight: 600;
  padding: 6px 8px; border-bottom: 2px solid var(--border-color-primary);}
.kh-table td {padding: 6px 8px; vertical-align: top; border-bottom: 1px solid var(--border-color-primary);
  overflow-wrap: anywhere;}
.kh-table tr.kh-cited td {background: rgba(250, 204, 21, .10);}
.kh-table td.kh-num {text-align: right; font-variant-numeric: tabular-nums;}
.kh-table .kh-src {display: block; font-size: .78rem; color: var(--body-text-color-subdued); margin-top: 2px;}
.kh-table tr.kh-none td {color: var(--body-text-color-subdued); font-style: italic;}
.kh-badge {display: inline-block; font-size: .7rem; padding: 0 5px; border-radius: 4px; margin-left: 4px;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);}
mark {background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px;}
.kh-grid {display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px;}
.kh-col h4 {margin: 0 0 6px 0;}
.kh-card {border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 8px 10px;
  margin-bottom: 8px; font-size: .88rem;}
.kh-card .kh-meta {color: var(--body-text-color-subdued); font-size: .8rem; margin-top: 4px;}
.kh-source {margin-bottom: 10px; font-size: .92rem;}
.kh-files td:first-child {font-family: var(--font-mono); font-size: .82rem;}
.kh-ok {color: #15803d; font-weight: 600;} .kh-err {color: #b91c1c; font-weight: 600;}
"""


# ---- presentation: pure functions from data to HTML --------------------------------------
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
        return word in self.exact or fold(word) in self.loose

    @property
    def size(self) -> int:
        return len(self.exact) + len(self.loose)


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
                and (fold(prev.group(0).lower()), fold(w.group(0).lower())) in terms.pairs):
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


def cell(hit: dict, key: str, terms: Terms) -> str:
    value = hit.get(key)
    if key == "score":
        return f"{float(value):.2f}" if value is not None else ""
    if key == "task":
        source = " · ".join(esc(shorten(v, SOURCE_CHARS)) for v in (hit.get("doc"), hit.get("section")) if v)
        badge = '<span class="kh-badge">đoạn văn</span>' if hit.get("kind") == "narrative" else ""
        return f"{highlight(value, terms)}{badge}<span class=\"kh-src\">{source}</span>"
    return esc(value) if value not in (None, "") else "—"


def table(hits: list[dict], columns: Iterable[Column], terms: Terms = Terms(), cited: set[str] = frozenset(),
          elem_id: str = "") -> str:
    columns = list(columns)
    head = "".join(f'<col style="width:{c.width}">' for c in columns)
    ths = "".join(f"<th>{esc(c.header)}</th>" for c in columns)
    body = []
    for h in hits:
        css = ' class="kh-cited"' if h.get("id") in cited else ""
        tds = "".join(f'<td class="{c.css}">{cell(h, c.key, terms)}</td>' for c in columns)
        body.append(f'<tr data-id="{esc(h.get("id"))}" title="{esc(h.get("id"))}"{css}>{tds}</tr>')
    ident = f' id="{elem_id}"' if elem_id else ""
    return (f'<table class="kh-table"{ident}><colgroup>{head}</colgroup><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def answer_html(field: str | None, sentence: str, marked: bool) -> str:
    """The answer sentence (it carries its own citations) under the name of the field asked."""
    note = '<div class="kh-note">Các dòng làm căn cứ được tô màu trong bảng.</div>' if marked else ""
    return (f'<div class="kh-answer"><div class="kh-field">{esc(FIELD_NAMES.get(field or "search", field))}</div>'
            f'<div class="kh-sentence">{esc(sentence)}</div>{note}</div>')


def empty(text: str) -> str:
    return f'<p class="kh-empty">{esc(text)}</p>'


def shorten(text: str | None, limit: int) -> str:
    text = normalize(re.sub(r"<[^>]+>", "", text or ""))
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def row_label(hit: dict) -> str:
    task = shorten(hit.get("task"), 70)
    where = " · ".join(str(v) for v in (hit.get("commune"), f"STT {hit['stt']}" if hit.get("stt") else None) if v)
    return f"#{hit.get('rank', '')} {where} — {task}"


def similar_html(source: dict, similar: list[dict]) -> str:
    """The similar rows of other communes side by side: one column per commune."""
    head = (f'<div class="kh-source"><b>Nhiệm vụ gốc</b> ({esc(source.get("commune") or "?")}): '
            f'{esc(source.get("task"))} — chủ trì: {esc(source.get("lead") or "—")}</div>')
    if not similar:
        return head + empty("Không có nhiệm vụ tương tự ở xã khác.")
    by_commune: dict[str, list[dict]] = {}
    for h in similar:
        group = by_commune.setdefault(h.get("commune") or "(không rõ xã)", [])
        if len(group) < SIMILAR_PER_COMMUNE:
            group.append(h)
    cols = []
    for commune, hits in by_commune.items():
        cards = "".join(
            f'<div class="kh-card" data-id="{esc(h["id"])}">{esc(h.get("task"))}'
            f'<div class="kh-meta">Chủ trì: {esc(h.get("lead") or "—")} · Thời hạn: {esc(h.get("deadline") or "—")}'
            f' · điểm {float(h.get("score") or 0):.2f}</div></div>' for h in hits)
        cols.append(f'<div class="kh-col"><h4>{esc(commune)}</h4>{cards}</div>')
    return head + f'<div class="kh-grid">{"".join(cols)}</div>'


def compare_html(found: list[dict], missing: list[str]) -> str:
    rows = table(found, COMPARE_COLUMNS, elem_id="compare-table")
    none = "".join(f'<tr class="kh-none" data-commune="{esc(c)}"><td>{esc(c)}</td>'
                   f'<td colspan="4">chưa có nhiệm vụ phù hợp</td></tr>' for c in missing)
    return rows.replace("</tbody>", none + "</tbody>")


def status(text: str, level: str = "info") -> str:
    icon = {"info": "", "warn": "⚠️ ", "error": "❌ "}[level]
    return f"{icon}{text}"


# ---- exports -----------------------------------------------------------------------------
def hits_frame(hits: list[dict]):
    """Hits as a spreadsheet-friendly DataFrame: rank, score, then the export keys (lists joined)."""
    from corpus.rows import Row

    frame = rows_frame([Row.from_dict(h) for h in hits])
    frame.insert(0, "score", [h.get("score") for h in hits])
    frame.insert(0, "rank", [h.get("rank") for h in hits])
    return frame


def write_exports(hits: list[dict], folder: Path) -> tuple[str, str]:
    """CSV (UTF-8 with BOM, so Excel reads the accents) and XLSX of the hits, in a fresh subfolder."""
    prune(folder)
    out = folder / uuid.uuid4().hex
    out.mkdir(parents=True)
    frame = hits_frame(hits)
    csv_path, xlsx_path = out / "ket-qua.csv", out / "ket-qua.xlsx"
    frame.to_csv(csv_path, index=False, encoding="utf-8-sig")
    frame.to_excel(xlsx_path, index=False, sheet_name="ket_qua")
    return str(csv_path), str(xlsx_path)


def prune(folder: Path, max_age: float = 3600.0) -> None:
    """Drop export folders older than `max_age` seconds (Gradio keeps its own copies)."""
    limit = time.time() - max_age
    for sub in folder.glob("*"):
        try:
            if sub.is_dir() and sub.stat().st_mtime < limit:
                shutil.rmtree(sub, ignore_errors=True)
        except OSError:
            pass


# ---- handlers ----------------------------------------------------------------------------
class UserError(Exception):
    """A problem the user can fix; shown as is."""


# What the user is told before the error's own text, by exception type (first match wins).
ERROR_PREFIXES = (
    (KeyError, "Không tìm thấy"),
    (ValueError, "Dữ liệu nhập không hợp lệ"),
    (OSError, "Không đọc/ghi được tệp"),
)


def guarded(n_outputs: int) -> Callable:
    """Run a handler; on failure show a Vietnamese message (first output is the status) and leave
    the other outputs as they were.  No traceback reaches the page; it goes to the server log."""

    def deco(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except UserError as e:
                msg = status(str(e), "warn")
            except Exception as e:  # noqa: BLE001 - the page must get a message, not a stack
                log.exception("handler %s failed", fn.__name__)
                prefix = next((text for kind, text in ERROR_PREFIXES if isinstance(e, kind)), None)
                msg = status(f"{prefix or 'Có lỗi khi xử lý yêu cầu'}: {e}", "error")
            gr.Warning(msg, title="Chú ý")
            return msg if n_outputs == 1 else (msg, *[gr.skip()] * (n_outputs - 1))

        return wrapper

    return deco


def ask_answer(question: str, index, k: int):
    """The extractive qa answer (imported lazily so the page module stays light); the optional
    LLM wording is left to `reworded`, which runs outside the index lock."""
    from qa.answer import ask

    return ask(question, index=index, k=k, generate=False)


def reworded(answer):
    """The answer worded by the configured LLM endpoint, if any (a slow call: no lock held)."""
    from qa.generate import reword

    return reword(answer)


class App:
    """Holds the shared index, its locks and the export folder; its methods are the event handlers.

    Reads (ask, search, similar, compare) take `lock`, briefly.  Changes (upload, remove) are
    copy-on-write: they run on a fresh copy of the index under `write_lock` only — parsing and
    embedding an upload can take minutes and must not stop other users' questions — and the
    saved copy is swapped in under `lock` at the end.
    """

    def __init__(self, index, workdir: str | Path | None = None):
        self.index = index
        self.lock = threading.RLock()
        self.write_lock = threading.Lock()
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="kehoach-ui-"))
        self.workdir.mkdir(parents=True, exist_ok=True)

    # -- choices that change when documents are added or removed
    def info(self) -> str:
        with self.lock:
            rows = self.index.rows
            docs = len({r.doc for r in rows})
            communes = len(self.index.communes())
        return f"Chỉ mục: **{len(rows)}** dòng từ **{docs}** tài liệu, **{communes}** xã."

    def commune_choices(self) -> list[str]:
        with self.lock:
            return self.index.communes()

    def unit_choices(self) -> list[tuple[str, str]]:
        with self.lock:
            return [("Mọi đơn vị", ANY_UNIT)] + [(u, u) for u in self.index.units()]

    def doc_choices(self) -> list[str]:
        with self.lock:
            return sorted({r.doc for r in self.index.rows})

    def refreshed(self) -> tuple:
        """Updates for the commune, unit and document pickers and the info line."""
        return (gr.update(choices=self.commune_choices()), gr.update(choices=self.unit_choices()),
                gr.update(choices=self.doc_choices(), value=[]), self.info())

    # -- ask & search
    def search(self, question: str, communes: list[str] | None, unit: str | None, role: str, kind: str,
               k: float) -> tuple:
        """Outputs: status, answer, results table, row picker, CSV, XLSX."""
        question = (question or "").strip()
        if not re.search(r"\w", question):
            raise UserError("Hãy nhập câu hỏi, ví dụ: “ai chủ trì số hóa hộ tịch”.")
        k = int(k)
        filters = {key: value for key, value in (
            ("commune", communes or None), ("unit", unit or None),
            ("kind", None if kind in (None, "", "all") else kind)) if value}
        if "unit" in filters:
            filters["role"] = role or "any"
        started = time.perf_counter()
        with self.lock, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            answer = ask_answer(scoped_question(question, communes, self.index.communes()), self.index, k)
            rows = table_rows(answer, self.index, filters, k)
        answer = reworded(answer)
        notes = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        cited = cited_ids(answer)
        topic = getattr(answer.intent, "topic", None) or question
        msg = f"{len(rows)} dòng · {time.perf_counter() - started:.2f} giây"
        if filters:
            msg += " · bảng đã áp dụng bộ lọc"
        if notes:
            msg += " · " + "; ".join(notes)
        answer_block = answer_html(answer.field, answer.answer, bool(cited & {h["id"] for h in rows}))
        if not rows:
            return (status(msg), answer_block, empty("Không có dòng nào khớp với câu hỏi và bộ lọc."),
                    gr.update(choices=[], value=None), None, None)
        csv_path, xlsx_path = write_exports(rows, self.workdir)
        choices = [(row_label(h), h["id"]) for h in rows]
        return (status(msg), answer_block, table(rows, RESULT_COLUMNS, query_terms(topic), cited, "results-table"),
                gr.update(choices=choices, value=rows[0]["id"]), csv_path, xlsx_path)

    def similar(self, row_id: str | None) -> str:
        if not row_id:
            return empty("Chọn một nhiệm vụ trong kết quả để xem nhiệm vụ tương tự ở các xã khác.")
        with self.lock:
            source, hits = self.index.similar_hits(row_id, SIMILAR_K, other_communes=True)
        return similar_html(source, hits)

    def compare(self, topic: str, threshold: float) -> tuple:
        """Outputs: status, table.  For each commune its best row for the topic, when it scores enough."""
        topic = (topic or "").strip()
        if not re.search(r"\w", topic):
            raise UserError("Hãy nhập một chủ đề, ví dụ: “số hóa hộ tịch”.")
        found, missing = [], []
        with self.lock:
            communes = self.index.communes()
            best = self.index.best_per_commune(topic)
        for commune in communes:
            hit = best.get(commune)
            if hit and float(hit["score"]) >= threshold:
                found.append(hit)
            else:
                missing.append(commune)
        found.sort(key=lambda h: -float(h["score"]))
        total = len(found) + len(missing)
        msg = f"**{len(found)}/{total}** xã có nhiệm vụ phù hợp."
        if missing:
            msg += " Chưa có: " + ", ".join(missing) + "."
        return status(msg), compare_html(found, missing)

    # -- documents
    def add(self, files: list | None, progress=gr.Progress()) -> tuple:
        """Outputs: status, per-file results, commune/unit/document pickers, info line."""
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            raise UserError("Hãy chọn ít nhất một tệp (.docx, .pdf, .txt, .md, .xlsx, .csv).")
        results = []
        for path in progress.tqdm(paths, desc="Đang thêm tài liệu"):
            results.append(self._add_one(path))
        lines = "".join(
            f'<tr><td>{esc(name)}</td><td class="{"kh-ok" if ok else "kh-err"}">{esc(text)}</td></tr>'
            for name, ok, text in results)
        report = (f'<table class="kh-table kh-files"><colgroup><col style="width:35%"><col style="width:65%">'
                  f'</colgroup><thead><tr><th>Tệp</th><th>Kết quả</th></tr></thead><tbody>{lines}</tbody></table>')
        ok = sum(1 for _, good, _ in results if good)
        return (status(f"Đã thêm {ok}/{len(results)} tệp."), report, *self.refreshed())

    def _add_one(self, path: Path) -> tuple[str, bool, str]:
        """(file name, success, Vietnamese message) for one uploaded file."""
        name = path.name
        if path.suffix.lower() not in UPLOAD_TYPES:
            return name, False, f"Không hỗ trợ định dạng “{path.suffix or 'không có đuôi'}” (chỉ {', '.join(UPLOAD_TYPES)})."
        results = self._change(lambda index: index.add([path]))
        done = [r for r in results if r.ok]
        if done and done[0].rows:
            replaced = " (thay cho bản đã có)" if done[0].replaced else ""
            return name, True, f"{done[0].rows} dòng đã được đưa vào chỉ mục{replaced}."
        errors = " ".join(r.error for r in results if not r.ok)
        return name, False, f"Không đọc được: {errors if not done else 'không tìm thấy nhiệm vụ nào'}"

    def _change(self, change):
        """Apply `change` to a fresh copy of the index (it persists itself), then swap it in."""
        with self.write_lock:
            fresh = self.index.reloaded()
            result = change(fresh)
            with self.lock:
                self.index = fresh
        return result

    def remove(self, docs: list[str] | None) -> tuple:
        """Outputs: status, per-file results, commune/unit/document pickers, info line."""
        if not docs:
            raise UserError("Hãy chọn tài liệu cần gỡ khỏi chỉ mục.")
        removed = self._change(lambda index: index.remove(list(docs)))
        return (status(f"Đã gỡ {len(docs)} tài liệu ({removed} dòng)."), "", *self.refreshed())


def scoped_question(question: str, communes: list[str] | None, known: list[str]) -> str:
    """The question with the commune filter said in words ("… ở Nghĩa Thọ, Ninh Giang") when it
    names no commune itself, so the answer, not only the table, keeps to the chosen communes."""
    if not communes or any(fold(c) in fold(question) for c in known):
        return question
    return f"{question.rstrip(' ?.')} ở {', '.join(communes)}"


SET_FIELDS = ("count", "list")  # answered from a set of rows: the table is that set


def table_rows(answer, index, filters: dict, k: int) -> list[dict]:
    """The rows under the answer: the answer's own rows (cited first) when no filter is set;
    with filters, the cited rows that pass them, then a search of the question's topic with
    the filters (and the commune/year the question names, unless a filter overrides them)."""
    if answer.field in SET_FIELDS:
        rows = list(answer.hits)
        if filters:
            keep = {r.id for r in index.filter_rows(**filters)}
            rows = [h for h in rows if h["id"] in keep]
        return renumber(rows)
    if not filters and answer.hits:
        return renumber(answer.hits)
    intent = answer.intent
    scoped = dict(filters)
    if intent is not None:
        if intent.communes and "commune" not in scoped:
            scoped["commune"] = intent.communes
        if intent.year is not None:
            scoped["year"] = intent.year
    topic = (getattr(intent, "topic", "") or "").strip() or answer.question
    hits = index.hits(topic, k, **scoped)
    allowed = {h["id"] for h in hits} | ({r.id for r in index.filter_rows(**filters)} if filters else set())
    cited = cited_ids(answer)
    head = [h for h in answer.hits if h["id"] in cited and h["id"] in allowed]
    seen = {h["id"] for h in head}
    return renumber(head + [h for h in hits if h["id"] not in seen])[:max(k, len(head))]


def cited_ids(answer) -> set[str]:
    """Ids of the rows the answer rests on (marked in the table)."""
    if not answer.values or not answer.hits:
        return set()
    if answer.field in SET_FIELDS:
        return {h["id"] for h in answer.hits}
    column = getattr(answer.intent, "column", None)
    if answer.field == "search" or not column:
        return {answer.hits[0]["id"]}
    values = {fold(v) for v in answer.values}
    return {h["id"] for h in answer.hits if fold(normalize(h.get(column))) in values}


# ---- the page ----------------------------------------------------------------------------
def build_app(index) -> gr.Blocks:
    """The Blocks app over a loaded `Index` (shared by all sessions)."""
    app = App(index)
    with gr.Blocks(title="Tra cứu kế hoạch Nghị quyết 57", analytics_enabled=False,
                   delete_cache=(3600, 7200)) as demo:
        with gr.Row(elem_id="kh-header"):
            gr.HTML("<h1>Tra cứu kế hoạch thực hiện Nghị quyết 57-NQ/TW</h1>"
                    "<p>Hỏi bằng tiếng Việt, có dấu hoặc không dấu: ai chủ trì, ai phối hợp, khi nào xong, "
                    "bao nhiêu nhiệm vụ…</p>")
        info = gr.Markdown(app.info(), elem_id="info")
        with gr.Tabs():
            with gr.Tab("Hỏi đáp và tìm kiếm", id="ask"):
                with gr.Row(elem_classes="kh-bar"):
                    question = gr.Textbox(label="Câu hỏi", placeholder="Ví dụ: ai chủ trì số hóa hộ tịch",
                                          scale=6, lines=1, max_lines=3, autofocus=True, elem_id="question")
                    ask_button = gr.Button("Hỏi", variant="primary", scale=0, min_width=120, elem_id="ask-button")
                gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")
                with gr.Accordion("Bộ lọc", open=False, elem_id="filters"):
                    with gr.Row():
                        communes = gr.Dropdown(app.commune_choices(), value=[], multiselect=True, label="Xã",
                                               info="Để trống: mọi xã", elem_id="filter-communes")
                        unit = gr.Dropdown(app.unit_choices(), value=ANY_UNIT, label="Đơn vị",
                                           info="Tên chuẩn hóa của đơn vị", elem_id="filter-unit")
                        role = gr.Radio(ROLES, value="any", label="Vai trò của đơn vị")
                    with gr.Row():
                        kind = gr.Radio(KINDS, value="all", label="Loại dòng")
                        k = gr.Slider(1, 50, value=10, step=1, label="Số kết quả")
                ask_status = gr.Markdown(elem_id="status")
                answer = gr.HTML(empty("Câu trả lời sẽ hiện ở đây."), elem_id="answer")
                results = gr.HTML(elem_id="results")
                with gr.Row(elem_classes="kh-downloads"):
                    csv_file = gr.DownloadButton("Tải kết quả (CSV)", size="sm", scale=0, min_width=180,
                                                 elem_id="download-csv")
                    xlsx_file = gr.DownloadButton("Tải kết quả (Excel)", size="sm", scale=0, min_width=180,
                                                  elem_id="download-xlsx")
                gr.Markdown("### Nhiệm vụ tương tự ở xã khác")
                pick = gr.Dropdown([], value=None, label="Chọn một nhiệm vụ trong kết quả", elem_id="pick")
                similar = gr.HTML(app.similar(None), elem_id="similar")

            with gr.Tab("So sánh giữa các xã", id="compare"):
                gr.Markdown("Với một chủ đề, mỗi xã có nhiệm vụ nào phù hợp nhất, ai chủ trì, "
                            "thời hạn khi nào — và xã nào chưa có.")
                with gr.Row(elem_classes="kh-bar"):
                    topic = gr.Textbox(label="Chủ đề", placeholder="Ví dụ: số hóa hộ tịch", scale=5,
                                       elem_id="topic")
                    threshold = gr.Slider(0, 1, value=compare_threshold(), step=0.05, scale=2,
                                          label="Điểm tối thiểu", info="Thấp hơn: coi như xã chưa có",
                                          elem_id="threshold")
                    compare_button = gr.Button("So sánh", variant="primary", scale=0, min_width=120,
                                               elem_id="compare-button")
                gr.Examples(COMPARE_EXAMPLES, inputs=topic, label="Chủ đề mẫu")
                compare_status = gr.Markdown(elem_id="compare-status")
                compare_out = gr.HTML(elem_id="compare")

            with gr.Tab("Thêm kế hoạch", id="upload"):
                gr.Markdown("Thêm kế hoạch của xã (.docx, .pdf, .txt, .md, .xlsx, .csv). Một tệp đã có "
                            "(cùng tên) sẽ được thay bằng bản mới.")
                add_button = gr.UploadButton("Chọn tệp và thêm vào chỉ mục", file_count="multiple",
                                             file_types=UPLOAD_TYPES, variant="primary", elem_id="add-button")
                add_status = gr.Markdown(elem_id="add-status")
                add_report = gr.HTML(elem_id="add-report")
                with gr.Accordion("Gỡ tài liệu khỏi chỉ mục", open=False):
                    docs = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label="Tài liệu")
                    remove_button = gr.Button("Gỡ", variant="stop", size="sm")

        search_inputs = [question, communes, unit, role, kind, k]
        search_outputs = [ask_status, answer, results, pick, csv_file, xlsx_file]
        gr.on([ask_button.click, question.submit], guarded(len(search_outputs))(app.search),
              inputs=search_inputs, outputs=search_outputs, api_name="ask",
              ).then(guarded(1)(app.similar), inputs=pick, outputs=similar, api_name=False)
        pick.input(guarded(1)(app.similar), inputs=pick, outputs=similar, api_name="similar")
        gr.on([compare_button.click, topic.submit], guarded(2)(app.compare), inputs=[topic, threshold],
              outputs=[compare_status, compare_out], api_name="compare")
        doc_outputs = [add_status, add_report, communes, unit, docs, info]
        add_button.upload(guarded(len(doc_outputs))(app.add), inputs=add_button, outputs=doc_outputs, api_name=False,
                         concurrency_id="index-write", concurrency_limit=1)
        remove_button.click(guarded(len(doc_outputs))(app.remove), inputs=docs, outputs=doc_outputs,
                            api_name=False, concurrency_id="index-write", concurrency_limit=1)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.kehoach_app = app  # the handlers' state, for tests and embedding
    return demo


def compare_threshold() -> float:
    """The comparison's default cut: the score below which qa answers "the plans do not say"."""
    from qa.answer import NO_ANSWER_SCORE

    return float(NO_ANSWER_SCORE)


# ---- serving -----------------------------------------------------------------------------
def parse_auth(text: str | None) -> tuple[str, str] | None:
    """KEHOACH_AUTH="user:pass" -> ("user", "pass"); empty -> None; anything else -> ValueError."""
    if not text:
        return None
    user, sep, password = text.partition(":")
    if not sep or not user or not password:
        raise ValueError('KEHOACH_AUTH must look like "user:password"')
    return user, password


def launch(demo: gr.Blocks, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
           auth: tuple[str, str] | None = None, block: bool = True, quiet: bool = False):
    """Start the server with the offline settings (system fonts, no SSR/Node, no share link)."""
    return demo.launch(
        server_name=host, server_port=port, auth=auth,
        auth_message="Đăng nhập để dùng công cụ tra cứu kế hoạch." if auth else None,
        share=False, ssr_mode=False, pwa=False, mcp_server=False, show_error=False,
        max_file_size=MAX_UPLOAD, prevent_thread_lock=not block, quiet=quiet,
        footer_links=[], theme=THEME, css=CSS,
    )


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, index_dir=None, model=None,
          auth: tuple[str, str] | None = None) -> None:
    """Open the index (building it when missing, with a progress bar) and serve the app until stopped."""
    from index.search import Index

    index = Index.open(index_dir, model, progress=True)
    launch(build_app(index), host, port, auth)
