"""The held-out evaluation set stays above its floors.

tests/data/heldout_queries.jsonl (and heldout_pairs.jsonl) were written from the seed plans
alone, the way an outside judge would: paraphrases in everyday words, questions without
diacritics, counts and lists by unit/commune/year, commune-constrained questions and
questions the plans cannot answer.  Gold substrings and answers were checked against the
parsed rows.  The floors sit a little under what the system reaches (recall@5 0.98, MRR@10
0.98, answer accuracy 0.98, similar recall@5 0.86: four of its twenty gold rows are plan-body
paragraphs, which `similar` ranks after appendix rows — index.fusion.SIMILAR_DENSE_SPAN), so a
change that breaks a class of questions fails here while a single judgement call does not.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from kehoach.qa.evaluate import evaluate, load_jsonl

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
FLOORS = {"recall5": 0.93, "mrr10": 0.93, "answer_accuracy": 0.93, "similar_recall5": 0.82}


def test_heldout_set_is_well_formed():
    queries = load_jsonl(DATA / "heldout_queries.jsonl", required=("id", "kind", "q", "gold"))
    asks = [q for q in queries if q["kind"] == "ask"]
    assert len(queries) >= 60 and len({q["id"] for q in queries}) == len(queries)
    assert sum(1 for q in asks if q["answer"] == []) >= 8, "questions the plans cannot answer"
    assert {"lead", "partners", "deadline", "output", "count", "list"} <= {q.get("field") for q in asks}
    assert sum(1 for q in queries if q["q"].isascii()) >= 15, "questions typed without diacritics"


def test_heldout_metrics_stay_above_their_floors(seed_index):
    report = evaluate(load_jsonl(DATA / "heldout_queries.jsonl"), seed_index,
                      load_jsonl(DATA / "heldout_pairs.jsonl", required=("id", "src", "gold")))
    got = {"recall5": report.recall5, "mrr10": report.mrr10, "answer_accuracy": report.answer_accuracy,
           "similar_recall5": report.similar_recall5}
    low = {k: round(v, 3) for k, v in got.items() if v is None or v < FLOORS[k]}
    assert not low, f"below the floors {FLOORS}: {low}\n{report.misses_table()}"
