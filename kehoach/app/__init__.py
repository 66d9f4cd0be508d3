"""The web app (Gradio): ask in Vietnamese, filter, compare communes, add plans, download.

    from kehoach.app import build_app, serve
    serve()                      # http://127.0.0.1:7860

Three modules, in the order data flows through them: `render` (pure HTML), `handlers` (the
shared index and the event handlers), `page` (the Blocks layout and serving).
"""
from __future__ import annotations

from kehoach.app.page import CSS, THEME, build_app, launch, parse_auth, serve

__all__ = ["build_app", "serve", "launch", "parse_auth", "THEME", "CSS"]
