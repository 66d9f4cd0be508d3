"""The shared app: what an attacker on the network can and cannot do, over raw HTTP.

With KEHOACH_AUTH set, no endpoint answers without a login — not the page's config, not the
API, not the hidden upload/remove handlers called by their fn_index, not Gradio's upload route;
logins are throttled.  Beyond localhost the app refuses to start without a password unless told
--insecure, and then it has no upload or remove at all.  A server's temporary folder is gone
after it stops, also when it could not start.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from ui_support import free_port

from kehoach import settings
from kehoach.app.auth import LoginThrottle
from kehoach.cli import cli

USER, PASSWORD = "can_bo", "mat-khau-57"
slow = pytest.mark.slow


# ---- login throttling --------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_login_attempts_are_throttled_per_name_and_in_all():
    clock = Clock()
    throttle = LoginThrottle(USER, PASSWORD, clock)
    assert throttle.check(USER, PASSWORD)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert not throttle.check(USER, "doan-mo")
    assert not throttle.check(USER, PASSWORD)  # locked: even the right password is refused
    assert throttle.check("someone-else", "x") is False and not throttle.locked("another")
    clock.now += settings.LOGIN_WINDOW_SECONDS + 1
    assert throttle.check(USER, PASSWORD)  # the window has passed
    for i in range(settings.LOGIN_MAX_FAILURES * 10):  # guessing across many names
        throttle.check(f"name-{i}", "x")
    assert throttle.locked(USER) and not throttle.check(USER, PASSWORD)


# ---- raw HTTP against an app with auth -----------------------------------------------------------
@pytest.fixture(scope="module")
def guarded_app(seed_index, tmp_path_factory):
    import shutil

    from kehoach.index.search import Index

    from kehoach import app as ui

    copy = tmp_path_factory.mktemp("secured") / "index"
    shutil.copytree(seed_index.directory, copy)
    index = Index.load(copy)
    demo = ui.build_app(index)
    port = free_port()
    ui.launch(demo, "127.0.0.1", port, auth=(USER, PASSWORD), block=False, quiet=True)
    yield demo, f"http://127.0.0.1:{port}", copy
    demo.close()


REFUSED = {401, 403}


@slow
def test_nothing_answers_without_a_login(guarded_app, tmp_path, monkeypatch):
    import httpx

    demo, url, index_dir = guarded_app
    monkeypatch.setattr(settings, "LOGIN_FAILURE_DELAY", 0.0)
    manifest = (index_dir / "manifest.json").read_bytes()
    deps = demo.config["dependencies"]
    names = {d.get("api_name") for d in deps}
    assert "ask" in names and len(deps) >= 8  # the hidden ones (upload, remove, downloads) included
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("KẾ HOẠCH\nxã Hòa Bình\n\nStt\tNội dung nhiệm vụ\tĐơn vị chủ trì\n1.\tSố hóa\tCông an xã\n",
                    encoding="utf-8")
    with httpx.Client(timeout=30) as c:
        for method, path in (("GET", "/config"), ("GET", "/gradio_api/info"), ("GET", "/gradio_api/openapi.json"),
                             ("GET", f"/gradio_api/file={index_dir / 'manifest.json'}")):
            assert c.request(method, url + path).status_code in REFUSED, path
        for path in ("/gradio_api/run/ask", "/gradio_api/call/ask", "/gradio_api/api/ask", "/gradio_api/run/predict"):
            r = c.post(url + path, json={"data": ["ai chủ trì số hóa hộ tịch", [], "", "any", "all", 5]})
            assert r.status_code in REFUSED, path
        for i, dep in enumerate(deps):  # every event by its index, as the page would send it
            body = {"data": [None] * len(dep["inputs"]), "fn_index": dep.get("id", i), "session_hash": "attacker",
                    "trigger_id": dep["targets"][0][0] if dep["targets"] else None, "event_data": None}
            assert c.post(url + "/gradio_api/queue/join", json=body).status_code in REFUSED, dep.get("api_name")
        r = c.post(url + "/gradio_api/upload", files={"files": ("ke-hoach.txt", plan.read_bytes(), "text/plain")})
        assert r.status_code in REFUSED
        assert c.get(url + "/gradio_api/queue/data", params={"session_hash": "attacker"}).status_code in REFUSED
        assert c.post(url + "/login", data={"username": USER, "password": "sai"}).status_code == 400
    assert (index_dir / "manifest.json").read_bytes() == manifest  # nothing changed


@slow
def test_with_a_login_questions_are_answered(guarded_app):
    import httpx

    _, url, _ = guarded_app
    with httpx.Client(timeout=120) as c:
        assert c.post(url + "/login", data={"username": USER, "password": PASSWORD}).status_code == 200
        assert c.get(url + "/config").status_code == 200
        r = c.post(url + "/gradio_api/call/ask", json={"data": ["ai chủ trì số hóa hộ tịch", [], "", "any", "all", 3]})
        assert r.status_code == 200
        with c.stream("GET", f"{url}/gradio_api/call/ask/{r.json()['event_id']}") as stream:
            text = "".join(stream.iter_text())
        assert "event: complete" in text and "nghia-tho-ke-hoach-942d#14" in text


# ---- beyond localhost ------------------------------------------------------------------------------
def test_serving_beyond_localhost_needs_a_password_or_insecure(monkeypatch):
    monkeypatch.delenv("KEHOACH_AUTH", raising=False)
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "7999", "--index-dir", "/nonexistent"])
    assert r.exit_code == 2 and "set KEHOACH_AUTH=user:password" in r.output and "--insecure" in r.output


@slow
def test_the_insecure_app_has_no_upload_or_remove(seed_index):
    from kehoach import app as ui

    def functions(demo) -> set[str]:
        return {getattr(fn.fn, "__name__", "") for fn in demo.fns.values()}

    full, read_only = ui.build_app(seed_index), ui.build_app(seed_index, allow_changes=False)
    assert {"add", "remove"} <= functions(full)
    assert not {"add", "remove"} & functions(read_only) and "search" in functions(read_only)
    for demo in (full, read_only):
        demo.kehoach_app.close()


# ---- the run's temporary folder ---------------------------------------------------------------------
def serve_process(tmp_path: Path, index_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    env.pop("KEHOACH_AUTH", None)
    return subprocess.Popen([sys.executable, "-m", "kehoach.cli", "serve", "--port", str(port),
                             "--index-dir", str(index_dir)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@slow
def test_a_server_leaves_no_temporary_folder_after_stopping_or_failing_to_start(seed_index, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with socket.socket() as busy:  # a port in use: the start fails
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = serve_process(tmp, seed_index.directory, busy.getsockname()[1])
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "cannot serve" in err, err
    assert not [p.name for p in tmp.iterdir() if p.name.startswith(("kehoach", "gradio"))]

    port = free_port()
    proc = serve_process(tmp, seed_index.directory, port)
    deadline = time.time() + 300
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.5)
    assert [p.name for p in tmp.iterdir() if p.name.startswith("kehoach-serve-")]  # the run's folder exists
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert not [p.name for p in tmp.iterdir() if p.name.startswith(("kehoach", "gradio"))]
