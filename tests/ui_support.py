"""Helpers for the app tests: a free port, the app started in this process, headless Chromium."""
from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (`make browser`); Playwright's own browsers cannot be downloaded
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARTIFACTS = Path(__file__).parent / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(index):
    """Build the app over `index` and serve it on a free localhost port without blocking.
    Returns (demo, url); call demo.close() to stop it."""
    from kehoach import app as ui

    demo = ui.build_app(index)
    port = free_port()
    ui.launch(demo, "127.0.0.1", port, block=False, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


def off_machine(urls: list[str]) -> list[str]:
    """The URLs that would leave this machine (data:/blob: URLs never do)."""
    out = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            continue
        if (parsed.hostname or "") not in LOCAL_HOSTS:
            out.append(url)
    return out
