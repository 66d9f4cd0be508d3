"""The app's state and event handlers: one shared index, its locks, exports, uploads.

Handlers return HTML from kehoach.app.render; a handler that fails shows a Vietnamese message
(`guarded`) instead of a stack trace.
"""
from __future__ import annotations

import functools
import logging
import re
import shutil
import tempfile
import threading
import time
import uuid
import warnings
import weakref
from pathlib import Path
from typing import Callable

import gradio as gr

from kehoach.app.messages import document_error_vi
from kehoach.app.render import (
    RESULT_COLUMNS,
    answer_html,
    compare_html,
    empty,
    files_html,
    query_terms,
    row_label,
    similar_html,
    status,
    table,
)
from kehoach.corpus.normalize import fold, normalize
from kehoach.corpus.readers import SUPPORTED
from kehoach.frames import rows_frame
from kehoach.index.hits import Hit, renumber
from kehoach.qa.intent import SET_FIELDS

log = logging.getLogger("kehoach.app")

ANY_UNIT = ""  # the unit dropdown's "no filter" value
UPLOAD_TYPES = list(SUPPORTED)  # every format the corpus readers read
SIMILAR_K = 12  # similar rows fetched; shown grouped by commune


# ---- exports -----------------------------------------------------------------------------
def hits_frame(hits: list[Hit]):
    """Hits as a spreadsheet-friendly DataFrame: rank, score, then the export keys (lists joined)."""
    frame = rows_frame([h.row for h in hits])
    frame.insert(0, "score", [h.score for h in hits])
    frame.insert(0, "rank", [h.rank for h in hits])
    return frame


EXPORT_FORMATS = ("csv", "xlsx")


def write_export(hits: list[Hit], folder: Path, fmt: str) -> str:
    """The hits as CSV (UTF-8 with BOM, so Excel reads the accents) or XLSX, in a fresh subfolder.
    Written when the user asks for the download, not with every answer (an XLSX costs ~40 ms)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"export format must be csv or xlsx, not {fmt!r}")
    prune(folder)
    out = folder / uuid.uuid4().hex
    out.mkdir(parents=True)
    frame = hits_frame(hits)
    path = out / f"ket-qua.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        frame.to_excel(path, index=False, sheet_name="ket_qua")
    return str(path)


def shown(hits: list[Hit]) -> list[dict]:
    """What the results table showed, kept in the page for the downloads."""
    return [{"id": h.id, "rank": h.rank, "score": h.score, "dense": h.dense} for h in hits]


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
    from kehoach.qa.answer import ask

    return ask(question, index=index, k=k, generate=False)


def reworded(answer):
    """The answer worded by the configured LLM endpoint, if any (a slow call: no lock held)."""
    from kehoach.qa.generate import reword

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
        # a folder this run made is removed when the app is closed or the process exits
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.workdir), True) if workdir is None else None

    def close(self) -> None:
        """Remove the export folder this app made (a folder it was given is the caller's)."""
        if self._cleanup is not None:
            self._cleanup()

    # -- choices that change when documents are added or removed
    def info(self) -> str:
        with self.lock:
            rows = self.index.rows
            docs = len({r.doc_key for r in rows})
            communes = len(self.index.communes())
        return f"Chỉ mục: **{len(rows)}** dòng từ **{docs}** tài liệu, **{communes}** xã."

    def commune_choices(self) -> list[str]:
        with self.lock:
            return self.index.communes()

    def unit_choices(self) -> list[tuple[str, str]]:
        with self.lock:
            return [("Mọi đơn vị", ANY_UNIT)] + [(u, u) for u in self.index.units()]

    def doc_choices(self) -> list[tuple[str, str]]:
        """(file name and commune, document key): two communes' files of one name are two choices."""
        with self.lock:
            return [(d.label, d.key) for d in sorted(self.index.documents(), key=lambda d: (d.name, d.label))]

    def refreshed(self) -> tuple:
        """Updates for the commune, unit and document pickers and the info line."""
        return (gr.update(choices=self.commune_choices()), gr.update(choices=self.unit_choices()),
                gr.update(choices=self.doc_choices(), value=[]), self.info())

    # -- ask & search
    def search(self, question: str, communes: list[str] | None, unit: str | None, role: str, kind: str,
               k: float) -> tuple:
        """Outputs: status, answer, results table, row picker, the rows shown (for the downloads),
        and the commune, unit and role filters, prefilled from how the question was read when the
        user left them empty (so the reading can be changed there and asked again)."""
        question = (question or "").strip()
        if not question:  # a question of emoji or signs only gets the answer's polite "no topic"
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
        answer_block = answer_html(answer.field, answer.answer, bool(cited & {h.id for h in rows}),
                                   answer.reading, answer.counts, answer.confidence)
        prefill = prefilled(answer.intent, communes, unit)
        if not rows:
            return (status(msg), answer_block, empty("Không có dòng nào khớp với câu hỏi và bộ lọc."),
                    gr.update(choices=[], value=None), [], *prefill)
        choices = [(row_label(h), h.id) for h in rows]
        return (status(msg), answer_block, table(rows, RESULT_COLUMNS, query_terms(topic), cited, "results-table"),
                gr.update(choices=choices, value=rows[0].id), shown(rows), *prefill)

    def export(self, last: list[dict] | None, fmt: str) -> str:
        """The file to download: the rows the table shows (`last`, from `search`), as CSV or XLSX."""
        if not last:
            raise UserError("Chưa có kết quả để tải: hãy hỏi trước.")
        with self.lock:
            hits = [Hit(self.index.row(d["id"]), d["rank"], d["score"], d.get("dense"))
                    for d in last if d["id"] in self.index.position]
        if not hits:
            raise UserError("Các dòng của kết quả này đã bị gỡ khỏi chỉ mục: hãy hỏi lại.")
        return write_export(hits, self.workdir, fmt)

    def similar(self, row_id: str | None) -> str:
        if not row_id:
            return empty("Chọn một nhiệm vụ trong kết quả để xem nhiệm vụ tương tự ở các xã khác.")
        with self.lock:
            source, hits = self.index.similar_hits(row_id, SIMILAR_K, other_communes=True)
        return similar_html(source, hits)

    def compare(self, topic: str, threshold: float) -> tuple:
        """Outputs: status, table.  For each commune its best row about the topic, decided as
        "xã nào có / chưa có nhiệm vụ về …" decides (the row says the topic, or scores >= threshold)."""
        from kehoach.qa.sets import per_commune

        topic = (topic or "").strip()
        if not re.search(r"\w", topic):
            raise UserError("Hãy nhập một chủ đề, ví dụ: “số hóa hộ tịch”.")
        with self.lock:
            best = per_commune(topic, self.index, threshold)
        found = [hit for hit in best.values() if hit is not None]
        missing = [commune for commune, hit in best.items() if hit is None]
        found.sort(key=lambda h: -h.score)
        total = len(found) + len(missing)
        msg = f"**{len(found)}/{total}** xã có nhiệm vụ phù hợp."
        if missing:
            msg += " Chưa có: " + ", ".join(missing) + "."
        return status(msg), compare_html(found, missing)

    # -- documents
    def add(self, files: list | None, progress=gr.Progress(track_tqdm=True)) -> tuple:
        """Outputs: status, per-file results, commune/unit/document pickers, info line."""
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            raise UserError(f"Hãy chọn ít nhất một tệp ({', '.join(UPLOAD_TYPES)}).")
        progress(0.05, desc="Đang đọc và đưa tài liệu vào chỉ mục")
        results = self._add_files(paths)
        report = files_html(results)
        ok = sum(1 for _, good, _ in results if good)
        return (status(f"Đã thêm {ok}/{len(results)} tệp."), report, *self.refreshed())

    def _add_files(self, paths: list[Path]) -> list[tuple[str, bool, str]]:
        """(file name, success, Vietnamese message) per uploaded file.  The files are parsed in a
        child process (corpus.isolated: capped memory and time), so whatever a file does to a
        parser, the app goes on; all of them go into the index in one change."""
        from kehoach.corpus.isolated import IsolatedReader

        wrong = {p: f"Không hỗ trợ định dạng “{p.suffix or 'không có đuôi'}” (chỉ {', '.join(UPLOAD_TYPES)})."
                 for p in paths if p.suffix.lower() not in UPLOAD_TYPES}
        readable = [p for p in paths if p not in wrong]
        done = {}
        if readable:
            with IsolatedReader() as reader:
                done = {Path(r.path): r for r in self._change(lambda index: index.add(readable, reader=reader))}
        out = []
        for p in paths:
            r = done.get(p)
            if p in wrong or r is None:
                out.append((p.name, False, wrong.get(p, "Không đọc được tệp.")))
            elif r.ok:
                replaced = " (thay cho bản đã có của cùng xã, cùng kế hoạch)" if r.replaced else ""
                # how its tables were read, so the user sees what went wrong (read again here: the
                # capped worker already read this file without harm)
                out.append((p.name, True, f"{r.rows} dòng đã được đưa vào chỉ mục{replaced}.{layout_summary(p)}"))
            else:
                out.append((p.name, False, document_error_vi(r.error)))
        return out

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


def layout_summary(path: Path) -> str:
    """' Bảng 1: 12 nhiệm vụ (TT → số thứ tự, …); Bảng 2: bỏ qua …' (corpus.layout), or ''."""
    from kehoach.corpus import DocumentError
    from kehoach.corpus.document import explain_document

    try:
        summary = explain_document(path)[1].summary()
    except (DocumentError, OSError):
        return ""
    return f" {summary}." if summary else ""


def scoped_question(question: str, communes: list[str] | None, known: list[str]) -> str:
    """The question with the commune filter said in words ("… ở Nghĩa Thọ, Ninh Giang") when it
    names no commune itself, so the answer, not only the table, keeps to the chosen communes."""
    if not communes or any(fold(c) in fold(question) for c in known):
        return question
    return f"{question.rstrip(' ?.')} ở {', '.join(communes)}"


def prefilled(q, communes: list[str] | None, unit: str | None) -> tuple:
    """Updates of the commune, unit and role filters from the reading of the question: only the
    filters the user left empty, and only with names the pickers offer."""
    if q is None:
        return gr.skip(), gr.skip(), gr.skip()
    commune_update = gr.update(value=list(q.communes)) if q.communes and not communes else gr.skip()
    if q.units and not unit:
        role = {"lead": "lead", "partner": "partner"}.get(q.role, "any")
        return commune_update, gr.update(value=q.units[0].name), gr.update(value=role)
    return commune_update, gr.skip(), gr.skip()


def table_rows(answer, index, filters: dict, k: int) -> list[Hit]:
    """The rows under the answer: the answer's own rows (cited first) when no filter is set;
    with filters, the cited rows that pass them, then a search of the question's topic with
    the filters (and the commune/year the question names, unless a filter overrides them)."""
    if answer.field in SET_FIELDS:
        rows = list(answer.hits)
        if filters:
            keep = {r.id for r in index.filter_rows(**filters)}
            rows = [h for h in rows if h.id in keep]
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
    allowed = {h.id for h in hits} | ({r.id for r in index.filter_rows(**filters)} if filters else set())
    cited = cited_ids(answer)
    head = [h for h in answer.hits if h.id in cited and h.id in allowed]
    seen = {h.id for h in head}
    return renumber(head + [h for h in hits if h.id not in seen])[:max(k, len(head))]


def cited_ids(answer) -> set[str]:
    """Ids of the rows the answer rests on (marked in the table)."""
    if not answer.values or not answer.hits:
        return set()
    if answer.field in SET_FIELDS:
        return {h.id for h in answer.hits}
    column = getattr(answer.intent, "column", None)
    if answer.field == "search" or not column:
        return {answer.hits[0].id}
    values = {fold(v) for v in answer.values}
    return {h.id for h in answer.hits if fold(normalize(getattr(h.row, column))) in values}
