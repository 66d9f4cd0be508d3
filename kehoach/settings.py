"""Every setting kehoach reads from the environment, and the limits on what it reads.

One table (SETTINGS) names each `KEHOACH_*` variable with its default and meaning; the
README's configuration table is checked against it (tests/test_docs.py), and no other module
reads `os.environ` for a `KEHOACH_*` name (tests/test_tables.py).  Values are read at call
time, so a test or a notebook can change a variable without reloading anything.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    env: str
    default: str  # "" when unset means off / none
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("KEHOACH_HOME", "~/.cache/kehoach", "converted models, the OCR cache and the default index"),
    Setting("KEHOACH_INDEX_DIR", "$KEHOACH_HOME/index", "the default index folder (same as `--index-dir`)"),
    Setting("KEHOACH_MODEL", "e5-small-offline",
            "embedding model: a sentence-transformers id or folder (same as `--model`)"),
    Setting("KEHOACH_ONNX", "", "ONNX Runtime for queries: unset = the default model only, 0 = never, 1 = every model"),
    Setting("KEHOACH_AUTH", "", '`user:password` turns on basic auth in the app (required beyond localhost)'),
    Setting("KEHOACH_LLM_URL", "", "an OpenAI-compatible endpoint that words answers (off when unset)"),
    Setting("KEHOACH_LLM_MODEL", "qwen2.5", "the model name sent to that endpoint"),
    Setting("KEHOACH_LLM_KEY", "", "its API key, if it needs one"),
    Setting("KEHOACH_LLM_TIMEOUT", "20", "seconds to wait for it before answering without it"),
    Setting("KEHOACH_TODAY", "", "the date (YYYY-MM-DD) that 'overdue' and 'due soon' are measured from; unset = today"),
    Setting("KEHOACH_DEBUG", "", "1 shows tracebacks instead of one-line errors"),
)
_BY_ENV = {s.env: s for s in SETTINGS}

# Offline, no analytics: the switches of the libraries we use that would otherwise report usage
# (onnxruntime writes a device id and an event queue under ~/.cache/Microsoft on import; Gradio
# and the Hugging Face hub send usage pings).  They must be in the environment before those
# libraries are imported, so `kehoach/__init__.py` applies them first thing; they are forced,
# not defaults, because the users were promised no analytics.
NO_TELEMETRY = {
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "OTEL_SDK_DISABLED": "true",  # FastAPI (under Gradio) carries OpenTelemetry hooks
}


# Defaults for the process, applied with the switches above unless the environment sets them.
# FAISS's OpenMP threads spin after each search by default; on a 2-core server they then fight
# ONNX Runtime's threads (the query embedding) for the CPU, and a 0.1 ms search took 5-14 ms
# under load (benchmarks/RESULTS.md).  PASSIVE threads sleep instead.
PROCESS_DEFAULTS = {
    "OMP_WAIT_POLICY": "PASSIVE",
}


def switch_off_telemetry() -> None:
    os.environ.update(NO_TELEMETRY)
    for name, value in PROCESS_DEFAULTS.items():
        os.environ.setdefault(name, value)


# Gradio's queue keeps a record of each of the last 10,000 events and, after every event,
# summarises them all with pandas for a monitoring page we do not serve: under load that was
# the largest single cost per question, growing with the number of questions served
# (benchmarks/RESULTS.md).  Keep none and never summarise.
GRADIO_QUEUE_ENV = {
    "GRADIO_ANALYTICS_MAX_EVENTS": "1",
    "GRADIO_ANALYTICS_CACHE_FREQUENCY": str(2**62),
}


def get(env: str) -> str:
    """The variable's value, or its default when unset or blank."""
    setting = _BY_ENV[env]  # KeyError for a name that is not a setting: add it to SETTINGS first
    value = os.environ.get(env, "").strip()
    return value or setting.default


def is_set(env: str) -> bool:
    return bool(os.environ.get(env, "").strip())


def home() -> Path:
    return Path(get("KEHOACH_HOME")).expanduser()


def index_dir() -> Path:
    """KEHOACH_INDEX_DIR, else $KEHOACH_HOME/index."""
    return Path(os.environ.get("KEHOACH_INDEX_DIR", "").strip() or home() / "index").expanduser()


def model() -> str:
    return get("KEHOACH_MODEL")


def debug() -> bool:
    return get("KEHOACH_DEBUG").lower() not in ("", "0", "false", "no", "off")


def today() -> _dt.date:
    """KEHOACH_TODAY when set (reproducible answers about overdue tasks), else the real date."""
    raw = get("KEHOACH_TODAY")
    if raw:
        try:
            return _dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"KEHOACH_TODAY must be a date such as 2026-11-30, not {raw!r}") from None
    return _dt.date.today()


# ---- limits on input ------------------------------------------------------------------------
# A document is refused before it can exhaust the machine: .docx/.xlsx are zip archives whose
# members may unpack to gigabytes (a 2 MB file holding 2 GiB pushed the server to 5 GB).
MAX_FILE_BYTES = 100 * 2**20  # a plan file as uploaded
MAX_UNPACKED_BYTES = 200 * 2**20  # all members of an Office archive, uncompressed
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member (text XML compresses ~10-30x)
RATIO_MIN_BYTES = 2**20  # members smaller than this unpacked are not held to the ratio
MAX_PDF_PAGES = 400
MAX_OCR_PAGES = 60  # scanned pages OCR'd per document
OCR_PAGE_SECONDS = 120  # one page's OCR; beyond it the page is given up
CONVERT_SECONDS = 120  # LibreOffice converting a .doc/.rtf/.odt
PARSE_MEMORY_BYTES = 3 * 2**30  # address-space cap of the worker that parses an upload
PARSE_SECONDS = 600  # and its time limit

# ---- the shared app ---------------------------------------------------------------------------
LOGIN_MAX_FAILURES = 5  # failed logins for one user name before it is locked …
LOGIN_WINDOW_SECONDS = 300  # … for this long (counted over this window)
LOGIN_FAILURE_DELAY = 1.0  # seconds before a failed login is answered
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")  # serving elsewhere needs KEHOACH_AUTH (or --insecure)
