"""qa: questions in Vietnamese -> answers with citations, over a kehoach.index.search.Index.

    from kehoach.qa import ask, parse
    parse("ai chu tri so hoa ho tich").field        # "lead" (qa.intent: data tables in qa/data/)
    ask("Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?").values   # ["5"] (qa.answer)

The flow: qa.intent reads the question once into a typed qa.question.Question (qa.text,
qa.constraints, qa.places, qa.plans, qa.when); qa.sets answers questions about the table (count, list, rank, communes);
qa.fields answers field questions and task numbers; qa.confidence grades them; qa.render
words them.  qa.evaluate computes shared/eval/score.py's metrics in-process; qa.generate
optionally lets an OpenAI-compatible endpoint word the answer (off by default).
"""
from __future__ import annotations

from kehoach.qa.answer import Answer, ask
from kehoach.qa.intent import Question, parse

__all__ = ["ask", "Answer", "parse", "Question"]
