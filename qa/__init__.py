"""qa: questions in Vietnamese -> answers with citations, over an `index.search.Index`.

    from kehoach.qa import ask, parse
    parse("ai chu tri so hoa ho tich").field        # "lead" (qa.intent: data tables in qa/data/)
    ask("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?").values   # ["5"] (qa.answer)

qa.evaluate computes shared/eval/score.py's metrics in-process; qa.generate optionally lets an
OpenAI-compatible endpoint word the answer (off by default).
"""
from __future__ import annotations

from kehoach.qa.answer import Answer, ask
from kehoach.qa.intent import Intent, parse

__all__ = ["ask", "Answer", "parse", "Intent"]
