"""Questions on plans of new layouts, end to end: file -> rows -> index -> answer.

An index over the Government's task list (ministry_plan.md) and the task-code schedule
(task_codes.md).  A few of the questions colleagues wrote for the Government's plan
(tests/data/layouts/ministry_questions.jsonl: who leads, when it is due, with and without
diacritics, one with no answer), and a code the schedule numbers its tasks by.  The
answer quality over the whole question set is measured elsewhere; these check that the
new layouts are answerable at all, and cited as the Government's plan.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from kehoach.corpus.normalize import fold

DATA = Path(__file__).parent / "data" / "layouts"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from kehoach.index.search import Index

    return Index.build([DATA / "ministry_plan.md", DATA / "task_codes.md"], tmp_path_factory.mktemp("world-index"),
                       progress=False)


def question(qid: str) -> dict:
    return next(q for line in (DATA / "ministry_questions.jsonl").read_text(encoding="utf-8").splitlines()
                if (q := json.loads(line))["id"] == qid)


def ask(index, text):
    from kehoach.qa.answer import ask

    return ask(text, index=index)


@pytest.mark.parametrize("qid", ["m-01", "m-07", "m-03", "m-06", "m-13"])
def test_who_leads_and_when_it_is_due(index, qid):
    q = question(qid)
    answer = ask(index, q["q"])
    assert answer.field == q["field"]
    got = fold(" ".join(answer.values))
    assert all(fold(want) in got for want in q["answer"]), (answer.answer, q["answer"])
    gold = fold(q["gold"][0][1])
    assert gold in fold(answer.hits[0].row.task)
    assert answer.answer.rstrip(".").endswith(f"; ministry_plan.md, mục {answer.hits[0].row.section.split('.')[0]})")
    assert "Chính phủ, nhiệm vụ" in answer.answer  # whose plan it is, in the citation


def test_a_question_the_plans_do_not_answer(index):
    q = question("m-21")  # Long Thành airport
    answer = ask(index, q["q"])
    assert answer.values == [] and "không có nhiệm vụ nào khớp" in answer.answer


@pytest.mark.parametrize("text", ["NV45 là gì", "nv45 la gi", "Nhiệm vụ NV45 là gì?"])
def test_a_task_code_finds_its_row(index, text):
    answer = ask(index, text)
    assert answer.hits[0].row.code == "NV45" and answer.hits[0].row.doc == "task_codes.md"
    assert answer.values == ["Thành lập Quỹ Đầu tư công nghiệp chiến lược"]


def test_when_a_coded_task_is_due(index):
    answer = ask(index, "NV45 hạn khi nào")
    assert answer.field == "deadline" and answer.values == ["2025-12-31"]
    assert "nhiệm vụ NV45" in answer.answer
