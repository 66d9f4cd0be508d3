"""The page: Gradio Blocks over the handlers, and serving it offline on this machine.

One `Index` is shared by every browser session; reads and writes go through the handlers'
locks.  Everything is served from this machine: system fonts, no analytics, no CDN.
"""
from __future__ import annotations

import functools
import os
import shutil
import signal
import tempfile
from pathlib import Path

import gradio as gr  # analytics are off: kehoach/__init__.py set the switch before this import

from kehoach import settings
from kehoach.app.handlers import ANY_UNIT, UPLOAD_TYPES, App, guarded
from kehoach.app.render import empty

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# Questions served at once; the rest wait in Gradio's queue.  An answer is a few milliseconds of
# Python, so more at once mostly share the GIL, but fewer made a slow one (an uncached query, a
# worded answer from KEHOACH_LLM_URL) hold up everyone behind it (benchmarks/bench_load.py).
CONCURRENCY = 8
# Sessions whose page state Gradio keeps (~170 KB each: a copy of every component's config).
# Each API call without a session is a new one; 10,000 (Gradio's default) let memory grow by
# 330 MB over 2,000 such calls.
SESSIONS = 300

EXAMPLES = [
    "ai chủ trì số hóa hộ tịch",
    "ai chu tri so hoa ho tich",
    "Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?",
    "khi nào phải xong giáo dục STEM ở Nghĩa Thọ",
]
COMPARE_EXAMPLES = ["số hóa hộ tịch", "giáo dục STEM", "chữ ký số", "phong trào thi đua đổi mới sáng tạo"]
KINDS = [("Tất cả", "all"), ("Nhiệm vụ trong bảng", "task"), ("Đoạn văn kế hoạch", "narrative")]
ROLES = [("Chủ trì hoặc phối hợp", "any"), ("Chủ trì", "lead"), ("Phối hợp", "partner")]

THEME = gr.themes.Default(
    primary_hue="blue", neutral_hue="slate",
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
)

CSS = """
.kh-chips {display: flex; flex-wrap: wrap; gap: 4px; margin: 2px 0 6px 0;}
.kh-chip {font-size: .78rem; padding: 1px 8px; border-radius: 999px; border: 1px solid var(--border-color-primary);
  background: var(--background-fill-primary);}
.kh-chip b {font-weight: 600; color: var(--body-text-color-subdued); margin-right: 2px;}
.kh-chart {margin: 6px 0; max-width: 560px;}
.kh-chart-row {display: grid; grid-template-columns: 14em 1fr 3em; align-items: center; gap: 6px; font-size: .82rem;}
.kh-chart-label {overflow: hidden; text-overflow: ellipsis; white-space: nowrap;}
.kh-chart-bar {display: block; height: .8em; background: var(--color-accent); border-radius: 2px; min-width: 2px;}
.kh-chart-n {text-align: right; font-variant-numeric: tabular-nums;}
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
.kh-badge.kh-ocr {background: rgba(245, 158, 11, .15); border-color: rgba(245, 158, 11, .6); cursor: help;}
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


# ---- the page ----------------------------------------------------------------------------
def build_app(index, allow_changes: bool = True, workdir=None) -> gr.Blocks:
    """The Blocks app over a loaded `Index` (shared by all sessions).  `allow_changes=False`: no
    upload or remove at all (their handlers are not even registered) — the app served beyond
    this machine without a password (`kehoach serve --insecure`)."""
    app = App(index, workdir)
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
                # the rows the table shows, for the downloads: kept in the page (gr.State would hold a
                # heartbeat connection open per tab)
                shown = gr.JSON([], visible=False)
                with gr.Row(elem_classes="kh-downloads"):
                    csv_button = gr.Button("Tải kết quả (CSV)", size="sm", scale=0, min_width=180,
                                           elem_id="download-csv")
                    xlsx_button = gr.Button("Tải kết quả (Excel)", size="sm", scale=0, min_width=180,
                                            elem_id="download-xlsx")
                    download = gr.DownloadButton(visible="hidden", elem_id="download-file")
                gr.Markdown("### Nhiệm vụ tương tự ở xã khác")
                pick = gr.Dropdown([], value=None, label="Chọn một nhiệm vụ trong kết quả", elem_id="pick",
                                   allow_custom_value=True)  # an id is checked by the handler, not by
                # the session's copy of the choices (which is dropped when many sessions come and go)
                similar = gr.HTML(app.similar(None), elem_id="similar")

            with gr.Tab("So sánh giữa các xã", id="compare"):
                gr.Markdown("Với một chủ đề, mỗi xã có nhiệm vụ nào phù hợp nhất, ai chủ trì, "
                            "thời hạn khi nào — và xã nào chưa có.")
                with gr.Row(elem_classes="kh-bar"):
                    topic = gr.Textbox(label="Chủ đề", placeholder="Ví dụ: số hóa hộ tịch", scale=5,
                                       elem_id="topic")
                    threshold = gr.Slider(0, 1, value=compare_threshold(), step=0.05, scale=2,
                                          label="Điểm tối thiểu", info="Dòng không nêu đúng chủ đề mà điểm thấp hơn: coi như xã chưa có",
                                          elem_id="threshold")
                    compare_button = gr.Button("So sánh", variant="primary", scale=0, min_width=120,
                                               elem_id="compare-button")
                gr.Examples(COMPARE_EXAMPLES, inputs=topic, label="Chủ đề mẫu")
                compare_status = gr.Markdown(elem_id="compare-status")
                compare_out = gr.HTML(elem_id="compare")

            with gr.Tab("Thêm kế hoạch", id="upload"):
                if not allow_changes:
                    gr.Markdown("Thêm hoặc gỡ kế hoạch cần đăng nhập: người quản trị hãy chạy lại ứng dụng "
                                "với KEHOACH_AUTH=\"tên:mật khẩu\".")
                gr.Markdown("Thêm kế hoạch của xã (.docx, .pdf, .txt, .md, .xlsx, .csv). Kế hoạch đã có "
                            "(cùng xã, cùng số hoặc tên kế hoạch) sẽ được thay bằng bản mới; tệp cùng tên "
                            "của xã khác là một kế hoạch khác.")
                add_button = gr.UploadButton("Chọn tệp và thêm vào chỉ mục", file_count="multiple",
                                             file_types=UPLOAD_TYPES, variant="primary", elem_id="add-button",
                                             interactive=allow_changes)
                add_status = gr.Markdown(elem_id="add-status")
                add_report = gr.HTML(elem_id="add-report")
                with gr.Accordion("Gỡ tài liệu khỏi chỉ mục", open=False):
                    docs = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label="Tài liệu")
                    remove_button = gr.Button("Gỡ", variant="stop", size="sm", interactive=allow_changes)

        search_inputs = [question, communes, unit, role, kind, k]
        search_outputs = [ask_status, answer, results, pick, shown, communes, unit, role]
        gr.on([ask_button.click, question.submit], guarded(len(search_outputs))(app.search),
              inputs=search_inputs, outputs=search_outputs, api_name="ask",
              ).then(guarded(1)(app.similar), inputs=pick, outputs=similar, api_name=False)
        pick.input(guarded(1)(app.similar), inputs=pick, outputs=similar, api_name="similar")
        gr.on([compare_button.click, topic.submit], guarded(2)(app.compare), inputs=[topic, threshold],
              outputs=[compare_status, compare_out], api_name="compare")
        click_download = "() => document.querySelector('#download-file').click()"
        for button, fmt in ((csv_button, "csv"), (xlsx_button, "xlsx")):
            button.click(guarded(1)(functools.partial(app.export, fmt=fmt)), inputs=shown, outputs=download,
                         api_name=False).success(None, js=click_download)
        doc_outputs = [add_status, add_report, communes, unit, docs, info]
        if allow_changes:
            add_button.upload(guarded(len(doc_outputs))(app.add), inputs=add_button, outputs=doc_outputs,
                              api_name=False, concurrency_id="index-write", concurrency_limit=1)
            remove_button.click(guarded(len(doc_outputs))(app.remove), inputs=docs, outputs=doc_outputs,
                                api_name=False, concurrency_id="index-write", concurrency_limit=1)
    os.environ.update(settings.GRADIO_QUEUE_ENV)  # read when the queue is made, just below
    demo.queue(default_concurrency_limit=CONCURRENCY)
    demo.kehoach_app = app  # the handlers' state, for tests and embedding
    return demo


def compare_threshold() -> float:
    """The comparison's default cut: the score from which a row not saying the topic in words
    still counts as being about it (the same cut as "xã nào có nhiệm vụ về …")."""
    from kehoach.qa.sets import SET_SCORE

    return float(SET_SCORE)


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
    """Start the server with the offline settings (system fonts, no SSR/Node, no share link);
    `auth`: basic auth with throttled logins (kehoach.app.auth)."""
    from kehoach.app.auth import gradio_auth

    return demo.launch(
        server_name=host, server_port=port, auth=gradio_auth(*auth) if auth else None,
        auth_message="Đăng nhập để dùng công cụ tra cứu kế hoạch." if auth else None,
        share=False, ssr_mode=False, pwa=False, mcp_server=False, show_error=False,
        max_file_size=settings.MAX_FILE_BYTES, prevent_thread_lock=not block, quiet=quiet,
        state_session_capacity=SESSIONS,
        footer_links=[], theme=THEME, css=CSS,
    )


def is_local(host: str) -> bool:
    return host in settings.LOCAL_HOSTS


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, index_dir=None, model=None,
          auth: tuple[str, str] | None = None, insecure: bool = False, run_dir=None) -> None:
    """Open the index (building it when missing, with a progress bar) and serve the app until
    stopped.  Beyond this machine, uploads and removals need `auth`; without it the app is only
    served (read-only) when `insecure` says so.  Everything this run writes (exports, Gradio's
    copies of uploads) lives in one temporary folder, removed when the server stops — also when
    it fails to start.  `run_dir`: that folder, made by the caller (`kehoach serve` makes it and
    points GRADIO_TEMP_DIR into it before Gradio is imported, as Gradio reads it at import too)."""
    from kehoach.index.search import Index

    if not is_local(host) and auth is None and not insecure:
        raise PermissionError(f"serving on {host} shares the app with the network: set KEHOACH_AUTH")
    owned = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="kehoach-serve-") if owned else run_dir)
    previous = signal.signal(signal.SIGTERM, _stop) if _main_thread() else None
    os.environ["GRADIO_TEMP_DIR"] = str(run_dir / "gradio")  # Gradio's uploads and file copies, this run only
    try:
        index = Index.open(index_dir, model, progress=True)
        demo = build_app(index, allow_changes=is_local(host) or auth is not None, workdir=run_dir / "exports")
        try:
            launch(demo, host, port, auth)
        finally:
            demo.close()
    finally:
        if owned:
            shutil.rmtree(run_dir, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt  # unwinds `serve` (its `finally` removes the run's folder)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
