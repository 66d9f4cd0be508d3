"""The web app's entry file: `python ui.py` serves it on http://127.0.0.1:7860.

The app itself lives in the package (kehoach/app/); this file only starts it, so nothing is
installed under the generic top-level name `ui`.  `kehoach serve` does the same with options.
"""
from kehoach.app import serve

if __name__ == "__main__":
    serve()
