"""Offline, no analytics: a search or a question writes nothing outside KEHOACH_HOME, the index
folder and the system temp folder — in particular no telemetry (onnxruntime writes a device id
and an event queue under ~/.cache/Microsoft unless it is switched off before it is imported).

The command runs in a subprocess with HOME, KEHOACH_HOME, TMPDIR and the working folder all
fresh; the converted model is linked into the new KEHOACH_HOME so nothing is converted.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture()
def sandbox(tmp_path, seed_index):
    from kehoach.embed.convert import converted_dir

    home, kehoach_home, tmp, cwd = (tmp_path / n for n in ("home", "kehoach-home", "tmp", "cwd"))
    for d in (home, kehoach_home / "models", tmp, cwd):
        d.mkdir(parents=True)
    model = converted_dir()
    (kehoach_home / "models" / model.name).symlink_to(model)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "KEHOACH_", "ORT_"))}
    env.update(HOME=str(home), KEHOACH_HOME=str(kehoach_home), TMPDIR=str(tmp), HF_HUB_OFFLINE="1")
    env.pop("GRADIO_ANALYTICS_ENABLED", None)  # the Makefile sets it; the program must not need it
    return {"env": env, "cwd": cwd, "home": home, "index": seed_index.directory}


def run(sandbox, *args) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kehoach.cli", *args, "--index-dir", str(sandbox["index"])]
    return subprocess.run(cmd, env=sandbox["env"], cwd=sandbox["cwd"], capture_output=True, text=True, timeout=300)


def test_search_and_ask_write_nothing_outside_home_index_and_temp(sandbox):
    before = files_under(sandbox["index"])
    r = run(sandbox, "search", "số hóa hộ tịch", "-k", "2")
    assert r.returncode == 0, r.stderr
    assert "Nghĩa Thọ" in r.stdout
    r = run(sandbox, "ask", "ai chu tri so hoa ho tich")
    assert r.returncode == 0 and "Văn phòng HĐND&UBND" in r.stdout, r.stderr
    assert files_under(sandbox["home"]) == []  # no ~/.cache/Microsoft, no ~/.config, nothing
    assert files_under(sandbox["cwd"]) == []
    assert files_under(sandbox["index"]) == before


def test_the_telemetry_switch_is_set_before_onnxruntime_is_imported():
    """Whatever imports kehoach first, onnxruntime is imported with its telemetry off."""
    code = ("import os, kehoach.corpus; assert os.environ['ORT_DISABLE_TELEMETRY'] == '1'; "
            "assert os.environ['GRADIO_ANALYTICS_ENABLED'] == 'False'")
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "GRADIO_ANALYTICS_ENABLED")}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
