"""Optional generated answers: an OpenAI-compatible endpoint rewrites the answer sentence.

Off by default.  Configure with environment variables:
    KEHOACH_LLM_URL      base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 (Ollama)
    KEHOACH_LLM_MODEL    model name at that endpoint (default: qwen2.5)
    KEHOACH_LLM_KEY      bearer token, when the endpoint wants one
    KEHOACH_LLM_TIMEOUT  seconds (default: 30)

The model sees only the question, the extractive answer and the cited rows, and is told to
keep the citations; citations it drops are put back.  Any failure (unreachable endpoint, bad
reply) keeps the extractive sentence and prints a warning on stderr.  Uses urllib only.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from kehoach.corpus.normalize import fold

from kehoach import settings

log = logging.getLogger(__name__)

SYSTEM = ("Bạn trả lời câu hỏi về kế hoạch cấp xã (Nghị quyết 57-NQ/TW) CHỈ dựa trên các dòng được cung cấp. "
          "Viết một câu tiếng Việt ngắn gọn. Giữ nguyên tên đơn vị, thời hạn và các trích dẫn trong ngoặc "
          "đơn như đã cho. Không thêm thông tin ngoài các dòng đó.")
ROW_FIELDS = (("commune", "Xã"), ("stt", "STT"), ("task", "Nhiệm vụ"), ("lead", "Chủ trì"),
              ("partners", "Phối hợp"), ("output", "Sản phẩm"), ("deadline", "Thời hạn"), ("doc", "Tài liệu"))
MAX_ROWS = 8


@dataclass
class Config:
    url: str
    model: str
    key: str | None
    timeout: float

    @classmethod
    def from_env(cls) -> "Config | None":
        url = settings.get("KEHOACH_LLM_URL")
        if not url:
            return None
        return cls(url=url.rstrip("/"), model=settings.get("KEHOACH_LLM_MODEL"),
                   key=settings.get("KEHOACH_LLM_KEY") or None, timeout=_timeout())


def _timeout(default: float = 30.0) -> float:
    """KEHOACH_LLM_TIMEOUT in seconds; a value that is not a positive number warns and keeps the default."""
    if not settings.is_set("KEHOACH_LLM_TIMEOUT"):
        return default
    raw = settings.get("KEHOACH_LLM_TIMEOUT")
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        log.warning("KEHOACH_LLM_TIMEOUT=%r is not a number of seconds; using %g", raw, default)
        return default
    return value


def wanted(flag: bool | None) -> bool:
    """Generate when asked explicitly, or (flag None) when an endpoint is configured."""
    return bool(Config.from_env()) if flag is None else bool(flag)


def prompt(answer) -> str:
    lines = [f"Câu hỏi: {answer.question}", f"Câu trả lời trích xuất: {answer.answer}", "Các dòng:"]
    for h in answer.hits[:MAX_ROWS]:
        lines.append("- " + "; ".join(f"{label}: {getattr(h.row, key)}" for key, label in ROW_FIELDS
                                      if getattr(h.row, key)))
    lines.append("Viết lại câu trả lời thành một câu tự nhiên, giữ các trích dẫn trong ngoặc.")
    return "\n".join(lines)


def chat(config: Config, system: str, user: str) -> str:
    """One chat completion; raises on any transport or format problem."""
    body = json.dumps({"model": config.model, "temperature": 0, "stream": False,
                       "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]})
    req = urllib.request.Request(f"{config.url}/chat/completions", data=body.encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/json"})
    if config.key:
        req.add_header("Authorization", f"Bearer {config.key}")
    with urllib.request.urlopen(req, timeout=config.timeout) as resp:
        data = json.loads(resp.read().decode("utf-8"))
    text = data["choices"][0]["message"]["content"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty reply")
    return " ".join(text.split())


def reword(answer, generate: bool | None = None):
    """`answer` with its sentence worded by the endpoint when `generate` asks for it (see
    `wanted`) and there is something to word; the extractive sentence otherwise."""
    if answer.values and wanted(generate):
        answer.answer = compose(answer, fallback=answer.answer)
    return answer


def compose(answer, fallback: str, config: Config | None = None) -> str:
    """The generated sentence (citations kept), or `fallback` with a warning when anything fails."""
    config = config or Config.from_env()
    if config is None:
        return fallback
    try:
        text = chat(config, SYSTEM, prompt(answer))
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError) as e:
        log.warning("LLM endpoint %s failed (%s: %s); using the extractive answer", config.url, type(e).__name__, e)
        return fallback
    return _keep_citations(text, fallback)


def _keep_citations(text: str, extractive: str) -> str:
    """Put back the parenthesised citations of the extractive answer that the model dropped."""
    missing = [c for c in re.findall(r"\([^()]*\)", extractive) if fold(c) not in fold(text)]
    return text if not missing else f"{text.rstrip()} {' '.join(missing)}"
