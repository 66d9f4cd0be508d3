"""The README stays true to the code (in the manner of sqlite-utils' test_docs.py): every command
and option of the CLI is in its command table, every setting in its configuration table, and it
opens with the two commands a fresh machine needs."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kehoach import settings
from kehoach.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, f"README has no '## {title}' section"
    return m.group(1)


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out += commands(cmd, path + " ")
        else:
            out.append((path, cmd))
    return out


CLI = commands(cli)
TABLE = section("Command line")


def test_readme_opens_with_the_two_commands():
    first = README.split("\n\n", 1)[0]
    assert "make run" in first and "make test" in first


@pytest.mark.parametrize("path,cmd", CLI, ids=[p for p, _ in CLI])
def test_every_command_and_option_is_documented(path, cmd):
    rows = [line for line in TABLE.splitlines() if line.startswith("|")]
    *parents, name = path.split()
    row = next((r for r in rows if re.search(rf"`kehoach {re.escape(path)}\b", r) or
                (parents and f"`kehoach {parents[0]} " in r and re.search(rf"\b{re.escape(name)}\b", r))), None)
    assert row, f"`kehoach {path}` is not in the README's command table"
    for param in cmd.params:
        if not isinstance(param, click.Option) or param.name in ("help",):
            continue
        longest = max(param.opts, key=len)
        assert longest in TABLE, f"`kehoach {path}` option {longest} is not in the README's command table"


def test_every_documented_command_exists():
    documented = set(re.findall(r"`kehoach ([a-z_]+(?: [a-z_]+)?)", TABLE))
    real = {p for p, _ in CLI} | {p.split()[0] for p, _ in CLI}
    assert {d if d in real else d.split()[0] for d in documented} <= real, documented - real


def test_every_setting_is_documented():
    table = section("Configuration")
    for s in settings.SETTINGS:
        assert f"`{s.env}`" in table, f"{s.env} is not in the README's configuration table"
