"""`kehoach ask` and `kehoach eval` through click, on the session's seed index."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from kehoach.corpus.rows import EXPORT_KEYS

from kehoach.cli import cli

KEYS = ["question", "field", "answer", "values", "confidence", "query", "hits"]
QUESTIONS = Path(__file__).parent / "data" / "qa_questions.jsonl"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_empty_question_is_a_usage_error():
    for args in (["ask"], ["ask", "   "]):
        r = run(*args)
        assert r.exit_code == 2
        assert "empty question" in r.output


def test_eval_names_the_bad_line_of_a_query_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "kind": "ask", "q": "ai chủ trì", "gold": []}\n5\n', encoding="utf-8")
    r = run("eval", str(bad))
    assert r.exit_code == 2 and "bad.jsonl:2: not a JSON object" in r.output


@pytest.mark.slow
def test_stdin_json_lines_contract(seed_index):
    lines = ["Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?", "", "ai chu tri so hoa ho tich",
             "giá vé máy bay đi Đà Nẵng"]
    r = run("ask", "--json", "--index-dir", str(seed_index.directory), "-", input="\n".join(lines) + "\n")
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert len(out) == len(lines)
    count, bad, lead, none = out
    assert list(count) == KEYS and count["field"] == "count" and count["values"] == ["5"]
    assert bad == {"question": "", "error": bad["error"], "field": None, "answer": "", "values": [], "hits": []}
    assert "empty question" in bad["error"]
    assert lead["field"] == "lead" and lead["values"][0] == "Văn phòng HĐND&UBND"
    assert none["values"] == [] and none["hits"]
    for h in lead["hits"] + count["hits"]:
        assert set(h) == set(EXPORT_KEYS) | {"rank", "score", "dense"}


@pytest.mark.slow
def test_single_question_human_and_json(seed_index):
    r = run("ask", "--index-dir", str(seed_index.directory), "ai", "chủ", "trì", "số", "hóa", "hộ", "tịch")
    assert r.exit_code == 0, r.output
    first, *rest = r.stdout.splitlines()
    assert first.startswith("Văn phòng HĐND&UBND chủ trì (xã Nghĩa Thọ, nhiệm vụ 14")
    assert rest[0].strip() == "(Hỏi: đơn vị chủ trì · chủ đề: số hóa hộ tịch)"  # how it was read
    assert rest[1].lstrip().startswith("1.")
    j = run("ask", "--json", "-k", "2", "--index-dir", str(seed_index.directory), "khi nào phải xong giáo dục STEM ở Nghĩa Thọ")
    d = json.loads(j.stdout)
    assert list(d) == KEYS and d["field"] == "deadline" and d["values"][0] == "2025" and len(d["hits"]) <= 2


@pytest.mark.slow
def test_eval_prints_the_metrics_and_misses(seed_index, tmp_path):
    r = run("eval", str(QUESTIONS), "--index-dir", str(seed_index.directory))
    assert r.exit_code == 0, r.output
    assert "answer_accuracy@1: 1.000" in r.stdout and "recall@5:" in r.stdout and "mrr@10:" in r.stdout
    assert "no misses" in r.stdout
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"id": "w1", "kind": "ask", "q": "ai chủ trì số hóa hộ tịch",
                                 "gold": [["Nghĩa Thọ", "hộ tịch"]], "field": "lead", "answer": ["công an"]},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("eval", str(wrong), "--index-dir", str(seed_index.directory))
    assert "answer_accuracy@1: 0.000 (0/1)" in r.stdout and "w1" in r.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = run("eval", str(bad), "--index-dir", str(seed_index.directory))
    assert r.exit_code == 2 and "bad.jsonl:1" in r.output
